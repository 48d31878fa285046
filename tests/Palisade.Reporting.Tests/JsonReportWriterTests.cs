using System.Text.Json;
using Palisade.Core.Findings;
using Palisade.Reporting.Json;

namespace Palisade.Reporting.Tests;

public class JsonReportWriterTests
{
    private static JsonElement Write(ScanReport report, out string text)
    {
        text = Render.With(new JsonReportWriter(), report);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public void Top_level_has_schema_version_tool_results_and_summary_in_that_order()
    {
        var root = Write(TestReports.Rich(), out _);

        Assert.Equal(["schemaVersion", "tool", "results", "summary"], Names(root));
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("palisade", root.GetProperty("tool").GetProperty("name").GetString());
        Assert.Equal(TestReports.Version, root.GetProperty("tool").GetProperty("version").GetString());
        Assert.Equal(["name", "version"], Names(root.GetProperty("tool")));
    }

    [Fact]
    public void Every_target_is_listed_in_scan_order_even_without_findings()
    {
        var results = Write(TestReports.Rich(), out _).GetProperty("results");

        Assert.Equal(["deploy/web app.yaml", "charts/api/templates/déploy #1 100%.yaml", "clean.yaml", @"build\Dockerfile"],
            results.EnumerateArray().Select(r => r.GetProperty("target").GetString()));
        var clean = results[2];
        Assert.Equal(["target", "type", "findings", "errors"], Names(clean));
        Assert.Equal("kubernetes", clean.GetProperty("type").GetString());
        Assert.Equal(0, clean.GetProperty("findings").GetArrayLength());
        Assert.Equal(0, clean.GetProperty("errors").GetArrayLength());
        Assert.Equal("dockerfile", results[3].GetProperty("type").GetString());
    }

    [Fact]
    public void Finding_has_every_field()
    {
        var finding = Write(TestReports.Rich(), out _).GetProperty("results")[0].GetProperty("findings")[0];

        Assert.Equal(["ruleId", "severity", "title", "message", "resource", "location", "remediation", "references", "controls"],
            Names(finding));
        Assert.Equal("KSV-017", finding.GetProperty("ruleId").GetString());
        Assert.Equal("CRITICAL", finding.GetProperty("severity").GetString());
        Assert.Equal("Privileged container", finding.GetProperty("title").GetString());
        Assert.StartsWith("Container 'web'", finding.GetProperty("message").GetString());

        var resource = finding.GetProperty("resource");
        Assert.Equal(["apiVersion", "kind", "namespace", "name"], Names(resource));
        Assert.Equal("apps/v1", resource.GetProperty("apiVersion").GetString());
        Assert.Equal("Deployment", resource.GetProperty("kind").GetString());
        Assert.Equal("shop", resource.GetProperty("namespace").GetString());
        Assert.Equal("web", resource.GetProperty("name").GetString());

        var location = finding.GetProperty("location");
        Assert.Equal(["path", "startLine", "endLine"], Names(location));
        Assert.Equal("deploy/web app.yaml", location.GetProperty("path").GetString());
        Assert.Equal(21, location.GetProperty("startLine").GetInt32());
        Assert.Equal(24, location.GetProperty("endLine").GetInt32());

        Assert.Contains("```yaml", finding.GetProperty("remediation").GetString());
        Assert.Equal(["https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"],
            finding.GetProperty("references").EnumerateArray().Select(r => r.GetString()));
        var controls = finding.GetProperty("controls");
        Assert.Equal(2, controls.GetArrayLength());
        Assert.Equal(["framework", "id"], Names(controls[0]));
        Assert.Equal("CIS Kubernetes", controls[0].GetProperty("framework").GetString());
        Assert.Equal("5.2.2", controls[0].GetProperty("id").GetString());
    }

    [Fact]
    public void Absent_resource_location_and_namespace_are_null()
    {
        var results = Write(TestReports.Rich(), out _).GetProperty("results");

        Assert.Equal(JsonValueKind.Null, results[0].GetProperty("findings")[3].GetProperty("resource").GetProperty("namespace").ValueKind);
        Assert.Equal(JsonValueKind.Null, results[1].GetProperty("findings")[0].GetProperty("resource").ValueKind);
        Assert.Equal(JsonValueKind.Null, results[1].GetProperty("findings")[1].GetProperty("location").ValueKind);
        Assert.Equal(JsonValueKind.Array, results[3].GetProperty("findings")[0].GetProperty("references").ValueKind);
        Assert.Equal(0, results[3].GetProperty("findings")[0].GetProperty("controls").GetArrayLength());
    }

    [Fact]
    public void Errors_have_message_and_location_or_null()
    {
        var results = Write(TestReports.Rich(), out _).GetProperty("results");

        var error = results[0].GetProperty("errors")[0];
        Assert.Equal(["message", "location"], Names(error));
        Assert.Equal("mapping values are not allowed here <&>", error.GetProperty("message").GetString());
        Assert.Equal(55, error.GetProperty("location").GetProperty("startLine").GetInt32());
        Assert.Equal(JsonValueKind.Null, results[1].GetProperty("errors")[0].GetProperty("location").ValueKind);
    }

    [Fact]
    public void Summary_counts_each_severity_total_errors_and_packages()
    {
        var summary = Write(TestReports.Rich(), out _).GetProperty("summary");

        Assert.Equal(["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO", "UNKNOWN", "total", "errors", "packages"], Names(summary));
        Assert.Equal(1, summary.GetProperty("CRITICAL").GetInt32());
        Assert.Equal(2, summary.GetProperty("HIGH").GetInt32());
        Assert.Equal(2, summary.GetProperty("MEDIUM").GetInt32());
        Assert.Equal(2, summary.GetProperty("LOW").GetInt32());
        Assert.Equal(1, summary.GetProperty("INFO").GetInt32());
        Assert.Equal(8, summary.GetProperty("total").GetInt32());
        Assert.Equal(2, summary.GetProperty("errors").GetInt32());
        Assert.Equal(0, summary.GetProperty("packages").GetInt32());
    }

    [Fact]
    public void Odd_text_survives_and_output_is_indented_utf8_text_without_bom()
    {
        var root = Write(TestReports.Rich(), out var text);

        var message = root.GetProperty("results")[0].GetProperty("findings")[2].GetProperty("message").GetString();
        Assert.Equal(TestReports.OddText.Replace("\uD800", "\uFFFD", StringComparison.Ordinal), message);
        Assert.Contains("日本語", text);
        Assert.Contains("<tag> & amp;", text);
        Assert.Contains("\\u0001", text);
        Assert.DoesNotContain('\u0001', text);
        Assert.False(text.StartsWith('\uFEFF'));
        Assert.StartsWith("{\n  \"schemaVersion\": 1,\n", text);
        Assert.EndsWith("}\n", text);
        Assert.DoesNotContain('\r', text);
    }

    [Fact]
    public void Empty_report_has_empty_results_and_zero_summary()
    {
        var root = Write(TestReports.Empty(), out _);

        Assert.Equal(0, root.GetProperty("results").GetArrayLength());
        Assert.All(root.GetProperty("summary").EnumerateObject(), p => Assert.Equal(0, p.Value.GetInt32()));
    }
}
