using System.Text.Json;
using Palisade.Cli.Tests.Infrastructure;

namespace Palisade.Cli.Tests;

/// <summary>`palisade fs` and `palisade sbom-scan` against a database of real PyPA and Go advisories.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class FsAndSbomScanTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly string _db;

    public FsAndSbomScanTests()
    {
        var osv = Path.Combine(RepoPaths.Conformance, "osv");
        _db = Path.Combine(_tree.Root, "..", $"vuln-{Guid.NewGuid():N}.db");
        var import = Runner.Run("db", "import", "--db", _db, "-q",
            Path.Combine(osv, "pypa-advisory-database", "vulns", "requests"), Path.Combine(osv, "golang-vulndb", "data", "osv"));
        Assert.True(import.ExitCode == 0, import.ToString());
        _tree.Write("app/requirements.txt", "requests==2.30.0\nflask==3.0.3\n");
        _tree.Write("svc/go.mod", "module example.com/svc\n\ngo 1.22\n\nrequire golang.org/x/net v0.7.0\n");
    }

    public void Dispose()
    {
        _tree.Dispose();
        File.Delete(_db);
    }

    [Fact]
    public void Fs_reports_lock_file_vulnerabilities_per_file()
    {
        var r = Runner.Run("fs", _tree.Root, "--db", _db, "-f", "json", "-q");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var byTarget = doc.RootElement.GetProperty("results").EnumerateArray()
            .ToDictionary(t => t.GetProperty("target").GetString()!, t => t.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).ToList());
        Assert.Contains("CVE-2023-32681", byTarget["app/requirements.txt"]);
        Assert.NotEmpty(byTarget["svc/go.mod"]);
    }

    [Fact]
    public void Fs_exit_code_and_vex()
    {
        Assert.Equal(1, Runner.Run("fs", _tree.Root, "--db", _db, "--exit-code", "-q").ExitCode);
        var vex = Path.Combine(_tree.Root, "..", $"vex-{Guid.NewGuid():N}.json");
        File.WriteAllText(vex, """
            {"@context": "https://openvex.dev/ns/v0.2.0", "statements": [
              {"vulnerability": {"name": "PYSEC-2023-74"}, "products": [{"@id": "pkg:pypi/requests@2.30.0"}], "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}]}
            """);
        try
        {
            var r = Runner.Run("fs", Path.Combine(_tree.Root, "app"), "--db", _db, "--vex", vex, "-f", "json", "--exit-code");
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.DoesNotContain("CVE-2023-32681", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("suppressed by VEX", r.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(vex);
        }
    }

    [Fact]
    public void Sbom_scan_reads_a_cyclonedx_sbom_written_by_palisade_sbom()
    {
        var sbom = Path.Combine(_tree.Root, "..", $"sbom-{Guid.NewGuid():N}.cdx.json");
        try
        {
            var made = Runner.Run("sbom", _tree.Root, "-o", "cyclonedx-json=" + sbom, "-q");
            Assert.True(made.ExitCode == 0, made.ToString());
            var r = Runner.Run("sbom-scan", sbom, "--db", _db, "-f", "json", "-q");
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Contains("CVE-2023-32681", r.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(sbom);
        }
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"hello\": 1}")]
    public void A_bad_sbom_is_an_input_error(string text)
    {
        var file = Path.Combine(_tree.Root, "bad.json");
        File.WriteAllText(file, text);
        var r = Runner.Run("sbom-scan", file, "--db", _db);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad.json", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_vex_document_is_an_input_error()
    {
        var vex = Path.Combine(_tree.Root, "vex.json");
        File.WriteAllText(vex, "{\"statements\": []}");
        var r = Runner.Run("fs", _tree.Root, "--db", _db, "--vex", vex);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("neither an OpenVEX", r.Stderr, StringComparison.Ordinal);
    }
}
