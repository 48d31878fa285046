using Palisade.Core.Ignore;

namespace Palisade.Core.Findings;

/// <summary>What filtering removed from a report.</summary>
public sealed record FilterOutcome(int BelowSeverity, int Ignored);

/// <summary>Applies the user's --severity selection and ignore file to a report, in place.</summary>
public static class ReportFilter
{
    public static FilterOutcome Apply(ScanReport report, IReadOnlySet<Severity>? severities, IgnoreFile ignore, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(ignore);
        int below = 0, ignored = 0;
        foreach (var result in report.Results)
        {
            below += result.Findings.RemoveAll(f => severities is not null && !severities.Contains(f.Severity));
            ignored += result.Findings.RemoveAll(f => ignore.Suppresses(f, result.Target, today));
        }
        return new FilterOutcome(below, ignored);
    }

    /// <summary>
    /// Removes findings that an earlier report already had (--baseline): the same fingerprint when both have one,
    /// otherwise the same rule, path, line and message. Returns how many were removed.
    /// </summary>
    public static int ApplyBaseline(ScanReport report, ScanReport baseline)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(baseline);
        var known = baseline.AllFindings.Select(Key).ToHashSet(StringComparer.Ordinal);
        var removed = 0;
        foreach (var result in report.Results) removed += result.Findings.RemoveAll(f => known.Contains(Key(f)));
        return removed;
    }

    private static string Key(Finding f) =>
        f.Fingerprint is { } fp ? "fp\0" + fp : string.Join('\0', f.RuleId, f.Location?.Path ?? "", f.Location?.StartLine ?? 0, f.Message);

    /// <summary>Parses <c>CRITICAL,HIGH</c>; throws <see cref="FormatException"/> naming a bad entry.</summary>
    public static IReadOnlySet<Severity> ParseSeverities(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var set = new HashSet<Severity>();
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!SeverityNames.TryParse(part, out var s))
                throw new FormatException($"unknown severity '{part}' (expected CRITICAL, HIGH, MEDIUM, LOW, INFO or UNKNOWN)");
            set.Add(s);
        }
        if (set.Count == 0) throw new FormatException("--severity needs at least one severity");
        return set;
    }
}
