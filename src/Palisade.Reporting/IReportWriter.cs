using Palisade.Core.Findings;

namespace Palisade.Reporting;

/// <summary>Turns a <see cref="ScanReport"/> into one output format. Writers never decide severity or verdicts.</summary>
public interface IReportWriter
{
    /// <summary>The format name, as given to <see cref="ReportWriters.Create"/> ("table", "json", ...).</summary>
    string Format { get; }

    void Write(ScanReport report, TextWriter output);
}
