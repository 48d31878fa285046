using Palisade.Core.Findings;
using Palisade.Kubernetes.Yaml;
using static Palisade.Kubernetes.Checks.Controls;
using static Palisade.Kubernetes.Checks.RuleFactory;

namespace Palisade.Kubernetes.Checks;

/// <summary>Namespace hygiene.</summary>
public static class NamespaceChecks
{
    private static readonly HashSet<string> WorkloadKinds = new(Workloads.WorkloadExtractor.Kinds, StringComparer.Ordinal);

    public static KubernetesCheck DefaultNamespace { get; } = KubernetesCheck.ForEachObject(
        K8s("PAL-K8S-028", "Workload in the default namespace", Severity.Low,
            "The object is placed explicitly in the default namespace. Namespaces are the unit of isolation for RBAC, quotas, network policies and Pod Security admission; the default namespace usually has none of these set up.",
            Snippet("Create a namespace per application and place its objects there:", """
                metadata:
                  name: api
                  namespace: shop
                """),
            ["https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/"], [Cis("5.7.1"), Cis("5.7.4"), Nsa("Network separation: namespaces")], "hardening"),
        o => o.Namespace == "default" && (WorkloadKinds.Contains(o.Kind) || o.Kind is "Service" or "ServiceAccount" or "ConfigMap" or "Secret")
            ? [CheckHit.On(o, o.Metadata.Get("namespace"), $"{o.Kind} {o.Name} is in the default namespace")]
            : []);

    public static IReadOnlyList<KubernetesCheck> All { get; } = [DefaultNamespace];
}
