using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Palisade.Cli.Tests.Infrastructure;

namespace Palisade.Cli.Tests;

/// <summary>The real program, run as a child process: exit codes and streams as a shell or CI job sees them.</summary>
public sealed partial class ProcessTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private CliResult Run(params string[] args) => Runner.RunProcess(_tree.Root, null, args);

    [Fact]
    public void Exit_codes_as_the_shell_sees_them()
    {
        _tree.Write("clean/settings.yaml", Manifests.CleanConfigMap);
        _tree.Write("bad/deploy.yaml", Manifests.BadDeployment);
        _tree.Write("broken/broken.yaml", Manifests.Malformed);
        _tree.Write("broken/deploy.yaml", Manifests.BadDeployment);

        Assert.Equal(0, Run("config", "clean").ExitCode);
        Assert.Equal(0, Run("config", "--exit-code", "clean").ExitCode);
        Assert.Equal(0, Run("config", "bad").ExitCode);
        Assert.Equal(1, Run("config", "--exit-code", "bad").ExitCode);
        Assert.Equal(9, Run("config", "bad", "--exit-code", "9").ExitCode);
        Assert.Equal(2, Run("config", "--exit-code", "9", "broken").ExitCode);
        Assert.Equal(2, Run("config", "--exit-code", "300", "bad").ExitCode);
        Assert.Equal(2, Run("config", "--no-such-flag", "bad").ExitCode);
        Assert.Equal(2, Run("config", "missing").ExitCode);
    }

    [Fact]
    public void Stdout_is_clean_json_without_bom_while_warnings_and_errors_go_to_stderr()
    {
        _tree.Write("app/deploy.yaml", Manifests.BadDeployment);
        _tree.Write("app/zz-broken.yaml", Manifests.Malformed);
        _tree.Write("app/.palisadeignore", "PAL-K8S-009 exp:2001-01-01\n");

        var start = new ProcessStartInfo(Runner.DotnetHost())
        {
            WorkingDirectory = _tree.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.Latin1, // bytes as they are, to see a BOM or a stray byte
        };
        foreach (var a in (string[])[Runner.BuiltDll, "config", "-f", "json", "--exit-code", "app"]) start.ArgumentList.Add(a);
        var r = Runner.Execute(start);

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.StartsWith("{", r.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("}\n", r.Stdout, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetBytes(r.Stdout.Select(c => (byte)c).Select(b => (char)b).ToArray()));
        Assert.Contains("PAL-K8S-009", JsonReport.RuleIds(r.Stdout));
        Assert.Contains("expired", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("zz-broken.yaml", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("C.UTF-8")]
    [InlineData("en_US.ISO-8859-1")]
    [InlineData("POSIX")]
    public void Output_is_utf8_whatever_the_locale(string locale)
    {
        _tree.Write("app/deploy.yaml", Manifests.BadDeployment.Replace("name: web\n  namespace", "name: café\n  namespace", StringComparison.Ordinal));
        var start = new ProcessStartInfo(Runner.DotnetHost())
        {
            WorkingDirectory = _tree.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false, throwOnInvalidBytes: true),
        };
        start.Environment["LC_ALL"] = locale;
        start.Environment["LANG"] = locale;
        foreach (var a in (string[])[Runner.BuiltDll, "config", "app"]) start.ArgumentList.Add(a);
        var r = Runner.Execute(start);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("café", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("┌", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_paths_prefix_targets_with_the_root_as_given()
    {
        _tree.Write("a/deploy.yaml", Manifests.BadDeployment);
        _tree.Write("b/nested/deploy.yaml", Manifests.BadDeployment);
        _tree.Write("c.yaml", Manifests.BadDeployment);

        var r = Run("config", "-f", "json", "./a/", "b", "c.yaml");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["a/deploy.yaml", "b/nested/deploy.yaml", "c.yaml"], JsonReport.Targets(r.Stdout));
        using var doc = JsonReport.Parse(r.Stdout);
        Assert.All(JsonReport.Findings(doc), f =>
            Assert.Contains(f.GetProperty("location").GetProperty("path").GetString(), (string[])["a/deploy.yaml", "b/nested/deploy.yaml", "c.yaml"]));
    }

    [Fact]
    public void One_path_reports_paths_relative_to_it()
    {
        _tree.Write("a/nested/deploy.yaml", Manifests.BadDeployment);
        var r = Run("config", "-f", "json", "a");
        Assert.Equal(["nested/deploy.yaml"], JsonReport.Targets(r.Stdout));
    }

    [Fact]
    public void Ignore_file_in_the_current_directory_is_used()
    {
        _tree.Write("a/deploy.yaml", Manifests.BadDeployment);
        _tree.Write(".palisadeignore", "PAL-K8S-006\n");
        var r = Run("config", "-f", "json", "a");
        Assert.True(r.ExitCode == 0, r.ToString());
        var ids = JsonReport.RuleIds(r.Stdout);
        Assert.DoesNotContain("PAL-K8S-006", ids);
        Assert.Contains("PSS-privileged", ids);
    }

    [Fact]
    public void Redirected_table_has_no_escape_sequences()
    {
        _tree.Write("a/deploy.yaml", Manifests.BadDeployment);
        var r = Run("config", "a");
        Assert.Contains("PAL-K8S-006", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', r.Stdout);
        Assert.DoesNotContain('\u001b', r.Stderr);
    }

    [GeneratedRegex(@"\u001b\[[0-9;]*m")]
    private static partial Regex Sgr();

    /// <summary>Runs the CLI on a pseudo-terminal with util-linux script(1); null where that is not available.</summary>
    private CliResult? RunOnTerminal(bool noColor, params string[] args)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/script")) return null;
        var command = string.Join(' ', new[] { Runner.DotnetHost(), Runner.BuiltDll }.Concat(args).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var start = new ProcessStartInfo("/usr/bin/script")
        {
            WorkingDirectory = _tree.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["-q", "-e", "-c", command + " 2>/dev/null", "/dev/null"]) start.ArgumentList.Add(a);
        start.Environment["COLUMNS"] = "200";
        start.Environment["TERM"] = "xterm-256color";
        if (noColor) start.Environment["NO_COLOR"] = "1";
        else start.Environment.Remove("NO_COLOR");
        return Runner.Execute(start);
    }

    [Fact]
    public void On_a_terminal_the_table_is_coloured_unless_NO_COLOR_is_set()
    {
        _tree.Write("a/deploy.yaml", Manifests.BadDeployment);
        var coloured = RunOnTerminal(noColor: false, "config", "a");
        var plain = RunOnTerminal(noColor: true, "config", "a");
        if (coloured is null || plain is null) return; // no script(1): the redirected-output tests still run

        Assert.Contains("PAL-K8S-006", coloured.Stdout, StringComparison.Ordinal);
        Assert.Matches(Sgr(), coloured.Stdout);
        Assert.Contains("PAL-K8S-006", plain.Stdout, StringComparison.Ordinal);
        Assert.DoesNotMatch(Sgr(), plain.Stdout);
    }
}
