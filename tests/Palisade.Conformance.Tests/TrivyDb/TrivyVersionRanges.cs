using Palisade.Vulnerabilities.Versions;

namespace Palisade.Conformance.Tests.TrivyDb;

/// <summary>One end of a version interval.</summary>
public sealed record VersionBound(string Version, bool Inclusive);

/// <summary>A version interval; a null end is unbounded.</summary>
public sealed record VersionInterval(VersionBound? Lower, VersionBound? Upper)
{
    /// <summary>Every version.</summary>
    public static VersionInterval All { get; } = new(null, null);

    /// <summary>Whether it is the single version <see cref="Lower"/>.</summary>
    public bool IsPoint => Lower is { Inclusive: true } l && Upper is { Inclusive: true } u && l.Version == u.Version;
}

/// <summary>The OSV form of a set of affected versions: one range (its events as (kind, version)) per interval, and single versions.</summary>
public sealed record OsvEvents(IReadOnlyList<IReadOnlyList<(string Kind, string Version)>> Ranges, IReadOnlyList<string> Versions);

/// <summary>
/// Turns trivy-db's library range strings into OSV events. Trivy reports a version when it satisfies one of
/// VulnerableVersions (or there are none) and none of PatchedVersions and UnaffectedVersions; each string is a constraint
/// in the ecosystem's own syntax: node-semver ranges for npm, PEP 440 specifier sets for PyPI (a bare version is an
/// exact one), and for the others comparators (<c>&lt; &lt;= &gt; &gt;= = ~&gt;</c>) joined by commas or spaces,
/// alternatives by <c>||</c>. The strings are parsed with Palisade's version schemes (npm and PEP 440 through their
/// range parsers), turned into intervals, the patched and unaffected ones cut out, and each remaining interval written
/// as introduced (its lower end, "0" when unbounded) and fixed (an exclusive upper end) or last_affected (an inclusive
/// one); a single version goes to <c>versions</c>. What OSV events cannot say raises <see cref="FormatException"/> with
/// the reason: an interval open at its lower end (<c>&gt; 1.0</c>, or what is left when a patched version is cut out of
/// the middle of an interval), <c>!=</c>, PEP 440 <c>~=</c> and wildcards, and cuts that need a version order in an
/// ecosystem Palisade has none for (RubyGems, Packagist ...).
/// </summary>
public static class TrivyVersionRanges
{
    /// <summary>Converts one advisory's range strings.</summary>
    /// <param name="ecosystem">The OSV ecosystem (its syntax and, with <paramref name="scheme"/>, its version order).</param>
    /// <param name="scheme">The version order the OSV range is evaluated with; null when Palisade has none.</param>
    /// <exception cref="FormatException">A string does not parse, or the set cannot be written as OSV events.</exception>
    public static OsvEvents ToOsv(string ecosystem, IVersionScheme? scheme, IReadOnlyList<string> vulnerable, IReadOnlyList<string> secure)
    {
        ArgumentNullException.ThrowIfNull(ecosystem);
        ArgumentNullException.ThrowIfNull(vulnerable);
        ArgumentNullException.ThrowIfNull(secure);
        var order = new TrivyVersionOrder(ecosystem, scheme);
        // Trivy: an empty string among them means "vulnerable whatever the version".
        if (vulnerable.Concat(secure).Any(s => s.Trim().Length == 0)) return Events(ecosystem, [VersionInterval.All]);
        var affected = vulnerable.Count == 0 ? [VersionInterval.All] : vulnerable.SelectMany(v => Parse(ecosystem, scheme, v, order)).ToList();
        foreach (var cut in secure.SelectMany(s => Parse(ecosystem, scheme, s, order)))
            affected = affected.SelectMany(i => Subtract(i, cut, order)).ToList();
        return Events(ecosystem, affected);
    }

    /// <summary>The intervals (alternatives) one constraint string describes.</summary>
    /// <exception cref="FormatException">The string does not parse or uses an operator OSV cannot express.</exception>
    public static IReadOnlyList<VersionInterval> Parse(string ecosystem, IVersionScheme? scheme, string constraint, TrivyVersionOrder order)
    {
        ArgumentNullException.ThrowIfNull(constraint);
        ArgumentNullException.ThrowIfNull(order);
        IEnumerable<IEnumerable<(string Op, string Version)>> alternatives = ecosystem switch
        {
            "npm" => NpmRange.Parse(constraint).Set.Select(set => set.Where(c => !c.IsAny).Select(c => (c.Operator, c.SemVer!.Version))),
            // A bare version (trivy's PatchedVersions "4.2.3") is an exact one.
            "PyPI" => constraint.Split("||").Select(a => a.Trim()).Select(a => a.Length > 0 && char.IsAsciiLetterOrDigit(a[0]) ? "==" + a : a)
                .Select(a => Pep440SpecifierSet.Parse(a).Specifiers.Select(Pep440)),
            _ => constraint.Split("||").Select(Comparators),
        };
        var result = new List<VersionInterval>();
        foreach (var alternative in alternatives)
        {
            var interval = VersionInterval.All;
            foreach (var (op, version) in alternative)
            {
                if (scheme is not null && !scheme.IsValid(version))
                    throw new FormatException($"'{version}' in '{constraint}' is not a valid {scheme.Name} version");
                interval = Intersect(interval, FromOperator(op, version, constraint), order);
            }
            result.Add(interval);
        }
        return result;
    }

    private static (string, string) Pep440(Pep440Specifier s) =>
        s.IsWildcard || s.Operator is "!=" or "~=" ? throw new FormatException($"PEP 440 '{s}' has no OSV event form") : (s.Operator, s.Version);

    /// <summary>Comparators of the generic syntax: an operator and a version, separated by commas and/or white space.</summary>
    private static List<(string Op, string Version)> Comparators(string alternative)
    {
        var list = new List<(string, string)>();
        var i = 0;
        while (i < alternative.Length)
        {
            if (alternative[i] is ',' || char.IsWhiteSpace(alternative[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < alternative.Length && alternative[i] is '<' or '>' or '=' or '!' or '~' or '^') i++;
            var op = alternative[start..i];
            while (i < alternative.Length && char.IsWhiteSpace(alternative[i])) i++;
            var versionStart = i;
            while (i < alternative.Length && alternative[i] is not ',' && !char.IsWhiteSpace(alternative[i])) i++;
            var version = alternative[versionStart..i];
            if (version.Length == 0) throw new FormatException($"operator '{op}' without a version in '{alternative}'");
            list.Add((op, version));
        }
        if (list.Count == 0) throw new FormatException($"empty alternative in '{alternative}'");
        return list;
    }

    private static VersionInterval FromOperator(string op, string version, string constraint) => op switch
    {
        "" or "=" or "==" or "===" => new(new(version, true), new(version, true)),
        "<" => new(null, new(version, false)),
        "<=" => new(null, new(version, true)),
        ">" => new(new(version, false), null),
        ">=" => new(new(version, true), null),
        "~>" => new(new(version, true), new(Pessimistic(version, constraint), false)),
        _ => throw new FormatException($"operator '{op}' in '{constraint}' has no OSV event form"),
    };

    /// <summary>The exclusive upper end of <c>~&gt; v</c> (RubyGems, go-version): "4.1.11" gives "4.2", "4.1" gives "5".</summary>
    private static string Pessimistic(string version, string constraint)
    {
        var parts = version.Split('.').ToList();
        if (parts.Count > 1) parts.RemoveAt(parts.Count - 1);
        if (!int.TryParse(parts[^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var last))
            throw new FormatException($"'~> {version}' in '{constraint}': the segment to bump is not a number");
        parts[^1] = (last + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Join('.', parts);
    }

    private static VersionInterval Intersect(VersionInterval a, VersionInterval b, TrivyVersionOrder order) => new(
        Tighter(a.Lower, b.Lower, order, lower: true),
        Tighter(a.Upper, b.Upper, order, lower: false));

    /// <summary>The stricter of two ends: the higher lower end, the lower upper end; at the same version, the exclusive one.</summary>
    private static VersionBound? Tighter(VersionBound? a, VersionBound? b, TrivyVersionOrder order, bool lower)
    {
        if (a is null) return b;
        if (b is null) return a;
        var c = order.Compare(a.Version, b.Version);
        if (c == 0) return a.Inclusive ? b : a;
        return (c > 0) == lower ? a : b;
    }

    private static bool IsEmpty(VersionInterval i, TrivyVersionOrder order)
    {
        if (i.Lower is null || i.Upper is null) return false;
        var c = order.Compare(i.Lower.Version, i.Upper.Version);
        return c > 0 || (c == 0 && !(i.Lower.Inclusive && i.Upper.Inclusive));
    }

    /// <summary>Whether <paramref name="a"/> lies wholly below <paramref name="b"/> (checked without a version order when the ends are the same text).</summary>
    private static bool Below(VersionInterval a, VersionInterval b, TrivyVersionOrder order)
    {
        if (a.Upper is null || b.Lower is null) return false;
        var c = order.Compare(a.Upper.Version, b.Lower.Version);
        return c < 0 || (c == 0 && !(a.Upper.Inclusive && b.Lower.Inclusive));
    }

    /// <summary><paramref name="i"/> without <paramref name="cut"/>: none, one or two intervals.</summary>
    private static IEnumerable<VersionInterval> Subtract(VersionInterval i, VersionInterval cut, TrivyVersionOrder order)
    {
        if (Below(i, cut, order) || Below(cut, i, order))
        {
            yield return i;
            yield break;
        }
        if (cut.Lower is not null)
        {
            var left = new VersionInterval(i.Lower, new VersionBound(cut.Lower.Version, !cut.Lower.Inclusive));
            if (!IsEmpty(left, order)) yield return left;
        }
        if (cut.Upper is not null)
        {
            var right = new VersionInterval(new VersionBound(cut.Upper.Version, !cut.Upper.Inclusive), i.Upper);
            if (!IsEmpty(right, order)) yield return right;
        }
    }

    private static OsvEvents Events(string ecosystem, IReadOnlyList<VersionInterval> intervals)
    {
        // OSV writes Go versions without the "v" of go.mod.
        string Osv(string v) => ecosystem == "Go" && v.StartsWith('v') ? v[1..] : v;
        var ranges = new List<IReadOnlyList<(string, string)>>();
        var versions = new List<string>();
        foreach (var i in intervals)
        {
            if (i.IsPoint)
            {
                versions.Add(Osv(i.Lower!.Version));
                continue;
            }
            if (i.Lower is { Inclusive: false } open)
                throw new FormatException($"versions above {open.Version} (excluding it) have no OSV event form: introduced is inclusive");
            var events = new List<(string, string)> { ("introduced", i.Lower is null ? "0" : Osv(i.Lower.Version)) };
            if (i.Upper is not null) events.Add((i.Upper.Inclusive ? "last_affected" : "fixed", Osv(i.Upper.Version)));
            ranges.Add(events);
        }
        return new OsvEvents(ranges, versions);
    }
}

/// <summary>
/// The version order of an ecosystem, for cutting intervals: equal texts are equal without one; otherwise an
/// ecosystem without a scheme cannot be ordered (<see cref="FormatException"/>).
/// </summary>
public sealed class TrivyVersionOrder(string ecosystem, IVersionScheme? scheme)
{
    /// <summary>Compares two versions; only the sign counts.</summary>
    /// <exception cref="FormatException">No order is known, or a version does not parse.</exception>
    public int Compare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a == b) return 0;
        return scheme is null ? throw new FormatException($"Palisade has no version order for {ecosystem} to compare {a} and {b}") : scheme.Compare(a, b);
    }
}
