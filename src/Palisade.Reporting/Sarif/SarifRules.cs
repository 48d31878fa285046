using System.Text;
using System.Text.Json;
using Palisade.Core.Findings;
using Palisade.Core.Rules;

namespace Palisade.Reporting.Sarif;

/// <summary>The rule descriptors of a SARIF run: one per rule id that has a finding, ordered by id.</summary>
internal sealed class SarifRules
{
    private readonly List<RuleMetadata> _rules;
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);

    public SarifRules(ScanReport report)
    {
        var byId = new Dictionary<string, RuleMetadata>(StringComparer.Ordinal);
        foreach (var finding in report.AllFindings)
        {
            if (!byId.ContainsKey(finding.RuleId))
            {
                byId[finding.RuleId] = report.Rules.TryGetValue(finding.RuleId, out var rule) ? rule : Synthesize(finding);
            }
        }
        _rules = [.. byId.Values.OrderBy(r => r.Id, StringComparer.Ordinal)];
        for (var i = 0; i < _rules.Count; i++)
        {
            _indexes[_rules[i].Id] = i;
        }
    }

    /// <summary>The position of the rule's descriptor in tool.driver.rules.</summary>
    public int IndexOf(string ruleId) => _indexes[ruleId];

    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartArray("rules");
        foreach (var rule in _rules)
        {
            WriteDescriptor(json, rule);
        }
        json.WriteEndArray();
    }

    public static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium or Severity.Unknown => "warning",
        _ => "note",
    };

    /// <summary>The CVSS-like score GitHub code scanning reads to rank security alerts.</summary>
    public static string SecuritySeverity(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "2.0",
        _ => "0.0",
    };

    /// <summary>"Privileged container" → "PrivilegedContainer"; "KSV-001" → "KSV001".</summary>
    public static string PascalCase(string text)
    {
        var name = new StringBuilder(text.Length);
        var startOfWord = true;
        foreach (var c in text)
        {
            if (!char.IsLetterOrDigit(c))
            {
                startOfWord = true;
                continue;
            }
            name.Append(startOfWord ? char.ToUpperInvariant(c) : c);
            startOfWord = false;
        }
        return name.ToString();
    }

    /// <summary>A descriptor for a rule the report has no metadata for, from what its finding says.</summary>
    private static RuleMetadata Synthesize(Finding finding) => new()
    {
        Id = finding.RuleId,
        Title = finding.Title,
        Severity = finding.Severity,
        Description = finding.Title,
        Remediation = finding.Remediation,
        References = finding.References,
        Controls = finding.Controls,
        TargetType = "",
    };

    private static void WriteDescriptor(Utf8JsonWriter json, RuleMetadata rule)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        var name = PascalCase(rule.Title);
        json.WriteString("name", name.Length > 0 ? name : PascalCase(rule.Id));
        WriteText(json, "shortDescription", NonEmpty(rule.Title, rule.Id));
        WriteText(json, "fullDescription", NonEmpty(rule.Description, NonEmpty(rule.Title, rule.Id)));
        if (!string.IsNullOrWhiteSpace(rule.Remediation))
        {
            json.WriteStartObject("help");
            json.WriteString("text", rule.Remediation);
            json.WriteString("markdown", rule.Remediation);
            json.WriteEndObject();
        }
        if (HelpUri(rule.References) is { } helpUri)
        {
            json.WriteString("helpUri", helpUri);
        }
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", Level(rule.Severity));
        json.WriteEndObject();

        json.WriteStartObject("properties");
        json.WriteStartArray("tags");
        var tags = rule.Groups.Append("security").Concat(rule.Controls.Select(c => $"{c.Framework} {c.Id}"));
        foreach (var tag in tags.Where(t => t.Length > 0).Distinct(StringComparer.Ordinal))
        {
            json.WriteStringValue(tag);
        }
        json.WriteEndArray();
        json.WriteString("precision", "high");
        json.WriteString("security-severity", SecuritySeverity(rule.Severity));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>The first reference, if it is an absolute http(s) URI.</summary>
    private static string? HelpUri(IReadOnlyList<string> references) =>
        references.Count > 0
        && Uri.TryCreate(references[0], UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : null;

    private static string NonEmpty(string text, string fallback) => string.IsNullOrWhiteSpace(text) ? fallback : text;

    internal static void WriteText(Utf8JsonWriter json, string property, string text)
    {
        json.WriteStartObject(property);
        json.WriteString("text", text);
        json.WriteEndObject();
    }
}
