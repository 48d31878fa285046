using System.Globalization;
using System.Text;

namespace Palisade.Images.Catalogers.Python;

/// <summary>One [[name]] table of a TOML document: its string-valued keys and the line of its header.</summary>
internal sealed record TomlTable(int Line, IReadOnlyDictionary<string, string> Strings);

/// <summary>
/// A small TOML reader for lock files (poetry.lock, pdm.lock, uv.lock): it checks the whole document's syntax (tables,
/// arrays of tables, keys, strings of all four kinds with escapes, arrays and inline tables nested up to
/// <see cref="MaxDepth"/>, and bare scalars such as numbers, booleans and dates) and keeps only the top-level string values
/// of each table of one array of tables ("[[package]]"). Keys of sub-tables ("[package.dependencies]") are not part of
/// the package. Work is linear in the input; malformed input raises <see cref="CatalogerException"/> with the line.
/// </summary>
internal sealed class TomlPackageTables
{
    public const int MaxDepth = 64;

    private readonly string _text;
    private readonly string _path;
    private int _pos;
    private int _line = 1;

    private TomlPackageTables(string text, string path)
    {
        _text = text;
        _path = path;
    }

    /// <summary>Every [[<paramref name="arrayName"/>]] table of the document, in order.</summary>
    public static IReadOnlyList<TomlTable> Read(string text, string arrayName, string path) =>
        new TomlPackageTables(text, path).ReadAll(arrayName);

    private List<TomlTable> ReadAll(string arrayName)
    {
        var tables = new List<TomlTable>();
        Dictionary<string, string>? current = null;
        while (true)
        {
            SkipBlankLinesAndComments();
            if (_pos >= _text.Length) break;
            if (_text[_pos] == '[')
            {
                var line = _line;
                var (name, isArray) = ReadHeader();
                if (isArray && name == arrayName)
                {
                    current = new Dictionary<string, string>(StringComparer.Ordinal);
                    tables.Add(new TomlTable(line, current));
                }
                else
                {
                    current = null;
                }
            }
            else
            {
                var keyLine = _line;
                var key = ReadKey();
                SkipSpaces();
                if (!TryTake('=')) throw Error("expected '=' after the key", keyLine);
                SkipSpaces();
                var value = ReadValue(0);
                if (current is not null && key.Count == 1 && value is not null) current.TryAdd(key[0], value);
            }
            ExpectEndOfLine();
        }
        return tables;
    }

    private (string Name, bool IsArray) ReadHeader()
    {
        _pos++; // '['
        var isArray = TryTake('[');
        SkipSpaces();
        var name = string.Join('.', ReadKey());
        SkipSpaces();
        if (!TryTake(']') || (isArray && !TryTake(']'))) throw Error(isArray ? "expected ']]' to close the table header" : "expected ']' to close the table header");
        return (name, isArray);
    }

    /// <summary>A dotted key: bare or quoted parts separated by '.', with spaces allowed around the dots.</summary>
    private List<string> ReadKey()
    {
        var parts = new List<string>();
        while (true)
        {
            if (_pos >= _text.Length) throw Error("expected a key");
            var c = _text[_pos];
            if (c == '"')
            {
                if (At("\"\"\"")) throw Error("a key cannot be a multi-line string");
                parts.Add(ReadBasicString());
            }
            else if (c == '\'')
            {
                if (At("'''")) throw Error("a key cannot be a multi-line string");
                parts.Add(ReadLiteralString());
            }
            else
            {
                var start = _pos;
                while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '-')) _pos++;
                if (_pos == start) throw Error($"expected a key, found {Describe(c)}");
                parts.Add(_text[start.._pos]);
            }
            SkipSpaces();
            if (!TryTake('.')) return parts;
            SkipSpaces();
        }
    }

    /// <summary>Reads a value; returns it when it is a string, otherwise null (arrays, tables and scalars are only checked).</summary>
    private string? ReadValue(int depth)
    {
        if (_pos >= _text.Length) throw Error("expected a value");
        var c = _text[_pos];
        switch (c)
        {
            case '"':
                return At("\"\"\"") ? ReadMultiLineBasicString() : ReadBasicString();
            case '\'':
                return At("'''") ? ReadMultiLineLiteralString() : ReadLiteralString();
            case '[':
                ReadArray(depth + 1);
                return null;
            case '{':
                ReadInlineTable(depth + 1);
                return null;
            default:
                ReadScalar();
                return null;
        }
    }

    private void ReadArray(int depth)
    {
        if (depth > MaxDepth) throw Error($"arrays and tables nested more than {MaxDepth} deep");
        _pos++; // '['
        while (true)
        {
            SkipBlankLinesAndComments();
            if (TryTake(']')) return;
            ReadValue(depth);
            SkipBlankLinesAndComments();
            if (TryTake(']')) return;
            if (!TryTake(',')) throw Error(_pos >= _text.Length ? "unterminated array" : $"expected ',' or ']' in an array, found {Describe(_text[_pos])}");
        }
    }

    private void ReadInlineTable(int depth)
    {
        if (depth > MaxDepth) throw Error($"arrays and tables nested more than {MaxDepth} deep");
        _pos++; // '{'
        SkipBlankLinesAndComments();
        if (TryTake('}')) return;
        while (true)
        {
            SkipBlankLinesAndComments();
            ReadKey();
            SkipSpaces();
            if (!TryTake('=')) throw Error("expected '=' after the key in an inline table");
            SkipSpaces();
            ReadValue(depth);
            SkipBlankLinesAndComments();
            if (TryTake('}')) return;
            if (!TryTake(',')) throw Error(_pos >= _text.Length ? "unterminated inline table" : $"expected ',' or '}}' in an inline table, found {Describe(_text[_pos])}");
            SkipBlankLinesAndComments();
            if (TryTake('}')) return; // trailing comma (TOML 1.1)
        }
    }

    /// <summary>A number, boolean or date: checked only loosely (it must look like one).</summary>
    private void ReadScalar()
    {
        var start = _pos;
        while (_pos < _text.Length && _text[_pos] is not (',' or ']' or '}' or '#' or '\n' or '\r')) _pos++;
        var token = _text[start.._pos].TrimEnd(' ', '\t');
        _pos = start + token.Length;
        if (token.Length == 0) throw Error("expected a value");
        var first = token[0];
        var looksScalar = token is "true" or "false" or "inf" or "nan" or "+inf" or "-inf" or "+nan" or "-nan" ||
            (first is '+' or '-' || char.IsAsciiDigit(first)) && token.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '+' or '-' or '.' or '_' or ':' or ' ');
        if (!looksScalar) throw Error($"invalid value \"{Clip(token)}\" (strings must be quoted)");
    }

    private string ReadBasicString()
    {
        var line = _line;
        _pos++; // '"'
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] is '\n' or '\r') throw Error("unterminated string", line);
            var c = _text[_pos++];
            if (c == '"') return sb.ToString();
            if (c == '\\') ReadEscape(sb);
            else sb.Append(c);
        }
    }

    private string ReadMultiLineBasicString()
    {
        var line = _line;
        _pos += 3;
        SkipOneNewline();
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw Error("unterminated multi-line string", line);
            if (At("\"\"\""))
            {
                _pos += 3;
                // Up to two more quotes just before the closing delimiter belong to the string.
                for (var i = 0; i < 2 && _pos < _text.Length && _text[_pos] == '"'; i++, _pos++) sb.Append('"');
                return sb.ToString();
            }
            var c = Next();
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            // A backslash ending a line trims the newline and the whitespace that follows.
            var save = _pos;
            while (_pos < _text.Length && _text[_pos] is ' ' or '\t') _pos++;
            if (_pos < _text.Length && _text[_pos] is '\n' or '\r')
            {
                while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\n' or '\r') Next();
                continue;
            }
            _pos = save;
            ReadEscape(sb);
        }
    }

    private string ReadLiteralString()
    {
        var line = _line;
        _pos++; // '\''
        var start = _pos;
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] is '\n' or '\r') throw Error("unterminated string", line);
            if (_text[_pos] == '\'') break;
            _pos++;
        }
        var value = _text[start.._pos];
        _pos++;
        return value;
    }

    private string ReadMultiLineLiteralString()
    {
        var line = _line;
        _pos += 3;
        SkipOneNewline();
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw Error("unterminated multi-line string", line);
            if (At("'''"))
            {
                _pos += 3;
                for (var i = 0; i < 2 && _pos < _text.Length && _text[_pos] == '\''; i++, _pos++) sb.Append('\'');
                return sb.ToString();
            }
            sb.Append(Next());
        }
    }

    private void ReadEscape(StringBuilder sb)
    {
        if (_pos >= _text.Length) throw Error("unterminated string");
        var e = _text[_pos++];
        switch (e)
        {
            case 'b': sb.Append('\b'); break;
            case 't': sb.Append('\t'); break;
            case 'n': sb.Append('\n'); break;
            case 'f': sb.Append('\f'); break;
            case 'r': sb.Append('\r'); break;
            case 'e': sb.Append('\u001b'); break;
            case '"': sb.Append('"'); break;
            case '\\': sb.Append('\\'); break;
            case 'x': sb.Append(ReadHexCodePoint(2)); break;
            case 'u': sb.Append(ReadHexCodePoint(4)); break;
            case 'U': sb.Append(ReadHexCodePoint(8)); break;
            default: throw Error($"invalid escape sequence \"\\{e}\"");
        }
    }

    private string ReadHexCodePoint(int digits)
    {
        if (_pos + digits > _text.Length ||
            !int.TryParse(_text.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var cp) ||
            cp > 0x10FFFF || cp is >= 0xD800 and <= 0xDFFF)
            throw Error("invalid unicode escape");
        _pos += digits;
        return char.ConvertFromUtf32(cp);
    }

    private void ExpectEndOfLine()
    {
        SkipSpaces();
        if (_pos < _text.Length && _text[_pos] == '#') SkipComment();
        if (_pos >= _text.Length) return;
        if (_text[_pos] == '\n' || At("\r\n"))
        {
            SkipOneNewline();
            return;
        }
        throw Error($"unexpected {Describe(_text[_pos])} after a value (one key = value per line)");
    }

    private void SkipBlankLinesAndComments()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c is ' ' or '\t' or '\r' or '\n') Next();
            else if (c == '#') SkipComment();
            else return;
        }
    }

    private void SkipComment()
    {
        while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
    }

    private void SkipSpaces()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t') _pos++;
    }

    private void SkipOneNewline()
    {
        if (At("\r\n")) _pos++;
        if (_pos < _text.Length && _text[_pos] == '\n') Next();
    }

    private char Next()
    {
        var c = _text[_pos++];
        if (c == '\n') _line++;
        return c;
    }

    private bool TryTake(char c)
    {
        if (_pos >= _text.Length || _text[_pos] != c) return false;
        _pos++;
        return true;
    }

    private bool At(string s) => _pos + s.Length <= _text.Length && string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;

    private CatalogerException Error(string message, int? line = null) => new($"invalid TOML: {message}", _path, line ?? _line);

    private static string Describe(char c) => c is '\n' or '\r' ? "end of line" : char.IsControl(c) ? $"control character U+{(int)c:X4}" : $"'{c}'";

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "...";
}
