using System.Globalization;
using System.Text.Json;
using Palisade.Images.Catalogers;
using Palisade.Images.Catalogers.DotNet;
using Palisade.Images.Catalogers.Go;
using Palisade.Images.Catalogers.Rust;
using Xunit.Abstractions;

namespace Palisade.Conformance.Tests;

/// <summary>
/// syft's dotnet, rust and golang cataloger expectations (../shared/conformance/syft-catalogers/expected.jsonl) replayed
/// on syft's copied fixtures: every row whose fixture exists is run through our catalogers of that ecosystem (a directory
/// fixture as a root filesystem, a file fixture as the lock file itself, whatever its name) and must yield a package
/// with the row's name, version and, when the row has a literal one, purl. Rows are grouped by (test_func, case,
/// fixture); packages we report that no row of a group expects are listed in the output (not counted).
/// </summary>
/// <remarks>
/// Skipped and counted: rows with no fixture (unit tests of purl builders, dependency specifiers, binary metadata),
/// rows with Go-expression values, rows of image-* fixtures (their expectations come from the built app, the .NET
/// runtime or a compiled binary in an image that is not in the snapshot: only the project's lock files are), and rows
/// whose fixture is absent.
/// </remarks>
public sealed class SyftLanguageCatalogerConformanceTests(ITestOutputHelper output)
{
    private static readonly string Dir = Path.Combine(RepoPaths.Conformance, "syft-catalogers");

    private const double RequiredRate = 0.95;

    private static readonly string[] Ecosystems = ["dotnet", "rust", "golang"];

    public sealed record Row(int Line, string Cataloger, string TestFunc, string Case, string? Fixture, string Name, string? Version, string? Purl, string? SkipReason)
    {
        public override string ToString() =>
            $"expected.jsonl:{Line.ToString(CultureInfo.InvariantCulture)} {Cataloger} {TestFunc} [{Case}] {Fixture}: {Name} @ {Version ?? "(none)"}{(Purl is null ? "" : " " + Purl)}";
    }

    public static IReadOnlyList<Row> Rows { get; } = ReadRows();

    private static List<Row> ReadRows() =>
        [.. SyftExpectations.Read(c => Ecosystems.Contains(c)).Select(e => new Row(e.Line, e.Cataloger, e.TestFunc ?? "", e.Case ?? "", e.Fixture, e.Name, e.Version, e.Purl,
            e.Fixture is null ? "no fixture (unit test of a builder, specifier or binary metadata)"
            : e.HasExpr ? "row has Go-expression values"
            : e.Fixture.StartsWith("image-", StringComparison.Ordinal) ? "image-* fixture (needs the built image: app, runtime or binary; Go and cargo-auditable binary reading is tested on real binaries in Palisade.Images.Tests)"
            : !SyftExpectations.Exists(FixturePath(e.Cataloger, e.Fixture)) ? "fixture not in the snapshot"
            : null))];

    private static string? FixturePath(string cataloger, string fixture) => SyftExpectations.FixturePath(cataloger, fixture);

    private static IReadOnlyList<DatabaseFileCataloger> CatalogersFor(string ecosystem) => ecosystem switch
    {
        "dotnet" => [new DotNetDepsCataloger(), new DotNetPackagesLockCataloger()],
        "rust" => [new CargoLockCataloger()],
        _ => [new GoModCataloger()],
    };

    /// <summary>A file fixture is parsed by the ecosystem's cataloger for its kind, whatever the file is called.</summary>
    private static DatabaseFileCataloger FileCatalogerFor(string ecosystem, string fileName) => ecosystem switch
    {
        "dotnet" when fileName.Contains("packages.lock", StringComparison.Ordinal) => new DotNetPackagesLockCataloger(),
        "dotnet" => new DotNetDepsCataloger(),
        "rust" => new CargoLockCataloger(),
        _ => new GoModCataloger(),
    };

    /// <summary>Runs the ecosystem's catalogers on a fixture: (packages, errors).</summary>
    private static (IReadOnlyList<PackageRecord> Packages, IReadOnlyList<string> Errors) Run(string ecosystem, string fixture)
    {
        var path = FixturePath(ecosystem, fixture)!;
        if (Directory.Exists(path))
        {
            var result = CatalogRunner.Run(new DirectoryCatalogSource(path), CatalogersFor(ecosystem));
            return (result.Packages, result.Errors.Select(e => $"{e.Path}: {e.Message}").ToList());
        }
        var name = Path.GetFileName(path);
        try
        {
            return (FileCatalogerFor(ecosystem, name).CatalogFile(name, File.ReadAllBytes(path), null, null), []);
        }
        catch (CatalogerException e)
        {
            return ([], [e.Message]);
        }
    }

    [Fact]
    public void Dotnet_rust_and_go_catalogers_find_the_packages_syft_expects_on_its_fixtures()
    {
        var cache = new Dictionary<(string, string), (IReadOnlyList<PackageRecord> Packages, IReadOnlyList<string> Errors)>();
        var failures = new List<string>();
        var extras = new List<string>();
        var passed = 0;
        var checkedRows = Rows.Where(r => r.SkipReason is null).ToList();
        foreach (var group in checkedRows.GroupBy(r => (r.Cataloger, r.TestFunc, r.Case, Fixture: r.Fixture!)))
        {
            var key = (group.Key.Cataloger, group.Key.Fixture);
            if (!cache.TryGetValue(key, out var run)) cache[key] = run = Run(group.Key.Cataloger, group.Key.Fixture);
            foreach (var row in group)
            {
                var candidates = run.Packages.Where(p => p.Name == row.Name).ToList();
                if (candidates.Any(p => p.Version == (row.Version ?? "") && (row.Purl is null || p.Purl == row.Purl)))
                {
                    passed++;
                    continue;
                }
                var got = candidates.Count == 0 ? "no package of that name" : string.Join("; ", candidates.Select(p => $"{p.Version} {p.Purl}"));
                var errors = run.Errors.Count == 0 ? "" : " errors: " + string.Join("; ", run.Errors);
                failures.Add($"FAIL {row}: got {got}{errors}");
            }
            var unexpected = run.Packages.Where(p => !group.Any(r => r.Name == p.Name && (r.Version ?? "") == p.Version)).ToList();
            if (unexpected.Count > 0)
                extras.Add($"extra in {group.Key.Cataloger} {group.Key.TestFunc} {group.Key.Fixture}: {string.Join(", ", unexpected.Select(p => $"{p.Name}@{p.Version}"))}");
        }

        var skipped = Rows.Where(r => r.SkipReason is not null).GroupBy(r => r.SkipReason!).ToList();
        foreach (var f in failures) output.WriteLine(f);
        foreach (var x in extras) output.WriteLine(x);
        foreach (var g in skipped) output.WriteLine($"skipped {g.Count()}: {g.Key}");
        foreach (var e in Ecosystems)
        {
            var rows = checkedRows.Where(r => r.Cataloger == e).ToList();
            output.WriteLine($"{e}: {rows.Count} rows checked, {failures.Count(f => f.Contains($" {e} ", StringComparison.Ordinal))} failed");
        }
        var total = checkedRows.Count;
        var rate = total == 0 ? 0 : (double)passed / total;
        var skipNote = string.Join(", ", skipped.Select(g => $"{g.Count()} {g.Key}"));
        output.WriteLine(FormattableString.Invariant($"{passed}/{total} rows agree ({100 * rate:F2}%); skipped: {skipNote}"));
        ConformanceReport.Record("syft dotnet+rust+golang cataloger expected.jsonl rows", passed, total, $"(skipped {Rows.Count - total}: {skipNote})");

        Assert.True(total > 0, "no dotnet/rust/golang row could be checked: is ../shared/conformance/syft-catalogers present?");
        Assert.True(rate >= RequiredRate, FormattableString.Invariant($"{passed}/{total} rows agree ({100 * rate:F2}%), below {100 * RequiredRate:F0}%:\n") + string.Join("\n", failures));
    }

    [Theory]
    [InlineData("dotnet", "testdata/glob-paths/src/something.deps.json")]
    [InlineData("dotnet", "testdata/glob-paths/src/packages.lock.json")]
    [InlineData("rust", "testdata/glob-paths/src/Cargo.lock")]
    [InlineData("golang", "testdata/corrupt/go.mod")]
    public void Corrupt_fixtures_give_a_clear_error_not_a_crash(string ecosystem, string fixture)
    {
        var (packages, errors) = Run(ecosystem, fixture);
        output.WriteLine(string.Join("\n", errors));
        Assert.Empty(packages);
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Every_lock_file_in_the_image_fixtures_is_read_without_error()
    {
        foreach (var ecosystem in Ecosystems)
        {
            foreach (var dir in Directory.EnumerateDirectories(Path.Combine(Dir, "syft", "pkg", "cataloger", ecosystem, "testdata"), "image-*"))
            {
                var result = CatalogRunner.Run(new DirectoryCatalogSource(dir), CatalogersFor(ecosystem));
                output.WriteLine($"{ecosystem} {Path.GetFileName(dir)}: {result.Packages.Count} packages");
                Assert.Empty(result.Errors);
            }
        }
    }
}
