using System.Security.Cryptography;
using Palisade.Images.Layers;

namespace Palisade.Images.Sources;

/// <summary>Content-addressed blobs of an image, wherever they are kept.</summary>
public interface IBlobStore
{
    /// <summary>Opens a blob by digest (<c>sha256:hex</c>); its bytes are checked against the digest as they are read.</summary>
    /// <exception cref="ImageFormatException">The blob is missing.</exception>
    Stream Open(string digest, long? size = null);

    /// <summary>Opens a manifest or index by digest (a registry serves them apart from blobs); verified like a blob.</summary>
    Stream OpenManifest(string digest) => Open(digest);
}

/// <summary>Shared digest checks: the algorithms Palisade verifies, and the stream that verifies while reading.</summary>
public static class Digests
{
    /// <summary>Splits "sha256:hex" and validates it; only sha256 and sha512 are accepted.</summary>
    public static (string Algorithm, string Hex) Parse(string digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        var (alg, hex) = colon < 0 ? ("", digest) : (digest[..colon], digest[(colon + 1)..]);
        var length = alg switch { "sha256" => 64, "sha512" => 128, _ => -1 };
        if (length < 0) throw new ImageFormatException($"unsupported digest algorithm in '{Short(digest)}' (sha256 and sha512 are)");
        if (hex.Length != length || !hex.All(c => char.IsAsciiHexDigitLower(c)))
            throw new ImageFormatException($"malformed digest '{Short(digest)}'");
        return (alg, hex);
    }

    private static string Short(string s) => s.Length > 80 ? s[..80] + "..." : s;

    /// <summary>Wraps a blob so that reading it to the end checks its digest (and its size, when known).</summary>
    public static Stream Verifying(Stream inner, string digest, long? expectedSize = null)
    {
        var (alg, _) = Parse(digest);
        return new VerifyingStream(inner, digest, alg == "sha256" ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : IncrementalHash.CreateHash(HashAlgorithmName.SHA512), expectedSize);
    }

    /// <summary>The sha256 digest of bytes.</summary>
    public static string Sha256(ReadOnlySpan<byte> bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    private sealed class VerifyingStream(Stream inner, string digest, IncrementalHash hash, long? expectedSize) : ReadOnlyStream
    {
        private long _read;
        private bool _checked;

        public override long Length => expectedSize ?? throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            if (n > 0)
            {
                hash.AppendData(buffer[..n]);
                _read += n;
                if (expectedSize is { } max && _read > max)
                    throw new ImageFormatException($"blob {digest} is larger than the {max} bytes its descriptor says");
            }
            else if (buffer.Length > 0)
            {
                Check();
            }
            return n;
        }

        private void Check()
        {
            if (_checked) return;
            _checked = true;
            if (expectedSize is { } size && _read != size)
                throw new ImageFormatException($"blob {digest} has {_read} bytes, its descriptor says {size}");
            var actual = (digest.StartsWith("sha512:", StringComparison.Ordinal) ? "sha512:" : "sha256:") + Convert.ToHexStringLower(hash.GetHashAndReset());
            if (!string.Equals(actual, digest, StringComparison.Ordinal))
                throw new ImageFormatException($"digest mismatch: expected {digest}, content has {actual}");
        }

        /// <summary>Reads what is left so that the digest is checked even when the consumer stopped early (a tar's end blocks).</summary>
        public void Finish()
        {
            var buffer = new byte[81920];
            while (Read(buffer) > 0)
            {
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                hash.Dispose();
            }
            base.Dispose(disposing);
        }

    }

    /// <summary>Reads a verifying stream to its end (checking its digest); other streams are left alone.</summary>
    public static void Finish(Stream stream)
    {
        if (stream is VerifyingStream v) v.Finish();
    }

    /// <summary>Reads a whole small blob (a manifest, a config) through the verifier, bounded.</summary>
    public static byte[] ReadAll(IBlobStore store, string digest, long maxBytes = 16L << 20, bool manifest = false)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var s = manifest ? store.OpenManifest(digest) : store.Open(digest);
        return ReadBounded(s, maxBytes, $"blob {digest}");
    }

    /// <summary>Reads a small document (a manifest, a config, an index) into memory, refusing one over <paramref name="maxBytes"/>.</summary>
    public static byte[] ReadBounded(Stream stream, long maxBytes, string what)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            ms.Write(buffer, 0, n);
            if (ms.Length > maxBytes) throw new ImageFormatException($"{what} is larger than {maxBytes} bytes; not a manifest, index or config");
        }
        return ms.ToArray();
    }
}

/// <summary>Blobs of an OCI image layout directory: <c>blobs/ALG/HEX</c>.</summary>
public sealed class DirectoryBlobStore(string root) : IBlobStore
{
    public Stream Open(string digest, long? size = null)
    {
        var (alg, hex) = Digests.Parse(digest);
        var path = Path.Combine(root, "blobs", alg, hex);
        if (!File.Exists(path)) throw new ImageFormatException($"blob {digest} is missing from {root}");
        return Digests.Verifying(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), digest, size);
    }
}

/// <summary>
/// Files inside an uncompressed tar archive (docker-archive, oci-archive), indexed in one pass and then read in any
/// order straight from the archive file, without extracting it.
/// </summary>
public sealed class TarArchiveIndex
{
    private readonly string _archive;
    private readonly Dictionary<string, (long Offset, long Size)> _files = new(StringComparer.Ordinal);

    public TarArchiveIndex(string archive)
    {
        _archive = archive;
        using var fs = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        Span<byte> magic = stackalloc byte[2];
        if (fs.Read(magic) == 2 && magic[0] == 0x1F && magic[1] == 0x8B)
            throw new ImageFormatException($"{archive} is gzip-compressed: decompress it first (gunzip), archives are read in place");
        fs.Position = 0;
        var reader = new TarEntryReader(fs);
        while (reader.Next() is { } entry)
        {
            if (entry.Kind != TarEntryKind.File) continue;
            _files[Layers.VirtualFileTree.Normalize(entry.Name)] = (entry.DataOffset, entry.Size);
        }
    }

    public bool Contains(string path) => _files.ContainsKey(Layers.VirtualFileTree.Normalize(path));

    public Stream Open(string path)
    {
        if (!_files.TryGetValue(Layers.VirtualFileTree.Normalize(path), out var at)) throw new ImageFormatException($"{path} is missing from {_archive}");
        var fs = new FileStream(_archive, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        fs.Position = at.Offset;
        return new WindowStream(fs, at.Size);
    }

    private sealed class WindowStream(Stream inner, long size) : ReadOnlyStream
    {
        private readonly long _size = size;
        private long _left = size;

        public override long Length => _size;

        public override long Position
        {
            get => _size - _left;
            set => throw new NotSupportedException();
        }

        public override int Read(Span<byte> buffer)
        {
            if (_left == 0) return 0;
            var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
            if (n == 0) throw new ImageFormatException("archive ends inside a file");
            _left -= n;
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

    }
}

/// <summary>Blobs of an OCI layout inside a tar (oci-archive).</summary>
public sealed class ArchiveBlobStore(TarArchiveIndex index, string prefix = "") : IBlobStore
{
    public Stream Open(string digest, long? size = null)
    {
        var (alg, hex) = Digests.Parse(digest);
        var path = $"{prefix}blobs/{alg}/{hex}";
        if (!index.Contains(path)) throw new ImageFormatException($"blob {digest} is missing from the archive");
        return Digests.Verifying(index.Open(path), digest, size);
    }
}
