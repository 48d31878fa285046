using System.Text.Json;
using Palisade.Core.Findings;
using Palisade.Reporting.Sarif;

namespace Palisade.Reporting.Tests;

public class SarifReportWriterTests
{
    private static JsonElement Run(ScanReport report, ReportOptions? options = null)
    {
        var text = Render.With(new SarifReportWriter(options ?? new ReportOptions()), report);
        var root = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(SarifReportWriter.SchemaUri, root.GetProperty("$schema").GetString());
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        return Assert.Single(root.GetProperty("runs").EnumerateArray());
    }

    private static JsonElement[] Rules(JsonElement run) =>
        [.. run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()];

    private static JsonElement[] Results(JsonElement run) => [.. run.GetProperty("results").EnumerateArray()];

    [Fact]
    public void Driver_names_the_tool_and_its_version()
    {
        var driver = Run(TestReports.Rich()).GetProperty("tool").GetProperty("driver");

        Assert.Equal("palisade", driver.GetProperty("name").GetString());
        Assert.Equal(TestReports.Version, driver.GetProperty("version").GetString());
        Assert.Equal(TestReports.Version, driver.GetProperty("semanticVersion").GetString());
        Assert.Equal("https://github.com/palisade-dev/palisade", driver.GetProperty("informationUri").GetString());
    }

    [Fact]
    public void Semantic_version_is_left_out_when_the_version_is_not_semver()
    {
        var report = new ScanReport { Tool = new ToolInfo("palisade", "1.0.0.0") };

        Assert.False(Run(report).GetProperty("tool").GetProperty("driver").TryGetProperty("semanticVersion", out _));
    }

    [Fact]
    public void There_is_one_rule_per_rule_id_with_findings_ordered_by_id()
    {
        var run = Run(TestReports.Rich());

        Assert.Equal(["CUSTOM-9", "DS-002", "KSV-001", "KSV-012", "KSV-017", "KSV-020", "KSV-110"],
            Rules(run).Select(r => r.GetProperty("id").GetString()));
    }

    [Fact]
    public void Every_result_rule_index_points_at_its_rule()
    {
        var run = Run(TestReports.Rich());
        var rules = Rules(run);
        var results = Results(run);

        Assert.Equal(8, results.Length);
        Assert.All(results, result =>
            Assert.Equal(result.GetProperty("ruleId").GetString(), rules[result.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString()));
    }

    [Fact]
    public void Rule_descriptor_comes_from_report_rules()
    {
        var rule = Rules(Run(TestReports.Rich())).Single(r => r.GetProperty("id").GetString() == "KSV-017");

        Assert.Equal("PrivilegedContainer", rule.GetProperty("name").GetString());
        Assert.Equal("Privileged container", rule.GetProperty("shortDescription").GetProperty("text").GetString());
        Assert.StartsWith("Privileged container: a longer description", rule.GetProperty("fullDescription").GetProperty("text").GetString());
        Assert.Contains("```yaml", rule.GetProperty("help").GetProperty("text").GetString());
        Assert.Contains("```yaml", rule.GetProperty("help").GetProperty("markdown").GetString());
        Assert.Equal("https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline", rule.GetProperty("helpUri").GetString());
        Assert.Equal("error", rule.GetProperty("defaultConfiguration").GetProperty("level").GetString());
        var properties = rule.GetProperty("properties");
        Assert.Equal(["k8s", "pss", "security", "CIS Kubernetes 5.2.2", "PSS baseline"],
            properties.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("high", properties.GetProperty("precision").GetString());
        Assert.Equal("9.5", properties.GetProperty("security-severity").GetString());
    }

    [Fact]
    public void Help_uri_is_only_an_absolute_uri()
    {
        var rule = Rules(Run(TestReports.Rich())).Single(r => r.GetProperty("id").GetString() == "KSV-012");

        Assert.False(rule.TryGetProperty("helpUri", out _));
    }

    [Fact]
    public void A_rule_missing_from_report_rules_is_synthesized_from_its_finding()
    {
        var rule = Rules(Run(TestReports.Rich())).Single(r => r.GetProperty("id").GetString() == "CUSTOM-9");

        Assert.Equal("CustomImageTagLatest", rule.GetProperty("name").GetString());
        Assert.Equal("Custom: image tag 'latest'", rule.GetProperty("shortDescription").GetProperty("text").GetString());
        Assert.Equal("warning", rule.GetProperty("defaultConfiguration").GetProperty("level").GetString());
        Assert.Equal("https://example.com/custom%209", rule.GetProperty("helpUri").GetString());
        Assert.Equal(["security", "Internal IMG-1"], rule.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("5.5", rule.GetProperty("properties").GetProperty("security-severity").GetString());
    }

    [Theory]
    [InlineData(Severity.Critical, "error", "9.5")]
    [InlineData(Severity.High, "error", "8.0")]
    [InlineData(Severity.Medium, "warning", "5.5")]
    [InlineData(Severity.Low, "note", "2.0")]
    [InlineData(Severity.Info, "note", "0.0")]
    public void Severity_maps_to_level_and_security_severity(Severity severity, string level, string securitySeverity)
    {
        var report = TestReports.Empty();
        var target = new TargetResult("a.yaml", "kubernetes");
        target.Findings.Add(TestReports.Finding("X-1", severity, "Title", "Message", null, null));
        report.Results.Add(target);

        var run = Run(report);

        Assert.Equal(level, Results(run)[0].GetProperty("level").GetString());
        Assert.Equal(level, Rules(run)[0].GetProperty("defaultConfiguration").GetProperty("level").GetString());
        Assert.Equal(securitySeverity, Rules(run)[0].GetProperty("properties").GetProperty("security-severity").GetString());
    }

    [Fact]
    public void Result_has_message_with_resource_location_and_fingerprint()
    {
        var result = Results(Run(TestReports.Rich()))[0];

        Assert.Equal("KSV-017", result.GetProperty("ruleId").GetString());
        Assert.Equal("Container 'web' of Deployment 'web' should set 'securityContext.privileged' to false (resource: Deployment/shop/web)",
            result.GetProperty("message").GetProperty("text").GetString());
        var physical = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
        Assert.Equal("deploy/web%20app.yaml", physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", physical.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        Assert.Equal(21, physical.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(24, physical.GetProperty("region").GetProperty("endLine").GetInt32());
        Assert.Matches("^[0-9a-f]{64}$", result.GetProperty("partialFingerprints").GetProperty("palisade/v1").GetString());
    }

    [Fact]
    public void Paths_become_relative_uris_with_forward_slashes_and_percent_encoding()
    {
        var uris = Results(Run(TestReports.Rich()))
            .Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString())
            .Distinct();

        Assert.Equal(["deploy/web%20app.yaml", "charts/api/templates/d%C3%A9ploy%20%231%20100%25.yaml", "build/Dockerfile"], uris);
    }

    [Theory]
    [InlineData("./a/b.yaml", "a/b.yaml", true)]
    [InlineData("image:1.2/x", "image%3A1.2/x", true)]
    [InlineData("/abs/dir x/f.yaml", "file:///abs/dir%20x/f.yaml", false)]
    [InlineData(@"C:\src\f.yaml", "file:///C:/src/f.yaml", false)]
    public void Artifact_uris(string path, string uri, bool relative)
    {
        Assert.Equal((uri, relative), SarifArtifactUri.FromPath(path));
    }

    [Fact]
    public void Region_is_omitted_without_a_line_and_a_missing_location_falls_back_to_the_target()
    {
        var results = Results(Run(TestReports.Rich()));

        var noLine = results.Single(r => r.GetProperty("ruleId").GetString() == "DS-002").GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.False(noLine.TryGetProperty("region", out _));
        var noLocation = results.Single(r => r.GetProperty("ruleId").GetString() == "CUSTOM-9").GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("charts/api/templates/d%C3%A9ploy%20%231%20100%25.yaml", noLocation.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.False(noLocation.TryGetProperty("region", out _));
    }

    [Fact]
    public void Fingerprints_are_stable_and_ignore_line_moves_but_not_content()
    {
        var first = Results(Run(TestReports.Rich())).Select(r => r.GetProperty("partialFingerprints").GetProperty("palisade/v1").GetString()).ToList();
        var again = Results(Run(TestReports.Rich())).Select(r => r.GetProperty("partialFingerprints").GetProperty("palisade/v1").GetString()).ToList();

        Assert.Equal(first, again);
        Assert.Equal(first.Count, first.Distinct().Count());
        Assert.Equal(SarifReportWriter.Fingerprint("R", "a/b.yaml", "Pod/x", "m"), SarifReportWriter.Fingerprint("R", @"a\b.yaml", "Pod/x", "m"));
        Assert.NotEqual(SarifReportWriter.Fingerprint("R", "a", "b", "c"), SarifReportWriter.Fingerprint("R", "a", "bc", ""));
    }

    [Fact]
    public void Scan_errors_become_error_notifications_and_mark_the_execution_failed()
    {
        var invocation = Assert.Single(Run(TestReports.Rich()).GetProperty("invocations").EnumerateArray());

        Assert.False(invocation.GetProperty("executionSuccessful").GetBoolean());
        var notifications = invocation.GetProperty("toolExecutionNotifications").EnumerateArray().ToList();
        Assert.Equal(2, notifications.Count);
        Assert.All(notifications, n => Assert.Equal("error", n.GetProperty("level").GetString()));
        Assert.Equal("mapping values are not allowed here <&>", notifications[0].GetProperty("message").GetProperty("text").GetString());
        var physical = notifications[0].GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal(55, physical.GetProperty("region").GetProperty("startLine").GetInt32());
    }

    [Fact]
    public void A_clean_scan_is_successful_with_no_results()
    {
        var report = TestReports.Empty();
        report.Results.Add(new TargetResult("clean.yaml", "kubernetes"));
        var run = Run(report);

        Assert.True(run.GetProperty("invocations")[0].GetProperty("executionSuccessful").GetBoolean());
        Assert.Empty(Results(run));
        Assert.Empty(Rules(run));
    }

    [Fact]
    public void Source_root_sets_the_base_uri()
    {
        var run = Run(TestReports.Rich(), new ReportOptions { SourceRoot = "/work/my repo" });
        var baseIds = run.GetProperty("originalUriBaseIds");

        Assert.Equal("file:///work/my%20repo/", baseIds.GetProperty("%SRCROOT%").GetProperty("uri").GetString());
        Assert.False(Run(TestReports.Rich()).GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").TryGetProperty("uri", out _));
    }

    [Theory]
    [InlineData("Privileged container", "PrivilegedContainer")]
    [InlineData("can't run as root!", "CanTRunAsRoot")]
    [InlineData("KSV-001", "KSV001")]
    [InlineData("", "")]
    public void Pascal_case(string text, string expected) => Assert.Equal(expected, SarifRules.PascalCase(text));
}
