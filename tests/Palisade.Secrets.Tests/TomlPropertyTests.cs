using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Palisade.Secrets.Toml;

namespace Palisade.Secrets.Tests;

/// <summary>
/// Property tests: any text either parses or raises <see cref="TomlParseException"/> (never another exception, never
/// a hang); and random documents written by a small test-only writer parse back to what was written.
/// </summary>
public sealed class TomlPropertyTests
{
    // ------------------------------------------------------------------ robustness

    private const string Seed = """"
        # gitleaks-like config
        title = "cfg"
        [allowlist]
        paths = ['''a\.b''', '(?i)x', "c\\d\u00e9"]
        [[rules]]
        id = "r1"
        regex = '''(?i)\b(k[0-9]{4})\b'''
        entropy = 3.5
        keywords = ["k", 'K',]
        tags = []
        [[rules.allowlists]]
        regexes = ["""
        multi \
          line""", 1979-05-27T07:32:00Z, 0x1F, -inf, { a.b = 1, c = [1, 2] }]
        [x.y."z.w"]
        n = +1_000
        f = 6.626e-34
        t = 07:32:00.5
        """";

    private static readonly char[] Interesting =
    [
        '[', ']', '{', '}', '"', '\'', '\\', '=', '.', ',', '#', '\n', '\r', '\t', ' ', '_', '+', '-', ':', 'e', 'x', '0', '1',
        'T', 'Z', 'u', 'U', 'a', '\0', '\u007F', '\uD800', '\uDC00', '\uFEFF', 'é',
    ];

    /// <summary>Parses on another thread: fails on any exception but <see cref="TomlParseException"/> or on a hang.</summary>
    private static bool ParsesOrFailsCleanly(string text)
    {
        var task = Task.Run(() =>
        {
            try
            {
                var table = TomlDocument.Parse(text);
                Walk(table, 0);
            }
            catch (TomlParseException e)
            {
                if (e.Line < 1 || e.Column < 1 || !e.Message.StartsWith($"line {e.Line}, column {e.Column}: ", StringComparison.Ordinal))
                    throw new InvalidOperationException("bad error position: " + e.Message);
            }
        });
        if (!task.Wait(TimeSpan.FromSeconds(10)))
            throw new TimeoutException("parser hung on: " + text);
        return true;
    }

    /// <summary>Touches every value so that lazily computed parts are exercised too.</summary>
    private static void Walk(TomlValue value, int depth)
    {
        Assert.True(depth < 1000);
        switch (value)
        {
            case TomlTable t:
                foreach (var (_, v) in t)
                    Walk(v, depth + 1);
                break;
            case TomlTableArray ta:
                foreach (var t in ta)
                    Walk(t, depth + 1);
                break;
            case TomlArray a:
                foreach (var v in a)
                    Walk(v, depth + 1);
                break;
            case TomlDateTime dt:
                _ = (dt.OffsetDateTime, dt.LocalDateTime, dt.Raw);
                break;
            default:
                _ = value.ToString();
                break;
        }
    }

    [FsCheck.Xunit.Property(MaxTest = 1000)]
    public bool Arbitrary_text_parses_or_raises_a_parse_error(string? text) => ParsesOrFailsCleanly(text ?? "");

    [FsCheck.Xunit.Property(MaxTest = 2000)]
    public Property Mutated_documents_parse_or_raise_a_parse_error()
    {
        var edit = from pos in Gen.Choose(0, Seed.Length - 1)
                   from kind in Gen.Choose(0, 2)
                   from ch in Gen.Elements(Interesting)
                   from len in Gen.Choose(1, 20)
                   select (pos, kind, ch, len);
        var gen = from n in Gen.Choose(1, 8)
                  from edits in Gen.ListOf(edit, n)
                  select edits.Aggregate(Seed, (s, e) =>
                  {
                      var p = Math.Min(e.pos, s.Length == 0 ? 0 : s.Length - 1);
                      return e.kind switch
                      {
                          0 when s.Length > 0 => s[..p] + e.ch + s[(p + 1)..],
                          1 => s[..p] + e.ch + s[p..],
                          _ => s[..p] + s[Math.Min(s.Length, p + e.len)..],
                      };
                  });
        return Prop.ForAll(gen.ToArbitrary(), ParsesOrFailsCleanly);
    }

    [FsCheck.Xunit.Property(MaxTest = 1000)]
    public Property Random_token_soup_parses_or_raises_a_parse_error()
    {
        string[] tokens =
        [
            "a", "b.c", "\"q\"", "'l'", "=", " = ", "[", "]", "[[", "]]", "{", "}", ",", "\n", "\r\n", "#c\n", "1", "-1", "0x1F", "1e5",
            "1.5", "inf", "nan", "true", "false", "\"s\\n\"", "'''", "\"\"\"", "'x'", "1979-05-27", "07:32:00", "T", "Z", "\\", " ",
            ".", "_", "+", "[a]\n", "[[a]]\n", "a = 1\n", "a.b = 2\n", "x = {y = 1}\n",
        ];
        var gen = from n in Gen.Choose(0, 40)
                  from ts in Gen.ListOf(Gen.Elements(tokens), n)
                  select string.Concat(ts);
        return Prop.ForAll(gen.ToArbitrary(), ParsesOrFailsCleanly);
    }

    [Fact]
    public void The_seed_itself_is_valid()
    {
        var t = TomlDocument.Parse(Seed);
        Assert.Equal("multi line", ((TomlString)t.GetTableArray("rules")![0].GetTableArray("allowlists")![0].GetArray("regexes")![0]).Value);
    }

    // ------------------------------------------------------------------ round trip

    /// <summary>The test's own document model, independent of the parser's.</summary>
    private abstract record M;

    private sealed record MStr(string Value) : M;

    private sealed record MInt(long Value) : M;

    private sealed record MFloat(double Value) : M;

    private sealed record MBool(bool Value) : M;

    private sealed record MDate(string Raw) : M;

    private sealed record MArr(IReadOnlyList<M> Items) : M;

    private sealed record MTable(IReadOnlyList<(string Key, M Value)> Entries) : M;

    /// <summary>An array of tables, always non-empty (an empty one cannot be written with headers).</summary>
    private sealed record MTableArr(IReadOnlyList<MTable> Tables) : M;

    private static readonly string[] StringAtoms =
    [
        "a", "Z", "0", " ", "\t", "\n", "\r", "\r\n", "\"", "\"\"", "\"\"\"", "'", "''", "'''", "\\", "\\\\", "\\n", "\\u0041", "#", "=",
        "[", "]", "{", "}", ".", ",", "é", "ʎǝʞ", "😀", "\u0001", "\u001F", "\u007F", "\u0000", "\b", "\f", "\u2028", "\uFEFF",
        "(?i)\\b[a-z]{3}\\d+", "$", "${x}",
    ];

    private static readonly string[] KeyAtoms = ["a", "b", "key", "1", "-", "_", "x-y", "A_B", " ", ".", "\"", "'", "é", "\\", "\t", "#", "="];

    private static readonly string[] Dates =
    [
        "1979-05-27T07:32:00Z", "1979-05-27T00:32:00.999999-07:00", "1979-05-27 07:32:00+01:30", "1979-05-27T07:32:00",
        "1979-05-27T00:32:00.5", "1979-05-27", "07:32:00", "00:32:00.999999", "2024-02-29",
    ];

    private static Gen<string> StringGen =>
        from n in Gen.Choose(0, 8)
        from atoms in Gen.ListOf(Gen.Elements(StringAtoms), n)
        select string.Concat(atoms);

    private static Gen<string> KeyGen =>
        Gen.Frequency(
            (4, Gen.Elements("a", "b", "c", "id", "regex", "rules", "x-1", "_y", "42")),
            (1, from n in Gen.Choose(0, 4) from atoms in Gen.ListOf(Gen.Elements(KeyAtoms), n) select string.Concat(atoms)));

    private static Gen<M> ScalarGen =>
        Gen.OneOf(
            StringGen.Select(s => (M)new MStr(s)),
            Gen.OneOf(
                    Gen.Choose(-1000, 1000).Select(i => (long)i),
                    Gen.Elements(long.MinValue, long.MaxValue, 0L, -1L, 1L << 40),
                    from hi in Gen.Choose(int.MinValue, int.MaxValue) from lo in Gen.Choose(int.MinValue, int.MaxValue) select ((long)hi << 32) ^ (uint)lo)
                .Select(i => (M)new MInt(i)),
            Gen.OneOf(
                    Gen.Choose(-100000, 100000).Select(i => i / 64.0),
                    Gen.Elements(0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 1e300, -1e-300, 5e-324, double.MaxValue, 0.1),
                    from hi in Gen.Choose(int.MinValue, int.MaxValue) from lo in Gen.Choose(int.MinValue, int.MaxValue) select BitConverter.Int64BitsToDouble(((long)hi << 32) ^ (uint)lo))
                .Select(d => (M)new MFloat(d)),
            Gen.Elements(true, false).Select(b => (M)new MBool(b)),
            Gen.Elements(Dates).Select(d => (M)new MDate(d)));

    private static Gen<M> ValueGen(int size)
    {
        if (size <= 0)
            return ScalarGen;
        var arr = from n in Gen.Choose(0, 4)
                  from items in Gen.ListOf(ValueGen(size / 3), n)
                  select (M)new MArr(items);
        var table = TableGen(size / 2).Select(t => (M)t);
        var tableArr = from n in Gen.Choose(1, 3)
                       from items in Gen.ListOf(TableGen(size / 3), n)
                       select (M)new MTableArr(items);
        return Gen.Frequency((6, ScalarGen), (2, arr), (2, table), (1, tableArr));
    }

    private static Gen<MTable> TableGen(int size) =>
        from n in Gen.Choose(0, Math.Min(6, 1 + size))
        from entries in Gen.ListOf(Gen.Zip(KeyGen, ValueGen(size - 1)), n)
        select new MTable(entries.DistinctBy(e => e.Item1).Select(e => (e.Item1, e.Item2)).ToList());

    /// <summary>How the writer spells things: a random choice made per element from a stream of bytes.</summary>
    private sealed class Choices(IReadOnlyList<int> stream)
    {
        private int _i;

        public int Next(int n) => stream.Count == 0 ? 0 : stream[_i++ % stream.Count] % n;
    }

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public Property Written_documents_parse_back_to_what_was_written()
    {
        var gen = from root in Gen.Sized(s => TableGen(Math.Min(s, 12)))
                  from stream in Gen.ListOf(Gen.Choose(0, 1000), 64)
                  select (root, stream);
        return Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var text = TomlTestWriter.Write(x.root, new Choices(x.stream));
            TomlTable parsed;
            try
            {
                parsed = TomlDocument.Parse(text);
            }
            catch (TomlParseException e)
            {
                throw new InvalidOperationException($"{e.Message}\n---\n{text}\n---", e);
            }
            var mismatch = Compare(x.root, parsed, "$");
            if (mismatch is not null)
                throw new InvalidOperationException($"{mismatch}\n---\n{text}\n---");
            return true;
        });
    }

    [Fact]
    public void The_writer_round_trips_a_hand_made_document()
    {
        var doc = new MTable(
        [
            ("title", new MStr("a \"quoted\" \\ 'thing'\n\ttab \u0001 😀")),
            ("a.b", new MInt(long.MinValue)),
            ("", new MFloat(-0.0)),
            ("t", new MTable([("x", new MArr([new MInt(1), new MStr("'''"), new MTable([("y", new MBool(true))])]))])),
            ("rules", new MTableArr([new MTable([("id", new MStr("r"))]), new MTable([("allowlists", new MTableArr([new MTable([])]))])])),
        ]);
        for (var seed = 0; seed < 50; seed++)
        {
            var text = TomlTestWriter.Write(doc, new Choices([seed, seed * 7, seed * 13, seed * 31, seed / 2, seed / 3]));
            Assert.Null(Compare(doc, TomlDocument.Parse(text), "$"));
        }
    }

    private static string? Compare(M expected, TomlValue actual, string path)
    {
        switch (expected)
        {
            case MStr s:
                return actual is TomlString ts && ts.Value == s.Value ? null : $"{path}: expected string {Show(s.Value)}, got {Describe(actual)}";
            case MInt i:
                return actual is TomlInteger ti && ti.Value == i.Value ? null : $"{path}: expected integer {i.Value}, got {Describe(actual)}";
            case MFloat f:
                return actual is TomlFloat tf && (tf.Value.Equals(f.Value) && double.IsNegative(tf.Value) == double.IsNegative(f.Value) || (double.IsNaN(tf.Value) && double.IsNaN(f.Value)))
                    ? null : $"{path}: expected float {f.Value:R}, got {Describe(actual)}";
            case MBool b:
                return actual is TomlBoolean tb && tb.Value == b.Value ? null : $"{path}: expected {b.Value}, got {Describe(actual)}";
            case MDate d:
                return actual is TomlDateTime td && td.Raw == d.Raw ? null : $"{path}: expected date {d.Raw}, got {Describe(actual)}";
            case MArr a:
                if (actual is not TomlArray ta || ta.Count != a.Items.Count)
                    return $"{path}: expected array of {a.Items.Count}, got {Describe(actual)}";
                for (var k = 0; k < ta.Count; k++)
                {
                    if (Compare(a.Items[k], ta[k], $"{path}[{k}]") is { } m)
                        return m;
                }
                return null;
            case MTableArr arr:
                IReadOnlyList<TomlValue>? tables = actual switch
                {
                    TomlTableArray tta => tta.ToList<TomlValue>(),
                    TomlArray sa => sa,
                    _ => null,
                };
                if (tables is null || tables.Count != arr.Tables.Count)
                    return $"{path}: expected {arr.Tables.Count} tables, got {Describe(actual)}";
                for (var k = 0; k < tables.Count; k++)
                {
                    if (Compare(arr.Tables[k], tables[k], $"{path}[{k}]") is { } m)
                        return m;
                }
                return null;
            case MTable t:
                if (actual is not TomlTable tt)
                    return $"{path}: expected table, got {Describe(actual)}";
                if (tt.Count != t.Entries.Count)
                    return $"{path}: expected keys [{string.Join(", ", t.Entries.Select(e => Show(e.Key)))}], got [{string.Join(", ", tt.Keys.Select(Show))}]";
                foreach (var (key, value) in t.Entries)
                {
                    if (!tt.TryGet(key, out var v))
                        return $"{path}: missing key {Show(key)}";
                    if (Compare(value, v, $"{path}.{Show(key)}") is { } m)
                        return m;
                }
                return null;
            default:
                return $"{path}: unknown model node";
        }
    }

    private static string Describe(TomlValue v) => $"{v.TypeName} {Show(v.ToString() ?? "")}";

    private static string Show(string s) => "\"" + string.Concat(s.Select(c => c is < ' ' or '\u007F' or '"' or '\\' ? $"\\u{(int)c:X4}" : c.ToString())) + "\"";

    /// <summary>A deliberately varied TOML writer for the test model: headers, dotted keys, inline tables, all four string forms.</summary>
    private static class TomlTestWriter
    {
        public static string Write(MTable root, Choices choices)
        {
            var sb = new StringBuilder();
            if (choices.Next(4) == 0)
                sb.Append("# generated\n\n");
            WriteSection(sb, [], root, choices);
            return sb.ToString();
        }

        private static bool IsBare(string key) => key.Length > 0 && key.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-');

        private static string Key(string key, Choices c)
        {
            if (IsBare(key) && c.Next(4) != 0)
                return key;
            if (c.Next(2) == 0 && CanBeLiteral(key))
                return "'" + key + "'";
            return BasicString(key, c);
        }

        private static string Path(IEnumerable<string> parts, Choices c) => string.Join(c.Next(3) == 0 ? " . " : ".", parts.Select(p => Key(p, c)));

        private static bool IsControl(char ch) => (ch < ' ' && ch != '\t') || ch == '\u007F';

        private static bool CanBeLiteral(string s) => !s.Any(ch => ch == '\'' || IsControl(ch));

        private static bool CanBeMultilineLiteral(string s) =>
            !s.Contains("'''", StringComparison.Ordinal) && !s.EndsWith('\'') && !s.Any(ch => IsControl(ch) && ch != '\n');

        private static string BasicString(string s, Choices c)
        {
            var sb = new StringBuilder("\"");
            foreach (var ch in s)
                AppendEscaped(sb, ch, c, multiline: false);
            return sb.Append('"').ToString();
        }

        private static void AppendEscaped(StringBuilder sb, char ch, Choices c, bool multiline)
        {
            switch (ch)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n' when multiline && c.Next(2) == 0: sb.Append('\n'); break;
                case '\n': sb.Append("\\n"); break;
                case '\t' when c.Next(2) == 0: sb.Append('\t'); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (IsControl(ch) || (!char.IsSurrogate(ch) && c.Next(20) == 0))
                        sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)ch:X4}");
                    else
                        sb.Append(ch);
                    break;
            }
        }

        private static string StringValue(string s, Choices c)
        {
            switch (c.Next(4))
            {
                case 0 when CanBeLiteral(s):
                    return "'" + s + "'";
                case 1 when CanBeMultilineLiteral(s):
                    return "'''" + (c.Next(2) == 0 ? "\n" : s.StartsWith('\n') ? "\n" : "") + s + "'''";
                case 2:
                {
                    var sb = new StringBuilder("\"\"\"");
                    if (c.Next(2) == 0)
                        sb.Append('\n');
                    for (var i = 0; i < s.Length; i++)
                    {
                        if (s[i] == '\n' && i == 0)
                            sb.Append("\\n");
                        else if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && c.Next(3) == 0)
                            sb.Append(CultureInfo.InvariantCulture, $"\\U{char.ConvertToUtf32(s[i], s[++i]):X8}");
                        else
                            AppendEscaped(sb, s[i], c, multiline: true);
                        if (c.Next(10) == 0 && (i + 1 >= s.Length || s[i + 1] is not (' ' or '\t' or '\n' or '\r')) && !char.IsHighSurrogate(s[i]))
                            sb.Append("\\\n    ");
                    }
                    return sb.Append("\"\"\"").ToString();
                }
                default:
                    return BasicString(s, c);
            }
        }

        private static string Float(double d) => d switch
        {
            double.PositiveInfinity => "inf",
            double.NegativeInfinity => "-inf",
            _ when double.IsNaN(d) => "nan",
            _ => d.ToString("R", CultureInfo.InvariantCulture) is var r && (r.Contains('.') || r.Contains('E')) ? r : r + ".0",
        };

        private static string Integer(long i, Choices c)
        {
            if (i >= 0 && c.Next(3) == 0)
            {
                return c.Next(3) switch
                {
                    0 => "0x" + i.ToString("X", CultureInfo.InvariantCulture),
                    1 => "0o" + Convert.ToString(i, 8),
                    _ => "0b" + Convert.ToString(i, 2),
                };
            }
            var text = i.ToString(CultureInfo.InvariantCulture);
            if (c.Next(4) == 0 && text.TrimStart('-').Length > 3)
            {
                var digits = text.TrimStart('-');
                var sb = new StringBuilder(i < 0 ? "-" : "");
                for (var k = 0; k < digits.Length; k++)
                {
                    if (k > 0 && (digits.Length - k) % 3 == 0)
                        sb.Append('_');
                    sb.Append(digits[k]);
                }
                return sb.ToString();
            }
            return i > 0 && c.Next(5) == 0 ? "+" + text : text;
        }

        /// <summary>A value on the right of '=' (tables inline, arrays of tables as arrays of inline tables).</summary>
        private static string Value(M value, Choices c) => value switch
        {
            MStr s => StringValue(s.Value, c),
            MInt i => Integer(i.Value, c),
            MFloat f => Float(f.Value),
            MBool b => b.Value ? "true" : "false",
            MDate d => d.Raw,
            MArr a => Array(a.Items, c),
            MTableArr ta => Array(ta.Tables, c),
            MTable t => InlineTable(t, c),
            _ => throw new InvalidOperationException(),
        };

        private static string Array(IEnumerable<M> items, Choices c)
        {
            var multiline = c.Next(3) == 0;
            var sep = multiline ? ",\n  " : c.Next(2) == 0 ? ", " : ",";
            var list = items.Select(v => Value(v, c)).ToList();
            var body = string.Join(sep, list);
            if (multiline)
                return "[\n  # items\n  " + body + (list.Count > 0 && c.Next(2) == 0 ? ",\n" : "\n") + "]";
            return "[" + body + (list.Count > 0 && c.Next(4) == 0 ? "," : "") + "]";
        }

        private static string InlineTable(MTable t, Choices c)
        {
            if (t.Entries.Count == 0)
                return c.Next(2) == 0 ? "{}" : "{ }";
            return "{ " + string.Join(", ", t.Entries.Select(e => Key(e.Key, c) + " = " + Value(e.Value, c))) + " }";
        }

        /// <summary>Whether every table below can be spelled with dotted keys (no arrays of tables, no empty tables).</summary>
        private static bool CanBeDotted(MTable t) =>
            t.Entries.Count > 0 && t.Entries.All(e => e.Value switch { MTable sub => CanBeDotted(sub), MTableArr => false, _ => true });

        private static void WriteDotted(StringBuilder sb, List<string> prefix, MTable t, Choices c)
        {
            foreach (var (key, value) in t.Entries)
            {
                List<string> path = [.. prefix, key];
                if (value is MTable sub && c.Next(3) != 0)
                    WriteDotted(sb, path, sub, c);
                else
                    sb.Append(Path(path, c)).Append(" = ").Append(Value(value, c)).Append('\n');
            }
        }

        /// <summary>Writes a table's own keys, then its sub-tables as [headers] and its arrays of tables as [[headers]].</summary>
        private static void WriteSection(StringBuilder sb, List<string> path, MTable table, Choices c)
        {
            var deferred = new List<(string Key, M Value)>();
            foreach (var (key, value) in table.Entries)
            {
                switch (value)
                {
                    case MTable sub when c.Next(3) == 0 && CanBeDotted(sub):
                        WriteDotted(sb, [key], sub, c);
                        break;
                    case MTable or MTableArr when c.Next(4) != 0:
                        deferred.Add((key, value));
                        break;
                    default:
                        sb.Append(Key(key, c)).Append(c.Next(2) == 0 ? " = " : "=").Append(Value(value, c));
                        sb.Append(c.Next(5) == 0 ? " # comment\n" : "\n");
                        break;
                }
            }
            foreach (var (key, value) in deferred)
            {
                List<string> sub = [.. path, key];
                if (value is MTable t)
                {
                    sb.Append('\n').Append('[').Append(Path(sub, c)).Append("]\n");
                    WriteSection(sb, sub, t, c);
                }
                else
                {
                    foreach (var element in ((MTableArr)value).Tables)
                    {
                        sb.Append('\n').Append(c.Next(4) == 0 ? "  " : "").Append("[[").Append(Path(sub, c)).Append("]]\n");
                        WriteSection(sb, sub, element, c);
                    }
                }
            }
        }
    }
}
