using Palisade.Secrets.Toml;

namespace Palisade.Secrets.Tests;

/// <summary>Invalid TOML: each error is a <see cref="TomlParseException"/> at the right line and column.</summary>
public sealed class TomlErrorTests
{
    private static TomlParseException Error(string text, int line, int column, string fragment)
    {
        var e = Assert.Throws<TomlParseException>(() => TomlDocument.Parse(text));
        Assert.True(e.Message.Contains(fragment, StringComparison.Ordinal), $"message '{e.Message}' lacks '{fragment}'");
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Equal($"line {line}, column {column}: {e.Reason}", e.Message);
        return e;
    }

    // ------------------------------------------------------------------ the message format

    [Fact]
    public void The_message_names_line_and_column()
    {
        var e = Error("a = 1\nb = 2\nc 3", 3, 3, "expected '=' after key");
        Assert.Equal("line 3, column 3: expected '=' after key", e.Message);
        Assert.Equal("expected '=' after key", e.Reason);
    }

    [Fact]
    public void Positions_count_crlf_lines_and_tabs_as_one_column()
    {
        Error("a = 1\r\n\tb = = 2", 2, 6, "expected a value");
    }

    // ------------------------------------------------------------------ keys and key/value pairs

    [Theory]
    [InlineData("key", 1, 4, "expected '=' after key")]
    [InlineData("key = ", 1, 7, "expected a value after '='")]
    [InlineData("key = # comment", 1, 7, "expected a value after '='")]
    [InlineData("key =\n1", 1, 6, "expected a value after '='")]
    [InlineData("= 1", 1, 1, "expected a key, found '='")]
    [InlineData("a b = 1", 1, 3, "expected '=' after key")]
    [InlineData("a. = 1", 1, 4, "expected a key, found '='")]
    [InlineData(".a = 1", 1, 1, "expected a key, found '.'")]
    [InlineData("a..b = 1", 1, 3, "expected a key, found '.'")]
    [InlineData("a! = 1", 1, 2, "expected '=' after key")]
    [InlineData("! = 1", 1, 1, "expected a key, found '!'")]
    [InlineData("ʎ = 1", 1, 1, "expected a key, found U+028E")]
    [InlineData("\"\"\"a\"\"\" = 1", 1, 1, "a multi-line string cannot be used as a key")]
    [InlineData("'''a''' = 1", 1, 1, "a multi-line string cannot be used as a key")]
    [InlineData("\"a\nb\" = 1", 1, 1, "unterminated string")]
    [InlineData("a = 1 b = 2", 1, 7, "expected a newline after value, found 'b'")]
    [InlineData("a = \"x\" \"y\"", 1, 9, "expected a newline after value")]
    [InlineData("a = 1,", 1, 6, "expected a newline after value, found ','")]
    [InlineData("a = hello", 1, 5, "invalid value 'hello' (strings must be quoted)")]
    [InlineData("a = True", 1, 5, "invalid value 'True'")]
    [InlineData("a = truex", 1, 5, "invalid value 'truex'")]
    [InlineData("a = @", 1, 5, "expected a value, found '@'")]
    [InlineData("a = .5", 1, 5, "expected a value, found '.'")]
    public void Malformed_key_value_pairs(string text, int line, int column, string fragment) => Error(text, line, column, fragment);

    [Theory]
    [InlineData("a = 1\na = 2", 2, 1, "duplicate key 'a'")]
    [InlineData("spelling = 1\n\"spelling\" = 2", 2, 1, "duplicate key 'spelling'")]
    [InlineData("a.b = 1\na.b = 2", 2, 1, "duplicate key 'a.b'")]
    [InlineData("\"x.y\" = 1\n'x.y' = 2", 2, 1, "duplicate key '\"x.y\"'")]
    [InlineData("[t]\nk = 1\nk = 2", 3, 1, "duplicate key 'k'")]
    [InlineData("a = 1\na.b = 2", 2, 1, "key 'a' is already defined as an integer, not a table")]
    [InlineData("a.b = 1\na = 2", 2, 1, "duplicate key 'a'")]
    [InlineData("a.b = 1\na.b.c = 2", 2, 1, "key 'a.b' is already defined as an integer")]
    [InlineData("a = [1]\na.b = 2", 2, 1, "key 'a' is already defined as an array")]
    public void Duplicate_keys(string text, int line, int column, string fragment) => Error(text, line, column, fragment);

    // ------------------------------------------------------------------ tables

    [Theory]
    [InlineData("[fruit]\napple = \"red\"\n\n[fruit]\norange = \"orange\"", 4, 1, "table 'fruit' is already defined")]
    [InlineData("[fruit]\napple = \"red\"\n\n[fruit.apple]\ntexture = \"smooth\"", 4, 1, "cannot define table 'fruit.apple': key is already defined as a string")]
    [InlineData("[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple]", 4, 1, "table 'fruit.apple' is already defined")]
    [InlineData("[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.taste]", 4, 1, "table 'fruit.apple.taste' is already defined")]
    [InlineData("a.b = 1\n[a]", 2, 1, "table 'a' is already defined")]
    [InlineData("[a.b.c]\nz = 9\n[a]\nb.c.t = 1", 4, 1, "cannot use dotted keys to add to table 'b.c', which is defined by a table header")]
    [InlineData("[a.b.c.d]\nz = 9\n[a]\nb.c.d.k.t = 1", 4, 1, "cannot use dotted keys to add to table 'b.c.d'")]
    [InlineData("[a]\n[a.b]\n[a]", 3, 1, "table 'a' is already defined")]
    [InlineData("[a.b]\n[a]\nb.x = 1", 3, 1, "cannot use dotted keys to add to table 'b'")]
    [InlineData("a = 1\n[a.b]", 2, 1, "key 'a' is already defined as an integer, not a table")]
    [InlineData("a = [1]\n[a.b]", 2, 1, "key 'a' is a static array, not a table")]
    [InlineData("a = [{ b = 1 }]\n[a.c]", 2, 1, "key 'a' is a static array, not a table")]
    [InlineData("[[a]]\n[a]", 2, 1, "cannot define table 'a': it is already an array of tables")]
    [InlineData("[a]\n[a.b]\n[a.b]", 3, 1, "table 'a.b' is already defined")]
    [InlineData("[]", 1, 2, "expected a key, found ']'")]
    [InlineData("[a", 1, 3, "expected ']' to close the table header")]
    [InlineData("[a.]", 1, 4, "expected a key, found ']'")]
    [InlineData("[a b]", 1, 4, "expected ']' to close the table header")]
    [InlineData("[a]b = 1", 1, 4, "expected a newline after table header, found 'b'")]
    [InlineData("[a] = 1", 1, 5, "expected a newline after table header, found '='")]
    [InlineData("[\"a\nb\"]", 1, 2, "unterminated string")]
    [InlineData("[a]\n[a.b]\n[a.b.c]\n[a.b]", 4, 1, "table 'a.b' is already defined")]
    public void Table_errors(string text, int line, int column, string fragment) => Error(text, line, column, fragment);

    // ------------------------------------------------------------------ arrays of tables

    [Theory]
    [InlineData("fruits = []\n[[fruits]]", 2, 1, "cannot append to static array 'fruits'")]
    [InlineData("fruits = [{ a = 1 }]\n[[fruits]]", 2, 1, "cannot append to static array 'fruits'")]
    [InlineData("[fruit.physical]\ncolor = \"red\"\n[[fruit]]\nname = \"apple\"", 3, 1, "cannot define array of tables 'fruit': it is already a table")]
    [InlineData("[[fruits]]\nname = \"apple\"\n[[fruits.varieties]]\nname = \"red delicious\"\n[fruits.varieties]\nname = \"granny smith\"", 5, 1, "cannot define table 'fruits.varieties': it is already an array of tables")]
    [InlineData("[[fruits]]\n[fruits.physical]\ncolor = \"red\"\n[[fruits.physical]]\ncolor = \"green\"", 4, 1, "cannot define array of tables 'fruits.physical': it is already a table")]
    [InlineData("[[albums.songs]]\n[[albums]]", 2, 1, "cannot define array of tables 'albums': it is already a table")]
    [InlineData("a = 1\n[[a]]", 2, 1, "cannot define array of tables 'a': key is already defined as an integer")]
    [InlineData("[[a.b]]\n[a]\nb.c = 1", 3, 1, "cannot use dotted keys to add to array of tables 'b'")]
    [InlineData("[[a]", 1, 4, "expected ']]' to close the array of tables header")]
    [InlineData("[[a] ]", 1, 4, "expected ']]' to close the array of tables header")]
    [InlineData("[ [a]]", 1, 3, "expected a key, found '['")]
    [InlineData("[[]]", 1, 3, "expected a key, found ']'")]
    public void Array_of_tables_errors(string text, int line, int column, string fragment) => Error(text, line, column, fragment);

    // ------------------------------------------------------------------ inline tables

    [Theory]
    [InlineData("[product]\ntype = { name = \"Nail\" }\ntype.edible = false", 3, 1, "cannot add keys to inline table 'type': inline tables are immutable")]
    [InlineData("[product]\ntype.name = \"Nail\"\ntype = { edible = false }", 3, 1, "duplicate key 'type'")]
    [InlineData("a = { b = 1 }\n[a]", 2, 1, "cannot redefine inline table 'a'")]
    [InlineData("a = { b = 1 }\n[a.c]", 2, 1, "cannot extend inline table 'a': inline tables are immutable")]
    [InlineData("a = { b = { c = 1 } }\n[a.b.d]", 2, 1, "cannot extend inline table 'a'")]
    [InlineData("a = { b = 1 }\n[[a.c]]", 2, 1, "cannot extend inline table 'a'")]
    [InlineData("a = { b = 1 }\na.c = 2", 2, 1, "cannot add keys to inline table 'a'")]
    [InlineData("a = { b = 1, b = 2 }", 1, 14, "duplicate key 'b'")]
    [InlineData("a = { b.c = 1, b = 2 }", 1, 16, "duplicate key 'b'")]
    [InlineData("a = { b = {}, b.c = 2 }", 1, 15, "cannot add keys to inline table 'b'")]
    [InlineData("a = { b = 1, }", 1, 14, "a trailing comma is not allowed in an inline table")]
    [InlineData("a = { b = 1\n}", 1, 12, "newlines are not allowed inside an inline table")]
    [InlineData("a = {\nb = 1 }", 1, 6, "newlines are not allowed inside an inline table")]
    [InlineData("a = { b = 1,\n c = 2 }", 1, 13, "newlines are not allowed inside an inline table")]
    [InlineData("a = { b = 1 # comment\n}", 1, 13, "expected ',' or '}' in inline table, found '#'")]
    [InlineData("a = { b = 1 c = 2 }", 1, 13, "expected ',' or '}' in inline table, found 'c'")]
    [InlineData("a = { , }", 1, 7, "expected a key, found ','")]
    [InlineData("a = { b = 1", 1, 5, "unterminated inline table")]
    [InlineData("a = { b }", 1, 9, "expected '=' after key")]
    public void Inline_table_errors(string text, int line, int column, string fragment) => Error(text, line, column, fragment);

    // ------------------------------------------------------------------ arrays

    [Theory]
    [InlineData("a = [1,,2]", 1, 8, "expected a value, found ','")]
    [InlineData("a = [,]", 1, 6, "expected a value, found ','")]
    [InlineData("a = [1 2]", 1, 8, "expected ',' or ']' in array, found '2'")]
    [InlineData("a = [1, 2", 1, 5, "unterminated array")]
    [InlineData("a = [1, 2,\n\n", 1, 5, "unterminated array")]
    [InlineData("a = [\n  1,\n  2 3\n]", 3, 5, "expected ',' or ']' in array, found '3'")]
    [InlineData("a = [1]]", 1, 8, "expected a newline after value, found ']'")]
    [InlineData("a = [1, # comment \u0001\n]", 1, 19, "control character U+0001 is not allowed in a comment")]
    public void Array_errors(string text, int line, int column, string fragment) => Error(text, line, column, fragment);

    // ------------------------------------------------------------------ strings

    [Theory]
    [InlineData("a = \"abc", 1, 5, "unterminated string")]
    [InlineData("a = \"abc\nb = 1", 1, 5, "unterminated string")]
    [InlineData("a = 'abc", 1, 5, "unterminated string")]
    [InlineData("a = 'abc\n'", 1, 5, "unterminated string")]
    [InlineData("x = 1\na = \"\"\"abc\n\ndef", 2, 5, "unterminated multi-line string")]
    [InlineData("a = '''abc\n''", 1, 5, "unterminated multi-line string")]
    [InlineData("a = \"\"\"abc\"\"", 1, 5, "unterminated multi-line string")]
    [InlineData("a = \"abc\\", 1, 9, "unterminated string")]
    [InlineData("a = \"\"\"\"\"\"\"\"\"", 1, 13, "expected a newline after value, found '\"'")]
    [InlineData("a = '''''''''", 1, 13, "expected a newline after value, found '''")]
    public void Unterminated_strings(string text, int line, int column, string fragment) => Error(text, line, column, fragment);

    [Theory]
    [InlineData("a = \"\\a\"", 1, 6, "invalid escape sequence '\\a'")]
    [InlineData("a = \"\\x41\"", 1, 6, "invalid escape sequence '\\x'")]
    [InlineData("a = \"\\e\"", 1, 6, "invalid escape sequence '\\e'")]
    [InlineData("a = \"\\ \"", 1, 6, "invalid escape sequence '\\U+0020'")]
    [InlineData("a = \"\\'\"", 1, 6, "invalid escape sequence '\\''")]
    [InlineData("a = \"C:\\Users\"", 1, 8, "invalid escape: \\U needs exactly 8 hexadecimal digits")]
    [InlineData("a = \"\\u12\"", 1, 6, "invalid escape: \\u needs exactly 4 hexadecimal digits")]
    [InlineData("a = \"\\u12G4\"", 1, 6, "\\u needs exactly 4 hexadecimal digits")]
    [InlineData("a = \"\\uD800\"", 1, 6, "invalid escape: U+D800 is not a Unicode scalar value")]
    [InlineData("a = \"\\uDFFF\"", 1, 6, "U+DFFF is not a Unicode scalar value")]
    [InlineData("a = \"\\U00110000\"", 1, 6, "U+110000 is not a Unicode scalar value")]
    [InlineData("a = \"\\UFFFFFFFF\"", 1, 6, "U+FFFFFFFF is not a Unicode scalar value")]
    [InlineData("a = \"\"\"\n\\q\"\"\"", 2, 1, "invalid escape sequence '\\q'")]
    [InlineData("a = \"\"\"abc \\  x\"\"\"", 1, 12, "invalid escape sequence")]
    [InlineData("\"\\a\" = 1", 1, 2, "invalid escape sequence '\\a'")]
    public void Invalid_escapes(string text, int line, int column, string fragment) => Error(text, line, column, fragment);

    [Theory]
    [InlineData("a = \"x\u0001y\"", 1, 7, "control character U+0001 is not allowed in a string")]
    [InlineData("a = \"x\u0000y\"", 1, 7, "control character U+0000")]
    [InlineData("a = \"x\u007Fy\"", 1, 7, "control character U+007F")]
    [InlineData("a = \"x\u001Fy\"", 1, 7, "control character U+001F")]
    [InlineData("a = 'x\u0008y'", 1, 7, "control character U+0008")]
    [InlineData("a = \"\"\"x\u000By\"\"\"", 1, 9, "control character U+000B")]
    [InlineData("a = '''x\u000Cy'''", 1, 9, "control character U+000C")]
    [InlineData("a = \"\"\"x\ry\"\"\"", 1, 9, "a carriage return must be followed by a line feed")]
    [InlineData("a = '''x\ry'''", 1, 9, "a carriage return must be followed by a line feed")]
    [InlineData("a = \"x\ry\"", 1, 5, "unterminated string")]
    [InlineData("a = 1 # x\u0000", 1, 10, "control character U+0000 is not allowed in a comment")]
    [InlineData("# \u007F", 1, 3, "control character U+007F is not allowed in a comment")]
    [InlineData("a = 1\rb = 2", 1, 6, "a carriage return must be followed by a line feed")]
    [InlineData("\r", 1, 1, "a carriage return must be followed by a line feed")]
    [InlineData("\u00A0a = 1", 1, 1, "expected a key, found U+00A0")]
    [InlineData("a\u00A0= 1", 1, 2, "expected '=' after key")]
    [InlineData("\u0000", 1, 1, "expected a key, found U+0000")]
    [InlineData("\uFEFF\uFEFFa = 1", 1, 2, "expected a key, found U+FEFF")]
    public void Invalid_characters(string text, int line, int column, string fragment) => Error(text, line, column, fragment);

    /// <summary>Lone surrogates cannot go through [InlineData] (attribute metadata turns them into U+FFFD).</summary>
    [Fact]
    public void Unpaired_surrogates_are_invalid()
    {
        Error("a = \"\uD800\"", 1, 6, "invalid UTF-16: unpaired surrogate");
        Error("a = \"x\uD800y\"", 1, 7, "invalid UTF-16: unpaired surrogate");
        Error("a = '\uDC00'", 1, 6, "invalid UTF-16: unpaired surrogate");
        Error("a = '''\uDC00\uD800'''", 1, 8, "invalid UTF-16: unpaired surrogate");
        Error("a = \"\"\"\uD800\"\"\"", 1, 8, "invalid UTF-16: unpaired surrogate");
        Error("# \uD800x", 1, 3, "invalid UTF-16: unpaired surrogate");
        Error("a = \"\uD800", 1, 6, "invalid UTF-16: unpaired surrogate");
        Error("\"\uDFFF\" = 1", 1, 2, "invalid UTF-16: unpaired surrogate");
        Assert.Equal("\uD83D\uDE00", TomlDocument.Parse("a = '\uD83D\uDE00' # \uD83D\uDE00").GetString("a"));
    }

    // ------------------------------------------------------------------ numbers

    [Theory]
    [InlineData("01", "leading zeros are not allowed in '01'")]
    [InlineData("-01", "leading zeros are not allowed")]
    [InlineData("00", "leading zeros are not allowed")]
    [InlineData("0_0", "leading zeros are not allowed")]
    [InlineData("1__2", "an underscore in a number must be between two digits")]
    [InlineData("_1", "expected a value, found '_'")]
    [InlineData("1_", "an underscore in a number must be between two digits")]
    [InlineData("1_.5", "an underscore in a number must be between two digits")]
    [InlineData("1._5", "an underscore in a number must be between two digits")]
    [InlineData("1e_5", "an underscore in a number must be between two digits")]
    [InlineData("0x", "invalid hexadecimal integer '0x'")]
    [InlineData("0xG", "invalid hexadecimal integer '0xG'")]
    [InlineData("0o8", "invalid octal integer")]
    [InlineData("0b2", "invalid binary integer")]
    [InlineData("0x_1", "an underscore in a number must be between two digits")]
    [InlineData("0x1_", "an underscore in a number must be between two digits")]
    [InlineData("0x1__2", "an underscore in a number must be between two digits")]
    [InlineData("0X1", "invalid number '0X1'")]
    [InlineData("+0x1", "a sign is not allowed on hexadecimal, octal or binary integers")]
    [InlineData("-0b1", "a sign is not allowed")]
    [InlineData("9223372036854775808", "integer '9223372036854775808' is out of range for a 64-bit integer")]
    [InlineData("-9223372036854775809", "out of range")]
    [InlineData("0x8000000000000000", "out of range")]
    [InlineData("0xFFFFFFFFFFFFFFFFFF", "out of range")]
    [InlineData("0b" + "1000000000000000000000000000000000000000000000000000000000000000", "out of range")]
    [InlineData("7.", "a decimal point must be followed by digits")]
    [InlineData("3.e+20", "a decimal point must be followed by digits")]
    [InlineData("1e", "an exponent must have digits")]
    [InlineData("1e+", "an exponent must have digits")]
    [InlineData("1.5.5", "invalid number '1.5.5'")]
    [InlineData("01.5", "leading zeros are not allowed")]
    [InlineData("1-2", "invalid number '1-2'")]
    [InlineData("+", "invalid number '+'")]
    [InlineData("-", "invalid number '-'")]
    [InlineData("++1", "invalid number '++1'")]
    [InlineData("infinity", "invalid value 'infinity'")]
    [InlineData("+infinity", "invalid number '+infinity'")]
    [InlineData("Inf", "invalid value 'Inf'")]
    [InlineData("NaN", "invalid value 'NaN'")]
    [InlineData("1.0_", "an underscore in a number must be between two digits")]
    [InlineData("0.0.0", "invalid number")]
    public void Invalid_numbers(string value, string fragment) => Error($"n = {value}", 1, 5, fragment);

    [Theory]
    [InlineData("1979-13-01", "month must be 01 to 12")]
    [InlineData("1979-00-01", "month must be 01 to 12")]
    [InlineData("2023-02-29", "invalid date: day 29 does not exist in 2023-02")]
    [InlineData("1900-02-29", "day 29 does not exist")]
    [InlineData("1979-04-31", "day 31 does not exist")]
    [InlineData("1979-05-00", "day 00 does not exist")]
    [InlineData("1979-05-27T25:00:00", "hour, minute or second out of range")]
    [InlineData("1979-05-27T07:60:00", "out of range")]
    [InlineData("1979-05-27T07:32:61", "out of range")]
    [InlineData("24:00:00", "out of range")]
    [InlineData("07:32", "invalid date-time")]
    [InlineData("1979-05-27T07:32Z", "invalid date-time")]
    [InlineData("1979-05-27T", "invalid date-time")]
    [InlineData("1979-05-27T07:32:00.", "a decimal point must be followed by digits")]
    [InlineData("1979-05-27T07:32:00+25:00", "offset out of range")]
    [InlineData("1979-05-27T07:32:00+07", "invalid date-time")]
    [InlineData("1979-5-27", "invalid date-time")]
    [InlineData("1979-05-7", "invalid date-time")]
    public void Invalid_dates_and_times(string value, string fragment) => Error($"d = {value}", 1, 5, fragment);

    [Theory]
    [InlineData("d = 1979-05-27x", 1, 15, "expected a newline after value, found 'x'")]
    [InlineData("d = 1979-05-27T07:32:00Zx", 1, 25, "expected a newline after value, found 'x'")]
    [InlineData("d = 1979-05-27 07:32", 1, 5, "invalid date-time")]
    [InlineData("d = 1979-05-27 x", 1, 16, "expected a newline after value, found 'x'")]
    [InlineData("d = 7:32:00", 1, 6, "expected a newline after value, found ':'")]
    public void Trailing_garbage_after_dates(string text, int line, int column, string fragment) => Error(text, line, column, fragment);

    // ------------------------------------------------------------------ nesting limits

    [Fact]
    public void Nesting_deeper_than_the_limit_is_an_error_not_a_stack_overflow()
    {
        var limit = TomlDocument.MaxNestingDepth;
        Error("a = " + new string('[', limit + 1) + new string(']', limit + 1), 1, 5 + limit, "nesting too deep");
        Error("a = " + new string('[', 1_000_000), 1, 5 + limit, "nesting too deep");
        Error("a = " + string.Concat(Enumerable.Repeat("{b=", 100_000)), 1, 5 + (3 * limit), "nesting too deep");
        Error("a = [" + string.Concat(Enumerable.Repeat("{b=[", 100_000)), 1, 9 + (4 * ((limit / 2) - 1)), "nesting too deep");
        Error(string.Join('.', Enumerable.Repeat("k", limit + 2)) + " = 1", 1, 1, "nesting too deep");
        Error("[" + string.Join('.', Enumerable.Repeat("k", limit + 1)) + "]", 1, 1, "nesting too deep");
        Error("[[" + string.Join('.', Enumerable.Repeat("k", limit + 1)) + "]]", 1, 1, "nesting too deep");
    }

    [Fact]
    public void Nesting_counts_header_dotted_key_and_value_levels_together()
    {
        var half = TomlDocument.MaxNestingDepth / 2;
        var header = "[" + string.Join('.', Enumerable.Repeat("h", half)) + "]\n";
        _ = TomlDocument.Parse(header + string.Join('.', Enumerable.Repeat("k", half + 1)) + " = 1");
        Error(header + string.Join('.', Enumerable.Repeat("k", half + 2)) + " = 1", 2, 1, "nesting too deep");
        Error(header + string.Join('.', Enumerable.Repeat("k", half + 1)) + " = [1]", 2, 5 + (2 * half), "nesting too deep");
    }
}
