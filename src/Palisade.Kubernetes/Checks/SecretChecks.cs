using Palisade.Core.Secrets;
using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.Yaml;
using static Palisade.Kubernetes.Checks.Controls;
using static Palisade.Kubernetes.Checks.RuleFactory;

namespace Palisade.Kubernetes.Checks;

/// <summary>Secrets in configuration: literal values in env and ConfigMaps, committed Secrets, static cloud keys.</summary>
public static class SecretChecks
{
    private const string SecretsDoc = "https://kubernetes.io/docs/concepts/configuration/secret/";
    private const string GoodPracticesDoc = "https://kubernetes.io/docs/concepts/security/secrets-good-practices/";

    public static KubernetesCheck SecretInEnv { get; } = KubernetesCheck.ForEachObject(
        K8s("PAL-K8S-013", "Secret-looking literal value in configuration", Severity.High,
            "A container env var or ConfigMap key whose name says it holds a secret (PASSWORD, TOKEN, SECRET, API_KEY ...) or a URL with a password has a literal value. It is readable by anyone who can read the manifest, the repository, or the object in the cluster, and it never rotates.",
            Snippet("Reference a Secret (ideally synced from an external secret store) instead of a literal value:", """
                env:
                  - name: DB_PASSWORD
                    valueFrom:
                      secretKeyRef:
                        name: db-credentials
                        key: password
                """),
            [SecretsDoc, GoodPracticesDoc], [Cis("5.4.1"), Nsa(NsaSecrets)], "secrets"),
        Run013);

    private static IEnumerable<CheckHit> Run013(KubernetesObject obj)
    {
        if (obj.PodTemplate is { } pod)
            foreach (var c in pod.Containers)
                foreach (var env in c.Node["env"].Mappings())
                {
                    var name = env["name"].Text() ?? "";
                    var value = env["value"].Text();
                    if (value is null || SecretHeuristics.FindCloudCredential(name, value) is not null) continue;
                    if (SecretHeuristics.HasUrlCredentials(value))
                        yield return CheckHit.On(pod, env["value"], $"env {name} of container \"{c.Name}\" holds a URL with a literal password");
                    else if (SecretHeuristics.IsSecretName(name) && !SecretHeuristics.IsPlaceholder(value))
                        yield return CheckHit.On(pod, env["value"], $"env {name} of container \"{c.Name}\" holds a literal secret value; use a secretKeyRef");
                }
        if (obj.Is("", "ConfigMap"))
            foreach (var (key, node) in obj.Root["data"].Entries())
            {
                var value = node.Text();
                if (value is null || SecretHeuristics.FindCloudCredential(key, value) is not null) continue;
                if (SecretHeuristics.HasUrlCredentials(value))
                    yield return CheckHit.On(obj, node, $"ConfigMap key {key} holds a URL with a literal password; store it in a Secret");
                else if (SecretHeuristics.IsSecretName(key) && !SecretHeuristics.IsPlaceholder(value))
                    yield return CheckHit.On(obj, node, $"ConfigMap key {key} holds a secret-looking value; store it in a Secret");
            }
    }

    public static KubernetesCheck StaticCloudCredentials { get; } = KubernetesCheck.ForEachObject(
        K8s("PAL-K8S-014", "Static cloud credentials", Severity.Critical,
            "An AWS access key, AWS secret key, GCP service-account JSON key or Azure storage key is written into the configuration. Long-lived cloud keys in manifests leak through repositories, CI logs and backups, and grant access far beyond the cluster.",
            Snippet("Revoke the key, then give the workload a cloud identity instead of a key (IRSA on EKS, Workload Identity on GKE, Azure Workload Identity on AKS):", """
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: payments
                  annotations:
                    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/payments
                    # GKE: iam.gke.io/gcp-service-account: payments@project.iam.gserviceaccount.com
                    # AKS: azure.workload.identity/client-id: <client-id>
                """),
            ["https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html",
             "https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity",
             "https://learn.microsoft.com/azure/aks/workload-identity-overview"],
            [Cis("5.4.2"), Nsa(NsaCloud), Nsa(NsaSecrets)], "secrets", "cloud"),
        Run014);

    private static IEnumerable<CheckHit> Run014(KubernetesObject obj)
    {
        if (obj.PodTemplate is { } pod)
            foreach (var c in pod.Containers)
                foreach (var env in c.Node["env"].Mappings())
                {
                    var name = env["name"].Text() ?? "";
                    if (env["value"].Text() is { } value && SecretHeuristics.FindCloudCredential(name, value) is { } kind)
                        yield return CheckHit.On(pod, env["value"], $"env {name} of container \"{c.Name}\" holds {SecretHeuristics.Describe(kind)}");
                }
        if (obj.Is("", "ConfigMap"))
            foreach (var (key, node) in obj.Root["data"].Entries())
                if (node.Text() is { } value && SecretHeuristics.FindCloudCredential(key, value) is { } kind)
                    yield return CheckHit.On(obj, node, $"ConfigMap key {key} holds {SecretHeuristics.Describe(kind)}");
        if (obj.Is("", "Secret"))
            foreach (var (key, node, value) in SecretValues(obj))
                if (SecretHeuristics.FindCloudCredential(key, value) is { } kind)
                    yield return CheckHit.On(obj, node, $"Secret key {key} holds {SecretHeuristics.Describe(kind)}");
    }

    /// <summary>The decoded values of a Secret's data (base64) and stringData.</summary>
    internal static IEnumerable<(string Key, YNode Node, string Value)> SecretValues(KubernetesObject secret)
    {
        foreach (var (key, node) in secret.Root["data"].Entries())
            if (node.Text() is { } b64 && SecretHeuristics.DecodeBase64(b64) is { } decoded)
                yield return (key, node, decoded);
        foreach (var (key, node) in secret.Root["stringData"].Entries())
            if (node.Text() is { } text)
                yield return (key, node, text);
    }

    public static KubernetesCheck CommittedSecret { get; } = KubernetesCheck.ForKind(
        K8s("PAL-K8S-015", "Secret manifest with data committed", Severity.High,
            "A Secret manifest carries its values in the repository. Base64 is an encoding, not encryption: everyone with read access to the repository, its forks and its history has the secret.",
            Snippet("Keep only a reference in git: an ExternalSecret that syncs from your secret store (or a SealedSecret, encrypted for the cluster):", """
                apiVersion: external-secrets.io/v1beta1
                kind: ExternalSecret
                metadata:
                  name: db-credentials
                spec:
                  refreshInterval: 1h
                  secretStoreRef:
                    kind: ClusterSecretStore
                    name: vault
                  target:
                    name: db-credentials
                  data:
                    - secretKey: password
                      remoteRef:
                        key: shop/db
                        property: password
                """),
            [GoodPracticesDoc, "https://external-secrets.io/", "https://github.com/bitnami-labs/sealed-secrets"],
            [Cis("5.4.2"), Nsa(NsaSecrets)], "secrets"),
        "", "Secret", Run015);

    private static IEnumerable<CheckHit> Run015(KubernetesObject secret)
    {
        if (secret.Root["type"].Text() == "kubernetes.io/service-account-token") yield break;
        var keys = SecretValues(secret).Where(v => v.Value.Length > 0).Select(v => v.Key).Distinct().ToList();
        if (keys.Count == 0) yield break;
        yield return CheckHit.On(secret, secret.Root["data"] ?? secret.Root["stringData"],
            $"Secret {secret.Name} is committed with {keys.Count} {(keys.Count == 1 ? "value" : "values")} ({string.Join(", ", keys)})");
    }

    public static KubernetesCheck ExternalSecretRefresh { get; } = KubernetesCheck.ForKind(
        K8s("PAL-K8S-016", "ExternalSecret without refreshInterval", Severity.Low,
            "An ExternalSecret without a refreshInterval (or with 0) is synced once: a secret rotated in the store never reaches the cluster, so rotation silently stops working.",
            Snippet("Set a refresh interval that matches your rotation policy:", """
                spec:
                  refreshInterval: 1h
                """),
            ["https://external-secrets.io/latest/api/externalsecret/"], [Cis("5.4.2"), Nsa(NsaSecrets)], "secrets"),
        "external-secrets.io", "ExternalSecret", Run016, groupSuffix: true);

    private static IEnumerable<CheckHit> Run016(KubernetesObject es)
    {
        var interval = es.Root.Get("spec", "refreshInterval");
        if (interval is null or { IsNull: true })
            yield return CheckHit.On(es, es.Root["spec"], $"ExternalSecret {es.Name} sets no refreshInterval");
        else if (IsZeroDuration(interval.Text() ?? ""))
            yield return CheckHit.On(es, interval, $"ExternalSecret {es.Name} disables refresh (refreshInterval: {interval.Text()})");
    }

    /// <summary>A Go duration ("0", "0s", "0h0m0s") whose every number is zero.</summary>
    private static bool IsZeroDuration(string d) => d.Trim().Length > 0 && d.Trim().All(ch => ch is '0' or '.' or 'h' or 'm' or 's' or 'u' or 'n' or 'µ');

    public static IReadOnlyList<KubernetesCheck> All { get; } = [SecretInEnv, StaticCloudCredentials, CommittedSecret, ExternalSecretRefresh];
}
