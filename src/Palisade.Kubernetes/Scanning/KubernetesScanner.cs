using Palisade.Artifacts.FileSystem;
using Palisade.Core.Findings;
using Palisade.Core.Rules;
using Palisade.Core.Text;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.PodSecurity;
using Palisade.Kubernetes.Yaml;

namespace Palisade.Kubernetes.Scanning;

public sealed record KubernetesScanOptions
{
    public PssLevel PssLevel { get; init; } = PssLevel.Restricted;
    public PssVersion PssVersion { get; init; } = PssVersion.Latest;

    /// <summary>Which rules run (from --checks); all by default.</summary>
    public Func<RuleMetadata, bool> RuleFilter { get; init; } = _ => true;

    /// <summary>How many files (and cross-object checks) are processed at once.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    public ManifestLoadOptions Load { get; init; } = new();
}

/// <summary>
/// Runs the Pod Security Standards and the hardening checks over manifests and returns one result per file.
/// Files are read and checked in parallel, one at a time per worker: per-object checks run while a file's
/// objects are in memory, then the file's trees are dropped, keeping only workload summaries and the small
/// objects the cross-object checks need. Memory stays flat however large the repository.
/// </summary>
public static class KubernetesScanner
{
    public const string TargetType = "kubernetes";
    public const string IgnoreAnnotation = "palisade.dev/ignore";

    public static IReadOnlyList<KubernetesCheck> Checks { get; } =
    [
        .. ContainerChecks.All, .. SecretChecks.All, .. ServiceAccountChecks.All, .. NetworkChecks.All,
        .. AuditPolicyChecks.All, .. NamespaceChecks.All,
    ];

    /// <summary>Every rule this scanner can report, hardening checks first, ordered by id.</summary>
    public static IReadOnlyList<RuleMetadata> Rules { get; } =
        [.. Checks.Select(c => c.Metadata).OrderBy(r => r.Id, StringComparer.Ordinal), .. PssRules.All.OrderBy(r => r.Id, StringComparer.Ordinal)];

    /// <summary>Reads and scans the manifests among <paramref name="files"/> (the files of <paramref name="root"/>).</summary>
    public static IReadOnlyList<TargetResult> Scan(string root, IEnumerable<WalkedFile> files, KubernetesScanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        options ??= new KubernetesScanOptions();
        var load = options.Load;
        var candidates = ManifestLoader.Candidates(root, files).ToList();
        return Run(candidates.Count, i => ManifestLoader.LoadFile(candidates[i], load), options);
    }

    /// <summary>Scans manifests that are already loaded.</summary>
    public static IReadOnlyList<TargetResult> Scan(ManifestSet manifests, KubernetesScanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        return Run(manifests.Files.Count, i => manifests.Files[i], options ?? new KubernetesScanOptions());
    }

    private sealed record FileOutcome(TargetResult Result, List<WorkloadSummary> Workloads, List<KubernetesObject> Related, HashSet<string> Groups);

    private static List<TargetResult> Run(int fileCount, Func<int, ManifestFile> file, KubernetesScanOptions options)
    {
        var perObject = Checks.Where(c => c.IsPerObject && options.RuleFilter(c.Metadata)).ToList();
        var pssRules = options.PssLevel == PssLevel.Privileged
            ? []
            : PssRules.All.Where(options.RuleFilter).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var policy = $"{options.PssLevel.ToString().ToLowerInvariant()}:{(options.PssVersion == PssVersion.Latest ? "latest" : options.PssVersion.ToString())}";
        var outcomes = new FileOutcome?[fileCount];
        Parallel.For(0, fileCount, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism) },
            i => outcomes[i] = ScanFile(file(i), perObject, pssRules, policy, options));

        var kept = outcomes.OfType<FileOutcome>().Where(o => o.Result.Findings.Count > 0 || o.Result.Errors.Count > 0 || HasObjects(o)).ToList();
        var byPath = kept.ToDictionary(o => o.Result.Target, o => o.Result, StringComparer.Ordinal);
        var ordered = kept.OrderBy(o => o.Result.Target, StringComparer.Ordinal).ToList();
        var context = new KubernetesScanContext(
            ordered.SelectMany(o => o.Workloads).ToList(),
            ordered.SelectMany(o => o.Related).ToList(),
            ordered.SelectMany(o => o.Groups).ToHashSet(StringComparer.Ordinal));

        // Cross-object checks, each its own task, merged in a fixed order.
        var across = Checks.Where(c => !c.IsPerObject && options.RuleFilter(c.Metadata)).ToList();
        var hits = new List<Finding>[across.Count];
        Parallel.For(0, across.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism) },
            i => hits[i] = across[i].Run(context).Select(h => ToFinding(across[i].Metadata, h)).OfType<Finding>().ToList());
        foreach (var f in hits.SelectMany(h => h))
        {
            var path = f.Location!.Path;
            if (!byPath.TryGetValue(path, out var result)) byPath[path] = result = new TargetResult(path, TargetType);
            result.Findings.Add(f);
        }

        foreach (var r in byPath.Values) SortFindings(r.Findings);
        return byPath.Values.OrderBy(r => r.Target, StringComparer.Ordinal).ToList();
    }

    private static bool HasObjects(FileOutcome o) => o.Groups.Count > 0;

    private static FileOutcome? ScanFile(ManifestFile file, List<KubernetesCheck> perObject, HashSet<string> pssRules, string policy, KubernetesScanOptions options)
    {
        if (file.Objects.Count == 0 && file.Errors.Count == 0) return null;
        var result = new TargetResult(file.Path, TargetType);
        result.Errors.AddRange(file.Errors);
        var workloads = new List<WorkloadSummary>();
        var related = new List<KubernetesObject>();
        var groups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var obj in file.Objects)
        {
            groups.Add(obj.Group);
            if (KubernetesScanContext.IsRelated(obj)) related.Add(obj);
            foreach (var check in perObject)
                foreach (var hit in check.Run(obj))
                    if (ToFinding(check.Metadata, hit) is { } f) result.Findings.Add(f);
            if (obj.PodTemplate is not { } pod) continue;
            workloads.Add(WorkloadSummary.From(pod));
            if (pssRules.Count == 0) continue;
            foreach (var v in PodSecurityEvaluator.Evaluate(pod, options.PssLevel, options.PssVersion))
            {
                var rule = PssRules.ForCheck(v.CheckId);
                if (!pssRules.Contains(rule.Id)) continue;
                var hit = CheckHit.On(pod, v.Node ?? pod.Spec, $"{pod.Owner.Kind} \"{pod.Owner.Name}\" violates PodSecurity \"{policy}\": {v.Message}");
                if (ToFinding(rule, hit) is { } f) result.Findings.Add(f);
            }
        }
        return new FileOutcome(result, workloads, related, groups);
    }

    /// <summary>
    /// Orders findings by line, then rule, then message: the same order whatever the scheduling (two findings
    /// that tie on all three say the same thing about the same place).
    /// </summary>
    private static void SortFindings(List<Finding> findings) => findings.Sort(static (a, b) =>
    {
        var c = (a.Location?.StartLine ?? 0).CompareTo(b.Location?.StartLine ?? 0);
        if (c == 0) c = string.CompareOrdinal(a.RuleId, b.RuleId);
        return c != 0 ? c : string.CompareOrdinal(a.Message, b.Message);
    });

    /// <summary>The finding for a hit, or null when the resource's ignore annotation suppresses the rule.</summary>
    private static Finding? ToFinding(RuleMetadata rule, CheckHit hit) =>
        IsSuppressed(rule.Id, hit.SuppressionAnnotations) ? null : rule.ToFinding(hit.Message, hit.Resource, hit.Location);

    /// <summary>Whether <c>palisade.dev/ignore: "ID,ID2"</c> on the resource or its pod template names the rule.</summary>
    public static bool IsSuppressed(string ruleId, IReadOnlyList<YMapping> annotations)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        foreach (var a in annotations)
        {
            if (a[IgnoreAnnotation].Text() is not { } value) continue;
            foreach (var id in value.Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (id.Contains('*', StringComparison.Ordinal)
                        ? Glob.IsMatch(id.ToUpperInvariant(), ruleId.ToUpperInvariant())
                        : string.Equals(id, ruleId, StringComparison.OrdinalIgnoreCase))
                    return true;
            }
        }
        return false;
    }
}
