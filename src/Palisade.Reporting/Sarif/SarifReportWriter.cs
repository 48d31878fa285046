using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Palisade.Core.Findings;

namespace Palisade.Reporting.Sarif;

/// <summary>
/// SARIF 2.1.0 with one run, shaped for GitHub code scanning: rule descriptors carry security-severity, every
/// result has a location (the target file when the finding has none) and a stable partial fingerprint, and scan
/// errors become tool execution notifications.
/// </summary>
public sealed partial class SarifReportWriter(ReportOptions options) : IReportWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string InformationUri = "https://github.com/palisade-dev/palisade";
    public const string SourceRootId = "%SRCROOT%";
    public const string FingerprintKey = "palisade/v1";

    private readonly ReportOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    public string Format => "sarif";

    public void Write(ScanReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rules = new SarifRules(report);
        Utf8Output.WriteJson(output, json =>
        {
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            WriteTool(json, report.Tool, rules);
            WriteInvocation(json, report);
            WriteOriginalUriBaseIds(json);
            json.WriteStartArray("results");
            foreach (var target in report.Results)
            {
                foreach (var finding in target.Findings)
                {
                    WriteResult(json, finding, target.Target, rules);
                    Utf8Output.FlushIfFull(json);
                }
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private static void WriteTool(Utf8JsonWriter json, ToolInfo tool, SarifRules rules)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", tool.Name);
        json.WriteString("version", tool.Version);
        if (SemanticVersion().IsMatch(tool.Version))
        {
            json.WriteString("semanticVersion", tool.Version);
        }
        json.WriteString("informationUri", InformationUri);
        rules.Write(json);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteInvocation(Utf8JsonWriter json, ScanReport report)
    {
        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", !report.AllErrors.Any());
        json.WriteStartArray("toolExecutionNotifications");
        foreach (var target in report.Results)
        {
            foreach (var error in target.Errors)
            {
                json.WriteStartObject();
                json.WriteString("level", "error");
                SarifRules.WriteText(json, "message", error.Message);
                json.WriteStartArray("locations");
                WriteLocation(json, error.Location, target.Target);
                json.WriteEndArray();
                json.WriteEndObject();
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private void WriteOriginalUriBaseIds(Utf8JsonWriter json)
    {
        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject(SourceRootId);
        if (_options.SourceRoot is { Length: > 0 } root)
        {
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
            json.WriteString("uri", new Uri(full + Path.DirectorySeparatorChar).AbsoluteUri);
        }
        SarifRules.WriteText(json, "description", "The directory that was scanned; result paths are relative to it.");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, Finding finding, string target, SarifRules rules)
    {
        var resource = ReportText.Resource(finding.Resource);
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        json.WriteNumber("ruleIndex", rules.IndexOf(finding.RuleId));
        json.WriteString("level", SarifRules.Level(finding.Severity));
        var message = string.IsNullOrWhiteSpace(finding.Message) ? finding.Title : finding.Message;
        SarifRules.WriteText(json, "message", resource.Length > 0 ? $"{message} (resource: {resource})" : message);
        json.WriteStartArray("locations");
        WriteLocation(json, finding.Location, target);
        json.WriteEndArray();
        json.WriteStartObject("partialFingerprints");
        json.WriteString(FingerprintKey, Fingerprint(finding.RuleId, finding.Location?.Path ?? target, resource, finding.Message));
        if (finding.Fingerprint is { } own) json.WriteString("palisade/finding", own);
        json.WriteEndObject();
        if (finding.Commit is not null || finding.Secret is not null)
        {
            json.WriteStartObject("properties");
            if (finding.Secret is { } secret)
            {
                json.WriteString("redactedSecret", secret.Redacted);
                json.WriteNumber("entropy", Math.Round(secret.Entropy, 3));
            }
            if (finding.Commit is { } commit)
            {
                json.WriteString("commitSha", commit.Sha);
                json.WriteString("commitAuthor", commit.Author);
                json.WriteString("commitEmail", commit.Email);
                json.WriteString("commitDate", commit.Date.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    /// <summary>A location object; a missing location falls back to the target's path, with no region.</summary>
    private static void WriteLocation(Utf8JsonWriter json, SourceLocation? location, string target)
    {
        var (uri, isRelative) = SarifArtifactUri.FromPath(location?.Path ?? target);
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", uri);
        if (isRelative)
        {
            json.WriteString("uriBaseId", SourceRootId);
        }
        json.WriteEndObject();
        if (location is { StartLine: >= 1 })
        {
            json.WriteStartObject("region");
            json.WriteNumber("startLine", location.StartLine);
            json.WriteNumber("endLine", Math.Max(location.StartLine, location.EndLine));
            if (location.StartColumn >= 1) json.WriteNumber("startColumn", location.StartColumn);
            if (location.EndColumn >= 1 && (location.EndLine > location.StartLine || location.EndColumn > location.StartColumn))
                json.WriteNumber("endColumn", location.EndColumn);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>
    /// Stable across runs and line moves: SHA-256 of rule id, path, resource and message, so code scanning can
    /// follow an alert when lines above it change.
    /// </summary>
    internal static string Fingerprint(string ruleId, string path, string resource, string message)
    {
        var key = string.Join('\0', ruleId, path.Replace('\\', '/'), resource, message);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    // Semantic Versioning 2.0.0, as SARIF's semanticVersion requires.
    [GeneratedRegex(@"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?\z")]
    private static partial Regex SemanticVersion();
}
