using System.Globalization;
using System.Text;

namespace Palisade.Images.Catalogers.Rust;

/// <summary>
/// One table of a Cargo.lock: its header ("package" for [[package]]), where it starts, its string values and the strings of
/// its arrays ("dependencies").
/// </summary>
internal sealed record LockTable(string Header, bool IsArrayTable, int Line, IReadOnlyDictionary<string, string> Strings)
{
    public IReadOnlyDictionary<string, List<string>> Arrays { get; init; } = new Dictionary<string, List<string>>();
}

/// <summary>
/// The subset of TOML that Cargo writes in Cargo.lock: [table] and [[array-table]] headers, key = value pairs whose
/// values are single-line strings (kept), arrays (their strings kept), or inline tables and plain scalars (skipped),
/// and # comments. Anything else is refused with the line. Linear in the input, no recursion.
/// </summary>
internal sealed class CargoLockReader
{
    private readonly string text;
    private readonly string path;
    private int pos;
    private int line = 1;

    private CargoLockReader(string text, string path)
    {
        this.text = text;
        this.path = path;
    }

    public static IReadOnlyList<LockTable> Read(string text, string path) => new CargoLockReader(text, path).ReadAll();

    private List<LockTable> ReadAll()
    {
        var tables = new List<LockTable>();
        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        var arrays = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        tables.Add(new LockTable("", false, 1, current) { Arrays = arrays });
        while (true)
        {
            SkipBlank();
            if (pos >= text.Length) break;
            var c = text[pos];
            if (c is '\n' or '\r')
            {
                NewLine();
                continue;
            }
            if (c == '#')
            {
                SkipComment();
                continue;
            }
            if (c == '[')
            {
                var start = line;
                var isArray = pos + 1 < text.Length && text[pos + 1] == '[';
                pos += isArray ? 2 : 1;
                var eol = EndOfLine();
                var close = text.IndexOf(isArray ? "]]" : "]", pos, eol - pos, StringComparison.Ordinal);
                if (close < 0) throw Error("unterminated table header");
                var header = text[pos..close].Trim();
                if (header.Length == 0) throw Error("empty table header");
                pos = close + (isArray ? 2 : 1);
                EndOfStatement();
                current = new Dictionary<string, string>(StringComparer.Ordinal);
                arrays = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                tables.Add(new LockTable(header, isArray, start, current) { Arrays = arrays });
                continue;
            }
            var key = ReadKey();
            SkipBlank();
            if (pos >= text.Length || text[pos] != '=') throw Error("expected \"key = value\"");
            pos++;
            SkipBlank();
            if (pos < text.Length && text[pos] == '[') arrays[key] = ReadNested();
            else if (ReadValue() is { } value) current[key] = value;
            EndOfStatement();
        }
        return tables;
    }

    private string ReadKey()
    {
        if (text[pos] is '"' or '\'') return ReadString();
        var start = pos;
        while (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] is '_' or '-' or '.')) pos++;
        if (pos == start) throw Error("expected \"key = value\"");
        return text[start..pos];
    }

    /// <summary>A string value, or null for a value that is skipped (array, inline table, number, boolean, date).</summary>
    private string? ReadValue()
    {
        if (pos >= text.Length || text[pos] is '\n' or '\r') throw Error("missing value after '='");
        switch (text[pos])
        {
            case '"' or '\'':
                return ReadString();
            case '[' or '{':
                ReadNested();
                return null;
            default:
                var start = pos;
                while (pos < text.Length && text[pos] is not (' ' or '\t' or '\n' or '\r' or '#')) pos++;
                if (pos == start) throw Error("missing value after '='");
                return null;
        }
    }

    private string ReadString()
    {
        var quote = text[pos];
        if (pos + 2 < text.Length && text[pos + 1] == quote && text[pos + 2] == quote) throw Error("multi-line strings are not expected in Cargo.lock");
        pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (pos >= text.Length || text[pos] is '\n' or '\r') throw Error("unterminated string");
            var c = text[pos++];
            if (c == quote) return sb.ToString();
            if (c != '\\' || quote == '\'')
            {
                sb.Append(c);
                continue;
            }
            if (pos >= text.Length) throw Error("unterminated string");
            var e = text[pos++];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'e': sb.Append('\u001b'); break;
                case 'u' or 'U':
                    var n = e == 'u' ? 4 : 8;
                    if (pos + n > text.Length || !int.TryParse(text.AsSpan(pos, n), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var cp) ||
                        cp is < 0 or > 0x10FFFF or >= 0xD800 and <= 0xDFFF)
                        throw Error("invalid unicode escape in string");
                    sb.Append(char.ConvertFromUtf32(cp));
                    pos += n;
                    break;
                default:
                    throw Error($"invalid escape \"\\{e}\" in string");
            }
        }
    }

    /// <summary>
    /// Reads past an array or inline table, which may span lines (arrays), with strings and comments inside; returns the
    /// strings directly inside the outer array (those of nested arrays and inline tables are not kept).
    /// </summary>
    private List<string> ReadNested()
    {
        var strings = new List<string>();
        var outerIsArray = text[pos] == '[';
        var startLine = line;
        var depth = 0;
        while (pos < text.Length)
        {
            var c = text[pos];
            switch (c)
            {
                case '[' or '{':
                    depth++;
                    pos++;
                    break;
                case ']' or '}':
                    depth--;
                    pos++;
                    if (depth == 0) return strings;
                    if (depth < 0) throw Error("unbalanced brackets");
                    break;
                case '"' or '\'':
                    var value = ReadString();
                    if (depth == 1 && outerIsArray) strings.Add(value);
                    break;
                case '#':
                    SkipComment();
                    break;
                case '\n' or '\r':
                    NewLine();
                    break;
                default:
                    pos++;
                    break;
            }
        }
        throw new CatalogerException("unterminated array or inline table", path, startLine);
    }

    private void EndOfStatement()
    {
        SkipBlank();
        if (pos >= text.Length) return;
        if (text[pos] == '#') SkipComment();
        else if (text[pos] is not ('\n' or '\r')) throw Error("unexpected text after value");
    }

    private void SkipBlank()
    {
        while (pos < text.Length && text[pos] is ' ' or '\t') pos++;
    }

    private void SkipComment() => pos = EndOfLine();

    private int EndOfLine()
    {
        var eol = text.IndexOfAny(['\n', '\r'], pos);
        return eol < 0 ? text.Length : eol;
    }

    private void NewLine()
    {
        if (text[pos] == '\r' && pos + 1 < text.Length && text[pos + 1] == '\n') pos++;
        pos++;
        line++;
    }

    private CatalogerException Error(string message) => new(message, path, line);
}
