using System.Text.Json.Nodes;
using Palisade.Reporting.Sarif;

namespace Palisade.Reporting.Tests;

/// <summary>Validates SARIF output against the OASIS SARIF 2.1.0 schema with Ajv (tests/tools/validate-json.mjs).</summary>
public sealed class SarifSchemaValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("palisade-sarif-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    private static string Sarif(ReportOptions? options = null) =>
        Render.With(new SarifReportWriter(options ?? new ReportOptions()), TestReports.Rich());

    [Fact]
    public void Rich_report_is_valid_sarif()
    {
        var file = WriteFile("rich.sarif", Sarif());

        var outcome = SchemaValidator.Validate(RepoPaths.SarifSchema, file);

        Assert.True(outcome.ExitCode == 0, outcome.Output);
    }

    [Fact]
    public void Empty_report_and_source_root_variant_are_valid_sarif()
    {
        var empty = WriteFile("empty.sarif", Render.With(new SarifReportWriter(new ReportOptions()), TestReports.Empty()));
        var rooted = WriteFile("rooted.sarif", Sarif(new ReportOptions { SourceRoot = "/work/my repo" }));

        var outcome = SchemaValidator.Validate(RepoPaths.SarifSchema, empty, rooted);

        Assert.True(outcome.ExitCode == 0, outcome.Output);
    }

    [Fact]
    public void Validator_rejects_broken_sarif()
    {
        var document = JsonNode.Parse(Sarif())!;
        var result = document["runs"]![0]!["results"]![0]!;
        result["level"] = "fatal";                          // not in the level enum
        result["locations"]![0]!["physicalLocation"]!["region"]!["startLine"] = 0; // minimum is 1
        document["runs"]![0]!["tool"]!["driver"]!.AsObject().Remove("name");       // required
        var file = WriteFile("broken.sarif", document.ToJsonString());

        var outcome = SchemaValidator.Validate(RepoPaths.SarifSchema, file);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("/runs/0/results/0/level", outcome.Output);
        Assert.Contains("/runs/0/results/0/locations/0/physicalLocation/region/startLine", outcome.Output);
        Assert.Contains("must have required property 'name'", outcome.Output);
    }

    [Fact]
    public void Validator_reports_usage_errors_with_exit_code_2()
    {
        var outcome = SchemaValidator.Validate(RepoPaths.SarifSchema, Path.Combine(_dir, "missing.sarif"));

        Assert.Equal(2, outcome.ExitCode);
    }
}
