using Palisade.Core.Findings;
using Palisade.Reporting.Table;

namespace Palisade.Reporting.Tests;

public class TableReportWriterTests
{
    private static string Table(ScanReport report, bool color = false, int width = 120) =>
        Render.With(new TableReportWriter(new ReportOptions { Color = color, Width = width }), report);

    private static string[] Lines(string text) => text.Split('\n');

    [Fact]
    public void Without_colour_there_are_no_escape_sequences()
    {
        var text = Table(TestReports.Rich());

        Assert.DoesNotContain("\u001b[", text);
        Assert.Contains("CRITICAL", text);
    }

    [Fact]
    public void With_colour_severities_are_styled()
    {
        var text = Table(TestReports.Rich(), color: true);

        Assert.Contains("\u001b[", text);
        Assert.Contains("\u001b[1;91mCRITICAL", text); // bold red
        Assert.Contains("\u001b[91mHIGH", text);
        Assert.Contains("\u001b[93mMEDIUM", text);
        Assert.Contains("\u001b[94mLOW", text);
        Assert.Contains("\u001b[90mINFO", text);
    }

    [Fact]
    public void Each_target_with_something_to_say_has_a_heading_with_type_and_counts()
    {
        var lines = Lines(Table(TestReports.Rich()));

        Assert.Contains("deploy/web app.yaml (kubernetes) - findings: 5 (CRITICAL: 1, HIGH: 1, MEDIUM: 1, LOW: 1, INFO: 1), errors: 1", lines);
        Assert.Contains(@"build\Dockerfile (dockerfile) - findings: 1 (CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 1, INFO: 0)", lines);
        Assert.Contains(lines, l => l.StartsWith("charts/api/templates/déploy #1 100%.yaml (kubernetes) - findings: 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Targets_with_nothing_are_omitted()
    {
        Assert.DoesNotContain("clean.yaml", Table(TestReports.Rich()));
    }

    [Fact]
    public void Findings_are_sorted_by_severity_then_line()
    {
        var text = Table(TestReports.Rich());
        var section = text[..text.IndexOf("error: deploy/web app.yaml:55", StringComparison.Ordinal)];

        var order = new[] { "KSV-017", "KSV-001", "KSV-012", "KSV-020", "KSV-110" }
            .Select(id => section.IndexOf(id, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
    }

    [Fact]
    public void Table_has_the_columns_and_resource_and_line_cells()
    {
        var text = Table(TestReports.Rich());

        foreach (var header in new[] { "Severity", "Rule", "Resource", "Line", "Title/Message" })
        {
            Assert.Contains(header, text);
        }
        Assert.Contains("Deployment/shop/web", text);
        Assert.Contains("Pod/debug [x]", text);
        Assert.Contains(" 21 ", text);
    }

    [Fact]
    public void Errors_are_listed_under_their_target_with_path_and_line()
    {
        var lines = Lines(Table(TestReports.Rich()));

        Assert.Contains("error: deploy/web app.yaml:55: mapping values are not allowed here <&>", lines);
        Assert.Contains("error: charts/api/templates/déploy #1 100%.yaml: template rendering failed: nil pointer", lines);
    }

    [Fact]
    public void Ends_with_the_summary_and_error_count()
    {
        var lines = Lines(Table(TestReports.Rich()).TrimEnd('\n'));

        Assert.Equal("Total: 8 (CRITICAL: 1, HIGH: 2, MEDIUM: 2, LOW: 2, INFO: 1)", lines[^2]);
        Assert.Equal("Errors: 2", lines[^1]);
    }

    [Fact]
    public void Nothing_found_prints_no_findings_and_the_summary()
    {
        var report = TestReports.Empty();
        report.Results.Add(new TargetResult("clean.yaml", "kubernetes"));

        Assert.Equal("No findings.\nTotal: 0 (CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFO: 0)\n", Table(report));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Markup_looking_text_is_printed_literally(bool color)
    {
        var report = TestReports.Empty();
        var target = new TargetResult("[bold]x[/].yaml", "kubernetes");
        target.Findings.Add(TestReports.Finding("[R]", Severity.High, "[red]title[/]", "a [x] b [/] c [[ ]] [link=x]y",
            new ResourceRef("v1", "Pod", "[ns]", "[/]"), new SourceLocation("[bold]x[/].yaml", 3, 3)));
        target.Errors.Add(new ScanError("[/] broken [x]", null));
        report.Results.Add(target);

        var text = Table(report, color);

        Assert.Contains("[bold]x[/].yaml (kubernetes)", text);
        Assert.Contains("[red]title[/]", text);
        Assert.Contains("a [x] b [/] c [[ ]] [link=x]y", text);
        Assert.Contains("Pod/[ns]/[/]", text);
        Assert.Contains("error: [bold]x[/].yaml: [/] broken [x]", text);
    }

    [Fact]
    public void Odd_text_does_not_crash_and_control_characters_do_not_leak()
    {
        var text = Table(TestReports.Rich());

        Assert.Contains("日本語", text);
        Assert.DoesNotContain('\u001b', text);
    }

    [Fact]
    public void Output_is_deterministic_and_fits_the_width()
    {
        var first = Table(TestReports.Rich(), width: 80);

        Assert.Equal(first, Table(TestReports.Rich(), width: 80));
        Assert.All(Lines(first), l => Assert.True(l.Length <= 80, $"line longer than 80: {l}"));
        Assert.NotEqual(first, Table(TestReports.Rich(), width: 160));
    }

    [Fact]
    public void A_width_below_the_minimum_is_raised_to_it()
    {
        var text = Table(TestReports.Rich(), width: 5);

        Assert.Equal(Table(TestReports.Rich(), width: TableReportWriter.MinimumWidth), text);
    }
}
