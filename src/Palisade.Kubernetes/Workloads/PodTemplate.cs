using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.Yaml;

namespace Palisade.Kubernetes.Workloads;

/// <summary>Which list of a pod spec a container comes from.</summary>
public enum ContainerKind
{
    InitContainer,
    Container,
    EphemeralContainer,
}

/// <summary>A container of a pod spec.</summary>
public sealed record ContainerRef(string Name, ContainerKind Kind, YMapping Node, int Index)
{
    public YMapping? SecurityContext => Node["securityContext"] as YMapping;

    /// <summary>The field path inside the pod spec, e.g. <c>initContainers[0]</c>.</summary>
    public string FieldPath => $"{ListName(Kind)}[{Index}]";

    public static string ListName(ContainerKind kind) => kind switch
    {
        ContainerKind.InitContainer => "initContainers",
        ContainerKind.EphemeralContainer => "ephemeralContainers",
        _ => "containers",
    };
}

/// <summary>
/// The pod a workload runs: its metadata (labels, annotations) and spec, wherever the workload keeps them
/// (<c>spec</c> of a Pod, <c>spec.template</c> of a Deployment, <c>spec.jobTemplate.spec.template</c> of a CronJob ...).
/// </summary>
public sealed class PodTemplate
{
    private IReadOnlyList<ContainerRef>? _containers;

    public PodTemplate(KubernetesObject owner, YMapping? metadata, YMapping spec, string specPath, YMapping? jobTemplateMetadata = null)
    {
        Owner = owner;
        Metadata = metadata;
        Spec = spec;
        SpecPath = specPath;
        var annotations = new List<YMapping>(3);
        foreach (var m in (YMapping?[])[owner.Metadata, jobTemplateMetadata, metadata])
            if (m?["annotations"] is YMapping a && !annotations.Exists(x => ReferenceEquals(x, a))) annotations.Add(a);
        AllAnnotations = annotations;
    }

    /// <summary>
    /// The annotations of the object, of a CronJob's job template and of the pod template: where users put
    /// <c>palisade.dev/ignore</c> for the pod.
    /// </summary>
    public IReadOnlyList<YMapping> AllAnnotations { get; }

    public KubernetesObject Owner { get; }

    /// <summary>The pod's metadata: the object's own for a Pod, the template's otherwise.</summary>
    public YMapping? Metadata { get; }

    public YMapping Spec { get; }

    /// <summary>Field path of the pod spec within the object, e.g. <c>spec.template.spec</c>.</summary>
    public string SpecPath { get; }

    public YMapping? SecurityContext => Spec["securityContext"] as YMapping;
    public YMapping? Annotations => Metadata?["annotations"] as YMapping;
    public YMapping? Labels => Metadata?["labels"] as YMapping;

    /// <summary>All containers: init containers, containers, ephemeral containers (in that order).</summary>
    public IReadOnlyList<ContainerRef> Containers => _containers ??= ReadContainers();

    public bool IsWindows => string.Equals(Spec.Get("os", "name").Text(), "windows", StringComparison.Ordinal);

    private List<ContainerRef> ReadContainers()
    {
        var list = new List<ContainerRef>();
        Add(list, "initContainers", ContainerKind.InitContainer);
        Add(list, "containers", ContainerKind.Container);
        Add(list, "ephemeralContainers", ContainerKind.EphemeralContainer);
        return list;
    }

    private void Add(List<ContainerRef> list, string field, ContainerKind kind)
    {
        var i = 0;
        foreach (var c in Spec[field].Items())
        {
            if (c is YMapping m) list.Add(new ContainerRef(m["name"].Text() ?? $"{field}[{i}]", kind, m, i));
            i++;
        }
    }
}

/// <summary>Finds the pod template of the built-in workload kinds.</summary>
public static class WorkloadExtractor
{
    private static readonly HashSet<string> WorkloadGroups = new(StringComparer.Ordinal) { "", "apps", "extensions", "batch" };

    /// <summary>The kinds whose pods are extracted.</summary>
    public static IReadOnlyList<string> Kinds { get; } =
        ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob", "PodTemplate"];

    public static PodTemplate? GetPodTemplate(KubernetesObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (!WorkloadGroups.Contains(obj.Group)) return null;
        var root = obj.Root;
        switch (obj.Kind)
        {
            case "Pod":
                return root["spec"] is YMapping podSpec ? new PodTemplate(obj, obj.Metadata, podSpec, "spec") : null;
            case "PodTemplate":
                return FromTemplate(obj, root["template"], "template");
            case "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "ReplicationController" or "Job":
                return FromTemplate(obj, root.Get("spec", "template"), "spec.template");
            case "CronJob":
                return FromTemplate(obj, root.Path("spec", "jobTemplate", "spec", "template"), "spec.jobTemplate.spec.template",
                    root.Path("spec", "jobTemplate", "metadata") as YMapping);
            default:
                return null;
        }
    }

    private static PodTemplate? FromTemplate(KubernetesObject obj, YNode? template, string path, YMapping? jobTemplateMetadata = null) =>
        template is YMapping t && t["spec"] is YMapping spec
            ? new PodTemplate(obj, t["metadata"] as YMapping, spec, path + ".spec", jobTemplateMetadata)
            : null;
}
