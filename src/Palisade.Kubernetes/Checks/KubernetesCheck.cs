using Palisade.Core.Rules;
using Palisade.Kubernetes.Workloads;
using Palisade.Kubernetes.Yaml;

namespace Palisade.Kubernetes.Checks;

/// <summary>A configuration check over the objects of one scan: its metadata and its evaluation.</summary>
public sealed class KubernetesCheck(RuleMetadata metadata, Func<KubernetesScanContext, IEnumerable<CheckHit>> run)
{
    public RuleMetadata Metadata { get; } = metadata;

    public string Id => Metadata.Id;

    public IEnumerable<CheckHit> Run(KubernetesScanContext context) => run(context);

    /// <summary>A check that looks at one container at a time; <paramref name="test"/> returns the node and message when it fires.</summary>
    public static KubernetesCheck PerContainer(RuleMetadata metadata, Func<PodTemplate, ContainerRef, (YNode? Node, string Message)?> test, bool includeEphemeral = true) =>
        new(metadata, ctx => ctx.Workloads.SelectMany(pod => pod.Containers
            .Where(c => includeEphemeral || c.Kind != ContainerKind.EphemeralContainer)
            .Select(c => test(pod, c) is { } r ? CheckHit.On(pod, r.Node ?? c.Node, r.Message) : null)
            .OfType<CheckHit>()));

    /// <summary>A check that looks at one pod spec at a time.</summary>
    public static KubernetesCheck PerPod(RuleMetadata metadata, Func<PodTemplate, IEnumerable<(YNode? Node, string Message)>> test) =>
        new(metadata, ctx => ctx.Workloads.SelectMany(pod => test(pod).Select(r => CheckHit.On(pod, r.Node ?? pod.Spec, r.Message))));
}
