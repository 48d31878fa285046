using System.Globalization;
using System.Text.Json;
using Palisade.Images.Catalogers;
using Palisade.Images.Catalogers.Python;
using Xunit.Abstractions;

namespace Palisade.Conformance.Tests;

/// <summary>
/// syft's Python cataloger expectations (../shared/conformance/syft-catalogers/expected.jsonl, rows of the python
/// cataloger) replayed on syft's copied fixtures: every row whose fixture exists is run through our Python catalogers (a
/// directory fixture as a root filesystem with all of <see cref="PythonCatalogers.All"/>; a file fixture through the
/// cataloger that wants its file name) and must yield a package with the row's name, version and, when the row has a
/// literal one, purl. Rows are grouped per (test_func, case, fixture).
/// </summary>
/// <remarks>
/// Skipped and counted: rows with no fixture (unit tests of dependency specifiers), rows with Go-expression values,
/// image-* fixtures (they need the built image), and rows whose fixture is absent from the snapshot (setup.py fixtures:
/// *.py files were not copied). Rows that stay checked but are expected to fail: syft's "guess unpinned requirements"
/// case (an opt-in syft option; we read only pinned lines) and the vcs_url purl qualifier that syft takes from a
/// dist-info's direct_url.json (a sibling file a single-file cataloger does not read).
/// </remarks>
public sealed class SyftPythonCatalogerConformanceTests(ITestOutputHelper output)
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
        [.. SyftExpectations.Read(c => c == "python").Select(e => new Row(e.Line, e.TestFunc ?? "", e.Case ?? "", e.Fixture, e.Name, e.Version, e.Purl,
            e.Fixture is null ? "no fixture (unit test of a dependency specifier or helper)"
            : e.HasExpr ? "row has Go-expression values"
            : e.Fixture.StartsWith("image-", StringComparison.Ordinal) ? "image-* fixture (needs a built image)"
            : !SyftExpectations.Exists(FixturePath(e.Fixture)) ? "fixture not in the snapshot"
            : null))];

    private static string? FixturePath(string fixture) => SyftExpectations.FixturePath("python", fixture);

    /// <summary>
    /// Runs the catalogers on a fixture: (packages, errors). Paths are given relative to syft's testdata folder (as syft
    /// globs see the fixture's own directory names), so a fixture directory named partial.dist-info still reads as a
    /// dist-info directory.
    /// </summary>
    private static (IReadOnlyList<PackageRecord> Packages, IReadOnlyList<string> Errors) Run(string fixture)
    {
        var path = FixturePath(fixture)!;
        var rel = fixture.StartsWith("testdata/", StringComparison.Ordinal) ? fixture["testdata/".Length..] : fixture;
        if (Directory.Exists(path))
        {
            var result = CatalogRunner.Run(new PrefixedSource(new DirectoryCatalogSource(path), rel.TrimEnd('/') + "/"), PythonCatalogers.All);
            return (result.Packages, result.Errors.Select(e => $"{e.Cataloger}: {e.Message}").ToList());
        }
        var cataloger = PythonCatalogers.All.OfType<DatabaseFileCataloger>().FirstOrDefault(c => c.Wants(rel));
        if (cataloger is null) return ([], [$"no Python cataloger wants {rel}"]);
        try
        {
            return (cataloger.CatalogFile(rel, File.ReadAllBytes(path), null, null), []);
        }
        catch (CatalogerException e)
        {
            return ([], [e.Message]);
        }
    }

    /// <summary>A source whose paths all carry a prefix (the fixture directory's path under testdata).</summary>
    private sealed class PrefixedSource(ICatalogSource inner, string prefix) : ICatalogSource
    {
        public IEnumerable<string> Files => inner.Files.Select(f => prefix + f);

        public byte[]? Read(string path) => path.StartsWith(prefix, StringComparison.Ordinal) ? inner.Read(path[prefix.Length..]) : null;

        public string? LayerDigestOf(string path) => null;
    }

    [Fact]
    public void Python_catalogers_find_the_packages_syft_expects_on_its_fixtures()
    {
        var cache = new Dictionary<string, (IReadOnlyList<PackageRecord> Packages, IReadOnlyList<string> Errors)>();
        var failures = new List<string>();
        var passed = 0;
        var checkedRows = Rows.Where(r => r.SkipReason is null).ToList();
        foreach (var group in checkedRows.GroupBy(r => (r.TestFunc, r.Case, r.Fixture)))
        {
            var fixture = group.Key.Fixture!;
            if (!cache.TryGetValue(fixture, out var run)) cache[fixture] = run = Run(fixture);
            foreach (var row in group)
            {
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
        }

        var skipped = Rows.Where(r => r.SkipReason is not null).GroupBy(r => r.SkipReason!).ToList();
        foreach (var f in failures) output.WriteLine(f);
        foreach (var g in skipped) output.WriteLine($"skipped {g.Count()}: {g.Key} (lines {string.Join(", ", g.Select(r => r.Line))})");
        var total = checkedRows.Count;
        var rate = total == 0 ? 0 : (double)passed / total;
        var skipNote = string.Join(", ", skipped.Select(g => $"{g.Count()} {g.Key}"));
        output.WriteLine(FormattableString.Invariant($"{passed}/{total} rows agree ({100 * rate:F2}%); skipped: {skipNote}"));
        ConformanceReport.Record("syft python cataloger expected.jsonl rows", passed, total, $"(skipped {Rows.Count - total}: {skipNote})");

        Assert.True(total > 0, "no python row could be checked: is ../shared/conformance/syft-catalogers present?");
        Assert.True(rate >= RequiredRate, FormattableString.Invariant($"{passed}/{total} rows agree ({100 * rate:F2}%), below {100 * RequiredRate:F0}%:\n") + string.Join("\n", failures));
    }

    [Theory]
    [InlineData("testdata/glob-paths/site-packages/x.dist-info/METADATA")]
    [InlineData("testdata/glob-paths/site-packages/z.egg-info")]
    [InlineData("testdata/glob-paths/src/poetry.lock")]
    [InlineData("testdata/glob-paths/src/Pipfile.lock")]
    [InlineData("testdata/glob-paths/src/uv.lock")]
    [InlineData("testdata/glob-paths/src/pdm.lock")]
    public void Bogus_glob_fixtures_give_a_clear_error_not_a_crash(string fixture)
    {
        var (packages, errors) = Run(fixture);
        output.WriteLine(string.Join("\n", errors));
        Assert.Empty(packages);
        Assert.NotEmpty(errors);
    }

    [Theory]
    [InlineData("testdata/empty-1.0.0-py3.8.egg-info")]
    [InlineData("testdata/glob-paths/src/requirements.txt")]
    public void Empty_or_unpinned_fixtures_give_no_packages_and_no_error(string fixture)
    {
        var (packages, errors) = Run(fixture);
        Assert.Empty(errors);
        Assert.Empty(packages);
    }

    [Fact]
    public void Python_egg_info_fixture_names_the_interpreter_and_its_licence()
    {
        var (packages, errors) = Run("testdata/Python-2.7.egg-info");
        Assert.Empty(errors);
        var p = Assert.Single(packages);
        Assert.Equal(("python", "2.7.13", "pkg:pypi/python@2.7.13"), (p.Name, p.Version, p.Purl));
        Assert.Equal(["PSF license"], p.Licenses);
    }

    [Fact]
    public void Poetry_case_sensitivity_fixture_gives_normalised_names()
    {
        var (packages, errors) = Run("testdata/poetry/case-sensitivity/poetry.lock");
        Assert.Empty(errors);
        Assert.All(packages, p => Assert.Equal(p.Name.ToLowerInvariant(), p.Name));
        Assert.Equal(3, packages.Count);
    }
}
