using Palisade.Core.Secrets;
using Palisade.Kubernetes.Checks;
using static Palisade.Kubernetes.Tests.CheckTestKit;

namespace Palisade.Kubernetes.Tests;

public sealed class SecretCheckTests
{
    [Theory]
    [InlineData("DB_PASSWORD", "hunter2hunter2", 1)]
    [InlineData("apiKey", "a8f7d6e5c4b3a291", 1)]
    [InlineData("CLIENT_SECRET", "s3cr3t-v4lue", 1)]
    [InlineData("DB_PASSWORD", "${DB_PASSWORD}", 0)]
    [InlineData("DB_PASSWORD", "$(DB_PASSWORD)", 0)]
    [InlineData("DB_PASSWORD", "<password>", 0)]
    [InlineData("DB_PASSWORD", "xxxxxxxx", 0)]
    [InlineData("PASSWORD_FILE", "/run/secrets/pw", 0)]
    [InlineData("TOKEN_TTL", "3600", 0)]
    [InlineData("LOG_LEVEL", "debug", 0)]
    [InlineData("DATABASE_URL", "postgres://app:s3cr3tpw@db:5432/app", 1)]
    [InlineData("DATABASE_URL", "postgres://app:${PW}@db:5432/app", 0)]
    [InlineData("DATABASE_URL", "postgres://db:5432/app", 0)]
    public void Literal_secrets_in_env(string name, string value, int expected)
    {
        var yaml = Deployment($"env:\n- name: {name}\n  value: \"{value}\"");
        Assert.Equal(expected, Hits(yaml, "PAL-K8S-013").Count);
    }

    [Fact]
    public void Secret_references_in_env_are_fine() =>
        Assert.Empty(Hits(Deployment("env:\n- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef: {name: db, key: pw}"), "PAL-K8S-013"));

    [Theory]
    [InlineData("AWS_ACCESS_KEY_ID", "AKIAZQ3DRSMJ5TLNB7WX", 1)]
    [InlineData("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", 0)]
    [InlineData("AWS_SECRET_ACCESS_KEY", "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", 1)]
    [InlineData("AZURE_STORAGE_CONNECTION_STRING", "DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYm==;EndpointSuffix=core.windows.net", 1)]
    public void Static_cloud_credentials_in_env(string name, string value, int expected)
    {
        var yaml = Deployment($"env:\n- name: {name}\n  value: \"{value}\"");
        Assert.Equal(expected, Hits(yaml, "PAL-K8S-014").Count);
        Assert.Empty(Hits(yaml, "PAL-K8S-013"));
    }

    [Fact]
    public void Cloud_keys_in_secrets_and_configmaps_are_found_decoded()
    {
        var key = Convert.ToBase64String("AKIAZQ3DRSMJ5TLNB7WX"u8);
        var yaml = $"apiVersion: v1\nkind: Secret\nmetadata: {{name: aws, namespace: shop}}\ndata:\n  id: {key}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: gcp, namespace: shop}}\ndata:\n  sa.json: '{{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\"}}'\n";
        var hits = Hits(yaml, "PAL-K8S-014");
        Assert.Equal(["Secret", "ConfigMap"], hits.Select(h => h.Resource!.Kind));
    }

    [Fact]
    public void Committed_secrets_with_data_but_not_empty_or_token_secrets()
    {
        const string yaml = """
            apiVersion: v1
            kind: Secret
            metadata: {name: full, namespace: shop}
            data: {password: cGFzc3dvcmQ=}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: empty, namespace: shop}
            data: {}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: sa-token, namespace: shop}
            type: kubernetes.io/service-account-token
            """;
        var hit = Assert.Single(Hits(yaml, "PAL-K8S-015"));
        Assert.Equal("full", hit.Resource!.Name);
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("refreshInterval: 0s", 1)]
    [InlineData("refreshInterval: \"0\"", 1)]
    [InlineData("refreshInterval: 1h0m0s", 0)]
    [InlineData("refreshInterval: 15m", 0)]
    public void External_secret_refresh(string field, int expected)
    {
        var yaml = $"apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata: {{name: es, namespace: shop}}\nspec:\n  {field}\n  secretStoreRef: {{name: vault, kind: ClusterSecretStore}}\n";
        Assert.Equal(expected, Hits(yaml, "PAL-K8S-016").Count);
    }

    [Theory]
    [InlineData("DB_PASSWORD", true)]
    [InlineData("dbPassword", true)]
    [InlineData("stripe-api-key", true)]
    [InlineData("GITHUB_TOKEN", true)]
    [InlineData("PASSWORD_FILE", false)]
    [InlineData("TOKEN_URL", false)]
    [InlineData("KEYBOARD_LAYOUT", false)]
    [InlineData("MONKEY", false)]
    public void Secret_names(string name, bool secret) => Assert.Equal(secret, SecretHeuristics.IsSecretName(name));
}

public sealed class ServiceAccountCheckTests
{
    [Fact]
    public void Default_service_account_and_automount()
    {
        var yaml = Deployment();
        Assert.Single(Hits(yaml, "PAL-K8S-017"));
        Assert.Single(Hits(yaml, "PAL-K8S-018"));
        Assert.Single(Hits(Deployment(podSpec: "serviceAccountName: default"), "PAL-K8S-017"));
        Assert.Empty(Hits(Deployment(podSpec: "serviceAccountName: web"), "PAL-K8S-017"));
    }

    [Theory]
    [InlineData("automountServiceAccountToken: false", "", 0)]
    [InlineData("automountServiceAccountToken: true", "automountServiceAccountToken: false", 1)]
    [InlineData("", "automountServiceAccountToken: false", 0)]
    [InlineData("", "", 1)]
    public void Automount_is_decided_by_the_pod_then_the_service_account(string pod, string sa, int expected)
    {
        var yaml = Deployment(podSpec: "serviceAccountName: web\n" + pod) + $"\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {{name: web, namespace: shop}}\n{sa}\n";
        Assert.Equal(expected, Hits(yaml, "PAL-K8S-018").Count);
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("annotations: {eks.amazonaws.com/role-arn: 'arn:aws:iam::1:role/x'}", 0)]
    public void Cloud_sdk_credentials_need_workload_identity(string saAnnotations, int expected)
    {
        var yaml = Deployment("env:\n- name: AWS_ACCESS_KEY_ID\n  valueFrom: {secretKeyRef: {name: aws, key: id}}", "serviceAccountName: pay")
                   + $"\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: pay\n  namespace: shop\n  {saAnnotations}\n";
        var hits = Hits(yaml, "PAL-K8S-019");
        Assert.Equal(expected, hits.Count);
        if (expected > 0) Assert.Equal("ServiceAccount", hits[0].Resource!.Kind);
    }

    [Fact]
    public void Cloud_sdk_credentials_without_the_service_account_in_the_scan_point_at_the_workload()
    {
        var hit = Assert.Single(Hits(Deployment("env:\n- name: GOOGLE_APPLICATION_CREDENTIALS\n  value: /var/secrets/key.json", "serviceAccountName: pay"), "PAL-K8S-019"));
        Assert.Equal("Deployment", hit.Resource!.Kind);
        Assert.Contains("GCP", hit.Message, StringComparison.Ordinal);
    }
}

public sealed class NetworkCheckTests
{
    private const string DenyAll = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n";

    [Fact]
    public void Without_policies_every_workload_and_namespace_is_reported()
    {
        var yaml = Deployment(name: "a") + "\n---\n" + Deployment(name: "b");
        Assert.Equal(2, Hits(yaml, "PAL-K8S-020").Count);
        var ns = Assert.Single(Hits(yaml, "PAL-K8S-021"));
        Assert.Contains("ingress and egress", ns.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_deny_policy_covers_every_pod_and_the_namespace()
    {
        var yaml = Deployment() + "\n---\n" + DenyAll;
        Assert.Empty(Hits(yaml, "PAL-K8S-020"));
        Assert.Empty(Hits(yaml, "PAL-K8S-021"));
    }

    [Fact]
    public void Ingress_only_default_deny_still_misses_egress()
    {
        var yaml = Deployment() + "\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n";
        Assert.Contains("egress", Assert.Single(Hits(yaml, "PAL-K8S-021")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("matchLabels: {app: web}", 0)]
    [InlineData("matchLabels: {app: other}", 1)]
    [InlineData("matchExpressions: [{key: app, operator: In, values: [web, api]}]", 0)]
    [InlineData("matchExpressions: [{key: app, operator: NotIn, values: [web]}]", 1)]
    [InlineData("matchExpressions: [{key: tier, operator: DoesNotExist}]", 0)]
    [InlineData("matchExpressions: [{key: app, operator: Exists}]", 0)]
    public void Pod_selectors_decide_coverage(string selector, int expected)
    {
        var yaml = Deployment() + $"\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: p, namespace: shop}}\nspec:\n  podSelector:\n    {selector}\n";
        Assert.Equal(expected, Hits(yaml, "PAL-K8S-020").Count);
    }

    [Fact]
    public void Policies_in_another_namespace_do_not_count() =>
        Assert.Single(Hits(Deployment() + "\n---\n" + DenyAll.Replace("namespace: shop", "namespace: other", StringComparison.Ordinal), "PAL-K8S-020"));

    [Theory]
    [InlineData("type: LoadBalancer", 1)]
    [InlineData("type: LoadBalancer\n  loadBalancerSourceRanges: [203.0.113.0/24]", 0)]
    [InlineData("type: LoadBalancer\n  loadBalancerSourceRanges: [0.0.0.0/0]", 1)]
    [InlineData("type: NodePort", 1)]
    [InlineData("type: ClusterIP", 0)]
    public void Exposed_services(string spec, int expected)
    {
        var yaml = $"apiVersion: v1\nkind: Service\nmetadata: {{name: s, namespace: shop}}\nspec:\n  {spec}\n  ports: [{{port: 80}}]\n";
        Assert.Equal(expected, Hits(yaml, "PAL-K8S-022").Count);
    }

    [Fact]
    public void Internal_load_balancers_are_not_exposed() =>
        Assert.Empty(Hits("apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: shop\n  annotations: {networking.gke.io/load-balancer-type: Internal}\nspec: {type: LoadBalancer}\n", "PAL-K8S-022"));

    [Fact]
    public void Istio_checks_only_apply_when_istio_is_in_use()
    {
        Assert.Empty(Hits(Deployment(), "PAL-K8S-023"));
        var permissive = "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: shop}\nspec: {mtls: {mode: PERMISSIVE}}\n";
        Assert.Equal(2, Hits(Deployment() + "\n---\n" + permissive, "PAL-K8S-023").Count);
        var strictMesh = "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: istio-system}\nspec: {mtls: {mode: STRICT}}\n";
        Assert.Empty(Hits(Deployment() + "\n---\n" + strictMesh, "PAL-K8S-023"));
    }
}

public sealed class AuditPolicyCheckTests
{
    private static string Policy(string rules) => "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n" + Indent(rules, 2) + "\n";

    [Fact]
    public void Request_bodies_for_secrets_are_reported_even_behind_a_catch_all_rule()
    {
        var hits = Hits(Policy("- level: RequestResponse"), "PAL-K8S-024");
        Assert.Single(hits);
        Assert.Empty(Hits(Policy("- level: Metadata\n  resources: [{group: '', resources: [secrets, configmaps]}]\n- level: RequestResponse"), "PAL-K8S-024"));
    }

    [Fact]
    public void A_rule_for_one_user_is_still_found()
    {
        var yaml = Policy("- level: Request\n  users: [alice]\n  resources: [{group: '', resources: [secrets]}]\n- level: Metadata");
        Assert.Single(Hits(yaml, "PAL-K8S-024"));
    }

    [Fact]
    public void Missing_coverage_of_exec_and_rbac_is_reported()
    {
        var yaml = Policy("- level: Metadata\n  resources: [{group: '', resources: [secrets]}]");
        var messages = Hits(yaml, "PAL-K8S-025").Select(h => h.Message).ToList();
        Assert.Contains(messages, m => m.Contains("pods/exec", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("RBAC", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.StartsWith("Secret", StringComparison.Ordinal));
    }

    [Fact]
    public void A_metadata_catch_all_covers_everything() =>
        Assert.Empty(Hits(Policy("- level: None\n  nonResourceURLs: ['/healthz*']\n- level: Metadata"), "PAL-K8S-025"));

    [Fact]
    public void An_earlier_none_rule_shadows_later_rules()
    {
        var yaml = Policy("- level: None\n  resources: [{group: rbac.authorization.k8s.io}]\n- level: Metadata");
        Assert.Equal(4, Hits(yaml, "PAL-K8S-025").Count);
    }

    [Fact]
    public void Kyverno_policies_are_not_audit_policies() =>
        Assert.Empty(Hits("apiVersion: kyverno.io/v1\nkind: Policy\nmetadata: {name: p, namespace: shop}\nspec: {rules: []}\n", "PAL-K8S-025"));
}

public sealed class SuppressionTests
{
    [Fact]
    public void The_ignore_annotation_on_the_resource_or_its_pod_template_suppresses_named_rules()
    {
        Assert.NotEmpty(Hits(Deployment("securityContext: {privileged: true}"), "PAL-K8S-006"));
        Assert.Empty(Hits(Deployment("securityContext: {privileged: true}", annotations: "palisade.dev/ignore: \"PAL-K8S-006, PSS-privileged\""), "PAL-K8S-006"));
        var tpl = Deployment("securityContext: {privileged: true}", podAnnotations: "palisade.dev/ignore: pal-k8s-006,PSS-*");
        Assert.Empty(Hits(tpl, "PAL-K8S-006"));
        Assert.Empty(Hits(tpl, "PSS-privileged"));
        Assert.NotEmpty(Hits(tpl, "PAL-K8S-002"));
    }

    [Fact]
    public void The_ignore_annotation_on_a_cron_jobs_job_template_applies_to_its_pods()
    {
        const string yaml = """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: c, namespace: shop}
            spec:
              schedule: "* * * * *"
              jobTemplate:
                metadata:
                  annotations: {palisade.dev/ignore: PAL-K8S-006}
                spec:
                  template:
                    spec:
                      containers:
                      - {name: a, image: busybox, securityContext: {privileged: true}}
            """;
        Assert.Empty(Hits(yaml, "PAL-K8S-006"));
        Assert.NotEmpty(Hits(yaml, "PSS-privileged"));
    }

    [Fact]
    public void Broken_json_manifests_report_the_json_error()
    {
        var file = Palisade.Kubernetes.Manifests.ManifestParser.Parse("{\"apiVersion\": \"v1\",\n \"kind\": \"Pod\",,}", "p.json");
        Assert.StartsWith("invalid JSON", Assert.Single(file.Errors).Message, StringComparison.Ordinal);
    }
}
