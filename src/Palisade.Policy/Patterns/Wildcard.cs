using System.Buffers;
using System.Text;

namespace Palisade.Policy.Patterns;

/// <summary>
/// Kyverno's wildcards: <c>*</c> matches any run of characters (also none), <c>?</c> exactly one character; every
/// other character matches itself, case-sensitively, and there is no escape. Characters are Unicode code points, as
/// Go's runes are. The whole text must match.
/// </summary>
/// <remarks>
/// The pattern is split at its stars: the piece before the first star must start the text, the piece after the last
/// star must end it, and each piece in between is found at its leftmost place after the previous one (which is
/// always right for <c>*</c>/<c>?</c> patterns). Pieces are found with a bit-parallel scan, so a match costs about
/// text length × piece length / 64 steps and never backtracks, whatever the input.
/// </remarks>
public static class Wildcard
{
    private const int Star = '*';
    private const int AnyOne = '?';

    /// <summary>Whether <paramref name="text"/> as a whole matches <paramref name="pattern"/>.</summary>
    public static bool Match(string pattern, string text)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(text);
        if (pattern.Length == 0) return text.Length == 0;
        if (pattern == "*") return true;
        if (!Contains(pattern)) return string.Equals(pattern, text, StringComparison.Ordinal);
        // Without surrogate pairs every UTF-16 unit is a code point, and the strings are used as they are.
        if (!HasSurrogates(pattern) && !HasSurrogates(text)) return Match(new Units(pattern), new Units(text));
        return Match(new Points(CodePoints(pattern)), new Points(CodePoints(text)));
    }

    /// <summary>Whether <paramref name="value"/> holds a wildcard character (<c>*</c> or <c>?</c>).</summary>
    public static bool Contains(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny('*', '?') >= 0;
    }

    private static bool HasSurrogates(string s) => s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;

    private static bool Match<TPattern, TText>(TPattern p, TText t)
        where TPattern : struct, ISequence
        where TText : struct, ISequence
    {
        var pieces = Pieces(p);
        if (pieces.Count == 1) return pieces[0].Length == t.Length && MatchesAt(p, pieces[0], t, 0);

        var first = pieces[0];
        var last = pieces[^1];
        if (t.Length < first.Length + last.Length) return false;
        if (!MatchesAt(p, first, t, 0) || !MatchesAt(p, last, t, t.Length - last.Length)) return false;
        var position = first.Length;
        var end = t.Length - last.Length;
        for (var i = 1; i < pieces.Count - 1; i++)
        {
            if (pieces[i].Length == 0) continue;
            var found = new PieceFinder<TPattern>(p, pieces[i]).FindFirst(t, position, end);
            if (found < 0) return false;
            position = found + pieces[i].Length;
        }
        return true;
    }

    /// <summary>The star-free pieces of the pattern, as (start, length) ranges.</summary>
    private static List<(int Start, int Length)> Pieces<TPattern>(TPattern p)
        where TPattern : struct, ISequence
    {
        var pieces = new List<(int, int)>();
        var start = 0;
        for (var i = 0; i <= p.Length; i++)
        {
            if (i < p.Length && p[i] != Star) continue;
            pieces.Add((start, i - start));
            start = i + 1;
        }
        return pieces;
    }

    private static bool MatchesAt<TPattern, TText>(TPattern p, (int Start, int Length) piece, TText t, int offset)
        where TPattern : struct, ISequence
        where TText : struct, ISequence
    {
        for (var i = 0; i < piece.Length; i++)
        {
            var c = p[piece.Start + i];
            if (c != AnyOne && c != t[offset + i]) return false;
        }
        return true;
    }

    /// <summary>The text as code points; a lone surrogate stays its own unit (so it still matches only itself or '?').</summary>
    private static int[] CodePoints(string text)
    {
        var result = new List<int>(text.Length);
        var span = text.AsSpan();
        while (!span.IsEmpty)
        {
            var status = Rune.DecodeFromUtf16(span, out var rune, out var consumed);
            result.Add(status == OperationStatus.Done ? rune.Value : span[0]);
            span = span[(status == OperationStatus.Done ? consumed : 1)..];
        }
        return [.. result];
    }

    /// <summary>A run of code points, read by index.</summary>
    private interface ISequence
    {
        int Length { get; }

        int this[int index] { get; }
    }

    private readonly struct Units(string text) : ISequence
    {
        public int Length => text.Length;

        public int this[int index] => text[index];
    }

    private readonly struct Points(int[] points) : ISequence
    {
        public int Length => points.Length;

        public int this[int index] => points[index];
    }

    /// <summary>
    /// Shift-And search for one piece: bit i of the state says "the piece's first i+1 characters end here". Masks of
    /// characters that occur often in the piece are kept as bit vectors; rare characters keep their positions, so the
    /// memory stays linear in the piece length.
    /// </summary>
    private sealed class PieceFinder<TPattern>
        where TPattern : struct, ISequence
    {
        private readonly int length;
        private readonly int words;
        private readonly ulong[] anyOne;
        private readonly Dictionary<int, ulong[]> dense = [];
        private readonly Dictionary<int, int[]> sparse = [];

        public PieceFinder(TPattern pattern, (int Start, int Length) piece)
        {
            length = piece.Length;
            words = (length + 63) / 64;
            anyOne = new ulong[words];
            var positions = new Dictionary<int, List<int>>();
            for (var i = 0; i < length; i++)
            {
                var c = pattern[piece.Start + i];
                if (c == AnyOne) SetBit(anyOne, i);
                else if (positions.TryGetValue(c, out var list)) list.Add(i);
                else positions[c] = [i];
            }
            foreach (var (c, list) in positions)
            {
                if (list.Count <= words)
                {
                    sparse[c] = [.. list];
                    continue;
                }
                var mask = (ulong[])anyOne.Clone();
                foreach (var i in list) SetBit(mask, i);
                dense[c] = mask;
            }
        }

        /// <summary>The leftmost start of the piece wholly inside <c>text[from..end)</c>, or -1.</summary>
        public int FindFirst<TText>(TText text, int from, int end)
            where TText : struct, ISequence
        {
            var state = new ulong[words];
            var next = new ulong[words];
            var lastWord = (length - 1) / 64;
            var lastBit = 1UL << ((length - 1) % 64);
            for (var j = from; j < end; j++)
            {
                ShiftInOne(state);
                var c = text[j];
                if (dense.TryGetValue(c, out var mask))
                {
                    for (var w = 0; w < words; w++) next[w] = state[w] & mask[w];
                }
                else
                {
                    for (var w = 0; w < words; w++) next[w] = state[w] & anyOne[w];
                    if (sparse.TryGetValue(c, out var positions))
                    {
                        foreach (var i in positions) next[i / 64] |= state[i / 64] & (1UL << (i % 64));
                    }
                }
                (state, next) = (next, state);
                if ((state[lastWord] & lastBit) != 0) return j - length + 1;
            }
            return -1;
        }

        private static void ShiftInOne(ulong[] state)
        {
            for (var w = state.Length - 1; w > 0; w--) state[w] = (state[w] << 1) | (state[w - 1] >> 63);
            state[0] = (state[0] << 1) | 1UL;
        }

        private static void SetBit(ulong[] bits, int i) => bits[i / 64] |= 1UL << (i % 64);
    }
}
