using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.Workloads;
using Palisade.Kubernetes.Yaml;

namespace Palisade.Kubernetes.Checks;

/// <summary>
/// One place a check fired: the resource, the exact location, the message, and the annotations that may
/// suppress it (<c>palisade.dev/ignore</c> on the resource or on its pod template).
/// </summary>
public sealed record CheckHit(ResourceRef Resource, SourceLocation Location, string Message, IReadOnlyList<YMapping> SuppressionAnnotations)
{
    public static CheckHit On(KubernetesObject obj, YNode? node, string message) =>
        new(obj.Ref, obj.Location(node), message, obj.Annotations is { } a ? [a] : []);

    public static CheckHit On(WorkloadSummary workload, SourceLocation location, string message) =>
        new(workload.Ref, location, message, workload.Annotations);

    public static CheckHit On(PodTemplate pod, YNode? node, string message) =>
        new(pod.Owner.Ref, pod.Owner.Location(node), message, pod.AllAnnotations);
}
