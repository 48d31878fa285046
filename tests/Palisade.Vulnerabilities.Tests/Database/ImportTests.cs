using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Palisade.Vulnerabilities.Database;
using Palisade.Vulnerabilities.Osv;

namespace Palisade.Vulnerabilities.Tests.Database;

public sealed class ImportTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Db => _dir.PathOf("db/palisade.db");

    private ImportResult Import(params string[] paths) => DatabaseImporter.Import(Db, paths.Select(p => new ImportSource(p)).ToList());

    private ImportResult Import(ImportOptions options, params string[] paths) => DatabaseImporter.Import(Db, paths.Select(p => new ImportSource(p)).ToList(), options);

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private string[] Leftovers() => Directory.GetFiles(Path.GetDirectoryName(Db)!).Select(Path.GetFileName).Where(n => n!.Contains(".import-", StringComparison.Ordinal)).ToArray()!;

    [Fact]
    public void Imports_real_json_and_yaml_records_and_finds_them_by_package()
    {
        var go = Path.Combine(TestData.Osv, "golang-vulndb");
        var pypa = Path.Combine(TestData.Osv, "pypa-advisory-database");
        var result = Import(go, pypa);
        Assert.Equal(84 + 58, result.Statistics.Valid);
        Assert.Equal(0, result.Statistics.Invalid);
        Assert.Empty(result.Errors);
        Assert.True(result.Statistics.AdvisoriesPerSecond > 0);

        using var db = VulnerabilityDatabase.Open(Db);
        var gin = db.Lookup("Go", "github.com/gin-gonic/gin");
        Assert.Contains(gin, r => r.Id == "GO-2020-0001");
        Assert.All(gin, r => Assert.Contains(r.Affected, a => a.Package?.Name == "github.com/gin-gonic/gin"));
        // PEP 503: any spelling of the name finds the records.
        var django = db.Lookup("PyPI", "Django");
        Assert.Contains(django, r => r.Id == "PYSEC-2024-58");
        Assert.Equal(django.Select(r => r.Id), db.Lookup("PyPI", "django").Select(r => r.Id));
        Assert.Equal(django.Select(r => r.Id), django.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.Empty(db.Lookup("npm", "django"));
        Assert.Empty(db.Lookup("PyPI", "no-such-package"));

        var record = db.Get("PYSEC-2024-58");
        Assert.NotNull(record);
        Assert.Equal("5.0.7", record.Affected[0].Ranges[0].Events[1].Version);
        Assert.StartsWith("An issue was discovered in Django", record.Details, StringComparison.Ordinal);
        Assert.Null(db.Get("PYSEC-0000-0"));
        Assert.Equal(["PYSEC-2024-58"], db.FindByAlias("CVE-2024-39330").Select(r => r.Id));
        Assert.Equal(["GO-2020-0001"], db.FindByAlias("GO-2020-0001").Select(r => r.Id));

        var status = db.Status();
        Assert.Equal(2, status.SchemaVersion);
        Assert.Equal(142, status.Advisories);
        Assert.Equal(84, status.Ecosystems.Single(e => e.Ecosystem == "Go").Advisories);
        Assert.Equal(58, status.Ecosystems.Single(e => e.Ecosystem == "PyPI").Advisories);
        Assert.Equal([Path.GetFullPath(go), Path.GetFullPath(pypa)], status.Sources.Select(s => s.Source));
        Assert.Equal(84, status.Sources[0].Records);
        Assert.NotNull(status.LastUpdate);
        Assert.True(status.FileSize > 0);
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void Stored_records_read_back_exactly_as_read_from_their_files()
    {
        var files = TestData.GoRecords().Take(20).Concat(TestData.PypaRecords().Take(10)).ToList();
        Directory.CreateDirectory(_dir.PathOf("in"));
        foreach (var f in files) File.Copy(f, _dir.PathOf("in/" + Path.GetFileName(f)));
        Import(_dir.PathOf("in"));
        using var db = VulnerabilityDatabase.Open(Db);
        foreach (var f in files)
        {
            var expected = OsvFiles.Read(f);
            var stored = db.Get(expected.Id);
            Assert.NotNull(stored);
            Assert.Equal(Encoding.UTF8.GetString(OsvJsonWriter.ToUtf8(expected)), Encoding.UTF8.GetString(OsvJsonWriter.ToUtf8(stored)));
        }
    }

    [Fact]
    public void A_later_modified_replaces_the_record_and_its_lookup_rows_an_earlier_one_does_not()
    {
        _dir.Write("v1/X-1.json", TestData.Record("X-1", name: "old-name", modified: "2024-01-01T00:00:00Z", alias: "CVE-1"));
        Import(_dir.PathOf("v1"));
        _dir.Write("v2/X-1.json", TestData.Record("X-1", name: "new-name", modified: "2024-02-01T00:00:00Z", alias: "CVE-2"));
        var r2 = Import(_dir.PathOf("v2"));
        Assert.Equal(1, r2.Statistics.Updated);
        _dir.Write("v0/X-1.json", TestData.Record("X-1", name: "older-name", modified: "2023-12-01T00:00:00Z"));
        _dir.Write("same/X-1.json", TestData.Record("X-1", name: "same-time-name", modified: "2024-02-01T00:00:00Z"));
        var r3 = Import(_dir.PathOf("v0"), _dir.PathOf("same"));
        Assert.Equal(2, r3.Statistics.NotNewer);
        Assert.Equal(0, r3.Statistics.Updated);

        using var db = VulnerabilityDatabase.Open(Db);
        Assert.Empty(db.Lookup("PyPI", "old-name"));
        Assert.Empty(db.Lookup("PyPI", "older-name"));
        Assert.Empty(db.Lookup("PyPI", "same-time-name"));
        Assert.Equal("X-1", Assert.Single(db.Lookup("PyPI", "new-name")).Id);
        Assert.Empty(db.FindByAlias("CVE-1"));
        Assert.Single(db.FindByAlias("CVE-2"));
        var status = db.Status();
        Assert.Equal(1, status.Advisories);
        Assert.Equal(1, status.Ecosystems.Single().Advisories);
    }

    [Fact]
    public void Within_one_import_the_latest_modified_of_an_id_wins()
    {
        _dir.Write("in/a.json", TestData.Record("X-1", name: "second", modified: "2024-03-01T00:00:00Z"));
        _dir.Write("in/b.json", TestData.Record("X-1", name: "first", modified: "2024-01-01T00:00:00Z"));
        _dir.Write("in/c.json", TestData.Record("X-1", name: "third", modified: "2024-05-01T00:00:00Z"));
        var result = Import(_dir.PathOf("in"));
        Assert.Equal((1, 1, 1), (result.Statistics.Inserted, result.Statistics.NotNewer, result.Statistics.Updated));
        using var db = VulnerabilityDatabase.Open(Db);
        Assert.Single(db.Lookup("PyPI", "third"));
        Assert.Empty(db.Lookup("PyPI", "second"));
    }

    [Fact]
    public void Withdrawn_records_are_stored_flagged_and_left_out_of_lookups_unless_asked()
    {
        _dir.Write("in/W-1.json", TestData.Record("W-1", name: "pkg", withdrawn: "2024-02-01T00:00:00Z"));
        _dir.Write("in/W-2.json", TestData.Record("W-2", name: "pkg"));
        var result = Import(_dir.PathOf("in"));
        Assert.Equal(1, result.Statistics.Withdrawn);
        using var db = VulnerabilityDatabase.Open(Db);
        Assert.Equal(["W-2"], db.Lookup("PyPI", "pkg").Select(r => r.Id));
        Assert.Equal(["W-1", "W-2"], db.Lookup("PyPI", "pkg", includeWithdrawn: true).Select(r => r.Id));
        Assert.True(db.Get("W-1")!.IsWithdrawn);
        var status = db.Status();
        Assert.Equal(1, status.Withdrawn);
        Assert.Equal(1, status.Ecosystems.Single().Withdrawn);
    }

    [Fact]
    public void Releases_are_separate_ecosystems_and_can_be_looked_up_together()
    {
        _dir.Write("in/D-1.json", TestData.Record("D-1", ecosystem: "Debian:11", name: "openssl"));
        _dir.Write("in/D-2.json", TestData.Record("D-2", ecosystem: "Debian:12", name: "openssl"));
        _dir.Write("in/A-1.json", TestData.Record("A-1", ecosystem: "Alpine:v3.20", name: "openssl"));
        Import(_dir.PathOf("in"));
        using var db = VulnerabilityDatabase.Open(Db);
        Assert.Equal(["D-2"], db.Lookup("Debian:12", "openssl").Select(r => r.Id));
        Assert.Equal(["D-1", "D-2"], db.LookupAllReleases("Debian", "openssl").Select(r => r.Id));
        Assert.Equal(["D-1", "D-2"], db.LookupAllReleases("Debian:12", "openssl").Select(r => r.Id));
        Assert.Empty(db.Lookup("Debian", "openssl"));
        Assert.Equal(2, db.Status().Ecosystems.Single(e => e.Ecosystem == "Debian").Advisories);
    }

    [Fact]
    public void Invalid_records_are_skipped_and_listed_and_the_rest_imports()
    {
        _dir.Write("in/good.json", TestData.Record("G-1"));
        _dir.Write("in/noid.json", """{"modified": "2024-01-01T00:00:00Z"}""");
        _dir.Write("in/broken.json", """{"id": "B-1", """);
        _dir.Write("in/bad.yaml", "id: [unclosed\n");
        _dir.Write("in/readme.txt", "not a record");
        var result = Import(_dir.PathOf("in"));
        Assert.Equal(1, result.Statistics.Valid);
        Assert.Equal(3, result.Statistics.Invalid);
        Assert.Equal(3, result.Errors.Count);
        Assert.Contains(result.Errors, e => e.Source.EndsWith("noid.json", StringComparison.Ordinal) && e.Reason.Contains("no id", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Source.EndsWith("broken.json", StringComparison.Ordinal) && e.Reason.Contains("malformed JSON", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Source.EndsWith("bad.yaml", StringComparison.Ordinal) && e.Reason.Contains("malformed YAML", StringComparison.Ordinal));
        using var db = VulnerabilityDatabase.Open(Db);
        Assert.Equal((1, 3), (db.Status().Sources.Single().Records, db.Status().Sources.Single().Errors));
    }

    [Fact]
    public void An_import_with_nothing_valid_fails_and_changes_nothing()
    {
        Import(TestData.GoRecords()[0]);
        var before = Hash(Db);
        _dir.Write("bad/noid.json", """{"summary": "x"}""");
        var e = Assert.Throws<DatabaseImportException>(() => Import(_dir.PathOf("bad")));
        Assert.Contains("no valid OSV record", e.Message, StringComparison.Ordinal);
        Assert.Contains("noid.json", e.Message, StringComparison.Ordinal);
        Directory.CreateDirectory(_dir.PathOf("empty"));
        Assert.Contains("no OSV records found", Assert.Throws<DatabaseImportException>(() => Import(_dir.PathOf("empty"))).Message, StringComparison.Ordinal);
        Assert.Contains("no such file or directory", Assert.Throws<DatabaseImportException>(() => Import(_dir.PathOf("missing"))).Message, StringComparison.Ordinal);
        Assert.Equal(before, Hash(Db));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void A_corrupt_zip_fails_the_import_and_leaves_the_previous_database_intact()
    {
        Import(Path.Combine(TestData.Osv, "golang-vulndb"));
        var before = Hash(Db);

        // Not a zip at all.
        File.WriteAllBytes(_dir.PathOf("garbage.zip"), Encoding.ASCII.GetBytes("PK\u0003\u0004 this is not really a zip archive"));
        var e = Assert.Throws<DatabaseImportException>(() => Import(_dir.PathOf("garbage.zip")));
        Assert.Contains("not a readable zip archive", e.Message, StringComparison.Ordinal);

        // A readable directory, but an entry's compressed data is damaged.
        var zip = TestData.MultipliedGoZip(_dir.PathOf("damaged.zip"), 50);
        var bytes = File.ReadAllBytes(zip);
        for (var i = bytes.Length / 3; i < bytes.Length / 3 + 200; i++) bytes[i] ^= 0x5A;
        File.WriteAllBytes(zip, bytes);
        _dir.Write("extra/G-1.json", TestData.Record("G-1"));
        Assert.Throws<DatabaseImportException>(() => Import(_dir.PathOf("extra"), zip));

        Assert.Equal(before, Hash(Db));
        Assert.Empty(Leftovers());
        using var db = VulnerabilityDatabase.Open(Db);
        Assert.Equal(84, db.Status().Advisories);
        Assert.Contains(db.Lookup("Go", "github.com/gin-gonic/gin"), r => r.Id == "GO-2020-0001");
        Assert.Empty(db.Lookup("PyPI", "demo-lib"));
    }

    [Fact]
    public void Zip_archives_import_like_osv_all_zip()
    {
        var zip = TestData.MultipliedGoZip(_dir.PathOf("Go/all.zip"), 300);
        var result = Import(zip);
        Assert.Equal(300, result.Statistics.Inserted);
        using var db = VulnerabilityDatabase.Open(Db);
        Assert.Contains(db.Lookup("Go", "github.com/gin-gonic/gin"), r => r.Id.StartsWith("GO-2020-0001-X", StringComparison.Ordinal));
        Assert.Equal(Path.GetFullPath(zip), db.Status().Sources.Single().Source);
    }

    [Fact]
    public void Zip_bombs_and_oversized_entries_are_bounded()
    {
        var options = new ImportOptions { Limits = new OsvReadLimits { MaxRecordBytes = 1024 * 1024 } };
        // One entry that inflates to 8 MiB of zeros (from a few kB): skipped as over the record limit, the rest imports.
        var bomb = _dir.PathOf("bomb.zip");
        using (var file = File.Create(bomb))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            using (var s = zip.CreateEntry("BOMB-1.json", CompressionLevel.Optimal).Open()) s.Write(new byte[8 * 1024 * 1024]);
            using (var s = zip.CreateEntry("G-1.json").Open()) s.Write(Encoding.UTF8.GetBytes(TestData.Record("G-1")));
        }
        Assert.True(new FileInfo(bomb).Length < 64 * 1024);
        var result = Import(options, bomb);
        Assert.Equal(1, result.Statistics.Valid);
        Assert.Contains("over the limit", Assert.Single(result.Errors).Reason, StringComparison.Ordinal);

        // Too many entries, or too many bytes in all: the whole import fails.
        var many = TestData.Zip(_dir.PathOf("many.zip"), Enumerable.Range(0, 30).Select(i => ($"M-{i}.json", TestData.Record($"M-{i}"))));
        Assert.Contains("30 entries, over the limit of 20",
            Assert.Throws<DatabaseImportException>(() => Import(options with { MaxArchiveEntries = 20 }, many)).Message, StringComparison.Ordinal);
        Assert.Contains("the archives inflate to more than",
            Assert.Throws<DatabaseImportException>(() => Import(options with { MaxArchiveBytes = 10_000 }, many)).Message, StringComparison.Ordinal);
        using var db = VulnerabilityDatabase.Open(Db);
        Assert.Equal(1, db.Status().Advisories);
    }

    [Fact]
    public void An_entry_that_inflates_beyond_its_declared_size_makes_the_archive_corrupt()
    {
        var path = TestData.Zip(_dir.PathOf("liar.zip"), [("L-1.json", TestData.Record("L-1") + new string(' ', 5000))]);
        var bytes = File.ReadAllBytes(path);
        // Patch the uncompressed size in the local header (offset 22) and the central directory header (offset 24).
        PatchSize(bytes, [0x50, 0x4B, 0x03, 0x04], 22, 100);
        PatchSize(bytes, [0x50, 0x4B, 0x01, 0x02], 24, 100);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<DatabaseImportException>(() => Import(path));
        Assert.Contains("L-1.json", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Db));
        Assert.Empty(Leftovers());
    }

    private static void PatchSize(byte[] bytes, byte[] signature, int offset, int size)
    {
        var at = bytes.AsSpan().IndexOf(signature);
        Assert.True(at >= 0);
        BitConverter.TryWriteBytes(bytes.AsSpan(at + offset, 4), size);
    }

    [Fact]
    public void Entry_names_are_never_paths_to_write_to()
    {
        var names = new[] { "../../escape-1.json", "/abs/escape-2.json", "a/../../escape-3.json", "C:\\escape-4.json", "ctl\u0001\u001b[31m.json", "dir/" };
        var path = TestData.Zip(_dir.PathOf("names/all.zip"), names.Select((n, i) => (n, n.EndsWith('/') ? "" : TestData.Record($"N-{i}", name: $"pkg{i}"))));
        var result = Import(path);
        Assert.Equal(5, result.Statistics.Valid);
        Assert.Equal(["all.zip"], Directory.GetFileSystemEntries(_dir.PathOf("names")).Select(Path.GetFileName));
        Assert.False(File.Exists(Path.Combine(_dir.Root, "escape-1.json")));
        Assert.False(File.Exists("/abs/escape-2.json"));

        var bad = TestData.Zip(_dir.PathOf("names/bad.zip"), [("\u0007evil\n../x.json", "{"), ("ok.json", TestData.Record("OK-1"))]);
        var second = Import(bad);
        var error = Assert.Single(second.Errors);
        Assert.DoesNotContain('\u0007', error.Source);
        Assert.DoesNotContain('\n', error.Source);
        Assert.Contains("\\u0007evil\\u000a../x.json", error.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_killed_imports_aside_file_is_removed_by_the_next_import_and_a_held_lock_refuses_a_second()
    {
        Import(TestData.GoRecords()[0]);
        var stale = Db + ".import-99999-deadbeef.tmp";
        File.WriteAllText(stale, "half-written database");
        Import(TestData.GoRecords()[1]);
        Assert.False(File.Exists(stale));
        using (new FileStream(Db + ".lock", FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var e = Assert.Throws<DatabaseImportException>(() => Import(TestData.GoRecords()[2]));
            Assert.Contains("another import or update is running", e.Message, StringComparison.Ordinal);
        }
        using var db = VulnerabilityDatabase.Open(Db);
        Assert.Equal(2, db.Status().Advisories);
    }

    [Fact]
    public void An_open_database_keeps_its_view_while_an_import_replaces_the_file()
    {
        Import(TestData.GoRecords()[0]);
        using var before = VulnerabilityDatabase.Open(Db);
        Import(Path.Combine(TestData.Osv, "golang-vulndb"));
        Assert.Equal(1, before.Status().Advisories);
        Assert.Single(before.Lookup("Go", "github.com/gin-gonic/gin"));
        using var after = VulnerabilityDatabase.Open(Db);
        Assert.Equal(84, after.Status().Advisories);
    }

    [Fact]
    public void Merging_keeps_other_sources_and_fresh_starts_over()
    {
        _dir.Write("a/A-1.json", TestData.Record("A-1", name: "a"));
        _dir.Write("b/B-1.json", TestData.Record("B-1", name: "b"));
        Import(_dir.PathOf("a"));
        Import(_dir.PathOf("b"));
        using (var db = VulnerabilityDatabase.Open(Db))
        {
            Assert.Equal(2, db.Status().Advisories);
            Assert.Equal(2, db.Status().Sources.Count);
        }
        Import(new ImportOptions { Fresh = true }, _dir.PathOf("b"));
        using (var db = VulnerabilityDatabase.Open(Db))
        {
            Assert.Equal(1, db.Status().Advisories);
            Assert.Empty(db.Lookup("PyPI", "a"));
            Assert.Single(db.Status().Sources);
        }
    }

    [Fact]
    public void Lint_errors_are_flagged_or_with_the_option_rejected()
    {
        var linter = Path.Combine(TestData.Osv, "osv-schema", "tools", "osv-linter", "testdata");
        var broken = Path.Combine(linter, "nointroduced-CVE-2023-41045.json");
        var flagged = Import(broken);
        Assert.Equal("CVE-2023-41045", Assert.Single(flagged.Flagged).Id);
        Assert.Equal(1, flagged.Statistics.Flagged);
        using (var db = VulnerabilityDatabase.Open(Db)) Assert.Equal(1, db.Status().Flagged);

        var rejected = Assert.Throws<DatabaseImportException>(() =>
            Import(new ImportOptions { RejectLintErrors = true, Fresh = true }, Path.Combine(linter, "nondistinct-CVE-2018-5407.json")));
        Assert.Contains("RNG:002", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_a_palisade_database_is_refused_not_overwritten()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Db)!);
        File.WriteAllText(Db, "my notes, not a database");
        Assert.Throws<VulnerabilityDatabaseException>(() => VulnerabilityDatabase.Open(Db));
        Assert.Throws<DatabaseImportException>(() => Import(TestData.GoRecords()[0]));
        Assert.Equal("my notes, not a database", File.ReadAllText(Db));
        Assert.Throws<DatabaseMissingException>(() => VulnerabilityDatabase.Open(_dir.PathOf("nothing.db")));
    }

    [Fact]
    public void Whatever_a_fuzzed_record_does_an_imported_one_reads_back()
    {
        var random = new Random(3);
        var seeds = TestData.GoRecords().Take(10).Select(File.ReadAllBytes).ToList();
        var entries = new List<(string, string)>();
        var ids = new List<string>();
        var originals = TestData.GoRecords().Take(10).Select(Path.GetFileNameWithoutExtension).ToList();
        for (var i = 0; i < 400; i++)
        {
            var bytes = (byte[])seeds[i % seeds.Count].Clone();
            for (var k = 0; k < 1 + random.Next(4); k++) bytes[random.Next(bytes.Length)] = (byte)random.Next(32, 127);
            var id = $"F{i}-{originals[i % seeds.Count]}";
            ids.Add(id);
            entries.Add(($"F-{i}.json", Encoding.UTF8.GetString(bytes).Replace($"\"id\": \"{originals[i % seeds.Count]}\"", $"\"id\": \"{id}\"", StringComparison.Ordinal)));
        }
        var result = Import(new ImportOptions(), TestData.Zip(_dir.PathOf("fuzz.zip"), entries));
        Assert.Equal(400, result.Statistics.Read);
        using var db = VulnerabilityDatabase.Open(Db);
        var status = db.Status();
        Assert.True(status.Advisories > 0);
        // The import reads records lightly (details, versions and raw objects only checked), lookups read them fully:
        // both must accept the same records.
        var found = ids.Select(db.Get).Count(r => r is not null);
        Assert.True(found > 20, $"{found} fuzzed records imported");
        Assert.True(result.Statistics.Invalid > 0);
    }
}
