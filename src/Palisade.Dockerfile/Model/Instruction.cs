using System.Text.Json;

namespace Palisade.Dockerfile.Model;

/// <summary>A <c>--name=value</c> (or bare <c>--name</c>) flag of an instruction, e.g. <c>--from=build</c>.</summary>
public sealed record InstructionFlag(string Name, string? Value);

/// <summary>
/// A heredoc attached to an instruction (<c>RUN &lt;&lt;EOF</c>): its terminator and body (leading tabs removed
/// for <c>&lt;&lt;-</c>), whether the terminator was quoted (then the body is not expanded), the body's first
/// line and the terminator's line (the last line of the file when it is unterminated).
/// </summary>
public sealed record Heredoc(string Name, string Body, bool StripTabs, bool Quoted, int StartLine, int EndLine);

/// <summary>
/// One Dockerfile instruction after line continuations are joined: keyword (upper case), flags, the remaining
/// arguments as written, exec-form arguments when the arguments are a JSON array, heredocs, and the lines it
/// spans. <c>ONBUILD X</c> keeps <c>X</c> as <see cref="Inner"/>.
/// </summary>
public sealed class Instruction
{
    public required string Keyword { get; init; }

    /// <summary>The keyword as written (case preserved).</summary>
    public required string RawKeyword { get; init; }

    /// <summary>
    /// Arguments after the flags, as BuildKit joins continuation lines: the escape character and line break are
    /// removed (the next line's leading whitespace is kept), comment and blank lines inside are dropped.
    /// </summary>
    public required string Arguments { get; init; }

    public IReadOnlyList<InstructionFlag> Flags { get; init; } = [];

    /// <summary>The exec-form (JSON array) arguments, or null for the shell form.</summary>
    public IReadOnlyList<string>? ExecForm { get; init; }

    public IReadOnlyList<Heredoc> Heredocs { get; init; } = [];

    /// <summary>The instruction's first line (1-based).</summary>
    public required int StartLine { get; init; }

    /// <summary>The instruction's last line: its last continuation line, or its last heredoc's terminator.</summary>
    public required int EndLine { get; init; }

    /// <summary>For <c>ONBUILD</c>: the instruction it registers.</summary>
    public Instruction? Inner { get; init; }

    /// <summary>Comments on the lines directly above the instruction (for inline suppressions).</summary>
    public IReadOnlyList<string> LeadingComments { get; init; } = [];

    public bool IsExecForm => ExecForm is not null;

    public string? Flag(string name) =>
        Flags.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;

    public bool HasFlag(string name) => Flags.Any(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<string> FlagValues(string name) =>
        Flags.Where(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value ?? "");

    /// <summary>The instruction itself, or the one an ONBUILD wraps: what checks of RUN, COPY ... look at.</summary>
    public Instruction Effective => Inner ?? this;

    public override string ToString() => $"{Keyword} {Arguments}";

    /// <summary>Parses a JSON array of strings; null when the text is not one.</summary>
    internal static IReadOnlyList<string>? TryParseExecForm(string text)
    {
        var t = text.Trim();
        if (t.Length < 2 || t[0] != '[' || t[^1] != ']') return null;
        try
        {
            using var doc = JsonDocument.Parse(t);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) return null;
            var list = new List<string>();
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.String) return null;
                list.Add(e.GetString()!);
            }
            return list;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
