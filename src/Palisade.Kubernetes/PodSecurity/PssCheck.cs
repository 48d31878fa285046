using System.Text;
using Palisade.Kubernetes.Workloads;
using Palisade.Kubernetes.Yaml;

namespace Palisade.Kubernetes.PodSecurity;

/// <summary>
/// One Pod Security Standards check. <see cref="FirstMinor"/> is the first policy version (v1.N) it applies
/// to; <see cref="Evaluate"/> receives the version so that revisions of the check (a sysctl allowed since
/// v1.27, say) are decided in one place.
/// </summary>
public sealed class PssCheck(string id, PssLevel level, int firstMinor, Func<PodTemplate, PssVersion, PssViolation?> evaluate)
{
    public string Id { get; } = id;
    public PssLevel Level { get; } = level;
    public int FirstMinor { get; } = firstMinor;

    public bool AppliesTo(PssLevel level, PssVersion version) => Level <= level && version.Minor >= FirstMinor;

    public PssViolation? Evaluate(PodTemplate pod, PssVersion version) => evaluate(pod, version);
}

/// <summary>Shared wording helpers, following pod-security-admission's messages.</summary>
internal static class PssText
{
    public static string Quote(IEnumerable<string> items) => string.Join(", ", items.Select(i => "\"" + i + "\""));

    public static string Plural(int n, string one, string many) => n == 1 ? one : many;

    /// <summary><c>container "a"</c> / <c>containers "a", "b"</c>.</summary>
    public static string Containers(IReadOnlyCollection<string> names) =>
        $"{Plural(names.Count, "container", "containers")} {Quote(names)}";

    /// <summary><c>pod</c>, <c>container "a"</c> or <c>pod and containers "a", "b"</c>.</summary>
    public static string PodAndContainers(bool pod, IReadOnlyCollection<string> names, string conj = "and")
    {
        var sb = new StringBuilder();
        if (pod) sb.Append("pod");
        if (names.Count > 0)
        {
            if (pod) sb.Append(' ').Append(conj).Append(' ');
            sb.Append(Containers(names));
        }
        return sb.ToString();
    }

    public static YNode? First(params YNode?[] nodes) => nodes.FirstOrDefault(n => n is not null);
}
