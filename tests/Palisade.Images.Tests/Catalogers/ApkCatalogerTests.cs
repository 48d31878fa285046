using System.Text;
using Palisade.Images.Catalogers;

namespace Palisade.Images.Tests.Catalogers;

public sealed class ApkCatalogerTests
{
    private static readonly OsRelease Alpine = OsRelease.Parse("NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.18.0\n")!;

    private const string Installed = """
        C:Q1bTtF5526tETKfL+lnigzIDvm+2o=
        P:musl-utils
        V:1.1.24-r2
        A:x86_64
        L:MIT BSD GPL2+
        o:musl
        p:cmd:getconf cmd:getent
        F:sbin
        R:ldconfig
        a:0:0:755

        P:libcrypto3
        V:3.1.4-r5
        A:x86_64
        L:Apache-2.0 WITH LLVM-exception
        o:openssl

        P:g++
        V:13.2.1_git20231014-r0
        A:aarch64
        """;

    private static IReadOnlyList<PackageRecord> Parse(string text, OsRelease? os = null) =>
        new ApkCataloger().CatalogFile("lib/apk/db/installed", Encoding.UTF8.GetBytes(text), null, os);

    [Fact]
    public void Packages_with_origin_licenses_and_purls()
    {
        var packages = Parse(Installed, Alpine);
        Assert.Equal(["musl-utils", "libcrypto3", "g++"], packages.Select(p => p.Name));
        var musl = packages[0];
        Assert.Equal("1.1.24-r2", musl.Version);
        Assert.Equal("apk", musl.Type);
        Assert.Equal("musl", musl.SourceName);
        Assert.Equal("x86_64", musl.Architecture);
        Assert.Equal(["MIT", "BSD", "GPL2+"], musl.Licenses);
        Assert.Equal("pkg:apk/alpine/musl-utils@1.1.24-r2?arch=x86_64&distro=alpine-3.18.0&upstream=musl", musl.Purl);
        Assert.Equal(["Apache-2.0 WITH LLVM-exception"], packages[1].Licenses);
        Assert.Equal("pkg:apk/alpine/g%2B%2B@13.2.1_git20231014-r0?arch=aarch64&distro=alpine-3.18.0", packages[2].Purl);
        Assert.Empty(packages[2].Licenses);
    }

    [Fact]
    public void Lower_case_keys_are_not_confused_with_upper_case_ones()
    {
        var p = Assert.Single(Parse("P:busybox\np:cmd:busybox\nV:1.36.1-r15\nA:x86_64\na:0:0:755\n"));
        Assert.Equal(("busybox", "x86_64"), (p.Name, p.Architecture));
        Assert.Equal("pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64", p.Purl);
    }

    [Fact]
    public void Wolfi_uses_its_own_namespace()
    {
        var wolfi = OsRelease.Parse("ID=wolfi\nVERSION_ID=20230201\n");
        Assert.Equal("pkg:apk/wolfi/p@v?arch=a&distro=wolfi-20230201", Assert.Single(Parse("P:p\nV:v\nA:a\n", wolfi)).Purl);
    }

    [Fact]
    public void Empty_corrupt_and_crlf_files()
    {
        Assert.Empty(Parse(""));
        Assert.Empty(Parse("\n\n"));
        Assert.Throws<CatalogerException>(() => Parse("this is a corrupt db\n\nP:x\nV:1\n"));
        Assert.Throws<CatalogerException>(() => Parse("C:abc\nZ:def\n"));
        Assert.Equal(["a", "b"], Parse("P:a\r\nV:1\r\n\r\nP:b\r\nV:2").Select(p => p.Name));
    }

    [Fact]
    public void Wants_only_the_installed_database()
    {
        var c = new ApkCataloger();
        Assert.True(c.Wants("lib/apk/db/installed"));
        Assert.False(c.Wants("lib/apk/db/triggers"));
        Assert.False(c.Wants("x/lib/apk/db/installed"));
    }
}
