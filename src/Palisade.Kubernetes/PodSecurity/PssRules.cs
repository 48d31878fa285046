using Palisade.Core.Findings;
using Palisade.Core.Rules;
using Palisade.Kubernetes.Checks;

namespace Palisade.Kubernetes.PodSecurity;

/// <summary>Rule metadata for the Pod Security Standards checks (rule ids <c>PSS-&lt;check id&gt;</c>).</summary>
public static class PssRules
{
    private const string Doc = "https://kubernetes.io/docs/concepts/security/pod-security-standards/";

    public static string RuleId(string checkId) => "PSS-" + checkId;

    private static RuleMetadata Rule(string checkId, PssLevel level, Severity severity, string title, string description, string remediation, params string[] cis) => new()
    {
        Id = RuleId(checkId),
        Title = title,
        Severity = severity,
        Description = description + $" Part of the {level} Pod Security Standard; evaluated at the version chosen with --pss-version (default latest), exactly as Kubernetes' pod-security-admission evaluates it.",
        Remediation = remediation,
        References = [Doc, "https://kubernetes.io/docs/concepts/security/pod-security-admission/"],
        Controls = [new(Controls.PssFramework, level == PssLevel.Baseline ? "baseline" : "restricted"), .. cis.Select(Controls.Cis)],
        Groups = ["pss", "kubernetes", level == PssLevel.Baseline ? "pss-baseline" : "pss-restricted"],
        TargetType = "kubernetes",
    };

    public static IReadOnlyList<RuleMetadata> All { get; } =
    [
        Rule("hostProbesAndHostLifecycle", PssLevel.Baseline, Severity.Medium, "Probe or lifecycle handler targets another host",
            "httpGet or tcpSocket probes and lifecycle handlers must not set host: the kubelet would connect to an arbitrary address on the pod's behalf.",
            "Remove the host field from probes and lifecycle handlers; they then target the pod's own IP."),
        Rule("hostNamespaces", PssLevel.Baseline, Severity.High, "Host namespaces",
            "Sharing the host's network, PID or IPC namespace (hostNetwork, hostPID, hostIPC) is forbidden.",
            "Remove hostNetwork, hostPID and hostIPC or set them to false.", "5.2.3", "5.2.4", "5.2.5"),
        Rule("privileged", PssLevel.Baseline, Severity.Critical, "Privileged container",
            "Privileged containers disable most security mechanisms and must be disallowed.",
            "Remove securityContext.privileged or set it to false.", "5.2.2"),
        Rule("capabilities_baseline", PssLevel.Baseline, Severity.High, "Non-default capabilities added",
            "Adding capabilities beyond the default set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT) is forbidden.",
            "Remove the extra entries from securityContext.capabilities.add.", "5.2.9"),
        Rule("hostPathVolumes", PssLevel.Baseline, Severity.High, "hostPath volumes",
            "hostPath volumes are forbidden.",
            "Replace hostPath volumes with emptyDir, configMap, secret or persistentVolumeClaim volumes.", "5.2.12"),
        Rule("hostPorts", PssLevel.Baseline, Severity.Medium, "Host ports",
            "hostPort should be disallowed entirely (or limited to a known list).",
            "Remove hostPort from container ports and expose the port through a Service.", "5.2.13"),
        Rule("appArmorProfile", PssLevel.Baseline, Severity.Medium, "AppArmor profile overridden or disabled",
            "The default AppArmor profile must not be overridden or disabled: only RuntimeDefault and Localhost profiles are allowed.",
            "Remove Unconfined AppArmor profiles (appArmorProfile.type or the container.apparmor.security.beta.kubernetes.io annotation)."),
        Rule("seLinuxOptions", PssLevel.Baseline, Severity.Medium, "Custom SELinux options",
            "Setting a custom SELinux user or role is forbidden, and the type may only be container_t, container_init_t, container_kvm_t or (since v1.31) container_engine_t.",
            "Remove seLinuxOptions.user and role and use an allowed type."),
        Rule("procMount", PssLevel.Baseline, Severity.Medium, "Unmasked /proc mount",
            "The default /proc masks are set up to reduce attack surface; procMount must be Default (since v1.35, Unmasked is allowed for pods with hostUsers: false).",
            "Remove securityContext.procMount or set it to Default."),
        Rule("seccompProfile_baseline", PssLevel.Baseline, Severity.Medium, "Seccomp disabled",
            "The seccomp profile must not be explicitly set to Unconfined.",
            "Set securityContext.seccompProfile.type to RuntimeDefault or Localhost.", "5.7.2"),
        Rule("sysctls", PssLevel.Baseline, Severity.Medium, "Unsafe sysctls",
            "Sysctls can disable security mechanisms or affect every container on the host; only the safe, namespaced set is allowed.",
            "Remove sysctls outside the safe set from securityContext.sysctls."),
        Rule("windowsHostProcess", PssLevel.Baseline, Severity.High, "Windows HostProcess container",
            "Windows HostProcess containers have privileged access to the Windows host and are forbidden.",
            "Remove securityContext.windowsOptions.hostProcess or set it to false.", "5.2.11"),
        Rule("restrictedVolumes", PssLevel.Restricted, Severity.Medium, "Volume type not allowed",
            "Only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes are allowed.",
            "Replace the volume with one of the allowed types (usually a persistentVolumeClaim)."),
        Rule("allowPrivilegeEscalation", PssLevel.Restricted, Severity.Medium, "Privilege escalation allowed",
            "Containers must set allowPrivilegeEscalation: false (not required for Windows pods since v1.25).",
            "Set securityContext.allowPrivilegeEscalation: false on every container.", "5.2.6"),
        Rule("runAsNonRoot", PssLevel.Restricted, Severity.Medium, "Not required to run as non-root",
            "Containers must be required to run as non-root users: runAsNonRoot: true on the pod or every container, and false nowhere.",
            "Set securityContext.runAsNonRoot: true in the pod spec.", "5.2.7"),
        Rule("runAsUser", PssLevel.Restricted, Severity.Medium, "Runs as UID 0",
            "Containers must not set runAsUser to 0.",
            "Set runAsUser to a non-zero UID or remove it.", "5.2.7"),
        Rule("seccompProfile_restricted", PssLevel.Restricted, Severity.Medium, "Seccomp profile not set",
            "The seccomp profile must be explicitly set to RuntimeDefault or Localhost, for the pod or for every container (not required for Windows pods since v1.25).",
            "Set securityContext.seccompProfile.type: RuntimeDefault in the pod spec.", "5.7.2"),
        Rule("capabilities_restricted", PssLevel.Restricted, Severity.Medium, "Capabilities not restricted",
            "Containers must drop ALL capabilities and may add back only NET_BIND_SERVICE (not required for Windows pods since v1.25).",
            "Set securityContext.capabilities.drop: [\"ALL\"] and add at most NET_BIND_SERVICE.", "5.2.10"),
        Rule("procMount_restricted", PssLevel.Restricted, Severity.Medium, "Unmasked /proc mount",
            "Since v1.35 the restricted level forbids Unmasked /proc even for pods with hostUsers: false.",
            "Remove securityContext.procMount or set it to Default."),
    ];

    private static readonly Dictionary<string, RuleMetadata> ByCheckId = All.ToDictionary(r => r.Id["PSS-".Length..], StringComparer.Ordinal);

    public static RuleMetadata ForCheck(string checkId) => ByCheckId[checkId];
}
