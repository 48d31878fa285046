using Palisade.Core.Images;
using Palisade.Core.Findings;
using Palisade.Kubernetes.Workloads;
using Palisade.Kubernetes.Yaml;
using static Palisade.Kubernetes.Checks.Controls;
using static Palisade.Kubernetes.Checks.RuleFactory;

namespace Palisade.Kubernetes.Checks;

/// <summary>Checks of each container's security context, image and resources.</summary>
public static class ContainerChecks
{
    private static string Who(ContainerRef c) => c.Kind switch
    {
        ContainerKind.InitContainer => $"init container \"{c.Name}\"",
        ContainerKind.EphemeralContainer => $"ephemeral container \"{c.Name}\"",
        _ => $"container \"{c.Name}\"",
    };

    /// <summary>A field that the container's securityContext overrides from the pod's.</summary>
    private static YNode? Effective(PodTemplate pod, ContainerRef c, string field) =>
        c.SecurityContext?[field] is { IsNull: false } own ? own : pod.SecurityContext?[field] is { IsNull: false } p ? p : null;

    public static KubernetesCheck RunAsRoot { get; } = KubernetesCheck.PerContainer(
        K8s("PAL-K8S-001", "Container may run as root", Severity.High,
            "The container neither sets runAsNonRoot: true nor a non-zero runAsUser, so it runs as whatever user the image names, usually root. A process that breaks out of a root container starts with root's privileges on the node.",
            Snippet("Run as a non-root user, in the pod or container securityContext:", """
                securityContext:
                  runAsNonRoot: true
                  runAsUser: 10001
                """),
            [SecurityContextDoc, PssDoc], [Cis("5.2.7"), Nsa(NsaNonRoot), PssRestricted], "pod-security"),
        (pod, c) =>
        {
            var user = Effective(pod, c, "runAsUser");
            if (user.Int() == 0) return (user, $"{Who(c)} sets runAsUser: 0 and runs as root");
            if (Effective(pod, c, "runAsNonRoot").IsTrue() || user.Int() > 0) return null;
            return (c.SecurityContext ?? (YNode)c.Node, $"{Who(c)} does not set runAsNonRoot: true or a non-zero runAsUser and may run as root");
        });

    public static KubernetesCheck PrivilegeEscalation { get; } = KubernetesCheck.PerContainer(
        K8s("PAL-K8S-002", "Privilege escalation allowed", Severity.Medium,
            "allowPrivilegeEscalation is not false, so a process in the container can gain more privileges than its parent (through setuid binaries or file capabilities).",
            Snippet("Set allowPrivilegeEscalation to false on every container:", """
                securityContext:
                  allowPrivilegeEscalation: false
                """),
            [SecurityContextDoc, PssDoc], [Cis("5.2.6"), Nsa(NsaPodSecurity), PssRestricted], "pod-security"),
        (pod, c) => pod.IsWindows || c.SecurityContext?["allowPrivilegeEscalation"].Bool() == false
            ? null
            : (c.SecurityContext?["allowPrivilegeEscalation"] ?? c.SecurityContext, $"{Who(c)} does not set securityContext.allowPrivilegeEscalation: false"));

    public static KubernetesCheck WritableRootFilesystem { get; } = KubernetesCheck.PerContainer(
        K8s("PAL-K8S-003", "Root filesystem is writable", Severity.Medium,
            "readOnlyRootFilesystem is not true, so an attacker can write tools or modify binaries inside the container. An immutable root filesystem stops most of that; write only to mounted volumes.",
            Snippet("Make the root filesystem read-only and mount an emptyDir where the application must write:", """
                securityContext:
                  readOnlyRootFilesystem: true
                volumeMounts:
                  - name: tmp
                    mountPath: /tmp
                """),
            [SecurityContextDoc], [Cis("5.7.3"), Nsa(NsaImmutableFs)], "hardening"),
        (pod, c) => pod.IsWindows || c.SecurityContext?["readOnlyRootFilesystem"].IsTrue() == true
            ? null
            : (c.SecurityContext?["readOnlyRootFilesystem"] ?? c.SecurityContext, $"{Who(c)} does not set securityContext.readOnlyRootFilesystem: true"));

    public static KubernetesCheck CapabilitiesNotDropped { get; } = KubernetesCheck.PerContainer(
        K8s("PAL-K8S-004", "Capabilities not dropped", Severity.Medium,
            "The container does not drop ALL Linux capabilities, so it keeps the runtime's default set (CHOWN, DAC_OVERRIDE, NET_RAW, SETUID and more) that most applications never need.",
            Snippet("Drop every capability and add back only what the process needs:", """
                securityContext:
                  capabilities:
                    drop: ["ALL"]
                    add: ["NET_BIND_SERVICE"]   # only if it binds a port below 1024
                """),
            [SecurityContextDoc, PssDoc], [Cis("5.2.10"), Nsa(NsaHardenedEnv), PssRestricted], "pod-security"),
        (pod, c) => pod.IsWindows || c.SecurityContext.Get("capabilities", "drop").Items().Any(d => d.Text() is "ALL" or "all")
            ? null
            : (c.SecurityContext.Get("capabilities") ?? c.SecurityContext, $"{Who(c)} does not drop ALL capabilities"));

    public static KubernetesCheck NoSeccompProfile { get; } = KubernetesCheck.PerContainer(
        K8s("PAL-K8S-005", "No seccomp profile", Severity.Medium,
            "Neither the pod nor the container sets a seccomp profile (or it is Unconfined), so the container may call every system call the kernel offers, including those used in container escapes.",
            Snippet("Use the runtime's default seccomp profile (or a Localhost profile of your own):", """
                securityContext:
                  seccompProfile:
                    type: RuntimeDefault
                """),
            ["https://kubernetes.io/docs/tutorials/security/seccomp/", PssDoc], [Cis("5.7.2"), Nsa(NsaHardenedEnv), PssRestricted], "pod-security"),
        (pod, c) =>
        {
            if (pod.IsWindows) return null;
            var profile = Effective(pod, c, "seccompProfile");
            var type = profile.Get("type").Text();
            if (type is "RuntimeDefault" or "Localhost") return null;
            return type is null
                ? (c.SecurityContext ?? (YNode)c.Node, $"{Who(c)} has no seccomp profile (set securityContext.seccompProfile.type: RuntimeDefault)")
                : (profile, $"{Who(c)} uses seccomp profile type {type}");
        });

    public static KubernetesCheck PrivilegedContainer { get; } = KubernetesCheck.PerContainer(
        K8s("PAL-K8S-006", "Privileged container", Severity.Critical,
            "A privileged container has every capability and all host devices; it is root on the node in all but name.",
            Snippet("Remove privileged: true; grant the specific capability the workload needs instead:", """
                securityContext:
                  privileged: false
                """),
            [SecurityContextDoc, PssDoc], [Cis("5.2.2"), Nsa(NsaPodSecurity), PssBaseline], "pod-security"),
        (pod, c) => c.SecurityContext?["privileged"].IsTrue() == true
            ? (c.SecurityContext["privileged"], $"{Who(c)} is privileged")
            : null);

    public static KubernetesCheck HostNamespaces { get; } = KubernetesCheck.PerPod(
        K8s("PAL-K8S-007", "Host namespaces shared", Severity.High,
            "The pod shares the node's network, process or IPC namespace: it can see and talk to every process and socket on the node.",
            Snippet("Remove hostNetwork, hostPID and hostIPC (or set them to false):", """
                spec:
                  hostNetwork: false
                  hostPID: false
                  hostIPC: false
                """),
            [PssDoc], [Cis("5.2.3"), Cis("5.2.4"), Cis("5.2.5"), Nsa(NsaPodSecurity), PssBaseline], "pod-security"),
        pod => ((string[])["hostNetwork", "hostPID", "hostIPC"])
            .Where(f => pod.Spec[f].IsTrue())
            .Select(f => ((YNode?)pod.Spec[f], $"pod sets {f}: true")));

    private static readonly string[] DangerousHostPaths = ["/var/run/docker.sock", "/run/containerd/containerd.sock", "/var/run/crio/crio.sock", "/", "/etc", "/proc", "/var/lib/kubelet", "/root"];

    public static KubernetesCheck HostPathVolume { get; } = KubernetesCheck.PerPod(
        K8s("PAL-K8S-008", "hostPath volume", Severity.High,
            "A hostPath volume mounts a directory of the node into the pod. Writable host paths (and sockets such as docker.sock) let a container take over the node.",
            Snippet("Use an emptyDir, a ConfigMap/Secret, or a PersistentVolumeClaim instead:", """
                volumes:
                  - name: data
                    persistentVolumeClaim:
                      claimName: data
                """),
            ["https://kubernetes.io/docs/concepts/storage/volumes/#hostpath", PssDoc], [Cis("5.2.12"), Nsa(NsaPodSecurity), PssBaseline], "pod-security"),
        pod => pod.Spec["volumes"].Mappings()
            .Where(v => v["hostPath"] is YMapping)
            .Select(v =>
            {
                var path = v.Get("hostPath", "path").Text() ?? "";
                var danger = DangerousHostPaths.Contains(path.TrimEnd('/').Length == 0 ? "/" : path.TrimEnd('/')) ? " (a sensitive host path)" : "";
                return ((YNode?)v["hostPath"], $"volume \"{v["name"].Text()}\" mounts host path {path}{danger}");
            }));

    public static KubernetesCheck ImageTagLatest { get; } = KubernetesCheck.PerContainer(
        K8s("PAL-K8S-009", "Image tag is latest or missing", Severity.Medium,
            "The image has no tag or the tag latest, so what runs changes whenever the tag moves: deployments are not reproducible and a pushed image is picked up unreviewed.",
            Snippet("Use an explicit version tag, better still a digest:", """
                image: registry.example.com/shop/api:1.4.2@sha256:<digest>
                """),
            ["https://kubernetes.io/docs/concepts/containers/images/#image-names"], [Nsa(NsaImages)], "images"),
        (pod, c) =>
        {
            var image = c.Node["image"].Text();
            if (image is null) return null;
            var r = ImageReference.Parse(image);
            if (r.Digest is not null) return null;
            if (r.Tag is null) return (c.Node["image"], $"{Who(c)} uses image {image} without a tag (implies latest)");
            return r.Tag == "latest" ? (c.Node["image"], $"{Who(c)} uses image {image} with the tag latest") : null;
        });

    public static KubernetesCheck ImageNotPinned { get; } = KubernetesCheck.PerContainer(
        K8s("PAL-K8S-010", "Image not pinned by digest", Severity.Low,
            "Tags are mutable: whoever can push to the repository can change what a tag points to. Only a digest names exactly the image that was reviewed and scanned.",
            Snippet("Reference the image by digest (tools such as crane or skopeo print it):", """
                image: registry.example.com/shop/api:1.4.2@sha256:<digest>
                """),
            ["https://kubernetes.io/docs/concepts/containers/images/#image-names"], [Nsa(NsaImages)], "images"),
        (pod, c) =>
        {
            var image = c.Node["image"].Text();
            return image is null || ImageReference.Parse(image).Digest is not null ? null : (c.Node["image"], $"{Who(c)} uses image {image}, not pinned by digest");
        });

    public static KubernetesCheck CpuResources { get; } = KubernetesCheck.PerContainer(
        K8s("PAL-K8S-011", "CPU requests or limits missing", Severity.Low,
            "Without a CPU request the scheduler cannot place the pod sensibly; without a limit one compromised or runaway container can starve its neighbours.",
            Snippet("Set CPU requests and limits:", """
                resources:
                  requests:
                    cpu: 100m
                  limits:
                    cpu: 500m
                """),
            ["https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"], [Nsa(NsaResourcePolicies)], "resources"),
        (pod, c) => MissingResource(c, "cpu"), includeEphemeral: false);

    public static KubernetesCheck MemoryResources { get; } = KubernetesCheck.PerContainer(
        K8s("PAL-K8S-012", "Memory requests or limits missing", Severity.Medium,
            "Without a memory limit a container can exhaust the node's memory and get other workloads killed; without a request the scheduler overcommits the node.",
            Snippet("Set memory requests and limits:", """
                resources:
                  requests:
                    memory: 128Mi
                  limits:
                    memory: 256Mi
                """),
            ["https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"], [Nsa(NsaResourcePolicies)], "resources"),
        (pod, c) => MissingResource(c, "memory"), includeEphemeral: false);

    private static (YNode?, string)? MissingResource(ContainerRef c, string resource)
    {
        var resources = c.Node["resources"];
        var missing = new List<string>();
        if (resources.Get("requests", resource) is null or { IsNull: true }) missing.Add("request");
        if (resources.Get("limits", resource) is null or { IsNull: true }) missing.Add("limit");
        return missing.Count == 0 ? null : (resources, $"{Who(c)} has no {resource} {string.Join(" or ", missing)}");
    }

    private static readonly HashSet<string> DangerousCapabilities = new(StringComparer.OrdinalIgnoreCase)
    {
        "ALL", "SYS_ADMIN", "NET_ADMIN", "NET_RAW", "SYS_PTRACE", "SYS_MODULE", "SYS_RAWIO", "SYS_BOOT", "SYS_TIME",
        "DAC_READ_SEARCH", "BPF", "PERFMON", "MAC_ADMIN", "MAC_OVERRIDE", "SYSLOG", "LINUX_IMMUTABLE",
    };

    public static KubernetesCheck DangerousCapabilitiesAdded { get; } = KubernetesCheck.PerContainer(
        K8s("PAL-K8S-026", "Dangerous capability added", Severity.High,
            "The container adds a capability (such as SYS_ADMIN, NET_ADMIN, NET_RAW or SYS_PTRACE) that allows escaping the container, sniffing or spoofing traffic, or tampering with other processes.",
            Snippet("Remove the capability; if the workload truly needs it, isolate it on dedicated nodes:", """
                securityContext:
                  capabilities:
                    drop: ["ALL"]
                """),
            [SecurityContextDoc, PssDoc], [Cis("5.2.8"), Cis("5.2.9"), Nsa(NsaHardenedEnv), PssBaseline], "pod-security"),
        (pod, c) =>
        {
            var add = c.SecurityContext.Get("capabilities", "add");
            var bad = add.Items().Select(i => i.Text() ?? "").Where(DangerousCapabilities.Contains).ToList();
            return bad.Count == 0 ? null : (add, $"{Who(c)} adds {string.Join(", ", bad)}");
        });

    public static KubernetesCheck HostPorts { get; } = KubernetesCheck.PerContainer(
        K8s("PAL-K8S-027", "hostPort used", Severity.Medium,
            "A hostPort binds the container to a port on the node's own network interfaces, bypassing Services and NetworkPolicies that protect pod IPs, and limiting where the pod can be scheduled.",
            Snippet("Remove hostPort and expose the port through a Service:", """
                ports:
                  - containerPort: 8080
                """),
            [PssDoc], [Cis("5.2.13"), Nsa(NsaNetworkPolicies), PssBaseline], "pod-security"),
        (pod, c) =>
        {
            var port = c.Node["ports"].Mappings().FirstOrDefault(p => p["hostPort"].Int() is > 0);
            return port is null ? null : (port["hostPort"], $"{Who(c)} binds host port {port["hostPort"].Text()}");
        });

    public static IReadOnlyList<KubernetesCheck> All { get; } =
    [
        RunAsRoot, PrivilegeEscalation, WritableRootFilesystem, CapabilitiesNotDropped, NoSeccompProfile, PrivilegedContainer,
        HostNamespaces, HostPathVolume, ImageTagLatest, ImageNotPinned, CpuResources, MemoryResources,
        DangerousCapabilitiesAdded, HostPorts,
    ];
}
