using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Palisade.Core.Text;

/// <summary>
/// Path globs as users write them in ignore files: <c>*</c> (within a path segment), <c>**</c> (any number of
/// segments), <c>?</c> (one character), <c>[abc]</c>. A pattern without '/' matches a file name at any depth.
/// Paths use '/' separators.
/// </summary>
public static class Glob
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    public static bool IsMatch(string pattern, string path)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(path);
        path = path.Replace('\\', '/');
        if (path.StartsWith("./", StringComparison.Ordinal)) path = path[2..];
        var p = pattern.Replace('\\', '/');
        if (p.StartsWith("./", StringComparison.Ordinal)) p = p[2..];
        var regex = Cache.GetOrAdd(p, Compile);
        return regex.IsMatch(path);
    }

    private static Regex Compile(string pattern)
    {
        var anywhere = !pattern.TrimEnd('/').Contains('/', StringComparison.Ordinal);
        if (pattern.EndsWith('/')) pattern += "**";
        var sb = new StringBuilder("^");
        if (anywhere) sb.Append("(?:.*/)?");
        else if (pattern.StartsWith('/')) pattern = pattern[1..];
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
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0) { sb.Append("\\["); break; }
                    var body = pattern[(i + 1)..close];
                    if (body.StartsWith('!')) body = "^" + body[1..];
                    sb.Append('[').Append(body.Replace("\\", "\\\\", StringComparison.Ordinal)).Append(']');
                    i = close;
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        // A directory pattern also matches everything below it.
        sb.Append("(?:/.*)?$");
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }
}
