using Palisade.Core.Rules;
using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.Workloads;
using Palisade.Kubernetes.Yaml;

namespace Palisade.Kubernetes.Checks;

/// <summary>
/// A configuration check: its metadata and its evaluation. Most checks look at one object at a time and run
/// while that object's file is being scanned (its tree is then dropped); the few that relate objects to each
/// other (NetworkPolicies to workloads, ServiceAccounts to pods) run once, over a <see cref="KubernetesScanContext"/>
/// of workload summaries and the small objects they need.
/// </summary>
public sealed class KubernetesCheck
{
    private readonly Func<KubernetesObject, IEnumerable<CheckHit>>? _perObject;
    private readonly Func<KubernetesScanContext, IEnumerable<CheckHit>>? _acrossObjects;

    private KubernetesCheck(RuleMetadata metadata, Func<KubernetesObject, IEnumerable<CheckHit>>? perObject, Func<KubernetesScanContext, IEnumerable<CheckHit>>? acrossObjects)
    {
        Metadata = metadata;
        _perObject = perObject;
        _acrossObjects = acrossObjects;
    }

    public RuleMetadata Metadata { get; }

    public string Id => Metadata.Id;

    /// <summary>Whether the check looks at one object at a time (else it relates objects to each other).</summary>
    public bool IsPerObject => _perObject is not null;

    public IEnumerable<CheckHit> Run(KubernetesObject obj) => _perObject?.Invoke(obj) ?? [];

    public IEnumerable<CheckHit> Run(KubernetesScanContext context) => _acrossObjects?.Invoke(context) ?? [];

    public static KubernetesCheck ForEachObject(RuleMetadata metadata, Func<KubernetesObject, IEnumerable<CheckHit>> run) => new(metadata, run, null);

    public static KubernetesCheck AcrossObjects(RuleMetadata metadata, Func<KubernetesScanContext, IEnumerable<CheckHit>> run) => new(metadata, null, run);

    /// <summary>A check of objects of one kind (in a group, or in any group ending with the given suffix).</summary>
    public static KubernetesCheck ForKind(RuleMetadata metadata, string group, string kind, Func<KubernetesObject, IEnumerable<CheckHit>> run, bool groupSuffix = false) =>
        ForEachObject(metadata, o => o.Kind == kind && (groupSuffix ? o.Group == group || o.Group.EndsWith("." + group, StringComparison.Ordinal) : o.Group == group) ? run(o) : []);

    /// <summary>A check that looks at one container at a time; <paramref name="test"/> returns the node and message when it fires.</summary>
    public static KubernetesCheck PerContainer(RuleMetadata metadata, Func<PodTemplate, ContainerRef, (YNode? Node, string Message)?> test, bool includeEphemeral = true) =>
        ForEachObject(metadata, o => o.PodTemplate is not { } pod ? [] : pod.Containers
            .Where(c => includeEphemeral || c.Kind != ContainerKind.EphemeralContainer)
            .Select(c => test(pod, c) is { } r ? CheckHit.On(pod, r.Node ?? c.Node, r.Message) : null)
            .OfType<CheckHit>());

    /// <summary>A check that looks at one pod spec at a time.</summary>
    public static KubernetesCheck PerPod(RuleMetadata metadata, Func<PodTemplate, IEnumerable<(YNode? Node, string Message)>> test) =>
        ForEachObject(metadata, o => o.PodTemplate is not { } pod ? [] : test(pod).Select(r => CheckHit.On(pod, r.Node ?? pod.Spec, r.Message)));
}
