using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.Selectors;
using Palisade.Kubernetes.Yaml;
using static Palisade.Kubernetes.Checks.Controls;
using static Palisade.Kubernetes.Checks.RuleFactory;

namespace Palisade.Kubernetes.Checks;

/// <summary>Network exposure: NetworkPolicy coverage and default deny, exposed Services, Istio mTLS.</summary>
public static class NetworkChecks
{
    private const string NetpolDoc = "https://kubernetes.io/docs/concepts/services-networking/network-policies/";

    private static readonly HashSet<string> SystemNamespaces = new(StringComparer.Ordinal) { "kube-system", "kube-public", "kube-node-lease" };

    private static IEnumerable<KubernetesObject> Policies(KubernetesScanContext ctx, string ns) => ctx.NetworkPolicies(ns);

    /// <summary>The policy types of a NetworkPolicy, with Kubernetes' defaulting when policyTypes is omitted.</summary>
    public static (bool Ingress, bool Egress) PolicyTypes(KubernetesObject policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var spec = policy.Root["spec"];
        if (spec.Get("policyTypes") is YSequence types)
        {
            var t = types.Items.Select(i => i.Text()).ToList();
            return (t.Contains("Ingress"), t.Contains("Egress"));
        }
        return (true, spec.Get("egress") is YSequence);
    }

    public static KubernetesCheck WorkloadWithoutPolicy { get; } = KubernetesCheck.AcrossObjects(
        K8s("PAL-K8S-020", "Workload not selected by any NetworkPolicy", Severity.Medium,
            "No NetworkPolicy in the namespace selects the workload's pods, so every pod in the cluster can reach them and they can reach anything. Network policies are how Kubernetes does segmentation.",
            Snippet("Add a NetworkPolicy that selects the pods and allows only the traffic they need:", """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: api
                spec:
                  podSelector:
                    matchLabels:
                      app: api
                  policyTypes: [Ingress, Egress]
                  ingress:
                    - from:
                        - podSelector:
                            matchLabels:
                              app: frontend
                      ports:
                        - port: 8080
                """),
            [NetpolDoc], [Cis("5.3.2"), Nsa(NsaNetworkPolicies)], "network"),
        ctx => ctx.Workloads
            .Where(w => w.Kind != "PodTemplate" && !SystemNamespaces.Contains(w.Namespace))
            .Where(w => !Policies(ctx, w.Namespace).Any(p => LabelSelector.Matches(p.Root.Get("spec", "podSelector"), w.Labels)))
            .Select(w => CheckHit.On(w, w.MetadataLocation, $"no NetworkPolicy in namespace {w.Namespace} selects the pods of {w.Kind} {w.Name}")));

    public static KubernetesCheck NoDefaultDeny { get; } = KubernetesCheck.AcrossObjects(
        K8s("PAL-K8S-021", "Namespace without default-deny NetworkPolicy", Severity.Medium,
            "The namespace has no NetworkPolicy that selects all pods and denies ingress and egress by default. Without it, every new workload starts fully open until someone remembers to restrict it.",
            Snippet("Add a default-deny policy to every namespace, then allow specific traffic per workload (remember DNS egress):", """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: default-deny
                  namespace: shop
                spec:
                  podSelector: {}
                  policyTypes: [Ingress, Egress]
                """),
            [NetpolDoc + "#default-policies"], [Cis("5.3.2"), Nsa(NsaNetworkPolicies)], "network"),
        Run021);

    private static IEnumerable<CheckHit> Run021(KubernetesScanContext ctx)
    {
        var namespaces = ctx.WorkloadNamespaces.Concat(ctx.OfKind("", "Namespace").Select(n => n.Name ?? ""))
            .Where(n => n.Length > 0 && !SystemNamespaces.Contains(n)).Distinct(StringComparer.Ordinal);
        foreach (var ns in namespaces)
        {
            bool denyIngress = false, denyEgress = false;
            foreach (var p in Policies(ctx, ns))
            {
                if (!LabelSelector.IsEmpty(p.Root.Get("spec", "podSelector"))) continue;
                var (ingress, egress) = PolicyTypes(p);
                if (ingress && !p.Root.Get("spec", "ingress").Items().Any()) denyIngress = true;
                if (egress && !p.Root.Get("spec", "egress").Items().Any()) denyEgress = true;
            }
            if (denyIngress && denyEgress) continue;
            var missing = (denyIngress, denyEgress) switch
            {
                (false, false) => "ingress and egress",
                (false, true) => "ingress",
                _ => "egress",
            };
            yield return NamespaceHit(ctx, ns, $"namespace {ns} has no default-deny {missing} NetworkPolicy");
        }
    }

    /// <summary>A finding about a namespace: on its Namespace object if the scan has one, else where its first workload is.</summary>
    internal static CheckHit NamespaceHit(KubernetesScanContext ctx, string ns, string message)
    {
        if (ctx.NamespaceObject(ns) is { } nsObj) return CheckHit.On(nsObj, nsObj.Metadata, message);
        // Namespaces come from workloads or Namespace objects, so a workload of this namespace is in the scan.
        var first = ctx.Workloads.First(w => w.Namespace == ns);
        return new CheckHit(new ResourceRef("v1", "Namespace", null, ns), first.Location, message, []);
    }

    private static readonly (string Key, string Value)[] InternalLoadBalancerAnnotations =
    [
        ("service.beta.kubernetes.io/aws-load-balancer-internal", "true"),
        ("service.beta.kubernetes.io/aws-load-balancer-scheme", "internal"),
        ("networking.gke.io/load-balancer-type", "Internal"),
        ("cloud.google.com/load-balancer-type", "Internal"),
        ("service.beta.kubernetes.io/azure-load-balancer-internal", "true"),
        ("service.beta.kubernetes.io/oci-load-balancer-internal", "true"),
    ];

    public static KubernetesCheck ExposedService { get; } = KubernetesCheck.ForKind(
        K8s("PAL-K8S-022", "Service exposed without source ranges", Severity.Medium,
            "A LoadBalancer Service without loadBalancerSourceRanges is reachable from the whole internet; a NodePort Service opens its port on every node's address. Either bypasses the ingress layer and its authentication.",
            Snippet("Restrict who can reach the load balancer, or keep the Service internal and expose it through an Ingress:", """
                spec:
                  type: LoadBalancer
                  loadBalancerSourceRanges:
                    - 203.0.113.0/24
                """),
            ["https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer",
             "https://kubernetes.io/docs/tasks/access-application-cluster/configure-cloud-provider-firewall/"],
            [Nsa(NsaNetworkPolicies)], "network"),
        "", "Service", svc => ServiceHit(svc) is { } hit ? [hit] : []);

    private static CheckHit? ServiceHit(KubernetesObject svc)
    {
        var spec = svc.Root["spec"];
        var type = spec.Get("type").Text();
        if (type == "NodePort")
            return CheckHit.On(svc, spec.Get("type"), $"Service {svc.Name} is of type NodePort and opens {PortList(spec)} on every node");
        if (type != "LoadBalancer") return null;
        if (InternalLoadBalancerAnnotations.Any(a => string.Equals(svc.Annotation(a.Key), a.Value, StringComparison.OrdinalIgnoreCase))) return null;
        var ranges = spec.Get("loadBalancerSourceRanges").Items().Select(r => r.Text() ?? "").ToList();
        if (svc.Annotation("service.beta.kubernetes.io/load-balancer-source-ranges") is { Length: > 0 } a)
            ranges.AddRange(a.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        if (ranges.Count == 0)
            return CheckHit.On(svc, spec.Get("type"), $"Service {svc.Name} is a LoadBalancer without loadBalancerSourceRanges: {PortList(spec)} open to any address");
        var open = ranges.FirstOrDefault(r => r is "0.0.0.0/0" or "::/0");
        return open is null ? null : CheckHit.On(svc, spec.Get("loadBalancerSourceRanges"), $"Service {svc.Name} allows {open} in loadBalancerSourceRanges");
    }

    private static string PortList(YNode? spec)
    {
        var ports = spec.Get("ports").Mappings().Select(p => p["nodePort"].Text() ?? p["port"].Text()).OfType<string>().ToList();
        return ports.Count == 0 ? "its ports" : (ports.Count == 1 ? "port " : "ports ") + string.Join(", ", ports);
    }

    public static KubernetesCheck IstioMtls { get; } = KubernetesCheck.AcrossObjects(
        K8s("PAL-K8S-023", "Istio mutual TLS not STRICT", Severity.High,
            "Istio is in use but a namespace (or the mesh) is not covered by a PeerAuthentication with mode STRICT, or a PeerAuthentication sets PERMISSIVE or DISABLE. Istio's default is PERMISSIVE: plaintext traffic is accepted, so workload identity and encryption can be bypassed.",
            Snippet("Enforce mTLS mesh-wide (in the Istio root namespace) or per namespace:", """
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata:
                  name: default
                  namespace: istio-system
                spec:
                  mtls:
                    mode: STRICT
                """),
            ["https://istio.io/latest/docs/reference/config/security/peer_authentication/", "https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/"],
            [Nsa(NsaNetworkPolicies)], "network", "istio"),
        Run023);

    private static bool IstioPresent(KubernetesScanContext ctx) =>
        ctx.Groups.Any(KubernetesScanContext.IsIstioGroup) ||
        ctx.OfKind("", "Namespace").Any(n => n.Labels?["istio-injection"].Text() == "enabled" || n.Labels?["istio.io/rev"] is not null);

    private static IEnumerable<CheckHit> Run023(KubernetesScanContext ctx)
    {
        if (!IstioPresent(ctx)) yield break;
        var peerAuths = ctx.Objects.Where(o => o.Kind == "PeerAuthentication" && KubernetesScanContext.IsIstioGroup(o.Group)).ToList();
        foreach (var pa in peerAuths)
        {
            var mode = pa.Root.Get("spec", "mtls", "mode");
            if (mode.Text() is "PERMISSIVE" or "DISABLE")
                yield return CheckHit.On(pa, mode, $"PeerAuthentication {pa.Name} sets mTLS mode {mode.Text()}");
            foreach (var (port, portMode) in pa.Root.Get("spec", "portLevelMtls").Entries())
                if (portMode.Get("mode").Text() is "PERMISSIVE" or "DISABLE")
                    yield return CheckHit.On(pa, portMode.Get("mode"), $"PeerAuthentication {pa.Name} sets mTLS mode {portMode.Get("mode").Text()} on port {port}");
        }
        bool StrictFor(string ns) => peerAuths.Any(pa => pa.EffectiveNamespace == ns && LabelSelector.IsEmpty(pa.Root.Get("spec", "selector")) &&
                                                         pa.Root.Get("spec", "mtls", "mode").Text() == "STRICT");
        if (StrictFor("istio-system")) yield break;
        foreach (var ns in ctx.WorkloadNamespaces.Where(n => n != "istio-system" && !SystemNamespaces.Contains(n)))
            if (!StrictFor(ns))
                yield return NamespaceHit(ctx, ns, $"no STRICT PeerAuthentication covers namespace {ns} (Istio defaults to PERMISSIVE)");
    }

    public static IReadOnlyList<KubernetesCheck> All { get; } = [WorkloadWithoutPolicy, NoDefaultDeny, ExposedService, IstioMtls];
}
