using System.Buffers.Binary;
using System.Text;
using Palisade.Core.Findings;
using Palisade.Vulnerabilities.Matching;
using Palisade.Vulnerabilities.Osv;

namespace Palisade.Vulnerabilities.Database;

/// <summary>
/// The compact binary form of what matching reads, stored at import so that a lookup never decompresses or parses a
/// whole record: an advisory's <see cref="AdvisoryBrief"/> (column <c>matching.brief</c>), its
/// <see cref="AffectedEntry"/> lists per package (column <c>matching.entries</c>: per lookup key the ecosystem,
/// the normalised name and the byte length of that package's list, so a lookup skips the others) and the
/// <see cref="SeverityFacts"/> of an advisory that rates its vulnerability (table <c>rated</c>). Numbers are unsigned
/// LEB128, strings their UTF-8 length then bytes (a nullable string stores length + 1, 0 for null), scores IEEE doubles.
/// </summary>
internal static class MatchBlob
{
    /// <summary>The first byte of every blob: the layout below.</summary>
    private const byte Format = 1;

    /// <summary>A brief: id, aliases, withdrawn, summary, details line, references (rank, URL), severity facts.</summary>
    public static byte[] Encode(AdvisoryBrief brief)
    {
        var w = Writer.First();
        w.Byte(Format);
        w.Text(brief.Id);
        w.Texts(brief.Aliases);
        w.Byte(brief.Withdrawn ? (byte)1 : (byte)0);
        w.NullableText(brief.Summary);
        w.NullableText(brief.DetailsLine);
        w.Number(brief.References.Count);
        foreach (var r in brief.References)
        {
            w.Byte((byte)r.Rank);
            w.Text(r.Url);
        }
        w.Facts(brief.Severity);
        return w.ToArray();
    }

    /// <summary>The affected entries of a record for each of its lookup keys (<see cref="RecordKeys.Affected"/>).</summary>
    public static byte[] EncodeEntries(OsvRecord record, IReadOnlyList<RecordKeys.Key> keys)
    {
        var w = Writer.First();
        w.Byte(Format);
        w.Number(keys.Count);
        var section = Writer.Second();
        foreach (var key in keys)
        {
            w.Text(key.Ecosystem);
            w.Text(key.Name);
            section.Clear();
            Entries(section, AffectedEntry.For(record, key.Ecosystem, key.Name));
            w.Section(section);
        }
        return w.ToArray();
    }

    /// <summary>One package's entries: per entry its versions, its ranges (SEMVER flag, events) and its severity facts.</summary>
    private static void Entries(Writer w, IReadOnlyList<AffectedEntry> entries)
    {
        w.Number(entries.Count);
        foreach (var entry in entries)
        {
            w.Texts(entry.Versions);
            w.Number(entry.Ranges.Count);
            foreach (var range in entry.Ranges)
            {
                w.Byte(range.Semver ? (byte)1 : (byte)0);
                w.Number(range.Events.Count);
                foreach (var e in range.Events)
                {
                    w.Byte((byte)e.Kind);
                    w.Text(e.Version);
                }
            }
            w.Facts(entry.Severity);
        }
    }

    /// <summary>Severity facts alone (a <c>rated</c> row).</summary>
    public static byte[] Encode(SeverityFacts facts)
    {
        var w = Writer.First();
        w.Byte(Format);
        w.Facts(facts);
        return w.ToArray();
    }

    /// <summary>Reads <see cref="Encode(SeverityFacts)"/>.</summary>
    /// <exception cref="FormatException">The blob is damaged.</exception>
    public static SeverityFacts DecodeFacts(ReadOnlySpan<byte> blob)
    {
        var r = new Reader(blob);
        r.Expect(Format);
        var facts = r.Facts();
        r.End();
        return facts;
    }

    /// <summary>Reads <see cref="Encode(AdvisoryBrief)"/>.</summary>
    /// <exception cref="FormatException">The blob is damaged.</exception>
    public static AdvisoryBrief DecodeBrief(ReadOnlySpan<byte> blob)
    {
        var r = new Reader(blob);
        r.Expect(Format);
        var id = r.Text();
        var aliases = r.Texts();
        var withdrawn = r.Flag();
        var summary = r.NullableText();
        var details = r.NullableText();
        var references = new RankedReference[r.Count()];
        for (var i = 0; i < references.Length; i++)
        {
            var rank = r.Byte();
            references[i] = rank <= AdvisoryBrief.LastRank ? new RankedReference(rank, r.Text()) : throw Damaged();
        }
        var facts = r.Facts();
        r.End();
        return new AdvisoryBrief(id, aliases, withdrawn, summary, details, references, facts);
    }

    /// <summary>The entries of a record about the package <paramref name="ecosystem"/> / <paramref name="normalizedName"/> (none when it has none).</summary>
    /// <exception cref="FormatException">The blob is damaged.</exception>
    public static AffectedEntry[] DecodeEntries(ReadOnlySpan<byte> blob, string ecosystem, string normalizedName)
    {
        var r = new Reader(blob);
        r.Expect(Format);
        for (var keys = r.Count(); keys > 0; keys--)
        {
            var sameEcosystem = r.TextEquals(ecosystem);
            var sameName = r.TextEquals(normalizedName);
            var length = r.Count();
            if (sameEcosystem && sameName) return Entries(new Reader(r.Take(length)));
            r.Take(length);
        }
        r.End();
        return [];
    }

    private static AffectedEntry[] Entries(Reader r)
    {
        var entries = new AffectedEntry[r.Count()];
        for (var i = 0; i < entries.Length; i++)
        {
            var versions = r.Texts();
            var ranges = new EntryRange[r.Count()];
            for (var j = 0; j < ranges.Length; j++)
            {
                var semver = r.Flag();
                var events = new RangeEvent[r.Count()];
                for (var k = 0; k < events.Length; k++)
                {
                    var kind = r.Byte();
                    if (kind > (int)RangeEventKind.Limit) throw Damaged();
                    events[k] = new RangeEvent((RangeEventKind)kind, r.Text());
                }
                ranges[j] = new EntryRange(semver, events);
            }
            entries[i] = new AffectedEntry(versions, ranges, r.Facts());
        }
        r.End();
        return entries;
    }

    private static FormatException Damaged() => new("damaged match data");

    /// <summary>A growing byte buffer with the encodings above; each thread reuses two (imports encode on several threads).</summary>
    private sealed class Writer
    {
        [ThreadStatic]
        private static Writer? _first, _second;

        private byte[] _buffer = new byte[4096];
        private int _length;

        /// <summary>This thread's first writer, emptied.</summary>
        public static Writer First() => (_first ??= new Writer()).Cleared();

        /// <summary>This thread's second writer (for a section of what the first writes), emptied.</summary>
        public static Writer Second() => (_second ??= new Writer()).Cleared();

        private Writer Cleared()
        {
            Clear();
            return this;
        }

        public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

        public void Clear() => _length = 0;

        /// <summary>Another writer's bytes, after their length.</summary>
        public void Section(Writer section)
        {
            Number(section._length);
            section._buffer.AsSpan(0, section._length).CopyTo(Take(section._length));
        }

        private Span<byte> Take(int n)
        {
            if (_length + n > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + n));
            var span = _buffer.AsSpan(_length, n);
            _length += n;
            return span;
        }

        public void Byte(byte b) => Take(1)[0] = b;

        public void Number(long n)
        {
            var v = (ulong)n;
            while (v >= 0x80)
            {
                Byte((byte)(v | 0x80));
                v >>= 7;
            }
            Byte((byte)v);
        }

        public void Text(string s) => Bytes(s, 0);

        public void NullableText(string? s)
        {
            if (s is null) Number(0);
            else Bytes(s, 1);
        }

        private void Bytes(string s, int bias)
        {
            var n = Encoding.UTF8.GetByteCount(s);
            Number(n + bias);
            Encoding.UTF8.GetBytes(s, Take(n));
        }

        public void Texts(IReadOnlyList<string> list)
        {
            Number(list.Count);
            foreach (var s in list) Text(s);
        }

        public void Facts(SeverityFacts facts)
        {
            for (var rank = 0; rank < 3; rank++)
            {
                if (facts.Rank(rank) is not { } f)
                {
                    Byte(0);
                    continue;
                }
                Byte(1);
                BinaryPrimitives.WriteDoubleLittleEndian(Take(8), f.Score);
                Byte((byte)f.Severity);
                Text(f.Source);
                Text(f.Vector);
            }
            Byte(facts.Ubuntu is { } u ? (byte)(1 + (int)u) : (byte)0);
            Byte(facts.Rated is { } r ? (byte)(1 + (int)r) : (byte)0);
        }
    }

    /// <summary>Reads the encodings above, checking every length against what is left.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _at;

        public byte Byte() => _at < _data.Length ? _data[_at++] : throw Damaged();

        public bool Flag() => Byte() switch
        {
            0 => false,
            1 => true,
            _ => throw Damaged(),
        };

        public void Expect(byte b)
        {
            if (Byte() != b) throw Damaged();
        }

        public void End()
        {
            if (_at != _data.Length) throw Damaged();
        }

        private ulong Number()
        {
            ulong v = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = Byte();
                v |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return v;
            }
            throw Damaged();
        }

        /// <summary>A count of items, each at least one byte: never more than the bytes left.</summary>
        public int Count()
        {
            var n = Number();
            return n <= (ulong)(_data.Length - _at) ? (int)n : throw Damaged();
        }

        public string Text() => Utf8(Count());

        /// <summary>Reads a string and tells whether it is <paramref name="expected"/> (comparing UTF-8, without decoding it).</summary>
        public bool TextEquals(string expected)
        {
            var bytes = Take(Count());
            var count = Encoding.UTF8.GetByteCount(expected);
            if (bytes.Length != count) return false;
            Span<byte> buffer = count <= 512 ? stackalloc byte[count] : new byte[count];
            Encoding.UTF8.GetBytes(expected, buffer);
            return bytes.SequenceEqual(buffer);
        }

        /// <summary>The next <paramref name="n"/> bytes.</summary>
        public ReadOnlySpan<byte> Take(int n)
        {
            if (n > _data.Length - _at) throw Damaged();
            var span = _data.Slice(_at, n);
            _at += n;
            return span;
        }

        public string? NullableText()
        {
            var n = Count();
            return n == 0 ? null : Utf8(n - 1);
        }

        private string Utf8(int n)
        {
            if (n > _data.Length - _at) throw Damaged();
            var s = Encoding.UTF8.GetString(_data.Slice(_at, n));
            _at += n;
            return s;
        }

        public string[] Texts()
        {
            var list = new string[Count()];
            for (var i = 0; i < list.Length; i++) list[i] = Text();
            return list;
        }

        public SeverityFacts Facts()
        {
            var v3 = Fact();
            var v4 = Fact();
            var v2 = Fact();
            var ubuntu = OptionalRating();
            var rated = OptionalRating();
            return v3 is null && v4 is null && v2 is null && ubuntu is null && rated is null ? SeverityFacts.None : new SeverityFacts(v3, v4, v2, ubuntu, rated);
        }

        private CvssFact? Fact()
        {
            if (!Flag()) return null;
            if (_data.Length - _at < 8) throw Damaged();
            var score = BinaryPrimitives.ReadDoubleLittleEndian(_data[_at..]);
            _at += 8;
            return new CvssFact(score, Rating(Byte()), Text(), Text());
        }

        private Severity? OptionalRating()
        {
            var b = Byte();
            return b == 0 ? null : Rating((byte)(b - 1));
        }

        private static Severity Rating(byte b) => b <= (byte)Severity.Critical ? (Severity)b : throw Damaged();
    }
}
