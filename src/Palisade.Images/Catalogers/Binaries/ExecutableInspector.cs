namespace Palisade.Images.Catalogers.Binaries;

/// <summary>
/// What an executable says about the code linked into it: Go build information and a cargo-auditable dependency list.
/// <see cref="GoError"/> and <see cref="CargoError"/> say why one that is there could not be read.
/// </summary>
public sealed record ExecutableMetadata(ExecutableFormat Format, GoBuildInfo? Go, IReadOnlyList<CargoAuditPackage>? Cargo)
{
    public string? GoError { get; init; }
    public string? CargoError { get; init; }
}

/// <summary>
/// Reads <see cref="ExecutableMetadata"/> from a file's bytes, or from a stream that is read once (an image layer's tar
/// entry). Files up to <see cref="MaxBufferedBytes"/> are read whole (into one reused buffer) so section headers can be
/// followed; larger ones are scanned as they stream past for Go build information only.
/// </summary>
public sealed class ExecutableInspector
{
    /// <summary>
    /// Executables up to this size are read whole (32 MiB: nearly every stripped Rust binary; Go binaries of any size are
    /// found by the streaming scan). This is also the most the inspector keeps in memory.
    /// </summary>
    public const long DefaultMaxBufferedBytes = 32L << 20;

    private const int ChunkBytes = 1 << 20;
    private const int GoTailBytes = 1 << 20;
    private byte[] _buffer = [];

    public ExecutableInspector(long maxBufferedBytes = DefaultMaxBufferedBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBufferedBytes);
        MaxBufferedBytes = maxBufferedBytes;
    }

    public long MaxBufferedBytes { get; }

    /// <summary>The metadata in a whole file; null when it is not an executable or carries neither kind of metadata.</summary>
    public static ExecutableMetadata? Inspect(ReadOnlySpan<byte> file)
    {
        ExecutableImage? image;
        try
        {
            image = ExecutableImage.Read(file);
        }
        catch (FormatException)
        {
            // Unreadable headers: the Go blob can still be found by its magic.
            // (Headers that do not parse alone mean "not an executable": an "MZ" text file, a truncated download.)
            var go = TryGo(file, null, out var error);
            return go is null && error is null ? null : new ExecutableMetadata(FormatOf(file), go, null) { GoError = error };
        }
        if (image is null) return null;
        var info = TryGo(file, image, out var goError);
        IReadOnlyList<CargoAuditPackage>? cargo = null;
        string? cargoError = null;
        try
        {
            cargo = CargoAuditInfo.Read(file, image);
        }
        catch (FormatException e)
        {
            cargoError = e.Message;
        }
        return info is null && cargo is null && goError is null && cargoError is null
            ? null
            : new ExecutableMetadata(image.Format, info, cargo) { GoError = goError, CargoError = cargoError };
    }

    /// <summary>
    /// The metadata of a file of <paramref name="length"/> bytes read from <paramref name="stream"/> (which is read at
    /// most to that length); null when it is not an executable or carries no metadata.
    /// </summary>
    public ExecutableMetadata? Inspect(Stream stream, long length)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (length < 64) return null;
        Span<byte> magic = stackalloc byte[4];
        stream.ReadExactly(magic);
        if (!ExecutableImage.HasMagic(magic)) return null;
        if (length <= MaxBufferedBytes)
        {
            if (_buffer.Length < length) _buffer = new byte[Math.Max(length, Math.Min(MaxBufferedBytes, _buffer.Length * 2L))];
            magic.CopyTo(_buffer);
            stream.ReadExactly(_buffer, 4, (int)length - 4);
            return Inspect(_buffer.AsSpan(0, (int)length));
        }
        return ScanForGo(stream, length, FormatOf(magic));
    }

    /// <summary>Streams a large file once, looking for the Go build-information magic at 16-byte-aligned offsets.</summary>
    private static ExecutableMetadata? ScanForGo(Stream stream, long length, ExecutableFormat format)
    {
        var magic = GoBuildInfo.Magic.ToArray();
        var window = new byte[ChunkBytes + GoTailBytes];
        long windowStart = 4;  // file offset of window[0]; the 4 magic bytes were consumed
        var filled = 0;
        var remaining = length - 4;
        string? error = null;
        while (remaining > 0 || filled > 0)
        {
            var want = (int)Math.Min(window.Length - filled, remaining);
            if (want > 0)
            {
                stream.ReadExactly(window, filled, want);
                filled += want;
                remaining -= want;
            }
            var span = window.AsSpan(0, filled);
            var searchEnd = remaining > 0 ? Math.Min(filled, ChunkBytes + magic.Length) : filled;
            for (var at = 0; at < searchEnd;)
            {
                var hit = span[at..searchEnd].IndexOf(magic);
                if (hit < 0) break;
                var offset = at + hit;
                if ((windowStart + offset) % 16 == 0)
                {
                    try
                    {
                        if (GoBuildInfo.Decode(span[offset..], 0, null) is { } info)
                        {
                            DrainRest(stream, remaining);
                            return new ExecutableMetadata(format, info, null);
                        }
                    }
                    catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
                    {
                        error ??= e.Message;
                    }
                }
                at = offset + 1;
            }
            if (remaining == 0) break;
            // Keep the tail that may hold a blob found near the end of the chunk.
            var keep = filled - ChunkBytes;
            Buffer.BlockCopy(window, ChunkBytes, window, 0, keep);
            windowStart += ChunkBytes;
            filled = keep;
        }
        return error is null ? null : new ExecutableMetadata(format, null, null) { GoError = error };
    }

    private static void DrainRest(Stream stream, long remaining)
    {
        if (remaining <= 0) return;
        var sink = new byte[81920];
        while (remaining > 0)
        {
            var read = stream.Read(sink, 0, (int)Math.Min(sink.Length, remaining));
            if (read == 0) throw new EndOfStreamException();
            remaining -= read;
        }
    }

    private static GoBuildInfo? TryGo(ReadOnlySpan<byte> file, ExecutableImage? image, out string? error)
    {
        error = null;
        try
        {
            return GoBuildInfo.Read(file, image);
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }
    }

    private static ExecutableFormat FormatOf(ReadOnlySpan<byte> start) =>
        start[0] == 0x7F ? ExecutableFormat.Elf : start[0] == (byte)'M' ? ExecutableFormat.Pe : ExecutableFormat.MachO;
}
