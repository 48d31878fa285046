using Palisade.Artifacts.FileSystem;
using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.Scanning;

namespace Palisade.Kubernetes.Tests;

/// <summary>
/// The CLI scans file by file and drops each file's trees (streaming); tools and tests scan a loaded
/// ManifestSet. Both must report exactly the same findings, in the same order, whatever the parallelism.
/// </summary>
public sealed class ScannerPathsTests
{
    private static string Example(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "examples", name);
    }

    private static List<string> Flatten(IReadOnlyList<Core.Findings.TargetResult> results) =>
        results.SelectMany(r => r.Findings.Select(f => $"{r.Target}|{f.Location}|{f.RuleId}|{f.Resource}|{f.Message}")
            .Concat(r.Errors.Select(e => $"{r.Target}|error|{e.Message}"))).ToList();

    [Theory]
    [InlineData("insecure-shop")]
    [InlineData("secure-shop")]
    public void Streaming_and_loaded_scans_agree(string example)
    {
        var root = Example(example);
        var loaded = Flatten(KubernetesScanner.Scan(ManifestLoader.Load(root), new KubernetesScanOptions { MaxParallelism = 1 }));
        for (var parallelism = 1; parallelism <= 4; parallelism++)
        {
            var streamed = Flatten(KubernetesScanner.Scan(root, DirectoryWalker.Walk(root), new KubernetesScanOptions { MaxParallelism = parallelism }));
            Assert.Equal(loaded, streamed);
        }
    }

    [Fact]
    public void Every_manifest_file_is_a_target_even_without_findings()
    {
        var root = Example("secure-shop");
        var targets = KubernetesScanner.Scan(root, DirectoryWalker.Walk(root)).Select(r => r.Target).ToList();
        Assert.Contains("k8s/namespace.yaml", targets);
        Assert.Contains("audit/audit-policy.yaml", targets);
        Assert.DoesNotContain(targets, t => t.EndsWith(".properties", StringComparison.Ordinal));
    }
}
