using System.Globalization;
using Palisade.Core.Findings;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Palisade.Reporting.Table;

/// <summary>
/// The human-readable report: per target with something to say, a heading with counts, a table of findings (most
/// severe first) and its errors; then a summary. Laid out for <see cref="ReportOptions.Width"/> columns, so the
/// same report and options always give the same text.
/// </summary>
public sealed class TableReportWriter(ReportOptions options) : IReportWriter
{
    /// <summary>Narrower than this, the table cannot be laid out legibly; wider widths are used as given.</summary>
    public const int MinimumWidth = 40;

    private readonly ReportOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    public string Format => "table";

    public void Write(ScanReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var console = CreateConsole(output);

        var shown = report.Results.Where(r => r.Findings.Count > 0 || r.Errors.Count > 0).ToList();
        foreach (var result in shown)
        {
            WriteTarget(console, result);
            console.WriteLine();
        }
        if (shown.Count == 0)
        {
            console.WriteLine("No findings.");
        }

        var counts = new SeverityCounts(report.AllFindings);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Total: {counts.Total} ({counts})"), Bold);
        var errors = report.AllErrors.Count();
        if (errors > 0)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Errors: {errors}"), ErrorStyle);
        }
        var inventories = report.Results.Where(r => r.Packages.Count > 0).ToList();
        if (inventories.Count > 0)
        {
            var byType = inventories.SelectMany(r => r.Packages).GroupBy(p => p.Type).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()}"));
            var files = inventories.Count == 1 ? "1 lock file or package database" : string.Create(CultureInfo.InvariantCulture, $"{inventories.Count} lock files and package databases");
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Packages: {inventories.Sum(r => r.Packages.Count)} ({string.Join(", ", byType)}) in {files}"));
        }
        output.Flush();
    }

    private void WriteTarget(IAnsiConsole console, TargetResult result)
    {
        var counts = new SeverityCounts(result.Findings);
        var heading = string.Create(CultureInfo.InvariantCulture,
            $"{Safe(result.Target)} ({Safe(result.Type)}) - findings: {counts.Total} ({counts})");
        if (result.Errors.Count > 0)
        {
            heading += string.Create(CultureInfo.InvariantCulture, $", errors: {result.Errors.Count}");
        }
        console.Write(new Paragraph(heading, Bold));
        console.WriteLine();

        if (result.Findings.Count > 0)
        {
            console.Write(result.Findings.All(f => f.Vulnerability is not null) ? VulnerabilityTable(result) : FindingsTable(result));
        }
        foreach (var error in result.Errors)
        {
            var where = error.Location?.ToString() ?? result.Target;
            console.Write(new Paragraph(Safe($"error: {where}: {error.Message}"), ErrorStyle));
            console.WriteLine();
        }
    }

    private Spectre.Console.Table FindingsTable(TargetResult result)
    {
        var table = new Spectre.Console.Table()
            .AddColumn("Severity")
            .AddColumn("Rule")
            .AddColumn("Resource")
            .AddColumn(new TableColumn("Line").RightAligned())
            .AddColumn("Title/Message");
        foreach (var finding in ReportText.Sorted(result.Findings))
        {
            var resource = ReportText.Resource(finding.Resource);
            table.AddRow(new IRenderable[]
            {
                new Text(finding.Severity.ToWire(), SeverityStyle(finding.Severity)),
                new Text(Safe(finding.RuleId)),
                new Text(resource.Length > 0 ? Safe(resource) : "-"),
                new Text(Safe(Line(finding.Location, result.Target))),
                new Paragraph(Safe(finding.Title), Bold).Append("\n").Append(Safe(finding.Message)),
            });
        }
        return table;
    }

    /// <summary>Trivy's layout for vulnerabilities: package, vulnerability, severity, installed, fixed, title; by package, then severity.</summary>
    private Spectre.Console.Table VulnerabilityTable(TargetResult result)
    {
        var table = new Spectre.Console.Table()
            .AddColumn("Package")
            .AddColumn("Vulnerability")
            .AddColumn("Severity")
            .AddColumn("Installed")
            .AddColumn("Fixed")
            .AddColumn("Title");
        var rows = result.Findings
            .OrderBy(f => f.Vulnerability!.Package, StringComparer.Ordinal)
            .ThenByDescending(f => f.Severity)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal);
        foreach (var finding in rows)
        {
            var v = finding.Vulnerability!;
            table.AddRow(new IRenderable[]
            {
                new Text(Safe(v.Package)),
                new Text(Safe(finding.RuleId)),
                new Text(finding.Severity.ToWire(), SeverityStyle(finding.Severity)),
                new Text(Safe(v.InstalledVersion)),
                new Text(v.Status == FixStatus.Fixed ? Safe(string.Join(", ", v.FixedVersions)) : "(no fix yet)"),
                new Text(Safe(finding.Title.Length > 0 ? finding.Title : finding.Message)),
            });
        }
        return table;
    }

    /// <summary>The start line, prefixed with the path when the finding is in another file than the target.</summary>
    private static string Line(SourceLocation? location, string target)
    {
        if (location is null)
        {
            return "-";
        }
        var line = location.StartLine > 0 ? location.StartLine.ToString(CultureInfo.InvariantCulture) : "-";
        return location.Path == target ? line : $"{location.Path}:{line}";
    }

    /// <summary>Report text is data: never markup (Text and Paragraph do not parse it) nor terminal controls.</summary>
    private static string Safe(string text) => ReportText.ForTerminal(text);

    private Style Bold => _options.Color ? new Style(decoration: Decoration.Bold) : Style.Plain;

    private Style ErrorStyle => _options.Color ? new Style(Color.Red) : Style.Plain;

    private Style SeverityStyle(Severity severity) => !_options.Color ? Style.Plain : severity switch
    {
        Severity.Critical => new Style(Color.Red, decoration: Decoration.Bold),
        Severity.High => new Style(Color.Red),
        Severity.Medium => new Style(Color.Yellow),
        Severity.Low => new Style(Color.Blue),
        _ => new Style(Color.Grey),
    };

    private IAnsiConsole CreateConsole(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = _options.Color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = _options.Color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            // The CI and CONSOLE_WIDTH enrichers read the environment; the options alone decide the output.
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
            EnvironmentVariables = [],
        });
        console.Profile.Width = Math.Max(_options.Width, MinimumWidth);
        console.Profile.Capabilities.Links = false;
        return console;
    }
}
