using System.Globalization;
using System.Text;
using System.Xml;
using Palisade.Core.Findings;

namespace Palisade.Reporting.JUnit;

/// <summary>
/// JUnit XML for CI test views: a test suite per target, a failed test case per finding, an errored test case
/// per scan error, and one passing test case for a target with neither, so that every scanned target shows.
/// </summary>
public sealed class JUnitReportWriter : IReportWriter
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = Utf8Output.Encoding,
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
        NewLineHandling = NewLineHandling.Replace,
    };

    public string Format => "junit";

    public void Write(ScanReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        Utf8Output.WriteStream(output, stream =>
        {
            using var xml = XmlWriter.Create(stream, Settings);
            xml.WriteStartDocument();
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", report.Tool.Name);
            WriteCounts(xml, report.Results);
            foreach (var target in report.Results)
            {
                WriteSuite(xml, target);
            }
            xml.WriteEndElement();
            xml.WriteEndDocument();
        });
    }

    private static void WriteSuite(XmlWriter xml, TargetResult target)
    {
        var name = Clean(target.Target);
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", name);
        WriteCounts(xml, [target]);
        xml.WriteStartElement("properties");
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", "type");
        xml.WriteAttributeString("value", Clean(target.Type));
        xml.WriteEndElement();
        xml.WriteEndElement();

        foreach (var finding in ReportText.Sorted(target.Findings))
        {
            var resource = ReportText.Resource(finding.Resource);
            var subject = resource.Length > 0 ? resource : finding.Location?.ToString() ?? "";
            StartCase(xml, name, subject.Length > 0 ? $"{finding.RuleId} {subject}" : finding.RuleId);
            xml.WriteStartElement("failure");
            xml.WriteAttributeString("message", Clean(finding.Title));
            xml.WriteAttributeString("type", finding.Severity.ToWire());
            xml.WriteString(Clean(FailureText(finding, resource)));
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        foreach (var error in target.Errors)
        {
            var where = error.Location?.ToString() ?? target.Target;
            StartCase(xml, name, $"error {where}");
            xml.WriteStartElement("error");
            xml.WriteAttributeString("message", Clean(error.Message));
            xml.WriteAttributeString("type", "ScanError");
            xml.WriteString(Clean($"{where}: {error.Message}"));
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        if (target.Findings.Count == 0 && target.Errors.Count == 0)
        {
            StartCase(xml, name, "no findings");
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static void StartCase(XmlWriter xml, string className, string name)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("classname", className);
        xml.WriteAttributeString("name", Clean(name));
    }

    /// <summary>tests, failures and errors attributes; a target with nothing counts one (passing) test.</summary>
    private static void WriteCounts(XmlWriter xml, IReadOnlyCollection<TargetResult> targets)
    {
        var failures = targets.Sum(t => t.Findings.Count);
        var errors = targets.Sum(t => t.Errors.Count);
        var passing = targets.Count(t => t.Findings.Count == 0 && t.Errors.Count == 0);
        xml.WriteAttributeString("tests", (failures + errors + passing).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", errors.ToString(CultureInfo.InvariantCulture));
    }

    private static string FailureText(Finding finding, string resource)
    {
        var text = new StringBuilder(finding.Message).Append('\n');
        if (finding.Location is { } location)
        {
            text.Append("Location: ").Append(location).Append('\n');
        }
        if (resource.Length > 0)
        {
            text.Append("Resource: ").Append(resource).Append('\n');
        }
        if (finding.Secret is { } secret)
        {
            text.Append("Secret: ").Append(secret.Redacted).Append('\n');
        }
        if (finding.Commit is { } commit)
        {
            text.Append("Commit: ").Append(commit.Sha).Append(" by ").Append(commit.Author).Append(" <").Append(commit.Email).Append("> on ")
                .Append(commit.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
        }
        if (finding.Remediation.Length > 0)
        {
            text.Append("Remediation: ").Append(finding.Remediation).Append('\n');
        }
        foreach (var reference in finding.References)
        {
            text.Append("Reference: ").Append(reference).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// Replaces what XML 1.0 cannot hold at all (control characters other than tab, CR and LF, lone surrogates,
    /// U+FFFE/U+FFFF) with U+FFFD; escaping of the rest is left to the XmlWriter.
    /// </summary>
    internal static string Clean(string text) => ReportText.ReplaceInvalid(text, c => !XmlConvert.IsXmlChar(c));
}
