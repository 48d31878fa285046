using Palisade.Core.Findings;
using Palisade.Core.Ignore;
using static Palisade.Core.Tests.TestFindings;

namespace Palisade.Core.Tests;

public sealed class ReportFilterTests
{
    private static readonly DateOnly Today = new(2025, 6, 15);

    private static ScanReport Report()
    {
        var report = new ScanReport { Tool = new ToolInfo("palisade", "test") };
        var a = new TargetResult("a.yaml", "kubernetes");
        a.Findings.Add(Make("PAL-K8S-006", "a.yaml", Severity.Critical));
        a.Findings.Add(Make("PAL-K8S-001", "a.yaml", Severity.High));
        a.Findings.Add(Make("PAL-K8S-004", "a.yaml", Severity.Medium));
        a.Errors.Add(new ScanError("something odd", new SourceLocation("a.yaml", 1, 1)));
        var b = new TargetResult("dir/b.yaml", "kubernetes");
        b.Findings.Add(Make("PAL-K8S-010", "dir/b.yaml", Severity.Low));
        b.Findings.Add(Make("PAL-K8S-001", "dir/b.yaml", Severity.High));
        b.Findings.Add(Make("INFO-1", null, Severity.Info));
        report.Results.Add(a);
        report.Results.Add(b);
        return report;
    }

    [Fact]
    public void Without_filters_nothing_is_removed()
    {
        var report = Report();
        Assert.Equal(new FilterOutcome(0, 0), ReportFilter.Apply(report, null, IgnoreFile.Empty, Today));
        Assert.Equal(6, report.AllFindings.Count());
    }

    [Fact]
    public void Severity_selection_keeps_exactly_the_listed_severities()
    {
        var report = Report();
        var outcome = ReportFilter.Apply(report, ReportFilter.ParseSeverities("CRITICAL,LOW"), IgnoreFile.Empty, Today);
        Assert.Equal(new FilterOutcome(4, 0), outcome);
        Assert.Equal(["PAL-K8S-006", "PAL-K8S-010"], report.AllFindings.Select(f => f.RuleId));
    }

    [Fact]
    public void Ignore_entries_remove_matching_findings_and_are_counted()
    {
        var report = Report();
        var ignore = IgnoreFile.Parse("PAL-K8S-001 path:dir/*\nINFO-1 path:dir/b.yaml\nPAL-K8S-004 exp:2020-01-01", "f");
        var outcome = ReportFilter.Apply(report, null, ignore, Today);
        Assert.Equal(new FilterOutcome(0, 2), outcome);
        Assert.Equal(["PAL-K8S-006", "PAL-K8S-001", "PAL-K8S-004", "PAL-K8S-010"], report.AllFindings.Select(f => f.RuleId));
    }

    [Fact]
    public void Severity_is_applied_before_ignores()
    {
        var report = Report();
        var outcome = ReportFilter.Apply(report, ReportFilter.ParseSeverities("HIGH"), IgnoreFile.Parse("PAL-K8S-001\nPAL-K8S-010", "f"), Today);
        Assert.Equal(new FilterOutcome(4, 2), outcome);
        Assert.Empty(report.AllFindings);
    }

    [Fact]
    public void Errors_are_never_filtered()
    {
        var report = Report();
        ReportFilter.Apply(report, ReportFilter.ParseSeverities("INFO"), IgnoreFile.Parse("*", "f"), Today);
        Assert.Single(report.AllErrors);
        Assert.Equal(2, report.Results.Count);
    }

    [Theory]
    [InlineData("CRITICAL,HIGH", new[] { Severity.Critical, Severity.High })]
    [InlineData("critical, high ,medium", new[] { Severity.Critical, Severity.High, Severity.Medium })]
    [InlineData("LOW,,LOW,", new[] { Severity.Low })]
    [InlineData("INFO,LOW,MEDIUM,HIGH,CRITICAL", new[] { Severity.Info, Severity.Low, Severity.Medium, Severity.High, Severity.Critical })]
    public void ParseSeverities_accepts_comma_separated_names(string text, Severity[] expected) =>
        Assert.True(ReportFilter.ParseSeverities(text).SetEquals(expected));

    [Theory]
    [InlineData("", "at least one")]
    [InlineData(" , ,", "at least one")]
    [InlineData("HIGH,SEVERE", "'SEVERE'")]
    [InlineData("HIGH;LOW", "'HIGH;LOW'")]
    public void ParseSeverities_rejects_bad_lists(string text, string mention)
    {
        var e = Assert.Throws<FormatException>(() => ReportFilter.ParseSeverities(text));
        Assert.Contains(mention, e.Message, StringComparison.Ordinal);
    }
}
