using System.Text;
using Palisade.Vulnerabilities.Database;
using Palisade.Vulnerabilities.Osv;
using Xunit.Abstractions;

namespace Palisade.Conformance.Tests;

/// <summary>
/// Every real (or realistic) OSV record in ../shared/conformance/osv imports into the SQLite database, reads back as
/// it was read from its file, and is found by a lookup of each package it affects: the Go vulnerability database
/// (JSON), the PyPA advisory database (YAML), osv.dev's test records, the osv-schema linter's good records, the GHSA
/// converter's expected OSV outputs and the Red Hat converter's outputs. The linter's three deliberately broken
/// records must be flagged or rejected; see <see cref="Broken"/> for the one an offline importer cannot tell.
/// </summary>
public sealed class OsvImportConformanceTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string Osv = Path.Combine(RepoPaths.Conformance, "osv");
    private static readonly string LinterData = Path.Combine(Osv, "osv-schema", "tools", "osv-linter", "testdata");

    /// <summary>
    /// The linter's broken records: the check that catches each (osv-schema tools/osv-linter README), or null when
    /// only a package-registry lookup can (PKG:001 package-exists: <c>Gradi0</c> is a well-formed PyPI name that
    /// does not exist on PyPI; Palisade imports offline, so it cannot know).
    /// </summary>
    private static readonly Dictionary<string, string?> Broken = new(StringComparer.Ordinal)
    {
        ["nointroduced-CVE-2023-41045.json"] = "RNG:001",
        ["nondistinct-CVE-2018-5407.json"] = "RNG:002",
        ["nopackage-GHSA-9v2f-6vcg-3hgv.json"] = null,
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("palisade-osv-conformance-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    /// <summary>The valid record files, in a fixed order.</summary>
    public static IReadOnlyList<string> RecordFiles()
    {
        IEnumerable<string> Json(string dir, string pattern = "*.json") =>
            Directory.EnumerateFiles(Path.Combine(Osv, dir), pattern, SearchOption.AllDirectories);
        return Json("golang-vulndb")
            .Concat(Directory.EnumerateFiles(Path.Combine(Osv, "pypa-advisory-database"), "*.yaml", SearchOption.AllDirectories))
            .Concat(Json("osv.dev"))
            .Concat(Json(Path.Combine("osv-schema", "tools", "osv-linter", "testdata")).Where(f => !Broken.ContainsKey(Path.GetFileName(f))))
            .Concat(Json(Path.Combine("osv-schema", "tools", "ghsa", "testdata"), "*.osv.json"))
            .Concat(Json(Path.Combine("osv-schema", "tools", "redhat", "testdata", "OSV")))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [Fact]
    public void Every_record_imports_reads_back_and_is_found_by_each_package_it_affects()
    {
        var files = RecordFiles();
        Assert.True(files.Count >= 180, $"only {files.Count} record files");
        var db = Path.Combine(_dir, "one.db");
        var passed = 0;
        var failures = new List<string>();
        foreach (var file in files)
        {
            var problem = Check(file, db);
            if (problem is null) passed++;
            else failures.Add($"{Path.GetRelativePath(Osv, file)}: {problem}");
        }
        foreach (var f in failures) output.WriteLine(f);
        ConformanceReport.Record("osv import", passed, files.Count, "(import, read back, lookup by every affected package)");
        Assert.Empty(failures);
    }

    /// <summary>Imports one file into a fresh database and checks it; null when all is well.</summary>
    private static string? Check(string file, string db)
    {
        var expected = OsvFiles.Read(file);
        var result = DatabaseImporter.Import(db, [new ImportSource(file)], new ImportOptions { Fresh = true });
        if (result.Errors.Count > 0) return "import error: " + result.Errors[0];
        if (result.Statistics.Inserted != 1) return $"{result.Statistics.Inserted} records stored";
        using var database = VulnerabilityDatabase.Open(db);
        var stored = database.Get(expected.Id);
        if (stored is null) return "not stored under its id";
        if (!Encoding.UTF8.GetString(OsvJsonWriter.ToUtf8(stored)).Equals(Encoding.UTF8.GetString(OsvJsonWriter.ToUtf8(expected)), StringComparison.Ordinal))
            return "reads back differently";
        foreach (var p in expected.Affected.Select(a => a.Package).OfType<OsvPackage>())
        {
            if (!database.Lookup(p.Ecosystem, p.Name, includeWithdrawn: true).Any(r => r.Id == expected.Id))
                return $"Lookup({p.Ecosystem}, {p.Name}) does not find it";
            if (!database.LookupAllReleases(PackageNames.EcosystemBase(p.Ecosystem), p.Name, includeWithdrawn: true).Any(r => r.Id == expected.Id))
                return $"LookupAllReleases({PackageNames.EcosystemBase(p.Ecosystem)}, {p.Name}) does not find it";
            if (!expected.IsWithdrawn && !database.Lookup(p.Ecosystem, p.Name).Any(r => r.Id == expected.Id))
                return $"Lookup({p.Ecosystem}, {p.Name}) leaves it out";
        }
        foreach (var alias in expected.Aliases)
            if (!database.FindByAlias(alias).Any(r => r.Id == expected.Id))
                return $"FindByAlias({alias}) does not find it";
        return null;
    }

    [Fact]
    public void All_records_import_together_with_the_latest_of_each_id_kept()
    {
        var files = RecordFiles();
        var records = files.Select(f => (File: f, Record: OsvFiles.Read(f))).ToList();
        var db = Path.Combine(_dir, "all.db");
        var result = DatabaseImporter.Import(db, files.Select(f => new ImportSource(f)).ToList());
        Assert.Empty(result.Errors);
        Assert.Equal(files.Count, result.Statistics.Valid);
        var ids = records.Select(r => r.Record.Id).Distinct(StringComparer.Ordinal).Count();
        Assert.Equal(ids, result.Statistics.TotalInDatabase);
        using var database = VulnerabilityDatabase.Open(db);
        Assert.Equal(ids, database.Status().Advisories);
        foreach (var group in records.GroupBy(r => r.Record.Id, StringComparer.Ordinal))
        {
            // The first file (in import order) with the latest modified is the one kept.
            var latest = group.Max(r => r.Record.Modified ?? DateTimeOffset.MinValue);
            var winner = group.First(r => (r.Record.Modified ?? DateTimeOffset.MinValue) == latest).Record;
            var stored = database.Get(group.Key);
            Assert.NotNull(stored);
            Assert.Equal(Encoding.UTF8.GetString(OsvJsonWriter.ToUtf8(winner)), Encoding.UTF8.GetString(OsvJsonWriter.ToUtf8(stored)));
            foreach (var p in winner.Affected.Select(a => a.Package).OfType<OsvPackage>())
                Assert.Contains(database.Lookup(p.Ecosystem, p.Name, includeWithdrawn: true), r => r.Id == group.Key);
        }
    }

    [Fact]
    public void The_linters_broken_records_are_flagged_or_rejected()
    {
        var caught = 0;
        foreach (var (name, code) in Broken)
        {
            var file = Path.Combine(LinterData, name);
            var flagged = DatabaseImporter.Import(Path.Combine(_dir, "flag.db"), [new ImportSource(file)], new ImportOptions { Fresh = true });
            var issues = flagged.Flagged.SelectMany(f => f.Issues).ToList();
            Exception? rejection = null;
            try
            {
                DatabaseImporter.Import(Path.Combine(_dir, "reject.db"), [new ImportSource(file)], new ImportOptions { Fresh = true, RejectLintErrors = true });
            }
            catch (DatabaseImportException e)
            {
                rejection = e;
            }
            output.WriteLine($"{name}: flagged [{string.Join("; ", issues)}], rejected in strict mode: {rejection?.Message ?? "no"}");
            if (code is null)
            {
                // Needs a registry lookup (PKG:001): imported unflagged, a documented limit of offline import.
                Assert.Empty(issues);
                continue;
            }
            Assert.Contains(issues, i => i.Code == code && i.Level == OsvLintLevel.Error);
            Assert.NotNull(rejection);
            Assert.Contains(code, rejection.Message, StringComparison.Ordinal);
            caught++;
        }
        ConformanceReport.Record("osv linter broken records", caught, Broken.Count,
            "(flagged on import, rejected with RejectLintErrors; nopackage-GHSA needs PKG:001, a package-registry lookup, not done offline)");
        Assert.Equal(2, caught);
    }
}
