using System.Text;
using Palisade.Images.Catalogers;
using Palisade.Images.Sbom;

namespace Palisade.Images.Tests;

/// <summary>CycloneDX and SPDX documents read back into packages: our own, the specifications' examples, hostile ones.</summary>
public sealed class SbomReaderTests
{
    private static readonly SbomSubject Subject = new("registry.example.io/shop/api", "1.0", "container", "sha256:" + new string('a', 64),
    [
        new PackageRecord("zlib1g", "1:1.2.13.dfsg-1", "deb", "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib", ["Zlib"], "zlib", null, "amd64", "var/lib/dpkg/status", "sha256:" + new string('b', 64))
        {
            DependsOn = [new("libc6", "2.36-9+deb12u4")],
        },
        new PackageRecord("libc6", "2.36-9+deb12u4", "deb", "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12&upstream=glibc", [], "glibc", null, "amd64", "var/lib/dpkg/status", null),
        new PackageRecord("@scope/pkg", "2.0.0", "npm", "pkg:npm/%40scope/pkg@2.0.0", ["MIT"], null, null, null, "app/package-lock.json", null),
        new PackageRecord("github.com/x/y", "v1.2.3", "golang", "pkg:golang/github.com/x/y@v1.2.3", [], null, null, null, "usr/bin/app", null),
        new PackageRecord("no-purl", "1", "cargo", "", [], null, null, null, "Cargo.lock", null),
    ]);

    private static byte[] Written(Action<Stream, SbomSubject, SbomOptions?> writer)
    {
        using var s = new MemoryStream();
        writer(s, Subject, new SbomOptions { Deterministic = true });
        return s.ToArray();
    }

    [Theory]
    [InlineData("cyclonedx")]
    [InlineData("spdx")]
    public void Our_own_documents_read_back_to_the_same_packages_and_dependencies(string format)
    {
        var doc = SbomReader.Read(Written(format == "spdx" ? SbomWriters.WriteSpdx : SbomWriters.WriteCycloneDx), "bom.json");
        Assert.Equal(format, doc.Format);
        Assert.Equal(1, doc.ComponentsWithoutPurl);
        var read = doc.Subject.Packages.OrderBy(p => p.Purl, StringComparer.Ordinal).ToList();
        var expected = Subject.Packages.Where(p => p.Purl.Length > 0).OrderBy(p => p.Purl, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Select(p => (p.Name, p.Version, p.Type, p.Purl)), read.Select(p => (p.Name, p.Version, p.Type, p.Purl)));
        var zlib = read.Single(p => p.Name == "zlib1g");
        Assert.Equal(("zlib", "amd64"), (zlib.SourceName, zlib.Architecture));
        if (format == "cyclonedx")
        {
            // CycloneDX carries Palisade's location properties; SPDX only the file it was read from.
            Assert.Equal(("var/lib/dpkg/status", "sha256:" + new string('b', 64)), (zlib.FoundIn, zlib.LayerDigest));
            Assert.Equal("registry.example.io/shop/api", doc.Subject.Name);
            Assert.Equal("sha256:" + new string('a', 64), doc.Subject.Digest);
        }
        Assert.Equal([new PackageKey("libc6", "2.36-9+deb12u4")], zlib.DependsOn);
    }

    public static TheoryData<string> CycloneDxExamples() =>
        new(Directory.EnumerateFiles(SchemaCheck.Shared("cyclonedx-spec", "tools", "src", "test", "resources"), "valid-*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(SchemaCheck.Shared("cyclonedx-spec"), f)).Order(StringComparer.Ordinal));

    /// <summary>Every valid example of the CycloneDX specification's test corpus (1.5 to 1.7) reads; purls parse.</summary>
    [Theory]
    [MemberData(nameof(CycloneDxExamples))]
    public void The_CycloneDX_specification_examples_read(string file)
    {
        var doc = SbomReader.Read(File.ReadAllBytes(SchemaCheck.Shared("cyclonedx-spec", file)), file);
        Assert.Equal("cyclonedx", doc.Format);
        Assert.All(doc.Subject.Packages, p => Assert.NotNull(PackageUrl.TryParse(p.Purl)));
    }

    [Fact]
    public void The_SPDX_example_reads_its_purl_packages()
    {
        var doc = SbomReader.Read(File.ReadAllBytes(SchemaCheck.Shared("spdx-spec", "v2.3.1", "examples", "SPDXJSONExample-v2.3.spdx.json")), "example.spdx.json");
        Assert.Equal("spdx", doc.Format);
        var p = Assert.Single(doc.Subject.Packages);
        Assert.Equal("pkg:maven/org.apache.jena/apache-jena@3.12.0", p.Purl);
        Assert.Equal(("maven", "3.12.0"), (p.Type, p.Version));
    }

    public static TheoryData<string, string> BadDocuments() => new()
    {
        { "not JSON", "<bom/>" },
        { "neither a CycloneDX", """{"hello": 1}""" },
        { "the top level is not an object", "[1,2]" },
        { "a component is not an object", """{"bomFormat":"CycloneDX","components":[1]}""" },
        { "not JSON", new string('[', 10_000) + new string(']', 10_000) },
    };

    [Theory]
    [MemberData(nameof(BadDocuments))]
    public void Bad_documents_are_clear_errors(string expected, string text)
    {
        var e = Assert.Throws<SbomFormatException>(() => SbomReader.Read(Encoding.UTF8.GetBytes(text), "x.json"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_components_are_read_without_recursion()
    {
        var sb = new StringBuilder("""{"bomFormat":"CycloneDX","components":[""");
        const int depth = 60;
        for (var i = 0; i < depth; i++) sb.Append($$"""{"type":"library","name":"p{{i}}","purl":"pkg:npm/p{{i}}@1.0.{{i}}","components":[""");
        for (var i = 0; i < depth; i++) sb.Append("]}");
        sb.Append("]}");
        Assert.Equal(depth, SbomReader.Read(Encoding.UTF8.GetBytes(sb.ToString()), "x.json").Subject.Packages.Count);
    }
}
