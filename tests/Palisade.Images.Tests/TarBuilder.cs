using System.IO.Compression;
using System.Text;

namespace Palisade.Images.Tests;

/// <summary>
/// Writes tar archives byte by byte, so that tests can build both ordinary layers and hostile ones (lying sizes,
/// bad checksums, giant PAX records, paths that climb out, links that point outside).
/// </summary>
internal sealed class TarBuilder
{
    private readonly MemoryStream _out = new();

    public TarBuilder File(string name, string content, int mode = 0x1A4) => Entry(name, '0', Encoding.UTF8.GetBytes(content), mode: mode);

    public TarBuilder File(string name, byte[] content) => Entry(name, '0', content);

    public TarBuilder Dir(string name) => Entry(name, '5', []);

    public TarBuilder Symlink(string name, string target) => Entry(name, '2', [], link: target);

    public TarBuilder Hardlink(string name, string target) => Entry(name, '1', [], link: target);

    public TarBuilder Device(string name, char type = '3') => Entry(name, type, []);

    public TarBuilder Pax(Dictionary<string, string> records)
    {
        var body = new StringBuilder();
        foreach (var (k, v) in records)
        {
            var rest = $" {k}={v}\n";
            var len = rest.Length + 1;
            while ((len.ToString(System.Globalization.CultureInfo.InvariantCulture) + rest).Length != len) len++;
            body.Append(len.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(rest);
        }
        return Entry("PaxHeaders/x", 'x', Encoding.UTF8.GetBytes(body.ToString()));
    }

    /// <summary>An entry whose header claims <paramref name="claimedSize"/> but carries <paramref name="data"/>.</summary>
    public TarBuilder Entry(string name, char type, byte[] data, string link = "", int mode = 0x1A4, long? claimedSize = null, bool badChecksum = false)
    {
        var h = new byte[512];
        var nameBytes = Encoding.UTF8.GetBytes(name);
        if (nameBytes.Length > 100)
        {
            // ustar prefix + name when it fits, else the caller wanted a GNU long name: write one first.
            var longName = nameBytes.Concat(new byte[] { 0 }).ToArray();
            Entry("././@LongLink", 'L', longName);
            nameBytes = nameBytes[..100];
        }
        nameBytes.CopyTo(h, 0);
        Octal(h, 100, 8, mode);
        Octal(h, 108, 8, 0);
        Octal(h, 116, 8, 0);
        Octal(h, 124, 12, claimedSize ?? data.Length);
        Octal(h, 136, 12, 1_700_000_000);
        h[156] = (byte)type;
        Encoding.UTF8.GetBytes(link).AsSpan(0, Math.Min(100, Encoding.UTF8.GetByteCount(link))).CopyTo(h.AsSpan(157));
        "ustar\0"u8.CopyTo(h.AsSpan(257));
        "00"u8.CopyTo(h.AsSpan(263));
        for (var i = 148; i < 156; i++) h[i] = (byte)' ';
        var sum = h.Sum(b => b) + (badChecksum ? 1 : 0);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(h, 148);
        _out.Write(h);
        _out.Write(data);
        var pad = (512 - (data.Length % 512)) % 512;
        _out.Write(new byte[pad]);
        return this;
    }

    /// <summary>Raw bytes appended as they are.</summary>
    public TarBuilder Raw(byte[] bytes)
    {
        _out.Write(bytes);
        return this;
    }

    private static void Octal(byte[] h, int offset, int length, long value) =>
        Encoding.ASCII.GetBytes(Convert.ToString(value, 8).PadLeft(length - 1, '0') + "\0").CopyTo(h, offset);

    public byte[] Tar(bool endBlocks = true)
    {
        var bytes = _out.ToArray();
        return endBlocks ? bytes.Concat(new byte[1024]).ToArray() : bytes;
    }

    public byte[] Gzip()
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(Tar());
        return ms.ToArray();
    }
}
