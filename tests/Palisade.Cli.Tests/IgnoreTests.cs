using Palisade.Cli.Tests.Infrastructure;

namespace Palisade.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class IgnoreFileTests : IDisposable
{
    private static readonly string Today = DateTime.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private IReadOnlySet<string> Scan(out CliResult result, params string[] args)
    {
        result = Runner.Run(["config", "-f", "json", .. args]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonReport.RuleIds(result.Stdout);
    }

    [Fact]
    public void Default_ignore_file_in_the_scan_root_is_used()
    {
        _tree.Write("app/deploy.yaml", Manifests.BadDeployment);
        var before = Scan(out _, _tree.PathOf("app"));
        Assert.Contains("PAL-K8S-006", before);

        _tree.Write("app/.palisadeignore", "# accepted\nPAL-K8S-006\nPSS-priv*   # wildcards work\n");
        var after = Scan(out var r, _tree.PathOf("app"));
        Assert.DoesNotContain("PAL-K8S-006", after);
        Assert.DoesNotContain("PSS-privileged", after);
        Assert.Equal(before.Except(["PAL-K8S-006", "PSS-privileged"]).Order(), after.Order());
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void Default_ignore_file_next_to_a_scanned_file_is_used()
    {
        var file = _tree.Write("app/deploy.yaml", Manifests.BadDeployment);
        _tree.Write("app/.palisadeignore", "PAL-K8S-006\n");
        Assert.DoesNotContain("PAL-K8S-006", Scan(out _, file));
    }

    [Fact]
    public void Path_globs_limit_an_entry_to_matching_files()
    {
        _tree.Write("app/prod/deploy.yaml", Manifests.BadDeployment);
        _tree.Write("app/legacy/deploy.yaml", Manifests.BadDeployment.Replace("name: web", "name: old", StringComparison.Ordinal));
        _tree.Write("app/.palisadeignore", "PAL-K8S-006 path:legacy/**\n");
        var r = Runner.Run("config", "-f", "json", _tree.PathOf("app"));
        using var doc = JsonReport.Parse(r.Stdout);
        var paths = JsonReport.Findings(doc).Where(f => f.GetProperty("ruleId").GetString() == "PAL-K8S-006")
            .Select(f => f.GetProperty("location").GetProperty("path").GetString());
        Assert.Equal(["prod/deploy.yaml"], paths);
    }

    [Fact]
    public void Explicit_ignore_file_replaces_the_default_one()
    {
        _tree.Write("app/deploy.yaml", Manifests.BadDeployment);
        _tree.Write("app/.palisadeignore", "PAL-K8S-006\n");
        var explicitFile = _tree.Write("elsewhere/my-ignores", "PAL-K8S-009\n");
        var ids = Scan(out _, "--ignorefile", explicitFile, _tree.PathOf("app"));
        Assert.Contains("PAL-K8S-006", ids);
        Assert.DoesNotContain("PAL-K8S-009", ids);
    }

    [Fact]
    public void Missing_explicit_ignore_file_exits_2()
    {
        _tree.Write("app/deploy.yaml", Manifests.BadDeployment);
        var missing = _tree.PathOf("nope/.palisadeignore");
        var r = Runner.Run("config", "--ignorefile", missing, _tree.PathOf("app"));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("ignore file not found", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(missing, r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Theory]
    [InlineData("PAL-K8S-006 exp:2024-02-30\n", ":1:")]
    [InlineData("# ok\nPAL-K8S-006 because:reasons\n", ":2:")]
    public void Malformed_ignore_file_exits_2_naming_file_and_line(string text, string line)
    {
        _tree.Write("app/deploy.yaml", Manifests.BadDeployment);
        var file = _tree.Write("app/.palisadeignore", text);
        var r = Runner.Run("config", _tree.PathOf("app"));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(file + line, r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Expired_entries_warn_on_stderr_and_no_longer_suppress()
    {
        _tree.Write("app/deploy.yaml", Manifests.BadDeployment);
        var file = _tree.Write("app/.palisadeignore", "PAL-K8S-006 exp:2020-01-31\nPAL-K8S-009 exp:" + Today + "\n");
        var ids = Scan(out var r, _tree.PathOf("app"));

        Assert.Contains("PAL-K8S-006", ids); // expired: reported again
        Assert.DoesNotContain("PAL-K8S-009", ids); // expires today: still applies
        Assert.Contains($"{file}:1: ignore entry for PAL-K8S-006 expired on 2020-01-31", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("PAL-K8S-009", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Quiet_silences_the_expiry_warning()
    {
        _tree.Write("app/deploy.yaml", Manifests.BadDeployment);
        _tree.Write("app/.palisadeignore", "PAL-K8S-006 exp:2020-01-31\n");
        Scan(out var r, "--quiet", _tree.PathOf("app"));
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void With_several_roots_each_roots_ignore_file_applies_to_its_own_root()
    {
        _tree.Write("a/sub/deploy.yaml", Manifests.BadDeployment);
        _tree.Write("b/sub/deploy.yaml", Manifests.BadDeployment);
        _tree.Write("a/.palisadeignore", "PAL-K8S-006 path:sub/deploy.yaml\nPAL-K8S-009\n");
        var r = Runner.Run("config", "-f", "json", _tree.PathOf("a"), _tree.PathOf("b"));
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonReport.Parse(r.Stdout);
        string[] Files(string rule) => [.. JsonReport.Findings(doc).Where(f => f.GetProperty("ruleId").GetString() == rule)
            .Select(f => f.GetProperty("location").GetProperty("path").GetString()!)];
        Assert.Equal([_tree.PathOf("b/sub/deploy.yaml").Replace('\\', '/')], Files("PAL-K8S-006"));
        Assert.Equal([_tree.PathOf("b/sub/deploy.yaml").Replace('\\', '/')], Files("PAL-K8S-009"));
    }
}

[Collection(ConsoleCollection.Name)]
public sealed class AnnotationTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private IReadOnlySet<string> Scan(string manifest)
    {
        _tree.Write("deploy.yaml", manifest);
        var r = Runner.Run("config", "-f", "json", _tree.Root);
        Assert.True(r.ExitCode == 0, r.ToString());
        return JsonReport.RuleIds(r.Stdout);
    }

    private static string OnResource(string value) => Manifests.BadDeployment.Replace(
        "  namespace: prod\n", $"  namespace: prod\n  annotations:\n    palisade.dev/ignore: \"{value}\"\n", StringComparison.Ordinal);

    private static string OnPodTemplate(string value) => Manifests.BadDeployment.Replace(
        "      labels: {app: web}\n", $"      labels: {{app: web}}\n      annotations:\n        palisade.dev/ignore: \"{value}\"\n", StringComparison.Ordinal);

    [Fact]
    public void The_baseline_reports_the_rules_the_annotations_name()
    {
        var ids = Scan(Manifests.BadDeployment);
        Assert.Superset(new HashSet<string> { "PAL-K8S-004", "PSS-runAsNonRoot", "PAL-K8S-009", "PAL-K8S-006", "PSS-privileged" }, ids.ToHashSet());
    }

    [Fact]
    public void Annotation_on_the_pod_template_suppresses_the_named_rules()
    {
        var manifest = OnPodTemplate("PAL-K8S-004,PSS-runAsNonRoot");
        Assert.Contains("palisade.dev/ignore", manifest, StringComparison.Ordinal);
        var ids = Scan(manifest);
        Assert.DoesNotContain("PAL-K8S-004", ids);
        Assert.DoesNotContain("PSS-runAsNonRoot", ids);
        Assert.Contains("PAL-K8S-006", ids);
        Assert.Contains("PSS-privileged", ids);
    }

    [Fact]
    public void Annotation_on_the_resource_suppresses_the_named_rules()
    {
        var manifest = OnResource("PAL-K8S-004, PSS-runAsNonRoot ,pal-k8s-009");
        Assert.Contains("palisade.dev/ignore", manifest, StringComparison.Ordinal);
        var ids = Scan(manifest);
        Assert.DoesNotContain("PAL-K8S-004", ids);
        Assert.DoesNotContain("PSS-runAsNonRoot", ids);
        Assert.DoesNotContain("PAL-K8S-009", ids);
        Assert.Contains("PAL-K8S-006", ids);
    }

    [Fact]
    public void Annotation_accepts_wildcards()
    {
        var ids = Scan(OnResource("PSS-*"));
        Assert.DoesNotContain(ids, id => id.StartsWith("PSS-", StringComparison.Ordinal));
        Assert.Contains("PAL-K8S-006", ids);
    }

    [Fact]
    public void Annotation_on_another_resource_does_not_leak()
    {
        var other = Manifests.BadDeployment.Replace("name: web", "name: other", StringComparison.Ordinal);
        var ids = Scan(OnPodTemplate("PAL-K8S-006") + "---\n" + other);
        Assert.Contains("PAL-K8S-006", ids);
    }
}
