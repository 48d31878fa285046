using Palisade.Cli.Scanning;
using Palisade.Cli.Tests.Infrastructure;
using Palisade.Core.Findings;

namespace Palisade.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ExitCodeTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private string BadRoot()
    {
        _tree.Write("deploy.yaml", Manifests.BadDeployment);
        return _tree.Root;
    }

    private string CleanRoot()
    {
        _tree.Write("settings.yaml", Manifests.CleanConfigMap);
        return _tree.Root;
    }

    [Fact]
    public void Clean_scan_exits_0()
    {
        var r = Runner.Run("config", CleanRoot());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("No findings.", r.Stdout, StringComparison.Ordinal);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void Clean_scan_exits_0_even_with_exit_code() => Assert.Equal(0, Runner.Run("config", "--exit-code", "5", CleanRoot()).ExitCode);

    [Fact]
    public void Findings_without_exit_code_exit_0_like_trivy()
    {
        var r = Runner.Run("config", BadRoot());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("PAL-K8S-006", r.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--exit-code", "{root}")] // bare flag before the path: the path is not its value
    [InlineData("{root}", "--exit-code")]
    [InlineData("--exit-code", "-q", "{root}")]
    [InlineData("--exit-code", "--", "{root}")]
    [InlineData("--exit-code", "{root}", "-f", "json")]
    public void Bare_exit_code_means_1(params string[] args)
    {
        var root = BadRoot();
        var r = Runner.Run(["config", .. args.Select(a => a == "{root}" ? root : a)]);
        Assert.True(r.ExitCode == 1, r.ToString());
    }

    [Theory]
    [InlineData(new[] { "--exit-code", "42" }, 42)]
    [InlineData(new[] { "--exit-code=7" }, 7)]
    [InlineData(new[] { "--exit-code", "255" }, 255)]
    [InlineData(new[] { "--exit-code", "0" }, 0)]
    [InlineData(new[] { "--exit-code", "+3" }, 3)]
    public void Exit_code_value_is_used_when_findings_remain(string[] flag, int expected)
    {
        var r = Runner.Run(["config", .. flag, BadRoot()]);
        Assert.True(r.ExitCode == expected, r.ToString());
    }

    [Fact]
    public void Severity_filter_that_keeps_a_finding_gives_the_exit_code()
    {
        var severity = ScanRunner.AllRules.Single(r => r.Id == "PAL-K8S-006").Severity.ToWire();
        var r = Runner.Run("config", "--checks", "PAL-K8S-006", "--severity", severity, "--exit-code", "3", "-f", "json", BadRoot());
        Assert.True(r.ExitCode == 3, r.ToString());
        Assert.Equal(["PAL-K8S-006"], JsonReport.RuleIds(r.Stdout));
    }

    [Fact]
    public void Severity_filter_that_removes_every_finding_exits_0()
    {
        var severity = ScanRunner.AllRules.Single(r => r.Id == "PAL-K8S-006").Severity;
        var others = string.Join(',', SeverityNames.Descending.Where(s => s != severity).Select(s => s.ToWire()));
        var r = Runner.Run("config", "--checks", "PAL-K8S-006", "--severity", others, "--exit-code", "3", "-f", "json", BadRoot());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Empty(JsonReport.RuleIds(r.Stdout));
    }

    [Fact]
    public void Severity_filter_reports_only_the_listed_severities()
    {
        var r = Runner.Run("config", "--severity", "critical,LOW", "-f", "json", "--exit-code", BadRoot());
        Assert.True(r.ExitCode == 1, r.ToString());
        using var doc = JsonReport.Parse(r.Stdout);
        var severities = JsonReport.Findings(doc).Select(f => f.GetProperty("severity").GetString()).ToHashSet();
        Assert.Equal(["CRITICAL", "LOW"], severities.Order());
    }

    [Fact]
    public void Suppressed_findings_do_not_trigger_the_exit_code()
    {
        var root = BadRoot();
        _tree.Write(".palisadeignore", "*\n");
        var r = Runner.Run("config", "--exit-code", "4", root);
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Theory]
    [InlineData("300")]
    [InlineData("256")]
    [InlineData("-1")]
    [InlineData("99999999999999999999")]
    public void Exit_code_out_of_range_is_a_usage_error(string value)
    {
        var r = Runner.Run("config", "--exit-code", value, BadRoot());
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("0 to 255", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Theory]
    [InlineData("config", "--bogus", "{root}")]
    [InlineData("config", "{root}", "--bogus")]
    [InlineData("scan", "--bogus", "{root}")]
    [InlineData("checks", "list", "--bogus")]
    [InlineData("version", "--bogus")]
    [InlineData("--bogus")]
    public void Unknown_option_exits_2(params string[] args)
    {
        var root = CleanRoot();
        var r = Runner.Run([.. args.Select(a => a == "{root}" ? root : a)]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--bogus", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Theory]
    [InlineData("xml")]
    [InlineData("")]
    [InlineData("cyclonedx")]
    public void Unknown_format_exits_2(string format)
    {
        var r = Runner.Run("config", "--format", format, BadRoot());
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("format", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Missing_path_exits_2()
    {
        var missing = _tree.PathOf("does-not-exist");
        var r = Runner.Run("config", "--exit-code", "0", missing);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("no such file or directory", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(missing, r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void One_missing_path_among_several_exits_2_without_scanning()
    {
        var r = Runner.Run("config", BadRoot(), _tree.PathOf("nope.yaml"));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("", r.Stdout);
    }

    [Theory]
    [InlineData("config")]
    [InlineData("scan")]
    [InlineData("config", "--exit-code")]
    public void No_path_exits_2(params string[] args)
    {
        var r = Runner.Run(args);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("PATH", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--severity", "SEVERE")]
    [InlineData("--severity", ",")]
    [InlineData("--pss-level", "privileged")]
    [InlineData("--pss-level", "strict")]
    [InlineData("--pss-version", "v2.0")]
    [InlineData("--pss-version", "1.x")]
    [InlineData("--checks", "bogus")]
    [InlineData("--checks", ",")]
    public void Bad_option_values_exit_2(string option, string value)
    {
        var r = Runner.Run("config", option, value, BadRoot());
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("", r.Stdout);
        Assert.StartsWith("palisade: ", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("bogus")]
    [InlineData("checks")]
    public void Missing_or_unknown_command_exits_2(params string[] args) => Assert.Equal(2, Runner.Run(args).ExitCode);

    [Fact]
    public void Version_exits_0()
    {
        var r = Runner.Run("version");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("palisade ", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("v1.37", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_into_a_missing_directory_exits_2_before_scanning()
    {
        var r = Runner.Run("config", "-o", _tree.PathOf("no/such/dir/report.json"), BadRoot());
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("does not exist", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_runs_the_configuration_scanner_too()
    {
        var r = Runner.Run("scan", "-f", "json", "--exit-code", "6", BadRoot());
        Assert.True(r.ExitCode == 6, r.ToString());
        Assert.Contains("PAL-K8S-006", JsonReport.RuleIds(r.Stdout));
    }
}
