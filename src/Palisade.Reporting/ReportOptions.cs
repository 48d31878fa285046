namespace Palisade.Reporting;

/// <summary>
/// How a report is rendered. The CLI fills this in (colour only on a TTY with NO_COLOR unset); writers never look
/// at the environment themselves, so the same options always give the same output.
/// </summary>
public sealed record ReportOptions
{
    /// <summary>Use ANSI colours and styles (table output only).</summary>
    public bool Color { get; init; }

    /// <summary>The width, in columns, that table output is laid out for.</summary>
    public int Width { get; init; } = 120;

    /// <summary>
    /// Absolute path of the directory that finding paths are relative to. When set, SARIF output records it as
    /// the <c>%SRCROOT%</c> base URI; when null, <c>%SRCROOT%</c> is left for the consumer to resolve.
    /// </summary>
    public string? SourceRoot { get; init; }
}
