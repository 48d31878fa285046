using Palisade.Vulnerabilities.Matching;

namespace Palisade.Vulnerabilities.Tests.Matching;

public sealed class AliasGroupTests
{
    private sealed record Adv(string Id, string[] Aliases);

    [Fact]
    public void Advisories_naming_each_other_transitively_are_one_finding_reported_by_CVE()
    {
        var groups = AliasGroups.Merge(
            [new Adv("PYSEC-2023-74", ["CVE-2023-32681", "GHSA-j8r2-6x86-q33q"]), new Adv("GHSA-j8r2-6x86-q33q", []), new Adv("OTHER-1", ["PYSEC-2023-74"]), new Adv("GO-2024-1", [])],
            a => a.Id, a => a.Aliases);
        Assert.Equal(2, groups.Count);
        var merged = groups.Single(g => g.Members.Count == 3);
        Assert.Equal("CVE-2023-32681", merged.Primary);
        Assert.Equal(["GHSA-j8r2-6x86-q33q", "OTHER-1", "PYSEC-2023-74"], merged.Aliases);
        Assert.Equal("GO-2024-1", groups.Single(g => g.Members.Count == 1).Primary);
    }

    [Fact]
    public void Without_a_CVE_a_GHSA_is_reported()
    {
        var g = Assert.Single(AliasGroups.Merge([new Adv("PYSEC-1", ["GHSA-aaaa-bbbb-cccc"])], a => a.Id, a => a.Aliases));
        Assert.Equal("GHSA-aaaa-bbbb-cccc", g.Primary);
        Assert.Equal(["PYSEC-1"], g.Aliases);
    }

    [Fact]
    public void Long_alias_chains_do_not_recurse()
    {
        var chain = Enumerable.Range(0, 100_000).Select(i => new Adv("X-" + i, ["X-" + (i + 1)])).ToList();
        var g = Assert.Single(AliasGroups.Merge(chain, a => a.Id, a => a.Aliases));
        Assert.Equal(100_000, g.Members.Count);
    }
}
