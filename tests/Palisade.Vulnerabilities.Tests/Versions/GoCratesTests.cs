using Palisade.Vulnerabilities.Versions;

namespace Palisade.Vulnerabilities.Tests.Versions;

public sealed class GoVersionSchemeTests
{
    private static readonly GoVersionScheme Go = GoVersionScheme.Instance;

    [Theory]
    [InlineData("v1.2.3", "1.2.3", 0)]
    [InlineData("v1", "v1.0.0", 0)]
    [InlineData("v1.2", "1.2.0", 0)]
    [InlineData("v2.0.0+incompatible", "v2.0.0", 0)]
    [InlineData("v1.2.3-rc.1", "v1.2.3", -1)]
    [InlineData("v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-000000000000", -1)]
    [InlineData("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3", 1)]
    [InlineData("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4-rc.1", -1)]
    [InlineData("v1.2.3-pre.0.20191109021931-daa7c04131f5", "v1.2.3-pre", 1)]
    [InlineData("v1.2.3-pre.0.20191109021931-daa7c04131f5", "v1.2.3-pre.1", -1)]
    [InlineData("v1.10.0", "v1.9.99", 1)]
    [InlineData("garbage", "v0.0.0", -1)]
    [InlineData("garbage", "other garbage", 0)]
    public void Compares_like_x_mod_semver(string a, string b, int expected)
    {
        Assert.Equal(expected, Math.Sign(Go.Compare(a, b)));
        Assert.Equal(-expected, Math.Sign(Go.Compare(b, a)));
    }

    [Theory]
    [InlineData("v1.2-pre")]
    [InlineData("v01.2.3")]
    [InlineData("v1.2.3-01")]
    [InlineData("v1.2.3.4")]
    [InlineData("vv1.2.3")]
    [InlineData("v1.2.3-")]
    [InlineData("v1.2.3+")]
    [InlineData("")]
    public void Rejects(string version)
    {
        Assert.False(Go.IsValid(version));
        Assert.Throws<FormatException>(() => Go.Normalize(version));
    }

    [Fact]
    public void Recognises_pseudo_versions()
    {
        var v = GoVersion.Parse("v0.0.0-20191109021931-daa7c04131f5");
        Assert.True(v.IsPseudoVersion);
        Assert.Equal(new DateTime(2019, 11, 9, 2, 19, 31, DateTimeKind.Utc), v.PseudoVersionTime);
        Assert.Equal("daa7c04131f5", v.PseudoVersionRevision);
        Assert.True(GoVersion.Parse("v1.2.4-0.20191109021931-daa7c04131f5").IsPseudoVersion);
        Assert.True(GoVersion.Parse("v1.2.3-pre.0.20191109021931-daa7c04131f5+incompatible").IsPseudoVersion);
        Assert.False(GoVersion.Parse("v1.2.3-20191109021931-daa7c04131f5").IsPseudoVersion);
        Assert.False(GoVersion.Parse("v1.2.3").IsPseudoVersion);
        Assert.Null(GoVersion.Parse("v1.2.3").PseudoVersionTime);
    }

    [Fact]
    public void Normalizes_with_v_and_keeps_incompatible()
    {
        Assert.Equal("v1.2.0", Go.Normalize("1.2"));
        Assert.Equal("v2.0.0+incompatible", Go.Normalize("2.0.0+incompatible"));
        Assert.Equal("v1.0.0", Go.Normalize("v1.0.0+build.5"));
    }

    [Theory]
    [InlineData("1.2.3", ">= 1.0.0, < 1.2.4", true)]
    [InlineData("v1.2.4", ">= 1.0.0, < 1.2.4", false)]
    [InlineData("v0.0.0-20191109021931-daa7c04131f5", "< 0.1.0", true)]
    public void Satisfies_comparator_lists(string version, string range, bool expected) => Assert.Equal(expected, Go.Satisfies(version, range));

    [Fact]
    public void Satisfies_refuses_invalid_versions() => Assert.Throws<FormatException>(() => Go.Satisfies("nope", ">= 1.0.0"));
}

public sealed class CratesVersionSchemeTests
{
    private static readonly CratesVersionScheme Crates = CratesVersionScheme.Instance;

    [Theory]
    [InlineData("1.2.3", "^1.2.3", true)]
    [InlineData("1.9.0", "^1.2.3", true)]
    [InlineData("2.0.0", "^1.2.3", false)]
    [InlineData("1.2.3", "1.2.3", true)]
    [InlineData("0.2.9", "^0.2.3", true)]
    [InlineData("0.3.0", "^0.2.3", false)]
    [InlineData("0.0.3", "^0.0.3", true)]
    [InlineData("0.0.4", "^0.0.3", false)]
    [InlineData("0.9.0", "^0", true)]
    [InlineData("1.2.9", "~1.2.3", true)]
    [InlineData("1.3.0", "~1.2.3", false)]
    [InlineData("1.9.9", "~1", true)]
    [InlineData("1.2.3", "=1.2.3", true)]
    [InlineData("1.2.4", "=1.2", true)]
    [InlineData("1.3.0", "=1.2", false)]
    [InlineData("1.5.0", ">=1, <2", true)]
    [InlineData("2.0.0", ">=1, <2", false)]
    [InlineData("1.9.9", "<2", true)]
    [InlineData("2.0.0", ">1", true)]
    [InlineData("1.9.0", ">1", false)]
    [InlineData("1.4.7", "1.*", true)]
    [InlineData("1.4.7", "1.4.x", true)]
    [InlineData("1.5.0", "1.4.*", false)]
    [InlineData("9.9.9", "*", true)]
    [InlineData("1.2.3-alpha.2", ">=1.2.3-alpha.1", true)]
    [InlineData("1.2.4-alpha.1", ">=1.2.3-alpha.1", false)]
    [InlineData("1.2.3-alpha", "^1.2.0", false)]
    [InlineData("1.0.0-beta", "*", false)]
    public void Satisfies_cargo_requirements(string version, string requirement, bool expected) =>
        Assert.Equal(expected, Crates.Satisfies(version, requirement));

    [Theory]
    [InlineData("1.0.0", "1.0.0+build", 0)]
    [InlineData("1.0.0-alpha", "1.0.0-alpha.1", -1)]
    [InlineData("1.0.0-alpha.beta", "1.0.0-beta", -1)]
    [InlineData("1.0.0-beta.11", "1.0.0-beta.2", 1)]
    public void Compares(string a, string b, int expected) => Assert.Equal(expected, Math.Sign(Crates.Compare(a, b)));

    [Theory]
    [InlineData("v1.0.0")]
    [InlineData("1.0")]
    [InlineData("01.0.0")]
    [InlineData("1.0.0-")]
    [InlineData("18446744073709551616.0.0")]
    [InlineData(" 1.0.0")]
    public void Rejects_versions(string version)
    {
        Assert.False(Crates.IsValid(version));
        Assert.Throws<FormatException>(() => Crates.Compare(version, "1.0.0"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.*.3")]
    [InlineData("*, >=1")]
    [InlineData("* 1")]
    [InlineData(">=1 <2")]
    [InlineData("1.2-pre")]
    [InlineData(">=x")]
    [InlineData("^01.2")]
    public void Rejects_requirements(string requirement) => Assert.Throws<FormatException>(() => Crates.Satisfies("1.0.0", requirement));
}
