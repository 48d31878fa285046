using Palisade.Images.Catalogers;

namespace Palisade.Images.Tests.Catalogers;

public sealed class PackageUrlTests
{
    [Theory]
    [InlineData("1:1.3", "1%3A1.3")]
    [InlineData("2020a-0+deb10u1", "2020a-0%2Bdeb10u1")]
    [InlineData("1.2.4_git20230717-r4", "1.2.4_git20230717-r4")]
    [InlineData("6.14.0-1012.12~24.04.1", "6.14.0-1012.12~24.04.1")]
    [InlineData("a b/c@d?e#f", "a%20b%2Fc%40d%3Fe%23f")]
    [InlineData("é", "%C3%A9")]
    public void Encoding_keeps_only_unreserved_characters(string raw, string encoded) => Assert.Equal(encoded, PackageUrl.Encode(raw));

    [Fact]
    public void Deb_purl_has_sorted_qualifiers_and_an_encoded_epoch()
    {
        var purl = PackageUrl.Build("deb", "debian", "zlib1g", "1:1.3.dfsg-3", [new("upstream", "zlib"), new("distro", "debian-12"), new("arch", "amd64")]);
        Assert.Equal("pkg:deb/debian/zlib1g@1%3A1.3.dfsg-3?arch=amd64&distro=debian-12&upstream=zlib", purl);
    }

    [Fact]
    public void Empty_qualifiers_and_version_are_left_out()
    {
        Assert.Equal("pkg:deb/debian/apt?distro=debian-10", PackageUrl.Build("deb", "debian", "apt", "", [new("arch", null), new("distro", "debian-10"), new("upstream", "")]));
        Assert.Equal("pkg:apk/alpine/g%2B%2B@v84?arch=am86", PackageUrl.Build("apk", "alpine", "g++", "v84", [new("arch", "am86")]));
    }
}
