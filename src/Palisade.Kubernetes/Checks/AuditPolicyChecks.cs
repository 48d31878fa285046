using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.Yaml;
using static Palisade.Kubernetes.Checks.Controls;
using static Palisade.Kubernetes.Checks.RuleFactory;

namespace Palisade.Kubernetes.Checks;

/// <summary>
/// Kubernetes audit policies (<c>audit.k8s.io/v1 Policy</c>). Rules are matched in order and the first
/// matching rule decides a request's level, exactly as the API server does; a request no rule matches is not logged.
/// </summary>
public static class AuditPolicyChecks
{
    private const string AuditDoc = "https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#audit-policy";

    public enum AuditLevel
    {
        None,
        Metadata,
        Request,
        RequestResponse,
    }

    /// <summary>An API request, as far as audit rule matching is concerned.</summary>
    public sealed record AuditRequest(string User, string[] Groups, string Verb, string Group, string Resource, string? Subresource, string Namespace);

    public static bool IsAuditPolicy(KubernetesObject o) => o.Kind == "Policy" && o.Group == "audit.k8s.io";

    private static AuditLevel ParseLevel(string? s) => s switch
    {
        "Metadata" => AuditLevel.Metadata,
        "Request" => AuditLevel.Request,
        "RequestResponse" => AuditLevel.RequestResponse,
        _ => AuditLevel.None,
    };

    /// <summary>Whether an audit rule matches a resource request.</summary>
    public static bool Matches(YMapping rule, AuditRequest r)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(r);
        if (rule["users"] is YSequence users && users.Count > 0 && !users.Items.Any(u => u.Text() == r.User)) return false;
        if (rule["userGroups"] is YSequence groups && groups.Count > 0 && !groups.Items.Any(g => r.Groups.Contains(g.Text()))) return false;
        if (rule["verbs"] is YSequence verbs && verbs.Count > 0 && !verbs.Items.Any(v => v.Text() is { } t && (t == r.Verb || t == "*"))) return false;
        if (rule["nonResourceURLs"] is YSequence urls && urls.Count > 0) return false;
        if (rule["namespaces"] is YSequence nss && nss.Count > 0 && !nss.Items.Any(n => n.Text() == r.Namespace)) return false;
        if (rule["resources"] is not YSequence resources || resources.Count == 0) return true;
        var full = r.Subresource is null ? r.Resource : r.Resource + "/" + r.Subresource;
        foreach (var gr in resources.Items.OfType<YMapping>())
        {
            var group = gr["group"].Text() ?? "";
            if (group != r.Group && group != "*") continue;
            if (gr["resourceNames"] is YSequence names && names.Count > 0) continue; // names narrow the rule to specific objects
            if (gr["resources"] is not YSequence list || list.Count == 0) return true;
            foreach (var item in list.Items.Select(i => i.Text() ?? ""))
            {
                if (item == full || item == "*") return true;
                if (r.Subresource is null && item == r.Resource + "/*") continue;
                if (r.Subresource is not null && (item == "*/" + r.Subresource || item == r.Resource + "/*")) return true;
            }
        }
        return false;
    }

    /// <summary>The first rule that matches the request, with its level (None and null when no rule matches).</summary>
    public static (AuditLevel Level, YMapping? Rule) Evaluate(KubernetesObject policy, AuditRequest request)
    {
        ArgumentNullException.ThrowIfNull(policy);
        foreach (var rule in policy.Root["rules"].Mappings())
            if (Matches(rule, request)) return (ParseLevel(rule["level"].Text()), rule);
        return (AuditLevel.None, null);
    }

    private static readonly string[] AllVerbs = ["get", "list", "watch", "create", "update", "patch", "delete"];

    /// <summary>Requests made by an ordinary user, a service account and a controller, for every verb.</summary>
    private static IEnumerable<AuditRequest> Requests(string apiGroup, string resource, string? sub, IEnumerable<string> verbs) =>
        from user in (string[])["alice", "system:serviceaccount:shop:api", "system:kube-controller-manager"]
        from verb in verbs
        select new AuditRequest(user, user.StartsWith("system:serviceaccount:", StringComparison.Ordinal)
            ? ["system:serviceaccounts", "system:serviceaccounts:shop", "system:authenticated"]
            : ["system:authenticated"], verb, apiGroup, resource, sub, "shop");

    public static KubernetesCheck SensitiveBodiesLogged { get; } = KubernetesCheck.ForEachObject(
        K8s("PAL-K8S-024", "Audit policy logs Secret or ConfigMap contents", Severity.High,
            "The audit policy logs requests for secrets or configmaps at Request or RequestResponse level, so the audit log receives the secret values themselves. Anyone who can read the logs (and every log pipeline and archive) then holds the cluster's secrets.",
            Snippet("Log secrets, configmaps and token reviews at Metadata level, before any broader rule:", """
                rules:
                  - level: Metadata
                    resources:
                      - group: ""
                        resources: ["secrets", "configmaps"]
                      - group: authentication.k8s.io
                        resources: ["tokenreviews"]
                """),
            [AuditDoc], [Cis("3.2.1"), Cis("3.2.2"), Nsa(NsaAuditLogging)], "audit"),
        o => IsAuditPolicy(o) ? Run024(o) : []);

    private static IEnumerable<CheckHit> Run024(KubernetesObject policy)
    {
        var seen = new HashSet<YMapping>(ReferenceEqualityComparer.Instance);
        foreach (var resource in (string[])["secrets", "configmaps"])
            foreach (var req in Requests("", resource, null, AllVerbs))
            {
                var (level, rule) = Evaluate(policy, req);
                if (level < AuditLevel.Request || rule is null || !seen.Add(rule)) continue;
                yield return CheckHit.On(policy, rule, $"audit rule at level {level} matches {resource} ({req.Verb}); their contents are written to the audit log");
            }
    }

    private static readonly (string What, string Group, string Resource, string? Sub, string[] Verbs)[] KeyActivities =
    [
        ("Secret access", "", "secrets", null, ["get", "list", "watch", "create", "update", "patch", "delete"]),
        ("pods/exec", "", "pods", "exec", ["create", "get"]),
        ("pods/attach", "", "pods", "attach", ["create", "get"]),
        ("RBAC changes (roles)", "rbac.authorization.k8s.io", "roles", null, ["create", "update", "patch", "delete"]),
        ("RBAC changes (rolebindings)", "rbac.authorization.k8s.io", "rolebindings", null, ["create", "update", "patch", "delete"]),
        ("RBAC changes (clusterroles)", "rbac.authorization.k8s.io", "clusterroles", null, ["create", "update", "patch", "delete"]),
        ("RBAC changes (clusterrolebindings)", "rbac.authorization.k8s.io", "clusterrolebindings", null, ["create", "update", "patch", "delete"]),
    ];

    public static KubernetesCheck KeyActivitiesNotAudited { get; } = KubernetesCheck.ForEachObject(
        K8s("PAL-K8S-025", "Audit policy misses key security events", Severity.Medium,
            "Some security-relevant requests (secret access, exec or attach into pods, RBAC changes) fall through to a None rule or match no rule at all, so they leave no trace in the audit log when an incident has to be reconstructed.",
            Snippet("Make sure these requests are logged, at least at Metadata level:", """
                rules:
                  - level: Metadata
                    resources:
                      - group: ""
                        resources: ["secrets", "pods/exec", "pods/attach", "pods/portforward"]
                  - level: RequestResponse
                    resources:
                      - group: rbac.authorization.k8s.io
                        resources: ["roles", "rolebindings", "clusterroles", "clusterrolebindings"]
                """),
            [AuditDoc], [Cis("3.2.2"), Nsa(NsaAuditLogging)], "audit"),
        o => IsAuditPolicy(o) ? Run025(o) : []);

    private static IEnumerable<CheckHit> Run025(KubernetesObject policy)
    {
        foreach (var (what, group, resource, sub, verbs) in KeyActivities)
        {
            var unlogged = Requests(group, resource, sub, verbs).Select(r => (r, e: Evaluate(policy, r))).FirstOrDefault(x => x.e.Level == AuditLevel.None);
            if (unlogged.r is null) continue;
            var req = unlogged.r;
            var how = unlogged.e.Rule is { } rule ? $"a level None rule (line {rule.StartLine}) matches it first" : "no rule matches it";
            yield return CheckHit.On(policy, unlogged.e.Rule ?? policy.Root["rules"],
                $"{what} is not audited: for {req.Verb} {(sub is null ? resource : resource + "/" + sub)} by {req.User}, {how}");
        }
    }

    public static IReadOnlyList<KubernetesCheck> All { get; } = [SensitiveBodiesLogged, KeyActivitiesNotAudited];
}
