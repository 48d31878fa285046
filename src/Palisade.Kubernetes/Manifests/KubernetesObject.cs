using Palisade.Core.Findings;
using Palisade.Kubernetes.Yaml;

namespace Palisade.Kubernetes.Manifests;

/// <summary>One Kubernetes object read from a manifest, with where it came from.</summary>
public sealed class KubernetesObject
{
    public KubernetesObject(YMapping root, string apiVersion, string kind, string path)
    {
        Root = root;
        ApiVersion = apiVersion;
        Kind = kind;
        Path = path;
        Metadata = root["metadata"] as YMapping;
        Name = Metadata?["name"].Text() ?? Metadata?["generateName"].Text();
        Namespace = Metadata?["namespace"].Text();
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        Group = slash < 0 ? "" : apiVersion[..slash];
        Version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
    }

    public YMapping Root { get; }
    public string ApiVersion { get; }

    /// <summary>API group ("" for the core group).</summary>
    public string Group { get; }

    public string Version { get; }
    public string Kind { get; }
    public string? Name { get; }

    /// <summary>The namespace as written (null when not set; see <see cref="EffectiveNamespace"/>).</summary>
    public string? Namespace { get; }

    /// <summary>
    /// The namespace the object lands in when applied without -n: "default" when unset; "" for cluster-scoped
    /// kinds (Namespace, ClusterRole, ...), which live in no namespace.
    /// </summary>
    public string EffectiveNamespace => IsClusterScoped ? "" : string.IsNullOrEmpty(Namespace) ? "default" : Namespace;

    /// <summary>Whether the kind is one of the well-known cluster-scoped kinds (or not an API object at all, like an audit Policy).</summary>
    public bool IsClusterScoped => IsClusterScopedKind(Group, Kind);

    /// <summary>Whether objects of this API group and kind live outside namespaces (the well-known cluster-scoped kinds).</summary>
    public static bool IsClusterScopedKind(string group, string kind) => ClusterScopedKinds.Contains(kind) && !(kind == "Policy" && group != "audit.k8s.io");

    private static readonly HashSet<string> ClusterScopedKinds = new(StringComparer.Ordinal)
    {
        "Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
        "StorageClass", "PriorityClass", "RuntimeClass", "IngressClass", "CSIDriver", "CSINode", "VolumeAttachment",
        "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding", "APIService", "CertificateSigningRequest", "ComponentStatus",
        "ClusterPolicy", "ClusterIssuer", "ClusterSecretStore", "ClusterExternalSecret", "Policy",
        "AdminNetworkPolicy", "BaselineAdminNetworkPolicy", "ClusterPolicyReport", "FlowSchema", "PriorityLevelConfiguration",
    };

    public YMapping? Metadata { get; }

    /// <summary>File path relative to the scan root.</summary>
    public string Path { get; }

    public int StartLine => Root.StartLine;
    public int EndLine => Root.EndLine;

    public YMapping? Labels => Metadata?["labels"] as YMapping;
    public YMapping? Annotations => Metadata?["annotations"] as YMapping;

    public string? Annotation(string key) => Annotations?[key].Text();

    /// <summary>The pod this object runs, for the workload kinds (Deployment, CronJob ...); null otherwise.</summary>
    public Workloads.PodTemplate? PodTemplate
    {
        get
        {
            if (!_podTemplateRead)
            {
                _podTemplate = Workloads.WorkloadExtractor.GetPodTemplate(this);
                _podTemplateRead = true;
            }
            return _podTemplate;
        }
    }

    private Workloads.PodTemplate? _podTemplate;
    private bool _podTemplateRead;

    /// <summary>The object as findings name it (one shared instance).</summary>
    public ResourceRef Ref => _ref ??= new(ApiVersion, Kind, Namespace, Name);

    private ResourceRef? _ref;

    /// <summary>The location of the whole object, or of one of its nodes.</summary>
    public SourceLocation Location(YNode? node = null) =>
        node is null ? new SourceLocation(Path, StartLine, EndLine) : new SourceLocation(Path, node.StartLine, node.EndLine);

    public bool Is(string group, string kind) =>
        string.Equals(Kind, kind, StringComparison.Ordinal) && string.Equals(Group, group, StringComparison.Ordinal);

    public override string ToString() => $"{Kind}/{(Namespace is null ? "" : Namespace + "/")}{Name} ({Path}:{StartLine})";
}
