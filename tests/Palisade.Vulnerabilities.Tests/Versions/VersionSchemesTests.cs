using Palisade.Vulnerabilities.Versions;

namespace Palisade.Vulnerabilities.Tests.Versions;

public sealed class VersionSchemesTests
{
    [Theory]
    [InlineData("Debian", "deb")]
    [InlineData("Debian:12", "deb")]
    [InlineData("Ubuntu:22.04:LTS", "deb")]
    [InlineData("Ubuntu:Pro:18.04:LTS", "deb")]
    [InlineData("Alpine:v3.20", "apk")]
    [InlineData("Wolfi", "apk")]
    [InlineData("Chainguard", "apk")]
    [InlineData("MinimOS", "apk")]
    [InlineData("Echo", "deb")]
    [InlineData("Photon OS:5.0", "rpm")]
    [InlineData("Red Hat:enterprise_linux:9::appstream", "rpm")]
    [InlineData("AlmaLinux:8", "rpm")]
    [InlineData("Rocky Linux:9", "rpm")]
    [InlineData("SUSE:Linux Enterprise Server 15 SP5", "rpm")]
    [InlineData("openSUSE:Tumbleweed", "rpm")]
    [InlineData("Azure Linux:3", "rpm")]
    [InlineData("npm", "semver")]
    [InlineData("PyPI", "pep440")]
    [InlineData("Maven", "maven")]
    [InlineData("Maven:https://repo.maven.apache.org/maven2/", "maven")]
    [InlineData("NuGet", "nuget")]
    [InlineData("Go", "go")]
    [InlineData("crates.io", "crates")]
    [InlineData("pypi", "pep440")]
    public void Maps_osv_ecosystems_by_the_part_before_the_colon(string ecosystem, string scheme) =>
        Assert.Equal(scheme, VersionSchemes.ForEcosystem(ecosystem)?.Name);

    [Theory]
    [InlineData("RubyGems")]
    [InlineData("Packagist")]
    [InlineData("Hex")]
    [InlineData("GitHub Actions")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData(":12")]
    public void Unknown_ecosystems_have_no_scheme(string? ecosystem) => Assert.Null(VersionSchemes.ForEcosystem(ecosystem));

    [Theory]
    [InlineData("deb")]
    [InlineData("apk")]
    [InlineData("rpm")]
    [InlineData("semver")]
    [InlineData("pep440")]
    [InlineData("maven")]
    [InlineData("nuget")]
    [InlineData("go")]
    [InlineData("crates")]
    public void Finds_every_scheme_by_name(string name)
    {
        Assert.Equal(name, VersionSchemes.ForName(name)?.Name);
        Assert.Equal(name, VersionSchemes.ForName(name.ToUpperInvariant())?.Name);
    }

    [Theory]
    [InlineData("dpkg")]
    [InlineData("npm")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_names_have_no_scheme(string? name) => Assert.Null(VersionSchemes.ForName(name));

    [Fact]
    public void Names_are_unique_and_listed_in_order() =>
        Assert.Equal(["deb", "apk", "rpm", "semver", "pep440", "maven", "nuget", "go", "crates"], VersionSchemes.Names);

    [Fact]
    public void Every_known_ecosystem_resolves() =>
        Assert.All(VersionSchemes.KnownEcosystems, e => Assert.NotNull(VersionSchemes.ForEcosystem(e + ":x")));

    [Fact]
    public void TryCompare_and_TrySatisfies_do_not_throw()
    {
        var semver = VersionSchemes.ForName("semver")!;
        Assert.False(semver.TryCompare("1.0.0", "banana", out _));
        Assert.True(semver.TryCompare("1.0.0", "2.0.0", out var c));
        Assert.Equal(-1, c);
        Assert.Null(semver.TrySatisfies("1.0.0", ">=>=1"));
        Assert.True(semver.TrySatisfies("1.5.0", "^1.2"));
        Assert.True(semver.TryNormalize("v1.2.3", out var n));
        Assert.Equal("1.2.3", n);
        Assert.False(semver.TryNormalize("1.2", out n));
        Assert.Null(n);
    }

    [Fact]
    public void Null_arguments_are_argument_errors_not_crashes()
    {
        foreach (var scheme in VersionSchemes.All)
        {
            Assert.ThrowsAny<ArgumentException>(() => scheme.Compare(null!, null!));
            Assert.ThrowsAny<ArgumentException>(() => scheme.Satisfies(null!, null!));
        }
    }
}
