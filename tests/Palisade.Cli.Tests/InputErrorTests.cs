using System.Diagnostics;
using Palisade.Cli.Tests.Infrastructure;

namespace Palisade.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class InputErrorTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Malformed_yaml_still_reports_the_other_files_then_exits_2()
    {
        _tree.Write("a-broken.yaml", Manifests.Malformed);
        _tree.Write("deploy.yaml", Manifests.BadDeployment);
        var r = Runner.Run("config", "-f", "json", "--exit-code", "5", _tree.Root);

        Assert.True(r.ExitCode == 2, r.ToString());
        using var doc = JsonReport.Parse(r.Stdout);
        Assert.Contains(JsonReport.Findings(doc), f => f.GetProperty("ruleId").GetString() == "PAL-K8S-006"
                                                        && f.GetProperty("location").GetProperty("path").GetString() == "deploy.yaml");
        var error = Assert.Single(JsonReport.Errors(doc));
        Assert.Equal("a-broken.yaml", error.GetProperty("location").GetProperty("path").GetString());
        Assert.Contains("invalid YAML", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("a-broken.yaml:", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_yaml_in_table_output_shows_findings_and_the_error()
    {
        _tree.Write("broken.yaml", Manifests.Malformed);
        _tree.Write("deploy.yaml", Manifests.BadDeployment);
        var r = Runner.Run("config", _tree.Root);

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("PAL-K8S-006", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("error: broken.yaml:", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Errors: 1", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_file_given_directly_exits_2()
    {
        var file = _tree.Write("only.yaml", Manifests.Malformed);
        var r = Runner.Run("config", "-q", file);
        Assert.True(r.ExitCode == 2, r.ToString());
    }

    [Fact]
    public void Alias_bomb_is_refused_with_a_clear_message_without_expanding_it()
    {
        _tree.Write("bomb.yaml", Manifests.AliasBomb());
        _tree.Write("deploy.yaml", Manifests.BadDeployment);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var r = Runner.Run("config", "-f", "json", _tree.Root);
        clock.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("alias", r.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("bomb.yaml", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("PAL-K8S-006", JsonReport.RuleIds(r.Stdout)); // the other file is still scanned
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.True(allocated < 64L << 20, $"allocated {allocated:N0} bytes"); // about 1 MB; expanding would take gigabytes
    }

    [Fact]
    public void Two_hundred_levels_of_nesting_are_within_the_limit_and_scan_normally()
    {
        // The reader's bound is 256 levels (DocumentLimits.MaxDepth); 200 is legitimate, if odd, input.
        _tree.Write("deep.yaml", Manifests.DeeplyNested(200));
        var r = Runner.Run("config", "-f", "json", _tree.Root);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonReport.Parse(r.Stdout);
        Assert.Empty(JsonReport.Errors(doc));
    }

    [Theory]
    [InlineData(300)]
    [InlineData(5_000)]
    public void Nesting_beyond_the_limit_is_a_clear_error(int depth)
    {
        _tree.Write("deep.yaml", Manifests.DeeplyNested(depth));
        var r = Runner.Run("config", _tree.Root);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("deep.yaml", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("nesting deeper than", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_flow_nesting_cannot_overflow_the_stack()
    {
        var depth = 100_000;
        _tree.Write("deep.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  x: " + new string('[', depth) + new string(']', depth) + "\n");
        _tree.Write("deep.json", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"data\":{\"x\":" + new string('[', depth) + new string(']', depth) + "}}");
        var r = Runner.Run("config", "-f", "json", _tree.Root);
        Assert.True(r.ExitCode == 2, r.ToString());
        using var doc = JsonReport.Parse(r.Stdout);
        Assert.Equal(["deep.json", "deep.yaml"], JsonReport.Errors(doc).Select(e => e.GetProperty("location").GetProperty("path").GetString()).Order());
    }
}
