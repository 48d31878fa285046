using System.Buffers;

namespace Palisade.Secrets.Engine;

/// <summary>
/// Which rules may match a text and where: the rule indexes in rule order, and for each line-scoped rule the
/// ranges of the text (whole lines around its keywords) its regex has to read; null ranges mean the whole text.
/// </summary>
public sealed class Candidates
{
    internal Candidates(List<int> rules, List<(int Start, int Length)>?[] ranges)
    {
        Rules = rules;
        Ranges = ranges;
    }

    public List<int> Rules { get; }

    /// <summary>Indexed by rule index.</summary>
    public List<(int Start, int Length)>?[] Ranges { get; }
}

/// <summary>
/// Rules ready to run: the global allowlists, and one pass over the text with an Aho-Corasick automaton of every
/// rule's keywords, so that a text is read once to learn which rules can possibly match it and, for rules whose
/// matches stay on the line of their keyword, on which lines.
/// </summary>
public sealed class SecretRuleSet
{
    /// <summary>A line-scoped rule reads its keyword's line and this many lines after it (a value may follow on the next line).</summary>
    private const int LinesAfter = 2;

    private readonly KeywordMatcher? _matcher;
    private readonly int[][] _rulesByAsciiKeyword;
    // Keywords outside ASCII (possible in a user's configuration) are looked for with a case-insensitive search.
    private readonly SearchValues<string>? _otherKeywords;
    private readonly Dictionary<string, List<int>> _rulesByOtherKeyword = new(StringComparer.OrdinalIgnoreCase);
    private readonly int[][] _asciiKeywordsByRule;
    // Per ASCII keyword: a filter when every rule of the keyword has one (any of them accepting), else null.
    private readonly HitFilter?[] _keywordFilters;
    private readonly string[] _asciiKeywords;
    private readonly int[] _alwaysRun;
    private readonly bool _anyLineScoped;

    public SecretRuleSet(IReadOnlyList<SecretRule> rules, IReadOnlyList<SecretAllowlist>? globalAllowlists = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules;
        GlobalAllowlists = globalAllowlists ?? [];
        var always = new List<int>();
        var ascii = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].Keywords.Count == 0)
            {
                always.Add(i);
                continue;
            }
            foreach (var k in rules[i].Keywords.Select(k => k.ToLowerInvariant()).Distinct())
            {
                if (k.Length == 0) continue;
                var table = k.All(char.IsAscii) ? ascii : _rulesByOtherKeyword;
                if (!table.TryGetValue(k, out var list)) table[k] = list = [];
                list.Add(i);
            }
        }
        _alwaysRun = [.. always];
        var asciiKeywords = ascii.Keys.ToList();
        _rulesByAsciiKeyword = asciiKeywords.Select(k => ascii[k].ToArray()).ToArray();
        if (asciiKeywords.Count > 0) _matcher = new KeywordMatcher(asciiKeywords);
        if (_rulesByOtherKeyword.Count > 0) _otherKeywords = SearchValues.Create([.. _rulesByOtherKeyword.Keys], StringComparison.OrdinalIgnoreCase);
        _asciiKeywords = [.. asciiKeywords];
        _keywordFilters = new HitFilter?[asciiKeywords.Count];
        for (var k = 0; k < asciiKeywords.Count; k++)
        {
            var filters = _rulesByAsciiKeyword[k].Select(r => rules[r].HitFilter).ToArray();
            if (filters.All(f => f is not null))
                _keywordFilters[k] = filters.Length == 1 ? filters[0] : new AnyFilter(filters!).Test;
        }
        _asciiKeywordsByRule = new int[rules.Count][];
        for (var r = 0; r < rules.Count; r++)
            _asciiKeywordsByRule[r] = [.. Enumerable.Range(0, asciiKeywords.Count).Where(k => _rulesByAsciiKeyword[k].Contains(r))];
        _anyLineScoped = rules.Any(r => r.LineScoped && r.Keywords.Count > 0);
    }

    public IReadOnlyList<SecretRule> Rules { get; }
    public IReadOnlyList<SecretAllowlist> GlobalAllowlists { get; }

    /// <summary>The indexes of the rules that may match <paramref name="text"/>, in rule order.</summary>
    public List<int> CandidateRules(ReadOnlySpan<char> text) => Select(text, withRanges: false).Rules;

    /// <summary>The rules that may match <paramref name="text"/>, and where the line-scoped ones need to look.</summary>
    public Candidates Select(ReadOnlySpan<char> text) => Select(text, withRanges: _anyLineScoped);

    private Candidates Select(ReadOnlySpan<char> text, bool withRanges)
    {
        var selected = new bool[Rules.Count];
        var ranges = new List<(int, int)>?[Rules.Count];
        foreach (var i in _alwaysRun) selected[i] = true;
        // Rules that must read the whole text: without keywords, non-ASCII keywords, or matches that may span lines.
        var whole = new bool[Rules.Count];
        foreach (var i in _alwaysRun) whole[i] = true;
        if (_matcher is not null)
        {
            var found = new bool[_matcher.Keywords.Count];
            var positions = withRanges ? new List<int>?[_matcher.Keywords.Count] : null;
            _matcher.FindAll(text, found, positions);
            List<int>? hits = null;
            for (var k = 0; k < found.Length; k++)
            {
                if (!found[k]) continue;
                foreach (var r in _rulesByAsciiKeyword[k])
                {
                    selected[r] = true;
                    if (!withRanges || !Rules[r].LineScoped) whole[r] = true;
                }
            }
            if (withRanges)
            {
                for (var r = 0; r < Rules.Count; r++)
                {
                    if (!selected[r] || whole[r] || !Rules[r].LineScoped) continue;
                    hits ??= [];
                    hits.Clear();
                    foreach (var k in _asciiKeywordsByRule[r])
                        if (positions![k] is { } p) hits.AddRange(p);
                    hits.Sort();
                    ranges[r] = LineRanges(text, hits);
                }
            }
        }
        if (_otherKeywords is not null)
        {
            var pos = 0;
            while (pos < text.Length)
            {
                var idx = text[pos..].IndexOfAny(_otherKeywords);
                if (idx < 0) break;
                var at = pos + idx;
                foreach (var k in _rulesByOtherKeyword.Keys)
                    if (text[at..].StartsWith(k, StringComparison.OrdinalIgnoreCase))
                        foreach (var r in _rulesByOtherKeyword[k])
                        {
                            selected[r] = true;
                            whole[r] = true;
                        }
                pos = at + 1;
            }
        }
        return Collect(selected, whole, ranges);
    }

    /// <summary>
    /// As <see cref="Select(ReadOnlySpan{char})"/> over UTF-8 bytes, without decoding them: ranges are byte ranges, and
    /// on a long line (minified code) a range is cut to the part around the keyword, at an ASCII character that is not a
    /// word character (so that a word boundary at its start or end means what it means in the whole line).
    /// </summary>
    public Candidates Select(ReadOnlySpan<byte> text)
    {
        var selected = new bool[Rules.Count];
        var ranges = new List<(int, int)>?[Rules.Count];
        var whole = new bool[Rules.Count];
        foreach (var i in _alwaysRun)
        {
            selected[i] = true;
            whole[i] = true;
        }
        if (_matcher is not null)
        {
            var found = new bool[_matcher.Keywords.Count];
            var positions = _anyLineScoped ? new List<int>?[_matcher.Keywords.Count] : null;
            _matcher.FindAll(text, found, positions, ReachAfter / 2, _keywordFilters);
            for (var k = 0; k < found.Length; k++)
            {
                if (!found[k]) continue;
                foreach (var r in _rulesByAsciiKeyword[k])
                {
                    selected[r] = true;
                    if (!Rules[r].LineScoped) whole[r] = true;
                }
            }
            List<int>? hits = null;
            for (var r = 0; r < Rules.Count && positions is not null; r++)
            {
                if (!selected[r] || whole[r]) continue;
                hits ??= [];
                hits.Clear();
                foreach (var k in _asciiKeywordsByRule[r])
                {
                    if (positions[k] is not { } p) continue;
                    // A keyword shared by filtered rules was recorded where any of them accepted it: keep this rule's places.
                    if (_keywordFilters[k] is not null && _rulesByAsciiKeyword[k].Length > 1 && Rules[r].HitFilter is { } own)
                    {
                        var length = _asciiKeywords[k].Length;
                        foreach (var end in p)
                            if (own(text, end + 1 - length, end + 1)) hits.Add(end);
                    }
                    else hits.AddRange(p);
                }
                if (hits.Count == 0)
                {
                    selected[r] = false;  // its keywords occur only where other rules could match
                    continue;
                }
                hits.Sort();
                ranges[r] = ByteRanges(text, hits, tight: Rules[r].HitFilter is not null);
            }
        }
        if (_otherKeywords is not null)
        {
            // Keywords outside ASCII (a user's configuration only): decode and look for them as text.
            var decoded = System.Text.Encoding.UTF8.GetString(text).AsSpan();
            foreach (var (k, rules) in _rulesByOtherKeyword)
                if (decoded.Contains(k, StringComparison.OrdinalIgnoreCase))
                    foreach (var r in rules)
                    {
                        selected[r] = true;
                        whole[r] = true;
                    }
        }
        return Collect(selected, whole, ranges);
    }

    /// <summary>
    /// How far before its keyword (bytes) a line-scoped match may start, and the reach of a range after its keyword. Within
    /// a line, the matcher records a keyword again once it is ReachAfter / 2 past the last record, so every match that ends
    /// within ReachAfter / 2 bytes after its keyword lies wholly in a range.
    /// </summary>
    private const int ReachBefore = 256, ReachAfter = 16384;

    /// <summary>How far after its keyword a match of a rule with a keyword filter may end (those rules' matches are short).</summary>
    private const int FilteredReachAfter = 1024;

    /// <summary>Bytes that may continue a word or a key name (letters, digits, _ . -, and every byte of a multi-byte character).</summary>
    private static bool IsNameByte(byte b) => b >= 0x80 || b is (byte)'_' or (byte)'.' or (byte)'-' || char.IsAsciiLetterOrDigit((char)b);

    private static List<(int Start, int Length)> ByteRanges(ReadOnlySpan<byte> text, List<int> hits, bool tight)
    {
        var ranges = new RangeMerger();
        foreach (var hit in hits)
        {
            if (hit < ranges.End && !tight) continue;
            var floor = Math.Max(0, hit - ReachBefore);
            var nl = text[floor..hit].LastIndexOf((byte)'\n');
            var start = nl >= 0 ? floor + nl + 1 : floor;
            if (nl < 0 && floor > 0)
                // Within a long line: back to a byte that cannot continue a name (never inside a multi-byte character).
                while (start > 0 && text[start - 1] != '\n' && IsNameByte(text[start - 1])) start--;
            var ceiling = Math.Min(text.Length, hit + (tight ? FilteredReachAfter : ReachAfter));
            var end = hit;
            // A filtered rule's match stays on its keyword's line: read to its end (or the reach), not the lines after.
            for (var n = 0; n <= (tight ? 0 : LinesAfter) && end < ceiling; n++)
            {
                var next = text[end..ceiling].IndexOf((byte)'\n');
                end = next < 0 ? ceiling : end + next + 1;
            }
            if (end == ceiling && end < text.Length && text[end - 1] != '\n')
                while (end < text.Length && text[end] != '\n' && IsNameByte(text[end])) end++;
            ranges.Add(start, end);
        }
        return ranges.Done();
    }

    /// <summary>Merged ranges of whole lines: each keyword's line and the lines after it, newline included.</summary>
    private static List<(int Start, int Length)> LineRanges(ReadOnlySpan<char> text, List<int> hits)
    {
        var ranges = new RangeMerger();
        foreach (var hit in hits)
        {
            if (hit < ranges.End) continue;
            var start = text[..hit].LastIndexOf('\n') + 1;
            var end = hit;
            for (var n = 0; n <= LinesAfter && end < text.Length; n++)
            {
                var nl = text[end..].IndexOf('\n');
                end = nl < 0 ? text.Length : end + nl + 1;
            }
            ranges.Add(start, end);
        }
        return ranges.Done();
    }

    /// <summary>The selected rules in rule order; those that read the whole text get no ranges.</summary>
    private static Candidates Collect(bool[] selected, bool[] whole, List<(int, int)>?[] ranges)
    {
        var result = new List<int>();
        for (var i = 0; i < selected.Length; i++)
        {
            if (!selected[i]) continue;
            result.Add(i);
            if (whole[i]) ranges[i] = null;
        }
        return new Candidates(result, ranges);
    }

    /// <summary>Collects ranges given in order of their starts, merging each with the previous one when they touch.</summary>
    private sealed class RangeMerger
    {
        private int _start = -1;

        public List<(int Start, int Length)> Result { get; } = [];

        /// <summary>The end of the range being built (-1 before the first).</summary>
        public int End { get; private set; } = -1;

        public void Add(int start, int end)
        {
            if (_start >= 0 && start <= End)
            {
                End = Math.Max(End, end);
                return;
            }
            Flush();
            _start = start;
            End = end;
        }

        public List<(int Start, int Length)> Done()
        {
            Flush();
            return Result;
        }

        private void Flush()
        {
            if (_start >= 0) Result.Add((_start, End - _start));
            _start = -1;
        }
    }

    private sealed class AnyFilter(HitFilter[] filters)
    {
        public bool Test(ReadOnlySpan<byte> text, int start, int end)
        {
            foreach (var f in filters)
                if (f(text, start, end)) return true;
            return false;
        }
    }
}
