using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.PodSecurity;
using Palisade.Kubernetes.Scanning;

namespace Palisade.Kubernetes.Tests;

internal static class CheckTestKit
{
    public static List<Finding> Scan(string yaml, PssLevel level = PssLevel.Restricted, PssVersion? version = null)
    {
        var file = ManifestParser.Parse(yaml, "test.yaml");
        Assert.Empty(file.Errors);
        var results = KubernetesScanner.Scan(new ManifestSet("", [file]), new KubernetesScanOptions { PssLevel = level, PssVersion = version ?? PssVersion.Latest });
        return results.SelectMany(r => r.Findings).ToList();
    }

    public static List<Finding> Hits(string yaml, string ruleId) => Scan(yaml).Where(f => f.RuleId == ruleId).ToList();

    /// <summary>A Deployment in namespace shop whose single container has the given YAML (indented under the container).</summary>
    public static string Deployment(string container = "", string podSpec = "", string name = "web", string ns = "shop", string podAnnotations = "", string annotations = "") => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
          namespace: {ns}
        {Indent(annotations.Length > 0 ? "annotations:\n" + Indent(annotations, 2) : "", 2)}
        spec:
          selector:
            matchLabels: {"{"}app: {name}{"}"}
          template:
            metadata:
              labels: {"{"}app: {name}{"}"}
        {Indent(podAnnotations.Length > 0 ? "annotations:\n" + Indent(podAnnotations, 2) : "", 6)}
            spec:
        {Indent(podSpec, 6)}
              containers:
              - name: app
                image: registry.example/app:1.0
        {Indent(container, 8)}
        """;

    public static string Indent(string text, int n) =>
        string.Join("\n", text.Split('\n').Select(l => l.Trim().Length == 0 ? "" : new string(' ', n) + l));

    /// <summary>A hardened container and pod that trip none of the container checks.</summary>
    public const string GoodContainer = """
        securityContext:
          runAsNonRoot: true
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities: {drop: [ALL]}
          seccompProfile: {type: RuntimeDefault}
        resources:
          requests: {cpu: 100m, memory: 64Mi}
          limits: {cpu: 200m, memory: 128Mi}
        """;
}
