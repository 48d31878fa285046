using System.Text;
using System.Text.RegularExpressions;
using Palisade.Core.Findings;
using Palisade.Dockerfile.Model;

namespace Palisade.Dockerfile.Parsing;

/// <summary>
/// Parses Dockerfiles (and Containerfiles) as BuildKit reads them: parser directives at the top
/// (<c># syntax=</c>, <c># escape=</c>), line continuations with the escape character, comments (also inside
/// continuations), heredocs (<c>RUN &lt;&lt;EOF</c>, <c>&lt;&lt;-EOF</c>, quoted terminators), flags
/// (<c>--mount</c>, <c>--from</c>, <c>--chown</c>, <c>--platform</c> ...), exec (JSON) and shell forms, and
/// <c>ONBUILD</c>. Errors are collected with their line; parsing goes on after them. Never throws on input.
/// </summary>
public static partial class DockerfileParser
{
    public static IReadOnlySet<string> Keywords { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME",
        "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
    };

    private static readonly HashSet<string> FlagKeywords = new(StringComparer.Ordinal) { "FROM", "RUN", "COPY", "ADD", "HEALTHCHECK" };
    private static readonly HashSet<string> HeredocKeywords = new(StringComparer.Ordinal) { "RUN", "COPY", "ADD" };

    [GeneratedRegex(@"^#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex DirectiveRegex();

    /// <summary>A heredoc word as BuildKit recognises it: optional fd, <c>&lt;&lt;</c>, optional <c>-</c>, a terminator without '&lt;'.</summary>
    [GeneratedRegex(@"^(\d*)<<(-?)([^<]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex HeredocWordRegex();

    /// <summary>A valid build stage name (BuildKit compares names lower case).</summary>
    [GeneratedRegex(@"^[a-z][a-z0-9\-_.]*$", RegexOptions.CultureInvariant)]
    private static partial Regex StageNameRegex();

    public static DockerfileDocument Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith('\uFEFF')) text = text[1..];
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var errors = new List<ScanError>();
        var directives = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var allComments = new List<Comment>();
        var escape = '\\';
        var i = 0;

        // Parser directives: only at the very top, before any blank line, comment or instruction.
        for (; i < lines.Length; i++)
        {
            var m = DirectiveRegex().Match(lines[i].Trim());
            if (!m.Success) break;
            var key = m.Groups[1].Value.ToLowerInvariant();
            if (key is not ("syntax" or "escape" or "check")) break; // an unknown directive is a comment
            if (!directives.TryAdd(key, m.Groups[2].Value))
                errors.Add(Error(path, i + 1, $"parser directive '{key}' set twice"));
            else if (key == "escape")
            {
                var v = m.Groups[2].Value;
                if (v is "\\" or "`") escape = v[0];
                else errors.Add(Error(path, i + 1, $"invalid escape character '{v}' (must be \\ or `)"));
            }
        }

        var instructions = new List<Instruction>();
        var comments = new List<string>();
        while (i < lines.Length)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0)
            {
                comments.Clear();
                i++;
                continue;
            }
            if (trimmed.StartsWith('#'))
            {
                comments.Add(trimmed);
                allComments.Add(new Comment(i + 1, trimmed));
                i++;
                continue;
            }
            var start = i;
            var last = i;
            var logical = new StringBuilder();
            var current = line;
            while (true)
            {
                if (IsContinued(current, escape, out var kept))
                {
                    logical.Append(kept);
                    i++;
                    // Comment lines and blank lines inside a continuation are skipped (BuildKit does the same).
                    while (i < lines.Length && (lines[i].TrimStart().StartsWith('#') || lines[i].Trim().Length == 0))
                    {
                        if (lines[i].TrimStart().StartsWith('#')) allComments.Add(new Comment(i + 1, lines[i].TrimStart()));
                        i++;
                    }
                    if (i >= lines.Length) break;
                    current = lines[i];
                    last = i;
                    continue;
                }
                logical.Append(current);
                i++;
                break;
            }
            var parsed = ParseInstruction(logical.ToString(), start + 1, last + 1, path, errors, [.. comments], escape);
            comments.Clear();
            if (parsed is null) continue;
            // Heredocs: their bodies follow the instruction's last line, one after the other.
            var heredocs = new List<Heredoc>();
            if (HeredocKeywords.Contains(parsed.Effective.Keyword) && !parsed.Effective.IsExecForm)
            {
                foreach (var (name, strip, quoted) in HeredocMarkers(parsed.Effective.Arguments, escape))
                {
                    var bodyStart = i;
                    var sb = new StringBuilder();
                    var terminated = false;
                    for (; i < lines.Length; i++)
                    {
                        var l = strip ? lines[i].TrimStart('\t') : lines[i];
                        if (l == name)
                        {
                            terminated = true;
                            i++;
                            break;
                        }
                        sb.Append(l).Append('\n');
                    }
                    if (!terminated)
                    {
                        errors.Add(Error(path, parsed.StartLine, $"unterminated heredoc <<{name} (no line '{name}' follows)"));
                        // The body ran to the end of the file; the last line is the last one with text.
                        var end = lines.Length;
                        while (end > bodyStart && lines[end - 1].Length == 0) end--;
                        heredocs.Add(new Heredoc(name, sb.ToString(), strip, quoted, bodyStart + 1, Math.Max(bodyStart + 1, end)));
                        break;
                    }
                    heredocs.Add(new Heredoc(name, sb.ToString(), strip, quoted, bodyStart + 1, i));
                }
            }
            if (heredocs.Count > 0) parsed = WithHeredocs(parsed, heredocs);
            instructions.Add(parsed);
        }

        if (instructions.FirstOrDefault(x => x.Keyword != "ARG") is { Keyword: not "FROM" } first)
            errors.Add(Error(path, first.StartLine, $"{first.Keyword} before the first FROM: a Dockerfile must begin with FROM (or ARG)"));
        ValidateStages(instructions, path, errors);

        return new DockerfileDocument
        {
            Path = path,
            Directives = directives,
            EscapeChar = escape,
            Instructions = instructions,
            Errors = errors,
            Comments = allComments,
        };
    }

    /// <summary>
    /// Whether a line continues on the next one: its last non-blank character is the escape character, not
    /// itself escaped (BuildKit's <c>([^\\])\\[ \t]*$|^\\[ \t]*$</c>). <paramref name="kept"/> is the line without it.
    /// </summary>
    private static bool IsContinued(string line, char escape, out string kept)
    {
        var body = line.TrimEnd(' ', '\t');
        kept = line;
        if (body.Length == 0 || body[^1] != escape) return false;
        if (body.Length >= 2 && body[^2] == escape) return false;
        kept = body[..^1];
        return true;
    }

    /// <summary>
    /// The heredocs an instruction's arguments open, in order: words (split at unquoted whitespace, quotes
    /// kept) of the form <c>[n]&lt;&lt;[-]NAME</c>, where NAME may be quoted (then the body is not expanded).
    /// </summary>
    public static IEnumerable<(string Name, bool StripTabs, bool Quoted)> HeredocMarkers(string arguments, char escape = '\\')
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (!arguments.Contains("<<", StringComparison.Ordinal)) yield break;
        foreach (var raw in RawWords(arguments, escape))
        {
            var m = HeredocWordRegex().Match(raw);
            if (!m.Success) continue;
            var rest = m.Groups[3].Value;
            var words = Words(rest, escape);
            if (words.Count != 1 || words[0].Length == 0) continue;
            yield return (words[0], m.Groups[2].Value == "-", rest.Contains('"', StringComparison.Ordinal) || rest.Contains('\'', StringComparison.Ordinal));
        }
    }

    private static Instruction WithHeredocs(Instruction i, List<Heredoc> heredocs)
    {
        var end = Math.Max(i.EndLine, heredocs[^1].EndLine);
        if (i.Inner is { } inner)
        {
            var innerWith = Copy(inner, heredocs, end);
            return Copy(i, [], end, innerWith);
        }
        return Copy(i, heredocs, end);
    }

    private static Instruction Copy(Instruction i, IReadOnlyList<Heredoc> heredocs, int endLine, Instruction? inner = null) => new()
    {
        Keyword = i.Keyword,
        RawKeyword = i.RawKeyword,
        Arguments = i.Arguments,
        Flags = i.Flags,
        ExecForm = i.ExecForm,
        Heredocs = heredocs,
        StartLine = i.StartLine,
        EndLine = endLine,
        Inner = inner ?? i.Inner,
        LeadingComments = i.LeadingComments,
    };

    private static Instruction? ParseInstruction(string text, int startLine, int endLine, string path, List<ScanError> errors, IReadOnlyList<string> comments, char escape, bool inOnbuild = false)
    {
        var t = text.TrimStart();
        var k = 0;
        while (k < t.Length && char.IsAsciiLetter(t[k])) k++;
        var raw = t[..k];
        var keyword = raw.ToUpperInvariant();
        if (k == 0 || (k < t.Length && !char.IsWhiteSpace(t[k])))
        {
            errors.Add(Error(path, startLine, $"cannot parse instruction: '{Shorten(t)}'"));
            return null;
        }
        if (!Keywords.Contains(keyword))
        {
            errors.Add(Error(path, startLine, $"unknown instruction: {raw}"));
            return null;
        }
        var rest = t[k..].Trim();
        if (rest.Length == 0)
        {
            errors.Add(Error(path, startLine, $"{keyword} requires at least one argument"));
            return null;
        }
        if (keyword == "ONBUILD")
        {
            if (inOnbuild)
            {
                errors.Add(Error(path, startLine, "ONBUILD ONBUILD is not allowed"));
                return null;
            }
            var inner = ParseInstruction(rest, startLine, endLine, path, errors, [], escape, inOnbuild: true);
            if (inner is null) return null;
            if (inner.Keyword is "FROM" or "MAINTAINER")
                errors.Add(Error(path, startLine, $"{inner.Keyword} is not allowed as an ONBUILD trigger"));
            return new Instruction
            {
                Keyword = keyword, RawKeyword = raw, Arguments = rest, StartLine = startLine, EndLine = endLine,
                Inner = inner, LeadingComments = comments,
            };
        }
        var flags = new List<InstructionFlag>();
        if (FlagKeywords.Contains(keyword))
        {
            while (rest.StartsWith("--", StringComparison.Ordinal))
            {
                var sp = FlagEnd(rest);
                var token = rest[2..sp];
                var eq = token.IndexOf('=', StringComparison.Ordinal);
                var name = eq < 0 ? token : token[..eq];
                if (name.Length == 0)
                {
                    errors.Add(Error(path, startLine, $"{keyword} has a flag without a name: '{Shorten(rest[..sp])}'"));
                    return null;
                }
                flags.Add(eq < 0 ? new InstructionFlag(name, null) : new InstructionFlag(name, Unquote(token[(eq + 1)..])));
                rest = rest[sp..].TrimStart();
            }
            if (rest.Length == 0)
            {
                errors.Add(Error(path, startLine, $"{keyword} requires arguments after its flags"));
                return null;
            }
        }
        var instruction = new Instruction
        {
            Keyword = keyword,
            RawKeyword = raw,
            Arguments = rest,
            Flags = flags,
            ExecForm = keyword is "RUN" or "CMD" or "ENTRYPOINT" or "SHELL" or "COPY" or "ADD" or "VOLUME" ? Instruction.TryParseExecForm(rest) : null,
            StartLine = startLine,
            EndLine = endLine,
            LeadingComments = comments,
        };
        Validate(instruction, path, errors, escape);
        return instruction;
    }

    /// <summary>The end of a <c>--flag=value</c> token: the first whitespace outside quotes.</summary>
    private static int FlagEnd(string rest)
    {
        var quote = '\0';
        for (var i = 0; i < rest.Length; i++)
        {
            var c = rest[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
            }
            else if (c is '"' or '\'') quote = c;
            else if (char.IsWhiteSpace(c)) return i;
        }
        return rest.Length;
    }

    private static void Validate(Instruction i, string path, List<ScanError> errors, char escape)
    {
        switch (i.Keyword)
        {
            case "FROM":
                var parts = i.Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 1 && !(parts.Length == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase)))
                    errors.Add(Error(path, i.StartLine, "FROM requires either one argument (an image) or three (image AS name)"));
                else if (parts.Length == 3 && !StageNameRegex().IsMatch(parts[2].ToLowerInvariant()))
                    errors.Add(Error(path, i.StartLine, $"invalid stage name '{parts[2]}': it must start with a letter and hold only letters, digits, '-', '_' and '.'"));
                break;
            case "SHELL":
                if (i.ExecForm is not { Count: > 0 }) errors.Add(Error(path, i.StartLine, "SHELL requires the arguments to be in JSON form"));
                break;
            case "COPY" or "ADD":
                if ((i.ExecForm?.Count ?? Words(i.Arguments, escape).Count) < 2 && !i.Arguments.Contains("<<", StringComparison.Ordinal))
                    errors.Add(Error(path, i.StartLine, $"{i.Keyword} requires at least two arguments (source and destination)"));
                break;
            case "ENV" or "LABEL":
                if (!i.Arguments.Contains('=', StringComparison.Ordinal) && Words(i.Arguments, escape).Count < 2)
                    errors.Add(Error(path, i.StartLine, $"{i.Keyword} requires a key and a value"));
                break;
            case "HEALTHCHECK":
                var words = Words(i.Arguments, escape);
                var kind = words.Count == 0 ? "" : words[0].ToUpperInvariant();
                if (kind == "NONE" && words.Count > 1)
                    errors.Add(Error(path, i.StartLine, "HEALTHCHECK NONE takes no other arguments"));
                else if (kind == "CMD" && words.Count < 2)
                    errors.Add(Error(path, i.StartLine, "HEALTHCHECK CMD requires a command"));
                else if (kind is not ("CMD" or "NONE"))
                    errors.Add(Error(path, i.StartLine, "HEALTHCHECK requires CMD (with a command) or NONE"));
                break;
        }
    }

    /// <summary>Stage names must be unique (BuildKit compares them lower case).</summary>
    private static void ValidateStages(List<Instruction> instructions, string path, List<ScanError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var from in instructions.Where(x => x.Keyword == "FROM"))
        {
            var parts = from.Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) && !seen.Add(parts[2].ToLowerInvariant()))
                errors.Add(Error(path, from.StartLine, $"duplicate stage name '{parts[2]}'"));
        }
    }

    /// <summary>
    /// Splits arguments into words as BuildKit's word splitting does: at unquoted whitespace; single quotes keep
    /// everything literal; in double quotes the escape character only escapes <c>"</c>, <c>$</c> and itself;
    /// outside quotes it escapes any character. Quotes and escapes are removed.
    /// </summary>
    public static List<string> Words(string text, char escape = '\\')
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var sb = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(sb.ToString());
                sb.Clear();
                inWord = false;
                continue;
            }
            inWord = true;
            if (c == '\'')
            {
                var close = text.IndexOf(c, i + 1);
                if (close < 0) close = text.Length;
                sb.Append(text, i + 1, close - i - 1);
                i = close;
                continue;
            }
            if (c == '"')
            {
                for (i++; i < text.Length && text[i] != '"'; i++)
                {
                    if (text[i] == escape && i + 1 < text.Length && (text[i + 1] == '"' || text[i + 1] == '$' || text[i + 1] == escape)) i++;
                    sb.Append(text[i]);
                }
                continue;
            }
            if (c == escape && i + 1 < text.Length)
            {
                sb.Append(text[++i]);
                continue;
            }
            sb.Append(c);
        }
        if (inWord) words.Add(sb.ToString());
        return words;
    }

    /// <summary>Splits arguments at unquoted whitespace, keeping quotes and escapes as written.</summary>
    public static List<string> RawWords(string text, char escape = '\\')
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var start = -1;
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == escape && quote == '"' && i + 1 < text.Length) i++;
                else if (c == quote) quote = '\0';
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                if (start >= 0) words.Add(text[start..i]);
                start = -1;
                continue;
            }
            if (start < 0) start = i;
            if (c is '"' or '\'') quote = c;
            else if (c == escape && i + 1 < text.Length) i++;
        }
        if (start >= 0) words.Add(text[start..]);
        return words;
    }

    internal static string Unquote(string s) =>
        s.Length >= 2 && (s[0] == '"' || s[0] == '\'') && s[^1] == s[0] ? s[1..^1] : s;

    private static string Shorten(string s) => s.Length > 40 ? s[..40] + "..." : s;

    private static ScanError Error(string path, int line, string message) =>
        new($"invalid Dockerfile: {message}", new SourceLocation(path, line, line));
}
