using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Newtonsoft.Json.Linq;
using Palisade.Policy.Engine;
using Palisade.Policy.Model;
using Palisade.Policy.Testing;

namespace Palisade.Benchmarks;

/// <summary>
/// Issue 7's goal: the Kyverno library's pod-security and best-practices ClusterPolicies over thousands of workloads,
/// on one thread: rule evaluations (a rule that matched a resource and was evaluated to pass/fail/skip) per second per
/// core. The workloads are the library's own test resources for those policies (Pods, Deployments, CronJobs, ...),
/// copied under new names until there are <see cref="Workloads"/> of them. Library location: PALISADE_BENCH_KYVERNO.
/// </summary>
[MemoryDiagnoser]
public class PolicyEvalBenchmarks
{
    public const int Workloads = 5000;

    private IReadOnlyList<KyvernoPolicy> _policies = [];
    private IReadOnlyList<EngineRequest> _requests = [];

    public static (IReadOnlyList<KyvernoPolicy> Policies, IReadOnlyList<EngineRequest> Requests) Load()
    {
        var library = Corpus.KyvernoPath;
        var dirs = new[] { "pod-security", "best-practices" }.Select(d => Path.Combine(library, d)).ToList();
        var policies = PolicyLoader.Load(dirs.SelectMany(d => Directory.EnumerateFiles(d, "*.yaml", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/.", StringComparison.Ordinal) && !f.EndsWith("kustomization.yaml", StringComparison.Ordinal) && !f.EndsWith("artifacthub-pkg.yml", StringComparison.Ordinal)));
        var samples = dirs.SelectMany(d => Directory.EnumerateFiles(d, "*.yaml", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            .Where(f => f.Contains("/.kyverno-test/", StringComparison.Ordinal) && !f.EndsWith("kyverno-test.yaml", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith("patched", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .SelectMany(f =>
            {
                try { return KyvernoTestRunner.ReadResources(f).ToList(); }
                catch (Palisade.Policy.Documents.PolicyDocumentException) { return []; }
            })
            .Where(r => (string?)r["kind"] is "Pod" or "Deployment" or "StatefulSet" or "DaemonSet" or "Job" or "CronJob" or "ReplicaSet")
            .ToList();
        var requests = new List<EngineRequest>(Workloads);
        for (var i = 0; requests.Count < Workloads; i++)
        {
            var copy = (JObject)samples[i % samples.Count].DeepClone();
            copy["metadata"]!["name"] = (string?)copy["metadata"]!["name"] + "-" + i.ToString(CultureInfo.InvariantCulture);
            requests.Add(new EngineRequest(copy));
        }
        return (policies.Policies, requests);
    }

    [GlobalSetup]
    public void Setup() => (_policies, _requests) = Load();

    /// <summary>One pass: every policy on every workload; returns the rule evaluations done.</summary>
    [Benchmark(Description = "pod-security + best-practices on 5,000 workloads (1 thread)")]
    public int EvaluateAll() => Pass(_policies, _requests);

    public static int Pass(IReadOnlyList<KyvernoPolicy> policies, IReadOnlyList<EngineRequest> requests)
    {
        var evaluations = 0;
        foreach (var request in requests)
            evaluations += PolicyEngine.Apply(policies, request).Count;
        return evaluations;
    }

    /// <summary>Prints the counts a pass does and a quick timing (the BenchmarkDotNet run gives the measured mean).</summary>
    public static int Describe(TextWriter output)
    {
        var (policies, requests) = Load();
        var rules = policies.Sum(p => PolicyEngine.RulesOf(p).Count);
        var evaluations = Pass(policies, requests);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++) Pass(policies, requests);
        clock.Stop();
        var perPass = clock.Elapsed.TotalSeconds / 3;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{policies.Count} policies ({rules} rules with autogen), {requests.Count} workloads: {evaluations} rule evaluations per pass, {perPass * 1000:F0} ms per pass, {evaluations / perPass:F0} evaluations/s on one thread"));
        return 0;
    }
}
