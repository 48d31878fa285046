using Palisade.Kubernetes.Workloads;
using Palisade.Kubernetes.Yaml;
using static Palisade.Kubernetes.PodSecurity.PssText;

namespace Palisade.Kubernetes.PodSecurity;

/// <summary>
/// The Pod Security Standards checks, versioned as Kubernetes' pod-security-admission versions them
/// (https://kubernetes.io/docs/concepts/security/pod-security-standards/). Written from the published
/// standard and checked against pod-security-admission's own fixtures.
/// </summary>
public static class PodSecurityChecks
{
    public static IReadOnlyList<PssCheck> All { get; } =
    [
        // Baseline
        new("hostProbesAndHostLifecycle", PssLevel.Baseline, 34, HostProbesAndHostLifecycle),
        new("hostNamespaces", PssLevel.Baseline, 0, HostNamespaces),
        new("privileged", PssLevel.Baseline, 0, Privileged),
        new("capabilities_baseline", PssLevel.Baseline, 0, CapabilitiesBaseline),
        new("hostPathVolumes", PssLevel.Baseline, 0, HostPathVolumes),
        new("hostPorts", PssLevel.Baseline, 0, HostPorts),
        new("appArmorProfile", PssLevel.Baseline, 0, AppArmorProfile),
        new("seLinuxOptions", PssLevel.Baseline, 0, SeLinuxOptions),
        new("procMount", PssLevel.Baseline, 0, ProcMountBaseline),
        new("seccompProfile_baseline", PssLevel.Baseline, 0, SeccompProfileBaseline),
        new("sysctls", PssLevel.Baseline, 0, Sysctls),
        new("windowsHostProcess", PssLevel.Baseline, 0, WindowsHostProcess),
        // Restricted
        new("restrictedVolumes", PssLevel.Restricted, 0, RestrictedVolumes),
        new("allowPrivilegeEscalation", PssLevel.Restricted, 8, AllowPrivilegeEscalation),
        new("runAsNonRoot", PssLevel.Restricted, 0, RunAsNonRoot),
        new("runAsUser", PssLevel.Restricted, 23, RunAsUser),
        new("seccompProfile_restricted", PssLevel.Restricted, 19, SeccompProfileRestricted),
        new("capabilities_restricted", PssLevel.Restricted, 22, CapabilitiesRestricted),
        new("procMount_restricted", PssLevel.Restricted, 35, ProcMountRestricted),
    ];

    // ---- baseline ----------------------------------------------------------------------------------------

    private static PssViolation? HostNamespaces(PodTemplate pod, PssVersion v)
    {
        var set = new List<string>();
        YNode? node = null;
        foreach (var field in (string[])["hostNetwork", "hostPID", "hostIPC"])
        {
            if (!pod.Spec[field].IsTrue()) continue;
            set.Add(field + "=true");
            node ??= pod.Spec[field];
        }
        return set.Count == 0 ? null : new("hostNamespaces", "host namespaces", string.Join(", ", set), node);
    }

    private static PssViolation? Privileged(PodTemplate pod, PssVersion v)
    {
        var bad = pod.Containers.Where(c => c.SecurityContext?["privileged"].IsTrue() == true).ToList();
        return bad.Count == 0
            ? null
            : new("privileged", "privileged", $"{Containers(Names(bad))} must not set securityContext.privileged=true", bad[0].SecurityContext!["privileged"]);
    }

    private static readonly HashSet<string> BaselineCapabilities = new(StringComparer.Ordinal)
    {
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
        "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    };

    private static PssViolation? CapabilitiesBaseline(PodTemplate pod, PssVersion v)
    {
        var badContainers = new List<string>();
        var badCaps = new List<string>();
        YNode? node = null;
        foreach (var c in pod.Containers)
        {
            var add = c.SecurityContext.Get("capabilities", "add");
            var any = false;
            foreach (var cap in add.Items())
            {
                var name = cap.Text() ?? "";
                if (BaselineCapabilities.Contains(name)) continue;
                any = true;
                node ??= cap;
                if (!badCaps.Contains(name)) badCaps.Add(name);
            }
            if (any) badContainers.Add(c.Name);
        }
        return badContainers.Count == 0
            ? null
            : new("capabilities_baseline", "non-default capabilities",
                $"{Containers(badContainers)} must not include {Quote(badCaps)} in securityContext.capabilities.add", node);
    }

    private static PssViolation? HostPathVolumes(PodTemplate pod, PssVersion v)
    {
        var bad = pod.Spec["volumes"].Mappings().Where(vol => vol["hostPath"] is { IsNull: false }).ToList();
        if (bad.Count == 0) return null;
        var names = bad.Select(b => b["name"].Text() ?? "").ToList();
        return new("hostPathVolumes", "hostPath volumes", $"{Plural(names.Count, "volume", "volumes")} {Quote(names)}", bad[0]["hostPath"]);
    }

    private static PssViolation? HostPorts(PodTemplate pod, PssVersion v)
    {
        var containers = new List<string>();
        var ports = new List<string>();
        YNode? node = null;
        foreach (var c in pod.Containers)
        {
            var any = false;
            foreach (var p in c.Node["ports"].Mappings())
            {
                var hp = p["hostPort"].Int();
                if (hp is null or 0) continue;
                any = true;
                node ??= p["hostPort"];
                var s = hp.Value.ToInvariant();
                if (!ports.Contains(s)) ports.Add(s);
            }
            if (any) containers.Add(c.Name);
        }
        return containers.Count == 0
            ? null
            : new("hostPorts", "hostPort",
                $"{Containers(containers)} {Plural(containers.Count, "uses", "use")} {Plural(ports.Count, "hostPort", "hostPorts")} {string.Join(", ", ports)}", node);
    }

    private const string AppArmorAnnotationPrefix = "container.apparmor.security.beta.kubernetes.io/";

    private static PssViolation? AppArmorProfile(PodTemplate pod, PssVersion v)
    {
        var bad = new List<string>();
        YNode? node = null;
        foreach (var (key, value) in pod.Annotations.Entries())
        {
            if (!key.StartsWith(AppArmorAnnotationPrefix, StringComparison.Ordinal)) continue;
            var profile = value.Text() ?? "";
            if (profile.Length == 0 || profile == "runtime/default" || profile.StartsWith("localhost/", StringComparison.Ordinal)) continue;
            bad.Add($"{key}=\"{profile}\"");
            node ??= value;
        }
        var badFields = new List<string>();
        CheckAppArmorField(pod.SecurityContext, "pod", badFields, ref node);
        foreach (var c in pod.Containers) CheckAppArmorField(c.SecurityContext, $"container \"{c.Name}\"", badFields, ref node);
        bad.AddRange(badFields);
        return bad.Count == 0 ? null : new("appArmorProfile", Plural(bad.Count, "forbidden AppArmor profile", "forbidden AppArmor profiles"), string.Join(", ", bad), node);
    }

    private static void CheckAppArmorField(YMapping? securityContext, string who, List<string> bad, ref YNode? node)
    {
        if (securityContext?["appArmorProfile"] is not YMapping profile) return;
        var type = profile["type"].Text() ?? "";
        if (type is "RuntimeDefault" or "Localhost") return;
        bad.Add($"{who} appArmorProfile.type=\"{type}\"");
        node ??= profile;
    }

    private static PssViolation? SeLinuxOptions(PodTemplate pod, PssVersion v)
    {
        var allowedTypes = v.IsAtLeast(31)
            ? (string[])["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]
            : ["", "container_t", "container_init_t", "container_kvm_t"];
        var badTypes = new List<string>();
        var setsUser = false;
        var setsRole = false;
        var podBad = false;
        var badContainers = new List<string>();
        YNode? node = null;

        bool Check(YMapping? sc)
        {
            if (sc?["seLinuxOptions"] is not YMapping opts) return false;
            var bad = false;
            var type = opts["type"].Text() ?? "";
            if (!allowedTypes.Contains(type))
            {
                bad = true;
                if (!badTypes.Contains(type)) badTypes.Add(type);
            }
            if ((opts["user"].Text() ?? "").Length > 0) { setsUser = true; bad = true; }
            if ((opts["role"].Text() ?? "").Length > 0) { setsRole = true; bad = true; }
            if (bad) node ??= opts;
            return bad;
        }

        podBad = Check(pod.SecurityContext);
        foreach (var c in pod.Containers)
            if (Check(c.SecurityContext)) badContainers.Add(c.Name);
        if (!podBad && badContainers.Count == 0) return null;
        var what = new List<string>();
        if (badTypes.Count > 0) what.Add($"{Plural(badTypes.Count, "type", "types")} {Quote(badTypes)}");
        if (setsUser) what.Add("user may not be set");
        if (setsRole) what.Add("role may not be set");
        return new("seLinuxOptions", "seLinuxOptions",
            $"{PodAndContainers(podBad, badContainers)} set forbidden securityContext.seLinuxOptions: {string.Join("; ", what)}", node);
    }

    private static PssViolation? ProcMountBaseline(PodTemplate pod, PssVersion v)
    {
        // Since v1.35, baseline allows Unmasked /proc for pods in a user namespace (hostUsers: false).
        if (v.IsAtLeast(35) && pod.Spec["hostUsers"].Bool() == false) return null;
        return ProcMount("procMount", pod);
    }

    private static PssViolation? ProcMountRestricted(PodTemplate pod, PssVersion v) => ProcMount("procMount_restricted", pod);

    private static PssViolation? ProcMount(string id, PodTemplate pod)
    {
        var bad = new List<string>();
        var values = new List<string>();
        YNode? node = null;
        foreach (var c in pod.Containers)
        {
            var pm = c.SecurityContext?["procMount"];
            if (pm is null || pm.IsNull) continue;
            var text = pm.Text() ?? "";
            if (text == "Default") continue;
            bad.Add(c.Name);
            if (!values.Contains(text)) values.Add(text);
            node ??= pm;
        }
        return bad.Count == 0
            ? null
            : new(id, "procMount", $"{Containers(bad)} must not set securityContext.procMount to {Quote(values)}", node);
    }

    private const string SeccompPodAnnotation = "seccomp.security.alpha.kubernetes.io/pod";
    private const string SeccompContainerAnnotationPrefix = "container.seccomp.security.alpha.kubernetes.io/";

    private static PssViolation? SeccompProfileBaseline(PodTemplate pod, PssVersion v)
    {
        if (!v.IsAtLeast(19))
        {
            // v1.0 - v1.18: the alpha annotations.
            var bad = new List<string>();
            YNode? node = null;
            foreach (var (key, value) in pod.Annotations.Entries())
            {
                if (key != SeccompPodAnnotation && !key.StartsWith(SeccompContainerAnnotationPrefix, StringComparison.Ordinal)) continue;
                if (value.Text() != "unconfined") continue;
                bad.Add($"{key}=\"unconfined\"");
                node ??= value;
            }
            return bad.Count == 0 ? null : new("seccompProfile_baseline", "seccompProfile", $"forbidden {Plural(bad.Count, "annotation", "annotations")} {string.Join(", ", bad)}", node);
        }
        var podBad = pod.SecurityContext.Get("seccompProfile", "type").Text() == "Unconfined";
        var containers = pod.Containers.Where(c => c.SecurityContext.Get("seccompProfile", "type").Text() == "Unconfined").ToList();
        if (!podBad && containers.Count == 0) return null;
        var n = podBad ? pod.SecurityContext.Get("seccompProfile") : containers[0].SecurityContext.Get("seccompProfile");
        return new("seccompProfile_baseline", "seccompProfile",
            $"{PodAndContainers(podBad, Names(containers))} must not set securityContext.seccompProfile.type to \"Unconfined\"", n);
    }

    private static readonly (int Since, string Name)[] AllowedSysctls =
    [
        (0, "kernel.shm_rmid_forced"),
        (0, "net.ipv4.ip_local_port_range"),
        (0, "net.ipv4.tcp_syncookies"),
        (0, "net.ipv4.ping_group_range"),
        (0, "net.ipv4.ip_unprivileged_port_start"),
        (27, "net.ipv4.ip_local_reserved_ports"),
        (29, "net.ipv4.tcp_keepalive_time"),
        (29, "net.ipv4.tcp_fin_timeout"),
        (29, "net.ipv4.tcp_keepalive_intvl"),
        (29, "net.ipv4.tcp_keepalive_probes"),
        (32, "net.ipv4.tcp_rmem"),
        (32, "net.ipv4.tcp_wmem"),
        (37, "net.ipv4.tcp_slow_start_after_idle"),
        (37, "net.ipv4.tcp_notsent_lowat"),
    ];

    private static PssViolation? Sysctls(PodTemplate pod, PssVersion v)
    {
        var bad = new List<string>();
        YNode? node = null;
        foreach (var s in pod.SecurityContext?["sysctls"].Mappings() ?? [])
        {
            var name = s["name"].Text() ?? "";
            if (AllowedSysctls.Any(a => a.Name == name && v.Minor >= a.Since)) continue;
            if (!bad.Contains(name)) bad.Add(name);
            node ??= s;
        }
        return bad.Count == 0 ? null : new("sysctls", "forbidden sysctls", string.Join(", ", bad), node);
    }

    private static PssViolation? WindowsHostProcess(PodTemplate pod, PssVersion v)
    {
        var podBad = pod.SecurityContext.Get("windowsOptions", "hostProcess").IsTrue();
        var containers = pod.Containers.Where(c => c.SecurityContext.Get("windowsOptions", "hostProcess").IsTrue()).ToList();
        if (!podBad && containers.Count == 0) return null;
        var n = podBad ? pod.SecurityContext.Get("windowsOptions", "hostProcess") : containers[0].SecurityContext.Get("windowsOptions", "hostProcess");
        return new("windowsHostProcess", "hostProcess",
            $"{PodAndContainers(podBad, Names(containers))} must not set securityContext.windowsOptions.hostProcess=true", n);
    }

    private static PssViolation? HostProbesAndHostLifecycle(PodTemplate pod, PssVersion v)
    {
        var bad = new List<string>();
        var hosts = new List<string>();
        YNode? node = null;
        foreach (var c in pod.Containers)
        {
            var any = false;
            foreach (var handler in Handlers(c.Node))
            {
                foreach (var kind in (string[])["httpGet", "tcpSocket"])
                {
                    var host = handler.Get(kind, "host");
                    var text = host.Text() ?? "";
                    if (text.Length == 0) continue;
                    any = true;
                    node ??= host;
                    if (!hosts.Contains(text)) hosts.Add(text);
                }
            }
            if (any) bad.Add(c.Name);
        }
        return bad.Count == 0
            ? null
            : new("hostProbesAndHostLifecycle", "probe or lifecycle host",
                $"{Containers(bad)} {Plural(bad.Count, "uses", "use")} probe or lifecycle {Plural(hosts.Count, "host", "hosts")} {Quote(hosts)}", node);
    }

    private static IEnumerable<YMapping> Handlers(YMapping container)
    {
        foreach (var probe in (string[])["livenessProbe", "readinessProbe", "startupProbe"])
            if (container[probe] is YMapping p) yield return p;
        foreach (var hook in (string[])["postStart", "preStop"])
            if (container.Get("lifecycle", hook) is YMapping h) yield return h;
    }

    // ---- restricted --------------------------------------------------------------------------------------

    private static readonly string[] RestrictedVolumeTypes =
    [
        "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd", "flexVolume",
        "cinder", "cephfs", "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk",
        "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos", "hostPath",
    ];

    private static PssViolation? RestrictedVolumes(PodTemplate pod, PssVersion v)
    {
        var badVolumes = new List<string>();
        var badTypes = new List<string>();
        YNode? node = null;
        foreach (var vol in pod.Spec["volumes"].Mappings())
        {
            var type = RestrictedVolumeTypes.FirstOrDefault(t => vol[t] is { IsNull: false });
            if (type is null) continue;
            badVolumes.Add(vol["name"].Text() ?? "");
            if (!badTypes.Contains(type)) badTypes.Add(type);
            node ??= vol;
        }
        return badVolumes.Count == 0
            ? null
            : new("restrictedVolumes", "restricted volume types",
                $"{Plural(badVolumes.Count, "volume", "volumes")} {Quote(badVolumes)} {Plural(badVolumes.Count, "uses", "use")} restricted volume {Plural(badTypes.Count, "type", "types")} {Quote(badTypes)}", node);
    }

    private static PssViolation? AllowPrivilegeEscalation(PodTemplate pod, PssVersion v)
    {
        if (v.IsAtLeast(25) && pod.IsWindows) return null;
        var bad = pod.Containers.Where(c => c.SecurityContext?["allowPrivilegeEscalation"].Bool() != false).ToList();
        return bad.Count == 0
            ? null
            : new("allowPrivilegeEscalation", "allowPrivilegeEscalation != false",
                $"{Containers(Names(bad))} must set securityContext.allowPrivilegeEscalation=false", (YNode?)bad[0].SecurityContext ?? bad[0].Node);
    }

    private static PssViolation? RunAsNonRoot(PodTemplate pod, PssVersion v)
    {
        var podValue = pod.SecurityContext?["runAsNonRoot"].Bool();
        var podExplicitlyBad = podValue == false;
        var podOk = podValue == true;
        var explicitlyBad = new List<string>();
        var implicitlyBad = new List<string>();
        YNode? node = podExplicitlyBad ? pod.SecurityContext!["runAsNonRoot"] : null;
        foreach (var c in pod.Containers)
        {
            var value = c.SecurityContext?["runAsNonRoot"].Bool();
            if (value is { } b)
            {
                if (b) continue;
                explicitlyBad.Add(c.Name);
                node ??= c.SecurityContext!["runAsNonRoot"];
            }
            else if (!podOk)
            {
                implicitlyBad.Add(c.Name);
                node ??= c.Node;
            }
        }
        if (!podExplicitlyBad && explicitlyBad.Count == 0 && implicitlyBad.Count == 0) return null;
        var parts = new List<string>();
        if (podExplicitlyBad || explicitlyBad.Count > 0)
            parts.Add($"{PodAndContainers(podExplicitlyBad, explicitlyBad)} must not set securityContext.runAsNonRoot=false");
        if (implicitlyBad.Count > 0)
            parts.Add($"pod or {Containers(implicitlyBad)} must set securityContext.runAsNonRoot=true");
        return new("runAsNonRoot", "runAsNonRoot != true", string.Join("; ", parts), node);
    }

    private static PssViolation? RunAsUser(PodTemplate pod, PssVersion v)
    {
        var podBad = pod.SecurityContext?["runAsUser"].Int() == 0;
        var bad = pod.Containers.Where(c => c.SecurityContext?["runAsUser"].Int() == 0).ToList();
        if (!podBad && bad.Count == 0) return null;
        var n = podBad ? pod.SecurityContext!["runAsUser"] : bad[0].SecurityContext!["runAsUser"];
        return new("runAsUser", "runAsUser=0", $"{PodAndContainers(podBad, Names(bad))} must not set runAsUser=0", n);
    }

    private static bool ValidSeccomp(YNode? type) => type.Text() is "RuntimeDefault" or "Localhost";

    private static PssViolation? SeccompProfileRestricted(PodTemplate pod, PssVersion v)
    {
        if (v.IsAtLeast(25) && pod.IsWindows) return null;
        var podProfile = pod.SecurityContext?["seccompProfile"];
        var podSet = podProfile is { IsNull: false };
        var podBad = podSet && !ValidSeccomp(podProfile.Get("type"));
        var podOk = podSet && !podBad;
        var badValues = new List<string>();
        if (podBad) badValues.Add(podProfile.Get("type").Text() ?? "");
        var explicitlyBad = new List<string>();
        var implicitlyBad = new List<string>();
        YNode? node = podBad ? podProfile : null;
        foreach (var c in pod.Containers)
        {
            var profile = c.SecurityContext?["seccompProfile"];
            if (profile is { IsNull: false })
            {
                if (ValidSeccomp(profile.Get("type"))) continue;
                explicitlyBad.Add(c.Name);
                var t = profile.Get("type").Text() ?? "";
                if (!badValues.Contains(t)) badValues.Add(t);
                node ??= profile;
            }
            else if (!podOk)
            {
                implicitlyBad.Add(c.Name);
                node ??= c.Node;
            }
        }
        if (!podBad && explicitlyBad.Count == 0 && implicitlyBad.Count == 0) return null;
        var parts = new List<string>();
        if (podBad || explicitlyBad.Count > 0)
            parts.Add($"{PodAndContainers(podBad, explicitlyBad)} must not set securityContext.seccompProfile.type to {Quote(badValues)}");
        if (implicitlyBad.Count > 0)
            parts.Add($"pod or {Containers(implicitlyBad)} must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");
        return new("seccompProfile_restricted", "seccompProfile", string.Join("; ", parts), node);
    }

    private static PssViolation? CapabilitiesRestricted(PodTemplate pod, PssVersion v)
    {
        if (v.IsAtLeast(25) && pod.IsWindows) return null;
        var missingDrop = new List<string>();
        var badAdd = new List<string>();
        var badCaps = new List<string>();
        YNode? node = null;
        foreach (var c in pod.Containers)
        {
            var caps = c.SecurityContext?["capabilities"];
            if (!caps.Get("drop").Items().Any(d => d.Text() == "ALL"))
            {
                missingDrop.Add(c.Name);
                node ??= (YNode?)caps ?? (YNode?)c.SecurityContext ?? c.Node;
            }
            var any = false;
            foreach (var cap in caps.Get("add").Items())
            {
                var name = cap.Text() ?? "";
                if (name == "NET_BIND_SERVICE") continue;
                any = true;
                node ??= cap;
                if (!badCaps.Contains(name)) badCaps.Add(name);
            }
            if (any) badAdd.Add(c.Name);
        }
        if (missingDrop.Count == 0 && badAdd.Count == 0) return null;
        var parts = new List<string>();
        if (missingDrop.Count > 0) parts.Add($"{Containers(missingDrop)} must set securityContext.capabilities.drop=[\"ALL\"]");
        if (badAdd.Count > 0) parts.Add($"{Containers(badAdd)} must not include {Quote(badCaps)} in securityContext.capabilities.add");
        return new("capabilities_restricted", "unrestricted capabilities", string.Join("; ", parts), node);
    }

    private static List<string> Names(IEnumerable<ContainerRef> containers) => containers.Select(c => c.Name).ToList();
}
