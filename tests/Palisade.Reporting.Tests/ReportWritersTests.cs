using Palisade.Reporting.JUnit;
using Palisade.Reporting.Json;
using Palisade.Reporting.Sarif;
using Palisade.Reporting.Table;

namespace Palisade.Reporting.Tests;

public class ReportWritersTests
{
    [Theory]
    [InlineData("table", typeof(TableReportWriter))]
    [InlineData("json", typeof(JsonReportWriter))]
    [InlineData("sarif", typeof(SarifReportWriter))]
    [InlineData("junit", typeof(JUnitReportWriter))]
    [InlineData(" JSON ", typeof(JsonReportWriter))]
    public void Creates_the_writer_for_each_format(string format, Type type)
    {
        var writer = ReportWriters.Create(format, new ReportOptions());

        Assert.IsType(type, writer);
        Assert.Equal(format.Trim().ToLowerInvariant(), writer.Format);
    }

    [Theory]
    [InlineData("xml")]
    [InlineData("")]
    public void Unknown_format_is_rejected_with_the_valid_ones_listed(string format)
    {
        var error = Assert.Throws<ArgumentException>(() => ReportWriters.Create(format, new ReportOptions()));

        Assert.Equal("format", error.ParamName);
        Assert.Contains($"Unknown report format '{format}'", error.Message);
        Assert.Contains("Valid formats: table, json, sarif, junit.", error.Message);
    }

    [Fact]
    public void Every_format_writes_the_rich_report_without_throwing_and_deterministically()
    {
        foreach (var format in ReportWriters.Formats)
        {
            var first = Render.Format(format, TestReports.Rich());
            Assert.False(string.IsNullOrWhiteSpace(first), format);
            Assert.Equal(first, Render.Format(format, TestReports.Rich()));
        }
    }
}
