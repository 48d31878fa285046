using Palisade.Cli.Scanning;
using Palisade.Cli.Tests.Infrastructure;

namespace Palisade.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class CheckSelectionTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private IReadOnlySet<string> Scan(string manifest, params string[] args)
    {
        _tree.Write("m.yaml", manifest);
        var r = Runner.Run(["config", "-f", "json", .. args, _tree.Root]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return JsonReport.RuleIds(r.Stdout);
    }

    [Fact]
    public void Checks_pss_keeps_only_pod_security_rules()
    {
        var ids = Scan(Manifests.BadDeployment, "--checks", "pss");
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.StartsWith("PSS-", id, StringComparison.Ordinal));
        Assert.Contains("PSS-privileged", ids);
    }

    [Fact]
    public void Checks_k8s_keeps_only_hardening_rules()
    {
        var ids = Scan(Manifests.BadDeployment, "--checks", "k8s");
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.StartsWith("PAL-K8S-", id, StringComparison.Ordinal));
    }

    [Fact]
    public void Checks_by_id_and_group_combine_case_insensitively()
    {
        var ids = Scan(Manifests.BadDeployment, "--checks", "pal-k8s-006, PSS-Privileged,images");
        var images = ScanRunner.AllRules.Where(r => r.Groups.Contains("images")).Select(r => r.Id);
        Assert.Subset(new HashSet<string>(["PAL-K8S-006", "PSS-privileged", .. images]), ids.ToHashSet());
        Assert.Contains("PAL-K8S-006", ids);
        Assert.Contains("PSS-privileged", ids);
        Assert.Contains("PAL-K8S-009", ids);
    }

    [Fact]
    public void Unknown_check_exits_2_and_lists_the_groups()
    {
        _tree.Write("m.yaml", Manifests.BadDeployment);
        var r = Runner.Run("config", "--checks", "pss,bogus", _tree.Root);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("'bogus'", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("pss", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Baseline_level_drops_restricted_only_findings()
    {
        var restricted = Scan(Manifests.BadDeployment, "--checks", "pss");
        var baseline = Scan(Manifests.BadDeployment, "--checks", "pss", "--pss-level", "baseline");
        Assert.Contains("PSS-runAsNonRoot", restricted);
        Assert.Contains("PSS-seccompProfile_restricted", restricted);
        Assert.DoesNotContain("PSS-runAsNonRoot", baseline);
        Assert.DoesNotContain("PSS-seccompProfile_restricted", baseline);
        Assert.Contains("PSS-privileged", baseline);
        var baselineRules = ScanRunner.AllRules.Where(r => r.Groups.Contains("pss-baseline")).Select(r => r.Id).ToHashSet();
        Assert.Subset(baselineRules, baseline.ToHashSet());
        Assert.Subset(restricted.ToHashSet(), baseline.ToHashSet());
    }

    [Fact]
    public void Baseline_level_keeps_the_hardening_checks()
    {
        var ids = Scan(Manifests.BadDeployment, "--pss-level", "baseline");
        Assert.Contains("PAL-K8S-001", ids);
    }

    [Theory]
    [InlineData("v1.0", true)]
    [InlineData("v1.22", true)]
    [InlineData("v1.34", true)]
    [InlineData("1.34", true)]
    [InlineData("v1.35", false)]
    [InlineData("v1.37", false)]
    [InlineData("v1.99", false)] // newer than we know: evaluated as the newest
    [InlineData("latest", false)]
    public void Unmasked_proc_in_a_user_namespace_is_allowed_by_baseline_from_v1_35(string version, bool violates)
    {
        var ids = Scan(Manifests.UnmaskedProcInUserNamespace, "--checks", "pss", "--pss-level", "baseline", "--pss-version", version);
        Assert.Equal(violates ? ["PSS-procMount"] : [], ids.Order());
    }

    [Fact]
    public void Pss_version_changes_the_findings_and_is_named_in_the_message()
    {
        _tree.Write("m.yaml", Manifests.UnmaskedProcInUserNamespace);
        var old = Runner.Run("config", "-f", "json", "--pss-level", "baseline", "--pss-version", "v1.22", _tree.Root);
        var latest = Runner.Run("config", "-f", "json", "--pss-level", "baseline", "--pss-version", "latest", _tree.Root);
        Assert.Contains("PSS-procMount", JsonReport.RuleIds(old.Stdout));
        Assert.DoesNotContain("PSS-procMount", JsonReport.RuleIds(latest.Stdout));
        using var doc = JsonReport.Parse(old.Stdout);
        Assert.Contains(JsonReport.Findings(doc), f => f.GetProperty("message").GetString()!.Contains("PodSecurity \"baseline:v1.22\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Restricted_still_forbids_unmasked_proc_in_a_user_namespace_at_latest()
    {
        var ids = Scan(Manifests.UnmaskedProcInUserNamespace, "--checks", "pss");
        Assert.Contains("PSS-procMount_restricted", ids);
        Assert.DoesNotContain("PSS-procMount", ids);
        var v134 = Scan(Manifests.UnmaskedProcInUserNamespace, "--checks", "pss", "--pss-version", "v1.34");
        Assert.Contains("PSS-procMount", v134);
        Assert.DoesNotContain("PSS-procMount_restricted", v134);
    }
}
