using Palisade.Secrets.Toml;

namespace Palisade.Secrets.Tests;

/// <summary>Valid TOML v1.0.0: every feature the reader supports, mostly with the spec's own examples.</summary>
public sealed class TomlParserTests
{
    private static TomlTable P(string text) => TomlDocument.Parse(text);

    private static string S(TomlTable t, string key) => Assert.IsType<TomlString>(t[key]).Value;

    // ------------------------------------------------------------------ documents, comments, whitespace

    [Fact]
    public void Empty_and_blank_documents_are_empty_tables()
    {
        Assert.Empty(P(""));
        Assert.Empty(P("\n\n   \t\n\r\n"));
        Assert.Empty(P("# only a comment"));
    }

    [Fact]
    public void Comments_are_ignored_everywhere_they_are_allowed()
    {
        var t = P("""
            # This is a full-line comment
            key = "value"  # This is a comment at the end of a line
            another = "# This is not a comment"
            [tbl] # header comment
            x = [ # inside an array
              1, # after an element
              # on its own line
              2,
            ] # after the array
            # comment at the end with a tab	and unicode ʎ 😀
            """);
        Assert.Equal("value", t.GetString("key"));
        Assert.Equal("# This is not a comment", t.GetString("another"));
        Assert.Equal([1L, 2L], t.GetTable("tbl")!.GetArray("x")!.Select(v => ((TomlInteger)v).Value));
    }

    [Fact]
    public void Crlf_line_endings_and_a_leading_bom_are_accepted()
    {
        var t = P("\uFEFFa = 1\r\n[b]\r\nc = 'x'\r\n");
        Assert.Equal(1, t.GetInteger("a"));
        Assert.Equal("x", t.GetTable("b")!.GetString("c"));
    }

    [Fact]
    public void Whitespace_around_keys_equals_and_values_is_ignored()
    {
        var t = P("  \t key \t=\t \"v\" \t \n   [  t  ]  \n\t x=1");
        Assert.Equal("v", t.GetString("key"));
        Assert.Equal(1, t.GetTable("t")!.GetInteger("x"));
    }

    // ------------------------------------------------------------------ keys

    [Fact]
    public void Bare_keys_may_use_letters_digits_underscores_and_dashes()
    {
        var t = P("key = 1\nbare_key = 2\nbare-key = 3\n1234 = 4\n-_- = 5\nABC = 6");
        Assert.Equal(["key", "bare_key", "bare-key", "1234", "-_-", "ABC"], t.Keys);
        Assert.Equal(4, t.GetInteger("1234"));
    }

    [Fact]
    public void Quoted_keys_may_contain_anything()
    {
        var t = P("""
            "127.0.0.1" = "value"
            "character encoding" = "value"
            "ʎǝʞ" = "value"
            'key2' = "value"
            'quoted "value"' = "value"
            "tab\there" = 1
            "\u00e9" = 2
            """);
        Assert.Equal(["127.0.0.1", "character encoding", "ʎǝʞ", "key2", "quoted \"value\"", "tab\there", "é"], t.Keys);
    }

    [Fact]
    public void Empty_quoted_keys_are_allowed()
    {
        Assert.Equal(1, P("\"\" = 1").GetInteger(""));
        Assert.Equal(2, P("'' = 2").GetInteger(""));
    }

    [Fact]
    public void Quoted_and_bare_spellings_of_a_key_are_the_same_key()
    {
        Assert.Contains("duplicate key", Assert.Throws<TomlParseException>(() => P("spelling = 1\n\"spelling\" = 2")).Message, StringComparison.Ordinal);
        Assert.Contains("duplicate key", Assert.Throws<TomlParseException>(() => P("a = 1\n'a' = 2")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dotted_keys_create_nested_tables()
    {
        var t = P("""
            name = "Orange"
            physical.color = "orange"
            physical.shape = "round"
            site."google.com" = true
            "x.y".z = 1
            fruit . flavor = "sweet"
            a.b.c.d = 4
            """);
        var physical = t.GetTable("physical")!;
        Assert.Equal(["color", "shape"], physical.Keys);
        Assert.Equal("round", physical.GetString("shape"));
        Assert.True(t.GetTable("site")!.GetBool("google.com"));
        Assert.Equal(1, t.GetTable("x.y")!.GetInteger("z"));
        Assert.Equal("sweet", t.GetTable("fruit")!.GetString("flavor"));
        Assert.Equal(4, t.GetTable("a")!.GetTable("b")!.GetTable("c")!.GetInteger("d"));
        Assert.False(physical.IsInline);
    }

    [Fact]
    public void A_float_looking_key_is_a_dotted_key()
    {
        var t = P("3.14159 = \"pi\"");
        Assert.Equal("pi", t.GetTable("3")!.GetString("14159"));
    }

    [Fact]
    public void Dotted_keys_may_be_defined_out_of_order_within_a_section()
    {
        var t = P("""
            apple.type = "fruit"
            orange.type = "fruit"
            apple.skin = "thin"
            orange.skin = "thick"
            apple.color = "red"
            """);
        Assert.Equal(["type", "skin", "color"], t.GetTable("apple")!.Keys);
        Assert.Equal(["type", "skin"], t.GetTable("orange")!.Keys);
    }

    [Fact]
    public void Dotted_keys_in_a_section_are_relative_to_that_section()
    {
        var t = P("[dog.\"tater.man\"]\ntype.name = \"pug\"");
        Assert.Equal("pug", t.GetTable("dog")!.GetTable("tater.man")!.GetTable("type")!.GetString("name"));
    }

    // ------------------------------------------------------------------ strings

    [Fact]
    public void Basic_strings_process_every_escape()
    {
        var t = P("""
            s = "\b\t\n\f\r\"\\ \u00E9 \U0001F600 \u0000 end"
            quote = "I'm a string. \"You can quote me\". Name\tJos\u00E9\nLocation\tSF."
            """);
        Assert.Equal("\b\t\n\f\r\"\\ é 😀 \0 end", S(t, "s"));
        Assert.Equal("I'm a string. \"You can quote me\". Name\tJosé\nLocation\tSF.", S(t, "quote"));
    }

    [Fact]
    public void Basic_strings_allow_tabs_and_any_unicode()
    {
        Assert.Equal("a\tb ʎǝʞ 😀 \u00A0 \u2028", S(P("s = \"a\tb ʎǝʞ 😀 \u00A0 \u2028\""), "s"));
    }

    [Fact]
    public void Literal_strings_keep_backslashes_verbatim()
    {
        var t = P("""
            winpath  = 'C:\Users\nodejs\templates'
            winpath2 = '\\ServerX\admin$\system32\'
            quoted   = 'Tom "Dubs" Preston-Werner'
            regex    = '<\i\c*\s*>'
            tab      = 'a	b'
            empty    = ''
            """);
        Assert.Equal(@"C:\Users\nodejs\templates", S(t, "winpath"));
        Assert.Equal(@"\\ServerX\admin$\system32\", S(t, "winpath2"));
        Assert.Equal("Tom \"Dubs\" Preston-Werner", S(t, "quoted"));
        Assert.Equal(@"<\i\c*\s*>", S(t, "regex"));
        Assert.Equal("a\tb", S(t, "tab"));
        Assert.Equal("", S(t, "empty"));
    }

    [Fact]
    public void Multiline_basic_strings_trim_the_first_newline()
    {
        Assert.Equal("Roses are red\nViolets are blue", S(P("str1 = \"\"\"\nRoses are red\nViolets are blue\"\"\""), "str1"));
        Assert.Equal("Roses are red\nViolets are blue", S(P("str1 = \"\"\"\r\nRoses are red\r\nViolets are blue\"\"\""), "str1"));
        Assert.Equal("\nsecond", S(P("s = \"\"\"\n\nsecond\"\"\""), "s"));
        Assert.Equal("", S(P("s = \"\"\"\"\"\""), "s"));
        Assert.Equal("", S(P("s = \"\"\"\n\"\"\""), "s"));
    }

    [Fact]
    public void Multiline_basic_strings_trim_line_ending_backslashes()
    {
        var t = P(""""
            str1 = "The quick brown fox jumps over the lazy dog."
            str2 = """
            The quick brown \


              fox jumps over \
                the lazy dog."""
            str3 = """\
                   The quick brown \
                   fox jumps over \
                   the lazy dog.\
                   """
            """");
        Assert.Equal(S(t, "str1"), S(t, "str2"));
        Assert.Equal(S(t, "str1"), S(t, "str3"));
        var ws = P("s = \"\"\"trailing whitespace after the backslash \\  \t\r\n  \t\n   is trimmed too\"\"\"");
        Assert.Equal("trailing whitespace after the backslash is trimmed too", S(ws, "s"));
        Assert.Equal("ab", S(P("s = \"\"\"a\\\n\"\"\"\ns2 = \"\"\"a\\\n   b\"\"\""), "s2"));
        Assert.Equal("a", S(P("s = \"\"\"a\\\n\"\"\""), "s"));
    }

    [Fact]
    public void Multiline_basic_strings_allow_quotes_and_escapes()
    {
        var t = P(""""""
            str4 = """Here are two quotation marks: "". Simple enough."""
            str5 = """Here are three quotation marks: ""\"."""
            str6 = """Here are fifteen quotation marks: ""\"""\"""\"""\"""\"."""
            str7 = """"This," she said, "is just a pointless statement.""""
            one = """a""""
            two = """a"""""
            esc = """tab\tnewline\nunicode\u00E9\U0001F600 backslash\\"""
            """""");
        Assert.Equal("Here are two quotation marks: \"\". Simple enough.", S(t, "str4"));
        Assert.Equal("Here are three quotation marks: \"\"\".", S(t, "str5"));
        Assert.Equal("Here are fifteen quotation marks: " + new string('"', 15) + ".", S(t, "str6"));
        Assert.Equal("\"This,\" she said, \"is just a pointless statement.\"", S(t, "str7"));
        Assert.Equal("a\"", S(t, "one"));
        Assert.Equal("a\"\"", S(t, "two"));
        Assert.Equal("tab\tnewline\nunicodeé😀 backslash\\", S(t, "esc"));
        Assert.Equal("line1\nline2\ttab", S(P("s = \"\"\"line1\r\nline2\ttab\"\"\""), "s"));
    }

    [Fact]
    public void Multiline_literal_strings_are_verbatim()
    {
        var t = P(""""
            regex2 = '''I [dw]on't need \d{2} apples'''
            lines  = '''
            The first newline is
            trimmed in raw strings.
               All other whitespace
               is preserved.
            '''
            apos15 = "Here are fifteen apostrophes: '''''''''''''''"
            str = ''''That,' she said, 'is still pointless.''''
            two = '''a'''''
            lead = '''''a'''
            backslashes = '''\b\t\n \\ \u0041 \'''
            """");
        var quot15 = P("quot15 = '''Here are fifteen quotation marks: " + new string('"', 15) + "'''");
        Assert.Equal(@"I [dw]on't need \d{2} apples", S(t, "regex2"));
        Assert.Equal("The first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n", S(t, "lines"));
        Assert.Equal("Here are fifteen quotation marks: " + new string('"', 15), S(quot15, "quot15"));
        Assert.Equal("Here are fifteen apostrophes: '''''''''''''''", S(t, "apos15"));
        Assert.Equal("'That,' she said, 'is still pointless.'", S(t, "str"));
        Assert.Equal("a''", S(t, "two"));
        Assert.Equal("''a", S(t, "lead"));
        Assert.Equal(@"\b\t\n \\ \u0041 \", S(t, "backslashes"));
    }

    [Fact]
    public void Multiline_literal_strings_read_crlf_as_lf()
    {
        Assert.Equal("a\nb", S(P("s = '''\r\na\r\nb'''"), "s"));
    }

    // ------------------------------------------------------------------ integers

    [Theory]
    [InlineData("+99", 99L)]
    [InlineData("42", 42L)]
    [InlineData("0", 0L)]
    [InlineData("+0", 0L)]
    [InlineData("-0", 0L)]
    [InlineData("-17", -17L)]
    [InlineData("1_000", 1000L)]
    [InlineData("5_349_221", 5349221L)]
    [InlineData("53_49_221", 5349221L)]
    [InlineData("1_2_3_4_5", 12345L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("0xDEADBEEF", 0xDEADBEEFL)]
    [InlineData("0xdeadbeef", 0xDEADBEEFL)]
    [InlineData("0xdead_beef", 0xDEADBEEFL)]
    [InlineData("0x00ff", 255L)]
    [InlineData("0x7FFFFFFFFFFFFFFF", long.MaxValue)]
    [InlineData("0o01234567", 342391L)]
    [InlineData("0o755", 493L)]
    [InlineData("0b11010110", 214L)]
    [InlineData("0b1_0", 2L)]
    public void Integers(string text, long expected)
    {
        var value = P($"n = {text}\narr = [{text}]\ninl = {{ x = {text} }}");
        Assert.Equal(expected, value.GetInteger("n"));
        Assert.Equal(expected, Assert.IsType<TomlInteger>(value.GetArray("arr")![0]).Value);
        Assert.Equal(expected, value.GetTable("inl")!.GetInteger("x"));
    }

    // ------------------------------------------------------------------ floats

    [Theory]
    [InlineData("+1.0", 1.0)]
    [InlineData("3.1415", 3.1415)]
    [InlineData("-0.01", -0.01)]
    [InlineData("5e+22", 5e+22)]
    [InlineData("1e06", 1e06)]
    [InlineData("-2E-2", -2E-2)]
    [InlineData("6.626e-34", 6.626e-34)]
    [InlineData("224_617.445_991_228", 224617.445991228)]
    [InlineData("0e0", 0.0)]
    [InlineData("+0.0", 0.0)]
    [InlineData("1.5E1_0", 1.5e10)]
    [InlineData("9_224_617.445_991_228_313", 9224617.445991228313)]
    [InlineData("1e400", double.PositiveInfinity)]
    public void Floats(string text, double expected)
    {
        var value = P($"f = {text}\narr = [{text}]");
        Assert.Equal(expected, value.GetFloat("f"));
        Assert.Equal(expected, Assert.IsType<TomlFloat>(value.GetArray("arr")![0]).Value);
    }

    [Fact]
    public void Special_floats_and_negative_zero()
    {
        var t = P("sf1 = inf\nsf2 = +inf\nsf3 = -inf\nsf4 = nan\nsf5 = +nan\nsf6 = -nan\nz = -0.0\narr = [inf, -inf, nan]");
        Assert.Equal(double.PositiveInfinity, t.GetFloat("sf1"));
        Assert.Equal(double.PositiveInfinity, t.GetFloat("sf2"));
        Assert.Equal(double.NegativeInfinity, t.GetFloat("sf3"));
        Assert.True(double.IsNaN(t.GetFloat("sf4")!.Value));
        Assert.True(double.IsNaN(t.GetFloat("sf5")!.Value));
        Assert.True(double.IsNaN(t.GetFloat("sf6")!.Value));
        Assert.True(double.IsNegative(t.GetFloat("z")!.Value));
        Assert.Equal(3, t.GetArray("arr")!.Count);
    }

    // ------------------------------------------------------------------ booleans

    [Fact]
    public void Booleans()
    {
        var t = P("bool1 = true\nbool2 = false\narr = [true,false]");
        Assert.True(t.GetBool("bool1"));
        Assert.False(t.GetBool("bool2"));
        Assert.Equal([true, false], t.GetArray("arr")!.Select(v => ((TomlBoolean)v).Value));
        Assert.Equal(TomlValueKind.Boolean, t["bool1"].Kind);
    }

    // ------------------------------------------------------------------ dates and times

    [Fact]
    public void Offset_date_times()
    {
        var t = P("""
            odt1 = 1979-05-27T07:32:00Z
            odt2 = 1979-05-27T00:32:00-07:00
            odt3 = 1979-05-27T00:32:00.999999-07:00
            odt4 = 1979-05-27 07:32:00Z
            odt5 = 1979-05-27t07:32:00z
            odt6 = 1979-05-27T07:32:00.123456789+05:30
            """);
        var odt1 = t.GetDateTime("odt1")!;
        Assert.Equal(TomlDateTimeKind.OffsetDateTime, odt1.DateTimeKind);
        Assert.Equal("1979-05-27T07:32:00Z", odt1.Raw);
        Assert.Equal(new DateTimeOffset(1979, 5, 27, 7, 32, 0, TimeSpan.Zero), odt1.OffsetDateTime);
        Assert.Equal(new DateTimeOffset(1979, 5, 27, 0, 32, 0, TimeSpan.FromHours(-7)), t.GetDateTime("odt2")!.OffsetDateTime);
        Assert.Equal(new DateTimeOffset(1979, 5, 27, 0, 32, 0, TimeSpan.FromHours(-7)).AddTicks(9_999_990), t.GetDateTime("odt3")!.OffsetDateTime);
        Assert.Equal(odt1.OffsetDateTime, t.GetDateTime("odt4")!.OffsetDateTime);
        Assert.Equal("1979-05-27 07:32:00Z", t.GetDateTime("odt4")!.Raw);
        Assert.Equal(odt1.OffsetDateTime, t.GetDateTime("odt5")!.OffsetDateTime);
        var odt6 = t.GetDateTime("odt6")!;
        Assert.Equal(new TimeSpan(5, 30, 0), odt6.Offset);
        Assert.Equal(1_234_567, odt6.Time!.Value.Ticks % TimeSpan.TicksPerSecond);
        Assert.Equal("1979-05-27T07:32:00.123456789+05:30", odt6.ToString());
    }

    [Fact]
    public void Local_date_times_dates_and_times()
    {
        var t = P("""
            ldt1 = 1979-05-27T07:32:00
            ldt2 = 1979-05-27T00:32:00.999999
            ld1 = 1979-05-27
            lt1 = 07:32:00
            lt2 = 00:32:00.999999
            leap = 2024-02-29
            arr = [1979-05-27, 07:32:00, 1979-05-27 07:32:00]
            date_then_comment = 1979-05-27 # a date, then a comment
            """);
        var ldt1 = t.GetDateTime("ldt1")!;
        Assert.Equal(TomlDateTimeKind.LocalDateTime, ldt1.DateTimeKind);
        Assert.Equal(new DateTime(1979, 5, 27, 7, 32, 0), ldt1.LocalDateTime);
        Assert.Null(ldt1.Offset);
        Assert.Null(ldt1.OffsetDateTime);
        Assert.Equal(new TimeOnly(0, 32, 0).Add(TimeSpan.FromTicks(9_999_990)), t.GetDateTime("ldt2")!.Time);
        var ld1 = t.GetDateTime("ld1")!;
        Assert.Equal(TomlDateTimeKind.LocalDate, ld1.DateTimeKind);
        Assert.Equal(new DateOnly(1979, 5, 27), ld1.Date);
        Assert.Null(ld1.Time);
        var lt1 = t.GetDateTime("lt1")!;
        Assert.Equal(TomlDateTimeKind.LocalTime, lt1.DateTimeKind);
        Assert.Equal(new TimeOnly(7, 32), lt1.Time);
        Assert.Null(lt1.Date);
        Assert.Equal("00:32:00.999999", t.GetDateTime("lt2")!.Raw);
        Assert.Equal(new DateOnly(2024, 2, 29), t.GetDateTime("leap")!.Date);
        Assert.Equal(
            [TomlDateTimeKind.LocalDate, TomlDateTimeKind.LocalTime, TomlDateTimeKind.LocalDateTime],
            t.GetArray("arr")!.Select(v => ((TomlDateTime)v).DateTimeKind));
        Assert.Equal(TomlDateTimeKind.LocalDate, t.GetDateTime("date_then_comment")!.DateTimeKind);
    }

    [Fact]
    public void Leap_seconds_and_year_zero_keep_their_raw_text()
    {
        var t = P("a = 1990-12-31T23:59:60Z\nb = 0000-01-01");
        var a = t.GetDateTime("a")!;
        Assert.Equal("1990-12-31T23:59:60Z", a.Raw);
        Assert.Null(a.Time);
        Assert.Equal(new DateOnly(1990, 12, 31), a.Date);
        Assert.Null(a.OffsetDateTime);
        Assert.Equal("0000-01-01", t.GetDateTime("b")!.Raw);
        Assert.Null(t.GetDateTime("b")!.Date);
    }

    // ------------------------------------------------------------------ arrays

    [Fact]
    public void Arrays_of_every_kind()
    {
        var t = P(""""
            integers = [ 1, 2, 3 ]
            colors = [ "red", "yellow", "green" ]
            nested_arrays_of_ints = [ [ 1, 2 ], [3, 4, 5] ]
            nested_mixed_array = [ [ 1, 2 ], ["a", "b", "c"] ]
            string_array = [ "all", 'strings', """are the same""", '''type''' ]
            numbers = [ 0.1, 0.2, 0.5, 1, 2, 5 ]
            contributors = [
              "Foo Bar <foo@example.com>",
              { name = "Baz Qux", email = "bazqux@example.com", url = "https://example.com/bazqux" }
            ]
            integers2 = [
              1, 2, 3
            ]
            integers3 = [
              1,
              2, # this is ok
            ]
            empty = []
            empty2 = [

            ]
            nested_empty = [[], [[]]]
            """");
        Assert.Equal(3, t.GetArray("integers")!.Count);
        Assert.Equal(["red", "yellow", "green"], t.GetStringArray("colors")!);
        var nested = t.GetArray("nested_arrays_of_ints")!;
        Assert.Equal(3, Assert.IsType<TomlArray>(nested[1]).Count);
        Assert.Equal(["all", "strings", "are the same", "type"], t.GetStringArray("string_array")!);
        Assert.IsType<TomlInteger>(t.GetArray("numbers")![3]);
        Assert.IsType<TomlFloat>(t.GetArray("numbers")![0]);
        var contributors = t.GetArray("contributors")!;
        Assert.IsType<TomlString>(contributors[0]);
        Assert.Equal("Baz Qux", Assert.IsType<TomlTable>(contributors[1]).GetString("name"));
        Assert.Equal(3, t.GetArray("integers2")!.Count);
        Assert.Equal(2, t.GetArray("integers3")!.Count);
        Assert.Empty(t.GetArray("empty")!);
        Assert.Empty(t.GetArray("empty2")!);
        Assert.Equal(2, t.GetArray("nested_empty")!.Count);
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_accepted()
    {
        var depth = TomlDocument.MaxNestingDepth;
        var t = P("a = " + new string('[', depth) + new string(']', depth));
        TomlValue v = t["a"];
        for (var i = 1; i < depth; i++)
            v = ((TomlArray)v)[0];
        Assert.Empty((TomlArray)v);
        var inline = P("a = " + string.Concat(Enumerable.Repeat("{b=", depth - 1)) + "{}" + new string('}', depth - 1));
        Assert.True(inline.GetTable("a")!.IsInline);
    }

    // ------------------------------------------------------------------ inline tables

    [Fact]
    public void Inline_tables()
    {
        var t = P("""
            name = { first = "Tom", last = "Preston-Werner" }
            point = {x=1,y=2}
            animal = { type.name = "pug" }
            empty = {}
            empty_ws = {   }
            nested = { a = { b = { c = [1, { d = 2 }] } } }
            multiline_value = { s = '''
            spans lines''', arr = [
              1,
              2,
            ] }
            """);
        var name = t.GetTable("name")!;
        Assert.True(name.IsInline);
        Assert.Equal(["first", "last"], name.Keys);
        Assert.Equal(2, t.GetTable("point")!.GetInteger("y"));
        Assert.Equal("pug", t.GetTable("animal")!.GetTable("type")!.GetString("name"));
        Assert.Empty(t.GetTable("empty")!);
        Assert.Empty(t.GetTable("empty_ws")!);
        var c = t.GetTable("nested")!.GetTable("a")!.GetTable("b")!.GetArray("c")!;
        Assert.Equal(2, Assert.IsType<TomlTable>(c[1]).GetInteger("d"));
        Assert.Equal("spans lines", t.GetTable("multiline_value")!.GetString("s"));
        Assert.Equal(2, t.GetTable("multiline_value")!.GetArray("arr")!.Count);
    }

    [Fact]
    public void Inline_tables_may_use_dotted_keys_sharing_a_prefix()
    {
        var t = P("a = { b.c = 1, b.d = 2, e = 3 }");
        var b = t.GetTable("a")!.GetTable("b")!;
        Assert.Equal(1, b.GetInteger("c"));
        Assert.Equal(2, b.GetInteger("d"));
    }

    // ------------------------------------------------------------------ tables

    [Fact]
    public void Standard_tables()
    {
        var t = P("""
            top = 0
            [table-1]
            key1 = "some string"
            key2 = 123

            [table-2]
            key1 = "another string"
            key2 = 456

            [dog."tater.man"]
            type.name = "pug"

            [a.b.c]            # this is best practice
            [ d.e.f ]          # same as [d.e.f]
            [ g .  h  . i ]    # same as [g.h.i]
            [ j . "ʞ" . 'l' ]  # same as [j."ʞ".'l']
            [empty]
            """);
        Assert.Equal(["top", "table-1", "table-2", "dog", "a", "d", "g", "j", "empty"], t.Keys);
        Assert.Equal(123, t.GetTable("table-1")!.GetInteger("key2"));
        Assert.Equal("pug", t.GetTable("dog")!.GetTable("tater.man")!.GetTable("type")!.GetString("name"));
        Assert.NotNull(t.GetTable("a")!.GetTable("b")!.GetTable("c"));
        Assert.NotNull(t.GetTable("d")!.GetTable("e")!.GetTable("f"));
        Assert.NotNull(t.GetTable("g")!.GetTable("h")!.GetTable("i"));
        Assert.NotNull(t.GetTable("j")!.GetTable("ʞ")!.GetTable("l"));
        Assert.Empty(t.GetTable("empty")!);
    }

    [Fact]
    public void A_super_table_may_be_defined_after_its_sub_tables()
    {
        var t = P("""
            # [x] you
            # [x.y] don't
            # [x.y.z] need these
            [x.y.z.w] # for this to work

            [x] # defining a super-table afterward is ok
            k = 1
            """);
        Assert.Equal(1, t.GetTable("x")!.GetInteger("k"));
        Assert.Equal(["y", "k"], t.GetTable("x")!.Keys);
    }

    [Fact]
    public void Sub_tables_may_be_added_under_tables_made_by_dotted_keys()
    {
        var t = P("""
            [fruit]
            apple.color = "red"
            apple.taste.sweet = true

            [fruit.apple.texture]  # you can add sub-tables
            smooth = true
            """);
        var apple = t.GetTable("fruit")!.GetTable("apple")!;
        Assert.Equal("red", apple.GetString("color"));
        Assert.True(apple.GetTable("taste")!.GetBool("sweet"));
        Assert.True(apple.GetTable("texture")!.GetBool("smooth"));
    }

    [Fact]
    public void Dotted_keys_may_extend_an_implicitly_created_table()
    {
        var t = P("[a.b.c]\nz = 1\n[a]\nb.d = 2");
        Assert.Equal(2, t.GetTable("a")!.GetTable("b")!.GetInteger("d"));
        Assert.Equal(1, t.GetTable("a")!.GetTable("b")!.GetTable("c")!.GetInteger("z"));
    }

    [Fact]
    public void Tables_may_be_defined_in_any_order()
    {
        var t = P("[fruit.apple]\n[animal]\n[fruit.orange]");
        Assert.Equal(["apple", "orange"], t.GetTable("fruit")!.Keys);
    }

    // ------------------------------------------------------------------ arrays of tables

    [Fact]
    public void Arrays_of_tables()
    {
        var t = P("""
            [[products]]
            name = "Hammer"
            sku = 738594937

            [[products]]  # empty table within the array

            [[products]]
            name = "Nail"
            sku = 284758393

            color = "gray"
            """);
        var products = t.GetTableArray("products")!;
        Assert.Equal(3, products.Count);
        Assert.Equal("Hammer", products[0].GetString("name"));
        Assert.Empty(products[1]);
        Assert.Equal("gray", products[2].GetString("color"));
        Assert.IsType<TomlTableArray>(t["products"]);
        Assert.Equal(TomlValueKind.TableArray, t["products"].Kind);
    }

    [Fact]
    public void Nested_arrays_of_tables_attach_to_the_most_recent_element()
    {
        var t = P("""
            [[fruits]]
            name = "apple"

            [fruits.physical]  # subtable
            color = "red"
            shape = "round"

            [[fruits.varieties]]  # nested array of tables
            name = "red delicious"

            [[fruits.varieties]]
            name = "granny smith"


            [[fruits]]
            name = "banana"

            [[fruits.varieties]]
            name = "plantain"
            """);
        var fruits = t.GetTableArray("fruits")!;
        Assert.Equal(2, fruits.Count);
        Assert.Equal("round", fruits[0].GetTable("physical")!.GetString("shape"));
        Assert.Equal(["red delicious", "granny smith"], fruits[0].GetTableArray("varieties")!.Select(v => v.GetString("name")));
        Assert.Null(fruits[1].GetTable("physical"));
        Assert.Equal(["plantain"], fruits[1].GetTableArray("varieties")!.Select(v => v.GetString("name")));
    }

    [Fact]
    public void Gitleaks_style_rule_allowlists_attach_to_the_last_rule()
    {
        var t = P("""
            [[rules]]
            id = "one"
            [[rules.allowlists]]
            regexes = ['''a''']
            [[rules.allowlists]]
            regexes = ['''b''']

            [[rules]]
            id = "two"

            [[rules]]
            id = "three"
                [[rules.allowlists]]
                paths = ['''c\.txt''']
            """);
        var rules = t.GetTableArray("rules")!;
        Assert.Equal(["one", "two", "three"], rules.Select(r => r.GetString("id")));
        Assert.Equal(2, rules[0].GetTableArray("allowlists")!.Count);
        Assert.Equal(["b"], rules[0].GetTableArray("allowlists")![1].GetStringArray("regexes")!);
        Assert.Null(rules[1].GetTableArray("allowlists"));
        Assert.Equal([@"c\.txt"], rules[2].GetTableArray("allowlists")![0].GetStringArray("paths")!);
    }

    [Fact]
    public void An_array_of_tables_may_sit_under_an_implicit_table_that_is_defined_later()
    {
        var t = P("[[albums.songs]]\nname = \"Glory Days\"\n[albums]\nname = \"Born in the USA\"");
        Assert.Equal("Born in the USA", t.GetTable("albums")!.GetString("name"));
        Assert.Equal("Glory Days", t.GetTable("albums")!.GetTableArray("songs")![0].GetString("name"));
    }

    [Fact]
    public void Each_array_of_tables_element_has_its_own_sub_tables()
    {
        var t = P("[[a]]\n[a.b]\nx = 1\n[[a]]\n[a.b]\nx = 2\n[a.b.c]\ny = 3");
        var a = t.GetTableArray("a")!;
        Assert.Equal(1, a[0].GetTable("b")!.GetInteger("x"));
        Assert.Equal(2, a[1].GetTable("b")!.GetInteger("x"));
        Assert.Equal(3, a[1].GetTable("b")!.GetTable("c")!.GetInteger("y"));
    }

    [Fact]
    public void Offset_date_times_outside_the_dotnet_range_keep_their_parts()
    {
        var t = P("a = 9999-12-31T23:59:59-01:00\nb = 0001-01-01T00:00:00+01:00\nc = 9999-12-31T23:59:59.999999999Z\nd = 0001-01-01 00:00:00Z");
        var a = t.GetDateTime("a")!;
        Assert.Null(a.OffsetDateTime);
        Assert.Equal(new DateOnly(9999, 12, 31), a.Date);
        Assert.Equal(TimeSpan.FromHours(-1), a.Offset);
        Assert.Null(t.GetDateTime("b")!.OffsetDateTime);
        Assert.Equal(DateTime.MaxValue.Ticks, t.GetDateTime("c")!.OffsetDateTime!.Value.Ticks);
        Assert.Equal(DateTimeOffset.MinValue, t.GetDateTime("d")!.OffsetDateTime);
    }

    [Fact]
    public void Dates_at_the_edges_of_the_range()
    {
        var t = P("first-offset = 0000-01-01 00:00:00Z\nfirst-local  = 0000-01-01 00:00:00\nfirst-date   = 0000-01-01\nlast-offset = 9999-12-31 23:59:59Z\nlast-local  = 9999-12-31 23:59:59\nlast-date   = 9999-12-31");
        var first = t.GetDateTime("first-offset")!;
        Assert.Equal(TomlDateTimeKind.OffsetDateTime, first.DateTimeKind);
        Assert.Null(first.Date);
        Assert.Equal(TimeOnly.MinValue, first.Time);
        Assert.Null(first.OffsetDateTime);
        Assert.Null(t.GetDateTime("first-local")!.LocalDateTime);
        Assert.Equal("0000-01-01", t.GetDateTime("first-date")!.Raw);
        Assert.Equal(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero), t.GetDateTime("last-offset")!.OffsetDateTime);
        Assert.Equal(new DateTime(9999, 12, 31, 23, 59, 59), t.GetDateTime("last-local")!.LocalDateTime);
        Assert.Equal(new DateOnly(9999, 12, 31), t.GetDateTime("last-date")!.Date);
    }

    [Fact]
    public void Huge_exponents_and_long_mantissas_are_floats()
    {
        var t = P("a = 1e99999999999999999999\nb = -1e99999999999999999999\nc = 1e-99999999999999999999\nd = 3.14159265358979323846264338327950288419716939937510\ne = 1e0000000000000000000000001");
        Assert.Equal(double.PositiveInfinity, t.GetFloat("a"));
        Assert.Equal(double.NegativeInfinity, t.GetFloat("b"));
        Assert.Equal(0.0, t.GetFloat("c"));
        Assert.Equal(Math.PI, t.GetFloat("d"));
        Assert.Equal(10.0, t.GetFloat("e"));
    }

    [Fact]
    public void Comments_in_tricky_places()
    {
        var t = P(""""
            [section]#attached comment
            #[notsection]
            one = "11"#cmt
            two = "22#"
            three = '#'
            four = """# no comment
            # nor this
            #also not comment"""#is_comment
            five = 5.5#66
            six = 6#7
            8 = "eight"
            ten = 10e2#1
            d = 1979-05-27 # date
            ["hash#tag"]
            "#!" = "hash bang"
            arr3 = [ "#", '#', """###""" ]
            arr4 = [ 1,# 9, 9,
            2#,9
            ,#9
            3#]
            ,4]
            arr5 = [[[[#["#"],
            ["#"]]]]#]
            ]
            tbl1 = { "#" = '}#'}#}}
            """");
        var section = t.GetTable("section")!;
        Assert.Equal(["one", "two", "three", "four", "five", "six", "8", "ten", "d"], section.Keys);
        Assert.Equal("22#", section.GetString("two"));
        Assert.Equal("# no comment\n# nor this\n#also not comment", section.GetString("four"));
        Assert.Equal(5.5, section.GetFloat("five"));
        Assert.Equal(6, section.GetInteger("six"));
        Assert.Equal(1000.0, section.GetFloat("ten"));
        var tag = t.GetTable("hash#tag")!;
        Assert.Equal(["#", "#", "###"], tag.GetStringArray("arr3")!);
        Assert.Equal([1L, 2L, 3L, 4L], tag.GetArray("arr4")!.Select(v => ((TomlInteger)v).Value));
        Assert.Single(tag.GetArray("arr5")!);
        Assert.Equal("}#", tag.GetTable("tbl1")!.GetString("#"));
    }

    [Fact]
    public void Multiline_strings_with_quotes_next_to_the_delimiters()
    {
        var t = P("""""""
            lit_one = ''''one quote''''
            lit_two = '''''two quotes'''''
            lit_one_space = ''' 'one quote' '''
            one = """"one quote""""
            two = """""two quotes"""""
            mismatch1 = """aaa'''bbb"""
            mismatch2 = '''aaa"""bbb'''
            escaped = """lol\""""""
            five = """
            Closing with five quotes
            """""
            empty_continuations = """\
               \
               \
               """
            escape_bs_1 = """a \\
            b"""
            escape_bs_2 = """a \\\
            b"""
            """"""");
        Assert.Equal("'one quote'", S(t, "lit_one"));
        Assert.Equal("''two quotes''", S(t, "lit_two"));
        Assert.Equal(" 'one quote' ", S(t, "lit_one_space"));
        Assert.Equal("\"one quote\"", S(t, "one"));
        Assert.Equal("\"\"two quotes\"\"", S(t, "two"));
        Assert.Equal("aaa'''bbb", S(t, "mismatch1"));
        Assert.Equal("aaa\"\"\"bbb", S(t, "mismatch2"));
        Assert.Equal("lol\"\"\"", S(t, "escaped"));
        Assert.Equal("Closing with five quotes\n\"\"", S(t, "five"));
        Assert.Equal("", S(t, "empty_continuations"));
        Assert.Equal("a \\\nb", S(t, "escape_bs_1"));
        Assert.Equal("a \\b", S(t, "escape_bs_2"));
    }

    [Fact]
    public void Keys_that_look_like_other_values_are_keys()
    {
        var t = P("2001-02-08 = 7\ntrue = 1\ninf = 2\n[1987-07-05]\nx = 1\n[\"\"]\ny = 2\n[ \" tbl \" ]\nz = 3");
        Assert.Equal(7, t.GetInteger("2001-02-08"));
        Assert.Equal(1, t.GetInteger("true"));
        Assert.Equal(2, t.GetInteger("inf"));
        Assert.Equal(1, t.GetTable("1987-07-05")!.GetInteger("x"));
        Assert.Equal(3, t.GetTable(" tbl ")!.GetInteger("z"));
        Assert.Equal(2, t.GetTable("")!.GetInteger("y"));
    }

    [Fact]
    public void Dotted_keys_inside_inline_tables_and_arrays_of_tables()
    {
        var t = P("""
            many.dots.here.dot.dot.dot = {a.b.c = 1, a.b.d = 2}
            d = {   'a'   .   "b"  =  1   }
            [tbl]
            a.b.c = {d.e=1}
            [tbl.x]
            a.b.c = {d.e=1}
            [[arr]]
            t = {a.b=1}
            [[arr]]
            t = {a.b=2}
            [fruit]
            apple.color = "red"
            [[fruit.apple.seeds]]
            size = 2
            """);
        var dots = t.GetTable("many")!.GetTable("here")?.GetTable("dot") ?? t.GetTable("many")!.GetTable("dots")!.GetTable("here")!.GetTable("dot")!.GetTable("dot")!.GetTable("dot")!;
        Assert.Equal(2, dots.GetTable("a")!.GetTable("b")!.GetInteger("d"));
        Assert.Equal(1, t.GetTable("d")!.GetTable("a")!.GetInteger("b"));
        Assert.Equal(1, t.GetTable("tbl")!.GetTable("x")!.GetTable("a")!.GetTable("b")!.GetTable("c")!.GetTable("d")!.GetInteger("e"));
        Assert.Equal([1L, 2L], t.GetTableArray("arr")!.Select(e => e.GetTable("t")!.GetTable("a")!.GetInteger("b")!.Value));
        Assert.Equal(2, t.GetTable("fruit")!.GetTable("apple")!.GetTableArray("seeds")![0].GetInteger("size"));
    }

    // ------------------------------------------------------------------ the typed getters

    [Fact]
    public void Typed_getters_return_null_when_absent_and_throw_on_a_type_mismatch()
    {
        var t = P("s = 'x'\ni = 3\nf = 1.5\nb = true\na = ['p', 'q']\nmixed = ['p', 1]\ntables = [{ x = 1 }, { x = 2 }]\nnot_tables = [{ x = 1 }, 2]\n[tbl]\n[[ta]]");
        Assert.Null(t.GetString("missing"));
        Assert.Null(t.GetInteger("missing"));
        Assert.Null(t.GetFloat("missing"));
        Assert.Null(t.GetBool("missing"));
        Assert.Null(t.GetStringArray("missing"));
        Assert.Null(t.GetTable("missing"));
        Assert.Null(t.GetTableArray("missing"));
        Assert.Null(t.GetArray("missing"));
        Assert.Null(t.GetDateTime("missing"));
        Assert.False(t.TryGet("missing", out _));
        Assert.True(t.TryGet("s", out var s));
        Assert.Equal("x", ((TomlString)s).Value);
        Assert.Throws<KeyNotFoundException>(() => t["missing"]);

        Assert.Equal(3.0, t.GetFloat("i"));
        Assert.Equal(["p", "q"], t.GetStringArray("a")!);
        Assert.Equal([1L, 2L], t.GetTableArray("tables")!.Select(x => x.GetInteger("x")!.Value));
        Assert.Single(t.GetTableArray("ta")!);
        Assert.Empty(t.GetTable("tbl")!);

        var e = Assert.Throws<TomlTypeException>(() => t.GetString("i"));
        Assert.Equal("TOML key 'i' is an integer, expected a string", e.Message);
        Assert.Equal(("i", "string", "integer"), (e.Key, e.Expected, e.Actual));
        Assert.Throws<TomlTypeException>(() => t.GetInteger("f"));
        Assert.Throws<TomlTypeException>(() => t.GetFloat("s"));
        Assert.Throws<TomlTypeException>(() => t.GetBool("s"));
        Assert.Throws<TomlTypeException>(() => t.GetStringArray("s"));
        Assert.Contains("array containing an integer", Assert.Throws<TomlTypeException>(() => t.GetStringArray("mixed")).Message, StringComparison.Ordinal);
        Assert.Throws<TomlTypeException>(() => t.GetTable("ta"));
        Assert.Throws<TomlTypeException>(() => t.GetTableArray("tbl"));
        Assert.Throws<TomlTypeException>(() => t.GetTableArray("not_tables"));
        Assert.Throws<TomlTypeException>(() => t.GetArray("ta"));
        Assert.Equal(["s", "i", "f", "b", "a", "mixed", "tables", "not_tables", "tbl", "ta"], t.Keys);
        Assert.Equal(10, t.Values.Count());
        Assert.Equal("array of tables", t["ta"].TypeName);
        Assert.Equal("date-time", P("d = 07:00:00")["d"].TypeName);
    }

    // ------------------------------------------------------------------ the spec's example document

    [Fact]
    public void The_spec_example_document()
    {
        var t = P("""
            # This is a TOML document

            title = "TOML Example"

            [owner]
            name = "Tom Preston-Werner"
            dob = 1979-05-27T07:32:00-08:00

            [database]
            enabled = true
            ports = [ 8000, 8001, 8002 ]
            data = [ ["delta", "phi"], [3.14] ]
            temp_targets = { cpu = 79.5, case = 72.0 }

            [servers]

            [servers.alpha]
            ip = "10.0.0.1"
            role = "frontend"

            [servers.beta]
            ip = "10.0.0.2"
            role = "backend"
            """);
        Assert.Equal("TOML Example", t.GetString("title"));
        Assert.Equal(new DateTimeOffset(1979, 5, 27, 7, 32, 0, TimeSpan.FromHours(-8)), t.GetTable("owner")!.GetDateTime("dob")!.OffsetDateTime);
        var db = t.GetTable("database")!;
        Assert.True(db.GetBool("enabled"));
        Assert.Equal(79.5, db.GetTable("temp_targets")!.GetFloat("cpu"));
        Assert.Equal(["alpha", "beta"], t.GetTable("servers")!.Keys);
        Assert.Equal("backend", t.GetTable("servers")!.GetTable("beta")!.GetString("role"));
    }
}
