namespace Palisade.Core.Findings;

/// <summary>
/// How bad a finding is. Ordered: a larger value is more severe. <see cref="Unknown"/> is for vulnerabilities whose
/// advisories give no severity (as Trivy reports them); it sorts below <see cref="Info"/> but is never treated as harmless
/// by default filters.
/// </summary>
public enum Severity
{
    Unknown = 0,
    Info = 1,
    Low = 2,
    Medium = 3,
    High = 4,
    Critical = 5,
}

public static class SeverityNames
{
    /// <summary>All severities, most severe first (the order reports list them in).</summary>
    public static IReadOnlyList<Severity> Descending { get; } =
        [Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Info, Severity.Unknown];

    /// <summary>The upper-case wire name: CRITICAL, HIGH, MEDIUM, LOW, INFO, UNKNOWN.</summary>
    public static string ToWire(this Severity severity) => severity switch
    {
        Severity.Critical => "CRITICAL",
        Severity.High => "HIGH",
        Severity.Medium => "MEDIUM",
        Severity.Low => "LOW",
        Severity.Info => "INFO",
        Severity.Unknown => "UNKNOWN",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, null),
    };

    public static bool TryParse(string? text, out Severity severity)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "CRITICAL": severity = Severity.Critical; return true;
            case "HIGH": severity = Severity.High; return true;
            case "MEDIUM": severity = Severity.Medium; return true;
            case "LOW": severity = Severity.Low; return true;
            case "INFO": severity = Severity.Info; return true;
            case "UNKNOWN": severity = Severity.Unknown; return true;
            default: severity = default; return false;
        }
    }
}
