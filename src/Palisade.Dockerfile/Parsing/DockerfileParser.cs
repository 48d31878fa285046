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

    [GeneratedRegex(@"<<(-?)(?:""([^""\s]+)""|'([^'\s]+)'|([A-Za-z0-9_.\-]+))", RegexOptions.CultureInvariant)]
    private static partial Regex HeredocRegex();

    public static DockerfileDocument Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith('\uFEFF')) text = text[1..];
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var errors = new List<ScanError>();
        var directives = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
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
            if (key == "escape")
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
                i++;
                continue;
            }
            var start = i;
            var logical = new StringBuilder();
            var current = line;
            while (true)
            {
                var body = current.TrimEnd();
                if (body.Length > 0 && body[^1] == escape)
                {
                    logical.Append(body, 0, body.Length - 1);
                    i++;
                    // Comment lines and blank lines inside a continuation are skipped.
                    while (i < lines.Length && (lines[i].TrimStart().StartsWith('#') || lines[i].Trim().Length == 0)) i++;
                    if (i >= lines.Length) break;
                    current = lines[i];
                    continue;
                }
                logical.Append(current);
                i++;
                break;
            }
            var endLine = Math.Min(i, lines.Length);
            var parsed = ParseInstruction(logical.ToString(), start + 1, endLine, path, errors, [.. comments]);
            comments.Clear();
            if (parsed is null) continue;
            // Heredocs: their bodies follow the instruction's last line.
            var heredocs = new List<Heredoc>();
            if (HeredocKeywords.Contains(parsed.Effective.Keyword) && !parsed.Effective.IsExecForm)
            {
                foreach (Match m in HeredocRegex().Matches(parsed.Effective.Arguments))
                {
                    var strip = m.Groups[1].Value == "-";
                    var name = m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Success ? m.Groups[3].Value : m.Groups[4].Value;
                    var quoted = m.Groups[2].Success || m.Groups[3].Success;
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
                    if (!terminated) errors.Add(Error(path, parsed.StartLine, $"unterminated heredoc <<{name}"));
                    heredocs.Add(new Heredoc(name, sb.ToString(), strip, quoted, bodyStart + 1, Math.Max(bodyStart + 1, i)));
                }
            }
            if (heredocs.Count > 0) parsed = WithHeredocs(parsed, heredocs, i);
            instructions.Add(parsed);
        }

        if (instructions.Count > 0 && instructions.FirstOrDefault(x => x.Keyword is not ("ARG")) is { Keyword: not "FROM" } first)
            errors.Add(Error(path, first.StartLine, $"{first.Keyword} before the first FROM: a Dockerfile must begin with FROM (or ARG)"));

        return new DockerfileDocument
        {
            Path = path,
            Directives = directives,
            EscapeChar = escape,
            Instructions = instructions,
            Errors = errors,
        };
    }

    private static Instruction WithHeredocs(Instruction i, List<Heredoc> heredocs, int nextLine)
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

    private static Instruction? ParseInstruction(string text, int startLine, int endLine, string path, List<ScanError> errors, IReadOnlyList<string> comments, bool inOnbuild = false)
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
            var inner = ParseInstruction(rest, startLine, endLine, path, errors, [], inOnbuild: true);
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
                var sp = 0;
                while (sp < rest.Length && !char.IsWhiteSpace(rest[sp])) sp++;
                var token = rest[2..sp];
                var eq = token.IndexOf('=', StringComparison.Ordinal);
                flags.Add(eq < 0 ? new InstructionFlag(token, null) : new InstructionFlag(token[..eq], Unquote(token[(eq + 1)..])));
                rest = rest[sp..].TrimStart();
            }
            if (rest.Length == 0 && keyword != "HEALTHCHECK")
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
        Validate(instruction, path, errors);
        return instruction;
    }

    private static void Validate(Instruction i, string path, List<ScanError> errors)
    {
        switch (i.Keyword)
        {
            case "FROM":
                var parts = i.Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 1 && !(parts.Length == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase)))
                    errors.Add(Error(path, i.StartLine, "FROM requires either one argument (an image) or three (image AS name)"));
                break;
            case "SHELL":
                if (i.ExecForm is null) errors.Add(Error(path, i.StartLine, "SHELL requires the arguments to be in JSON form"));
                break;
            case "COPY" or "ADD":
                if (i.Heredocs.Count == 0 && (i.ExecForm?.Count ?? Words(i.Arguments).Count) < 2 && !i.Arguments.Contains("<<", StringComparison.Ordinal))
                    errors.Add(Error(path, i.StartLine, $"{i.Keyword} requires at least two arguments (source and destination)"));
                break;
            case "ENV" or "LABEL":
                if (!i.Arguments.Contains('=', StringComparison.Ordinal) && Words(i.Arguments).Count < 2)
                    errors.Add(Error(path, i.StartLine, $"{i.Keyword} requires a key and a value"));
                break;
        }
    }

    /// <summary>Splits arguments into words, honouring single and double quotes (which are removed).</summary>
    public static List<string> Words(string text)
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
            if (c is '"' or '\'')
            {
                var close = text.IndexOf(c, i + 1);
                if (close < 0) close = text.Length;
                sb.Append(text, i + 1, close - i - 1);
                i = close;
                continue;
            }
            if (c == '\\' && i + 1 < text.Length)
            {
                sb.Append(text[++i]);
                continue;
            }
            sb.Append(c);
        }
        if (inWord) words.Add(sb.ToString());
        return words;
    }

    internal static string Unquote(string s) =>
        s.Length >= 2 && (s[0] == '"' || s[0] == '\'') && s[^1] == s[0] ? s[1..^1] : s;

    private static string Shorten(string s) => s.Length > 40 ? s[..40] + "..." : s;

    private static ScanError Error(string path, int line, string message) =>
        new($"invalid Dockerfile: {message}", new SourceLocation(path, line, line));
}
