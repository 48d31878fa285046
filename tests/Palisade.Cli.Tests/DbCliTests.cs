using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Palisade.Cli.Tests.Infrastructure;
using Palisade.Vulnerabilities.Database;

namespace Palisade.Cli.Tests;

/// <summary>`palisade db import|update|status`: exit codes, output, and atomicity against a killed import.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class DbCliTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private string Db => _tree.PathOf("db/palisade.db");

    private static string Osv { get; } = Path.Combine(RepoPaths.Conformance, "osv");

    private static string GoRecords => Path.Combine(Osv, "golang-vulndb", "data", "osv");

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static string Record(string id, string name) => $$"""
        {"id": "{{id}}", "modified": "2024-01-01T00:00:00Z", "summary": "demo {{id}}",
         "affected": [{"package": {"ecosystem": "PyPI", "name": "{{name}}"},
                       "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0"}]}]}]}
        """;

    /// <summary>A zip of <paramref name="count"/> records made from the real Go records, each with a new id.</summary>
    private static void MultipliedZip(string path, int count)
    {
        var originals = Directory.GetFiles(GoRecords, "*.json").Order(StringComparer.Ordinal)
            .Select(f => (Id: Path.GetFileNameWithoutExtension(f), Text: File.ReadAllText(f))).ToList();
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        for (var i = 0; i < count; i++)
        {
            var (id, text) = originals[i % originals.Count];
            using var s = zip.CreateEntry($"{id}-K{i}.json", CompressionLevel.Fastest).Open();
            s.Write(Encoding.UTF8.GetBytes(text.Replace($"\"id\": \"{id}\"", $"\"id\": \"{id}-K{i}\"", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void Status_without_a_database_is_a_usage_error()
    {
        var r = Runner.Run("db", "status", "--db", Db);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no vulnerability database at", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("palisade db update", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Import_then_status_as_table_and_json()
    {
        var pypa = Path.Combine(Osv, "pypa-advisory-database");
        var r = Runner.Run("db", "import", GoRecords, pypa, "--db", Db);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("142 advisories read (142 new", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("advisories/s", r.Stdout, StringComparison.Ordinal);

        var table = Runner.Run("db", "status", "--db", Db);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("Schema       2", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("Advisories   142 (0 withdrawn, 0 flagged)", table.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"\nGo\s+84\s+0\n", table.Stdout);
        Assert.Matches(@"\nPyPI\s+58\s+0\n", table.Stdout);
        Assert.Contains(pypa, table.Stdout, StringComparison.Ordinal);

        var json = Runner.Run("db", "status", "--db", Db, "--format", "json");
        Assert.True(json.ExitCode == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.Stdout);
        var root = doc.RootElement;
        Assert.Equal(2, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(142, root.GetProperty("advisories").GetInt64());
        Assert.Equal(Db, root.GetProperty("path").GetString());
        Assert.True(root.GetProperty("sizeBytes").GetInt64() > 0);
        Assert.Contains(root.GetProperty("ecosystems").EnumerateArray(), e => e.GetProperty("ecosystem").GetString() == "Go" && e.GetProperty("advisories").GetInt64() == 84);
        Assert.Equal(2, root.GetProperty("sources").GetArrayLength());
        Assert.Equal(2, Runner.Run("db", "status", "--db", Db, "--format", "xml").ExitCode);
    }

    [Fact]
    public void Invalid_records_are_warnings_nothing_valid_is_exit_2()
    {
        _tree.Write("in/good.json", Record("G-1", "good"));
        _tree.Write("in/bad.json", "{\"summary\": \"no id\"}");
        var r = Runner.Run("db", "import", _tree.PathOf("in"), "--db", Db);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("bad.json: the record has no id", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("1 invalid", r.Stdout, StringComparison.Ordinal);
        var quiet = Runner.Run("db", "import", _tree.PathOf("in"), "--db", Db, "--quiet");
        Assert.Equal("", quiet.Stderr);

        _tree.Write("bad/bad.json", "{\"summary\": \"no id\"}");
        var none = Runner.Run("db", "import", _tree.PathOf("bad"), "--db", Db);
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("no valid OSV record", none.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, Runner.Run("db", "import", _tree.PathOf("missing"), "--db", Db).ExitCode);
        Assert.Equal(2, Runner.Run("db", "import", "--db", Db).ExitCode);
    }

    [Fact]
    public void A_database_of_an_older_schema_is_exit_2_until_imported_again()
    {
        _tree.Write("in/PYSEC-1.json", Record("PYSEC-1", "demo"));
        Assert.Equal(0, Runner.Run("db", "import", _tree.PathOf("in"), "--db", Db, "-q").ExitCode);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE meta SET value = '1' WHERE key = 'schema_version'";
            command.ExecuteNonQuery();
        }
        _tree.Write("sbom.json", """{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library", "name": "demo", "version": "1.0", "purl": "pkg:pypi/demo@1.0"}]}""");
        foreach (var args in new[] { new[] { "db", "status", "--db", Db }, ["sbom-scan", _tree.PathOf("sbom.json"), "--db", Db, "-q"] })
        {
            var refused = Runner.Run(args);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("schema version 1, from an older Palisade", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains("'palisade db update' (or 'palisade db import PATH...')", refused.Stderr, StringComparison.Ordinal);
        }
        var import = Runner.Run("db", "import", _tree.PathOf("in"), "--db", Db);
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("had schema version 1 (an older Palisade): rebuilt from this input alone", import.Stderr, StringComparison.Ordinal);
        var scan = Runner.Run("sbom-scan", _tree.PathOf("sbom.json"), "--db", Db, "-q", "-f", "json");
        Assert.True(scan.ExitCode == 0, scan.ToString());
        Assert.Contains("PYSEC-1", scan.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_zip_is_exit_2_and_the_database_is_untouched()
    {
        Assert.Equal(0, Runner.Run("db", "import", GoRecords, "--db", Db).ExitCode);
        var before = Hash(Db);
        File.WriteAllText(_tree.PathOf("all.zip"), "<html>not a zip</html>");
        var r = Runner.Run("db", "import", _tree.PathOf("all.zip"), "--db", Db);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not a readable zip archive", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, Hash(Db));
    }

    [Fact]
    public void Update_from_a_directory_mirror_and_usage_errors()
    {
        var mirror = _tree.PathOf("mirror");
        Directory.CreateDirectory(Path.Combine(mirror, "PyPI"));
        using (var file = File.Create(Path.Combine(mirror, "PyPI", "all.zip")))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            foreach (var i in Enumerable.Range(0, 5))
            {
                using var s = zip.CreateEntry($"PYSEC-{i}.json").Open();
                s.Write(Encoding.UTF8.GetBytes(Record($"PYSEC-{i}", $"pkg-{i}")));
            }
        }
        var r = Runner.Run("db", "update", "--mirror", new Uri(mirror).AbsoluteUri, "--ecosystems", "PyPI", "--db", Db);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("5 advisories read (5 new", r.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, Runner.Run("db", "update", "--mirror", mirror, "--ecosystems", "npm", "--db", Db).ExitCode);
        Assert.Equal(2, Runner.Run("db", "update", "--mirror", mirror, "--ecosystems", ",", "--db", Db).ExitCode);
        Assert.Equal(2, Runner.Run("db", "update", "--mirror", "ftp://example.com", "--ecosystems", "PyPI", "--db", Db).ExitCode);
    }

    [Fact]
    public void The_default_database_lives_in_the_cache_directory()
    {
        var cache = _tree.PathOf("cache");
        _tree.Write("in/A-1.json", Record("A-1", "a"));
        var r = Runner.WithEnvironment(new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = cache }, () => Runner.Run("db", "import", _tree.PathOf("in")));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(File.Exists(Path.Combine(cache, "palisade", "db", "palisade.db")));
    }

    [Fact]
    public void A_killed_import_leaves_the_previous_database_intact_and_usable()
    {
        _tree.Write("old/OLD-1.json", Record("OLD-1", "old-package"));
        var first = Runner.RunProcess(_tree.Root, null, "db", "import", _tree.PathOf("old"), "--db", Db);
        Assert.True(first.ExitCode == 0, first.ToString());
        var before = Hash(Db);
        var big = _tree.PathOf("big.zip");
        MultipliedZip(big, 150_000);

        var start = new ProcessStartInfo(Runner.DotnetHost())
        {
            WorkingDirectory = _tree.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])[Runner.BuiltDll, "db", "import", big, "--db", Db]) start.ArgumentList.Add(a);
        string[] Asides() => Directory.GetFiles(Path.GetDirectoryName(Db)!, "palisade.db.import-*");
        using (var process = Process.Start(start)!)
        {
            process.StandardInput.Close();
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            // Wait until the import is building its aside file, let it write for a moment, then kill it.
            var waited = Stopwatch.StartNew();
            while (Asides().Length == 0 && !process.HasExited && waited.Elapsed < TimeSpan.FromMinutes(1)) Thread.Sleep(5);
            Thread.Sleep(300);
            Assert.False(process.HasExited, "the import ended before it could be killed");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        Assert.NotEmpty(Asides());

        // The database is the one from before, byte for byte, and answers as before.
        Assert.Equal(before, Hash(Db));
        var status = Runner.RunProcess(_tree.Root, null, "db", "status", "--db", Db, "--format", "json");
        Assert.True(status.ExitCode == 0, status.ToString());
        using (var doc = JsonDocument.Parse(status.Stdout)) Assert.Equal(1, doc.RootElement.GetProperty("advisories").GetInt64());
        using (var db = VulnerabilityDatabase.Open(Db))
        {
            Assert.Equal("OLD-1", Assert.Single(db.Lookup("PyPI", "old-package")).Id);
            Assert.Empty(db.Lookup("Go", "github.com/gin-gonic/gin"));
        }

        // The next import is not bothered by the leftover, and removes it.
        _tree.Write("new/NEW-1.json", Record("NEW-1", "new-package"));
        var next = Runner.RunProcess(_tree.Root, null, "db", "import", _tree.PathOf("new"), "--db", Db);
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Empty(Asides());
        using (var db = VulnerabilityDatabase.Open(Db))
        {
            Assert.Single(db.Lookup("PyPI", "old-package"));
            Assert.Single(db.Lookup("PyPI", "new-package"));
            Assert.Equal(2, db.Status().Advisories);
        }
    }
}
