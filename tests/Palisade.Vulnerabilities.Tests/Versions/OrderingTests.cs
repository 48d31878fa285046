using Palisade.Vulnerabilities.Versions;

namespace Palisade.Vulnerabilities.Tests.Versions;

/// <summary>Each scheme orders a strictly ascending list consistently for every pair (antisymmetric, transitive).</summary>
public sealed class OrderingTests
{
    public static TheoryData<string, string[]> Ascending => new()
    {
        { "deb", ["0~", "0", "1.0~alpha", "1.0~beta1", "1.0", "1.0-1", "1.0-1ubuntu1", "1.0a", "1.0+dfsg-1", "1.0.1", "1.1", "1:0.1", "2:0.1~rc1"] },
        { "apk", ["1.0_alpha", "1.0_alpha1", "1.0_beta", "1.0_pre1", "1.0_rc1", "1.0", "1.0-r1", "1.0_p1", "1.0a", "1.0.1", "1.1", "1.1_git20240101", "2"] },
        { "rpm", ["1.0~rc1", "1.0", "1.0-1", "1.0-1.el8", "1.0-2", "1.0^git1", "1.0a", "1.0.1", "1.1", "1:0.5"] },
        { "semver", ["0.0.1", "1.0.0-0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.10.0", "10.0.0"] },
        { "pep440", ["1.0.dev1", "1.0a1", "1.0a2.dev1", "1.0a2", "1.0b1", "1.0rc1", "1.0", "1.0+local", "1.0.post1.dev1", "1.0.post1", "1.0.1", "1.1", "1!0.1"] },
        { "maven", ["1-alpha-1", "1-beta-1", "1-milestone-1", "1-rc-1", "1-SNAPSHOT", "1", "1-sp1", "1-foo", "1-1", "1.0.1", "1.1", "2"] },
        { "nuget", ["1.0.0-alpha", "1.0.0-alpha.2", "1.0.0-beta", "1.0.0", "1.0.0.1", "1.0.1", "1.1", "2.0.0-rc.1", "2.0.0"] },
        { "go", ["v0.0.0-20191109021931-daa7c04131f5", "v0.0.1", "v1.2.3-pre", "v1.2.3-pre.0.20191109021931-daa7c04131f5", "v1.2.3-pre.1", "v1.2.3", "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4-alpha", "v1.2.4", "v2.0.0+incompatible", "v2.0.1"] },
        { "crates", ["0.1.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta", "1.0.0", "1.0.1", "1.2.0", "18446744073709551615.0.0"] },
    };

    [Theory]
    [MemberData(nameof(Ascending))]
    public void Every_pair_compares_by_position(string scheme, string[] versions)
    {
        var s = VersionSchemes.ForName(scheme)!;
        for (var i = 0; i < versions.Length; i++)
        {
            Assert.True(s.IsValid(versions[i]), $"{scheme}: {versions[i]} should be valid");
            for (var j = 0; j < versions.Length; j++)
            {
                var expected = i.CompareTo(j);
                Assert.True(Math.Sign(s.Compare(versions[i], versions[j])) == expected,
                    $"{scheme}: compare({versions[i]}, {versions[j]}) should be {expected}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Ascending))]
    public void Sorting_a_shuffled_list_restores_it(string scheme, string[] versions)
    {
        var s = VersionSchemes.ForName(scheme)!;
        var shuffled = versions.Reverse().Concat(versions.Where((_, i) => i % 2 == 0)).Reverse().Distinct().ToList();
        var sorted = shuffled.Order(Comparer<string>.Create(s.Compare)).ToList();
        Assert.Equal(versions, sorted);
    }
}
