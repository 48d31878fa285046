using System.Text.Json;
using Palisade.Core.Findings;
using Palisade.Reporting.Json;

namespace Palisade.Reporting.Tests;

public class JsonReportReaderTests
{
    [Fact]
    public void Round_trip_keeps_every_target_finding_and_error()
    {
        var original = TestReports.Rich();
        var json = Render.With(new JsonReportWriter(), original);

        var read = JsonReportReader.Read(json);

        Assert.Equal(original.SchemaVersion, read.SchemaVersion);
        Assert.Equal(original.Tool, read.Tool);
        Assert.Equal(original.Results.Count, read.Results.Count);
        for (var i = 0; i < original.Results.Count; i++)
        {
            var (a, b) = (original.Results[i], read.Results[i]);
            Assert.Equal(a.Target, b.Target);
            Assert.Equal(a.Type, b.Type);
            Assert.Equal(a.Errors, b.Errors);
            Assert.Equal(a.Findings.Count, b.Findings.Count);
            for (var j = 0; j < a.Findings.Count; j++)
            {
                AssertSame(a.Findings[j], b.Findings[j]);
            }
        }
        // The writer escapes the lone surrogate as \uFFFD; U+FFFD itself is written as is.
        Assert.Equal(json.Replace("\\uFFFD", "\uFFFD", StringComparison.Ordinal), Render.With(new JsonReportWriter(), read));
    }

    private static void AssertSame(Finding expected, Finding actual)
    {
        // The only lossy step: a lone surrogate cannot be encoded as UTF-8 and becomes U+FFFD.
        Assert.Equal(expected.Message.Replace("\uD800", "\uFFFD", StringComparison.Ordinal), actual.Message);
        Assert.Equal(expected with { Message = "", References = [], Controls = [] }, actual with { Message = "", References = [], Controls = [] });
        Assert.Equal(expected.References, actual.References);
        Assert.Equal(expected.Controls, actual.Controls);
    }

    [Fact]
    public void Unknown_properties_and_a_missing_summary_are_accepted()
    {
        const string json = """
            {"schemaVersion":1,"tool":{"name":"palisade","version":"9.9.9","extra":true},"future":[1],
             "results":[{"target":"a.yaml","type":"kubernetes","errors":[],"findings":[
               {"ruleId":"R1","severity":"low","title":"T","message":"M","resource":null,"location":null}]}]}
            """;

        var report = JsonReportReader.Read(json);

        var finding = Assert.Single(report.AllFindings);
        Assert.Equal(Severity.Low, finding.Severity);
        Assert.Null(finding.Resource);
        Assert.Null(finding.Location);
        Assert.Equal("", finding.Remediation);
        Assert.Empty(finding.References);
    }

    [Theory]
    [InlineData("not json", "")]
    [InlineData("[]", "$: expected an object, found an array")]
    [InlineData("""{"schemaVersion":2,"tool":{"name":"p","version":"1"},"results":[]}""", "Unsupported schemaVersion 2")]
    [InlineData("""{"schemaVersion":1,"results":[]}""", "$: missing required property 'tool'")]
    [InlineData("""{"schemaVersion":1,"tool":{"name":"p","version":"1"},"results":[{"target":"a","type":"k","findings":[{"ruleId":"R","severity":"SEVERE","title":"t","message":"m"}],"errors":[]}]}""",
        "$.results[0].findings[0].severity: unknown severity 'SEVERE'")]
    [InlineData("""{"schemaVersion":1,"tool":{"name":"p","version":"1"},"results":[{"target":"a","type":"k","findings":[],"errors":[{"message":"m","location":{"path":"a","startLine":1.5,"endLine":2}}]}]}""",
        "$.results[0].errors[0].location.startLine: expected a 32-bit integer")]
    public void Malformed_input_is_rejected_with_a_json_exception_naming_the_place(string json, string expected)
    {
        var error = Assert.ThrowsAny<JsonException>(() => JsonReportReader.Read(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
