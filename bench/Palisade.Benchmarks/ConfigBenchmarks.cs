using BenchmarkDotNet.Attributes;

namespace Palisade.Benchmarks;

/// <summary>
/// Issue 2: `palisade config` against YamlDotNet on the same files. (a) is the baseline of the Ratio column;
/// the ratios of (d) to (b) and (b') are printed after the run from the same summary.
/// </summary>
[MemoryDiagnoser]
public class ConfigBenchmarks
{
    private Corpus _corpus = null!;

    [Params("generated", "kyverno")]
    public string Corpus { get; set; } = "generated";

    /// <summary>Degree of parallelism over files, as the CLI uses (ManifestLoadOptions.MaxParallelism default).</summary>
    public static int Parallelism { get; set; } = Environment.ProcessorCount;

    [GlobalSetup]
    public void Setup() => _corpus = Benchmarks.Corpus.ByName(Corpus);

    [Benchmark(Baseline = true, Description = "a_ParseOnly")]
    public PassResult YamlDotNetParseOnly() => Cases.RunParseOnly(_corpus, Parallelism);

    [Benchmark(Description = "b_YamlStream")]
    public PassResult YamlDotNetYamlStream() => Cases.RunYamlStream(_corpus, Parallelism);

    [Benchmark(Description = "b2_YamlStreamKept")]
    public PassResult YamlDotNetYamlStreamKept() => Cases.RunYamlStreamKept(_corpus, Parallelism);

    [Benchmark(Description = "c_PalisadeLoad")]
    public PassResult PalisadeLoad() => Cases.RunLoad(_corpus, Parallelism);

    [Benchmark(Description = "d_PalisadeConfig")]
    public PassResult PalisadeConfig() => Cases.RunScan(_corpus, Parallelism);
}
