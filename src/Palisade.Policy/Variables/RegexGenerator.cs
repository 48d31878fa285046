using System.Globalization;
using System.Text;

namespace Palisade.Policy.Variables;

/// <summary>
/// Random strings matching a regular expression, for Kyverno's <c>random()</c> (which uses goregen): literals,
/// classes and ranges, <c>\d \w \s</c> and their negations, groups, alternation and repeats (<c>* + ?</c>,
/// <c>{n}</c>, <c>{n,}</c>, <c>{n,m}</c>; unbounded repeats stop at 4096 as in goregen, counts above 1000 are
/// rejected as in Go). <c>.</c> and negated classes draw from printable ASCII. Output is capped at a million
/// characters so a hostile pattern is an error, not an allocation storm.
/// </summary>
internal static class RegexGenerator
{
    private const int MaxUnboundedRepeat = 4096;
    private const int MaxRepeatCount = 1000;
    private const int MaxOutput = 1_000_000;

    private abstract record Node;

    private sealed record Chars(IReadOnlyList<(int Lo, int Hi)> Ranges) : Node;

    private sealed record Sequence(IReadOnlyList<Node> Items) : Node;

    private sealed record Choice(IReadOnlyList<Node> Options) : Node;

    private sealed record Repeat(Node Item, int Min, int Max) : Node;

    private static readonly (int, int)[] Printable = [(0x20, 0x7E)];
    private static readonly (int, int)[] Digits = [('0', '9')];
    private static readonly (int, int)[] Word = [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
    private static readonly (int, int)[] Space = [('\t', '\n'), ('\f', '\r'), (' ', ' ')];

    /// <summary>Generates one random string for the pattern.</summary>
    /// <exception cref="ArgumentException">The pattern does not parse or its output would be too large.</exception>
    public static string Generate(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var parser = new Parser(pattern);
        var node = parser.ParseAll();
        var sb = new StringBuilder();
        Emit(node, sb);
        return sb.ToString();
    }

    private static void Emit(Node node, StringBuilder sb)
    {
        switch (node)
        {
            case Chars chars:
                if (chars.Ranges.Count == 0) return;
                var cp = Pick(chars.Ranges);
                sb.Append(cp is >= 0xD800 and <= 0xDFFF ? "\uFFFD" : char.ConvertFromUtf32(cp));
                break;
            case Sequence seq:
                foreach (var item in seq.Items) Emit(item, sb);
                break;
            case Choice choice:
                Emit(choice.Options[Random.Shared.Next(choice.Options.Count)], sb);
                break;
            case Repeat repeat:
                var count = repeat.Min + Random.Shared.Next(repeat.Max - repeat.Min + 1);
                for (var i = 0; i < count; i++) Emit(repeat.Item, sb);
                break;
        }
        if (sb.Length > MaxOutput) throw new ArgumentException($"random: output for this pattern exceeds {MaxOutput} characters");
    }

    private static int Pick(IReadOnlyList<(int Lo, int Hi)> ranges)
    {
        long total = 0;
        foreach (var (lo, hi) in ranges) total += hi - lo + 1;
        var n = Random.Shared.NextInt64(total);
        foreach (var (lo, hi) in ranges)
        {
            var size = hi - lo + 1;
            if (n < size) return lo + (int)n;
            n -= size;
        }
        return ranges[0].Lo;
    }

    /// <summary>The printable ASCII characters not in the given ranges.</summary>
    private static List<(int, int)> Complement(IEnumerable<(int Lo, int Hi)> ranges)
    {
        var excluded = new bool[0x7F];
        foreach (var (lo, hi) in ranges)
            for (var c = Math.Max(lo, 0x20); c <= Math.Min(hi, 0x7E); c++) excluded[c] = true;
        var result = new List<(int, int)>();
        for (var c = 0x20; c <= 0x7E; c++)
        {
            if (excluded[c]) continue;
            var start = c;
            while (c + 1 <= 0x7E && !excluded[c + 1]) c++;
            result.Add((start, c));
        }
        return result;
    }

    private sealed class Parser(string pattern)
    {
        private int _pos;

        private ArgumentException Error(string what) =>
            new($"error parsing regexp: {what}: `{pattern}`");

        public Node ParseAll()
        {
            var node = ParseChoice();
            if (_pos < pattern.Length) throw Error("unexpected )");
            return node;
        }

        private Node ParseChoice()
        {
            var options = new List<Node> { ParseSequence() };
            while (_pos < pattern.Length && pattern[_pos] == '|')
            {
                _pos++;
                options.Add(ParseSequence());
            }
            return options.Count == 1 ? options[0] : new Choice(options);
        }

        private Node ParseSequence()
        {
            var items = new List<Node>();
            while (_pos < pattern.Length && pattern[_pos] != '|' && pattern[_pos] != ')')
            {
                var atom = ParseAtom();
                if (atom is null) continue;
                items.Add(ParseQuantifiers(atom));
            }
            return new Sequence(items);
        }

        private Node ParseQuantifiers(Node atom)
        {
            var quantified = false;
            while (_pos < pattern.Length)
            {
                int min, max;
                var c = pattern[_pos];
                if (c == '*') (min, max) = (0, MaxUnboundedRepeat);
                else if (c == '+') (min, max) = (1, MaxUnboundedRepeat);
                else if (c == '?') (min, max) = (0, 1);
                else if (c == '{' && TryParseCount(out min, out max)) { }
                else break;
                if (quantified) throw Error("invalid nested repetition operator");
                quantified = true;
                if (c != '{') _pos++;
                if (_pos < pattern.Length && pattern[_pos] == '?') _pos++;
                atom = new Repeat(atom, min, max);
            }
            return atom;
        }

        private bool TryParseCount(out int min, out int max)
        {
            min = max = 0;
            var close = pattern.IndexOf('}', _pos);
            if (close < 0) return false;
            var parts = pattern[(_pos + 1)..close].Split(',');
            if (parts.Length > 2 || parts[0].Length == 0 || !parts.All(p => p.All(char.IsAsciiDigit))) return false;
            if (parts.Any(p => p.Length > 4)) throw Error("invalid repeat count");
            min = int.Parse(parts[0], CultureInfo.InvariantCulture);
            max = parts.Length == 1 ? min : parts[1].Length == 0 ? Math.Max(min, MaxUnboundedRepeat) : int.Parse(parts[1], CultureInfo.InvariantCulture);
            if (min > MaxRepeatCount || (parts.Length == 2 && parts[1].Length > 0 && max > MaxRepeatCount) || max < min) throw Error("invalid repeat count");
            _pos = close + 1;
            return true;
        }

        private Node? ParseAtom()
        {
            var c = pattern[_pos++];
            switch (c)
            {
                case '(':
                    return ParseGroup();
                case '[':
                    return ParseClass();
                case '.':
                    return new Chars(Printable);
                case '^' or '$':
                    return null;
                case '*' or '+' or '?':
                    throw Error("missing argument to repetition operator");
                case '\\':
                    return ParseEscape(inClass: false, out _);
                default:
                    _pos--;
                    var cp = GoJson.NextCodePoint(pattern, ref _pos);
                    return new Chars([(cp, cp)]);
            }
        }

        private Node? ParseGroup()
        {
            if (_pos < pattern.Length && pattern[_pos] == '?')
            {
                _pos++;
                if (pattern.AsSpan(_pos).StartsWith("P<") || pattern.AsSpan(_pos).StartsWith("<"))
                {
                    var close = pattern.IndexOf('>', _pos);
                    if (close < 0) throw Error("invalid named capture");
                    _pos = close + 1;
                }
                else
                {
                    while (_pos < pattern.Length && (char.IsAsciiLetter(pattern[_pos]) || pattern[_pos] == '-')) _pos++;
                    if (_pos < pattern.Length && pattern[_pos] == ')')
                    {
                        _pos++;
                        return null;
                    }
                    if (_pos >= pattern.Length || pattern[_pos] != ':') throw Error("invalid or unsupported Perl syntax");
                    _pos++;
                }
            }
            var inner = ParseChoice();
            if (_pos >= pattern.Length || pattern[_pos] != ')') throw Error("missing closing )");
            _pos++;
            return inner;
        }

        private Chars ParseClass()
        {
            var negated = _pos < pattern.Length && pattern[_pos] == '^';
            if (negated) _pos++;
            var ranges = new List<(int Lo, int Hi)>();
            var first = true;
            while (true)
            {
                if (_pos >= pattern.Length) throw Error("missing closing ]");
                var c = pattern[_pos];
                if (c == ']' && !first)
                {
                    _pos++;
                    break;
                }
                first = false;
                if (c == '[' && pattern.AsSpan(_pos).StartsWith("[:"))
                {
                    var close = pattern.IndexOf(":]", _pos, StringComparison.Ordinal);
                    if (close < 0) throw Error("invalid character class range");
                    ranges.AddRange(Posix(pattern[(_pos + 2)..close]));
                    _pos = close + 2;
                    continue;
                }
                int lo;
                if (c == '\\')
                {
                    _pos++;
                    var escaped = ParseEscape(inClass: true, out var single);
                    if (single is null)
                    {
                        ranges.AddRange(escaped.Ranges);
                        continue;
                    }
                    lo = single.Value;
                }
                else
                {
                    lo = GoJson.NextCodePoint(pattern, ref _pos);
                }
                var hi = lo;
                if (_pos + 1 < pattern.Length && pattern[_pos] == '-' && pattern[_pos + 1] != ']')
                {
                    _pos++;
                    if (pattern[_pos] == '\\')
                    {
                        _pos++;
                        ParseEscape(inClass: true, out var end);
                        hi = end ?? throw Error("invalid character class range");
                    }
                    else
                    {
                        hi = GoJson.NextCodePoint(pattern, ref _pos);
                    }
                    if (hi < lo) throw Error("invalid character class range");
                }
                ranges.Add((lo, hi));
            }
            return new Chars(negated ? Complement(ranges) : ranges);
        }

        private List<(int, int)> Posix(string name)
        {
            var negated = name.StartsWith('^');
            if (negated) name = name[1..];
            List<(int, int)> ranges = name switch
            {
                "alnum" => [('0', '9'), ('A', 'Z'), ('a', 'z')],
                "alpha" => [('A', 'Z'), ('a', 'z')],
                "ascii" => [(0, 0x7F)],
                "blank" => [('\t', '\t'), (' ', ' ')],
                "cntrl" => [(0, 0x1F), (0x7F, 0x7F)],
                "digit" => [.. Digits],
                "graph" => [('!', '~')],
                "lower" => [('a', 'z')],
                "print" => [(' ', '~')],
                "punct" => [('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
                "space" => [('\t', '\r'), (' ', ' ')],
                "upper" => [('A', 'Z')],
                "word" => [.. Word],
                "xdigit" => [('0', '9'), ('A', 'F'), ('a', 'f')],
                _ => throw Error("invalid character class range"),
            };
            return negated ? Complement(ranges) : ranges;
        }

        /// <summary>An escape after the backslash: a class (<c>\d</c>) or a single character (returned in <paramref name="single"/>).</summary>
        private Chars ParseEscape(bool inClass, out int? single)
        {
            single = null;
            if (_pos >= pattern.Length) throw Error("trailing backslash at end of expression");
            var c = pattern[_pos++];
            switch (c)
            {
                case 'd': return new Chars(Digits);
                case 'D': return new Chars(Complement(Digits));
                case 'w': return new Chars(Word);
                case 'W': return new Chars(Complement(Word));
                case 's': return new Chars(Space);
                case 'S': return new Chars(Complement(Space));
                case 'b' or 'B' or 'A' or 'z' when !inClass: return new Chars([]);
                case 'n': single = '\n'; break;
                case 't': single = '\t'; break;
                case 'r': single = '\r'; break;
                case 'f': single = '\f'; break;
                case 'v': single = '\v'; break;
                case 'a': single = 7; break;
                case 'x':
                    single = ParseHex();
                    break;
                default:
                    if (char.IsAsciiLetterOrDigit(c)) throw Error($"invalid escape sequence: `\\{c}`");
                    single = c;
                    break;
            }
            return new Chars([(single.Value, single.Value)]);
        }

        private int ParseHex()
        {
            string digits;
            if (_pos < pattern.Length && pattern[_pos] == '{')
            {
                var close = pattern.IndexOf('}', _pos);
                if (close < 0) throw Error("invalid escape sequence");
                digits = pattern[(_pos + 1)..close];
                _pos = close + 1;
            }
            else
            {
                if (_pos + 2 > pattern.Length) throw Error("invalid escape sequence");
                digits = pattern.Substring(_pos, 2);
                _pos += 2;
            }
            if (!int.TryParse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value) || value > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF)
                throw Error("invalid escape sequence");
            return value;
        }
    }
}
