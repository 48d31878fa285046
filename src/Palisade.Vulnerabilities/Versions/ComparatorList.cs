namespace Palisade.Vulnerabilities.Versions;

/// <summary>
/// The range language of the schemes whose ecosystems have none of their own (dpkg, apk, rpm, Go): comparators joined
/// by commas (all must hold), alternatives joined by <c>||</c> (one must hold).
/// </summary>
/// <remarks>
/// A comparator is an operator and a version: <c>=</c> or <c>==</c> (equal), <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>,
/// <c>&gt;</c>, <c>&gt;=</c>; a version without an operator means equal; <c>*</c> matches everything. <c>&lt;</c> and
/// <c>&gt;</c> are strict (dpkg's obsolete meaning of them as &lt;= and &gt;= is not supported; dpkg's <c>&lt;&lt;</c> and
/// <c>&gt;&gt;</c> are accepted as strict aliases). A scheme may add operators of its own (apk's fuzzy <c>~</c>).
/// Whitespace around operators, commas and <c>||</c> is ignored. Example: <c>&gt;= 1.2, &lt; 2 || = 3.0-1</c>.
/// </remarks>
public static class ComparatorList
{
    /// <summary>Ranges longer than this many characters are rejected, so evaluation stays cheap.</summary>
    public const int MaxRangeLength = 64 * 1024;

    /// <summary>
    /// Evaluates <paramref name="range"/> for <paramref name="version"/>. <paramref name="compare"/> orders two versions,
    /// <paramref name="check"/> throws <see cref="FormatException"/> for a version the scheme refuses, and
    /// <paramref name="extra"/> (optional) evaluates a scheme-specific operator: it returns null when it does not know the
    /// operator.
    /// </summary>
    /// <exception cref="FormatException">The range is empty, too long, or has a bad operator or version.</exception>
    public static bool Satisfies(string version, string range, Func<string, string, int> compare, Action<string> check,
        Func<string, string, string, bool?>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(compare);
        ArgumentNullException.ThrowIfNull(check);
        if (range.Length > MaxRangeLength) throw new FormatException($"range is longer than {MaxRangeLength} characters");
        check(version);
        var any = false;
        var result = false;
        foreach (var alternative in range.Split("||"))
        {
            var all = true;
            var count = 0;
            foreach (var raw in alternative.Split(','))
            {
                var comparator = raw.Trim();
                if (comparator.Length == 0) throw new FormatException($"empty comparator in range '{Shorten(range)}'");
                count++;
                var (op, operand) = SplitOperator(comparator);
                if (op == "" && operand == "*") continue;
                if (operand.Length == 0) throw new FormatException($"comparator '{Shorten(comparator)}' has no version");
                check(operand);
                if (!all) continue; // keep validating the rest of the alternative
                var holds = extra?.Invoke(version, op, operand) ?? Evaluate(op, compare(version, operand), comparator);
                if (!holds) all = false;
            }
            if (count == 0) throw new FormatException("empty alternative in range");
            any = true;
            if (all) result = true;
        }
        if (!any) throw new FormatException("empty range");
        return result;
    }

    /// <summary>Splits a comparator into its operator (the leading run of &lt; &gt; = ! ~) and its version.</summary>
    public static (string Operator, string Version) SplitOperator(string comparator)
    {
        ArgumentNullException.ThrowIfNull(comparator);
        var i = 0;
        while (i < comparator.Length && comparator[i] is '<' or '>' or '=' or '!' or '~') i++;
        return (comparator[..i], comparator[i..].Trim());
    }

    private static bool Evaluate(string op, int cmp, string comparator) => op switch
    {
        "" or "=" or "==" => cmp == 0,
        "!=" => cmp != 0,
        "<" or "<<" => cmp < 0,
        "<=" => cmp <= 0,
        ">" or ">>" => cmp > 0,
        ">=" => cmp >= 0,
        _ => throw new FormatException($"unknown operator '{op}' in comparator '{Shorten(comparator)}'"),
    };

    internal static string Shorten(string s) => s.Length <= 80 ? s : string.Concat(s.AsSpan(0, 77), "...");
}
