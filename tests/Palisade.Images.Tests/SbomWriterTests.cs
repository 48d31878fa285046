using System.Text;
using System.Text.Json;
using Palisade.Images.Catalogers;
using Palisade.Images.Sbom;

namespace Palisade.Images.Tests;

/// <summary>CycloneDX 1.6 and SPDX 2.3 documents validate against the specifications' own schemas (Ajv) and are deterministic on request.</summary>
public sealed class SbomWriterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "palisade-sbom-" + Guid.NewGuid().ToString("N"));

    public SbomWriterTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly SbomSubject Subject = new("registry.example.io/shop/api", "1.0", "container", "sha256:" + new string('a', 64),
    [
        new PackageRecord("zlib1g", "1:1.2.13.dfsg-1", "deb", "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib", ["Zlib"], "zlib", null, "amd64", "var/lib/dpkg/status", "sha256:" + new string('b', 64))
        {
            // libc6 is in the same database; "missing" is not (left out); musl is in another file (left out).
            DependsOn = [new("libc6", "2.36-9+deb12u4"), new("missing", "1"), new("musl", "1.2.4-r2")],
        },
        new PackageRecord("libc6", "2.36-9+deb12u4", "deb", "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12&upstream=glibc", ["GPL-2.0-only", "LGPL-2.1-only"], "glibc", null, "amd64", "var/lib/dpkg/status", null),
        new PackageRecord("musl", "1.2.4-r2", "apk", "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.18.0", ["MIT"], "musl", null, "x86_64", "lib/apk/db/installed", null),
        new PackageRecord("musl", "1.2.4-r2", "apk", "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.18.0", [], null, null, null, "other/lib/apk/db/installed", null),
        new PackageRecord("no version \"quoted\" <name>", "", "deb", "", [], null, null, null, "x/status", null),
    ]);

    private static (int Exit, string Output) Validate(string schema, string file) => SchemaCheck.Validate(schema, file);

    private static string Shared(params string[] parts) => SchemaCheck.Shared(parts);

    private string Write(Action<Stream, SbomSubject, SbomOptions?> writer, string name, SbomOptions? options = null)
    {
        var path = Path.Combine(_dir, name);
        using (var fs = File.Create(path)) writer(fs, Subject, options);
        return path;
    }

    [Fact]
    public void CycloneDx_validates_against_the_1_6_schema()
    {
        var (exit, output) = Validate(Shared("cyclonedx-spec", "schema", "bom-1.6.schema.json"), Write(SbomWriters.WriteCycloneDx, "bom.cdx.json"));
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void Spdx_validates_against_the_2_3_schema()
    {
        var (exit, output) = Validate(Shared("spdx-spec", "v2.3.1", "schemas", "spdx-schema.json"), Write(SbomWriters.WriteSpdx, "bom.spdx.json"));
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void The_upstream_spdx_example_validates_with_the_same_validator()
    {
        var (exit, output) = Validate(Shared("spdx-spec", "v2.3.1", "schemas", "spdx-schema.json"), Shared("spdx-spec", "v2.3.1", "examples", "SPDXJSONExample-v2.3.spdx.json"));
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void Deterministic_output_is_byte_identical_and_otherwise_serials_differ()
    {
        var d = new SbomOptions { Deterministic = true };
        Assert.Equal(File.ReadAllBytes(Write(SbomWriters.WriteCycloneDx, "a.json", d)), File.ReadAllBytes(Write(SbomWriters.WriteCycloneDx, "b.json", d)));
        Assert.Equal(File.ReadAllBytes(Write(SbomWriters.WriteSpdx, "c.json", d)), File.ReadAllBytes(Write(SbomWriters.WriteSpdx, "d.json", d)));
        Assert.NotEqual(File.ReadAllText(Write(SbomWriters.WriteCycloneDx, "e.json")), File.ReadAllText(Write(SbomWriters.WriteCycloneDx, "f.json")));
    }

    [Fact]
    public void Dependencies_recorded_in_a_database_become_CycloneDX_dependencies_and_SPDX_DEPENDS_ON()
    {
        using var cdx = JsonDocument.Parse(File.ReadAllText(Write(SbomWriters.WriteCycloneDx, "deps.cdx.json")));
        var dependencies = cdx.RootElement.GetProperty("dependencies").EnumerateArray()
            .ToDictionary(d => d.GetProperty("ref").GetString()!, d => d.GetProperty("dependsOn").EnumerateArray().Select(x => x.GetString()).ToList());
        Assert.Equal([Subject.Packages[1].Purl], dependencies[Subject.Packages[0].Purl]);
        Assert.Equal(2, dependencies.Count);  // the subject, and zlib1g

        using var spdx = JsonDocument.Parse(File.ReadAllText(Write(SbomWriters.WriteSpdx, "deps.spdx.json")));
        var names = spdx.RootElement.GetProperty("packages").EnumerateArray()
            .ToDictionary(p => p.GetProperty("SPDXID").GetString()!, p => p.GetProperty("name").GetString());
        var dependsOn = spdx.RootElement.GetProperty("relationships").EnumerateArray()
            .Where(r => r.GetProperty("relationshipType").GetString() == "DEPENDS_ON")
            .Select(r => (names[r.GetProperty("spdxElementId").GetString()!], names[r.GetProperty("relatedSpdxElement").GetString()!]))
            .ToList();
        Assert.Equal([("zlib1g", "libc6")], dependsOn);
    }

    [Fact]
    public void Every_package_appears_once_with_its_purl_location_and_layer()
    {
        using var cdx = JsonDocument.Parse(File.ReadAllText(Write(SbomWriters.WriteCycloneDx, "g.json")));
        var components = cdx.RootElement.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(Subject.Packages.Count, components.Count);
        Assert.Equal(components.Count, components.Select(c => c.GetProperty("bom-ref").GetString()).Distinct().Count());
        var zlib = components.Single(c => c.GetProperty("name").GetString() == "zlib1g");
        Assert.Equal(Subject.Packages[0].Purl, zlib.GetProperty("purl").GetString());
        var props = zlib.GetProperty("properties").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("value").GetString());
        Assert.Equal("var/lib/dpkg/status", props["palisade:location:path"]);
        Assert.Equal("sha256:" + new string('b', 64), props["palisade:layer:digest"]);
        var deps = cdx.RootElement.GetProperty("dependencies")[0].GetProperty("dependsOn").GetArrayLength();
        Assert.Equal(components.Count, deps);
        using var spdx = JsonDocument.Parse(File.ReadAllText(Write(SbomWriters.WriteSpdx, "h.json")));
        Assert.Equal(Subject.Packages.Count + 1, spdx.RootElement.GetProperty("packages").GetArrayLength());
        // DESCRIBES, one CONTAINS per package, and zlib1g DEPENDS_ON libc6.
        Assert.Equal(Subject.Packages.Count + 2, spdx.RootElement.GetProperty("relationships").GetArrayLength());
        Assert.Contains("zlib1g", Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(_dir, "h.json"))), StringComparison.Ordinal);
    }
}
