using System.Buffers.Binary;
using System.Text;

namespace Palisade.Images.Catalogers.Rpm;

/// <summary>
/// An rpm header as stored in an rpmdb blob (no 8-byte intro): il and dl as big-endian int32, il 16-byte index entries
/// (tag, type, offset, count, big-endian int32) and dl bytes of data. Every count and offset is checked against the blob.
/// </summary>
internal sealed class RpmHeader
{
    public const int TagName = 1000;
    public const int TagVersion = 1001;
    public const int TagRelease = 1002;
    public const int TagEpoch = 1003;
    public const int TagVendor = 1011;
    public const int TagLicense = 1014;
    public const int TagArch = 1022;
    public const int TagSourceRpm = 1044;

    /// <summary>The most index entries a header may declare.</summary>
    public const int MaxIndexEntries = 1_000_000;

    private const int TypeInt32 = 4;
    private const int TypeString = 6;
    private const int TypeStringArray = 8;
    private const int TypeI18nString = 9;
    private const int EntrySize = 16;

    private readonly byte[] blob;
    private readonly int dataStart;
    private readonly int dataLength;
    private readonly Dictionary<int, (int Type, int Offset, int Count)> entries;

    private RpmHeader(byte[] blob, int dataStart, int dataLength, Dictionary<int, (int, int, int)> entries)
    {
        this.blob = blob;
        this.dataStart = dataStart;
        this.dataLength = dataLength;
        this.entries = entries;
    }

    /// <summary>Reads the index of a header blob.</summary>
    /// <exception cref="FormatException">The blob is malformed.</exception>
    public static RpmHeader Parse(byte[] blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (blob.Length < 8) throw new FormatException($"header blob of {blob.Length} bytes is shorter than its 8-byte preamble");
        var il = BinaryPrimitives.ReadInt32BigEndian(blob.AsSpan(0, 4));
        var dl = BinaryPrimitives.ReadInt32BigEndian(blob.AsSpan(4, 4));
        if (il < 0 || il > MaxIndexEntries) throw new FormatException($"index entry count {il} is out of range (0..{MaxIndexEntries})");
        if (dl < 0) throw new FormatException($"data size {dl} is negative");
        var needed = 8L + (long)il * EntrySize + dl;
        if (needed > blob.Length)
            throw new FormatException($"header declares {il} index entries and {dl} data bytes ({needed} bytes) but the blob has {blob.Length}");
        var dataStart = 8 + il * EntrySize;
        var entries = new Dictionary<int, (int, int, int)>();
        for (var i = 0; i < il; i++)
        {
            var entry = blob.AsSpan(8 + i * EntrySize, EntrySize);
            var tag = BinaryPrimitives.ReadInt32BigEndian(entry);
            var type = BinaryPrimitives.ReadInt32BigEndian(entry[4..]);
            var offset = BinaryPrimitives.ReadInt32BigEndian(entry[8..]);
            var count = BinaryPrimitives.ReadInt32BigEndian(entry[12..]);
            if (offset < 0 || offset > dl) throw new FormatException($"index entry {i} (tag {tag}) has offset {offset} outside the {dl} data bytes");
            if (count < 0) throw new FormatException($"index entry {i} (tag {tag}) has a negative count {count}");
            entries.TryAdd(tag, (type, offset, count));
        }
        return new RpmHeader(blob, dataStart, dl, entries);
    }

    /// <summary>The first string of a string, string-array or i18n-string tag; null when absent.</summary>
    /// <exception cref="FormatException">The tag has another type or its string runs past the data.</exception>
    public string? GetString(int tag)
    {
        if (!entries.TryGetValue(tag, out var e)) return null;
        if (e.Type is not (TypeString or TypeStringArray or TypeI18nString))
            throw new FormatException($"tag {tag} has type {e.Type}, not a string");
        if (e.Count == 0) return null;
        var data = blob.AsSpan(dataStart, dataLength);
        var rest = data[e.Offset..];
        var end = rest.IndexOf((byte)0);
        if (end < 0) throw new FormatException($"string of tag {tag} at offset {e.Offset} is not NUL-terminated within the data");
        return Encoding.UTF8.GetString(rest[..end]);
    }

    /// <summary>The first value of an int32 tag; null when absent.</summary>
    /// <exception cref="FormatException">The tag has another type or its value runs past the data.</exception>
    public int? GetInt32(int tag)
    {
        if (!entries.TryGetValue(tag, out var e)) return null;
        if (e.Type != TypeInt32) throw new FormatException($"tag {tag} has type {e.Type}, not int32");
        if (e.Count == 0) return null;
        if ((long)e.Offset + 4 > dataLength) throw new FormatException($"int32 of tag {tag} at offset {e.Offset} runs past the {dataLength} data bytes");
        return BinaryPrimitives.ReadInt32BigEndian(blob.AsSpan(dataStart + e.Offset, 4));
    }
}
