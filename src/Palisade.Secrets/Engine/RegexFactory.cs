using System.Text;
using System.Text.RegularExpressions;

namespace Palisade.Secrets.Engine;

/// <summary>Thrown for a pattern that cannot be used (invalid, or not translatable from RE2).</summary>
public sealed class SecretPatternException(string message) : Exception(message);

/// <summary>
/// Compiles rule patterns so that matching is linear in the input: RE2/Go syntax (what gitleaks configs use)
/// is translated to .NET syntax and compiled with <see cref="RegexOptions.NonBacktracking"/>; a pattern that
/// needs backtracking constructs gets a match timeout instead.
/// </summary>
public static class RegexFactory
{
    public static TimeSpan BacktrackingTimeout { get; } = TimeSpan.FromMilliseconds(250);

    public static Regex Compile(string pattern, bool ignoreCase = false)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var translated = TranslateRe2(pattern);
        var options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        try
        {
            return new Regex(translated, options | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return WithTimeout(pattern, translated, options);
        }
        catch (ArgumentException e) when (e is not RegexParseException)
        {
            return WithTimeout(pattern, translated, options);
        }
        catch (RegexParseException e)
        {
            throw new SecretPatternException($"invalid regular expression '{pattern}': {e.Message}");
        }
    }

    private static Regex WithTimeout(string pattern, string translated, RegexOptions options)
    {
        try
        {
            return new Regex(translated, options, BacktrackingTimeout);
        }
        catch (ArgumentException e)
        {
            throw new SecretPatternException($"invalid regular expression '{pattern}': {e.Message}");
        }
    }

    private static readonly (string Posix, string Net)[] PosixClasses =
    [
        ("[:alnum:]", "a-zA-Z0-9"), ("[:alpha:]", "a-zA-Z"), ("[:digit:]", "0-9"), ("[:xdigit:]", "0-9A-Fa-f"),
        ("[:lower:]", "a-z"), ("[:upper:]", "A-Z"), ("[:space:]", @"\s"), ("[:word:]", @"\w"), ("[:blank:]", @" \t"),
        ("[:punct:]", @"!-/:-@\[-`{-~"), ("[:print:]", @" -~"), ("[:graph:]", @"!-~"), ("[:cntrl:]", @"\x00-\x1F\x7F"), ("[:ascii:]", @"\x00-\x7F"),
    ];

    /// <summary>RE2 (Go regexp) to .NET: named groups, POSIX classes, \pL, \z, \x{...}; other syntax is shared.</summary>
    public static string TranslateRe2(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var sb = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var n = pattern[i + 1];
                if (n is 'p' or 'P' && i + 2 < pattern.Length && pattern[i + 2] != '{')
                {
                    sb.Append('\\').Append(n).Append('{').Append(pattern[i + 2]).Append('}');
                    i += 2;
                    continue;
                }
                if (n == 'x' && i + 2 < pattern.Length && pattern[i + 2] == '{')
                {
                    var close = pattern.IndexOf('}', i + 3);
                    if (close > 0 && int.TryParse(pattern.AsSpan(i + 3, close - i - 3), System.Globalization.NumberStyles.HexNumber, null, out var cp) && cp <= 0xFFFF)
                    {
                        sb.Append(@"\u").Append(cp.ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                        i = close;
                        continue;
                    }
                }
                if (n == 'z')
                {
                    sb.Append(@"\z");
                    i++;
                    continue;
                }
                if (n == '_')
                {
                    // RE2 lets any punctuation be escaped; .NET rejects "\_" (a word character).
                    sb.Append('_');
                    i++;
                    continue;
                }
                sb.Append(c).Append(n);
                i++;
                continue;
            }
            // Named groups become plain groups: .NET numbers named groups after all unnamed ones, RE2 numbers every
            // group by its opening parenthesis, and a rule's secretGroup counts the RE2 way. (No rule uses the names.)
            if (!inClass && c == '(' && (pattern.AsSpan(i).StartsWith("(?P<") ||
                (pattern.AsSpan(i).StartsWith("(?<") && i + 3 < pattern.Length && (char.IsAsciiLetter(pattern[i + 3]) || pattern[i + 3] == '_'))))
            {
                var close = pattern.IndexOf('>', i);
                if (close > 0)
                {
                    sb.Append('(');
                    i = close;
                    continue;
                }
            }
            if (c == '[')
            {
                if (inClass && pattern.AsSpan(i).StartsWith("[:"))
                {
                    var hit = PosixClasses.FirstOrDefault(p => pattern.AsSpan(i).StartsWith(p.Posix));
                    if (hit.Posix is not null)
                    {
                        sb.Append(hit.Net);
                        i += hit.Posix.Length - 1;
                        continue;
                    }
                }
                if (!inClass)
                {
                    inClass = true;
                    sb.Append(c);
                    // A ']' right after '[' or '[^' is a literal in RE2.
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^') { sb.Append('^'); i++; }
                    if (i + 1 < pattern.Length && pattern[i + 1] == ']') { sb.Append(@"\]"); i++; }
                    continue;
                }
                sb.Append(@"\[");
                continue;
            }
            if (c == ']' && inClass)
            {
                inClass = false;
                sb.Append(c);
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }
}
