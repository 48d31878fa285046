using System.Diagnostics;
using System.Globalization;
using System.Text;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.PodSecurity;
using Palisade.Kubernetes.Scanning;

namespace Palisade.Benchmarks;

/// <summary>
/// `--scaling`: how load and scan time grow with corpus size (same generator, same 50 namespaces, so the
/// number of ServiceAccounts and NetworkPolicies per namespace grows with the corpus). Linear phases double
/// with the size; a phase that does a pass over all objects of a kind per workload grows four-fold.
/// </summary>
public static class ScalingRunner
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(IReadOnlyList<int> sizes, int warmup, int runs, TextWriter output)
    {
        var rows = new List<(int Size, int Workloads, double Load, double Scan, double Pss, List<(string Id, double Ms)> Checks)>();
        foreach (var size in sizes)
        {
            var dir = Path.Combine(Corpus.RepoRoot, "bench", ".corpus", "scale-" + size.ToString(Inv));
            CorpusGenerator.Generate(dir, size);
            var corpus = Corpus.Open("scale-" + size.ToString(Inv), dir);
            Console.Error.WriteLine($"[scaling] {size} resources ...");
            var load = Median(() => Cases.Load(corpus, Environment.ProcessorCount), warmup, runs);
            var set = Cases.Load(corpus, Environment.ProcessorCount);
            var scan = Median(() => KubernetesScanner.Scan(set), warmup, runs);
            var ctx = KubernetesScanContext.From(set.Objects);
            var pods = set.Objects.Select(o => o.PodTemplate).OfType<Palisade.Kubernetes.Workloads.PodTemplate>().ToList();
            foreach (var p in pods) _ = p.Containers;
            var checks = KubernetesScanner.Checks.Select(c => (c.Id, Median(() => c.IsPerObject ? set.Objects.Sum(o => c.Run(o).Count()) : c.Run(ctx).Count(), warmup, runs))).ToList();
            var pss = Median(() => pods.Sum(p => PodSecurityEvaluator.Evaluate(p, PssLevel.Restricted, PssVersion.Latest).Count), warmup, runs);
            rows.Add((size, pods.Count, load, scan, pss, checks));
        }
        // The checks that grow fastest between the smallest and the largest corpus.
        var first = rows[0].Checks.ToDictionary(c => c.Id, c => c.Ms, StringComparer.Ordinal);
        var fastest = rows[^1].Checks.OrderByDescending(c => c.Ms / Math.Max(first[c.Id], 0.05)).Take(4).Select(c => c.Id).ToList();
        var sb = new StringBuilder();
        sb.Append("| resources | pod templates | Load ms | Scan ms | PSS ms | ").Append(string.Join(" | ", fastest.Select(id => id + " ms"))).Append(" |\n");
        sb.Append("|---:|---:|---:|---:|---:|").Append(string.Concat(fastest.Select(_ => "---:|"))).Append('\n');
        foreach (var r in rows)
        {
            var byId = r.Checks.ToDictionary(c => c.Id, c => c.Ms, StringComparer.Ordinal);
            sb.Append("| ").Append(r.Size.ToString("N0", Inv)).Append(" | ").Append(r.Workloads.ToString(Inv)).Append(" | ")
              .Append(r.Load.ToString("F0", Inv)).Append(" | ").Append(r.Scan.ToString("F0", Inv)).Append(" | ").Append(r.Pss.ToString("F0", Inv)).Append(" | ")
              .Append(string.Join(" | ", fastest.Select(id => byId[id].ToString("F1", Inv)))).Append(" |\n");
        }
        output.WriteLine();
        output.Write(sb.ToString());
        return 0;
    }

    private static double Median<T>(Func<T> body, int warmup, int runs)
    {
        for (var i = 0; i < warmup; i++) body();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            var sw = Stopwatch.StartNew();
            body();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
