using System.Text.Json;
using System.Xml.Linq;
using Palisade.Cli.Tests.Infrastructure;

namespace Palisade.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class FormatTests : IDisposable
{
    private readonly TempTree _tree = new();

    public FormatTests()
    {
        _tree.Write("k8s/deploy.yaml", Manifests.BadDeployment);
        _tree.Write("k8s/settings.yaml", Manifests.CleanConfigMap);
    }

    public void Dispose() => _tree.Dispose();

    private string ScanRoot => _tree.PathOf("k8s");

    private static void AssertJson(string text)
    {
        using var doc = JsonDocument.Parse(text);
        Assert.Equal(1, doc.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("palisade", doc.RootElement.GetProperty("tool").GetProperty("name").GetString());
        Assert.Equal(["deploy.yaml", "settings.yaml"], doc.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("target").GetString()));
        var findings = JsonReport.Findings(doc).ToList();
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal("deploy.yaml", f.GetProperty("location").GetProperty("path").GetString()));
        Assert.Equal(findings.Count, doc.RootElement.GetProperty("summary").GetProperty("total").GetInt32());
    }

    private static void AssertSarif(string text)
    {
        using var doc = JsonDocument.Parse(text);
        Assert.Equal("2.1.0", doc.RootElement.GetProperty("version").GetString());
        var run = Assert.Single(doc.RootElement.GetProperty("runs").EnumerateArray().ToList());
        Assert.Equal("palisade", run.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString());
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Contains(results, r => r.GetProperty("ruleId").GetString() == "PAL-K8S-006");
        var ruleIds = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToHashSet();
        Assert.All(results, r => Assert.Contains(r.GetProperty("ruleId").GetString(), ruleIds));
    }

    private static void AssertJUnit(string text)
    {
        var doc = XDocument.Parse(text);
        Assert.Equal("testsuites", doc.Root!.Name.LocalName);
        var failures = int.Parse(doc.Root.Attribute("failures")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(failures > 0);
        Assert.Equal(failures, doc.Descendants("failure").Count());
        Assert.Contains(doc.Descendants("testcase"), t => t.Attribute("name")!.Value.StartsWith("PAL-K8S-006", StringComparison.Ordinal));
    }

    private static void AssertTable(string text)
    {
        Assert.Contains("deploy.yaml (kubernetes)", text, StringComparison.Ordinal);
        Assert.Contains("PAL-K8S-006", text, StringComparison.Ordinal);
        Assert.Contains("Total: ", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', text);
    }

    private static void AssertFormat(string format, string text)
    {
        switch (format)
        {
            case "json": AssertJson(text); break;
            case "sarif": AssertSarif(text); break;
            case "junit": AssertJUnit(text); break;
            default: AssertTable(text); break;
        }
    }

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    [InlineData("sarif")]
    [InlineData("junit")]
    [InlineData("JSON")]
    public void Every_format_parses_from_stdout(string format)
    {
        var r = Runner.Run("config", "--format", format, ScanRoot);
        Assert.True(r.ExitCode == 0, r.ToString());
        AssertFormat(format.ToLowerInvariant(), r.Stdout);
        Assert.Equal("", r.Stderr);
    }

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    [InlineData("sarif")]
    [InlineData("junit")]
    public void Output_writes_the_file_as_utf8_without_bom_and_nothing_to_stdout(string format)
    {
        var file = _tree.PathOf("report." + format);
        var r = Runner.Run("config", "-f", format, "--output", file, "--exit-code", ScanRoot);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Equal("", r.Stdout);
        var bytes = File.ReadAllBytes(file);
        Assert.False(bytes.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]), "report starts with a byte-order mark");
        AssertFormat(format, System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Empty(Directory.GetFiles(_tree.Root, "report.*.tmp-*"));
    }

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    public void Large_reports_reach_stdout_whole(string format)
    {
        var many = string.Join("---\n", Enumerable.Range(0, 60).Select(i => Manifests.BadDeployment.Replace("name: web", $"name: web{i:D2}", StringComparison.Ordinal)));
        _tree.Write("k8s/many.yaml", many);
        var r = Runner.Run("config", "-f", format, ScanRoot);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(r.Stdout.Length > 128 * 1024, $"only {r.Stdout.Length} characters");
        if (format == "json")
        {
            using var doc = JsonDocument.Parse(r.Stdout);
            Assert.Equal(["deploy.yaml", "many.yaml", "settings.yaml"], doc.RootElement.GetProperty("results").EnumerateArray().Select(x => x.GetProperty("target").GetString()));
        }
        Assert.All(Enumerable.Range(0, 60), i => Assert.Contains($"web{i:D2}", r.Stdout, StringComparison.Ordinal));
        Assert.EndsWith(format == "json" ? "}\n" : ")\n", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_replaces_an_existing_file()
    {
        var file = _tree.Write("report.json", "old contents that are not json");
        var r = Runner.Run("config", "-f", "json", "-o", file, ScanRoot);
        Assert.True(r.ExitCode == 0, r.ToString());
        AssertJson(File.ReadAllText(file));
    }

    [Fact]
    public void Output_through_a_symlink_replaces_the_target_and_keeps_the_link()
    {
        var target = _tree.Write("reports/latest.json", "old");
        var link = Path.Combine(_tree.Root, "report-link.json");
        File.CreateSymbolicLink(link, target);
        var r = Runner.Run("config", "-f", "json", "-o", link, ScanRoot);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.NotNull(new FileInfo(link).LinkTarget);
        AssertJson(File.ReadAllText(target));
    }

    [Theory]
    [InlineData("/dev/null", true)]
    [InlineData("/dev/stdout", true)]
    [InlineData("/proc/self/fd/1", true)]
    [InlineData("/tmp/report.json", false)]
    [InlineData("/home/dev/report.json", false)]
    public void Device_files_are_written_into_never_replaced(string path, bool special)
    {
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal(special, Palisade.Cli.Commands.ScanCommands.IsSpecialFile(path));
    }

    [Fact]
    public void Output_to_a_directory_exits_2()
    {
        var r = Runner.Run("config", "-o", _tree.Root, ScanRoot);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("directory", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_stdout_is_not_mixed_with_warnings_or_errors()
    {
        _tree.Write("k8s/.palisadeignore", "PAL-K8S-009 exp:2001-01-01\n");
        _tree.Write("k8s/zz-broken.yaml", Manifests.Malformed);
        var r = Runner.Run("config", "-f", "json", ScanRoot);
        Assert.True(r.ExitCode == 2, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Contains("expired", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("zz-broken.yaml", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_has_no_escape_sequences_with_NO_COLOR()
    {
        var r = Runner.WithEnvironment(new Dictionary<string, string?> { ["NO_COLOR"] = "1" }, () => Runner.Run("config", ScanRoot));
        AssertTable(r.Stdout);
        Assert.DoesNotContain('\u001b', r.Stderr);
    }

    [Fact]
    public void Checks_table_has_no_escape_sequences_when_redirected()
    {
        var r = Runner.Run("checks", "list");
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain('\u001b', r.Stdout);
    }
}
