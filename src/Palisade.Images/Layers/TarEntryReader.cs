using System.Text;

namespace Palisade.Images.Layers;

/// <summary>A layer or archive that cannot be read: malformed, hostile, unsupported or over a limit.</summary>
public sealed class ImageFormatException(string message) : Exception(message);

/// <summary>Bounds that keep a hostile archive from exhausting memory or time.</summary>
public sealed record LayerLimits
{
    /// <summary>Entries in one layer.</summary>
    public int MaxEntries { get; init; } = 2_000_000;

    /// <summary>Bytes one layer may expand to once decompressed (a decompression bomb stops here).</summary>
    public long MaxLayerBytes { get; init; } = 64L << 30;

    /// <summary>A single entry's size.</summary>
    public long MaxEntryBytes { get; init; } = 32L << 30;

    /// <summary>A path or link target, in bytes.</summary>
    public int MaxPathBytes { get; init; } = 4096;

    /// <summary>A PAX extended header or GNU long name record.</summary>
    public int MaxHeaderRecordBytes { get; init; } = 1 << 20;
}

/// <summary>What a tar entry is.</summary>
public enum TarEntryKind
{
    File,
    Directory,
    Symlink,
    Hardlink,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Other,
}

/// <summary>One entry of a tar stream, its data readable (once) from <see cref="Data"/> until the next entry is read.</summary>
public sealed class TarEntry
{
    internal TarEntry(string name, TarEntryKind kind, long size, int mode, string linkName, Stream data, byte typeFlag, long dataOffset)
    {
        DataOffset = dataOffset;
        Name = name;
        Kind = kind;
        Size = size;
        Mode = mode;
        LinkName = linkName;
        Data = data;
        TypeFlag = typeFlag;
    }

    /// <summary>The path as the archive gives it (not normalised).</summary>
    public string Name { get; }

    /// <summary>Where the entry's data starts in the stream the reader was given (for random access to an uncompressed archive file).</summary>
    public long DataOffset { get; }

    public TarEntryKind Kind { get; }
    public long Size { get; }
    public int Mode { get; }

    /// <summary>The target of a symlink or hard link.</summary>
    public string LinkName { get; }

    public Stream Data { get; }
    public byte TypeFlag { get; }
}

/// <summary>
/// A streaming tar reader (ustar, PAX extended headers, GNU long names and base-256 sizes) written for untrusted
/// input: every header is checksummed, every length is bounded by <see cref="LayerLimits"/> before anything is
/// allocated for it, and entry data is streamed, never buffered. Malformed input ends in an
/// <see cref="ImageFormatException"/> naming the offset.
/// </summary>
public sealed class TarEntryReader
{
    private const int Block = 512;
    private readonly Stream _stream;
    private readonly LayerLimits _limits;
    private readonly byte[] _header = new byte[Block];
    private long _offset;
    private long _pendingSkip;
    private BoundedStream? _current;
    private int _entries;
    private Dictionary<string, string>? _globalPax;

    public TarEntryReader(Stream stream, LayerLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _limits = limits ?? new LayerLimits();
    }

    /// <summary>The next entry, or null at the end of the archive.</summary>
    public TarEntry? Next()
    {
        FinishCurrent();
        string? longName = null, longLink = null;
        Dictionary<string, string>? pax = null;
        while (true)
        {
            var headerOffset = _offset;
            if (!ReadBlock(_header, allowEnd: true)) return null;
            if (_header.AsSpan().IndexOfAnyExcept((byte)0) < 0) return null;  // end-of-archive block
            VerifyChecksum(headerOffset);
            var type = _header[156];
            var size = ParseSize(headerOffset);
            switch (type)
            {
                case (byte)'x':
                    pax = ParsePax(ReadRecord(size, headerOffset, "PAX header"), headerOffset);
                    continue;
                case (byte)'g':
                    _globalPax = ParsePax(ReadRecord(size, headerOffset, "PAX global header"), headerOffset);
                    continue;
                case (byte)'L':
                    longName = TrimNul(ReadRecord(size, headerOffset, "GNU long name"));
                    continue;
                case (byte)'K':
                    longLink = TrimNul(ReadRecord(size, headerOffset, "GNU long link name"));
                    continue;
            }
            if (++_entries > _limits.MaxEntries)
                throw new ImageFormatException($"more than {_limits.MaxEntries} entries in one layer");
            var name = longName ?? HeaderName();
            var link = longLink ?? Field(157, 100);
            if (Lookup(pax, "path") is { } paxPath) name = paxPath;
            if (Lookup(pax, "linkpath") is { } paxLink) link = paxLink;
            if (Lookup(pax, "size") is { } paxSize)
            {
                if (!long.TryParse(paxSize, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size) || size > _limits.MaxEntryBytes)
                    throw new ImageFormatException($"tar entry at offset {headerOffset}: invalid or oversized PAX size '{Truncate(paxSize)}'");
            }
            if (Encoding.UTF8.GetByteCount(name) > _limits.MaxPathBytes || Encoding.UTF8.GetByteCount(link) > _limits.MaxPathBytes)
                throw new ImageFormatException($"tar entry at offset {headerOffset}: path longer than {_limits.MaxPathBytes} bytes");
            if (name.Contains('\0', StringComparison.Ordinal))
                throw new ImageFormatException($"tar entry at offset {headerOffset}: NUL byte in the path");
            var kind = type switch
            {
                (byte)'0' or 0 or (byte)'7' => TarEntryKind.File,
                (byte)'1' => TarEntryKind.Hardlink,
                (byte)'2' => TarEntryKind.Symlink,
                (byte)'3' => TarEntryKind.CharacterDevice,
                (byte)'4' => TarEntryKind.BlockDevice,
                (byte)'5' => TarEntryKind.Directory,
                (byte)'6' => TarEntryKind.Fifo,
                _ => TarEntryKind.Other,
            };
            if (kind == TarEntryKind.File && name.EndsWith('/')) kind = TarEntryKind.Directory;  // old tars mark directories so
            // Only regular files carry data; a size on anything else is skipped as data too (it occupies the archive).
            _current = new BoundedStream(this, size);
            _pendingSkip = Padding(size);
            var mode = (int)(ParseOctal(100, 8, headerOffset, "mode") & 0xFFFF);
            return new TarEntry(name, kind, size, mode, link, _current, type, _offset);
        }
    }

    private static string? Lookup(Dictionary<string, string>? pax, string key) => pax is not null && pax.TryGetValue(key, out var v) ? v : null;

    private string HeaderName()
    {
        var name = Field(0, 100);
        var magic = Encoding.ASCII.GetString(_header, 257, 5);
        if (magic == "ustar")
        {
            var prefix = Field(345, 155);
            if (prefix.Length > 0) name = prefix + "/" + name;
        }
        return name;
    }

    private string Field(int offset, int length)
    {
        var span = _header.AsSpan(offset, length);
        var nul = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul >= 0 ? span[..nul] : span);
    }

    private static string TrimNul(byte[] bytes)
    {
        var span = bytes.AsSpan();
        var nul = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul >= 0 ? span[..nul] : span);
    }

    private static string Truncate(string s) => s.Length > 40 ? s[..40] + "..." : s;

    private void VerifyChecksum(long headerOffset)
    {
        long unsigned = 0, signed = 0;
        for (var i = 0; i < Block; i++)
        {
            var b = i is >= 148 and < 156 ? (byte)' ' : _header[i];
            unsigned += b;
            signed += (sbyte)b;
        }
        var stored = ParseOctal(148, 8, headerOffset, "checksum");
        if (stored != unsigned && stored != signed)
            throw new ImageFormatException($"tar header at offset {headerOffset}: checksum mismatch (not a tar archive, or corrupt)");
    }

    private long ParseSize(long headerOffset)
    {
        long size;
        if ((_header[124] & 0x80) != 0)
        {
            // GNU base-256: big-endian, the first byte's top bit set; a negative value (0xFF...) is refused.
            if ((_header[124] & 0x40) != 0) throw new ImageFormatException($"tar header at offset {headerOffset}: negative size");
            size = _header[124] & 0x3F;
            for (var i = 125; i < 136; i++)
            {
                if (size > (long.MaxValue >> 8)) throw new ImageFormatException($"tar header at offset {headerOffset}: size out of range");
                size = (size << 8) | _header[i];
            }
        }
        else
        {
            size = ParseOctal(124, 12, headerOffset, "size");
        }
        if (size > _limits.MaxEntryBytes)
            throw new ImageFormatException($"tar entry at offset {headerOffset}: size {size} is over the limit of {_limits.MaxEntryBytes} bytes");
        return size;
    }

    private long ParseOctal(int offset, int length, long headerOffset, string what)
    {
        var span = _header.AsSpan(offset, length);
        long value = 0;
        var i = 0;
        while (i < span.Length && span[i] is (byte)' ' or 0) i++;
        var digits = 0;
        for (; i < span.Length && span[i] is >= (byte)'0' and <= (byte)'7'; i++, digits++)
        {
            if (value > (long.MaxValue >> 3)) throw new ImageFormatException($"tar header at offset {headerOffset}: {what} out of range");
            value = (value << 3) | (uint)(span[i] - '0');
        }
        for (; i < span.Length; i++)
            if (span[i] is not ((byte)' ' or 0))
                throw new ImageFormatException($"tar header at offset {headerOffset}: invalid {what} field");
        return value;
    }

    private byte[] ReadRecord(long size, long headerOffset, string what)
    {
        if (size > _limits.MaxHeaderRecordBytes)
            throw new ImageFormatException($"tar header at offset {headerOffset}: {what} of {size} bytes is over the limit of {_limits.MaxHeaderRecordBytes}");
        var data = new byte[size];
        ReadExactly(data, what);
        Skip(Padding(size));
        return data;
    }

    private Dictionary<string, string> ParsePax(byte[] data, long headerOffset)
    {
        // Records "LEN key=value\n", LEN counting the whole record.
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_globalPax is not null)
            foreach (var (k, v) in _globalPax) result[k] = v;
        var pos = 0;
        while (pos < data.Length)
        {
            if (data[pos] == 0) break;
            var space = Array.IndexOf(data, (byte)' ', pos);
            if (space < 0 || !int.TryParse(data.AsSpan(pos, space - pos), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var len) ||
                len <= space - pos + 1 || pos + len > data.Length || data[pos + len - 1] != '\n')
                throw new ImageFormatException($"tar entry at offset {headerOffset}: malformed PAX record");
            var record = data.AsSpan(space + 1, pos + len - space - 2);
            var eq = record.IndexOf((byte)'=');
            if (eq <= 0) throw new ImageFormatException($"tar entry at offset {headerOffset}: malformed PAX record");
            result[Encoding.UTF8.GetString(record[..eq])] = Encoding.UTF8.GetString(record[(eq + 1)..]);
            pos += len;
        }
        return result;
    }

    private static long Padding(long size) => (Block - (size % Block)) % Block;

    private void FinishCurrent()
    {
        if (_current is not null)
        {
            _current.Drain();
            _current = null;
        }
        Skip(_pendingSkip);
        _pendingSkip = 0;
    }

    private bool ReadBlock(byte[] buffer, bool allowEnd)
    {
        var read = 0;
        while (read < Block)
        {
            var n = _stream.Read(buffer, read, Block - read);
            if (n == 0) break;
            read += n;
        }
        _offset += read;
        if (read == Block) return true;
        if (read == 0 && allowEnd) return false;  // a tar without its end blocks: accepted, as tar does
        throw new ImageFormatException($"truncated tar archive at offset {_offset}");
    }

    private void ReadExactly(Span<byte> buffer, string what)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = _stream.Read(buffer[read..]);
            if (n == 0) throw new ImageFormatException($"truncated tar archive at offset {_offset + read} (in a {what})");
            read += n;
        }
        _offset += read;
    }

    private readonly byte[] _skipBuffer = new byte[64 * 1024];

    private void Skip(long count)
    {
        while (count > 0)
        {
            var n = _stream.Read(_skipBuffer, 0, (int)Math.Min(count, _skipBuffer.Length));
            if (n == 0) throw new ImageFormatException($"truncated tar archive at offset {_offset}");
            count -= n;
            _offset += n;
        }
    }

    /// <summary>The data of the current entry: reads stop at its size; a short archive is an error, not a short file.</summary>
    private sealed class BoundedStream(TarEntryReader owner, long size) : ReadOnlyStream
    {
        private readonly long _length = size;
        private long _remaining = size;

        public override long Length => _length;

        public override long Position
        {
            get => _length - _remaining;
            set => throw new NotSupportedException();
        }

        public override int Read(Span<byte> buffer)
        {
            if (_remaining == 0 || buffer.Length == 0) return 0;
            var n = owner._stream.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
            if (n == 0) throw new ImageFormatException($"truncated tar archive at offset {owner._offset} (entry data ends early)");
            _remaining -= n;
            owner._offset += n;
            return n;
        }

        public void Drain()
        {
            owner.Skip(_remaining);
            _remaining = 0;
        }

    }
}
