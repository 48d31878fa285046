using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.Workloads;
using Palisade.Kubernetes.Yaml;
using static Palisade.Kubernetes.Checks.Controls;
using static Palisade.Kubernetes.Checks.RuleFactory;

namespace Palisade.Kubernetes.Checks;

/// <summary>Service accounts: the default account, mounted tokens, cloud identity.</summary>
public static class ServiceAccountChecks
{
    private const string SaDoc = "https://kubernetes.io/docs/concepts/security/service-accounts/";

    public static string ServiceAccountName(PodTemplate pod) =>
        pod.Spec["serviceAccountName"].Text() is { Length: > 0 } n ? n :
        pod.Spec["serviceAccount"].Text() is { Length: > 0 } d ? d : "default";

    public static KubernetesCheck DefaultServiceAccount { get; } = KubernetesCheck.PerPod(
        K8s("PAL-K8S-017", "Default ServiceAccount used", Severity.Medium,
            "The pod runs as its namespace's default ServiceAccount. Every workload that does the same shares its identity and every permission anyone grants to it, so least privilege is impossible.",
            Snippet("Create a ServiceAccount per workload and name it in the pod spec:", """
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: api
                automountServiceAccountToken: false
                ---
                spec:
                  serviceAccountName: api
                """),
            [SaDoc], [Cis("5.1.5"), Nsa(NsaAuthn)], "rbac"),
        pod => ServiceAccountName(pod) == "default"
            ? [((YNode?)pod.Spec["serviceAccountName"] ?? pod.Spec, "pod uses the default ServiceAccount")]
            : []);

    public static KubernetesCheck AutomountToken { get; } = KubernetesCheck.AcrossObjects(
        K8s("PAL-K8S-018", "ServiceAccount token mounted automatically", Severity.Medium,
            "Neither the pod nor its ServiceAccount sets automountServiceAccountToken: false, so an API token is mounted into every container. An attacker in the container can use it against the API server.",
            Snippet("Disable the token where the workload does not call the Kubernetes API (in the pod or on its ServiceAccount):", """
                spec:
                  automountServiceAccountToken: false
                """),
            [SaDoc, "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting"],
            [Cis("5.1.6"), Nsa(NsaServiceAccountTokens)], "rbac"),
        Run018);

    private static IEnumerable<CheckHit> Run018(KubernetesScanContext ctx)
    {
        foreach (var w in ctx.Workloads)
        {
            if (w.AutomountToken == false) continue;
            if (w.AutomountToken == true)
            {
                yield return CheckHit.On(w, w.AutomountLocation!, "pod sets automountServiceAccountToken: true");
                continue;
            }
            // Unset on the pod: the ServiceAccount decides. Without it in the scan we cannot know it is disabled.
            if (ctx.ServiceAccount(w.Namespace, w.ServiceAccountName)?.Root["automountServiceAccountToken"].Bool() == false) continue;
            yield return CheckHit.On(w, w.SpecLocation, $"neither the pod nor its ServiceAccount \"{w.ServiceAccountName}\" sets automountServiceAccountToken: false");
        }
    }

    private static readonly (string Cloud, string Annotation, string[] EnvNames)[] Clouds =
    [
        ("AWS", "eks.amazonaws.com/role-arn", ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SHARED_CREDENTIALS_FILE"]),
        ("GCP", "iam.gke.io/gcp-service-account", ["GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_CREDENTIALS", "CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE", "GCP_SERVICE_ACCOUNT_KEY"]),
        ("Azure", "azure.workload.identity/client-id", ["AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_STORAGE_KEY", "AZURE_STORAGE_CONNECTION_STRING", "AZURE_PASSWORD"]),
    ];

    /// <summary>Whether an env var hands static credentials to a cloud SDK.</summary>
    public static bool IsCloudCredentialVariable(string name) => Clouds.Any(c => c.EnvNames.Contains(name, StringComparer.Ordinal));

    public static KubernetesCheck CloudCredentialsWithoutWorkloadIdentity { get; } = KubernetesCheck.AcrossObjects(
        K8s("PAL-K8S-019", "Cloud SDK credentials without workload identity", Severity.High,
            "Pods hand static cloud credentials to the cloud SDK (AWS_ACCESS_KEY_ID, GOOGLE_APPLICATION_CREDENTIALS, AZURE_CLIENT_SECRET ...) while their ServiceAccount has no workload-identity annotation. Workload identity gives the pod short-lived credentials bound to its ServiceAccount, with nothing to leak or rotate.",
            Snippet("Annotate the ServiceAccount for your cloud's workload identity and remove the static credentials from the pod:", """
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: payments
                  annotations:
                    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/payments      # EKS (IRSA)
                    iam.gke.io/gcp-service-account: payments@proj.iam.gserviceaccount.com    # GKE
                    azure.workload.identity/client-id: 00000000-0000-0000-0000-000000000000  # AKS
                """),
            ["https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html",
             "https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity",
             "https://azure.github.io/azure-workload-identity/docs/"],
            [Nsa(NsaCloud), Nsa(NsaAuthn)], "cloud", "rbac"),
        Run019);

    private static IEnumerable<CheckHit> Run019(KubernetesScanContext ctx)
    {
        var reported = new HashSet<(string, string, string)>();
        foreach (var w in ctx.Workloads)
        {
            var sa = ctx.ServiceAccount(w.Namespace, w.ServiceAccountName);
            foreach (var (cloud, annotation, envNames) in Clouds)
            {
                var used = w.CloudEnvVars.FirstOrDefault(e => envNames.Contains(e.Name, StringComparer.Ordinal));
                if (used.Name is null) continue;
                if (sa?.Annotation(annotation) is { Length: > 0 }) continue;
                if (!reported.Add((w.Namespace, w.ServiceAccountName, cloud))) continue;
                yield return sa is not null
                    ? CheckHit.On(sa, sa.Metadata, $"ServiceAccount {w.ServiceAccountName} has no {annotation} annotation, but {w.Kind} {w.Name} passes static {cloud} credentials ({used.Name})")
                    : CheckHit.On(w, used.Location, $"pod passes static {cloud} credentials ({used.Name}) and its ServiceAccount \"{w.ServiceAccountName}\" has no {annotation} annotation");
            }
        }
    }

    public static IReadOnlyList<KubernetesCheck> All { get; } = [DefaultServiceAccount, AutomountToken, CloudCredentialsWithoutWorkloadIdentity];
}
