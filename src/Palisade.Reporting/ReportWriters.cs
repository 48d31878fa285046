using Palisade.Reporting.JUnit;
using Palisade.Reporting.Json;
using Palisade.Reporting.Sarif;
using Palisade.Reporting.Table;

namespace Palisade.Reporting;

/// <summary>Creates the writer for a format name.</summary>
public static class ReportWriters
{
    /// <summary>Every format <see cref="Create"/> accepts, the default first.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["table", "json", "sarif", "junit"];

    /// <exception cref="ArgumentException">The format is not one of <see cref="Formats"/>.</exception>
    public static IReportWriter Create(string format, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return format?.Trim().ToLowerInvariant() switch
        {
            "table" => new TableReportWriter(options),
            "json" => new JsonReportWriter(),
            "sarif" => new SarifReportWriter(options),
            "junit" => new JUnitReportWriter(),
            _ => throw new ArgumentException(
                $"Unknown report format '{format}'. Valid formats: {string.Join(", ", Formats)}.", nameof(format)),
        };
    }
}
