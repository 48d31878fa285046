using System.Text;

namespace Palisade.Dockerfile.Parsing;

/// <summary>
/// Dockerfile variable substitution as BuildKit does it in FROM, COPY, ENV, USER, WORKDIR ...:
/// <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR-default}</c>, <c>${VAR:+alt}</c>,
/// <c>${VAR+alt}</c>; the escape character before <c>$</c> keeps it literal; unknown variables expand to "".
/// </summary>
public static class VariableExpander
{
    public static string Expand(string text, Func<string, string?> lookup, char escape = '\\')
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(lookup);
        if (!text.Contains('$', StringComparison.Ordinal)) return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == escape && i + 1 < text.Length && text[i + 1] == '$')
            {
                sb.Append('$');
                i++;
                continue;
            }
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
                sb.Append(Substitute(text[(i + 2)..close], lookup, escape));
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
            sb.Append(lookup(text[(i + 1)..j]) ?? "");
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

    private static string Substitute(string body, Func<string, string?> lookup, char escape)
    {
        var n = 0;
        while (n < body.Length && (char.IsAsciiLetterOrDigit(body[n]) || body[n] == '_')) n++;
        var name = body[..n];
        var value = lookup(name);
        if (n == body.Length) return value ?? "";
        var rest = body[n..];
        var colon = rest.StartsWith(':');
        if (colon) rest = rest[1..];
        if (rest.Length == 0) return value ?? "";
        var op = rest[0];
        var word = Expand(rest[1..], lookup, escape);
        var unset = colon ? string.IsNullOrEmpty(value) : value is null;
        return op switch
        {
            '-' => unset ? word : value!,
            '+' => unset ? "" : word,
            _ => value ?? "",
        };
    }
}
