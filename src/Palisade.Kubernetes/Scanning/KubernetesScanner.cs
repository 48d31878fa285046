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

    /// <summary>How many checks may run at once.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>
/// Runs the Pod Security Standards and the hardening checks over a set of manifests and returns one
/// result per file. Objects suppressed with the <c>palisade.dev/ignore</c> annotation are honoured here.
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

    public static IReadOnlyList<TargetResult> Scan(ManifestSet manifests, KubernetesScanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        options ??= new KubernetesScanOptions();
        var context = new KubernetesScanContext(manifests.Objects, options.PssLevel, options.PssVersion);
        var byPath = new Dictionary<string, TargetResult>(StringComparer.Ordinal);
        foreach (var file in manifests.Files)
        {
            var result = new TargetResult(file.Path, TargetType);
            result.Errors.AddRange(file.Errors);
            byPath[file.Path] = result;
        }

        // Every check (and the Pod Security Standards) runs as its own task; their findings are merged in a fixed
        // order afterwards, so the report is the same whatever the scheduling.
        var pssRules = PssRules.All.Where(options.RuleFilter).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var tasks = new List<Func<List<Finding>>>();
        foreach (var check in Checks)
            if (options.RuleFilter(check.Metadata))
                tasks.Add(() => check.Run(context).Select(hit => ToFinding(check.Metadata, hit)).OfType<Finding>().ToList());
        if (pssRules.Count > 0 && options.PssLevel != PssLevel.Privileged)
            tasks.Add(() => PodSecurityFindings(context, options, pssRules));

        context.Prepare();
        var outputs = new List<Finding>[tasks.Count];
        Parallel.For(0, tasks.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism) }, i => outputs[i] = tasks[i]());
        foreach (var findings in outputs)
            foreach (var f in findings)
            {
                var path = f.Location!.Path;
                if (!byPath.TryGetValue(path, out var result)) byPath[path] = result = new TargetResult(path, TargetType);
                result.Findings.Add(f);
            }

        foreach (var r in byPath.Values)
            r.Findings.Sort((a, b) =>
            {
                var c = (a.Location?.StartLine ?? 0).CompareTo(b.Location?.StartLine ?? 0);
                return c != 0 ? c : string.CompareOrdinal(a.RuleId, b.RuleId);
            });
        return byPath.Values.OrderBy(r => r.Target, StringComparer.Ordinal).ToList();
    }

    private static List<Finding> PodSecurityFindings(KubernetesScanContext context, KubernetesScanOptions options, HashSet<string> rules)
    {
        var findings = new List<Finding>();
        var policy = $"{options.PssLevel.ToString().ToLowerInvariant()}:{(options.PssVersion == PssVersion.Latest ? "latest" : options.PssVersion.ToString())}";
        foreach (var pod in context.Workloads)
            foreach (var v in PodSecurityEvaluator.Evaluate(pod, options.PssLevel, options.PssVersion))
            {
                var rule = PssRules.ForCheck(v.CheckId);
                if (!rules.Contains(rule.Id)) continue;
                var hit = CheckHit.On(pod, v.Node ?? pod.Spec, $"{pod.Owner.Kind} \"{pod.Owner.Name}\" violates PodSecurity \"{policy}\": {v.Message}");
                if (ToFinding(rule, hit) is { } f) findings.Add(f);
            }
        return findings;
    }

    /// <summary>The finding for a hit, or null when the resource's ignore annotation suppresses the rule.</summary>
    private static Finding? ToFinding(RuleMetadata rule, CheckHit hit)
    {
        if (IsSuppressed(rule.Id, hit.SuppressionAnnotations)) return null;
        return new Finding
        {
            RuleId = rule.Id,
            Severity = rule.Severity,
            Title = rule.Title,
            Message = hit.Message,
            Resource = hit.Resource,
            Location = hit.Location,
            Remediation = rule.Remediation,
            References = rule.References,
            Controls = rule.Controls,
        };
    }

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
