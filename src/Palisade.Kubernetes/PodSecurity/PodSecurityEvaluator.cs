using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity;

/// <summary>Evaluates a pod (or pod template) against a Pod Security Standards level and version.</summary>
public static class PodSecurityEvaluator
{
    public static IReadOnlyList<PssViolation> Evaluate(PodTemplate pod, PssLevel level, PssVersion version)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (level == PssLevel.Privileged) return [];
        var result = new List<PssViolation>();
        foreach (var check in PodSecurityChecks.All)
        {
            if (!check.AppliesTo(level, version)) continue;
            if (check.Evaluate(pod, version) is { } v) result.Add(v);
        }
        return result;
    }
}
