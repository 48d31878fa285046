using System.Text;
using Palisade.Images.Catalogers;

namespace Palisade.Images.Tests.Catalogers;

public sealed class DpkgCatalogerTests
{
    private static readonly OsRelease Bookworm = OsRelease.Parse("ID=debian\nVERSION_ID=\"12\"\n")!;

    private const string Status = """
        Package: zlib1g
        Status: install ok installed
        Architecture: amd64
        Source: zlib (1:1.2.13.dfsg-1)
        Version: 1:1.2.13.dfsg-1+b1
        Description: compression library - runtime
         zlib is a library implementing the deflate compression method
         .
         found in gzip and PKZIP.

        Package: old-kernel
        Status: deinstall ok config-files
        Architecture: amd64
        Version: 6.1

        Package: held
        Status: hold ok installed
        Architecture: all
        Version: 2.0

        Package: half
        Status: install ok half-installed
        Version: 3.0

        Package: base-files
        Status: install ok installed
        Architecture: amd64
        Version: 12.4+deb12u5
        """;

    private static IReadOnlyList<PackageRecord> Parse(string text, OsRelease? os = null, string path = "var/lib/dpkg/status") =>
        new DpkgCataloger().CatalogFile(path, Encoding.UTF8.GetBytes(text), "sha256:l0", os);

    [Fact]
    public void Installed_entries_only_with_epoch_source_version_and_purl()
    {
        var packages = Parse(Status, Bookworm);
        Assert.Equal(["zlib1g", "held", "base-files"], packages.Select(p => p.Name));
        var zlib = packages[0];
        Assert.Equal("1:1.2.13.dfsg-1+b1", zlib.Version);
        Assert.Equal("deb", zlib.Type);
        Assert.Equal("zlib", zlib.SourceName);
        Assert.Equal("1:1.2.13.dfsg-1", zlib.SourceVersion);
        Assert.Equal("amd64", zlib.Architecture);
        Assert.Equal("var/lib/dpkg/status", zlib.FoundIn);
        Assert.Equal("sha256:l0", zlib.LayerDigest);
        Assert.Equal("pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1%2Bb1?arch=amd64&distro=debian-12&upstream=zlib", zlib.Purl);
        Assert.Equal("pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64&distro=debian-12", packages[2].Purl);
    }

    [Fact]
    public void Without_os_release_the_purl_has_no_distro_and_the_debian_namespace()
    {
        var p = Assert.Single(Parse("Package: apt\nVersion: 1.8.2\nArchitecture: amd64\n"));
        Assert.Equal("pkg:deb/debian/apt@1.8.2?arch=amd64", p.Purl);
        var ubuntu = OsRelease.Parse("ID=ubuntu\nVERSION_ID=\"24.04\"\n");
        Assert.Equal("pkg:deb/ubuntu/apt@1.8.2?arch=amd64&distro=ubuntu-24.04", Assert.Single(Parse("Package: apt\nVersion: 1.8.2\nArchitecture: amd64\n", ubuntu)).Purl);
    }

    [Fact]
    public void Entries_with_no_status_count_and_empty_package_names_do_not()
    {
        var packages = Parse("Package:\n\nPackage: no-version\n\nPackage: sqlite\nSource: sqlite3\nVersion: 3.34.1-3\n");
        Assert.Equal(["no-version", "sqlite"], packages.Select(p => p.Name));
        Assert.Equal("", packages[0].Version);
        Assert.Equal("pkg:deb/debian/no-version", packages[0].Purl);
        Assert.Equal("sqlite3", packages[1].SourceName);
        Assert.Null(packages[1].SourceVersion);
    }

    [Fact]
    public void Opkg_style_status_and_licenses_are_read()
    {
        var packages = Parse("Package: mods\nVersion: 6.6.0-r0\nStatus: install user installed\nArchitecture: x86_64\nLicense: GPL-2.0 BSD-3-Clause\n");
        Assert.Equal(["GPL-2.0", "BSD-3-Clause"], Assert.Single(packages).Licenses);
    }

    [Theory]
    [InlineData("var/lib/dpkg/status", true)]
    [InlineData("var/lib/dpkg/status.d/libsqlite3-0", true)]
    [InlineData("var/lib/dpkg/status.d/pkg-1.0", true)]
    [InlineData("var/lib/dpkg/status.d/libsqlite3-0.md5sums", false)]
    [InlineData("var/lib/dpkg/status.d/libsqlite3-0.preinst", false)]
    [InlineData("var/lib/dpkg/status-old", false)]
    [InlineData("var/lib/dpkg/status.d/sub/x", false)]
    [InlineData("usr/var/lib/dpkg/status", false)]
    public void Wants_status_and_distroless_status_d(string path, bool wanted) => Assert.Equal(wanted, new DpkgCataloger().Wants(path));

    [Fact]
    public void Empty_file_gives_nothing_and_garbage_a_clear_error()
    {
        Assert.Empty(Parse(""));
        Assert.Empty(Parse("Package:"));
        var e = Assert.Throws<CatalogerException>(() => Parse("Pakij: apt\nStratus: install ok installed\nInsterface to the configuration settings\n"));
        Assert.Equal(3, e.Line);
        var notDpkg = Assert.Throws<CatalogerException>(() => Parse("Name: x\nValue: y\n"));
        Assert.Contains("Package", notDpkg.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_reads_status_and_status_d_and_the_runner_reports_a_corrupt_file_without_losing_the_rest()
    {
        var source = new DictionarySource(new()
        {
            ["etc/os-release"] = "ID=debian\nVERSION_ID=12\n",
            ["var/lib/dpkg/status.d/libsqlite3-0"] = "Package: libsqlite3-0\nSource: sqlite3\nVersion: 3.40.1-2\nArchitecture: arm64\n",
            ["var/lib/dpkg/status.d/libsqlite3-0.md5sums"] = "d41d8cd98f00b204e9800998ecf8427e  usr/lib/libsqlite3.so.0\n",
            ["var/lib/dpkg/status.d/broken"] = "garbage line\n",
            ["var/lib/dpkg/status"] = "Package: base-files\nStatus: install ok installed\nVersion: 12.4\nArchitecture: amd64\n",
        }, "sha256:abc");
        var result = CatalogRunner.Run(source);
        Assert.Equal(["base-files", "libsqlite3-0"], result.Packages.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("pkg:deb/debian/libsqlite3-0@3.40.1-2?arch=arm64&distro=debian-12&upstream=sqlite3", result.Packages.Single(p => p.Name == "libsqlite3-0").Purl);
        Assert.All(result.Packages, p => Assert.Equal("sha256:abc", p.LayerDigest));
        var error = Assert.Single(result.Errors);
        Assert.Equal(("dpkg", "var/lib/dpkg/status.d/broken"), (error.Cataloger, error.Path));
        Assert.Throws<CatalogerException>(() => new DpkgCataloger().Catalog(source, null).ToList());
    }

    [Theory]
    [InlineData("apt-dev", "apt-dev", null)]
    [InlineData("zlib (1:1.3)", "zlib", "1:1.3")]
    [InlineData("  pam  (1.5.2-6 )", "pam", "1.5.2-6")]
    [InlineData("", null, null)]
    public void Source_field_with_optional_version(string field, string? name, string? version) =>
        Assert.Equal((name, version), DpkgCataloger.ParseSource(field));
}
