using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.PodSecurity;
using Palisade.Kubernetes.Workloads;
using Palisade.Kubernetes.Yaml;
using Palisade.Policy.Patterns;

namespace Palisade.Policy.Engine;

/// <summary>
/// <c>validate.podSecurity</c> (level, version, exclude) on Palisade's Pod Security Standards engine, the same code
/// <c>palisade config</c> runs: violations of the level at the version, minus the excluded controls (by Kyverno's
/// control names, optionally only for containers whose image matches).
/// </summary>
internal static class PodSecurityRule
{
    /// <summary>Kyverno's control names (the Pod Security Standards' "Control" column) to Palisade's check ids.</summary>
    private static readonly Dictionary<string, string[]> Controls = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HostProcess"] = ["windowsHostProcess"],
        ["Host Namespaces"] = ["hostNamespaces"],
        ["Privileged Containers"] = ["privileged"],
        ["Capabilities"] = ["capabilities_baseline", "capabilities_restricted"],
        ["HostPath Volumes"] = ["hostPathVolumes"],
        ["Host Ports"] = ["hostPorts"],
        ["AppArmor"] = ["appArmorProfile"],
        ["SELinux"] = ["seLinuxOptions"],
        ["/proc Mount Type"] = ["procMount", "procMount_restricted"],
        ["Seccomp"] = ["seccompProfile_baseline", "seccompProfile_restricted"],
        ["Sysctls"] = ["sysctls"],
        ["Volume Types"] = ["restrictedVolumes"],
        ["Privilege Escalation"] = ["allowPrivilegeEscalation"],
        ["Running as Non-root"] = ["runAsNonRoot"],
        ["Running as Non-root user"] = ["runAsUser"],
        ["Host Probes / Lifecycle Hooks"] = ["hostProbesAndHostLifecycle"],
    };

    public static (RuleStatus Status, string Detail) Evaluate(JObject podSecurity, JObject resource)
    {
        if (!PssVersion.TryParseLevel((string?)podSecurity["level"] ?? "baseline", out var level))
            throw new PolicyEvaluationException($"podSecurity: unknown level \"{(string?)podSecurity["level"]}\"");
        if (level == PssLevel.Privileged) return (RuleStatus.Pass, "");
        if (!PssVersion.TryParse((string?)podSecurity["version"] ?? "latest", out var version))
            throw new PolicyEvaluationException($"podSecurity: unknown version \"{(string?)podSecurity["version"]}\"");
        if (PodOf(resource) is not { } pod) return (RuleStatus.Pass, "");
        var exclusions = (podSecurity["exclude"] as JArray ?? []).OfType<JObject>().ToList();
        var kept = new List<PssViolation>();
        foreach (var v in PodSecurityEvaluator.Evaluate(pod, level, version))
        {
            var image = ImageOf(pod, v);
            var excluded = exclusions.Any(e =>
                Controls.TryGetValue((string?)e["controlName"] ?? "", out var ids) && ids.Contains(v.CheckId, StringComparer.Ordinal) &&
                (e["images"] is not JArray images || images.Count == 0 || (image is not null && images.Any(i => Wildcard.Match((string?)i ?? "", image)))));
            if (!excluded) kept.Add(v);
        }
        if (kept.Count == 0) return (RuleStatus.Pass, "");
        return (RuleStatus.Fail, $"{level.ToString().ToLowerInvariant()}:{version}\": ({string.Join("; ", kept.Select(k => k.Message))})");
    }

    /// <summary>The last resource converted on this thread: several podSecurity rules (and policies) read the same one.</summary>
    [ThreadStatic]
    private static (JObject Resource, PodTemplate? Pod)? _last;

    /// <summary>The resource's pod (its own, or a controller's template) on the PSS engine's document model.</summary>
    private static PodTemplate? PodOf(JObject resource)
    {
        if (_last is { } last && ReferenceEquals(last.Resource, resource)) return last.Pod;
        // Indented JSON gives every node its own line, which ties a violation to the container it is in.
        var text = resource.ToString(Formatting.Indented);
        YNode root;
        try
        {
            root = JsonDocumentReader.Read(Encoding.UTF8.GetBytes(text));
        }
        catch (DocumentException e)
        {
            throw new PolicyEvaluationException("podSecurity: " + e.Message, e);
        }
        PodTemplate? pod = null;
        if (root is YMapping map)
        {
            var obj = new KubernetesObject(map, (string?)resource["apiVersion"] ?? "", (string?)resource["kind"] ?? "", "resource");
            pod = WorkloadExtractor.GetPodTemplate(obj);
        }
        _last = (resource, pod);
        return pod;
    }

    /// <summary>The image of the container a violation is in, or null for pod-level violations.</summary>
    private static string? ImageOf(PodTemplate pod, PssViolation v)
    {
        if (v.Node is null) return null;
        foreach (var c in pod.Containers)
            if (v.Node.StartLine >= c.Node.StartLine && v.Node.StartLine <= c.Node.EndLine)
                return c.Node["image"] is YScalar s ? s.Value : null;
        return null;
    }
}
