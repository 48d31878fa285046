using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Palisade.Benchmarks;

/// <summary>`--bdn`: the BenchmarkDotNet run of <see cref="ConfigBenchmarks"/>, then the ratios between its means.</summary>
public static class BdnRunner
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(List<string> args, int parallelism, string artifacts)
    {
        ArgumentNullException.ThrowIfNull(args);
        ConfigBenchmarks.Parallelism = parallelism;
        // In-process (no per-benchmark project build, which is slow on 2 cores) and short: each operation is a
        // whole pass over a corpus (tens to hundreds of ms), so one invocation per iteration is plenty.
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10)
            .WithInvocationCount(1).WithUnrollFactor(1)
            .WithGcServer(false).WithGcConcurrent(false)
            .WithId("ShortInProcess");
        var config = DefaultConfig.Instance.AddJob(job).WithArtifactsPath(artifacts).WithOptions(ConfigOptions.JoinSummary);
        if (!args.Contains("--filter")) args.AddRange(["--filter", "*ConfigBenchmarks*"]);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(ConfigBenchmarks).Assembly).Run([.. args], config);
        foreach (var s in summaries) PrintRatios(s, parallelism);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }

    /// <summary>`--vuln-warm`: <see cref="VulnMatchBenchmarks"/> in-process, 3 warm-up and 15 measured iterations.</summary>
    public static int RunVulnMatch(string artifacts)
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15)
            .WithGcServer(false).WithGcConcurrent(false)
            .WithId("InProcess");
        var config = DefaultConfig.Instance.AddJob(job).WithArtifactsPath(artifacts);
        var summary = BenchmarkRunner.Run<VulnMatchBenchmarks>(config);
        return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
    }

    /// <summary>Issue 7: policy evaluation throughput, in process, one thread.</summary>
    public static int RunPolicyEval(string artifacts)
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10)
            .WithGcServer(false).WithGcConcurrent(false)
            .WithId("InProcess");
        var config = DefaultConfig.Instance.AddJob(job).WithArtifactsPath(artifacts);
        var summary = BenchmarkRunner.Run<PolicyEvalBenchmarks>(config);
        return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
    }

    private static void PrintRatios(Summary summary, int parallelism)
    {
        Console.WriteLine();
        Console.WriteLine($"Ratios from the BenchmarkDotNet means (parallelism {parallelism.ToString(Inv)}):");
        Console.WriteLine();
        Console.WriteLine("| corpus | (d) / (a) parse-only | (d) / (b) YamlStream | (d) / (b') YamlStream kept | (c) / (a) | (c) / (b) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var group in summary.Reports.Where(r => r.ResultStatistics is not null).GroupBy(r => r.BenchmarkCase.Parameters["Corpus"]?.ToString() ?? "?"))
        {
            double Mean(string method) => group.First(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method).ResultStatistics!.Mean;
            try
            {
                double a = Mean(nameof(ConfigBenchmarks.YamlDotNetParseOnly)), b = Mean(nameof(ConfigBenchmarks.YamlDotNetYamlStream));
                double b2 = Mean(nameof(ConfigBenchmarks.YamlDotNetYamlStreamKept));
                double c = Mean(nameof(ConfigBenchmarks.PalisadeLoad)), d = Mean(nameof(ConfigBenchmarks.PalisadeConfig));
                Console.WriteLine($"| {group.Key} | {F(d / a)} | {F(d / b)} | {F(d / b2)} | {F(c / a)} | {F(c / b)} |");
            }
            catch (InvalidOperationException)
            {
                Console.WriteLine($"| {group.Key} | (not every case ran) | | | | |");
            }
        }
    }

    private static string F(double v) => v.ToString("F2", Inv);
}
