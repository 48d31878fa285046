using System.Globalization;
using System.Text.Json;
using Palisade.Images.Catalogers;
using Xunit.Abstractions;

namespace Palisade.Conformance.Tests;

/// <summary>
/// syft's dpkg and apk cataloger expectations (../shared/conformance/syft-catalogers/expected.jsonl, rows of the debian
/// and alpine catalogers) replayed on syft's copied fixtures: every row whose fixture exists is run through our matching
/// cataloger (a directory fixture as a root filesystem, os-release included; a file fixture as the database itself) and
/// must yield a package with the row's name, version and, when the row has a literal one, purl.
/// </summary>
/// <remarks>
/// Skipped and counted: rows with no fixture (upstream unit tests of purl builders and dependency specifiers), rows with
/// Go-expression values, and rows whose fixture is absent from the snapshot (e.g. image-single-dpkg, which needs a built
/// image with a .deb file). The image-dpkg and image-distroless-deb fixtures are present as plain directories holding the
/// image's database files, so they are run as root filesystems.
/// </remarks>
public sealed class SyftOsCatalogerConformanceTests(ITestOutputHelper output)
{
    private static readonly string Dir = Path.Combine(RepoPaths.Conformance, "syft-catalogers");

    private const double RequiredRate = 0.95;

    public sealed record Row(int Line, string Cataloger, string Case, string? Fixture, string Name, string? Version, string? Purl, string? SkipReason)
    {
        public override string ToString() =>
            $"expected.jsonl:{Line.ToString(CultureInfo.InvariantCulture)} {Cataloger} [{Case}] {Fixture}: {Name} @ {Version ?? "(none)"}{(Purl is null ? "" : " " + Purl)}";
    }

    public static IReadOnlyList<Row> Rows { get; } = ReadRows();

    private static List<Row> ReadRows() =>
        [.. SyftExpectations.Read(c => c is "debian" or "alpine").Select(e => new Row(e.Line, e.Cataloger, e.Case ?? e.TestFunc ?? "", e.Fixture, e.Name, e.Version, e.Purl,
            e.Fixture is null ? "no fixture (unit test of a builder or specifier)"
            : e.HasExpr ? "row has Go-expression values"
            : !SyftExpectations.Exists(FixturePath(e.Cataloger, e.Fixture)) ? "fixture not in the snapshot (needs a built image)"
            : null))];

    private static string? FixturePath(string cataloger, string fixture) => SyftExpectations.FixturePath(cataloger, fixture);

    private static DatabaseFileCataloger CatalogerFor(string cataloger) => cataloger == "debian" ? new DpkgCataloger() : new ApkCataloger();

    /// <summary>Runs the cataloger on a fixture: (packages, errors).</summary>
    private static (IReadOnlyList<PackageRecord> Packages, IReadOnlyList<string> Errors) Run(string cataloger, string fixture)
    {
        var path = FixturePath(cataloger, fixture)!;
        var c = CatalogerFor(cataloger);
        if (Directory.Exists(path))
        {
            var result = CatalogRunner.Run(new DirectoryCatalogSource(path), [c]);
            return (result.Packages, result.Errors.Select(e => e.Message).ToList());
        }
        try
        {
            return (c.CatalogFile(Path.GetFileName(path), File.ReadAllBytes(path), null, null), []);
        }
        catch (CatalogerException e)
        {
            return ([], [e.Message]);
        }
    }

    [Fact]
    public void Dpkg_and_apk_catalogers_find_the_packages_syft_expects_on_its_fixtures()
    {
        var cache = new Dictionary<(string, string), (IReadOnlyList<PackageRecord> Packages, IReadOnlyList<string> Errors)>();
        var failures = new List<string>();
        var passed = 0;
        var checkedRows = Rows.Where(r => r.SkipReason is null).ToList();
        foreach (var row in checkedRows)
        {
            var key = (row.Cataloger, row.Fixture!);
            if (!cache.TryGetValue(key, out var run)) cache[key] = run = Run(row.Cataloger, row.Fixture!);
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
        ConformanceReport.Record("syft dpkg+apk cataloger expected.jsonl rows", passed, total, $"(skipped {Rows.Count - total}: {skipNote})");

        Assert.True(total > 0, "no debian/alpine row could be checked: is ../shared/conformance/syft-catalogers present?");
        Assert.True(rate >= RequiredRate, FormattableString.Invariant($"{passed}/{total} rows agree ({100 * rate:F2}%), below {100 * RequiredRate:F0}%:\n") + string.Join("\n", failures));
    }

    [Theory]
    [InlineData("debian", "testdata/var/lib/dpkg/status.d/corrupt")]
    [InlineData("alpine", "testdata/corrupt")]
    public void Corrupt_fixtures_give_a_clear_error_not_a_crash(string cataloger, string fixture)
    {
        var (packages, errors) = Run(cataloger, fixture);
        output.WriteLine(string.Join("\n", errors));
        Assert.Empty(packages);
        Assert.NotEmpty(errors);
    }

    [Theory]
    [InlineData("debian", "testdata/var/lib/dpkg/status.d/empty")]
    public void Empty_fixtures_give_no_packages_and_no_error(string cataloger, string fixture)
    {
        var (packages, errors) = Run(cataloger, fixture);
        Assert.Empty(errors);
        Assert.Empty(packages);
    }

    [Fact]
    public void Deinstalled_packages_in_the_deinstall_fixture_are_ignored()
    {
        var (packages, errors) = Run("debian", "testdata/var/lib/dpkg/status.d/deinstall");
        Assert.Empty(errors);
        Assert.Equal(["linux-image-6.14.0-1012-aws"], packages.Select(p => p.Name));
    }
}
