using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Palisade.Policy.Variables;

/// <summary>
/// Go (RE2) regular expressions on .NET's linear-time engine: patterns are translated to .NET syntax with Go's
/// meaning (<c>\d</c>, <c>\w</c>, <c>\s</c> are ASCII, <c>$</c> is end of text, <c>(?P&lt;name&gt;</c>, POSIX classes,
/// <c>\Q..\E</c>, repeat counts at most 1000) and compiled with <see cref="RegexOptions.NonBacktracking"/> and a
/// match timeout, so hostile patterns or input cannot hang evaluation. Compiled patterns are cached.
/// </summary>
public static class GoRegex
{
    private const int MaxCacheEntries = 1024;
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);
    private static readonly ConcurrentDictionary<string, Compiled> Cache = new(StringComparer.Ordinal);

    /// <summary>A translated pattern: the .NET regex (every group unnamed, numbered as Go numbers them) and Go's group names.</summary>
    private sealed record Compiled(Regex Regex, IReadOnlyList<string?> GroupNames);

    private static readonly Dictionary<string, string> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z",
        ["alpha"] = "A-Za-z",
        ["ascii"] = "\\x00-\\x7F",
        ["blank"] = "\\t ",
        ["cntrl"] = "\\x00-\\x1F\\x7F",
        ["digit"] = "0-9",
        ["graph"] = "!-~",
        ["lower"] = "a-z",
        ["print"] = " -~",
        ["punct"] = "!-/:-@\\[-`{-~",
        ["space"] = "\\t\\n\\v\\f\\r ",
        ["upper"] = "A-Z",
        ["word"] = "0-9A-Za-z_",
        ["xdigit"] = "0-9A-Fa-f",
    };

    /// <summary>The compiled form of a Go pattern (cached).</summary>
    /// <exception cref="ArgumentException">The pattern is not a valid Go regular expression or uses what RE2 lacks.</exception>
    public static Regex Get(string pattern) => Compile(pattern).Regex;

    private static Compiled Compile(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (Cache.TryGetValue(pattern, out var cached)) return cached;
        var names = new List<string?>();
        var translated = Translate(pattern, names);
        Regex regex;
        try
        {
            regex = new Regex(translated, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"error parsing regexp: {e.Message}: `{pattern}`", nameof(pattern), e);
        }
        var compiled = new Compiled(regex, names);
        if (Cache.Count >= MaxCacheEntries) Cache.Clear();
        Cache[pattern] = compiled;
        return compiled;
    }

    /// <summary>Whether the pattern matches anywhere in the input (Go's <c>regexp.MatchString</c>).</summary>
    public static bool IsMatch(string pattern, string input)
    {
        var regex = Get(pattern);
        return Run(() => regex.IsMatch(input));
    }

    /// <summary>
    /// Replaces every match as Go's <c>ReplaceAll</c> (<paramref name="literal"/>: <c>ReplaceAllLiteral</c>): the
    /// replacement expands <c>$1</c>, <c>${1}</c>, <c>$name</c>, <c>${name}</c> and <c>$$</c>; an empty match right
    /// after a previous match is skipped.
    /// </summary>
    public static string ReplaceAll(string pattern, string input, string replacement, bool literal)
    {
        var compiled = Compile(pattern);
        var regex = compiled.Regex;
        return Run(() =>
        {
            var sb = new StringBuilder();
            var position = 0;
            var previousEnd = -1;
            for (var m = regex.Match(input); m.Success; m = m.NextMatch())
            {
                if (m.Length == 0 && m.Index == previousEnd) continue;
                sb.Append(input, position, m.Index - position);
                if (literal) sb.Append(replacement);
                else Expand(sb, compiled.GroupNames, m, replacement);
                position = m.Index + m.Length;
                previousEnd = position;
            }
            sb.Append(input, position, input.Length - position);
            return sb.ToString();
        });
    }

    private static T Run<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (RegexMatchTimeoutException e)
        {
            throw new ArgumentException($"regular expression timed out after {e.MatchTimeout.TotalSeconds:0.#}s", e);
        }
    }

    /// <summary>Go's <c>Regexp.Expand</c>: <c>$name</c> takes the longest run of letters, digits and underscores.</summary>
    private static void Expand(StringBuilder sb, IReadOnlyList<string?> groupNames, Match match, string template)
    {
        var i = 0;
        while (i < template.Length)
        {
            var dollar = template.IndexOf('$', i);
            if (dollar < 0)
            {
                sb.Append(template, i, template.Length - i);
                return;
            }
            sb.Append(template, i, dollar - i);
            i = dollar + 1;
            if (i < template.Length && template[i] == '$')
            {
                sb.Append('$');
                i++;
                continue;
            }
            if (!TryExtractName(template, ref i, out var name))
            {
                sb.Append('$');
                continue;
            }
            var number = -1;
            if (name.All(char.IsAsciiDigit))
            {
                if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out number)) number = -1;
            }
            else
            {
                for (var g = 0; g < groupNames.Count && number < 0; g++)
                    if (groupNames[g] == name) number = g + 1;
            }
            if (number >= 0 && number <= groupNames.Count && match.Groups[number].Success) sb.Append(match.Groups[number].Value);
        }
    }

    private static bool TryExtractName(string template, ref int i, out string name)
    {
        name = "";
        if (i >= template.Length) return false;
        if (template[i] == '{')
        {
            var close = template.IndexOf('}', i + 1);
            if (close < 0) return false;
            var candidate = template[(i + 1)..close];
            if (candidate.Length == 0 || !candidate.All(IsWordChar)) return false;
            name = candidate;
            i = close + 1;
            return true;
        }
        var start = i;
        while (i < template.Length && IsWordChar(template[i])) i++;
        if (i == start) return false;
        name = template[start..i];
        return true;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>Rewrites a Go pattern in .NET syntax with Go's meaning.</summary>
    internal static string Translate(string pattern, List<string?> groupNames)
    {
        var multiline = HasMultilineFlag(pattern);
        var sb = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                i = TranslateEscape(pattern, i, inClass, sb);
                continue;
            }
            if (inClass)
            {
                if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
                {
                    var close = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    if (close > 0)
                    {
                        var name = pattern[(i + 2)..close];
                        if (name.StartsWith('^') || !PosixClasses.TryGetValue(name, out var ranges))
                            throw new ArgumentException($"error parsing regexp: invalid character class range: `[:{name}:]`");
                        sb.Append(ranges);
                        i = close + 1;
                        continue;
                    }
                }
                if (c == '[') sb.Append("\\[");
                else sb.Append(c);
                if (c == ']') inClass = false;
                continue;
            }
            switch (c)
            {
                case '[':
                    inClass = true;
                    sb.Append('[');
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        sb.Append('^');
                        i++;
                    }
                    // A ']' right after '[' or '[^' is a literal in Go.
                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        sb.Append("\\]");
                        i++;
                    }
                    break;
                case '$':
                    sb.Append(multiline ? "$" : "\\z");
                    break;
                case '(':
                    i = TranslateGroup(pattern, i, sb, groupNames);
                    break;
                case '{':
                    i = CopyRepeat(pattern, i, sb);
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        if (multiline) sb.Insert(0, "(?m)");
        return sb.ToString();
    }

    /// <summary>
    /// Copies a group opening; capturing groups (named or not) become unnamed .NET groups so that numbering follows
    /// Go's (by opening parenthesis), and their names are recorded.
    /// </summary>
    private static int TranslateGroup(string pattern, int i, StringBuilder sb, List<string?> groupNames)
    {
        if (i + 1 >= pattern.Length || pattern[i + 1] != '?')
        {
            groupNames.Add(null);
            sb.Append('(');
            return i;
        }
        var nameStart = pattern.AsSpan(i).StartsWith("(?P<") ? i + 4 : pattern.AsSpan(i).StartsWith("(?<") && !pattern.AsSpan(i).StartsWith("(?<=") && !pattern.AsSpan(i).StartsWith("(?<!") ? i + 3 : -1;
        if (nameStart < 0)
        {
            sb.Append('(');
            return i;
        }
        var close = pattern.IndexOf('>', nameStart);
        var name = close < 0 ? "" : pattern[nameStart..close];
        if (name.Length == 0 || !name.All(IsWordChar))
            throw new ArgumentException($"error parsing regexp: invalid named capture: `{pattern[i..Math.Min(pattern.Length, nameStart + Math.Max(name.Length, 1) + 1)]}`");
        groupNames.Add(name);
        sb.Append('(');
        return close;
    }

    private static bool HasMultilineFlag(string pattern)
    {
        for (var i = pattern.IndexOf("(?", StringComparison.Ordinal); i >= 0; i = pattern.IndexOf("(?", i + 2, StringComparison.Ordinal))
        {
            var j = i + 2;
            while (j < pattern.Length && char.IsAsciiLetter(pattern[j])) j++;
            if (j < pattern.Length && pattern[j] is ')' or ':' && pattern.AsSpan(i + 2, j - i - 2).Contains('m')) return true;
        }
        return false;
    }

    /// <summary>Copies <c>{n}</c>, <c>{n,}</c>, <c>{n,m}</c>, rejecting counts over 1000 as Go does; any other brace is literal.</summary>
    private static int CopyRepeat(string pattern, int i, StringBuilder sb)
    {
        var close = pattern.IndexOf('}', i);
        if (close > i)
        {
            var body = pattern[(i + 1)..close];
            var parts = body.Split(',');
            var isRepeat = parts.Length is 1 or 2 && parts[0].Length > 0 && parts.All(p => p.All(char.IsAsciiDigit));
            if (isRepeat)
            {
                foreach (var p in parts)
                    if (p.Length > 0 && (p.Length > 4 || int.Parse(p, CultureInfo.InvariantCulture) > 1000))
                        throw new ArgumentException($"error parsing regexp: invalid repeat count: `{{{body}}}`");
                sb.Append(pattern, i, close - i + 1);
                return close;
            }
        }
        sb.Append("\\{");
        return i;
    }

    private static int TranslateEscape(string pattern, int i, bool inClass, StringBuilder sb)
    {
        var next = pattern[i + 1];
        switch (next)
        {
            case 'd': sb.Append(inClass ? "0-9" : "[0-9]"); return i + 1;
            case 'w': sb.Append(inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]"); return i + 1;
            case 's': sb.Append(inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]"); return i + 1;
            case 'D' when !inClass: sb.Append("[^0-9]"); return i + 1;
            case 'W' when !inClass: sb.Append("[^0-9A-Za-z_]"); return i + 1;
            case 'S' when !inClass: sb.Append("[^\\t\\n\\f\\r ]"); return i + 1;
            case 'z': sb.Append("\\z"); return i + 1;
            case 'Q':
                var end = pattern.IndexOf("\\E", i + 2, StringComparison.Ordinal);
                var literal = end < 0 ? pattern[(i + 2)..] : pattern[(i + 2)..end];
                sb.Append(Regex.Escape(literal));
                return end < 0 ? pattern.Length - 1 : end + 1;
            case 'p' or 'P' when i + 2 < pattern.Length && pattern[i + 2] != '{':
                sb.Append('\\').Append(next).Append('{').Append(pattern[i + 2]).Append('}');
                return i + 2;
            case 'x' when i + 2 < pattern.Length && pattern[i + 2] == '{':
                var close = pattern.IndexOf('}', i + 3);
                if (close < 0 || !int.TryParse(pattern.AsSpan(i + 3, close - i - 3), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var cp) || cp > 0x10FFFF)
                    throw new ArgumentException($"error parsing regexp: invalid escape sequence: `{pattern[i..Math.Min(pattern.Length, i + 4)]}`");
                foreach (var ch in char.ConvertFromUtf32(cp)) sb.Append("\\u").Append(((int)ch).ToString("X4", CultureInfo.InvariantCulture));
                return close;
            default:
                if (char.IsAsciiDigit(next) && next != '0')
                    throw new ArgumentException($"error parsing regexp: invalid escape sequence: `\\{next}`");
                sb.Append('\\').Append(next);
                return i + 1;
        }
    }
}
