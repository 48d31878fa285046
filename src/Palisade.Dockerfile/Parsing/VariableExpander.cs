using System.Text;

namespace Palisade.Dockerfile.Parsing;

/// <summary>
/// Dockerfile variable substitution as BuildKit does it in FROM, COPY, ENV, USER, WORKDIR ...:
/// <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR-default}</c>, <c>${VAR:+alt}</c>,
/// <c>${VAR+alt}</c> (defaults and alternatives may themselves hold variables); the escape character before
/// <c>$</c> keeps it literal (and is removed); nothing is expanded inside single quotes; unknown variables expand
/// to "" (or stay as written, when asked). Quotes and other escapes are kept for the word splitting that follows.
/// </summary>
public static class VariableExpander
{
    /// <summary>How deep <c>${A:-${B:-...}}</c> may nest before the rest is left as written.</summary>
    private const int MaxDepth = 32;

    public static string Expand(string text, Func<string, string?> lookup, char escape = '\\') =>
        Expand(text, lookup, escape, keepUnset: false);

    /// <summary>
    /// Expands variables; with <paramref name="keepUnset"/>, a plain <c>$VAR</c> or <c>${VAR}</c> that has no value
    /// stays as written, so callers can tell that the result depends on a value given at build time.
    /// </summary>
    public static string Expand(string text, Func<string, string?> lookup, char escape, bool keepUnset)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(lookup);
        return Expand(text, lookup, escape, keepUnset, 0);
    }

    private static string Expand(string text, Func<string, string?> lookup, char escape, bool keepUnset, int depth)
    {
        if (!text.Contains('$', StringComparison.Ordinal) || depth > MaxDepth) return text;
        var sb = new StringBuilder(text.Length);
        var inSingle = false;
        var inDouble = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inSingle)
            {
                sb.Append(c);
                if (c == '\'') inSingle = false;
                continue;
            }
            if (c == escape && i + 1 < text.Length)
            {
                // \$ is a literal $; any other escaped character is kept, escape and all, for the word splitting.
                if (text[i + 1] != '$') sb.Append(c);
                sb.Append(text[++i]);
                continue;
            }
            if (c == '\'' && !inDouble) inSingle = true;
            if (c == '"') inDouble = !inDouble;
            if (c != '$' || i + 1 >= text.Length)
            {
                sb.Append(c);
                continue;
            }
            if (text[i + 1] == '{')
            {
                var close = FindClose(text, i + 2);
                if (close < 0)
                {
                    sb.Append(text, i, text.Length - i);
                    break;
                }
                sb.Append(Substitute(text[(i + 2)..close], lookup, escape, keepUnset, depth) ?? text[i..(close + 1)]);
                i = close;
                continue;
            }
            var j = i + 1;
            while (j < text.Length && (char.IsAsciiLetterOrDigit(text[j]) || text[j] == '_')) j++;
            if (j == i + 1)
            {
                sb.Append(c);
                continue;
            }
            var value = lookup(text[(i + 1)..j]);
            sb.Append(value ?? (keepUnset ? text[i..j] : ""));
            i = j - 1;
        }
        return sb.ToString();
    }

    private static int FindClose(string text, int from)
    {
        var depth = 1;
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] == '{') depth++;
            else if (text[i] == '}' && --depth == 0) return i;
        }
        return -1;
    }

    /// <summary>The value of <c>${body}</c>; null to keep it as written (an unset plain variable with keepUnset).</summary>
    private static string? Substitute(string body, Func<string, string?> lookup, char escape, bool keepUnset, int depth)
    {
        var n = 0;
        while (n < body.Length && (char.IsAsciiLetterOrDigit(body[n]) || body[n] == '_')) n++;
        var name = body[..n];
        var value = lookup(name);
        var rest = body[n..];
        var colon = rest.StartsWith(':');
        if (colon) rest = rest[1..];
        if (rest.Length == 0) return value ?? (keepUnset ? null : "");
        var op = rest[0];
        var word = Expand(rest[1..], lookup, escape, keepUnset, depth + 1);
        var unset = colon ? string.IsNullOrEmpty(value) : value is null;
        return op switch
        {
            '-' => unset ? word : value!,
            '+' => unset ? "" : word,
            _ => value ?? "",
        };
    }
}
