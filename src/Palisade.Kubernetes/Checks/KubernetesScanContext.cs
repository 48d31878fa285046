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

    public KubernetesObject? ServiceAccount(string ns, string name) =>
        OfKind("", "ServiceAccount").FirstOrDefault(sa => sa.Name == name && sa.EffectiveNamespace == ns);

    public KubernetesObject? NamespaceObject(string ns) => OfKind("", "Namespace").FirstOrDefault(n => n.Name == ns);

    /// <summary>The namespaces that hold workloads in this scan, in order of first appearance.</summary>
    public IReadOnlyList<string> WorkloadNamespaces => Workloads.Select(w => w.Owner.EffectiveNamespace).Distinct(StringComparer.Ordinal).ToList();
}
