namespace Palisade.Secrets.Engine;

/// <summary>
/// Finds which of many keywords occur in a text, ASCII case-insensitively, in one pass: an Aho-Corasick
/// automaton compiled to a dense transition table, so each character costs one table lookup however often
/// keywords occur (short keywords such as "key" or "token" appear every few hundred bytes in source code).
/// Characters outside ASCII never occur in keywords and send the automaton back to its start.
/// </summary>
public sealed class KeywordMatcher
{
    private const int Alphabet = 128;
    private readonly int[] _next;
    private readonly int[][] _outputs;
    private readonly bool[] _hasOutput;

    public KeywordMatcher(IReadOnlyList<string> keywords)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        Keywords = keywords;
        // Trie.
        var children = new List<Dictionary<int, int>> { new() };
        var outputs = new List<List<int>> { new() };
        for (var k = 0; k < keywords.Count; k++)
        {
            var s = 0;
            foreach (var ch in keywords[k])
            {
                var c = Fold(ch);
                if (c < 0) { s = -1; break; }
                if (!children[s].TryGetValue(c, out var t))
                {
                    t = children.Count;
                    children.Add([]);
                    outputs.Add([]);
                    children[s][c] = t;
                }
                s = t;
            }
            if (s > 0) outputs[s].Add(k);
        }
        var n = children.Count;
        _next = new int[n * Alphabet];
        var fail = new int[n];
        // Breadth-first: failure links and the full goto function.
        var queue = new Queue<int>();
        for (var c = 0; c < Alphabet; c++)
        {
            if (children[0].TryGetValue(c, out var t))
            {
                _next[c] = t;
                fail[t] = 0;
                queue.Enqueue(t);
            }
        }
        while (queue.Count > 0)
        {
            var s = queue.Dequeue();
            outputs[s].AddRange(outputs[fail[s]]);
            for (var c = 0; c < Alphabet; c++)
            {
                if (children[s].TryGetValue(c, out var t))
                {
                    _next[s * Alphabet + c] = t;
                    fail[t] = _next[fail[s] * Alphabet + c];
                    queue.Enqueue(t);
                }
                else
                {
                    _next[s * Alphabet + c] = _next[fail[s] * Alphabet + c];
                }
            }
        }
        _outputs = outputs.Select(o => o.Distinct().ToArray()).ToArray();
        _hasOutput = _outputs.Select(o => o.Length > 0).ToArray();
        // The same automaton over UTF-8 bytes, case folded into the table: 256 columns, bytes of multi-byte characters
        // (never in a keyword) go back to the start. States are renumbered so that those with output come last (one
        // comparison per byte tells whether a keyword ends here), and a state's number times 256 is stored, so a step is
        // one load and one add.
        var order = Enumerable.Range(0, n).OrderBy(st => _hasOutput[st] ? 1 : 0).ThenBy(st => st).ToArray();
        var renumbered = new int[n];
        for (var i = 0; i < n; i++) renumbered[order[i]] = i;
        _byteOutputThreshold = _hasOutput.Count(h => !h) * 256;
        _maxKeywordLength = keywords.Count == 0 ? 1 : Math.Max(1, keywords.Max(k => k.Length));
        _byteOutputs = new int[n][];
        _nextBytes = new int[n * 256];
        for (var st = 0; st < n; st++)
        {
            _byteOutputs[renumbered[st]] = _outputs[st];
            for (var b = 0; b < 256; b++)
            {
                var folded = b is >= 'A' and <= 'Z' ? b | 0x20 : b;
                _nextBytes[(renumbered[st] * 256) + b] = b < Alphabet ? renumbered[_next[(st * Alphabet) + folded]] * 256 : renumbered[0] * 256;
            }
        }
    }

    private readonly int _byteOutputThreshold;
    private readonly int _maxKeywordLength;
    private readonly int[][] _byteOutputs;
    private readonly int[] _nextBytes;

    /// <summary>
    /// As <see cref="FindAll(ReadOnlySpan{char}, Span{bool}, List{int}?[])"/> over UTF-8 bytes: offsets are byte offsets
    /// (of each keyword's last byte), one per line and per <paramref name="cover"/> bytes within a line.
    /// </summary>
    public void FindAll(ReadOnlySpan<byte> text, Span<bool> found, List<int>?[]? positions, int cover = int.MaxValue, HitFilter?[]? filters = null)
    {
        // Two automata run side by side over the two halves of the text: each step waits for the previous state's
        // table load, so two independent chains keep the processor busy. The second starts early by the longest
        // keyword's length (so that a keyword across the middle is seen) and reports only what ends in its half.
        if (text.Length < 4096)
        {
            Scan(text, 0, text.Length, 0, found, positions, cover, filters);
            return;
        }
        var mid = text.Length / 2;
        var secondStart = Math.Max(0, mid - _maxKeywordLength + 1);
        var second = positions is null ? null : new List<int>?[positions.Length];
        var next = _nextBytes;
        var threshold = _byteOutputThreshold;
        int stateA = 0, stateB = 0;
        var coveredA = positions is null ? null : new int[Keywords.Count];
        var coveredB = positions is null ? null : new int[Keywords.Count];
        var lengthB = text.Length - secondStart;
        for (var i = 0; i < lengthB; i++)
        {
            var j = secondStart + i;
            stateB = next[stateB + text[j]];
            if (i < mid)
            {
                stateA = next[stateA + text[i]];
                if (stateA >= threshold) Output(text, stateA, i, found, positions, coveredA, cover, filters);
            }
            if (stateB >= threshold && j >= mid) Output(text, stateB, j, found, second, coveredB, cover, filters);
        }
        if (positions is null) return;
        // What the first chain's last record of a keyword covers, it would not have recorded again.
        for (var k = 0; k < positions.Length; k++)
            if (second![k] is { } more)
                foreach (var p in more)
                    if (filters?[k] is not null || p >= coveredA![k]) (positions[k] ??= []).Add(p);
    }

    private void Scan(ReadOnlySpan<byte> text, int from, int to, int state, Span<bool> found, List<int>?[]? positions, int cover, HitFilter?[]? filters)
    {
        var next = _nextBytes;
        var threshold = _byteOutputThreshold;
        var covered = positions is null ? null : new int[Keywords.Count];
        for (var i = from; i < to; i++)
        {
            state = next[state + text[i]];
            if (state >= threshold) Output(text, state, i, found, positions, covered, cover, filters);
        }
    }

    /// <summary>The keywords that end at <paramref name="i"/> (the automaton is in <paramref name="state"/>, times 256).</summary>
    private void Output(ReadOnlySpan<byte> text, int state, int i, Span<bool> found, List<int>?[]? positions, int[]? coveredUntil, int cover, HitFilter?[]? filters)
    {
        foreach (var k in _byteOutputs[state >> 8])
        {
            if (filters?[k] is { } filter)
            {
                // A filtered keyword counts only where its rules could match; each such place is recorded.
                if (!filter(text, i + 1 - Keywords[k].Length, i + 1)) continue;
                found[k] = true;
                if (coveredUntil is not null) (positions![k] ??= []).Add(i);
                continue;
            }
            found[k] = true;
            if (coveredUntil is null || i < coveredUntil[k]) continue;
            (positions![k] ??= []).Add(i);
            var reach = (int)Math.Min(text.Length - i, (long)cover);
            var nl = text.Slice(i, reach).IndexOf((byte)'\n');
            coveredUntil[k] = nl < 0 ? i + reach : i + nl;
        }
    }

    public IReadOnlyList<string> Keywords { get; }

    private static int Fold(char ch) => ch < Alphabet ? char.ToLowerInvariant(ch) : -1;

    /// <summary>Marks in <paramref name="found"/> (indexed like <see cref="Keywords"/>) every keyword that occurs in the text.</summary>
    public void FindAll(ReadOnlySpan<char> text, Span<bool> found) => FindAll(text, found, null);

    /// <summary>
    /// Marks every keyword that occurs in the text and, when <paramref name="positions"/> is given, records for each keyword
    /// the end offset of its first occurrence on each line (one per line: the callers want lines, and a keyword such as
    /// "token" can occur thousands of times on one line of minified code).
    /// </summary>
    public void FindAll(ReadOnlySpan<char> text, Span<bool> found, List<int>?[]? positions)
    {
        var next = _next;
        var hasOutput = _hasOutput;
        var state = 0;
        // For each keyword, the offset up to which its current line runs: a further hit before it adds nothing.
        int[]? coveredUntil = positions is null ? null : new int[Keywords.Count];
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch >= Alphabet)
            {
                state = 0;
                continue;
            }
            // ASCII lower-casing without a call: set the 0x20 bit for A-Z.
            var c = (uint)(ch - 'A') <= 'Z' - 'A' ? ch | 0x20 : ch;
            state = next[(state * Alphabet) + c];
            if (!hasOutput[state]) continue;
            foreach (var k in _outputs[state])
            {
                found[k] = true;
                if (coveredUntil is null || i < coveredUntil[k]) continue;
                (positions![k] ??= []).Add(i);
                var nl = text[i..].IndexOf('\n');
                coveredUntil[k] = nl < 0 ? text.Length : i + nl;
            }
        }
    }
}

/// <summary>
/// A cheap test of one keyword occurrence (UTF-8 bytes, keyword at [start, end)): whether the rule's regex could match
/// around it. It must hold wherever the regex matches with this occurrence in its match; it may hold elsewhere.
/// </summary>
public delegate bool HitFilter(ReadOnlySpan<byte> text, int start, int end);
