using System.Buffers;

namespace Palisade.Images.Layers;

/// <summary>
/// Which files' bytes to keep while layers stream past (catalogers ask for the few they read), and whether executables
/// are inspected on the way for Go build information and cargo-auditable lists (only that metadata is kept).
/// </summary>
public sealed record CaptureRule(Func<string, long, bool> Wants, long MaxFileBytes = 64L << 20, long MaxTotalBytes = 512L << 20)
{
    public bool InspectExecutables { get; init; }

    /// <summary>
    /// Called with the content of every regular file of every layer (up to <see cref="VisitMaxBytes"/>), in layer order,
    /// including files a later layer deletes or replaces: what a secret scanner needs, since a deleted file is still in
    /// the image. The content is only valid during the call.
    /// </summary>
    public LayerFileVisitor? Visit { get; init; }

    /// <summary>Files larger than this are not given to <see cref="Visit"/>.</summary>
    public long VisitMaxBytes { get; init; } = 10L << 20;
}

/// <summary>One regular file of one layer: its normalised path, its bytes and the layer's digest.</summary>
public delegate void LayerFileVisitor(string path, ReadOnlySpan<byte> content, string? layerDigest);

/// <summary>
/// Applies image layers, in order, to a <see cref="VirtualFileTree"/>, streaming each tar once: OCI whiteouts
/// (<c>.wh.NAME</c> deletes NAME from lower layers, <c>.wh..wh..opq</c> empties a directory of lower layers' files),
/// hard links resolved inside the tree, device files and FIFOs recorded without content, and only the files the
/// capture rule asks for kept in memory.
/// </summary>
public sealed class LayerApplier
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";
    private readonly CaptureRule? _capture;
    private readonly LayerLimits _limits;
    private readonly Catalogers.Binaries.ExecutableInspector _inspector = new();
    private long _captured;
    private int _layer;

    public LayerApplier(CaptureRule? capture = null, LayerLimits? limits = null)
    {
        _capture = capture;
        _limits = limits ?? new LayerLimits();
    }

    public VirtualFileTree Tree { get; } = new();

    /// <summary>Paths that tried to leave the tree ("../../etc/passwd", links outside): kept inside it, and counted here.</summary>
    public int ContainedEscapes { get; private set; }

    /// <summary>Applies the next layer from its blob (gzip or plain tar).</summary>
    /// <exception cref="ImageFormatException">The layer is malformed, unsupported or over a limit.</exception>
    public void Apply(Stream blob, string? layerDigest = null)
    {
        ArgumentNullException.ThrowIfNull(blob);
        using var tar = LayerStream.Open(blob, _limits);
        var reader = new TarEntryReader(tar, _limits);
        var layer = _layer++;
        while (reader.Next() is { } entry)
        {
            if (Escapes(entry.Name)) ContainedEscapes++;
            var normalized = VirtualFileTree.Normalize(entry.Name);
            var slash = normalized.LastIndexOf('/');
            var dir = slash < 0 ? "" : normalized[..slash];
            var name = slash < 0 ? normalized : normalized[(slash + 1)..];
            if (name == OpaqueMarker)
            {
                if (Tree.ResolvePath(dir, followLast: true) is { } opaqueDir) Tree.ClearLower(opaqueDir, layer);
                continue;
            }
            if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
            {
                var target = name[WhiteoutPrefix.Length..];
                if (target.Length > 0 && Tree.ResolvePath(dir, followLast: true) is { } parent)
                {
                    var path = parent.Length == 0 ? target : parent + "/" + target;
                    if (Tree.Get(path) is { } victim && victim.Layer < layer) Tree.Remove(path);
                }
                continue;
            }
            switch (entry.Kind)
            {
                case TarEntryKind.Hardlink:
                    if (Escapes(entry.LinkName)) ContainedEscapes++;
                    var source = Tree.Resolve(entry.LinkName);
                    if (source is null || source.Kind != TarEntryKind.File) break;  // dangling, or a link to a non-file: nothing to share
                    var link = Tree.Put(entry.Name, TarEntryKind.File, source.Size, source.Mode, null, layer, layerDigest);
                    if (link is not null)
                    {
                        link.Content = source.Content;
                        link.Executable = source.Executable;
                    }
                    break;
                case TarEntryKind.Symlink:
                    Tree.Put(entry.Name, TarEntryKind.Symlink, 0, entry.Mode, entry.LinkName, layer, layerDigest);
                    break;
                case TarEntryKind.Other:
                    break;  // sparse files, volume labels ...: skipped
                default:
                    var node = Tree.Put(entry.Name, entry.Kind, entry.Kind == TarEntryKind.File ? entry.Size : 0, entry.Mode, null, layer, layerDigest);
                    if (node is not null && entry.Kind == TarEntryKind.File && _capture is { } capture)
                    {
                        if (capture.Visit is { } visit && entry.Size > 0 && entry.Size <= capture.VisitMaxBytes) ReadVisited(node, entry, capture, visit, layerDigest);
                        else ReadCaptured(node, entry.Data, entry.Size, capture);
                    }
                    break;
            }
        }
    }

    /// <summary>Keeps the file's bytes when the rule wants them, else inspects it when it may be an executable.</summary>
    private void ReadCaptured(FileNode node, Stream data, long size, CaptureRule capture)
    {
        if (size <= capture.MaxFileBytes && _captured + size <= capture.MaxTotalBytes && capture.Wants(node.Path, size))
        {
            var bytes = new byte[size];
            data.ReadExactly(bytes);
            node.Content = bytes;
            _captured += size;
        }
        else if (capture.InspectExecutables)
        {
            node.Executable = _inspector.Inspect(data, size);
        }
    }

    /// <summary>Reads a file once into a pooled buffer, gives it to the visitor, then to the capture rule.</summary>
    private void ReadVisited(FileNode node, TarEntry entry, CaptureRule capture, LayerFileVisitor visit, string? layerDigest)
    {
        var length = (int)entry.Size;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            entry.Data.ReadExactly(buffer, 0, length);
            visit(node.Path, buffer.AsSpan(0, length), layerDigest);
            using var copy = new MemoryStream(buffer, 0, length, writable: false);
            ReadCaptured(node, copy, length, capture);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Whether a path climbs above the root (absolute paths are normal in tars and are not counted).</summary>
    private static bool Escapes(string path)
    {
        var depth = 0;
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (--depth < 0) return true;
            }
            else
            {
                depth++;
            }
        }
        return false;
    }
}
