using Palisade.Core.Findings;
using Palisade.Core.Rules;

namespace Palisade.Kubernetes.Checks;

internal static class RuleFactory
{
    public const string SecurityContextDoc = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/";
    public const string PssDoc = "https://kubernetes.io/docs/concepts/security/pod-security-standards/";

    public static RuleMetadata K8s(string id, string title, Severity severity, string description, string remediation,
        string[] references, ComplianceControl[] controls, params string[] groups) => new()
        {
            Id = id,
            Title = title,
            Severity = severity,
            Description = description,
            Remediation = remediation,
            References = references,
            Controls = controls,
            Groups = ["k8s", "kubernetes", .. groups],
            TargetType = "kubernetes",
        };

    public static string Snippet(string lead, string snippet) => $"{lead}\n\n```yaml\n{snippet.TrimEnd()}\n```";
}
