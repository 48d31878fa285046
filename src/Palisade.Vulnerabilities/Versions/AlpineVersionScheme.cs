namespace Palisade.Vulnerabilities.Versions;

/// <summary>
/// Alpine (apk-tools) version ordering: <c>digits{.digits}[letter]{_suffix[digits]}[~hash][-rN]</c>, compared token by
/// token. Pre-release suffixes <c>_alpha _beta _pre _rc</c> sort before the bare version, post-release suffixes
/// <c>_cvs _svn _git _hg _p</c> after it; a number after a dot that starts with 0 compares as a decimal fraction
/// (by text), other numbers by value (of any length); <c>-rN</c> is the package revision. Also used by Wolfi, Chainguard
/// and other apk-based distributions.
/// </summary>
/// <remarks>
/// <para><see cref="Compare"/> orders any string the way apk does: the tokens are compared until they differ in kind or
/// value, and an invalid tail just ends the comparison (apk sorts <c>1.0 &lt; 1.0bc</c>). <see cref="IsValid"/> applies
/// apk's validation.</para>
/// <para><see cref="Satisfies"/> takes a <see cref="ComparatorList"/> plus apk's fuzzy operators: <c>~V</c> holds when
/// the version starts with V's tokens (<c>3.6.9 ~ 3.6</c>), <c>&lt;~</c> and <c>&gt;~</c> when it is less/greater or
/// fuzzy-equal.</para>
/// </remarks>
public sealed class AlpineVersionScheme : IVersionScheme
{
    /// <summary>The shared instance.</summary>
    public static AlpineVersionScheme Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "apk";

    private enum Kind
    {
        InitialDigit,
        Digit,
        Letter,
        Suffix,
        SuffixNumber,
        CommitHash,
        Revision,
        End,
        Invalid,
    }

    // Suffix values: pre-release suffixes are below None, post-release ones above.
    private static readonly string[] Suffixes = ["alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p"];
    private const int SuffixNone = 4;

    private struct Tokenizer(string text)
    {
        private readonly string _s = text;
        private int _pos;
        public Kind Kind;
        public int Start;
        public int Length;
        public int Suffix;

        public void First()
        {
            Kind = Kind.InitialDigit;
            ReadDigits();
        }

        private void ReadDigits()
        {
            Start = _pos;
            while (_pos < _s.Length && char.IsAsciiDigit(_s[_pos])) _pos++;
            Length = _pos - Start;
            if (Length == 0) Kind = Kind.Invalid;
        }

        public void Next()
        {
            if (Kind is Kind.End or Kind.Invalid) return;
            if (_pos >= _s.Length)
            {
                Kind = Kind.End;
                return;
            }
            var c = _s[_pos];
            switch (c)
            {
                case >= 'a' and <= 'z':
                    if (Kind > Kind.Digit) goto default;
                    Kind = Kind.Letter;
                    Start = _pos++;
                    Length = 1;
                    return;
                case '.':
                    if (Kind > Kind.Digit) goto default;
                    _pos++;
                    Kind = Kind.Digit;
                    ReadDigits();
                    return;
                case '_':
                    if (Kind > Kind.SuffixNumber) goto default;
                    _pos++;
                    Start = _pos;
                    while (_pos < _s.Length && _s[_pos] is >= 'a' and <= 'z') _pos++;
                    Length = _pos - Start;
                    Suffix = Length == 0 ? -1 : Array.IndexOf(Suffixes, _s.Substring(Start, Length));
                    if (Suffix < 0 || Suffix == SuffixNone) goto default;
                    Kind = Kind.Suffix;
                    return;
                case >= '0' and <= '9':
                    if (Kind != Kind.Suffix) goto default;
                    Kind = Kind.SuffixNumber;
                    ReadDigits();
                    return;
                case '~':
                    if (Kind >= Kind.CommitHash) goto default;
                    _pos++;
                    Start = _pos;
                    while (_pos < _s.Length && char.IsAsciiHexDigitLower(_s[_pos])) _pos++;
                    Length = _pos - Start;
                    if (Length == 0) goto default;
                    Kind = Kind.CommitHash;
                    return;
                case '-':
                    if (Kind >= Kind.Revision || _pos + 1 >= _s.Length || _s[_pos + 1] != 'r') goto default;
                    _pos += 2;
                    Kind = Kind.Revision;
                    ReadDigits();
                    return;
                default:
                    Kind = Kind.Invalid;
                    return;
            }
        }

        public readonly ReadOnlySpan<char> Text => _s.AsSpan(Start, Length);
    }

    private static int CompareTokens(in Tokenizer a, in Tokenizer b)
    {
        switch (a.Kind)
        {
            case Kind.Digit:
                // A number after a dot with a leading zero is a decimal fraction: compare it as text.
                if (a.Text[0] == '0' || b.Text[0] == '0')
                {
                    var t = a.Text.SequenceCompareTo(b.Text);
                    if (t != 0) return Math.Sign(t);
                }
                return NumericText.Compare(a.Text, b.Text);
            case Kind.InitialDigit:
            case Kind.SuffixNumber:
            case Kind.Revision:
                return NumericText.Compare(a.Text, b.Text);
            case Kind.Suffix:
                return a.Suffix.CompareTo(b.Suffix);
            default:
                return Math.Sign(a.Text.SequenceCompareTo(b.Text));
        }
    }

    /// <summary>
    /// Compares two versions; with <paramref name="fuzzy"/> a version equals every version whose tokens it starts with
    /// (apk's <c>~</c>).
    /// </summary>
    public static int Compare(string a, string b, bool fuzzy)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var ta = new Tokenizer(a);
        var tb = new Tokenizer(b);
        ta.First();
        tb.First();
        while (ta.Kind == tb.Kind && ta.Kind < Kind.End)
        {
            var c = CompareTokens(ta, tb);
            if (c != 0) return c;
            ta.Next();
            tb.Next();
        }
        if (fuzzy && tb.Kind == Kind.End) return 0;
        if (ta.Kind == tb.Kind) return 0;
        // The versions agree so far: the longer one is greater unless it continues with a pre-release suffix.
        if (ta.Kind == Kind.Suffix && ta.Suffix < SuffixNone) return -1;
        if (tb.Kind == Kind.Suffix && tb.Suffix < SuffixNone) return 1;
        return ta.Kind > tb.Kind ? -1 : 1;
    }

    /// <inheritdoc />
    public int Compare(string a, string b) => Compare(a, b, fuzzy: false);

    /// <inheritdoc />
    public bool IsValid(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var t = new Tokenizer(version);
        for (t.First(); t.Kind < Kind.End; t.Next()) { }
        return t.Kind == Kind.End;
    }

    /// <inheritdoc />
    public string Normalize(string version)
    {
        Check(version);
        return version;
    }

    private void Check(string version)
    {
        if (!IsValid(version)) throw new FormatException($"'{ComparatorList.Shorten(version)}' is not a valid apk version");
    }

    /// <summary>Evaluates one apk operator (<c>&lt; &lt;= = &gt;= &gt; ~ &lt;~ &gt;~</c>, optionally negated with <c>!</c>).</summary>
    /// <exception cref="FormatException">The operator is not an apk operator.</exception>
    public static bool Matches(string version, string op, string other)
    {
        ArgumentNullException.ThrowIfNull(op);
        if (op.StartsWith('!')) return !Matches(version, op[1..], other);
        var fuzzy = op.Contains('~', StringComparison.Ordinal);
        bool less = false, equal = false, greater = false;
        foreach (var c in op)
        {
            switch (c)
            {
                case '<': less = true; break;
                case '>': greater = true; break;
                case '=': equal = true; break;
                case '~': equal = true; break;
                default: throw new FormatException($"unknown apk operator '{op}'");
            }
        }
        if (op.Length == 0 || op.Count(ch => ch == '~') > 1) throw new FormatException($"unknown apk operator '{op}'");
        var r = Compare(version, other, fuzzy);
        return (r < 0 && less) || (r == 0 && equal) || (r > 0 && greater);
    }

    /// <inheritdoc />
    public bool Satisfies(string version, string range) =>
        ComparatorList.Satisfies(version, range, Compare, Check,
            (v, op, operand) => op.Contains('~', StringComparison.Ordinal) ? Matches(v, op, operand) : null);
}
