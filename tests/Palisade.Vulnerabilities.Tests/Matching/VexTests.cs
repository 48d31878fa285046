using System.Text;
using Palisade.Vulnerabilities.Matching;

namespace Palisade.Vulnerabilities.Tests.Matching;

/// <summary>OpenVEX and CycloneDX VEX statements suppress exactly the findings they speak for.</summary>
public sealed class VexTests
{
    private static VexSet Load(string json, string name = "vex.json")
    {
        var set = new VexSet();
        set.Load(Encoding.UTF8.GetBytes(json), name);
        return set;
    }

    private const string OpenVex = """
        {
          "@context": "https://openvex.dev/ns/v0.2.0",
          "@id": "https://example.com/vex/1",
          "author": "Shop security team",
          "timestamp": "2026-01-01T00:00:00Z",
          "version": 1,
          "statements": [
            {"vulnerability": {"name": "CVE-2023-0001", "aliases": ["GHSA-aaaa-bbbb-cccc"]},
             "products": [{"@id": "pkg:npm/lodash@4.17.20"}],
             "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"},
            {"vulnerability": {"name": "CVE-2023-0002"},
             "products": [{"@id": "pkg:oci/shop", "subcomponents": [{"@id": "pkg:deb/debian/openssl"}]}],
             "status": "fixed"},
            {"vulnerability": {"name": "CVE-2023-0003"}, "products": [{"@id": "pkg:npm/lodash"}], "status": "affected"},
            {"vulnerability": {"name": "CVE-2023-0004"}, "products": [{"@id": "pkg:deb/debian/curl?distro=debian-12"}], "status": "not_affected"}
          ]
        }
        """;

    [Fact]
    public void OpenVex_not_affected_and_fixed_suppress_and_affected_does_not()
    {
        var vex = Load(OpenVex);
        Assert.NotNull(vex.Suppressing("CVE-2023-0001", [], "pkg:npm/lodash@4.17.20"));
        Assert.NotNull(vex.Suppressing("GHSA-xxxx", ["CVE-2023-0001"], "pkg:npm/lodash@4.17.20"));  // by alias
        Assert.NotNull(vex.Suppressing("GHSA-aaaa-bbbb-cccc", [], "pkg:npm/lodash@4.17.20"));      // by the statement's alias
        Assert.Null(vex.Suppressing("CVE-2023-0001", [], "pkg:npm/lodash@4.17.21"));              // another version
        Assert.Null(vex.Suppressing("CVE-2023-0001", [], "pkg:npm/underscore@4.17.20"));
        Assert.NotNull(vex.Suppressing("CVE-2023-0002", [], "pkg:deb/debian/openssl@3.0.11-1?arch=amd64"));  // versionless subcomponent
        Assert.Null(vex.Suppressing("CVE-2023-0003", [], "pkg:npm/lodash@4.17.20"));
        Assert.NotNull(vex.Suppressing("CVE-2023-0004", [], "pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12"));
        Assert.Null(vex.Suppressing("CVE-2023-0004", [], "pkg:deb/debian/curl@7.88.1-10?distro=debian-11"));  // qualifier differs
    }

    [Fact]
    public void OpenVex_0_0_1_string_vulnerabilities_and_products_are_read()
    {
        var vex = Load("""
            {"@context": "https://openvex.dev/ns", "statements": [
              {"vulnerability": "CVE-2022-1", "products": ["pkg:pypi/django@3.2.0"], "status": "not_affected"}]}
            """);
        Assert.NotNull(vex.Suppressing("CVE-2022-1", [], "pkg:pypi/django@3.2.0"));
    }

    [Fact]
    public void The_CycloneDX_specification_vex_example_suppresses_its_component()
    {
        var path = Path.Combine(TestData.Osv, "..", "cyclonedx-spec", "tools", "src", "test", "resources", "1.6", "valid-vulnerability-1.6.json");
        var vex = new VexSet();
        vex.Load(File.ReadAllBytes(path), path);
        // SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111 (also CVE-2018-7489) is not_affected in jackson-databind 2.9.4.
        Assert.NotNull(vex.Suppressing("CVE-2018-7489", [], "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4"));
        Assert.NotNull(vex.Suppressing("SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111", [], "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4"));
        Assert.Null(vex.Suppressing("CVE-2018-7489", [], "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.5"));
    }

    [Fact]
    public void CycloneDx_vex_resolves_bom_refs_and_bom_links()
    {
        var vex = Load("""
            {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
             "components": [{"type": "library", "bom-ref": "lib-1", "name": "requests", "version": "2.19.0", "purl": "pkg:pypi/requests@2.19.0"}],
             "vulnerabilities": [
               {"id": "PYSEC-2018-28", "analysis": {"state": "false_positive"}, "affects": [{"ref": "lib-1"}]},
               {"id": "CVE-2024-1", "analysis": {"state": "resolved"}, "affects": [{"ref": "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#lib-1"}]},
               {"id": "CVE-2024-2", "analysis": {"state": "in_triage"}, "affects": [{"ref": "lib-1"}]},
               {"id": "CVE-2024-3", "analysis": {"state": "not_affected"}, "affects": [{"ref": "unknown-ref"}]}]}
            """);
        Assert.NotNull(vex.Suppressing("PYSEC-2018-28", [], "pkg:pypi/requests@2.19.0"));
        Assert.NotNull(vex.Suppressing("CVE-2024-1", [], "pkg:pypi/requests@2.19.0"));
        Assert.Null(vex.Suppressing("CVE-2024-2", [], "pkg:pypi/requests@2.19.0"));
        Assert.Null(vex.Suppressing("CVE-2024-3", [], "pkg:pypi/requests@2.19.0"));
    }

    [Theory]
    [InlineData("{", "not JSON")]
    [InlineData("[]", "not an object")]
    [InlineData("""{"hello": 1}""", "neither an OpenVEX")]
    [InlineData("""{"@context": "https://openvex.dev/ns/v0.2.0"}""", "without a \"statements\" array")]
    [InlineData("""{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"status": "fixed"}]}""", "names no vulnerability")]
    [InlineData("""{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"vulnerability": "CVE-1", "status": "maybe"}]}""", "unknown status")]
    [InlineData("""{"bomFormat": "CycloneDX", "components": []}""", "not a VEX document")]
    public void Bad_documents_are_clear_errors(string json, string expected)
    {
        var e = Assert.Throws<VexFormatException>(() => Load(json, "bad.vex.json"));
        Assert.StartsWith("bad.vex.json: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
