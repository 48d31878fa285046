using System.Diagnostics;
using System.Globalization;
using Palisade.Benchmarks;

// Usage:
//   generate [DIR] [--count N] [--seed N]     write the generated corpus (default bench/.corpus/generated)
//   --quick [--runs N] [--warmup N] [--parallelism N] [--corpus generated|kyverno]...
//   --bdn [--parallelism N] [--artifacts DIR] [BenchmarkDotNet arguments, e.g. --filter *ParseOnly*]
//   --scan-once generated|kyverno             one (d) pass, no report: for /usr/bin/time -v (RSS without the reporter)
//   --scaling [--sizes 10000,20000,40000]     load/scan/check times as the generated corpus grows (bench/.corpus/scale-N)
//   --vuln-warm [--artifacts DIR]             BenchmarkDotNet: matching an SBOM's packages on an open database (bench/vuln-db/run.sh)
//   --vuln-cold                               one match right after opening the database, in this new process
//   --policy-describe                         issue 7: counts and a quick timing of the policy pass (bench/policy/run.sh)
//   --policy [--artifacts DIR]                issue 7: BenchmarkDotNet, Kyverno policies on 5,000 workloads, one thread
// Corpus locations: PALISADE_BENCH_CORPUS (generated), PALISADE_BENCH_KYVERNO (kyverno-policies).
var inv = CultureInfo.InvariantCulture;
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Palisade.Benchmarks generate [DIR] [--count N] [--seed N] | --quick [--runs N] [--warmup N] [--parallelism N] [--corpus NAME]... | --bdn [--parallelism N] [--artifacts DIR] [BDN args] | --scan-once NAME | --scaling [--sizes N,N,...]");
    return 2;
}

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int IntOption(string name, int fallback) => Option(name) is { } v ? int.Parse(v, inv) : fallback;

var parallelism = IntOption("--parallelism", Environment.ProcessorCount);

switch (args[0])
{
    case "--policy-describe":
        return PolicyEvalBenchmarks.Describe(Console.Out);
    case "--policy":
        return BdnRunner.RunPolicyEval(Option("--artifacts") ?? Path.Combine(Corpus.RepoRoot, "bench", ".results", "BenchmarkDotNet.Artifacts"));
    case "--vuln-cold":
        return VulnMatchBenchmarks.ColdOnce(Console.Out);
    case "--vuln-warm":
        return BdnRunner.RunVulnMatch(Option("--artifacts") ?? Path.Combine(Corpus.RepoRoot, "bench", ".results", "BenchmarkDotNet.Artifacts"));
    case "generate":
    {
        var dir = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : Corpus.GeneratedPath;
        var (files, resources) = CorpusGenerator.Generate(dir, IntOption("--count", CorpusGenerator.DefaultResources), IntOption("--seed", CorpusGenerator.DefaultSeed));
        var bytes = Directory.EnumerateFiles(dir, "*.yaml", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        var lines = Directory.EnumerateFiles(dir, "*.yaml", SearchOption.AllDirectories).Sum(f => File.ReadLines(f).LongCount());
        Console.WriteLine($"{resources.ToString(inv)} resources in {files.ToString(inv)} files ({(bytes / 1048576.0).ToString("F1", inv)} MB, {lines.ToString(inv)} lines), seed {IntOption("--seed", CorpusGenerator.DefaultSeed).ToString(inv)}");
        return 0;
    }
    case "--quick":
    {
        var names = new List<string>();
        for (var i = 0; i < args.Length - 1; i++)
            if (args[i] == "--corpus") names.Add(args[i + 1]);
        if (names.Count == 0) names = ["generated", "kyverno"];
        var corpora = names.Select(Corpus.ByName).ToList();
        foreach (var c in corpora)
            Console.WriteLine($"- corpus {c.Name}: {c.Files.Count.ToString(inv)} *.yaml/*.yml files, {(c.Bytes / 1048576.0).ToString("F1", inv)} MB, under {c.Root}");
        return QuickRunner.Run(corpora, IntOption("--warmup", 3), IntOption("--runs", 9), parallelism, Console.Out);
    }
    case "--bdn":
    {
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] is "--parallelism" or "--artifacts") { i++; continue; }
            rest.Add(args[i]);
        }
        return BdnRunner.Run(rest, parallelism, Option("--artifacts") ?? Path.Combine(Corpus.RepoRoot, "bench", ".results", "BenchmarkDotNet.Artifacts"));
    }
    case "--scan-once" when args.Length > 1:
    {
        var corpus = Corpus.ByName(args[1]);
        var sw = Stopwatch.StartNew();
        // Counting resources would load the whole corpus a second time: this mode measures the scan alone.
        var r = Cases.RunScan(corpus, parallelism, countResources: false);
        sw.Stop();
        using var self = Process.GetCurrentProcess();
        Console.WriteLine($"{corpus.Name}: {r.Findings.ToString(inv)} findings, {r.Errors.ToString(inv)} errors in {sw.Elapsed.TotalMilliseconds.ToString("F0", inv)} ms; peak working set {(self.PeakWorkingSet64 / 1048576.0).ToString("F0", inv)} MB");
        return 0;
    }
    case "--scaling":
    {
        var sizes = (Option("--sizes") ?? "10000,20000,40000").Split(',').Select(v => int.Parse(v, inv)).ToList();
        return ScalingRunner.Run(sizes, IntOption("--warmup", 1), IntOption("--runs", 5), Console.Out);
    }
    default:
        Console.Error.WriteLine($"unknown command '{args[0]}'");
        return 2;
}
