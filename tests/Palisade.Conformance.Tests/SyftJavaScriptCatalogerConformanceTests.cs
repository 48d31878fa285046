using System.Globalization;
using System.Text.Json;
using Palisade.Images.Catalogers;
using Palisade.Images.Catalogers.JavaScript;
using Xunit.Abstractions;

namespace Palisade.Conformance.Tests;

/// <summary>
/// syft's JavaScript cataloger expectations (../shared/conformance/syft-catalogers/expected.jsonl, rows of the javascript
/// cataloger) replayed on syft's copied fixtures: a file fixture is read by the cataloger of its kind (yarn.lock, pnpm-lock.yaml,
/// a *lock*.json npm lock, any other .json a package.json), a directory fixture is cataloged as a root filesystem by all the
/// JavaScript catalogers; each row's (test_func, case, fixture) run must yield a package with the row's name, version and,
/// when the row has a literal one, purl.
/// </summary>
/// <remarks>
/// Skipped and counted: rows with no fixture, rows with Go-expression values, rows whose fixture is absent from the snapshot
/// (bun.lock and deno.lock tests use test-fixtures/ files that were not copied; image-* fixtures need a built image).
/// Known, deliberate disagreements: syft reports the project itself (the root "" entry of a v2/v3 package-lock, a yarn
/// berry workspace entry); Palisade skips it, as it is not a dependency.
/// </remarks>
public sealed class SyftJavaScriptCatalogerConformanceTests(ITestOutputHelper output)
{
    private static readonly string Dir = Path.Combine(RepoPaths.Conformance, "syft-catalogers");

    private const double RequiredRate = 0.95;

    public sealed record Row(int Line, string TestFunc, string Case, string? Fixture, string Name, string? Version, string? Purl, string? SkipReason)
    {
        public override string ToString() =>
            $"expected.jsonl:{Line.ToString(CultureInfo.InvariantCulture)} {TestFunc} [{Case}] {Fixture}: {Name} @ {Version ?? "(none)"}{(Purl is null ? "" : " " + Purl)}";
    }

    public static IReadOnlyList<Row> Rows { get; } = ReadRows();

    private static List<Row> ReadRows() =>
        [.. SyftExpectations.Read(c => c == "javascript").Select(e => new Row(e.Line, e.TestFunc ?? "", e.Case ?? "", e.Fixture, e.Name, e.Version, e.Purl,
            e.Fixture is null ? "no fixture (unit test of a builder or specifier)"
            : e.HasExpr ? "row has Go-expression values"
            : e.Fixture.StartsWith("image-", StringComparison.Ordinal) ? "image-* fixture (needs a built image)"
            : !SyftExpectations.Exists(FixturePath(e.Fixture)) ? "fixture not in the snapshot"
            : null))];

    /// <summary>Only fixtures named under testdata/ (the bun and deno tests name test-fixtures/, which were not copied).</summary>
    private static string? FixturePath(string fixture) =>
        fixture.StartsWith("testdata/", StringComparison.Ordinal) ? SyftExpectations.FixturePath("javascript", fixture) : null;

    private static DatabaseFileCataloger CatalogerForFile(string fileName) => fileName switch
    {
        "yarn.lock" => new YarnLockCataloger(),
        "pnpm-lock.yaml" => new PnpmLockCataloger(),
        _ when fileName.Contains("lock", StringComparison.Ordinal) && fileName.EndsWith(".json", StringComparison.Ordinal) => new NpmLockCataloger(),
        _ => new NpmPackageJsonCataloger(),
    };

    /// <summary>Runs the catalogers on a fixture: (packages, errors).</summary>
    private static (IReadOnlyList<PackageRecord> Packages, IReadOnlyList<string> Errors) Run(string fixture)
    {
        var path = FixturePath(fixture)!;
        if (Directory.Exists(path))
        {
            var result = CatalogRunner.Run(new DirectoryCatalogSource(path), JavaScriptCatalogers.All);
            return (result.Packages, result.Errors.Select(e => $"{e.Cataloger}: {e.Message}").ToList());
        }
        try
        {
            return (CatalogerForFile(Path.GetFileName(path)).CatalogFile(fixture, File.ReadAllBytes(path), null, null), []);
        }
        catch (CatalogerException e)
        {
            return ([], [e.Message]);
        }
    }

    [Fact]
    public void JavaScript_catalogers_find_the_packages_syft_expects_on_its_fixtures()
    {
        var cache = new Dictionary<(string, string, string), (IReadOnlyList<PackageRecord> Packages, IReadOnlyList<string> Errors)>();
        var failures = new List<string>();
        var passed = 0;
        var checkedRows = Rows.Where(r => r.SkipReason is null).ToList();
        foreach (var row in checkedRows)
        {
            var key = (row.TestFunc, row.Case, row.Fixture!);
            if (!cache.TryGetValue(key, out var run)) cache[key] = run = Run(row.Fixture!);
            var candidates = run.Packages.Where(p => p.Name == row.Name).ToList();
            var match = candidates.FirstOrDefault(p => p.Version == (row.Version ?? "") && (row.Purl is null || p.Purl == row.Purl));
            if (match is not null)
            {
                passed++;
                continue;
            }
            var got = candidates.Count == 0 ? "no package of that name" : string.Join("; ", candidates.Select(p => $"{p.Version} {p.Purl}"));
            var errors = run.Errors.Count == 0 ? "" : " errors: " + string.Join("; ", run.Errors);
            failures.Add($"FAIL {row}: got {got}{errors}");
        }

        var skipped = Rows.Where(r => r.SkipReason is not null).GroupBy(r => r.SkipReason!).ToList();
        foreach (var f in failures) output.WriteLine(f);
        foreach (var g in skipped) output.WriteLine($"skipped {g.Count()}: {g.Key} (lines {string.Join(", ", g.Select(r => r.Line))})");
        var total = checkedRows.Count;
        var rate = total == 0 ? 0 : (double)passed / total;
        var skipNote = string.Join(", ", skipped.Select(g => $"{g.Count()} {g.Key}"));
        output.WriteLine(FormattableString.Invariant($"{passed}/{total} rows agree ({100 * rate:F2}%); skipped: {skipNote}"));
        ConformanceReport.Record("syft javascript cataloger expected.jsonl rows", passed, total, $"(skipped {Rows.Count - total}: {skipNote})");

        Assert.True(total > 0, "no javascript row could be checked: is ../shared/conformance/syft-catalogers present?");
        Assert.True(rate >= RequiredRate, FormattableString.Invariant($"{passed}/{total} rows agree ({100 * rate:F2}%), below {100 * RequiredRate:F0}%:\n") + string.Join("\n", failures));
    }

    [Theory]
    [InlineData("testdata/corrupt/package-lock.json")]
    [InlineData("testdata/corrupt/package.json")]
    [InlineData("testdata/corrupt/pnpm-lock.yaml")]
    public void Corrupt_fixtures_give_a_clear_error_not_a_crash(string fixture)
    {
        var (packages, errors) = Run(fixture);
        output.WriteLine(string.Join("\n", errors));
        Assert.Empty(packages);
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void The_glob_paths_fixture_reads_its_lock_files_but_not_the_projects_own_package_json()
    {
        var path = FixturePath("testdata/glob-paths")!;
        var wanted = new DirectoryCatalogSource(path).Files
            .Where(f => JavaScriptCatalogers.All.Any(c => c.Wants(f)))
            .ToList();
        Assert.Equal(["src/package-lock.json", "src/pnpm-lock.yaml", "src/yarn.lock"], wanted);
    }

    [Fact]
    public void Duplicate_yarn_entries_give_one_package_per_version()
    {
        var (packages, errors) = Run("testdata/yarn-dups/yarn.lock");
        Assert.Empty(errors);
        Assert.Equal(2, packages.Count(p => p.Name == "async"));
        Assert.Single(Run("testdata/yarn/yarn.lock").Packages, p => p.Name == "@types/qs");
    }
}
