using System.Text.Json;
using Palisade.Core.Findings;

namespace Palisade.Reporting.Json;

/// <summary>
/// Reads the document <see cref="JsonReportWriter"/> writes back into a <see cref="ScanReport"/>. Unknown
/// properties are ignored (so additions within a schema version do not break readers); the summary is not read,
/// since it is derived. Rule metadata is not part of the format, so <see cref="ScanReport.Rules"/> stays empty.
/// </summary>
public static class JsonReportReader
{
    /// <exception cref="JsonException">The text is not JSON, or not a Palisade report of a supported schema version.</exception>
    public static ScanReport Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Expect(root, JsonValueKind.Object, "$");

        var schemaVersion = RequiredInt(root, "schemaVersion", "$");
        if (schemaVersion < 1 || schemaVersion > ScanReport.CurrentSchemaVersion)
        {
            throw new JsonException(
                $"Unsupported schemaVersion {schemaVersion}: this reader understands 1 to {ScanReport.CurrentSchemaVersion}.");
        }

        var tool = Required(root, "tool", JsonValueKind.Object, "$");
        var report = new ScanReport
        {
            SchemaVersion = schemaVersion,
            Tool = new ToolInfo(RequiredString(tool, "name", "$.tool"), RequiredString(tool, "version", "$.tool")),
        };

        var index = 0;
        foreach (var target in Required(root, "results", JsonValueKind.Array, "$").EnumerateArray())
        {
            report.Results.Add(ReadTarget(target, $"$.results[{index++}]"));
        }
        return report;
    }

    private static TargetResult ReadTarget(JsonElement element, string path)
    {
        Expect(element, JsonValueKind.Object, path);
        var result = new TargetResult(RequiredString(element, "target", path), RequiredString(element, "type", path));
        var index = 0;
        foreach (var finding in Required(element, "findings", JsonValueKind.Array, path).EnumerateArray())
        {
            result.Findings.Add(ReadFinding(finding, $"{path}.findings[{index++}]"));
        }
        index = 0;
        foreach (var error in Required(element, "errors", JsonValueKind.Array, path).EnumerateArray())
        {
            var errorPath = $"{path}.errors[{index++}]";
            Expect(error, JsonValueKind.Object, errorPath);
            result.Errors.Add(new ScanError(RequiredString(error, "message", errorPath), ReadLocation(error, errorPath)));
        }
        if (element.TryGetProperty("packages", out var packages))
        {
            Expect(packages, JsonValueKind.Array, path + ".packages");
            index = 0;
            foreach (var package in packages.EnumerateArray())
            {
                var packagePath = $"{path}.packages[{index++}]";
                Expect(package, JsonValueKind.Object, packagePath);
                result.Packages.Add(new PackageRef(RequiredString(package, "name", packagePath), RequiredString(package, "version", packagePath),
                    RequiredString(package, "type", packagePath), RequiredString(package, "purl", packagePath)));
            }
        }
        return result;
    }

    private static Finding ReadFinding(JsonElement element, string path)
    {
        Expect(element, JsonValueKind.Object, path);
        var severityText = RequiredString(element, "severity", path);
        if (!SeverityNames.TryParse(severityText, out var severity))
        {
            throw new JsonException($"{path}.severity: unknown severity '{severityText}'.");
        }

        ResourceRef? resource = null;
        if (Optional(element, "resource", JsonValueKind.Object, path) is { } r)
        {
            var rPath = path + ".resource";
            resource = new ResourceRef(
                OptionalString(r, "apiVersion", rPath), OptionalString(r, "kind", rPath),
                OptionalString(r, "namespace", rPath), OptionalString(r, "name", rPath));
        }

        var references = new List<string>();
        if (Optional(element, "references", JsonValueKind.Array, path) is { } refs)
        {
            foreach (var reference in refs.EnumerateArray())
            {
                Expect(reference, JsonValueKind.String, path + ".references[]");
                references.Add(reference.GetString()!);
            }
        }

        var controls = new List<ComplianceControl>();
        if (Optional(element, "controls", JsonValueKind.Array, path) is { } ctrls)
        {
            foreach (var control in ctrls.EnumerateArray())
            {
                Expect(control, JsonValueKind.Object, path + ".controls[]");
                controls.Add(new ComplianceControl(
                    RequiredString(control, "framework", path + ".controls[]"), RequiredString(control, "id", path + ".controls[]")));
            }
        }

        return new Finding
        {
            RuleId = RequiredString(element, "ruleId", path),
            Severity = severity,
            Title = RequiredString(element, "title", path),
            Message = RequiredString(element, "message", path),
            Resource = resource,
            Location = ReadLocation(element, path),
            Remediation = OptionalString(element, "remediation", path) ?? "",
            References = references,
            Controls = controls,
            Fingerprint = OptionalString(element, "fingerprint", path),
            Secret = Optional(element, "secret", JsonValueKind.Object, path) is { } secret
                ? new SecretEvidence(RequiredString(secret, "redacted", path + ".secret"), Required(secret, "entropy", JsonValueKind.Number, path + ".secret").GetDouble())
                {
                    Layer = OptionalString(secret, "layer", path + ".secret"),
                    RemovedInLaterLayer = secret.TryGetProperty("removedInLaterLayer", out var removed) && removed.ValueKind == JsonValueKind.True,
                }
                : null,
            Commit = Optional(element, "commit", JsonValueKind.Object, path) is { } commit
                ? new CommitInfo(
                    RequiredString(commit, "sha", path + ".commit"), RequiredString(commit, "author", path + ".commit"),
                    RequiredString(commit, "email", path + ".commit"),
                    DateTimeOffset.Parse(RequiredString(commit, "date", path + ".commit"), System.Globalization.CultureInfo.InvariantCulture),
                    RequiredString(commit, "message", path + ".commit"))
                : null,
            Vulnerability = Optional(element, "vulnerability", JsonValueKind.Object, path) is { } v ? ReadVulnerability(v, path + ".vulnerability") : null,
        };
    }

    private static VulnerabilityEvidence ReadVulnerability(JsonElement v, string path)
    {
        static List<string> Strings(JsonElement array, string where) => array.EnumerateArray()
            .Select((x, i) => x.ValueKind == JsonValueKind.String ? x.GetString()! : throw new JsonException($"{where}[{i}]: expected a string."))
            .ToList();
        var status = RequiredString(v, "status", path) switch
        {
            "fixed" => FixStatus.Fixed,
            "affected" => FixStatus.Affected,
            var other => throw new JsonException($"{path}.status: unknown status '{other}' (fixed or affected)."),
        };
        return new VulnerabilityEvidence(
            RequiredString(v, "package", path),
            RequiredString(v, "installedVersion", path),
            Strings(Required(v, "fixedVersions", JsonValueKind.Array, path), path + ".fixedVersions"),
            status,
            RequiredString(v, "purl", path),
            RequiredString(v, "ecosystem", path),
            Strings(Required(v, "aliases", JsonValueKind.Array, path), path + ".aliases"),
            OptionalString(v, "layer", path),
            OptionalString(v, "cvssVector", path),
            Optional(v, "cvssScore", JsonValueKind.Number, path)?.GetDouble(),
            RequiredString(v, "severitySource", path));
    }

    private static SourceLocation? ReadLocation(JsonElement parent, string path)
    {
        if (Optional(parent, "location", JsonValueKind.Object, path) is not { } location)
        {
            return null;
        }
        var lPath = path + ".location";
        return new SourceLocation(
            RequiredString(location, "path", lPath),
            RequiredInt(location, "startLine", lPath),
            RequiredInt(location, "endLine", lPath))
        {
            StartColumn = Optional(location, "startColumn", JsonValueKind.Number, lPath)?.GetInt32() ?? 0,
            EndColumn = Optional(location, "endColumn", JsonValueKind.Number, lPath)?.GetInt32() ?? 0,
        };
    }

    private static void Expect(JsonElement element, JsonValueKind kind, string path)
    {
        if (element.ValueKind != kind)
        {
            throw new JsonException($"{path}: expected {Describe(kind)}, found {Describe(element.ValueKind)}.");
        }
    }

    private static JsonElement Required(JsonElement parent, string name, JsonValueKind kind, string path)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            throw new JsonException($"{path}: missing required property '{name}'.");
        }
        Expect(value, kind, $"{path}.{name}");
        return value;
    }

    /// <summary>The property, or null when it is absent or JSON null.</summary>
    private static JsonElement? Optional(JsonElement parent, string name, JsonValueKind kind, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        Expect(value, kind, $"{path}.{name}");
        return value;
    }

    private static string RequiredString(JsonElement parent, string name, string path) =>
        Required(parent, name, JsonValueKind.String, path).GetString()!;

    private static int RequiredInt(JsonElement parent, string name, string path) =>
        Required(parent, name, JsonValueKind.Number, path).TryGetInt32(out var value)
            ? value
            : throw new JsonException($"{path}.{name}: expected a 32-bit integer.");

    private static string? OptionalString(JsonElement parent, string name, string path) =>
        Optional(parent, name, JsonValueKind.String, path)?.GetString();

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
