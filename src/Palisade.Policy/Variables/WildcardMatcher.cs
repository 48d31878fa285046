namespace Palisade.Policy.Variables;

/// <summary>
/// Kyverno's wildcard match for <c>pattern_match</c>: <c>*</c> matches any run of characters (including none),
/// <c>?</c> exactly one character, everything else itself, case-sensitively, over whole code points. Linear-time
/// greedy matching with one backtrack point, so hostile patterns (<c>*a*a*a*…b</c>) cannot explode.
/// (Kept private to the variables code; the pattern engine has its own matcher with the same rules.)
/// </summary>
internal static class WildcardMatcher
{
    /// <summary>Whether <paramref name="text"/> matches <paramref name="pattern"/> in full.</summary>
    public static bool Match(string pattern, string text)
    {
        if (pattern.Length == 0) return text.Length == 0;
        if (pattern == "*") return true;
        var p = CodePoints(pattern);
        var t = CodePoints(text);
        int pi = 0, ti = 0, star = -1, mark = 0;
        while (ti < t.Length)
        {
            if (pi < p.Length && (p[pi] == '?' || p[pi] == t[ti]) && p[pi] != '*')
            {
                pi++;
                ti++;
            }
            else if (pi < p.Length && p[pi] == '*')
            {
                star = pi++;
                mark = ti;
            }
            else if (star >= 0)
            {
                pi = star + 1;
                ti = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (pi < p.Length && p[pi] == '*') pi++;
        return pi == p.Length;
    }

    private static int[] CodePoints(string s)
    {
        var list = new List<int>(s.Length);
        for (var i = 0; i < s.Length;) list.Add(GoJson.NextCodePoint(s, ref i));
        return [.. list];
    }
}
