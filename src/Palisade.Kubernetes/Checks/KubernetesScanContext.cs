using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.PodSecurity;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks;

/// <summary>Everything the checks of one scan see: all objects, the workloads among them, and indexes.</summary>
public sealed class KubernetesScanContext
{
    private readonly ILookup<(string Group, string Kind), KubernetesObject> _byKind;

    public KubernetesScanContext(IReadOnlyList<KubernetesObject> objects, PssLevel pssLevel = PssLevel.Restricted, PssVersion? pssVersion = null)
    {
        Objects = objects;
        PssLevel = pssLevel;
        PssVersion = pssVersion ?? PssVersion.Latest;
        Workloads = objects.Select(WorkloadExtractor.GetPodTemplate).OfType<PodTemplate>().ToList();
        _byKind = objects.ToLookup(o => (o.Group, o.Kind));
    }

    public IReadOnlyList<KubernetesObject> Objects { get; }
    public IReadOnlyList<PodTemplate> Workloads { get; }
    public PssLevel PssLevel { get; }
    public PssVersion PssVersion { get; }

    public IEnumerable<KubernetesObject> OfKind(string group, string kind) => _byKind[(group, kind)];

    /// <summary>Objects of a kind in any API group whose name ends with <paramref name="groupSuffix"/> (e.g. "istio.io").</summary>
    public IEnumerable<KubernetesObject> OfKindInGroups(string groupSuffix, string kind) =>
        Objects.Where(o => o.Kind == kind && (o.Group == groupSuffix || o.Group.EndsWith("." + groupSuffix, StringComparison.Ordinal)));

    /// <summary>
    /// Builds every lazy index and the workloads' container lists up front, so that checks running in
    /// parallel only read.
    /// </summary>
    public void Prepare()
    {
        _ = ServiceAccount("", "");
        _ = NamespaceObject("");
        _ = NetworkPolicies("");
        _ = WorkloadNamespaces;
        foreach (var w in Workloads) _ = w.Containers;
        foreach (var o in Objects) _ = o.Ref;
    }

    public KubernetesObject? ServiceAccount(string ns, string name)
    {
        _serviceAccounts ??= FirstByKey(OfKind("", "ServiceAccount"), sa => (sa.EffectiveNamespace, sa.Name ?? ""));
        return _serviceAccounts.GetValueOrDefault((ns, name));
    }

    public KubernetesObject? NamespaceObject(string ns)
    {
        _namespaces ??= FirstByKey(OfKind("", "Namespace"), n => n.Name ?? "");
        return _namespaces.GetValueOrDefault(ns);
    }

    /// <summary>The NetworkPolicies of a namespace.</summary>
    public IEnumerable<KubernetesObject> NetworkPolicies(string ns)
    {
        _networkPolicies ??= OfKind("networking.k8s.io", "NetworkPolicy").ToLookup(p => p.EffectiveNamespace, StringComparer.Ordinal);
        return _networkPolicies[ns];
    }

    /// <summary>The namespaces that hold workloads in this scan, in order of first appearance.</summary>
    public IReadOnlyList<string> WorkloadNamespaces => _workloadNamespaces ??= Workloads.Select(w => w.Owner.EffectiveNamespace).Distinct(StringComparer.Ordinal).ToList();

    private Dictionary<(string, string), KubernetesObject>? _serviceAccounts;
    private Dictionary<string, KubernetesObject>? _namespaces;
    private ILookup<string, KubernetesObject>? _networkPolicies;
    private List<string>? _workloadNamespaces;

    /// <summary>Indexes objects by a key, keeping the first object for a repeated key (as a lookup in order would).</summary>
    private static Dictionary<TKey, KubernetesObject> FirstByKey<TKey>(IEnumerable<KubernetesObject> objects, Func<KubernetesObject, TKey> key)
        where TKey : notnull
    {
        var index = new Dictionary<TKey, KubernetesObject>();
        foreach (var o in objects) index.TryAdd(key(o), o);
        return index;
    }
}
