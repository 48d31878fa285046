using Palisade.Vulnerabilities.Versions;

namespace Palisade.Vulnerabilities.Tests.Versions;

public sealed class DebianVersionSchemeTests
{
    private static readonly DebianVersionScheme Deb = DebianVersionScheme.Instance;

    [Theory]
    [InlineData("1.0~rc1", "1.0", -1)]
    [InlineData("1.0~~", "1.0~", -1)]
    [InlineData("1.0a", "1.0+", -1)]      // letters sort before other characters
    [InlineData("1.0", "1.0a", -1)]
    [InlineData("1:0.1", "99", 1)]         // the epoch decides first
    [InlineData("1.0-1", "1.0-1.1", -1)]
    [InlineData("1.09", "1.9", 0)]
    [InlineData("0:1.0", "1.0", 0)]
    [InlineData("1.2-3-4", "1.2-3-5", -1)] // the revision is after the last hyphen
    public void Compares_like_dpkg(string a, string b, int expected)
    {
        Assert.Equal(expected, Math.Sign(Deb.Compare(a, b)));
        Assert.Equal(-expected, Math.Sign(Deb.Compare(b, a)));
    }

    [Fact]
    public void Parses_parts()
    {
        var v = DebianVersion.Parse("2:7.4.052-1ubuntu3.1");
        Assert.Equal(("2", "7.4.052", "1ubuntu3.1"), (v.Epoch, v.Upstream, v.Revision));
        Assert.Equal("7.4.052-1ubuntu3.1", DebianVersion.Parse("0:7.4.052-1ubuntu3.1").ToString());
        Assert.Equal("1:2.0", Deb.Normalize("01:2.0"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a1.0")]
    [InlineData("1.0 beta")]
    [InlineData("x:1.0")]
    [InlineData("1.0-")]
    [InlineData(":1.0")]
    [InlineData("1:")]
    [InlineData("1.0-1@2")]
    public void Rejects_bad_syntax(string version)
    {
        Assert.False(Deb.IsValid(version));
        Assert.Throws<FormatException>(() => DebianVersion.Parse(version));
        Assert.Throws<FormatException>(() => Deb.Satisfies(version, ">= 1.0"));
    }

    [Fact]
    public void Compare_orders_even_invalid_strings_deterministically()
    {
        Assert.Equal(0, Deb.Compare("x:1.0", "x:1.0"));
        Assert.Equal(-1, Math.Sign(Deb.Compare("", "0.1")));
    }

    [Theory]
    [InlineData("1.2-1", ">= 1.2, << 2", true)]
    [InlineData("2.0", ">= 1.2, < 2", false)]
    [InlineData("1:0.5", ">> 1.0", true)]
    [InlineData("1.0-1", "= 1.0-1 || = 2.0-1", true)]
    [InlineData("1.0-1", "!= 1.0-1", false)]
    [InlineData("1.0", "*", true)]
    [InlineData("1.0", "1.0", true)]
    public void Satisfies_comparator_lists(string version, string range, bool expected) => Assert.Equal(expected, Deb.Satisfies(version, range));

    [Theory]
    [InlineData("")]
    [InlineData(">= 1.0,")]
    [InlineData("|| >= 1.0")]
    [InlineData("=~ 1.0")]
    [InlineData(">=")]
    [InlineData(">= not-a-version")]
    public void Bad_ranges_throw(string range) => Assert.Throws<FormatException>(() => Deb.Satisfies("1.0", range));
}

public sealed class AlpineVersionSchemeTests
{
    private static readonly AlpineVersionScheme Apk = AlpineVersionScheme.Instance;

    [Theory]
    [InlineData("1.0_alpha1", "1.0", -1)]
    [InlineData("1.0_p1", "1.0", 1)]
    [InlineData("1.0-r1", "1.0", 1)]
    [InlineData("1.0-r10", "1.0-r9", 1)]
    [InlineData("1.0a", "1.0b", -1)]
    [InlineData("8.2.0", "8.2.001", -1)]     // a leading zero after a dot compares as a fraction
    [InlineData("1.01", "1.1", -1)]
    [InlineData("1.0_rc1", "1.0_beta9", 1)]
    [InlineData("1.0_git1", "1.0_p1", -1)]
    [InlineData("1.0~abc", "1.0~abd", -1)]
    public void Compares_like_apk(string a, string b, int expected)
    {
        Assert.Equal(expected, Math.Sign(Apk.Compare(a, b)));
        Assert.Equal(-expected, Math.Sign(Apk.Compare(b, a)));
    }

    [Theory]
    [InlineData("3.6.9", "~", "3.6", true)]
    [InlineData("3.7", "~", "3.6", false)]
    [InlineData("3.6", "~", "3.6.1", false)]
    [InlineData("3.5", "<~", "3.6", true)]
    [InlineData("3.6.2", ">~", "3.6", true)]
    [InlineData("1.0", "!=", "1.0", false)]
    [InlineData("1.0", "<=", "1.0", true)]
    public void Matches_apk_operators(string a, string op, string b, bool expected) => Assert.Equal(expected, AlpineVersionScheme.Matches(a, op, b));

    [Fact]
    public void Unknown_operators_throw() => Assert.Throws<FormatException>(() => AlpineVersionScheme.Matches("1", "<>x", "1"));

    [Theory]
    [InlineData("3.6.9-r2", "~3.6", true)]
    [InlineData("3.7.0", "~3.6", false)]
    [InlineData("1.2.3-r0", ">= 1.2.3, < 1.2.3-r5", true)]
    [InlineData("1.2.3-r5", ">= 1.2.3, < 1.2.3-r5", false)]
    public void Satisfies_comparator_lists_with_fuzzy_match(string version, string range, bool expected) =>
        Assert.Equal(expected, Apk.Satisfies(version, range));

    [Theory]
    [InlineData("1.0_foo")]
    [InlineData("1.0-r")]
    [InlineData("a")]
    [InlineData("1.0a1")]
    public void Invalid_versions_are_refused_by_the_parsing_apis(string version)
    {
        Assert.False(Apk.IsValid(version));
        Assert.Throws<FormatException>(() => Apk.Normalize(version));
        Assert.Throws<FormatException>(() => Apk.Satisfies(version, ">= 1"));
    }
}

public sealed class RpmVersionSchemeTests
{
    private static readonly RpmVersionScheme Rpm = RpmVersionScheme.Instance;

    [Theory]
    [InlineData("1.0~rc1", "1.0", -1)]
    [InlineData("1.0^post1", "1.0", 1)]
    [InlineData("1.0^post1", "1.0.1", -1)]
    [InlineData("1:1.0-1", "2.0-1", 1)]
    [InlineData("1.0-1.el8", "1.0-1.el9", -1)]
    [InlineData("1.0-10", "1.0-9", 1)]
    [InlineData("2.0", "2_0", 0)]
    [InlineData("1.0", "1.0-1", -1)]
    [InlineData("0:1.0-1", "1.0-1", 0)]
    public void Compares_epoch_version_release(string a, string b, int expected)
    {
        Assert.Equal(expected, Math.Sign(Rpm.Compare(a, b)));
        Assert.Equal(-expected, Math.Sign(Rpm.Compare(b, a)));
    }

    [Fact]
    public void Evr_comparison_ignores_a_missing_release()
    {
        Assert.Equal(0, RpmVersionScheme.CompareEvr(RpmVersion.Parse("1.0"), RpmVersion.Parse("1.0-5")));
        Assert.Equal(-1, Math.Sign(RpmVersionScheme.CompareEvr(RpmVersion.Parse("1.0-4"), RpmVersion.Parse("1.0-5"))));
        Assert.Equal(1, Math.Sign(RpmVersionScheme.CompareEvr(RpmVersion.Parse("1:0.1"), RpmVersion.Parse("1.0-5"))));
    }

    [Fact]
    public void Parses_evr()
    {
        var v = RpmVersion.Parse("3:4.5.6-7.el9_2");
        Assert.Equal(("3", "4.5.6", "7.el9_2"), (v.Epoch, v.Version, v.Release));
        Assert.Null(RpmVersion.Parse("1.0").Release);
        Assert.Equal("1.0-1", Rpm.Normalize("0:1.0-1"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a:1.0")]
    [InlineData("1.0-")]
    [InlineData("1.0 2")]
    public void Rejects_bad_evrs(string version)
    {
        Assert.False(Rpm.IsValid(version));
        Assert.Throws<FormatException>(() => RpmVersion.Parse(version));
    }

    [Theory]
    [InlineData("1.0-5.el8", ">= 1.0-1.el8, < 1.0-6.el8", true)]
    [InlineData("1.0-6.el8", ">= 1.0-1.el8, < 1.0-6.el8", false)]
    [InlineData("2:1.0", "> 1:9.9", true)]
    public void Satisfies_comparator_lists(string version, string range, bool expected) => Assert.Equal(expected, Rpm.Satisfies(version, range));
}
