using System.Globalization;
using System.Text;

namespace Palisade.Secrets.Toml;

/// <summary>
/// A single-pass recursive-descent TOML v1.0.0 parser. Recursion happens only for nested arrays and inline tables and is
/// bounded by <see cref="TomlDocument.MaxNestingDepth"/>; every loop consumes input or fails, so parsing is linear.
/// </summary>
internal sealed class TomlParser
{
    private const int Eof = -1;

    private readonly string _s;
    private readonly StringBuilder _sb = new();
    private readonly TomlTable _root = new(TomlTableOrigin.Header);
    private TomlTable _current;
    private int _pos;

    /// <summary>Id of the current section: 0 for the root, a new id for each header and each inline table.</summary>
    private int _section;
    private int _sectionCount;

    /// <summary>Containers between the root and the value being parsed.</summary>
    private int _depth;

    public TomlParser(string text)
    {
        _s = text;
        _current = _root;
    }

    private int Cur => _pos < _s.Length ? _s[_pos] : Eof;

    private int At(int offset) => _pos + offset < _s.Length ? _s[_pos + offset] : Eof;

    public TomlTable ParseDocument()
    {
        if (_s.Length > 0 && _s[0] == '\uFEFF')
            _pos = 1;
        while (true)
        {
            SkipWhitespace();
            switch (Cur)
            {
                case Eof:
                    return _root;
                case '#':
                    EndOfLine("comment");
                    break;
                case '\n':
                case '\r':
                    ConsumeNewline();
                    break;
                case '[':
                    ParseHeader();
                    EndOfLine("table header");
                    break;
                default:
                    ParseKeyValue(_current, _section);
                    EndOfLine("value");
                    break;
            }
        }
    }

    // ------------------------------------------------------------------ whitespace, comments, newlines

    private void SkipWhitespace()
    {
        while (_pos < _s.Length && (_s[_pos] == ' ' || _s[_pos] == '\t'))
            _pos++;
    }

    /// <summary>At '#': skips the comment up to (not including) the end of the line, rejecting control characters.</summary>
    private void SkipComment()
    {
        _pos++;
        while (_pos < _s.Length)
        {
            var c = _s[_pos];
            if (c == '\n' || c == '\r')
                return;
            if (IsControl(c))
                throw Error($"control character {Describe(c)} is not allowed in a comment");
            if (char.IsSurrogate(c))
            {
                CheckSurrogatePair();
                _pos += 2;
                continue;
            }
            _pos++;
        }
    }

    /// <summary>At '\n' or '\r': consumes LF or CRLF; a lone CR is an error.</summary>
    private void ConsumeNewline()
    {
        if (_s[_pos] == '\r')
        {
            if (At(1) != '\n')
                throw Error("a carriage return must be followed by a line feed");
            _pos++;
        }
        _pos++;
    }

    /// <summary>Whitespace, then an optional comment, then a newline or the end of the input.</summary>
    private void EndOfLine(string after)
    {
        SkipWhitespace();
        if (Cur == '#')
            SkipComment();
        switch (Cur)
        {
            case Eof:
                return;
            case '\n':
            case '\r':
                ConsumeNewline();
                return;
            default:
                throw Error($"expected a newline after {after}, found {Describe(_s[_pos])}");
        }
    }

    /// <summary>Whitespace, newlines and comments, as allowed between array elements.</summary>
    private void SkipWhitespaceCommentsAndNewlines()
    {
        while (true)
        {
            SkipWhitespace();
            switch (Cur)
            {
                case '#':
                    SkipComment();
                    break;
                case '\n':
                case '\r':
                    ConsumeNewline();
                    break;
                default:
                    return;
            }
        }
    }

    // ------------------------------------------------------------------ keys

    private static bool IsBareKeyChar(int c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-';

    /// <summary>A simple or dotted key; whitespace around the dots is allowed.</summary>
    private List<string> ParseKey()
    {
        var parts = new List<string>(2);
        while (true)
        {
            SkipWhitespace();
            parts.Add(ParseSimpleKey());
            SkipWhitespace();
            if (Cur != '.')
                return parts;
            _pos++;
        }
    }

    private string ParseSimpleKey()
    {
        var c = Cur;
        switch (c)
        {
            case '"':
                if (At(1) == '"' && At(2) == '"')
                    throw Error("a multi-line string cannot be used as a key");
                return ParseBasicString();
            case '\'':
                if (At(1) == '\'' && At(2) == '\'')
                    throw Error("a multi-line string cannot be used as a key");
                return ParseLiteralString();
            case Eof:
                throw Error("expected a key, found end of input");
            case '\n':
            case '\r':
                throw Error("expected a key, found end of line");
        }
        if (!IsBareKeyChar(c))
            throw Error($"expected a key, found {Describe((char)c)}");
        var start = _pos;
        while (_pos < _s.Length && IsBareKeyChar(_s[_pos]))
            _pos++;
        return _s[start.._pos];
    }

    private static string KeyText(List<string> parts, int count)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
                sb.Append('.');
            var part = parts[i];
            if (part.Length > 0 && part.All(ch => IsBareKeyChar(ch)))
                sb.Append(part);
            else
                sb.Append('"').Append(part.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        }
        return sb.ToString();
    }

    // ------------------------------------------------------------------ key/value pairs and tables

    private void ParseKeyValue(TomlTable table, int section)
    {
        var keyStart = _pos;
        var parts = ParseKey();
        SkipWhitespace();
        if (Cur != '=')
            throw Error("expected '=' after key");
        _pos++;
        SkipWhitespace();
        if (Cur is Eof or '\n' or '\r' or '#')
            throw Error("expected a value after '='");
        var saved = _depth;
        _depth += parts.Count - 1;
        if (_depth > TomlDocument.MaxNestingDepth)
            throw Error($"nesting too deep (more than {TomlDocument.MaxNestingDepth} levels)", keyStart);
        var value = ParseValue();
        _depth = saved;
        Insert(table, parts, value, section, keyStart);
    }

    /// <summary>Stores <paramref name="value"/> under a (dotted) key relative to <paramref name="table"/>, applying the spec's rules.</summary>
    private void Insert(TomlTable table, List<string> parts, TomlValue value, int section, int keyStart)
    {
        var t = table;
        for (var i = 0; i < parts.Count - 1; i++)
        {
            if (t.TryGet(parts[i], out var existing))
            {
                switch (existing)
                {
                    case TomlTable { Origin: TomlTableOrigin.Inline }:
                        throw Error($"cannot add keys to inline table '{KeyText(parts, i + 1)}': inline tables are immutable", keyStart);
                    case TomlTable { Origin: TomlTableOrigin.Header }:
                        throw Error($"cannot use dotted keys to add to table '{KeyText(parts, i + 1)}', which is defined by a table header", keyStart);
                    case TomlTable sub when sub.Origin == TomlTableOrigin.Dotted && sub.Section != section:
                        throw Error($"cannot add to table '{KeyText(parts, i + 1)}', which was defined by dotted keys in another section", keyStart);
                    case TomlTable sub:
                        if (sub.Origin == TomlTableOrigin.Implicit)
                        {
                            sub.Origin = TomlTableOrigin.Dotted;
                            sub.Section = section;
                        }
                        t = sub;
                        continue;
                    case TomlTableArray:
                        throw Error($"cannot use dotted keys to add to array of tables '{KeyText(parts, i + 1)}'", keyStart);
                    default:
                        throw Error($"key '{KeyText(parts, i + 1)}' is already defined as {existing.TypeNameWithArticle}, not a table", keyStart);
                }
            }
            var created = new TomlTable(TomlTableOrigin.Dotted) { Section = section };
            t.Add(parts[i], created);
            t = created;
        }
        var last = parts[^1];
        if (t.ContainsKey(last))
            throw Error($"duplicate key '{KeyText(parts, parts.Count)}'", keyStart);
        t.Add(last, value);
    }

    private void ParseHeader()
    {
        var start = _pos;
        var isArray = At(1) == '[';
        _pos += isArray ? 2 : 1;
        var parts = ParseKey();
        SkipWhitespace();
        if (isArray)
        {
            if (Cur != ']' || At(1) != ']')
                throw Error("expected ']]' to close the array of tables header");
            _pos += 2;
        }
        else
        {
            if (Cur != ']')
                throw Error("expected ']' to close the table header");
            _pos++;
        }
        if (parts.Count > TomlDocument.MaxNestingDepth)
            throw Error($"nesting too deep (more than {TomlDocument.MaxNestingDepth} levels)", start);

        var t = _root;
        for (var i = 0; i < parts.Count - 1; i++)
        {
            if (t.TryGet(parts[i], out var existing))
            {
                switch (existing)
                {
                    case TomlTable { Origin: TomlTableOrigin.Inline }:
                        throw Error($"cannot extend inline table '{KeyText(parts, i + 1)}': inline tables are immutable", start);
                    case TomlTable sub:
                        t = sub;
                        continue;
                    case TomlTableArray tables:
                        t = tables.Last;
                        continue;
                    case TomlArray:
                        throw Error($"key '{KeyText(parts, i + 1)}' is a static array, not a table", start);
                    default:
                        throw Error($"key '{KeyText(parts, i + 1)}' is already defined as {existing.TypeNameWithArticle}, not a table", start);
                }
            }
            var created = new TomlTable(TomlTableOrigin.Implicit);
            t.Add(parts[i], created);
            t = created;
        }

        var last = parts[^1];
        var name = KeyText(parts, parts.Count);
        _section = ++_sectionCount;
        _depth = parts.Count;
        if (isArray)
        {
            var element = new TomlTable(TomlTableOrigin.Header);
            if (!t.TryGet(last, out var existing))
            {
                var tables = new TomlTableArray();
                t.Add(last, tables);
                existing = tables;
            }
            switch (existing)
            {
                case TomlTableArray tables:
                    tables.Add(element);
                    _current = element;
                    return;
                case TomlArray:
                    throw Error($"cannot append to static array '{name}' with an array of tables header", start);
                case TomlTable:
                    throw Error($"cannot define array of tables '{name}': it is already a table", start);
                default:
                    throw Error($"cannot define array of tables '{name}': key is already defined as {existing.TypeNameWithArticle}", start);
            }
        }

        if (!t.TryGet(last, out var found))
        {
            var table = new TomlTable(TomlTableOrigin.Header);
            t.Add(last, table);
            _current = table;
            return;
        }
        switch (found)
        {
            case TomlTable { Origin: TomlTableOrigin.Implicit } sub:
                sub.Origin = TomlTableOrigin.Header;
                _current = sub;
                return;
            case TomlTable { Origin: TomlTableOrigin.Inline }:
                throw Error($"cannot redefine inline table '{name}'", start);
            case TomlTable:
                throw Error($"table '{name}' is already defined", start);
            case TomlTableArray:
                throw Error($"cannot define table '{name}': it is already an array of tables", start);
            default:
                throw Error($"cannot define table '{name}': key is already defined as {found.TypeNameWithArticle}", start);
        }
    }

    // ------------------------------------------------------------------ values

    private TomlValue ParseValue()
    {
        var c = Cur;
        switch (c)
        {
            case '"':
                return new TomlString(At(1) == '"' && At(2) == '"' ? ParseMultilineBasicString() : ParseBasicString());
            case '\'':
                return new TomlString(At(1) == '\'' && At(2) == '\'' ? ParseMultilineLiteralString() : ParseLiteralString());
            case '[':
                return ParseArray();
            case '{':
                return ParseInlineTable();
            case '+':
            case '-':
                return ParseNumber();
            case >= '0' and <= '9':
                if (IsDigit(At(1)) && IsDigit(At(2)) && IsDigit(At(3)) && At(4) == '-')
                    return ParseDateTime(hasDate: true);
                if (IsDigit(At(1)) && At(2) == ':')
                    return ParseDateTime(hasDate: false);
                return ParseNumber();
            case Eof:
                throw Error("expected a value, found end of input");
        }
        if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z'))
        {
            var start = _pos;
            while (_pos < _s.Length && IsBareKeyChar(_s[_pos]))
                _pos++;
            var word = _s.AsSpan(start, _pos - start);
            if (word.SequenceEqual("true"))
                return new TomlBoolean(true);
            if (word.SequenceEqual("false"))
                return new TomlBoolean(false);
            if (word.SequenceEqual("inf") || word.SequenceEqual("nan"))
            {
                _pos = start;
                return ParseNumber();
            }
            throw Error($"invalid value '{word}' (strings must be quoted)", start);
        }
        throw Error($"expected a value, found {Describe((char)c)}");
    }

    private TomlArray ParseArray()
    {
        var start = _pos;
        Enter(start);
        _pos++;
        var items = new List<TomlValue>();
        while (true)
        {
            SkipWhitespaceCommentsAndNewlines();
            if (Cur == Eof)
                throw Error("unterminated array", start);
            if (Cur == ']')
                break;
            items.Add(ParseValue());
            SkipWhitespaceCommentsAndNewlines();
            if (Cur == ',')
            {
                _pos++;
                continue;
            }
            if (Cur == ']')
                break;
            if (Cur == Eof)
                throw Error("unterminated array", start);
            throw Error($"expected ',' or ']' in array, found {Describe(_s[_pos])}");
        }
        _pos++;
        _depth--;
        return new TomlArray(items);
    }

    private TomlTable ParseInlineTable()
    {
        var start = _pos;
        Enter(start);
        _pos++;
        var table = new TomlTable(TomlTableOrigin.Inline);
        var section = ++_sectionCount;
        SkipWhitespace();
        if (Cur == '}')
        {
            _pos++;
            _depth--;
            return table;
        }
        while (true)
        {
            SkipWhitespace();
            switch (Cur)
            {
                case '\n':
                case '\r':
                    throw Error("newlines are not allowed inside an inline table");
                case '}':
                    throw Error("a trailing comma is not allowed in an inline table");
                case Eof:
                    throw Error("unterminated inline table", start);
            }
            ParseKeyValue(table, section);
            SkipWhitespace();
            switch (Cur)
            {
                case ',':
                    _pos++;
                    continue;
                case '}':
                    _pos++;
                    _depth--;
                    return table;
                case '\n':
                case '\r':
                    throw Error("newlines are not allowed inside an inline table");
                case Eof:
                    throw Error("unterminated inline table", start);
                default:
                    throw Error($"expected ',' or '}}' in inline table, found {Describe(_s[_pos])}");
            }
        }
    }

    private void Enter(int start)
    {
        if (++_depth > TomlDocument.MaxNestingDepth)
            throw Error($"nesting too deep (more than {TomlDocument.MaxNestingDepth} levels)", start);
    }

    // ------------------------------------------------------------------ strings

    /// <summary>At '"': a single-line basic string.</summary>
    private string ParseBasicString()
    {
        var start = _pos;
        _pos++;
        _sb.Clear();
        while (true)
        {
            if (_pos >= _s.Length)
                throw Error("unterminated string", start);
            var c = _s[_pos];
            switch (c)
            {
                case '"':
                    _pos++;
                    return _sb.ToString();
                case '\\':
                    ParseEscape();
                    continue;
                case '\n':
                case '\r':
                    throw Error("unterminated string (a basic string must end on the line it starts; use \"\"\" for multi-line strings)", start);
            }
            AppendStringChar(c);
        }
    }

    /// <summary>At '"""': a multi-line basic string.</summary>
    private string ParseMultilineBasicString()
    {
        var start = _pos;
        _pos += 3;
        SkipFirstNewline();
        _sb.Clear();
        while (true)
        {
            if (_pos >= _s.Length)
                throw Error("unterminated multi-line string", start);
            var c = _s[_pos];
            switch (c)
            {
                case '"':
                    if (CloseMultiline('"'))
                        return _sb.ToString();
                    continue;
                case '\\':
                    if (!TrimLineEndingBackslash())
                        ParseEscape();
                    continue;
                case '\n':
                case '\r':
                    ConsumeNewline();
                    _sb.Append('\n');
                    continue;
            }
            AppendStringChar(c);
        }
    }

    /// <summary>At '\'': a single-line literal string, content verbatim.</summary>
    private string ParseLiteralString()
    {
        var start = _pos;
        _pos++;
        while (true)
        {
            if (_pos >= _s.Length)
                throw Error("unterminated string", start);
            var c = _s[_pos];
            if (c == '\'')
            {
                _pos++;
                return _s[(start + 1)..(_pos - 1)];
            }
            if (c is '\n' or '\r')
                throw Error("unterminated string (a literal string must end on the line it starts; use ''' for multi-line strings)", start);
            CheckStringChar(c);
            _pos += char.IsHighSurrogate(c) ? 2 : 1;
        }
    }

    /// <summary>At "'''": a multi-line literal string, content verbatim (CRLF read as LF).</summary>
    private string ParseMultilineLiteralString()
    {
        var start = _pos;
        _pos += 3;
        SkipFirstNewline();
        _sb.Clear();
        while (true)
        {
            if (_pos >= _s.Length)
                throw Error("unterminated multi-line string", start);
            var c = _s[_pos];
            switch (c)
            {
                case '\'':
                    if (CloseMultiline('\''))
                        return _sb.ToString();
                    continue;
                case '\n':
                case '\r':
                    ConsumeNewline();
                    _sb.Append('\n');
                    continue;
            }
            AppendStringChar(c);
        }
    }

    /// <summary>A newline immediately after the opening delimiter is trimmed.</summary>
    private void SkipFirstNewline()
    {
        if (Cur == '\n')
            _pos++;
        else if (Cur == '\r' && At(1) == '\n')
            _pos += 2;
    }

    /// <summary>
    /// At a run of quotes inside a multi-line string: fewer than three are content; three or more close the string,
    /// with up to two quotes before the closing delimiter kept as content.
    /// </summary>
    private bool CloseMultiline(char quote)
    {
        var run = 0;
        while (_pos + run < _s.Length && _s[_pos + run] == quote)
            run++;
        if (run < 3)
        {
            _sb.Append(quote, run);
            _pos += run;
            return false;
        }
        var content = Math.Min(run - 3, 2);
        _sb.Append(quote, content);
        _pos += content + 3;
        return true;
    }

    /// <summary>
    /// At '\' in a multi-line basic string: when only whitespace follows it on its line, trims it and all whitespace and
    /// newlines up to the next non-whitespace character.
    /// </summary>
    private bool TrimLineEndingBackslash()
    {
        var i = _pos + 1;
        while (i < _s.Length && (_s[i] == ' ' || _s[i] == '\t'))
            i++;
        if (i >= _s.Length || (_s[i] != '\n' && _s[i] != '\r'))
            return false;
        _pos = i;
        while (true)
        {
            SkipWhitespace();
            if (Cur is '\n' or '\r')
                ConsumeNewline();
            else
                return true;
        }
    }

    /// <summary>At '\' in a basic string: appends the escaped character.</summary>
    private void ParseEscape()
    {
        var start = _pos;
        var e = At(1);
        _pos += 2;
        switch (e)
        {
            case 'b': _sb.Append('\b'); return;
            case 't': _sb.Append('\t'); return;
            case 'n': _sb.Append('\n'); return;
            case 'f': _sb.Append('\f'); return;
            case 'r': _sb.Append('\r'); return;
            case '"': _sb.Append('"'); return;
            case '\\': _sb.Append('\\'); return;
            case 'u':
            case 'U':
                var length = e == 'u' ? 4 : 8;
                var code = 0;
                for (var i = 0; i < length; i++)
                {
                    var digit = HexValue(Cur);
                    if (digit < 0)
                        throw Error($"invalid escape: \\{(char)e} needs exactly {length} hexadecimal digits", start);
                    code = (code << 4) | digit;
                    _pos++;
                }
                if ((uint)code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
                    throw Error($"invalid escape: U+{(uint)code:X} is not a Unicode scalar value", start);
                _sb.Append(char.ConvertFromUtf32(code));
                return;
            case Eof:
                throw Error("unterminated string", start);
            default:
                throw Error($"invalid escape sequence '\\{EscapeForMessage(e)}'", start);
        }
    }

    private static string EscapeForMessage(int c) => c is >= 0x21 and < 0x7F ? ((char)c).ToString() : $"U+{c:X4}";

    /// <summary>Appends a plain string character (advancing past it), rejecting control characters and broken surrogates.</summary>
    private void AppendStringChar(char c)
    {
        CheckStringChar(c);
        if (char.IsHighSurrogate(c))
        {
            _sb.Append(c).Append(_s[_pos + 1]);
            _pos += 2;
        }
        else
        {
            _sb.Append(c);
            _pos++;
        }
    }

    private void CheckStringChar(char c)
    {
        if (IsControl(c))
            throw Error($"control character {Describe(c)} is not allowed in a string (use an escape sequence)");
        if (char.IsSurrogate(c))
            CheckSurrogatePair();
    }

    /// <summary>At a surrogate: it must be a high surrogate followed by a low one.</summary>
    private void CheckSurrogatePair()
    {
        if (!char.IsHighSurrogate(_s[_pos]) || _pos + 1 >= _s.Length || !char.IsLowSurrogate(_s[_pos + 1]))
            throw Error("invalid UTF-16: unpaired surrogate");
    }

    /// <summary>Control characters TOML forbids in strings and comments: U+0000..U+001F except tab, and U+007F.</summary>
    private static bool IsControl(char c) => (c < 0x20 && c != '\t') || c == 0x7F;

    private static int HexValue(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    // ------------------------------------------------------------------ numbers

    private static bool IsDigit(int c) => c is >= '0' and <= '9';

    private static bool IsNumberChar(char c) =>
        c is (>= '0' and <= '9') or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or '.' or '+' or '-';

    private TomlValue ParseNumber()
    {
        var start = _pos;
        while (_pos < _s.Length && IsNumberChar(_s[_pos]))
            _pos++;
        var token = _s.AsSpan(start, _pos - start);
        var body = token;
        var signed = token.Length > 0 && token[0] is '+' or '-';
        var negative = signed && token[0] == '-';
        if (signed)
            body = token[1..];

        if (body.SequenceEqual("inf"))
            return new TomlFloat(negative ? double.NegativeInfinity : double.PositiveInfinity);
        if (body.SequenceEqual("nan"))
            return new TomlFloat(double.NaN);
        if (body.Length == 0)
            throw Error($"invalid number '{token}'", start);

        if (body.Length >= 2 && body[0] == '0' && body[1] is 'x' or 'o' or 'b')
        {
            if (signed)
                throw Error("a sign is not allowed on hexadecimal, octal or binary integers", start);
            var radix = body[1] switch { 'x' => 16, 'o' => 8, _ => 2 };
            return new TomlInteger(ParseRadixInteger(body[2..], radix, token, start));
        }

        var i = 0;
        var intDigits = ReadDigits(body, ref i, start);
        if (intDigits == 0)
            throw Error($"invalid number '{token}'", start);
        if (body[0] == '0' && intDigits > 1)
            throw Error($"leading zeros are not allowed in '{token}'", start);
        var isFloat = false;
        if (i < body.Length && body[i] == '.')
        {
            i++;
            if (ReadDigits(body, ref i, start) == 0)
                throw Error($"invalid float '{token}': a decimal point must be followed by digits", start);
            isFloat = true;
        }
        if (i < body.Length && body[i] is 'e' or 'E')
        {
            i++;
            if (i < body.Length && body[i] is '+' or '-')
                i++;
            if (ReadDigits(body, ref i, start) == 0)
                throw Error($"invalid float '{token}': an exponent must have digits", start);
            isFloat = true;
        }
        if (i != body.Length)
            throw Error($"invalid number '{token}'", start);

        var clean = token.ToString().Replace("_", "", StringComparison.Ordinal);
        if (isFloat)
            return new TomlFloat(double.Parse(clean, NumberStyles.Float, CultureInfo.InvariantCulture));
        if (!long.TryParse(clean, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw Error($"integer '{token}' is out of range for a 64-bit integer", start);
        return new TomlInteger(value);
    }

    /// <summary>Decimal digits with single underscores between them; returns how many digits were read.</summary>
    private int ReadDigits(ReadOnlySpan<char> s, ref int i, int start)
    {
        var digits = 0;
        while (i < s.Length)
        {
            if (IsDigit(s[i]))
            {
                digits++;
                i++;
            }
            else if (s[i] == '_')
            {
                if (digits == 0 || !IsDigit(s[i - 1]) || i + 1 >= s.Length || !IsDigit(s[i + 1]))
                    throw Error("an underscore in a number must be between two digits", start);
                i++;
            }
            else
            {
                break;
            }
        }
        return digits;
    }

    private long ParseRadixInteger(ReadOnlySpan<char> digits, int radix, ReadOnlySpan<char> token, int start)
    {
        var name = radix switch { 16 => "hexadecimal", 8 => "octal", _ => "binary" };
        if (digits.Length == 0)
            throw Error($"invalid {name} integer '{token}'", start);
        ulong value = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var c = digits[i];
            if (c == '_')
            {
                if (i == 0 || i + 1 >= digits.Length || digits[i - 1] == '_' || digits[i + 1] == '_')
                    throw Error("an underscore in a number must be between two digits", start);
                continue;
            }
            var d = HexValue(c);
            if (d < 0 || d >= radix)
                throw Error($"invalid {name} integer '{token}'", start);
            if (value > (ulong)long.MaxValue / (ulong)radix)
                throw Error($"integer '{token}' is out of range for a 64-bit integer", start);
            value = (value * (ulong)radix) + (ulong)d;
            if (value > long.MaxValue)
                throw Error($"integer '{token}' is out of range for a 64-bit integer", start);
        }
        return (long)value;
    }

    // ------------------------------------------------------------------ dates and times

    private TomlDateTime ParseDateTime(bool hasDate)
    {
        var start = _pos;
        DateOnly? date = null;
        TimeOnly? time = null;
        TimeSpan? offset = null;
        TomlDateTimeKind kind;
        if (hasDate)
        {
            var year = ReadFixedDigits(4, start);
            Expect('-', start);
            var month = ReadFixedDigits(2, start);
            Expect('-', start);
            var day = ReadFixedDigits(2, start);
            if (month is < 1 or > 12)
                throw Error("invalid date: month must be 01 to 12", start);
            if (day < 1 || day > DaysInMonth(year, month))
                throw Error($"invalid date: day {day:00} does not exist in {year:0000}-{month:00}", start);
            if (year >= 1)
                date = new DateOnly(year, month, day);

            var hasTime = false;
            if (Cur is 'T' or 't')
            {
                _pos++;
                hasTime = true;
            }
            else if (Cur == ' ' && IsDigit(At(1)) && IsDigit(At(2)) && At(3) == ':')
            {
                _pos++;
                hasTime = true;
            }
            if (!hasTime)
            {
                kind = TomlDateTimeKind.LocalDate;
            }
            else
            {
                time = ReadTime(start);
                if (Cur is 'Z' or 'z')
                {
                    _pos++;
                    offset = TimeSpan.Zero;
                }
                else if (Cur is '+' or '-')
                {
                    var sign = Cur == '-' ? -1 : 1;
                    _pos++;
                    var oh = ReadFixedDigits(2, start);
                    Expect(':', start);
                    var om = ReadFixedDigits(2, start);
                    if (oh > 23 || om > 59)
                        throw Error("invalid date-time: offset out of range", start);
                    offset = new TimeSpan(sign * oh, sign * om, 0);
                }
                kind = offset is null ? TomlDateTimeKind.LocalDateTime : TomlDateTimeKind.OffsetDateTime;
            }
        }
        else
        {
            time = ReadTime(start);
            kind = TomlDateTimeKind.LocalTime;
        }
        return new TomlDateTime(_s[start.._pos], kind, date, time, offset);
    }

    /// <summary>HH:MM:SS with optional fractional seconds; null for a leap second, which .NET cannot represent.</summary>
    private TimeOnly? ReadTime(int start)
    {
        var hour = ReadFixedDigits(2, start);
        Expect(':', start);
        var minute = ReadFixedDigits(2, start);
        Expect(':', start);
        var second = ReadFixedDigits(2, start);
        long ticks = 0;
        if (Cur == '.')
        {
            _pos++;
            if (!IsDigit(Cur))
                throw Error("invalid time: a decimal point must be followed by digits", start);
            var scale = TimeSpan.TicksPerSecond;
            while (IsDigit(Cur))
            {
                scale /= 10;
                ticks += (Cur - '0') * scale;
                _pos++;
            }
        }
        if (hour > 23 || minute > 59 || second > 60)
            throw Error("invalid time: hour, minute or second out of range", start);
        if (second == 60)
            return null;
        return new TimeOnly(new TimeSpan(hour, minute, second).Ticks + ticks);
    }

    private int ReadFixedDigits(int count, int start)
    {
        var value = 0;
        for (var i = 0; i < count; i++)
        {
            if (!IsDigit(Cur))
                throw Error("invalid date-time", start);
            value = (value * 10) + (Cur - '0');
            _pos++;
        }
        return value;
    }

    private void Expect(char c, int start)
    {
        if (Cur != c)
            throw Error("invalid date-time", start);
        _pos++;
    }

    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    // ------------------------------------------------------------------ errors

    private static string Describe(char c) => c switch
    {
        '\n' => "end of line",
        '\r' => "carriage return",
        '\t' => "tab",
        >= ' ' and < (char)0x7F => $"'{c}'",
        _ => $"U+{(int)c:X4}",
    };

    private TomlParseException Error(string reason) => Error(reason, _pos);

    private TomlParseException Error(string reason, int position)
    {
        position = Math.Clamp(position, 0, _s.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < position; i++)
        {
            if (_s[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return new TomlParseException(reason, line, position - lineStart + 1);
    }
}
