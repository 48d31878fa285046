using static Palisade.Kubernetes.Tests.CheckTestKit;

namespace Palisade.Kubernetes.Tests;

public sealed class ContainerCheckTests
{
    private static string With(string extra) => GoodContainer + "\n" + extra;

    [Fact]
    public void A_hardened_container_trips_no_container_check()
    {
        var ids = Scan(Deployment(GoodContainer, "serviceAccountName: web\nautomountServiceAccountToken: false")).Select(f => f.RuleId).Distinct().Order(StringComparer.Ordinal);
        // Only the namespace-level network checks and the unpinned image remain.
        Assert.Equal(["PAL-K8S-010", "PAL-K8S-020", "PAL-K8S-021"], ids);
    }

    [Theory]
    [InlineData("securityContext: {runAsUser: 0}", 1)]
    [InlineData("securityContext: {runAsNonRoot: false}", 1)]
    [InlineData("securityContext: {}", 1)]
    [InlineData("securityContext: {runAsUser: 1000}", 0)]
    [InlineData("securityContext: {runAsNonRoot: true}", 0)]
    public void Run_as_root(string container, int expected) =>
        Assert.Equal(expected, Hits(Deployment(container), "PAL-K8S-001").Count);

    [Fact]
    public void Run_as_root_honours_the_pod_security_context() =>
        Assert.Empty(Hits(Deployment("securityContext: {}", "securityContext: {runAsNonRoot: true}"), "PAL-K8S-001"));

    [Fact]
    public void Container_run_as_user_zero_overrides_the_pod() =>
        Assert.Single(Hits(Deployment("securityContext: {runAsUser: 0}", "securityContext: {runAsNonRoot: true}"), "PAL-K8S-001"));

    [Theory]
    [InlineData("PAL-K8S-002", "securityContext: {allowPrivilegeEscalation: true}", 1)]
    [InlineData("PAL-K8S-002", "securityContext: {allowPrivilegeEscalation: false}", 0)]
    [InlineData("PAL-K8S-003", "securityContext: {readOnlyRootFilesystem: false}", 1)]
    [InlineData("PAL-K8S-003", "securityContext: {readOnlyRootFilesystem: true}", 0)]
    [InlineData("PAL-K8S-004", "securityContext: {capabilities: {drop: [NET_RAW]}}", 1)]
    [InlineData("PAL-K8S-004", "securityContext: {capabilities: {drop: [ALL]}}", 0)]
    [InlineData("PAL-K8S-005", "securityContext: {seccompProfile: {type: Unconfined}}", 1)]
    [InlineData("PAL-K8S-005", "securityContext: {}", 1)]
    [InlineData("PAL-K8S-005", "securityContext: {seccompProfile: {type: Localhost, localhostProfile: p.json}}", 0)]
    [InlineData("PAL-K8S-006", "securityContext: {privileged: true}", 1)]
    [InlineData("PAL-K8S-006", "securityContext: {privileged: false}", 0)]
    [InlineData("PAL-K8S-026", "securityContext: {capabilities: {add: [SYS_ADMIN]}}", 1)]
    [InlineData("PAL-K8S-026", "securityContext: {capabilities: {add: [NET_BIND_SERVICE]}}", 0)]
    [InlineData("PAL-K8S-027", "ports: [{containerPort: 80, hostPort: 8080}]", 1)]
    [InlineData("PAL-K8S-027", "ports: [{containerPort: 80}]", 0)]
    public void Security_context_checks(string ruleId, string container, int expected) =>
        Assert.Equal(expected, Hits(Deployment(container), ruleId).Count);

    [Fact]
    public void Seccomp_from_the_pod_counts() =>
        Assert.Empty(Hits(Deployment("securityContext: {}", "securityContext: {seccompProfile: {type: RuntimeDefault}}"), "PAL-K8S-005"));

    [Fact]
    public void Linux_only_checks_skip_windows_pods()
    {
        var ids = Scan(Deployment("securityContext: {}", "os: {name: windows}")).Select(f => f.RuleId).ToHashSet();
        foreach (var id in (string[])["PAL-K8S-002", "PAL-K8S-003", "PAL-K8S-004", "PAL-K8S-005"]) Assert.DoesNotContain(id, ids);
    }

    [Theory]
    [InlineData("nginx", 1, 1)]
    [InlineData("nginx:latest", 1, 1)]
    [InlineData("registry:5000/team/app", 1, 1)]
    [InlineData("registry:5000/team/app:1.2", 0, 1)]
    [InlineData("nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 0, 0)]
    [InlineData("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 0, 0)]
    public void Image_tag_and_digest(string image, int latest, int unpinned)
    {
        var yaml = Deployment().Replace("registry.example/app:1.0", image, StringComparison.Ordinal);
        Assert.Equal(latest, Hits(yaml, "PAL-K8S-009").Count);
        Assert.Equal(unpinned, Hits(yaml, "PAL-K8S-010").Count);
    }

    [Theory]
    [InlineData("resources: {requests: {cpu: 1, memory: 1Gi}, limits: {cpu: 1, memory: 1Gi}}", 0, 0)]
    [InlineData("resources: {requests: {memory: 1Gi}, limits: {memory: 1Gi}}", 1, 0)]
    [InlineData("resources: {limits: {cpu: 1}}", 1, 1)]
    [InlineData("", 1, 1)]
    public void Resources(string container, int cpu, int memory)
    {
        var yaml = Deployment(container);
        Assert.Equal(cpu, Hits(yaml, "PAL-K8S-011").Count);
        Assert.Equal(memory, Hits(yaml, "PAL-K8S-012").Count);
    }

    [Fact]
    public void Host_namespaces_and_host_paths_are_reported_per_field()
    {
        var yaml = Deployment(podSpec: "hostNetwork: true\nhostPID: true\nhostIPC: false\nvolumes:\n- name: sock\n  hostPath: {path: /var/run/docker.sock}\n- name: tmp\n  emptyDir: {}");
        Assert.Equal(2, Hits(yaml, "PAL-K8S-007").Count);
        var hostPath = Assert.Single(Hits(yaml, "PAL-K8S-008"));
        Assert.Contains("sensitive", hostPath.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_point_at_the_offending_line()
    {
        var yaml = Deployment("securityContext:\n  privileged: true");
        var f = Assert.Single(Hits(yaml, "PAL-K8S-006"));
        var lines = yaml.Split('\n');
        Assert.Contains("privileged: true", lines[f.Location!.StartLine - 1], StringComparison.Ordinal);
        Assert.Equal("Deployment", f.Resource!.Kind);
        Assert.Equal("shop", f.Resource.Namespace);
        Assert.Contains(f.Controls, c => c.Framework == "CIS Kubernetes Benchmark" && c.Id == "5.2.2");
    }

    [Fact]
    public void Init_and_ephemeral_containers_are_checked()
    {
        var yaml = Deployment(podSpec: "initContainers:\n- name: init\n  image: busybox:1.36\n  securityContext: {privileged: true}");
        var f = Assert.Single(Hits(yaml, "PAL-K8S-006"));
        Assert.Contains("init container \"init\"", f.Message, StringComparison.Ordinal);
    }
}
