using System.Diagnostics;
using System.Globalization;
using System.Text;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.PodSecurity;
using Palisade.Kubernetes.Scanning;

namespace Palisade.Benchmarks;

/// <summary>
/// `--quick`: plain Stopwatch timing, no BenchmarkDotNet. The cases run interleaved: <c>warmup</c> untimed
/// rounds, then <c>runs</c> timed rounds (a full GC before each run); the median is reported as a Markdown table.
/// Also prints where the time of (d) goes (load / scan context / each check / PSS), from the same public API
/// the scanner uses.
/// </summary>
public static class QuickRunner
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(IReadOnlyList<Corpus> corpora, int warmup, int runs, int parallelism, TextWriter output)
    {
        var md = new StringBuilder();
        md.Append("Quick mode: ").Append(warmup.ToString(Inv)).Append(" warmup + ").Append(runs.ToString(Inv))
          .Append(" timed runs per case, median reported; files read with parallelism ").Append(parallelism.ToString(Inv))
          .Append(" (Environment.ProcessorCount = ").Append(Environment.ProcessorCount.ToString(Inv)).Append(").\n\n");
        md.Append("| corpus | case | files | YAML docs | resources | parse errors | findings | median ms | min ms | resources/s | allocated MB/run |\n");
        md.Append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        var ratios = new StringBuilder();
        ratios.Append("| corpus | (d) / (a) parse-only | (d) / (b) YamlStream | (d) / (b') YamlStream kept | (c) / (a) | (c) / (b) | (d) / (c) |\n|---|---:|---:|---:|---:|---:|---:|\n");

        foreach (var corpus in corpora)
        {
            // The resource count comes from Palisade's loader (Kubernetes objects found); YAML docs from (a).
            var reference = Cases.RunScan(corpus, parallelism);
            var parse = Cases.RunParseOnly(corpus, parallelism);
            var medians = new Dictionary<string, double>(StringComparer.Ordinal);
            Console.Error.WriteLine($"[quick] {corpus.Name}: {Cases.All.Length} cases interleaved, {warmup} warmup + {runs} timed rounds ...");
            var measured = MeasureInterleaved(Cases.All.Select(name => (Func<PassResult>)(() => Cases.Run(name, corpus, parallelism))).ToList(), warmup, runs);
            for (var k = 0; k < Cases.All.Length; k++)
            {
                var name = Cases.All[k];
                var (median, min, allocated, last) = measured[k];
                medians[name] = median;
                var errors = name is Cases.ParseOnly or Cases.YamlStreamLoad or Cases.YamlStreamKept ? last.Errors : reference.Errors;
                md.Append("| ").Append(corpus.Name).Append(" | ").Append(name).Append(" | ")
                  .Append(corpus.Files.Count.ToString(Inv)).Append(" | ").Append(parse.Documents.ToString(Inv)).Append(" | ")
                  .Append(reference.Objects.ToString(Inv)).Append(" | ").Append(errors.ToString(Inv)).Append(" | ")
                  .Append(name == Cases.PalisadeScan ? last.Findings.ToString(Inv) : "").Append(" | ")
                  .Append(median.ToString("F1", Inv)).Append(" | ").Append(min.ToString("F1", Inv)).Append(" | ")
                  .Append((reference.Objects / (median / 1000)).ToString("N0", Inv)).Append(" | ")
                  .Append((allocated / 1048576.0).ToString("F1", Inv)).Append(" |\n");
            }
            ratios.Append("| ").Append(corpus.Name).Append(" | ")
                  .Append(Ratio(medians[Cases.PalisadeScan], medians[Cases.ParseOnly])).Append(" | ")
                  .Append(Ratio(medians[Cases.PalisadeScan], medians[Cases.YamlStreamLoad])).Append(" | ")
                  .Append(Ratio(medians[Cases.PalisadeScan], medians[Cases.YamlStreamKept])).Append(" | ")
                  .Append(Ratio(medians[Cases.PalisadeLoad], medians[Cases.ParseOnly])).Append(" | ")
                  .Append(Ratio(medians[Cases.PalisadeLoad], medians[Cases.YamlStreamLoad])).Append(" | ")
                  .Append(Ratio(medians[Cases.PalisadeScan], medians[Cases.PalisadeLoad])).Append(" |\n");
        }
        md.Append('\n').Append(ratios);
        md.Append("\n### Where (d) spends its time (scan phases single-threaded, median of the timed runs)\n\n");
        foreach (var corpus in corpora) md.Append(Splits(corpus, warmup, runs));
        output.WriteLine();
        output.Write(md.ToString());
        return 0;
    }

    private static string Ratio(double a, double b) => (a / b).ToString("F2", Inv);

    /// <summary>
    /// Runs the cases round-robin (the starting case rotates every round), so that background load on a shared
    /// machine hits every case alike and the ratios stay meaningful even when absolute times drift.
    /// </summary>
    private static List<(double Median, double Min, long Allocated, PassResult Last)> MeasureInterleaved(IReadOnlyList<Func<PassResult>> bodies, int warmup, int runs)
    {
        for (var i = 0; i < warmup; i++)
            foreach (var b in bodies) b();
        var times = bodies.Select(_ => new List<double>()).ToList();
        var allocated = new long[bodies.Count];
        var last = new PassResult[bodies.Count];
        for (var round = 0; round < runs; round++)
        {
            for (var j = 0; j < bodies.Count; j++)
            {
                var k = (round + j) % bodies.Count;
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var sw = Stopwatch.StartNew();
                last[k] = bodies[k]();
                sw.Stop();
                allocated[k] = GC.GetTotalAllocatedBytes(precise: true) - before;
                times[k].Add(sw.Elapsed.TotalMilliseconds);
            }
        }
        return times.Select((t, k) => (Median(t), t.Min(), allocated[k], last[k])).ToList();
    }

    private static double Median(List<double> times)
    {
        times.Sort();
        return times.Count % 2 == 1 ? times[times.Count / 2] : (times[(times.Count / 2) - 1] + times[times.Count / 2]) / 2;
    }

    private static (double Median, double Min, long Allocated, PassResult Last) Measure(Func<PassResult> body, int warmup, int runs)
    {
        for (var i = 0; i < warmup; i++) body();
        var times = new List<double>();
        long allocated = 0;
        PassResult last = default;
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var sw = Stopwatch.StartNew();
            last = body();
            sw.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        return (Median(times), times.Min(), allocated, last);
    }

    /// <summary>
    /// Times the phases of (d) one at a time, single-threaded: the loader (parallelism 1), building the scan
    /// context (workload extraction, kind index), each hardening check's enumeration, and the PSS evaluation of
    /// every pod; and the whole KubernetesScanner.Scan, whose remainder is turning hits into findings and sorting.
    /// </summary>
    private static string Splits(Corpus corpus, int warmup, int runs)
    {
        var phases = new List<(string Name, double Ms)>();
        var pn = Environment.ProcessorCount.ToString(Inv);
        phases.Add(("(a) YamlDotNet parse-only, parallelism 1", Measure(() => Cases.RunParseOnly(corpus, 1), warmup, runs).Median));
        phases.Add(("(a) YamlDotNet parse-only, parallelism " + pn, Measure(() => Cases.RunParseOnly(corpus, Environment.ProcessorCount), warmup, runs).Median));
        double pause = 0;
        phases.Add(("(c) ManifestLoader.Load, parallelism 1", Measure(() =>
        {
            var p0 = GC.GetTotalPauseDuration();
            var s = Cases.Load(corpus, 1);
            pause = (GC.GetTotalPauseDuration() - p0).TotalMilliseconds;
            return new PassResult(0, s.Objects.Count, 0, 0, 0);
        }, warmup, runs).Median));
        phases.Add(("&nbsp;&nbsp;of which GC pauses (last run)", pause));
        phases.Add(("(c) ManifestLoader.Load, parallelism " + pn, Measure(() => { var s = Cases.Load(corpus, Environment.ProcessorCount); return new PassResult(0, s.Objects.Count, 0, 0, 0); }, warmup, runs).Median));
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var set = Cases.Load(corpus, 1);
        var retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        var scan = Measure(() => new PassResult(0, 0, 0, KubernetesScanner.Scan(set).Sum(r => r.Findings.Count), 0), warmup, runs).Median;
        var ctxMs = Measure(() => new PassResult(0, KubernetesScanContext.From(set.Objects).Workloads.Count, 0, 0, 0), warmup, runs).Median;
        var context = KubernetesScanContext.From(set.Objects);
        var pods = set.Objects.Select(o => o.PodTemplate).OfType<Palisade.Kubernetes.Workloads.PodTemplate>().ToList();
        // Containers are read lazily and cached on each PodTemplate: warm them so the first check is not charged.
        foreach (var p in pods) _ = p.Containers;
        var checkRows = new List<(string Name, double Ms, long Hits)>();
        foreach (var check in KubernetesScanner.Checks)
        {
            long hits = 0;
            var ms = Measure(() =>
            {
                hits = check.IsPerObject ? set.Objects.Sum(o => (long)check.Run(o).Count()) : check.Run(context).LongCount();
                return default;
            }, warmup, runs).Median;
            checkRows.Add((check.Id + " " + check.Metadata.Title, ms, hits));
        }
        long violations = 0;
        var pssMs = Measure(() =>
        {
            violations = 0;
            foreach (var pod in pods) violations += PodSecurityEvaluator.Evaluate(pod, PssLevel.Restricted, PssVersion.Latest).Count;
            return default;
        }, warmup, runs).Median;
        var checksMs = checkRows.Sum(r => r.Ms);

        var sb = new StringBuilder();
        sb.Append("**").Append(corpus.Name).Append("** (").Append(set.Objects.Count.ToString(Inv)).Append(" resources, ")
          .Append(pods.Count.ToString(Inv)).Append(" pod templates; the loaded ManifestSet keeps ")
          .Append((retained / 1048576.0).ToString("F1", Inv)).Append(" MB of managed heap alive for ")
          .Append((corpus.Bytes / 1048576.0).ToString("F1", Inv)).Append(" MB of YAML)\n\n");
        sb.Append("| phase | median ms |\n|---|---:|\n");
        foreach (var (name, ms) in phases) sb.Append("| ").Append(name).Append(" | ").Append(ms.ToString("F1", Inv)).Append(" |\n");
        sb.Append("| KubernetesScanner.Scan, total | ").Append(scan.ToString("F1", Inv)).Append(" |\n");
        sb.Append("| &nbsp;&nbsp;scan context (workload extraction, kind index) | ").Append(ctxMs.ToString("F1", Inv)).Append(" |\n");
        sb.Append("| &nbsp;&nbsp;").Append(checkRows.Count.ToString(Inv)).Append(" hardening checks, sum | ").Append(checksMs.ToString("F1", Inv)).Append(" |\n");
        sb.Append("| &nbsp;&nbsp;Pod Security Standards (restricted, latest), ").Append(violations.ToString(Inv)).Append(" violations | ").Append(pssMs.ToString("F1", Inv)).Append(" |\n");
        sb.Append("| &nbsp;&nbsp;remainder (hits to findings, suppression, sorting) | ").Append(Math.Max(0, scan - ctxMs - checksMs - pssMs).ToString("F1", Inv)).Append(" |\n\n");
        sb.Append("Slowest checks:\n\n| check | median ms | hits |\n|---|---:|---:|\n");
        foreach (var (name, ms, hits) in checkRows.OrderByDescending(r => r.Ms).Take(6))
            sb.Append("| ").Append(name).Append(" | ").Append(ms.ToString("F2", Inv)).Append(" | ").Append(hits.ToString(Inv)).Append(" |\n");
        sb.Append('\n');
        return sb.ToString();
    }
}
