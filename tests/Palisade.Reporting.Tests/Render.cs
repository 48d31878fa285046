using Palisade.Core.Findings;

namespace Palisade.Reporting.Tests;

internal static class Render
{
    public static string With(IReportWriter writer, ScanReport report)
    {
        using var output = new StringWriter { NewLine = "\n" };
        writer.Write(report, output);
        return output.ToString();
    }

    public static string Format(string format, ScanReport report, ReportOptions? options = null) =>
        With(ReportWriters.Create(format, options ?? new ReportOptions()), report);
}
