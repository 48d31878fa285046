using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Palisade.Images.Catalogers;
using Palisade.Images.Sbom;
using Palisade.Vulnerabilities.Database;
using Palisade.Vulnerabilities.Matching;

namespace Palisade.Benchmarks;

/// <summary>
/// Issue 6's match goal: the packages of an SBOM (bench/vuln-db/gen_corpus.py: 2,000 packages, half of them affected)
/// against a database of at least 200,000 advisories. Warm: the matcher on an open database, steady state
/// (BenchmarkDotNet). Cold: <see cref="ColdOnce"/>, the first match in a new process right after opening the database.
/// Locations: PALISADE_BENCH_VULN_DB (the database), PALISADE_BENCH_VULN_SBOM (the SBOM).
/// </summary>
[MemoryDiagnoser]
public class VulnMatchBenchmarks
{
    private VulnerabilityDatabase? _db;
    private VulnerabilityMatcher? _matcher;
    private IReadOnlyList<PackageRecord> _packages = [];

    public static string DbPath => Environment.GetEnvironmentVariable("PALISADE_BENCH_VULN_DB") ?? throw new InvalidOperationException("set PALISADE_BENCH_VULN_DB");

    public static string SbomPath => Environment.GetEnvironmentVariable("PALISADE_BENCH_VULN_SBOM") ?? throw new InvalidOperationException("set PALISADE_BENCH_VULN_SBOM");

    public static IReadOnlyList<PackageRecord> Packages() => SbomReader.Read(File.ReadAllBytes(SbomPath), SbomPath).Subject.Packages;

    [GlobalSetup]
    public void Setup()
    {
        _packages = Packages();
        _db = VulnerabilityDatabase.Open(DbPath);
        _matcher = new VulnerabilityMatcher(_db);
    }

    [GlobalCleanup]
    public void Cleanup() => _db?.Dispose();

    [Benchmark(Description = "match 2,000 packages (warm)")]
    public int Match() => _matcher!.Match(_packages).Matches.Count;

    /// <summary>Opens the database and matches once, in this (new) process: prints milliseconds and the match count.</summary>
    public static int ColdOnce(TextWriter output)
    {
        var packages = Packages();
        var clock = Stopwatch.StartNew();
        using var db = VulnerabilityDatabase.Open(DbPath);
        var matcher = new VulnerabilityMatcher(db);
        var result = matcher.Match(packages);
        clock.Stop();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cold match: {clock.Elapsed.TotalMilliseconds:F1} ms for {packages.Count} packages, {result.Matches.Count} findings"));
        return 0;
    }
}
