using System.Globalization;
using System.Text;

namespace Palisade.Conformance.Tests;

/// <summary>
/// Evaluates the Go expressions recorded in gitleaks' cases-generated.jsonl (the true and false positives upstream
/// generates at test time) into sample texts, with our own generator: a small interpreter for the expression forms
/// that occur (string literals, <c>+</c>, <c>fmt.Sprintf</c>, <c>append</c>, <c>[]string{...}</c>), a random string
/// generator for the simple regexes given to <c>secrets.NewSecret</c>, and our own set of assignment syntaxes for
/// <c>utils.GenerateSampleSecrets(identifier, secret)</c>. Expressions that need a Go variable or an unknown function
/// are skipped with the reason.
/// </summary>
public static class GitleaksSampleExpressions
{
    public sealed record Result(IReadOnlyList<string> Texts, string? SkipReason)
    {
        /// <summary>The expression was cut short in the recording; the texts are its complete elements.</summary>
        public bool Truncated { get; init; }
    }

    /// <summary>Raised for an expression form this evaluator does not cover: the case is skipped with the reason.</summary>
    private sealed class SkipException(string reason) : Exception(reason);

    /// <summary>
    /// Our assignment syntaxes for GenerateSampleSecrets (what upstream's helper does, written from its description:
    /// the secret assigned to the identifier in common source and config syntaxes).
    /// </summary>
    /// <remarks>
    /// The identifier names the secret as code does (<c>{id}_token</c>, <c>{ID}_TOKEN</c>, <c>{id}Token</c>): the
    /// rules keyed on an identifier want a word such as token or key after it (sonar_token, snyk_token).
    /// </remarks>
    public static IReadOnlyList<(string Name, Func<string, string, string> Format)> Syntaxes { get; } =
    [
        ("python/toml", (id, s) => $"{id}_token = \"{s}\""),
        ("yaml", (id, s) => $"{id}_token: {s}"),
        ("yaml double-quoted", (id, s) => $"{id}_token: \"{s}\""),
        ("yaml single-quoted", (id, s) => $"{id}_token: '{s}'"),
        ("dotenv", (id, s) => $"{EnvName(id)}_TOKEN={s}"),
        ("shell export", (id, s) => $"export {EnvName(id)}_TOKEN={s}"),
        ("shell export quoted", (id, s) => $"export {EnvName(id)}_TOKEN=\"{s}\""),
        ("dockerfile", (id, s) => $"ENV {EnvName(id)}_TOKEN=\"{s}\""),
        ("json", (id, s) => $"{{\"{id}_token\": \"{s}\"}}"),
        ("xml", (id, s) => $"<{id}Token>\n    {s}\n</{id}Token>"),
        ("go", (id, s) => $"{id}Token := \"{s}\""),
        ("java", (id, s) => $"String {id}Token = \"{s}\";"),
        ("php", (id, s) => $"${id}_token = '{s}';"),
        ("ruby hash", (id, s) => $":{id}_token => '{s}'"),
        ("javascript", (id, s) => $"const {id}Token = \"{s}\";"),
    ];

    private static string EnvName(string id) => id.ToUpperInvariant().Replace('-', '_');

    /// <summary>
    /// The sample texts of an expression. The recording cut long expressions short: from a cut <c>append(...)</c> the
    /// complete elements are kept (<see cref="Result.Truncated"/>); any other cut expression is skipped.
    /// </summary>
    public static Result Evaluate(string expression, int seed)
    {
        ArgumentNullException.ThrowIfNull(expression);
        try
        {
            var parser = new Parser(Lexer.Tokens(expression), new Random(seed));
            var value = parser.ParseTop();
            return new Result(value, null) { Truncated = parser.Truncated };
        }
        catch (SkipException e)
        {
            return new Result([], e.Message);
        }
    }

    public const string TruncatedReason = "the recorded expression is cut short";

    // ----- the expression language ------------------------------------------------------------------------------

    private enum Kind { String, Ident, Punct, End }

    private readonly record struct Token(Kind Kind, string Text);

    private static class Lexer
    {
        public static List<Token> Tokens(string s)
        {
            var list = new List<Token>();
            var i = 0;
            while (i < s.Length)
            {
                var c = s[i];
                if (char.IsWhiteSpace(c)) { i++; continue; }
                if (c == '/' && i + 1 == s.Length) return Cut(list);
                if (c == '/' && i + 1 < s.Length && s[i + 1] == '/')
                {
                    while (i < s.Length && s[i] != '\n') i++;
                    continue;
                }
                if (c == '/' && i + 1 < s.Length && s[i + 1] == '*')
                {
                    var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    i = end < 0 ? s.Length : end + 2;
                    continue;
                }
                if (c == '`')
                {
                    var end = s.IndexOf('`', i + 1);
                    if (end < 0) return Cut(list);
                    list.Add(new Token(Kind.String, s[(i + 1)..end]));
                    i = end + 1;
                    continue;
                }
                if (c == '"')
                {
                    var sb = new StringBuilder();
                    i++;
                    while (true)
                    {
                        if (i >= s.Length) return Cut(list);
                        var d = s[i];
                        if (d == '"') { i++; break; }
                        if (d == '\\' && i + 1 < s.Length)
                        {
                            var e = s[i + 1];
                            i += 2;
                            switch (e)
                            {
                                case 'n': sb.Append('\n'); break;
                                case 't': sb.Append('\t'); break;
                                case 'r': sb.Append('\r'); break;
                                case 'x':
                                    sb.Append((char)int.Parse(s.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                                    i += 2;
                                    break;
                                case 'u':
                                    sb.Append((char)int.Parse(s.AsSpan(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                                    i += 4;
                                    break;
                                default: sb.Append(e); break;
                            }
                            continue;
                        }
                        sb.Append(d);
                        i++;
                    }
                    list.Add(new Token(Kind.String, sb.ToString()));
                    continue;
                }
                if (char.IsLetter(c) || c == '_')
                {
                    var start = i;
                    while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_' || (s[i] == '.' && i + 1 < s.Length && char.IsLetter(s[i + 1])))) i++;
                    list.Add(new Token(Kind.Ident, s[start..i]));
                    continue;
                }
                if (s.AsSpan(i).StartsWith("..."))
                {
                    list.Add(new Token(Kind.Punct, "..."));
                    i += 3;
                    continue;
                }
                if ("(),+{}[]".Contains(c, StringComparison.Ordinal))
                {
                    list.Add(new Token(Kind.Punct, c.ToString()));
                    i++;
                    continue;
                }
                if (char.IsDigit(c)) throw new SkipException("numeric literal");
                throw new SkipException($"unexpected '{c}'");
            }
            list.Add(new Token(Kind.End, ""));
            return list;
        }

        /// <summary>The tokens so far, ended by a marker of where the recording cut the expression.</summary>
        private static List<Token> Cut(List<Token> list)
        {
            list.Add(new Token(Kind.End, "<cut>"));
            return list;
        }
    }

    /// <summary>A value: one string, or a list of strings.</summary>
    private sealed record Value(IReadOnlyList<string> Items, bool IsList)
    {
        public static Value Of(string s) => new([s], false);

        public string Single => IsList ? throw new SkipException("a list where a string is expected") : Items[0];
    }

    private sealed class Parser(List<Token> tokens, Random random)
    {
        private int _pos;

        private Token Peek => tokens[_pos];

        public bool Truncated { get; private set; }

        private bool IsCut => tokens[^1].Text == "<cut>";

        private Token Next()
        {
            var t = tokens[_pos];
            // A recorded expression is complete Go, or was cut short: reaching its end early means the latter.
            if (t.Kind == Kind.End) throw new SkipException(TruncatedReason);
            _pos++;
            return t;
        }

        private bool Accept(string punct)
        {
            if (Peek.Kind == Kind.Punct && Peek.Text == punct)
            {
                _pos++;
                return true;
            }
            return false;
        }

        private void Expect(string punct)
        {
            if (Peek.Kind == Kind.End) throw new SkipException(TruncatedReason);
            if (!Accept(punct)) throw new SkipException($"expected '{punct}' near '{Peek.Text}'");
        }

        public IReadOnlyList<string> ParseTop()
        {
            var v = ParseExpr();
            if (Peek.Kind != Kind.End) throw new SkipException($"unexpected '{Peek.Text}' after the expression");
            if (IsCut && !Truncated) throw new SkipException(TruncatedReason);
            return v.Items;
        }

        private Value ParseExpr()
        {
            var left = ParseTerm();
            while (Accept("+"))
            {
                var right = ParseTerm();
                left = Value.Of(left.Single + right.Single);
            }
            return left;
        }

        private Value ParseTerm()
        {
            var t = Next();
            switch (t.Kind)
            {
                case Kind.String:
                    return Value.Of(t.Text);
                case Kind.Punct when t.Text == "(":
                    var inner = ParseExpr();
                    Expect(")");
                    return inner;
                case Kind.Punct when t.Text == "[":
                    Expect("]");
                    if (Next() is not { Kind: Kind.Ident, Text: "string" }) throw new SkipException("composite literal of another type than []string");
                    Expect("{");
                    return new Value(ParseList("}", accumulatorFirst: false), true);
                case Kind.Ident when Accept("("):
                    return Call(t.Text);
                case Kind.Ident when Peek.Kind == Kind.End:
                    throw new SkipException(TruncatedReason);
                case Kind.Ident:
                    throw new SkipException($"uses the Go variable '{t.Text}'");
                default:
                    throw new SkipException($"unexpected '{t.Text}'");
            }
        }

        /// <summary>Arguments up to <paramref name="close"/>, with spreads (<c>x...</c>) flattened.</summary>
        private List<string> ParseList(string close, bool accumulatorFirst)
        {
            var items = new List<string>();
            var first = true;
            while (!Accept(close))
            {
                // append(tps, ...): tps is what earlier rows already hold.
                if (first && accumulatorFirst && Peek is { Kind: Kind.Ident, Text: "tps" or "fps" } && tokens[_pos + 1].Text is "," or ")")
                {
                    _pos++;
                }
                else
                {
                    Value v;
                    try
                    {
                        v = ParseExpr();
                        if (Accept("...") && !v.IsList) throw new SkipException("spread of a string");
                    }
                    catch (SkipException e) when (e.Message == TruncatedReason && items.Count > 0)
                    {
                        // The recording cut this element: keep the complete ones before it.
                        Truncated = true;
                        return items;
                    }
                    items.AddRange(v.Items);
                }
                first = false;
                if (Peek.Kind == Kind.End && items.Count > 0)
                {
                    Truncated = true;
                    return items;
                }
                if (!Accept(",")) { Expect(close); break; }
            }
            return items;
        }

        private List<Value> ParseArgs()
        {
            var args = new List<Value>();
            while (!Accept(")"))
            {
                args.Add(ParseExpr());
                if (!Accept(",")) { Expect(")"); break; }
            }
            return args;
        }

        private Value Call(string name)
        {
            if (name == "append") return new Value(ParseList(")", accumulatorFirst: true), true);
            var args = ParseArgs();
            string Arg(int i) => i < args.Count ? args[i].Single : throw new SkipException($"{name} needs {i + 1} arguments");
            string Size(int i) => "{" + Arg(i) + "}";
            return name switch
            {
                "utils.GenerateSampleSecrets" => new Value(Syntaxes.Select(f => f.Format(Arg(0), Arg(1))).ToList(), true),
                "utils.GenerateSampleSecret" => Value.Of(Syntaxes[0].Format(Arg(0), Arg(1))),
                "secrets.NewSecret" => Value.Of(RegexSampler.Sample(Arg(0), random)),
                "newPlausibleSecret" => Value.Of(RegexSampler.Plausible(Arg(0), random)),
                "utils.AlphaNumeric" => Value.Of("[a-z0-9]" + Size(0)),
                "utils.AlphaNumericExtendedShort" => Value.Of("[a-z0-9_-]" + Size(0)),
                "utils.AlphaNumericExtended" => Value.Of(@"[a-z0-9=_\-]" + Size(0)),
                "utils.AlphaNumericExtendedLong" => Value.Of(@"[a-z0-9\/=_\+\-]" + Size(0)),
                "utils.Hex" => Value.Of("[a-f0-9]" + Size(0)),
                "utils.Numeric" => Value.Of("[0-9]" + Size(0)),
                "utils.Hex8_4_4_4_12" => Value.Of("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
                "fmt.Sprintf" => Value.Of(Sprintf(Arg(0), args.Skip(1).Select(a => a.Single).ToList())),
                _ => throw new SkipException($"calls the Go function '{name}'"),
            };
        }

        private static string Sprintf(string format, List<string> args)
        {
            var sb = new StringBuilder();
            var next = 0;
            for (var i = 0; i < format.Length; i++)
            {
                if (format[i] != '%' || i + 1 >= format.Length)
                {
                    sb.Append(format[i]);
                    continue;
                }
                var verb = format[++i];
                if (verb == '%') sb.Append('%');
                else if (verb is 's' or 'v' or 'd') sb.Append(next < args.Count ? args[next++] : throw new SkipException("Sprintf: missing argument"));
                else throw new SkipException($"Sprintf verb %{verb}");
            }
            return sb.ToString();
        }
    }

    // ----- random strings from simple regexes ---------------------------------------------------------------------

    /// <summary>A random string matching a simple RE2 pattern: literals, classes, groups, alternation, quantifiers.</summary>
    public static class RegexSampler
    {
        private const string Printable = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&()*+,-./:;<=>?@[]^_{|}~";

        public static string Sample(string pattern, Random random)
        {
            var p = new PatternParser(pattern);
            var node = p.ParseAlternation();
            if (p.Position < pattern.Length) throw new SkipException($"regex '{pattern}': unexpected ')' at {p.Position}");
            var sb = new StringBuilder();
            node.Generate(sb, random);
            return sb.ToString();
        }

        /// <summary>A sample that looks like a real secret: regenerated until it has mixed characters and high entropy.</summary>
        public static string Plausible(string pattern, Random random)
        {
            for (var attempt = 0; ; attempt++)
            {
                var s = Sample(pattern, random);
                if (attempt >= 100 || (s.Any(char.IsDigit) && s.Any(char.IsLetter) && Entropy(s) > 3.5)) return s;
            }
        }

        private static double Entropy(string s) =>
            -s.GroupBy(c => c).Sum(g => (double)g.Count() / s.Length * Math.Log2((double)g.Count() / s.Length));

        private abstract class Node
        {
            public abstract void Generate(StringBuilder sb, Random random);
        }

        private sealed class Literal(string text) : Node
        {
            public override void Generate(StringBuilder sb, Random random) => sb.Append(text);
        }

        private sealed class CharSet(IReadOnlyList<char> chars) : Node
        {
            public override void Generate(StringBuilder sb, Random random) => sb.Append(chars[random.Next(chars.Count)]);
        }

        private sealed class Sequence(List<Node> items) : Node
        {
            public override void Generate(StringBuilder sb, Random random)
            {
                foreach (var n in items) n.Generate(sb, random);
            }
        }

        private sealed class Alternation(List<Node> options) : Node
        {
            public override void Generate(StringBuilder sb, Random random) => options[random.Next(options.Count)].Generate(sb, random);
        }

        private sealed class Repeat(Node item, int min, int max) : Node
        {
            public override void Generate(StringBuilder sb, Random random)
            {
                var n = random.Next(min, max + 1);
                for (var i = 0; i < n; i++) item.Generate(sb, random);
            }
        }

        private sealed class PatternParser(string pattern)
        {
            public int Position { get; private set; }

            private bool AtEnd => Position >= pattern.Length;

            private char Peek => pattern[Position];

            public Node ParseAlternation()
            {
                var options = new List<Node> { ParseSequence() };
                while (!AtEnd && Peek == '|')
                {
                    Position++;
                    options.Add(ParseSequence());
                }
                return options.Count == 1 ? options[0] : new Alternation(options);
            }

            private Node ParseSequence()
            {
                var items = new List<Node>();
                while (!AtEnd && Peek != '|' && Peek != ')')
                {
                    var atom = ParseAtom();
                    if (atom is null) continue;
                    items.Add(ParseQuantifier(atom));
                }
                return new Sequence(items);
            }

            private Node ParseQuantifier(Node atom)
            {
                if (AtEnd) return atom;
                int min, max;
                switch (Peek)
                {
                    case '*': Position++; (min, max) = (0, 3); break;
                    case '+': Position++; (min, max) = (1, 4); break;
                    case '?': Position++; (min, max) = (0, 1); break;
                    case '{':
                        var close = pattern.IndexOf('}', Position);
                        var body = pattern[(Position + 1)..close];
                        Position = close + 1;
                        var parts = body.Split(',');
                        min = int.Parse(parts[0], CultureInfo.InvariantCulture);
                        max = parts.Length == 1 ? min : parts[1].Length == 0 ? min + 3 : int.Parse(parts[1], CultureInfo.InvariantCulture);
                        break;
                    default:
                        return atom;
                }
                if (!AtEnd && Peek == '?') Position++; // lazy
                return new Repeat(atom, min, max);
            }

            private Node? ParseAtom()
            {
                var c = pattern[Position++];
                switch (c)
                {
                    case '(':
                        if (pattern.AsSpan(Position).StartsWith("?"))
                        {
                            // (?:  (?P<name>  (?<name>  or flags (?i) / (?i:
                            if (pattern.AsSpan(Position).StartsWith("?P<") || pattern.AsSpan(Position).StartsWith("?<"))
                            {
                                Position = pattern.IndexOf('>', Position) + 1;
                            }
                            else
                            {
                                var end = Position + 1;
                                while (end < pattern.Length && (char.IsLetter(pattern[end]) || pattern[end] == '-')) end++;
                                Position = end + 1;
                                if (pattern[end] == ')') return null; // (?i)
                            }
                        }
                        var inner = ParseAlternation();
                        if (AtEnd || Peek != ')') throw new SkipException($"regex '{pattern}': unclosed group");
                        Position++;
                        return inner;
                    case '[':
                        return ParseClass();
                    case '\\':
                        return Escape(inside: false) is { } set ? new CharSet(set) : null;
                    case '.':
                        return new CharSet(Printable.ToCharArray());
                    case '^' or '$':
                        return null;
                    default:
                        return new Literal(c.ToString());
                }
            }

            /// <summary>The characters of an escape (null for an assertion such as \b).</summary>
            private char[]? Escape(bool inside)
            {
                var e = pattern[Position++];
                switch (e)
                {
                    case 'w': return "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_".ToCharArray();
                    case 'd': return "0123456789".ToCharArray();
                    case 's': return [' '];
                    case 'n': return ['\n'];
                    case 't': return ['\t'];
                    case 'r': return ['\r'];
                    case 'x':
                        var hex = pattern.Substring(Position, 2);
                        Position += 2;
                        return [(char)int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture)];
                    case 'b' or 'B' or 'A' or 'z' when !inside:
                        return null;
                    default:
                        if (char.IsLetterOrDigit(e)) throw new SkipException($"regex '{pattern}': escape \\{e}");
                        return [e];
                }
            }

            private CharSet ParseClass()
            {
                var negate = !AtEnd && Peek == '^';
                if (negate) Position++;
                var chars = new List<char>();
                var first = true;
                while (!AtEnd && (Peek != ']' || first))
                {
                    first = false;
                    char lo;
                    if (Peek == '\\')
                    {
                        Position++;
                        var set = Escape(inside: true)!;
                        if (set.Length > 1)
                        {
                            chars.AddRange(set);
                            continue;
                        }
                        lo = set[0];
                    }
                    else if (pattern.AsSpan(Position).StartsWith("[:"))
                    {
                        throw new SkipException($"regex '{pattern}': POSIX class");
                    }
                    else
                    {
                        lo = pattern[Position++];
                    }
                    if (!AtEnd && Peek == '-' && Position + 1 < pattern.Length && pattern[Position + 1] != ']')
                    {
                        Position++;
                        char hi;
                        if (Peek == '\\')
                        {
                            Position++;
                            hi = Escape(inside: true)![0];
                        }
                        else
                        {
                            hi = pattern[Position++];
                        }
                        for (var ch = lo; ch <= hi; ch++) chars.Add(ch);
                    }
                    else
                    {
                        chars.Add(lo);
                    }
                }
                if (AtEnd) throw new SkipException($"regex '{pattern}': unclosed class");
                Position++; // ]
                if (negate) chars = Printable.Where(ch => !chars.Contains(ch)).ToList();
                return new CharSet(chars.Distinct().ToList());
            }
        }
    }
}
