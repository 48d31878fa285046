namespace Palisade.Core.Findings;

/// <summary>How bad a finding is. Ordered: a larger value is more severe.</summary>
public enum Severity
{
    Info = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}

public static class SeverityNames
{
    /// <summary>All severities, most severe first (the order reports list them in).</summary>
    public static IReadOnlyList<Severity> Descending { get; } =
        [Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Info];

    /// <summary>The upper-case wire name: CRITICAL, HIGH, MEDIUM, LOW, INFO.</summary>
    public static string ToWire(this Severity severity) => severity switch
    {
        Severity.Critical => "CRITICAL",
        Severity.High => "HIGH",
        Severity.Medium => "MEDIUM",
        Severity.Low => "LOW",
        Severity.Info => "INFO",
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
            default: severity = default; return false;
        }
    }
}
