using Palisade.Images.Catalogers;
using Palisade.Vulnerabilities.Matching;

namespace Palisade.Vulnerabilities.Tests.Matching;

/// <summary>Catalogued packages map to the ecosystem, name and version OSV advisories are filed under.</summary>
public sealed class AdvisoryKeyTests
{
    private static PackageRecord P(string name, string version, string purl, string? source = null, string? sourceVersion = null) =>
        new(name, version, PackageUrl.TryParse(purl)!.Type, purl, [], source, sourceVersion, null, "x", null);

    [Theory]
    [InlineData("requests", "2.19.0", "pkg:pypi/requests@2.19.0", "PyPI", "requests", "2.19.0")]
    [InlineData("@babel/core", "7.0.0", "pkg:npm/%40babel/core@7.0.0", "npm", "@babel/core", "7.0.0")]
    [InlineData("log4j-core", "2.14.1", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "Maven", "org.apache.logging.log4j:log4j-core", "2.14.1")]
    [InlineData("golang.org/x/net", "v0.7.0", "pkg:golang/golang.org/x/net@v0.7.0", "Go", "golang.org/x/net", "v0.7.0")]
    [InlineData("stdlib", "go1.19.8", "pkg:golang/stdlib@1.19.8", "Go", "stdlib", "1.19.8")]
    [InlineData("Newtonsoft.Json", "12.0.1", "pkg:nuget/Newtonsoft.Json@12.0.1", "NuGet", "Newtonsoft.Json", "12.0.1")]
    [InlineData("serde", "1.0.1", "pkg:cargo/serde@1.0.1", "crates.io", "serde", "1.0.1")]
    [InlineData("HTTP", "1.10.16", "pkg:julia/HTTP@1.10.16?uuid=cd3eb016-35fb-5094-929b-558a96fad6f3", "Julia", "HTTP", "1.10.16")]
    public void Language_packages(string name, string version, string purl, string ecosystem, string osvName, string osvVersion)
    {
        var key = AdvisoryKeys.For(P(name, version, purl))!;
        Assert.Equal([ecosystem], key.Ecosystems);
        Assert.Equal((osvName, osvVersion), (key.Name, key.Version));
    }

    [Fact]
    public void Debian_packages_are_looked_up_by_source_package_and_release()
    {
        var key = AdvisoryKeys.For(P("libssl3", "3.0.11-1~deb12u2", "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12.5&upstream=openssl", "openssl"))!;
        Assert.Equal(["Debian:12"], key.Ecosystems);
        Assert.Equal(("openssl", "3.0.11-1~deb12u2"), (key.Name, key.Version));
        var binNmu = AdvisoryKeys.For(P("libfoo1", "1.0-1+b1", "pkg:deb/debian/libfoo1@1.0-1%2Bb1?distro=debian-12", "foo", "1.0-1"))!;
        Assert.Equal(("foo", "1.0-1"), (binNmu.Name, binNmu.Version));
    }

    [Theory]
    [InlineData("ubuntu-22.04", new[] { "Ubuntu:22.04:LTS", "Ubuntu:22.04" })]
    [InlineData("ubuntu-23.10", new[] { "Ubuntu:23.10" })]
    [InlineData("alpine-3.20.3", new[] { "Alpine:v3.20" })]
    [InlineData("debian-12", new[] { "Debian:12" })]
    [InlineData("opensuse-leap-15.5", new[] { "openSUSE:Leap 15.5" })]
    [InlineData("opensuse-leap-micro-6.0", new[] { "openSUSE:Leap Micro 6.0" })]
    [InlineData("opensuse-tumbleweed-20220412", new[] { "openSUSE:Tumbleweed" })]
    [InlineData("opensuse-tumbleweed", new[] { "openSUSE:Tumbleweed" })]
    [InlineData("sles-15.3", new[] { "SUSE:Linux Enterprise Server 15 SP3" })]
    [InlineData("sles-15", new[] { "SUSE:Linux Enterprise Server 15" })]
    [InlineData("sle-micro-5.3", new[] { "SUSE:Linux Enterprise Micro 5.3" })]
    [InlineData("almalinux-9.4", new[] { "AlmaLinux:9" })]
    [InlineData("rocky-8.10", new[] { "Rocky Linux:8" })]
    [InlineData("azurelinux-3.0", new[] { "Azure Linux:3" })]
    [InlineData("photon-4.0", new[] { "Photon OS:4.0" })]
    [InlineData("photon-3", new[] { "Photon OS:3.0" })]
    [InlineData("mageia-9", new[] { "Mageia:9" })]
    [InlineData("wolfi-20230201", new[] { "Wolfi" })]
    [InlineData("wolfi", new[] { "Wolfi" })]
    [InlineData("chainguard", new[] { "Chainguard" })]
    [InlineData("minimos-20241031", new[] { "MinimOS" })]
    [InlineData("echo-1", new[] { "Echo" })]
    [InlineData("amzn-2023", new string[0])]
    [InlineData("ol-8.9", new string[0])]
    [InlineData("rhel-9.4", new string[0])]
    [InlineData("mariner-2.0", new string[0])]
    [InlineData("bottlerocket-1.19.0", new string[0])]
    [InlineData("opensuse-leap", new string[0])]
    [InlineData("ubuntu-noble", new string[0])]
    [InlineData("debian", new string[0])]
    [InlineData("fedora-40", new string[0])]
    [InlineData(null, new string[0])]
    public void Distributions(string? distro, string[] expected) => Assert.Equal(expected, AdvisoryKeys.OsEcosystems(distro));

    [Fact]
    public void Rpm_packages_are_looked_up_by_source_rpm_in_the_product_ecosystem_with_their_epoch()
    {
        var key = AdvisoryKeys.For(P("libopenssl1_1", "1.1.1d-150200.11.47.1", "pkg:rpm/sles/libopenssl1_1@1.1.1d-150200.11.47.1?distro=sles-15.3", "openssl-1_1"))!;
        Assert.Equal(["SUSE:Linux Enterprise Server 15 SP3"], key.Ecosystems);
        Assert.Equal(("openssl-1_1", "1.1.1d-150200.11.47.1"), (key.Name, key.Version));
        var photon = AdvisoryKeys.For(P("PyYAML", "1:3.12-4.ph1", "pkg:rpm/photon/PyYAML@3.12-4.ph1?distro=photon-1.0&epoch=1"))!;
        Assert.Equal(["Photon OS:1.0"], photon.Ecosystems);
        Assert.Equal(("PyYAML", "1:3.12-4.ph1"), (photon.Name, photon.Version));
    }

    [Fact]
    public void Wolfi_packages_are_looked_up_by_origin_without_a_release()
    {
        var os = new OsRelease("wolfi", "20230201", null, null, []);
        var key = AdvisoryKeys.For(P("libcrypto3", "3.3.0-r0", "pkg:apk/wolfi/libcrypto3@3.3.0-r0?distro=wolfi-20230201&upstream=openssl", "openssl"), os)!;
        Assert.Equal(["Wolfi"], key.Ecosystems);
        Assert.Equal(("openssl", "3.3.0-r0"), (key.Name, key.Version));
    }

    [Fact]
    public void The_distribution_comes_from_os_release_when_the_purl_has_none()
    {
        var os = new OsRelease("alpine", "3.19.1", null, null, []);
        var key = AdvisoryKeys.For(P("busybox", "1.36.1-r15", "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64", "busybox"), os)!;
        Assert.Equal(["Alpine:v3.19"], key.Ecosystems);
    }

    [Fact]
    public void Packages_without_a_purl_or_version_or_known_ecosystem_have_no_key()
    {
        Assert.Null(AdvisoryKeys.For(new PackageRecord("x", "1", "cargo", "", [], null, null, null, "x", null)));
        Assert.Null(AdvisoryKeys.For(P("x", "", "pkg:npm/x")));
        Assert.Null(AdvisoryKeys.For(P("x", "1", "pkg:generic/x@1")));
        Assert.Null(AdvisoryKeys.For(P("x", "1", "pkg:deb/debian/x@1")));  // no distribution known
    }
}
