using System.Buffers.Binary;
using System.IO.Compression;
using Palisade.Vulnerabilities.Osv;

namespace Palisade.Vulnerabilities.Database;

/// <summary>
/// How a record's JSON is stored: one format byte, then either the JSON itself (0) or its uncompressed length
/// (4 bytes, little-endian) and the Brotli-compressed JSON (1).
/// </summary>
internal static class RecordBlob
{
    private const byte Raw = 0;
    private const byte Brotli = 1;

    /// <summary>Brotli quality 1: fast, and still about a fifth of the JSON's size.</summary>
    private const int Quality = 1;
    private const int Window = 22;

    /// <summary>Each thread's compression buffer (the compressed bytes are copied out of it).</summary>
    [ThreadStatic]
    private static byte[]? _scratch;

    public static byte[] Encode(ReadOnlySpan<byte> json)
    {
        // Output that would not be smaller than the input is not wanted: the buffer only needs the input's size (a
        // compression that does not fit fails, and the record is stored as it is).
        var buffer = _scratch is { } b && b.Length >= 5 + json.Length ? b : (_scratch = new byte[Math.Max(5 + json.Length, 64 * 1024)]);
        if (json.Length > 64 && BrotliEncoder.TryCompress(json, buffer.AsSpan(5, json.Length), out var written, Quality, Window) && written < json.Length)
        {
            buffer[0] = Brotli;
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(1), json.Length);
            return buffer.AsSpan(0, 5 + written).ToArray();
        }
        var raw = new byte[1 + json.Length];
        raw[0] = Raw;
        json.CopyTo(raw.AsSpan(1));
        return raw;
    }

    /// <summary>The record's JSON.</summary>
    /// <exception cref="OsvFormatException">The blob is damaged.</exception>
    public static byte[] Decode(ReadOnlySpan<byte> blob, string id, int maxBytes)
    {
        if (blob.Length >= 1 && blob[0] == Raw) return blob[1..].ToArray();
        if (blob.Length >= 5 && blob[0] == Brotli)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(blob[1..]);
            if (length < 0 || length > maxBytes) throw new OsvFormatException("database record " + id, "damaged: impossible length");
            var json = new byte[length];
            if (BrotliDecoder.TryDecompress(blob[5..], json, out var written) && written == length) return json;
        }
        throw new OsvFormatException("database record " + id, "damaged: cannot decode the stored record");
    }
}
