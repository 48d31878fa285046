using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Tests;

public sealed class WorkloadExtractorTests
{
    private const string Containers = "containers:\n- name: app\n  image: nginx\ninitContainers:\n- name: init\n  image: busybox\n";

    private static string Indent(string s, int n) => string.Join("\n", s.Split('\n').Select(l => l.Length == 0 ? l : new string(' ', n) + l));

    public static TheoryData<string, string, string> Workloads()
    {
        var tpl = "template:\n  metadata:\n    labels: {app: x}\n  spec:\n" + Indent(Containers, 4);
        return new TheoryData<string, string, string>
        {
            { "v1", "Pod", "spec:\n" + Indent(Containers, 2) },
            { "apps/v1", "Deployment", "spec:\n" + Indent(tpl, 2) },
            { "apps/v1", "StatefulSet", "spec:\n" + Indent(tpl, 2) },
            { "apps/v1", "DaemonSet", "spec:\n" + Indent(tpl, 2) },
            { "apps/v1", "ReplicaSet", "spec:\n" + Indent(tpl, 2) },
            { "v1", "ReplicationController", "spec:\n" + Indent(tpl, 2) },
            { "batch/v1", "Job", "spec:\n" + Indent(tpl, 2) },
            { "batch/v1", "CronJob", "spec:\n  jobTemplate:\n    spec:\n" + Indent(tpl, 6) },
            { "v1", "PodTemplate", tpl },
        };
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Every_workload_kind_yields_its_pod_template(string apiVersion, string kind, string body)
    {
        var yaml = $"apiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: w\n{body}\n";
        var obj = Assert.Single(ManifestParser.Parse(yaml, "w.yaml").Objects);
        var pod = WorkloadExtractor.GetPodTemplate(obj);
        Assert.NotNull(pod);
        Assert.Equal(["init", "app"], pod!.Containers.Select(c => c.Name));
        Assert.Equal([ContainerKind.InitContainer, ContainerKind.Container], pod.Containers.Select(c => c.Kind));
    }

    [Theory]
    [InlineData("v1", "Service")]
    [InlineData("example.com/v1", "Deployment")]
    [InlineData("apps/v1", "Deployment")]
    public void Non_workloads_and_workloads_without_a_template_yield_nothing(string apiVersion, string kind)
    {
        var obj = Assert.Single(ManifestParser.Parse($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: w\nspec:\n  replicas: 1\n", "w.yaml").Objects);
        Assert.Null(WorkloadExtractor.GetPodTemplate(obj));
    }
}
