namespace Palisade.Vulnerabilities.Matching;

/// <summary>The kind of an OSV range event.</summary>
public enum RangeEventKind
{
    Introduced,
    Fixed,
    LastAffected,
    Limit,
}

/// <summary>One OSV range event ("introduced": "0", "fixed": "1.2.3" ...).</summary>
public readonly record struct RangeEvent(RangeEventKind Kind, string Version);

/// <summary>
/// OSV's evaluation of <c>affected[].ranges[].events</c> (the schema's "Evaluation" section): events sorted by version
/// (an introduced "0" before everything); walking them, an introduced at or below the version makes it affected, a fixed
/// at or below it makes it not affected, a last_affected strictly below it makes it not affected; a limit at or below the
/// version excludes it from the whole range. Several introduced/fixed pairs in one range are separate intervals.
/// </summary>
public static class AffectedRanges
{
    /// <summary>Whether <paramref name="version"/> is inside the range the events describe.</summary>
    /// <param name="compare">The ecosystem's version order; may throw <see cref="FormatException"/> for versions it cannot parse.</param>
    /// <exception cref="FormatException">A version (the package's or an event's) does not parse in the scheme.</exception>
    public static bool Includes(string version, IReadOnlyList<RangeEvent> events, Comparison<string> compare)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(compare);
        int Order(RangeEvent a, RangeEvent b)
        {
            var aZero = a.Kind == RangeEventKind.Introduced && a.Version == "0";
            var bZero = b.Kind == RangeEventKind.Introduced && b.Version == "0";
            if (aZero || bZero) return aZero == bZero ? 0 : aZero ? -1 : 1;
            var c = compare(a.Version, b.Version);
            // At the same version an interval opens before it closes: "introduced 1.0, last_affected 1.0" is [1.0, 1.0],
            // "introduced 1.0, fixed 1.0" is empty.
            return c != 0 ? c : KindOrder(a.Kind).CompareTo(KindOrder(b.Kind));
        }

        foreach (var limit in events.Where(e => e.Kind == RangeEventKind.Limit))
        {
            if (limit.Version != "*" && compare(version, limit.Version) >= 0) return false;
        }
        var sorted = events.Where(e => e.Kind != RangeEventKind.Limit).ToList();
        sorted.Sort(Order);
        var affected = false;
        foreach (var e in sorted)
        {
            switch (e.Kind)
            {
                case RangeEventKind.Introduced:
                    if (e.Version == "0" || compare(version, e.Version) >= 0) affected = true;
                    break;
                case RangeEventKind.Fixed:
                    if (compare(version, e.Version) >= 0) affected = false;
                    break;
                case RangeEventKind.LastAffected:
                    if (compare(version, e.Version) > 0) affected = false;
                    break;
            }
        }
        return affected;
    }

    /// <summary>
    /// The fixed versions of the intervals that contain <paramref name="version"/> or start above it (what to upgrade to),
    /// lowest first.
    /// </summary>
    public static IReadOnlyList<string> FixedVersions(string version, IReadOnlyList<RangeEvent> events, Comparison<string> compare)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(compare);
        var fixes = events.Where(e => e.Kind == RangeEventKind.Fixed).Select(e => e.Version).Distinct(StringComparer.Ordinal).ToList();
        var above = fixes.Where(f => Safe(() => compare(f, version) > 0)).ToList();
        above.Sort((a, b) => Safe(() => compare(a, b)));
        return above;
    }

    private static int KindOrder(RangeEventKind kind) => kind switch
    {
        RangeEventKind.Introduced => 0,
        RangeEventKind.LastAffected => 1,
        RangeEventKind.Fixed => 2,
        _ => 3,
    };

    private static T Safe<T>(Func<T> f)
    {
        try
        {
            return f();
        }
        catch (FormatException)
        {
            return default!;
        }
    }
}
