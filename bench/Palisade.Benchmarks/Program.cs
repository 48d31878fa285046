using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Palisade.Benchmarks;

// Usage:
//   generate [DIR] [--count N] [--seed N]     write the generated corpus (default bench/.corpus/generated)
//   --quick [--runs N] [--warmup N] [--parallelism N] [--corpus generated|kyverno]...
//   --bdn [--parallelism N] [--artifacts DIR] [BenchmarkDotNet arguments, e.g. --filter *]
// Corpus locations: PALISADE_BENCH_CORPUS (generated), PALISADE_BENCH_KYVERNO (kyverno-policies).
var inv = CultureInfo.InvariantCulture;
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Palisade.Benchmarks generate [DIR] [--count N] [--seed N] | --quick [--runs N] [--warmup N] [--parallelism N] [--corpus NAME]... | --bdn [--parallelism N] [--artifacts DIR] [BDN args]");
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
    case "generate":
    {
        var dir = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : Corpus.GeneratedPath;
        var (files, resources) = CorpusGenerator.Generate(dir, IntOption("--count", CorpusGenerator.DefaultResources), IntOption("--seed", CorpusGenerator.DefaultSeed));
        var bytes = Directory.EnumerateFiles(dir, "*.yaml", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        var lines = Directory.EnumerateFiles(dir, "*.yaml", SearchOption.AllDirectories).Sum(f => File.ReadLines(f).LongCount());
        Console.WriteLine($"generated {resources.ToString(inv)} resources in {files.ToString(inv)} files ({(bytes / 1048576.0).ToString("F1", inv)} MB, {lines.ToString(inv)} lines) under {Path.GetFullPath(dir)}");
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
            Console.WriteLine($"[quick] corpus {c.Name}: {c.Files.Count.ToString(inv)} files, {(c.Bytes / 1048576.0).ToString("F1", inv)} MB under {c.Root}");
        return QuickRunner.Run(corpora, IntOption("--warmup", 3), IntOption("--runs", 9), parallelism, Console.Out);
    }
    case "--bdn":
    {
        ConfigBenchmarks.Parallelism = parallelism;
        var artifacts = Option("--artifacts") ?? Path.Combine(Corpus.RepoRoot, "bench", ".results", "BenchmarkDotNet.Artifacts");
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] is "--parallelism" or "--artifacts") { i++; continue; }
            rest.Add(args[i]);
        }
        // In-process (no per-benchmark project build, which is slow on 2 cores) and short: each operation is a
        // whole pass over a corpus (tens to hundreds of ms), so one invocation per iteration is plenty.
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10)
            .WithInvocationCount(1).WithUnrollFactor(1)
            .WithGcServer(false).WithGcConcurrent(false)
            .WithId("ShortInProcess");
        var config = DefaultConfig.Instance.AddJob(job).WithArtifactsPath(artifacts).WithOptions(ConfigOptions.JoinSummary);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(ConfigBenchmarks).Assembly).Run([.. rest, "--filter", "*ConfigBenchmarks*"], config);
        foreach (var s in summaries) PrintRatios(s);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
    default:
        Console.Error.WriteLine($"unknown command '{args[0]}'");
        return 2;
}

void PrintRatios(Summary summary)
{
    Console.WriteLine();
    Console.WriteLine($"Ratios from the BenchmarkDotNet means (parallelism {parallelism.ToString(inv)}):");
    Console.WriteLine();
    Console.WriteLine("| corpus | (d) / (a) parse-only | (d) / (b) YamlStream | (c) / (a) | (c) / (b) |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    foreach (var group in summary.Reports.Where(r => r.ResultStatistics is not null).GroupBy(r => r.BenchmarkCase.Parameters["Corpus"]?.ToString() ?? "?"))
    {
        double Mean(string method) => group.First(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method).ResultStatistics!.Mean;
        try
        {
            double a = Mean(nameof(ConfigBenchmarks.YamlDotNetParseOnly)), b = Mean(nameof(ConfigBenchmarks.YamlDotNetYamlStream));
            double c = Mean(nameof(ConfigBenchmarks.PalisadeLoad)), d = Mean(nameof(ConfigBenchmarks.PalisadeConfig));
            Console.WriteLine($"| {group.Key} | {(d / a).ToString("F2", inv)} | {(d / b).ToString("F2", inv)} | {(c / a).ToString("F2", inv)} | {(c / b).ToString("F2", inv)} |");
        }
        catch (InvalidOperationException)
        {
            Console.WriteLine($"| {group.Key} | (not all four cases ran) | | | |");
        }
    }
}
