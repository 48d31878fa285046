using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Palisade.Core.Text;

/// <summary>
/// Path globs as users write them in ignore files: <c>*</c> (within a path segment), <c>**</c> (any number of
/// segments), <c>?</c> (one character), <c>[abc]</c>, <c>[a-z]</c> and <c>[!abc]</c> (one character of, or not of,
/// a set; never '/'). A pattern without '/' matches a file name at any depth; a pattern with '/' (or starting with
/// '/') is anchored at the scan root. A pattern also matches everything below a directory it names. Paths use '/'
/// separators. Every pattern is valid: a '[' without a closing ']' is an ordinary character.
/// </summary>
public static class Glob
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Regex> ExactCache = new(StringComparer.Ordinal);

    public static bool IsMatch(string pattern, string path) => IsMatch(pattern, path, matchDescendants: true);

    /// <param name="matchDescendants">Whether a path below a directory the pattern names matches too (false: the path itself must match).</param>
    public static bool IsMatch(string pattern, string path, bool matchDescendants)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(path);
        path = path.Replace('\\', '/');
        if (path.StartsWith("./", StringComparison.Ordinal)) path = path[2..];
        // Anchored patterns drop their leading '/', so an absolute path is compared without it too.
        if (path.StartsWith('/')) path = path[1..];
        var p = pattern.Replace('\\', '/');
        if (p.StartsWith("./", StringComparison.Ordinal)) p = p[2..];
        var regex = matchDescendants ? Cache.GetOrAdd(p, x => Compile(x, true)) : ExactCache.GetOrAdd(p, x => Compile(x, false));
        return regex.IsMatch(path);
    }

    /// <summary>A pattern that matches <paramref name="literal"/> exactly (its glob characters made ordinary).</summary>
    public static string Escape(string literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        var sb = new StringBuilder(literal.Length);
        foreach (var c in literal)
        {
            if (c is '*' or '?' or '[') sb.Append('[').Append(c).Append(']');
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static Regex Compile(string pattern, bool descendants)
    {
        var anywhere = !pattern.TrimEnd('/').Contains('/', StringComparison.Ordinal);
        if (pattern.EndsWith('/')) pattern += "**";
        var sb = new StringBuilder("^");
        if (anywhere) sb.Append("(?:.*/)?");
        else if (pattern.StartsWith('/')) pattern = pattern.TrimStart('/');
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    if (i + 1 < pattern.Length && pattern[i + 1] == '*')
                    {
                        i++;
                        if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                        {
                            i++;
                            sb.Append("(?:.*/)?");
                        }
                        else
                        {
                            sb.Append(".*");
                        }
                    }
                    else
                    {
                        sb.Append("[^/]*");
                    }
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '[':
                    if (TryCharacterClass(pattern, i, sb, out var end)) i = end;
                    else sb.Append("\\[");
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        // A directory pattern also matches everything below it.
        sb.Append(descendants ? "(?:/.*)?$" : "$");
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }

    /// <summary>
    /// Translates the set starting at <paramref name="start"/> ('['), shell style: a leading '!' or '^' negates,
    /// a ']' right after the opening (or the negation) is a member, <c>a-z</c> is a range and a '-' first or last
    /// is a member. Every member is written as a \uXXXX escape, so no input can make an invalid regex; '/' is
    /// never a member. False when there is no closing ']'.
    /// </summary>
    private static bool TryCharacterClass(string pattern, int start, StringBuilder sb, out int end)
    {
        end = start;
        var j = start + 1;
        var negate = j < pattern.Length && pattern[j] is '!' or '^';
        if (negate) j++;
        var first = j;
        if (j < pattern.Length && pattern[j] == ']') j++;
        var close = j < pattern.Length ? pattern.IndexOf(']', j) : -1;
        if (close < 0) return false;

        sb.Append('[');
        if (negate) sb.Append("^/");
        for (var k = first; k < close; k++)
        {
            var lo = pattern[k];
            if (k + 2 < close && pattern[k + 1] == '-')
            {
                var hi = pattern[k + 2];
                if (hi < lo) (lo, hi) = (hi, lo);
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)lo:X4}-\\u{(int)hi:X4}");
                k += 2;
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)lo:X4}");
            }
        }
        // Subtracting '/' keeps ranges such as [+-0] from matching a separator.
        if (!negate) sb.Append("-[/]");
        sb.Append(']');
        end = close;
        return true;
    }
}
