using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Palisade.Images.Catalogers;
using Palisade.Images.Catalogers.Java;
using Xunit.Abstractions;

namespace Palisade.Conformance.Tests;

/// <summary>
/// syft's java archive expectations (../shared/conformance/syft-catalogers/expected.jsonl, rows of the java cataloger)
/// replayed on syft's copied fixtures.
/// </summary>
/// <remarks>
/// The rows that name a fixture name either java-builds/** jars (not in the snapshot: built by a Makefile and excluded)
/// or inputs of other java catalogers (gradle.lockfile, JVM installations), which are counted as skipped. The
/// Test_parseJavaArchive_regressions rows carry no fixture literal because syft zips a testdata/jar-metadata/&lt;dir&gt;
/// into a jar at test time; those are run here the same way: the directory is zipped in memory under the archive name the
/// row's case implies and handed to <see cref="JavaArchiveCataloger"/>. Rows without any fixture (in-memory metadata,
/// purl builders, pom.xml resolution) are skipped. The loose MANIFEST.MF and pom.properties fixtures (testdata/manifest,
/// testdata/pom) have no package rows; they are checked by the other facts through the public parsers.
/// </remarks>
public sealed class SyftJavaCatalogerConformanceTests(ITestOutputHelper output)
{
    private static readonly string Dir = Path.Combine(RepoPaths.Conformance, "syft-catalogers");
    private static readonly string TestData = Path.Combine(Dir, "syft", "pkg", "cataloger", "java", "testdata");

    private const double RequiredRate = 0.95;

    public sealed record Row(int Line, string TestFunc, string Case, string? Fixture, string? ArchiveName, string Name, string? Version, string? Purl, string? SkipReason)
    {
        public override string ToString() =>
            $"expected.jsonl:{Line.ToString(CultureInfo.InvariantCulture)} {TestFunc} [{Case}] {Fixture} as {ArchiveName}: {Name} @ {Version ?? "(none)"}{(Purl is null ? "" : " " + Purl)}";
    }

    /// <summary>The jar-metadata directory and archive name for a regression row (syft generates the jar from it).</summary>
    private static (string Dir, string Archive)? RegressionFixture(string name, string @case) => name switch
    {
        "api-all" or "api-asn1-api" => ("jar-metadata/api-all-2.0.0-sources", "api-all-2.0.0-sources.jar"),
        "micronaut-aop" => ("jar-metadata/micronaut-aop-4.9.11", "micronaut-aop-4.9.11.jar"),
        "jackson-core" when @case.Contains("bad case", StringComparison.Ordinal) =>
            ("jar-metadata/com.fasterxml.jackson.core.jackson-core-2.15.2", "com.fasterxml.jackson.core.jackson-core-2.15.2.jar"),
        "jackson-core" => ("jar-metadata/jackson-core-2.15.2", "jackson-core-2.15.2.jar"),
        "gradle" => ("jar-metadata/jenkins-plugins/gradle/2.11", "gradle.hpi"),
        _ => null,
    };

    public static IReadOnlyList<Row> Rows { get; } = ReadRows();

    private static List<Row> ReadRows()
    {
        var rows = new List<Row>();
        foreach (var e in SyftExpectations.Read(c => c == "java"))
        {
            var testFunc = e.TestFunc ?? "";
            var @case = e.Case ?? "";
            var fixture = e.Fixture;
            string? archive = null;
            string? skip = null;
            if (fixture is null && testFunc == "Test_parseJavaArchive_regressions" && RegressionFixture(e.Name, @case) is { } generated)
                (fixture, archive) = ($"testdata/{generated.Dir}", generated.Archive);
            if (fixture is null) skip = "no fixture (unit test of in-memory metadata, a purl builder or pom.xml resolution)";
            else if (e.HasExpr) skip = "row has Go-expression values";
            else if (fixture.Contains("gradle.lockfile", StringComparison.Ordinal) || fixture.Contains("jvm-installs", StringComparison.Ordinal))
                skip = "another java cataloger (gradle lockfile, JVM installation): not the archive cataloger";
            else if (!SyftExpectations.Exists(FixturePath(fixture)))
                skip = "fixture not in the snapshot (java-builds/** excluded or >= 1 MB)";
            archive ??= fixture is null ? null : Path.GetFileName(fixture);
            rows.Add(new Row(e.Line, testFunc, @case, fixture, archive, e.Name, e.Version, e.Purl, skip));
        }
        return rows;
    }

    private static string? FixturePath(string fixture) => SyftExpectations.FixturePath("java", fixture);

    /// <summary>A directory zipped in memory, entries named by their relative paths (what syft's fixture generator does).</summary>
    private static byte[] ZipDirectory(string dir)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var entry = zip.CreateEntry(Path.GetRelativePath(dir, file).Replace('\\', '/'));
                using var s = entry.Open();
                s.Write(File.ReadAllBytes(file));
            }
        }
        return ms.ToArray();
    }

    private static (IReadOnlyList<PackageRecord> Packages, IReadOnlyList<string> Errors) Run(string fixture, string archive)
    {
        var path = FixturePath(fixture)!;
        var content = Directory.Exists(path) ? ZipDirectory(path) : File.ReadAllBytes(path);
        try
        {
            return (new JavaArchiveCataloger().CatalogFile(archive, content, null, null), []);
        }
        catch (CatalogerException e)
        {
            return ([], [e.Message]);
        }
    }

    [Fact]
    public void Java_archive_cataloger_finds_the_packages_syft_expects_on_its_fixtures()
    {
        var cache = new Dictionary<(string, string), (IReadOnlyList<PackageRecord> Packages, IReadOnlyList<string> Errors)>();
        var failures = new List<string>();
        var passed = 0;
        var checkedRows = Rows.Where(r => r.SkipReason is null).ToList();
        foreach (var row in checkedRows)
        {
            var key = (row.Fixture!, row.ArchiveName!);
            if (!cache.TryGetValue(key, out var run)) cache[key] = run = Run(row.Fixture!, row.ArchiveName!);
            var candidates = run.Packages.Where(p => p.Name == row.Name).ToList();
            if (candidates.Any(p => p.Version == (row.Version ?? "") && (row.Purl is null || p.Purl == row.Purl)))
            {
                passed++;
                continue;
            }
            var got = candidates.Count == 0 ? "no package of that name (got " + string.Join(", ", run.Packages.Select(p => p.Purl)) + ")"
                : string.Join("; ", candidates.Select(p => $"{p.Version} {p.Purl}"));
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
        ConformanceReport.Record("syft java archive cataloger expected.jsonl rows", passed, total, $"(skipped {Rows.Count - total}: {skipNote})");

        Assert.True(total > 0, "no java row could be checked: is ../shared/conformance/syft-catalogers present?");
        Assert.True(rate >= RequiredRate, FormattableString.Invariant($"{passed}/{total} rows agree ({100 * rate:F2}%), below {100 * RequiredRate:F0}%:\n") + string.Join("\n", failures));
    }

    [Theory]
    [InlineData("small.pom.properties", "example-java-app-maven", "0.1.0")]
    [InlineData("extra.pom.properties", "example-java-app-maven", "0.1.0")]
    [InlineData("colon-delimited.pom.properties", "example-java-app-maven", "0.1.0")]
    [InlineData("equals-delimited-with-colons.pom.properties", "example-java:app-maven", "0.1.0:something")]
    [InlineData("colon-delimited-with-equals.pom.properties", "example-java=app-maven", "0.1.0=something")]
    public void Loose_pom_properties_fixtures_parse(string file, string artifact, string version)
    {
        var pom = JavaArchiveCataloger.ParsePomProperties(File.ReadAllText(Path.Combine(TestData, "pom", file)));
        Assert.Equal("org.anchore", pom.GroupId);
        Assert.Equal(artifact, pom.ArtifactId);
        Assert.Equal(version, pom.Version);
    }

    [Fact]
    public void Loose_manifest_fixtures_parse()
    {
        JavaManifest Load(string name) => JavaArchiveCataloger.ParseManifest(File.ReadAllText(Path.Combine(TestData, "manifest", name)));

        Assert.Equal("1.0", Load("small").Get("Manifest-Version"));
        Assert.Equal("https://github.com/jenkinsci/plugin-pom/example-jenkins-plugin", Load("continuation").Get("Plugin-ScmUrl"));
        Assert.Equal("1.3 2244 October 5 2005", Load("version-with-date").Get("Implementation-Version"));
        var standard = Load("standard-info");
        Assert.Equal("the-best-name", standard.Get("Name"));
        Assert.Equal("the-impl-version", standard.Get("Implementation-Version"));
        Assert.Equal("the-spec-title", standard.Get("Specification-Title"));
        var extra = Load("extra-info");
        Assert.Equal("Apache Maven 3.6.3", extra.Get("Created-By"));
        Assert.Equal(2, extra.Sections.Count);
        Assert.Equal("thing-1", extra.Sections[0]["Name"]);
        Assert.Equal("hello.HelloWorld", extra.Sections[1]["Main-Class"]);
        var lines = Load("extra-empty-lines");
        Assert.Equal("Plexus Archiver", lines.Get("Archiver-Version"));
        Assert.Contains(lines.Sections, s => s.TryGetValue("Name", out var v) && v == "thing-2");
        Assert.Contains(lines.Sections, s => s.TryGetValue("Last", out var v) && v == "item");
        var leading = Load("leading-space");
        Assert.Equal("initialconfig:com", leading.Get("Key-keykeykey"));
        Assert.Equal("parse", leading.Get("should"));
    }

    [Theory]
    [InlineData("opensaml-core-3.4.6", "pkg:maven/org.opensaml/opensaml-core@3.4.6")]
    [InlineData("multiple-matching-2.11.5", "pkg:maven/org.multiple/multiple-matching-1@2.11.5")]
    [InlineData("org.multiple-thename", "pkg:maven/com.multiple/thename@10.11.12")]
    [InlineData("org.multiple-thename", "pkg:maven/org.multiple/thename@10.11.12")]
    [InlineData("commons-lang3-3.12.0", "pkg:maven/commons-lang3/commons-lang3@3.12.0")]
    [InlineData("spring-instrumentation-4.3.0-1.0", "pkg:maven/spring-instrumentation/spring-instrumentation@1.0")]
    public void Other_jar_metadata_fixtures_zipped_give_their_packages(string dir, string purl)
    {
        var (packages, errors) = Run("testdata/jar-metadata/" + dir, dir + ".jar");
        Assert.Empty(errors);
        Assert.Contains(purl, packages.Select(p => p.Purl));
    }

    [Fact]
    public void The_corrupt_jar_fixture_gives_a_clear_error_not_a_crash()
    {
        var (packages, errors) = Run("testdata/corrupt/example.jar", "example.jar");
        output.WriteLine(string.Join("\n", errors));
        Assert.Empty(packages);
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void The_glob_path_java_archives_are_all_wanted_or_not_as_listed()
    {
        var cataloger = new JavaArchiveCataloger();
        var wanted = Directory.EnumerateFiles(Path.Combine(TestData, "glob-paths", "java-archives"))
            .Select(Path.GetFileName).Where(f => cataloger.Wants("java-archives/" + f)).Order(StringComparer.Ordinal);
        Assert.Equal(["example.ear", "example.hpi", "example.jar", "example.jpi", "example.lpkg", "example.nar", "example.par", "example.sar", "example.war"], wanted);
    }
}
