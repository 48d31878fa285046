using System.IO.Compression;

namespace Palisade.Images.Layers;

/// <summary>
/// Opens a layer blob as an uncompressed tar stream: gzip (by its magic bytes, whatever the media type says) or plain
/// tar; zstd and bzip2 get a clear "not supported" error. The result counts what it yields and stops a layer that
/// expands past <see cref="LayerLimits.MaxLayerBytes"/> (a decompression bomb) with an error, before it costs more.
/// </summary>
public static class LayerStream
{
    public static Stream Open(Stream blob, LayerLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(blob);
        limits ??= new LayerLimits();
        var magic = new byte[4];
        var peeked = blob.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        var head = magic.AsSpan(0, peeked);
        // The bytes read to tell the format are served again first: network streams cannot rewind.
        Stream whole = new BufferedStream(new PrefixedStream(magic.AsMemory(0, peeked), blob), 64 * 1024);
        Stream tar;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B])) tar = new GZipStream(whole, CompressionMode.Decompress, leaveOpen: false);
        else if (head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]))
            throw new ImageFormatException("zstd-compressed layers are not supported (yet): pull the image with gzip layers, or export it with `docker save`");
        else if (head.StartsWith("BZh"u8)) throw new ImageFormatException("bzip2-compressed layers are not supported");
        else tar = whole;
        return new LimitedStream(tar, limits.MaxLayerBytes);
    }

    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : ReadOnlyStream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty) return rest.Read(buffer);
            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) rest.Dispose();
            base.Dispose(disposing);
        }

    }

    /// <summary>Counts bytes read and fails past a limit.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : ReadOnlyStream
    {
        private long _read;

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(Span<byte> buffer)
        {
            int n;
            try
            {
                n = inner.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new ImageFormatException($"corrupt compressed layer: {e.Message}");
            }
            _read += n;
            if (_read > limit)
                throw new ImageFormatException($"layer expands to more than {limit} bytes (a decompression bomb?); raise the limit to read it");
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

    }
}
