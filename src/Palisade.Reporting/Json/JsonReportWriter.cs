using System.Text.Json;
using Palisade.Core.Findings;

namespace Palisade.Reporting.Json;

/// <summary>
/// Palisade's own JSON format (documented in docs/output-json.md): every target, in scan order, with its findings
/// and errors as given, followed by a summary. <see cref="JsonReportReader"/> reads it back.
/// </summary>
public sealed class JsonReportWriter : IReportWriter
{
    public string Format => "json";

    public void Write(ScanReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        Utf8Output.WriteJson(output, json => WriteReport(json, report));
    }

    private static void WriteReport(Utf8JsonWriter json, ScanReport report)
    {
        json.WriteStartObject();
        json.WriteNumber("schemaVersion", report.SchemaVersion);
        json.WriteStartObject("tool");
        json.WriteString("name", report.Tool.Name);
        json.WriteString("version", report.Tool.Version);
        json.WriteEndObject();

        json.WriteStartArray("results");
        foreach (var result in report.Results)
        {
            WriteTarget(json, result);
        }
        json.WriteEndArray();

        var counts = new SeverityCounts(report.AllFindings);
        json.WriteStartObject("summary");
        foreach (var severity in SeverityNames.Descending)
        {
            json.WriteNumber(severity.ToWire(), counts[severity]);
        }
        json.WriteNumber("total", counts.Total);
        json.WriteNumber("errors", report.AllErrors.Count());
        json.WriteNumber("packages", report.Results.Sum(r => r.Packages.Count));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteTarget(Utf8JsonWriter json, TargetResult result)
    {
        json.WriteStartObject();
        json.WriteString("target", result.Target);
        json.WriteString("type", result.Type);
        json.WriteStartArray("findings");
        foreach (var finding in result.Findings)
        {
            WriteFinding(json, finding);
            Utf8Output.FlushIfFull(json);
        }
        json.WriteEndArray();
        json.WriteStartArray("errors");
        foreach (var error in result.Errors)
        {
            json.WriteStartObject();
            json.WriteString("message", error.Message);
            WriteLocation(json, error.Location);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (result.Packages.Count > 0)
        {
            json.WriteStartArray("packages");
            foreach (var package in result.Packages)
            {
                json.WriteStartObject();
                json.WriteString("name", package.Name);
                json.WriteString("version", package.Version);
                json.WriteString("type", package.Type);
                json.WriteString("purl", package.Purl);
                json.WriteEndObject();
                Utf8Output.FlushIfFull(json);
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter json, Finding finding)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        json.WriteString("severity", finding.Severity.ToWire());
        json.WriteString("title", finding.Title);
        json.WriteString("message", finding.Message);
        if (finding.Resource is { } resource)
        {
            json.WriteStartObject("resource");
            json.WriteString("apiVersion", resource.ApiVersion);
            json.WriteString("kind", resource.Kind);
            json.WriteString("namespace", resource.Namespace);
            json.WriteString("name", resource.Name);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("resource");
        }
        WriteLocation(json, finding.Location);
        json.WriteString("remediation", finding.Remediation);
        JsonParts.WriteReferences(json, finding.References);
        JsonParts.WriteControls(json, finding.Controls);
        if (finding.Fingerprint is { } fingerprint) json.WriteString("fingerprint", fingerprint);
        if (finding.Secret is { } secret)
        {
            json.WriteStartObject("secret");
            json.WriteString("redacted", secret.Redacted);
            json.WriteNumber("entropy", Math.Round(secret.Entropy, 3));
            if (secret.Layer is { } layer) json.WriteString("layer", layer);
            if (secret.RemovedInLaterLayer) json.WriteBoolean("removedInLaterLayer", true);
            json.WriteEndObject();
        }
        if (finding.Commit is { } commit)
        {
            json.WriteStartObject("commit");
            json.WriteString("sha", commit.Sha);
            json.WriteString("author", commit.Author);
            json.WriteString("email", commit.Email);
            json.WriteString("date", commit.Date.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("message", commit.Message);
            json.WriteEndObject();
        }
        if (finding.Vulnerability is { } v)
        {
            json.WriteStartObject("vulnerability");
            json.WriteString("package", v.Package);
            json.WriteString("installedVersion", v.InstalledVersion);
            json.WriteStartArray("fixedVersions");
            foreach (var f in v.FixedVersions) json.WriteStringValue(f);
            json.WriteEndArray();
            json.WriteString("status", v.Status == FixStatus.Fixed ? "fixed" : "affected");
            json.WriteString("purl", v.Purl);
            json.WriteString("ecosystem", v.Ecosystem);
            json.WriteStartArray("aliases");
            foreach (var a in v.Aliases) json.WriteStringValue(a);
            json.WriteEndArray();
            if (v.Layer is { } layer) json.WriteString("layer", layer);
            if (v.CvssVector is { } vector) json.WriteString("cvssVector", vector);
            if (v.CvssScore is { } score) json.WriteNumber("cvssScore", score);
            json.WriteString("severitySource", v.SeveritySource);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter json, SourceLocation? location)
    {
        if (location is null)
        {
            json.WriteNull("location");
            return;
        }
        json.WriteStartObject("location");
        json.WriteString("path", location.Path);
        json.WriteNumber("startLine", location.StartLine);
        json.WriteNumber("endLine", location.EndLine);
        if (location.StartColumn > 0) json.WriteNumber("startColumn", location.StartColumn);
        if (location.EndColumn > 0) json.WriteNumber("endColumn", location.EndColumn);
        json.WriteEndObject();
    }
}
