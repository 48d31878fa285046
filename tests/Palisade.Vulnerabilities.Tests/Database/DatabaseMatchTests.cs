using Microsoft.Data.Sqlite;
using Palisade.Images.Catalogers;
using Palisade.Vulnerabilities.Database;
using Palisade.Vulnerabilities.Matching;
using Palisade.Vulnerabilities.Osv;

namespace Palisade.Vulnerabilities.Tests.Database;

/// <summary>
/// The matcher on a database (the compact match data the import stores) against the matcher on the same database's
/// whole records: the same findings, field by field, over the real records of ../shared/conformance/osv and records
/// made to exercise borrowed severities, ratings, references and merges; and the schema version check.
/// </summary>
public sealed class DatabaseMatchTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Db => _dir.PathOf("db/palisade.db");

    private ImportResult Import(params string[] paths) => DatabaseImporter.Import(Db, paths.Select(p => new ImportSource(p)).ToList());

    /// <summary>purl types of the OSV ecosystems the packages below are made for.</summary>
    private static readonly Dictionary<string, string> PurlTypes = new(StringComparer.Ordinal)
    {
        ["PyPI"] = "pypi",
        ["npm"] = "npm",
        ["Go"] = "golang",
        ["Maven"] = "maven",
        ["RubyGems"] = "gem",
        ["crates.io"] = "cargo",
        ["NuGet"] = "nuget",
        ["Packagist"] = "composer",
    };

    /// <summary>A package of an OSV ecosystem at a version, as a cataloger would report it (null when none can be made).</summary>
    private static PackageRecord? Package(string ecosystem, string name, string version)
    {
        string purl;
        if (PurlTypes.TryGetValue(ecosystem, out var type))
        {
            var split = type switch
            {
                "maven" => name.LastIndexOf(':'),
                "golang" or "npm" or "composer" => name.LastIndexOf('/'),
                _ => -1,
            };
            var (ns, last) = split > 0 ? (name[..split], name[(split + 1)..]) : ((string?)null, name);
            if (last.Length == 0) return null;
            purl = PackageUrl.Build(type, ns, last, version);
        }
        else if (ecosystem.StartsWith("Debian:", StringComparison.Ordinal))
            purl = PackageUrl.Build("deb", "debian", name, version, [new("distro", "debian-" + ecosystem[7..])]);
        else if (ecosystem.StartsWith("Alpine:v", StringComparison.Ordinal))
            purl = PackageUrl.Build("apk", "alpine", name, version, [new("distro", "alpine-" + ecosystem[8..] + ".0")]);
        else return null;
        return new PackageRecord(name, version, PackageUrl.TryParse(purl)!.Type, purl, [], null, null, null, "lock", null);
    }

    /// <summary>For every affected entry of the records in the database: the package at each version its ranges and list name, and below them.</summary>
    private static List<PackageRecord> PackagesHitting(IEnumerable<OsvRecord> records)
    {
        var packages = new Dictionary<string, PackageRecord>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            foreach (var affected in record.Affected)
            {
                if (affected.Package is not { } p) continue;
                var versions = affected.Versions.Take(3)
                    .Concat(affected.Ranges.SelectMany(r => r.Events).Select(e => e.Version).Where(v => v != "0" && v.Length < 60))
                    .Append("0.0.1");
                foreach (var v in versions)
                    if (Package(p.Ecosystem, p.Name, p.Ecosystem == "Go" && !v.StartsWith('v') ? "v" + v : v) is { } package)
                        packages.TryAdd(package.Purl, package);
            }
        }
        return [.. packages.Values.OrderBy(p => p.Purl, StringComparer.Ordinal)];
    }

    /// <summary>Everything a match reports, as one comparable line.</summary>
    private static string Describe(VulnerabilityMatch m) => string.Join(" | ",
        m.Package.Purl, m.Ecosystem, m.Id, string.Join(",", m.Aliases), m.Severity, m.SeveritySource, m.CvssVector, m.CvssScore,
        string.Join(",", m.FixedVersions), m.Title, string.Join(",", m.References), m.Status);

    /// <summary>Matches with the database's match data and with its whole records; both must find the same.</summary>
    private static MatchResult MatchBothWays(VulnerabilityDatabase db, IReadOnlyList<PackageRecord> packages)
    {
        var compact = new VulnerabilityMatcher(db).Match(packages);
        var whole = new VulnerabilityMatcher((e, n) => db.Lookup(e, n), db.FindByAlias).Match(packages);
        Assert.Equal(whole.Matches.Select(Describe), compact.Matches.Select(Describe));
        Assert.Equal((whole.Unmatchable, whole.UnparsedVersions), (compact.Unmatchable, compact.UnparsedVersions));
        return compact;
    }

    /// <summary>The stored records of the files (those that were imported).</summary>
    private static IEnumerable<OsvRecord> Stored(VulnerabilityDatabase db, IEnumerable<string> files)
    {
        foreach (var f in files)
        {
            OsvRecord record;
            try
            {
                record = OsvFiles.Read(f);
            }
            catch (OsvFormatException)
            {
                continue;
            }
            if (db.Get(record.Id) is { } stored) yield return stored;
        }
    }

    [Fact]
    public void The_stored_match_data_finds_what_the_whole_records_find_over_the_real_records()
    {
        var osvDev = Path.Combine(TestData.Osv, "osv.dev", "gcp", "website", "testdata", "osv");
        var ghsa = Path.Combine(TestData.Osv, "osv-schema", "tools", "ghsa", "testdata");
        Directory.CreateDirectory(_dir.PathOf("ghsa"));
        foreach (var f in Directory.GetFiles(ghsa, "*.osv.json")) File.Copy(f, _dir.PathOf("ghsa/" + Path.GetFileName(f)));
        Import(Path.Combine(TestData.Osv, "golang-vulndb"), Path.Combine(TestData.Osv, "pypa-advisory-database"), osvDev, _dir.PathOf("ghsa"));
        var files = TestData.GoRecords().Concat(TestData.PypaRecords()).Concat(Directory.GetFiles(osvDev, "*.json")).Concat(Directory.GetFiles(_dir.PathOf("ghsa")));
        using var db = VulnerabilityDatabase.Open(Db);
        var packages = PackagesHitting(Stored(db, files));
        var result = MatchBothWays(db, packages);
        Assert.True(packages.Count > 300, $"{packages.Count} packages");
        Assert.True(result.Matches.Count > 500, $"{result.Matches.Count} findings");
        Assert.Contains(result.Matches, m => m.Ecosystem == "Go");
        Assert.Contains(result.Matches, m => m.Ecosystem == "PyPI" && m.FixedVersions.Count > 0);
        Assert.Contains(result.Matches, m => m.SeveritySource.StartsWith("CVSS:", StringComparison.Ordinal));
        Assert.Contains(result.Matches, m => m.References.Count == 5);
    }

    /// <summary>Records that exercise what a finding takes from several advisories: ratings, borrowed severity, titles, references.</summary>
    private static readonly (string Id, string Json)[] Made =
    [
        ("GO-1", """
            {"id": "GO-1", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2024-1", "GHSA-aaaa-bbbb-cccc"],
             "details": "\n  First line of the details, long enough to be cut: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nsecond line",
             "references": [{"type": "FIX", "url": "https://example.com/fix"}, {"type": "WEB", "url": "https://example.com/web"},
                            {"type": "REPORT", "url": "https://example.com/r1"}, {"type": "REPORT", "url": "https://example.com/r2"},
                            {"type": "ADVISORY", "url": "https://example.com/adv"}, {"type": "WEB", "url": "https://example.com/web"},
                            {"type": "PACKAGE", "url": "https://example.com/p"}],
             "affected": [{"package": {"ecosystem": "Go", "name": "example.com/m"},
               "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.2.0"}, {"introduced": "1.3.0"}, {"fixed": "1.3.5"}]}],
               "ecosystem_specific": {"imports": [{"path": "example.com/m", "symbols": ["F"]}]}}]}
            """),
        ("GHSA-aaaa-bbbb-cccc", """
            {"id": "GHSA-aaaa-bbbb-cccc", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2024-1"], "summary": "  GHSA summary  ",
             "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}, {"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
             "references": [{"type": "ADVISORY", "url": "https://github.com/advisories/GHSA-aaaa-bbbb-cccc"}],
             "affected": [{"package": {"ecosystem": "npm", "name": "other"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}]}
            """),
        ("PYSEC-1", """
            {"id": "PYSEC-1", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2024-2"],
             "affected": [{"package": {"ecosystem": "PyPI", "name": "Demo_Lib"}, "versions": ["1.0", "1.0.post1"],
                           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0.9"}, {"fixed": "1.1"}]}, {"type": "GIT", "repo": "https://example.com/r", "events": [{"introduced": "0"}]}]},
                          {"package": {"ecosystem": "PyPI", "name": "demo-lib"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.0"}, {"last_affected": "2.1"}]}],
                           "database_specific": {"severity": "MODERATE", "other": [1, 2]}}]}
            """),
        ("CVE-2024-2", """
            {"id": "CVE-2024-2", "modified": "2024-01-01T00:00:00Z", "withdrawn": "2024-02-01T00:00:00Z",
             "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
             "affected": [{"package": {"ecosystem": "PyPI", "name": "demo-lib"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]}
            """),
        ("UBUNTU-1", """
            {"id": "UBUNTU-1", "modified": "2024-01-01T00:00:00Z", "upstream": ["CVE-2024-3"], "summary": "Ubuntu rated",
             "severity": [{"type": "Ubuntu", "score": "unknown"}, {"type": "Ubuntu", "score": "high"}],
             "affected": [{"package": {"ecosystem": "npm", "name": "@scope/pkg"}, "severity": [{"type": "CVSS_V2", "score": "AV:N/AC:L/Au:N/C:P/I:P/A:P"}],
                           "ranges": [{"type": "SEMVER", "events": [{"introduced": "1.0.0"}, {"limit": "3.0.0"}]}], "versions": ["not-semver"]}]}
            """),
        ("DSA-1", """
            {"id": "DSA-1", "modified": "2024-01-01T00:00:00Z",
             "affected": [{"package": {"ecosystem": "Debian:12", "name": "openssl"}, "ecosystem_specific": {"severity": "low"},
                           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.13-1~deb12u1"}]}]},
                          {"package": {"ecosystem": "debian:12", "name": "openssl"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]}
            """),
    ];

    [Fact]
    public void Ratings_borrowed_severities_titles_references_and_withdrawn_records_read_the_same_from_match_data()
    {
        foreach (var (id, json) in Made) _dir.Write($"in/{id}.json", json);
        Import(_dir.PathOf("in"));
        using var db = VulnerabilityDatabase.Open(Db);
        var packages = new[]
        {
            Package("Go", "example.com/m", "v1.1.0"), Package("Go", "example.com/m", "v1.3.1"), Package("Go", "example.com/m", "v1.2.0"),
            Package("PyPI", "demo.lib", "1.0.0"), Package("PyPI", "demo-lib", "1.0.post1"), Package("PyPI", "DEMO_LIB", "2.1"), Package("PyPI", "demo-lib", "2.2"),
            Package("npm", "@scope/pkg", "2.5.0"), Package("npm", "@scope/pkg", "3.0.0"), Package("npm", "other", "1.0.0"),
            Package("Debian:12", "openssl", "3.0.11-1~deb12u2"),
        }.OfType<PackageRecord>().ToList();
        var result = MatchBothWays(db, packages);

        var go = result.Matches.First(m => m.Ecosystem == "Go");
        Assert.Equal(("CVE-2024-1", "CVSS:3.1", 9.8), (go.Id, go.SeveritySource, go.CvssScore));  // borrowed from the GHSA, its highest score
        Assert.StartsWith("First line of the details", go.Title, StringComparison.Ordinal);
        Assert.EndsWith("...", go.Title, StringComparison.Ordinal);
        Assert.Equal(["https://example.com/adv", "https://example.com/web", "https://example.com/fix", "https://example.com/r1", "https://example.com/r2"], go.References);
        var pypi = result.Matches.Where(m => m.Ecosystem == "PyPI").ToList();
        Assert.Equal(3, pypi.Count);  // 1.0.0 (range), 1.0.post1 (listed), 2.1 (last_affected); the withdrawn CVE never
        Assert.All(pypi, m => Assert.Equal("CVE-2024-2", m.Id));
        Assert.Equal("database", pypi.Single(m => m.Package.Version == "2.1").SeveritySource);
        var npm = result.Matches.Single(m => m.Package.Name == "@scope/pkg");
        Assert.Equal(("UBUNTU-1", "CVSS:2.0"), (npm.Id, npm.SeveritySource));
        Assert.Equal("database", result.Matches.Single(m => m.Ecosystem == "Debian:12").SeveritySource);

        // A later import replaces a record: its entries, brief and rating go with it.
        _dir.Write("v2/GHSA-aaaa-bbbb-cccc.json", Made[1].Json.Replace("2024-01-01", "2024-03-01", StringComparison.Ordinal)
            .Replace("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", StringComparison.Ordinal));
        _dir.Write("v2/PYSEC-1.json", Made[2].Json.Replace("2024-01-01", "2024-03-01", StringComparison.Ordinal).Replace("\"fixed\": \"1.1\"", "\"fixed\": \"1.0.1\"", StringComparison.Ordinal));
        Import(_dir.PathOf("v2"));
        using var after = VulnerabilityDatabase.Open(Db);
        var updated = MatchBothWays(after, packages);
        Assert.Equal(7.5, updated.Matches.First(m => m.Ecosystem == "Go").CvssScore);
        Assert.Equal(["1.0.1"], updated.Matches.First(m => m.Package.Version == "1.0.0").FixedVersions);
    }

    private void SetSchemaVersion(string version)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Db, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE meta SET value = $v WHERE key = 'schema_version'";
        command.Parameters.AddWithValue("$v", version);
        command.ExecuteNonQuery();
    }

    [Fact]
    public void An_older_schema_is_refused_when_opened_and_rebuilt_by_the_next_import()
    {
        Import(TestData.GoRecords()[0]);
        SetSchemaVersion("1");
        var e = Assert.Throws<VulnerabilityDatabaseException>(() => VulnerabilityDatabase.Open(Db));
        Assert.Contains("schema version 1, from an older Palisade", e.Message, StringComparison.Ordinal);
        Assert.Contains("palisade db update", e.Message, StringComparison.Ordinal);

        _dir.Write("in/X-1.json", TestData.Record("X-1"));
        var result = Import(_dir.PathOf("in"));
        Assert.Equal(1, result.RebuiltFromSchema);
        using (var db = VulnerabilityDatabase.Open(Db))
        {
            Assert.Equal(1, db.Status().Advisories);  // rebuilt from this input alone
            Assert.Single(new VulnerabilityMatcher(db).Match([Package("PyPI", "demo-lib", "1.0")!]).Matches);
        }
        Assert.Null(Import(TestData.GoRecords()[0]).RebuiltFromSchema);

        SetSchemaVersion("99");
        Assert.Contains("from a newer Palisade", Assert.Throws<VulnerabilityDatabaseException>(() => VulnerabilityDatabase.Open(Db)).Message, StringComparison.Ordinal);
        Assert.Throws<VulnerabilityDatabaseException>(() => Import(_dir.PathOf("in")));
        SetSchemaVersion("two");
        Assert.Contains("not a Palisade vulnerability database", Assert.Throws<VulnerabilityDatabaseException>(() => VulnerabilityDatabase.Open(Db)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_match_data_is_a_database_error()
    {
        _dir.Write("in/X-1.json", TestData.Record("X-1"));
        Import(_dir.PathOf("in"));
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Db, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE matching SET brief = substr(brief, 1, 5)";
            command.ExecuteNonQuery();
        }
        using var db = VulnerabilityDatabase.Open(Db);
        var e = Assert.Throws<VulnerabilityDatabaseException>(() => new VulnerabilityMatcher(db).Match([Package("PyPI", "demo-lib", "1.0")!]));
        Assert.Contains("damaged", e.Message, StringComparison.Ordinal);
        Assert.Empty(new VulnerabilityMatcher(db).Match([Package("PyPI", "other", "1.0")!]).Matches);
    }
}
