using Palisade.Images.Layers;

namespace Palisade.Images.Catalogers;

/// <summary>
/// Catalogs a root filesystem unpacked in a directory. Symlinks are resolved the way they would be inside the image:
/// an absolute target starts at <see cref="Root"/>, and a link whose target climbs above the root (or loops) is skipped,
/// so nothing outside the root is ever listed or read. Symlinked directories are not descended while listing (no loops),
/// and only regular files are opened (a FIFO or device reports size 0 and is read as empty, never opened).
/// </summary>
public sealed class DirectoryCatalogSource : ICatalogSource
{
    private const int MaxSymlinkHops = 40;

    public DirectoryCatalogSource(string root, long maxFileBytes = 64L << 20)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentOutOfRangeException.ThrowIfNegative(maxFileBytes);
        Root = Path.GetFullPath(root);
        if (!Directory.Exists(Root)) throw new DirectoryNotFoundException("no such directory: " + Root);
        MaxFileBytes = maxFileBytes;
    }

    public string Root { get; }

    /// <summary>Files larger than this are refused with a <see cref="CatalogerException"/>.</summary>
    public long MaxFileBytes { get; }

    public IEnumerable<string> Files
    {
        get
        {
            var found = new List<string>();
            var pending = new Stack<string>();
            pending.Push("");
            while (pending.Count > 0)
            {
                var rel = pending.Pop();
                FileSystemInfo[] entries;
                try
                {
                    entries = new DirectoryInfo(Full(rel)).GetFileSystemInfos();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue;  // unreadable directory: nothing to list
                }
                foreach (var entry in entries)
                {
                    var path = rel.Length == 0 ? entry.Name : rel + "/" + entry.Name;
                    if (entry.LinkTarget is not null)
                    {
                        if (ResolveInside(path) is { } target && File.Exists(Full(target)) && !Directory.Exists(Full(target))) found.Add(path);
                    }
                    else if (entry is DirectoryInfo)
                    {
                        pending.Push(path);
                    }
                    else
                    {
                        found.Add(path);
                    }
                }
            }
            found.Sort(StringComparer.Ordinal);
            return found;
        }
    }

    public byte[]? Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var normalized = VirtualFileTree.Normalize(path);
        if (ResolveInside(normalized) is not { } resolved) return null;
        var full = Full(resolved);
        try
        {
            var info = new FileInfo(full);
            if (!info.Exists) return null;
            if (info.Length > MaxFileBytes)
                throw new CatalogerException(FormattableString.Invariant($"file is {info.Length} bytes, over the {MaxFileBytes}-byte limit"), normalized);
            if (info.Length == 0) return [];  // also what a FIFO or device reports: never opened
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read);
            var bytes = new byte[info.Length];
            var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            return read == bytes.Length ? bytes : bytes[..read];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CatalogerException("cannot read: " + e.Message, normalized, null, e);
        }
    }

    public string? LayerDigestOf(string path) => null;

    /// <summary>Regular files (not symlinks) that start with an executable magic, inspected one at a time.</summary>
    public IEnumerable<(string Path, Binaries.ExecutableMetadata Metadata)> Executables
    {
        get
        {
            var inspector = new Binaries.ExecutableInspector();
            var found = new List<(string, Binaries.ExecutableMetadata)>();
            foreach (var path in Files)
            {
                var full = Full(path);
                try
                {
                    var info = new FileInfo(full);
                    if (info.LinkTarget is not null || info.Length < 64) continue;
                    using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
                    if (inspector.Inspect(stream, info.Length) is { } metadata) found.Add((path, metadata));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // unreadable or changed while reading: not inspected (as with any file a cataloger cannot open)
                }
            }
            return found;
        }
    }

    private string Full(string rel) => rel.Length == 0 ? Root : Path.Combine(Root, rel.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>
    /// Follows symlinks component by component inside the root (absolute targets start at the root). Null when a link
    /// climbs above the root, loops, or takes too many hops.
    /// </summary>
    internal string? ResolveInside(string path)
    {
        var pending = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = new List<string>();
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".") continue;
            if (part == "..")
            {
                if (current.Count == 0) return null;  // above the root
                current.RemoveAt(current.Count - 1);
                continue;
            }
            current.Add(part);
            string? target;
            try
            {
                target = new FileInfo(Full(string.Join('/', current))).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
            if (target is null) continue;
            if (++hops > MaxSymlinkHops) return null;
            current.RemoveAt(current.Count - 1);
            target = target.Replace('\\', '/');
            if (target.StartsWith('/')) current.Clear();
            foreach (var t in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) pending.Push(t);
        }
        return string.Join('/', current);
    }
}
