using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes.Checks;

/// <summary>
/// What the cross-object checks see: a summary of every workload, the small objects that relate to workloads
/// (ServiceAccounts, Namespaces, NetworkPolicies, Istio PeerAuthentications), and the API groups in use.
/// Heavy manifests are not kept: per-object checks have already run on them.
/// </summary>
public sealed class KubernetesScanContext
{
    private readonly ILookup<(string Group, string Kind), KubernetesObject> _byKind;
    private readonly Dictionary<(string, string), KubernetesObject> _serviceAccounts = [];
    private readonly Dictionary<string, KubernetesObject> _namespaces = new(StringComparer.Ordinal);
    private readonly ILookup<string, KubernetesObject> _networkPolicies;

    public KubernetesScanContext(IReadOnlyList<WorkloadSummary> workloads, IReadOnlyList<KubernetesObject> relatedObjects, IReadOnlySet<string> groups)
    {
        ArgumentNullException.ThrowIfNull(workloads);
        ArgumentNullException.ThrowIfNull(relatedObjects);
        Workloads = workloads;
        Objects = relatedObjects;
        Groups = groups;
        _byKind = relatedObjects.ToLookup(o => (o.Group, o.Kind));
        foreach (var sa in OfKind("", "ServiceAccount")) _serviceAccounts.TryAdd((sa.EffectiveNamespace, sa.Name ?? ""), sa);
        foreach (var ns in OfKind("", "Namespace")) _namespaces.TryAdd(ns.Name ?? "", ns);
        _networkPolicies = OfKind("networking.k8s.io", "NetworkPolicy").ToLookup(p => p.EffectiveNamespace, StringComparer.Ordinal);
        WorkloadNamespaces = workloads.Select(w => w.Namespace).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>A context over fully loaded objects (tests, tools): summaries are made here.</summary>
    public static KubernetesScanContext From(IEnumerable<KubernetesObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var all = objects.ToList();
        return new KubernetesScanContext(
            all.Select(o => o.PodTemplate).OfType<Workloads.PodTemplate>().Select(WorkloadSummary.From).ToList(),
            all.Where(IsRelated).ToList(),
            all.Select(o => o.Group).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Whether cross-object checks need the object itself (it is small and relates to workloads).</summary>
    public static bool IsRelated(KubernetesObject o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return o.Kind switch
        {
            "ServiceAccount" or "Namespace" => o.Group.Length == 0,
            "NetworkPolicy" => o.Group == "networking.k8s.io",
            "PeerAuthentication" => IsIstioGroup(o.Group),
            _ => false,
        };
    }

    public static bool IsIstioGroup(string group) => group == "istio.io" || group.EndsWith(".istio.io", StringComparison.Ordinal);

    public IReadOnlyList<WorkloadSummary> Workloads { get; }

    /// <summary>The related objects (see <see cref="IsRelated"/>), in file and line order.</summary>
    public IReadOnlyList<KubernetesObject> Objects { get; }

    /// <summary>Every API group that appeared in the scan.</summary>
    public IReadOnlySet<string> Groups { get; }

    public IEnumerable<KubernetesObject> OfKind(string group, string kind) => _byKind[(group, kind)];

    public KubernetesObject? ServiceAccount(string ns, string name) => _serviceAccounts.GetValueOrDefault((ns, name));

    public KubernetesObject? NamespaceObject(string ns) => _namespaces.GetValueOrDefault(ns);

    public IEnumerable<KubernetesObject> NetworkPolicies(string ns) => _networkPolicies[ns];

    /// <summary>The namespaces that hold workloads in this scan, in order of first appearance.</summary>
    public IReadOnlyList<string> WorkloadNamespaces { get; }
}
