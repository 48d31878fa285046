using Palisade.Core.Findings;
using Palisade.Kubernetes.Workloads;
using Palisade.Kubernetes.Yaml;

namespace Palisade.Kubernetes.Checks;

/// <summary>
/// What the cross-object checks need to know of a workload, kept after its manifest tree is dropped: where it
/// is, its namespace, pod labels and annotations, its ServiceAccount, and the cloud credentials it passes.
/// </summary>
public sealed class WorkloadSummary
{
    private WorkloadSummary(PodTemplate pod)
    {
        var owner = pod.Owner;
        Ref = owner.Ref;
        Kind = owner.Kind;
        Name = owner.Name;
        Namespace = owner.EffectiveNamespace;
        Location = owner.Location();
        MetadataLocation = owner.Location(owner.Metadata);
        SpecLocation = owner.Location(pod.Spec);
        Labels = pod.Labels;
        Annotations = pod.AllAnnotations;
        ServiceAccountName = ServiceAccountChecks.ServiceAccountName(pod);
        var automount = pod.Spec["automountServiceAccountToken"];
        AutomountToken = automount.Bool();
        AutomountLocation = automount is null ? null : owner.Location(automount);
        CloudEnvVars = pod.Containers.SelectMany(c => c.Node["env"].Mappings())
            .Select(e => (Name: e["name"].Text() ?? "", Node: (YNode)e))
            .Where(e => ServiceAccountChecks.IsCloudCredentialVariable(e.Name))
            .Select(e => (e.Name, owner.Location(e.Node)))
            .ToList();
    }

    public static WorkloadSummary From(PodTemplate pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return new WorkloadSummary(pod);
    }

    public ResourceRef Ref { get; }
    public string Kind { get; }
    public string? Name { get; }

    /// <summary>The effective namespace ("default" when unset).</summary>
    public string Namespace { get; }

    public SourceLocation Location { get; }
    public SourceLocation MetadataLocation { get; }
    public SourceLocation SpecLocation { get; }

    /// <summary>The pod's labels (a small subtree, kept for NetworkPolicy selectors).</summary>
    public YMapping? Labels { get; }

    /// <summary>Where <c>palisade.dev/ignore</c> may be set for this workload's pods.</summary>
    public IReadOnlyList<YMapping> Annotations { get; }

    public string ServiceAccountName { get; }
    public bool? AutomountToken { get; }
    public SourceLocation? AutomountLocation { get; }

    /// <summary>Env vars that hand static cloud credentials to a cloud SDK (AWS_ACCESS_KEY_ID ...).</summary>
    public IReadOnlyList<(string Name, SourceLocation Location)> CloudEnvVars { get; }
}
