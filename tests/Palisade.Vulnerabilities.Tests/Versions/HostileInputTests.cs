using Palisade.Vulnerabilities.Versions;

namespace Palisade.Vulnerabilities.Tests.Versions;

/// <summary>
/// Hostile input: huge numbers are compared as digit strings (no overflow), long inputs are either handled in linear
/// time or refused with a FormatException, and pathological ranges stay bounded.
/// </summary>
public sealed class HostileInputTests
{
    private static readonly string Digits10K = "1" + new string('0', 9_999);
    private static readonly string Digits10KPlusOne = "1" + new string('0', 9_998) + "1";

    [Theory]
    [InlineData("deb")]
    [InlineData("apk")]
    [InlineData("rpm")]
    public void Distribution_schemes_compare_10000_digit_numbers_exactly(string scheme)
    {
        var s = VersionSchemes.ForName(scheme)!;
        Assert.Equal(-1, Math.Sign(s.Compare("1." + Digits10K, "1." + Digits10KPlusOne)));
        Assert.Equal(1, Math.Sign(s.Compare(Digits10K, "99999999999999999999")));
        Assert.Equal(0, s.Compare(Digits10K + ".1", Digits10K + ".1"));
        Assert.True(s.IsValid(Digits10K + ".1"));
    }

    [Fact]
    public void Leading_zeros_of_huge_numbers_do_not_matter_to_dpkg_and_rpm()
    {
        Assert.Equal(0, DebianVersionScheme.Instance.Compare("1." + new string('0', 5000) + "7", "1.7"));
        Assert.Equal(0, RpmVersionScheme.Instance.Compare("1." + new string('0', 5000) + "7", "1.7"));
    }

    [Fact]
    public void Maven_refuses_versions_over_256_characters_and_handles_deep_nesting()
    {
        Assert.Throws<FormatException>(() => MavenVersionScheme.Instance.Compare(Digits10K, "1"));
        Assert.False(MavenVersionScheme.Instance.IsValid(new string('1', 257)));
        // 128 nested sub-lists ("1-1-1-...") stay within the length limit and compare without deep recursion trouble.
        var nested = string.Join('-', Enumerable.Repeat("1", 128));
        Assert.Equal(1, Math.Sign(MavenVersionScheme.Instance.Compare(nested, nested[..^2])));
        Assert.Equal(-1, Math.Sign(MavenVersionScheme.Instance.Compare("1." + new string('9', 200), "2")));
        Assert.Equal(1, Math.Sign(MavenVersionScheme.Instance.Compare(new string('9', 200), new string('9', 199))));
    }

    [Fact]
    public void Npm_refuses_oversized_versions_and_numbers()
    {
        Assert.False(NpmSemverScheme.Instance.IsValid(Digits10K + ".0.0"));
        Assert.False(NpmSemverScheme.Instance.IsValid("1.0.0-" + new string('a', 300)));
        Assert.Throws<FormatException>(() => NpmSemverScheme.Instance.Compare("1.0.0", Digits10K + ".0.0"));
        // Numeric pre-release identifiers of any length are ordered by value.
        Assert.Equal(-1, Math.Sign(NpmSemverScheme.Instance.Compare("1.0.0-" + new string('9', 100), "1.0.0-1" + new string('0', 100))));
    }

    [Fact]
    public void Pep440_refuses_numbers_over_4300_digits_like_packaging()
    {
        Assert.False(Pep440Scheme.Instance.IsValid(Digits10K));
        Assert.False(Pep440Scheme.Instance.IsValid("1.0a" + Digits10K));
        Assert.True(Pep440Scheme.Instance.IsValid("1." + new string('9', 4300)));
        Assert.Equal(1, Math.Sign(Pep440Scheme.Instance.Compare("1." + new string('9', 4300), "1." + new string('9', 4299))));
    }

    [Fact]
    public void Go_and_cargo_bound_their_numbers()
    {
        Assert.False(GoVersionScheme.Instance.IsValid("v" + Digits10K + ".0.0"));
        Assert.Equal(-1, Math.Sign(GoVersionScheme.Instance.Compare("v" + Digits10K + ".0.0", "v1.0.0"))); // invalid sorts first
        Assert.True(GoVersionScheme.Instance.IsValid("v" + new string('9', 500) + ".0.0"));
        Assert.Equal(1, Math.Sign(GoVersionScheme.Instance.Compare("v" + new string('9', 500) + ".0.0", "v" + new string('9', 499) + ".0.0")));
        Assert.False(CratesVersionScheme.Instance.IsValid(Digits10K + ".0.0"));
        Assert.False(NuGetVersionScheme.Instance.IsValid(Digits10K + ".0.0"));
    }

    [Theory]
    [InlineData("deb")]
    [InlineData("apk")]
    [InlineData("rpm")]
    public void Long_versions_compare_in_one_pass(string scheme)
    {
        var s = VersionSchemes.ForName(scheme)!;
        var a = "1." + string.Join('.', Enumerable.Repeat("123", 30_000));
        var b = a + ".1";
        Assert.Equal(-1, Math.Sign(s.Compare(a, b)));
        Assert.Equal(0, s.Compare(a, a));
    }

    [Fact]
    public void Go_versions_over_the_length_limit_are_invalid()
    {
        var longVersion = "v1.0.0-" + string.Join('.', Enumerable.Repeat("a", GoVersion.MaxLength));
        Assert.False(GoVersionScheme.Instance.IsValid(longVersion));
        Assert.Equal(-1, Math.Sign(GoVersionScheme.Instance.Compare(longVersion, "v0.0.1")));
        Assert.Throws<FormatException>(() => GoVersionScheme.Instance.Satisfies(longVersion, ">= 0.0.1"));
    }

    [Fact]
    public void Npm_handles_long_or_chains_and_refuses_giant_ranges()
    {
        var chain = string.Join(" || ", Enumerable.Range(0, 5_000).Select(i => $"1.{i}.x"));
        Assert.True(NpmSemverScheme.Instance.Satisfies("1.4999.3", chain));
        Assert.False(NpmSemverScheme.Instance.Satisfies("2.0.0", chain));
        var empties = string.Concat(Enumerable.Repeat("||", 20_000));
        Assert.True(NpmSemverScheme.Instance.Satisfies("2.0.0", empties)); // "||" alone means any version, as node-semver says
        Assert.Throws<FormatException>(() => NpmSemverScheme.Instance.Satisfies("1.0.0", new string(' ', 70_000) + "1.0.0"));
        var whitespace = ">=" + new string(' ', 30_000) + "1.0.0";
        Assert.True(NpmSemverScheme.Instance.Satisfies("1.0.0", whitespace));
    }

    [Fact]
    public void Npm_intersects_refuses_quadratic_blowups()
    {
        var big = NpmRange.Parse(string.Join(" || ", Enumerable.Range(0, 2_000).Select(i => $"1.{i}.x")));
        Assert.Throws<FormatException>(() => big.Intersects(big));
        Assert.True(NpmRange.Parse("1.5.x || 1.6.x").Intersects(big));
    }

    [Fact]
    public void Npm_rejects_regex_bait_quickly()
    {
        var bait = string.Concat(Enumerable.Repeat("1.", 10_000)) + "!";
        Assert.Throws<FormatException>(() => NpmSemverScheme.Instance.Satisfies("1.0.0", bait));
        var dashes = "1.2.3-" + string.Concat(Enumerable.Repeat("a-", 20_000)) + " - 2";
        Assert.Throws<FormatException>(() => NpmSemverScheme.Instance.Satisfies("1.0.0", dashes));
    }

    [Fact]
    public void Comparator_lists_are_bounded()
    {
        var many = string.Join(", ", Enumerable.Repeat(">= 1.0", 5_000));
        Assert.True(DebianVersionScheme.Instance.Satisfies("1.1", many));
        var ors = string.Join(" || ", Enumerable.Repeat("= 0.1", 5_000)) + " || = 1.1";
        Assert.True(RpmVersionScheme.Instance.Satisfies("1.1", ors));
        Assert.Throws<FormatException>(() => DebianVersionScheme.Instance.Satisfies("1.1", new string(',', ComparatorList.MaxRangeLength + 1)));
    }

    [Fact]
    public void Other_range_languages_are_bounded()
    {
        Assert.Throws<FormatException>(() => CratesVersionScheme.Instance.Satisfies("1.0.0", string.Join(", ", Enumerable.Repeat(">=1", 33))));
        Assert.True(CratesVersionScheme.Instance.Satisfies("1.0.0", string.Join(", ", Enumerable.Repeat(">=1", 32))));
        var pep = string.Join(",", Enumerable.Repeat("!=0.1", 5_000));
        Assert.True(Pep440Scheme.Instance.Satisfies("1.0", pep));
        Assert.Throws<FormatException>(() => Pep440Scheme.Instance.Satisfies("1.0", new string(',', Pep440SpecifierSet.MaxLength + 1)));
        var maven = string.Join(",", Enumerable.Range(0, 2_000).Select(i => $"[{i}.0,{i}.5)"));
        Assert.True(MavenVersionScheme.Instance.Satisfies("1999.2", maven));
        Assert.False(MavenVersionScheme.Instance.Satisfies("1999.7", maven));
        Assert.Throws<FormatException>(() => NuGetVersionScheme.Instance.Satisfies("1.0.0", "[" + new string('1', 10_000) + ",)"));
    }

    [Fact]
    public void Control_characters_and_unicode_do_not_crash()
    {
        string[] odd = ["\0", "1.0\u0000", "１.０", "1.0\uD800", "\uFEFF1.0", "1.0\u202E", "٣.٤"];
        foreach (var scheme in VersionSchemes.All)
        {
            foreach (var v in odd)
            {
                _ = scheme.IsValid(v);
                _ = scheme.TryCompare(v, "1.0", out _);
                _ = scheme.TrySatisfies(v, "*");
            }
        }
    }
}
