using Palisade.Images.Catalogers;

namespace Palisade.Images.Tests.Catalogers;

/// <summary>Package URLs parse per the purl specification and round-trip through <see cref="PackageUrl.Build"/>.</summary>
public sealed class PackageUrlParseTests
{
    [Theory]
    [InlineData("pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie", "deb", "debian", "curl", "7.50.3-1")]
    [InlineData("pkg:npm/%40angular/animation@12.3.1", "npm", "@angular", "animation", "12.3.1")]
    [InlineData("pkg:golang/google.golang.org/genproto#googleapis/api/annotations", "golang", "google.golang.org", "genproto", null)]
    [InlineData("pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?packaging=sources", "maven", "org.apache.xmlgraphics", "batik-anim", "1.9.1")]
    [InlineData("pkg:PyPI/Django@1.11.1", "pypi", null, "Django", "1.11.1")]
    [InlineData("pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1", "deb", "debian", "zlib1g", "1:1.2.13.dfsg-1")]
    [InlineData("pkg:golang/github.com/a/b/v2@v2.0.0", "golang", "github.com/a/b", "v2", "v2.0.0")]
    public void Parses(string purl, string type, string? ns, string name, string? version)
    {
        var p = PackageUrl.TryParse(purl);
        Assert.NotNull(p);
        Assert.Equal((type, ns, name, version), (p.Type, p.Namespace, p.Name, p.Version));
    }

    [Fact]
    public void Qualifiers_and_subpath_are_decoded()
    {
        var p = PackageUrl.TryParse("pkg:rpm/fedora/curl@7.50.3-1.fc25?Arch=i386&distro=fedora-25&repository_url=https%3A%2F%2Fx.example#sub/path")!;
        Assert.Equal("i386", p.Qualifier("arch"));
        Assert.Equal("https://x.example", p.Qualifier("repository_url"));
        Assert.Equal("sub/path", p.Subpath);
    }

    [Theory]
    [InlineData("")]
    [InlineData("pkg:")]
    [InlineData("pkg:npm")]
    [InlineData("pkg:npm/")]
    [InlineData("http://x/y")]
    [InlineData("pkg:1npm/x@1")]
    [InlineData("pkg:npm/x@1%ZZ")]
    [InlineData("pkg:npm/x?novalue")]
    public void Rejects(string purl) => Assert.Null(PackageUrl.TryParse(purl));

    [Theory]
    [InlineData("deb", "debian", "libc6", "2.36-9+deb12u4")]
    [InlineData("npm", "@scope", "näme", "1.0.0-β")]
    [InlineData("golang", "github.com/x", "y", "v0.0.0-20240101000000-abcdefabcdef")]
    public void Round_trips(string type, string ns, string name, string version)
    {
        var p = PackageUrl.TryParse(PackageUrl.Build(type, ns, name, version, [new("distro", "debian-12")]))!;
        Assert.Equal((type, ns, name, version, "debian-12"), (p.Type, p.Namespace, p.Name, p.Version, p.Qualifier("distro")));
    }
}
