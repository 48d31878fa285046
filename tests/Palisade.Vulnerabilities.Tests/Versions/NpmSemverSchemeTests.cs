using Palisade.Vulnerabilities.Versions;

namespace Palisade.Vulnerabilities.Tests.Versions;

public sealed class NpmSemverSchemeTests
{
    private static readonly NpmSemverScheme Npm = NpmSemverScheme.Instance;

    [Theory]
    [InlineData("1.2.3", "1.2.3+build", 0)]
    [InlineData("1.2.3-alpha.10", "1.2.3-alpha.9", 1)]
    [InlineData("1.2.3-9", "1.2.3-alpha", -1)]
    [InlineData("1.2.3-Alpha", "1.2.3-alpha", -1)]
    [InlineData("v1.2.3", "1.2.3", 0)]
    [InlineData("9007199254740991.0.0", "9007199254740990.0.0", 1)]
    public void Compares(string a, string b, int expected) => Assert.Equal(expected, Math.Sign(Npm.Compare(a, b)));

    [Theory]
    [InlineData("1.2")]
    [InlineData("01.2.3")]
    [InlineData("1.2.3-01")]
    [InlineData("=1.2.3")]
    [InlineData("9007199254740992.0.0")]
    [InlineData("1.2.3.4")]
    public void Strict_mode_rejects(string version)
    {
        Assert.False(Npm.IsValid(version));
        Assert.Throws<FormatException>(() => Npm.Compare(version, "1.0.0"));
    }

    [Fact]
    public void Loose_mode_accepts_sloppy_versions()
    {
        Assert.Equal(0, NpmSemverScheme.Compare("=v1.2.3", "1.2.3", new NpmSemverOptions(Loose: true)));
        Assert.Equal("1.2.3-beta", NpmSemVer.Parse("1.2.3beta", loose: true).Version);
        Assert.Equal("1.2.3", NpmSemVer.Parse("01.02.03", loose: true).Version);
    }

    [Theory]
    [InlineData("1.2.3", "^1.2.0", true)]
    [InlineData("2.0.0", "^1.2.0", false)]
    [InlineData("0.2.5", "^0.2.3", true)]
    [InlineData("0.3.0", "^0.2.3", false)]
    [InlineData("1.2.9", "~1.2.3", true)]
    [InlineData("1.3.0", "~1.2.3", false)]
    [InlineData("1.5.0", "1.x || >=2.5.0", true)]
    [InlineData("2.4.0", "1.x || >=2.5.0", false)]
    [InlineData("1.5.0", "1.2.3 - 2.3.4", true)]
    [InlineData("2.3.5", "1.2.3 - 2.3.4", false)]
    [InlineData("1.3.0-beta", ">1.2", false)]
    [InlineData("1.2.3-beta.2", ">=1.2.3-beta.1 <1.3", true)]
    [InlineData("1.2.4-beta.2", ">=1.2.3-beta.1 <1.3", false)]
    [InlineData("3.0.0", "*", true)]
    [InlineData("3.0.0", "", true)]
    public void Satisfies_ranges(string version, string range, bool expected) => Assert.Equal(expected, Npm.Satisfies(version, range));

    [Fact]
    public void Include_prerelease_admits_prereleases_in_range()
    {
        var options = new NpmSemverOptions(IncludePrerelease: true);
        Assert.True(NpmSemverScheme.Satisfies("1.4.0-beta", "^1.2.0", options));
        Assert.False(Npm.Satisfies("1.4.0-beta", "^1.2.0"));
    }

    [Theory]
    [InlineData("^1.2.3", ">=1.2.3 <2.0.0-0")]
    [InlineData("~1.2", ">=1.2.0 <1.3.0-0")]
    [InlineData(">1.2", ">=1.3.0")]
    [InlineData("<=1.2", "<1.3.0-0")]
    [InlineData("1.x || 2.x", ">=1.0.0 <2.0.0-0||>=2.0.0 <3.0.0-0")]
    public void Desugars_ranges_like_node_semver(string range, string canonical)
    {
        Assert.Equal(canonical, NpmRange.Parse(range).Canonical);
    }

    [Theory]
    [InlineData(">=>=1.0.0")]
    [InlineData("1.x.5")]
    [InlineData("^9007199254740991.0.0")]
    [InlineData("banana")]
    public void Bad_ranges_throw(string range) => Assert.Throws<FormatException>(() => Npm.Satisfies("1.0.0", range));

    [Fact]
    public void Outside_intersects_and_increments()
    {
        Assert.True(NpmRange.Parse("^1.2.0").Outside(NpmSemVer.Parse("2.0.0"), high: true));
        Assert.True(NpmRange.Parse("^1.2.0").Outside(NpmSemVer.Parse("1.1.0"), high: false));
        Assert.False(NpmRange.Parse("^1.2.0").Outside(NpmSemVer.Parse("1.5.0"), high: true));
        Assert.True(NpmRange.Parse("^1.2.0").Intersects(NpmRange.Parse("1.5.x")));
        Assert.False(NpmRange.Parse("^1.2.0").Intersects(NpmRange.Parse(">=2")));
        Assert.Equal("1.3.0", NpmSemVer.Parse("1.2.3").Increment("minor").Version);
        Assert.Equal("1.2.4-beta.0", NpmSemVer.Parse("1.2.3").Increment("prerelease", "beta").Version);
        Assert.Throws<FormatException>(() => NpmSemVer.Parse("1.2.3").Increment("sideways"));
    }
}
