namespace Palisade.Images.Layers;

/// <summary>A node of an image's file tree: what it is, and which layer put it there.</summary>
public sealed class FileNode
{
    internal FileNode(string path, TarEntryKind kind, long size, int mode, string? linkTarget, int layer, string? layerDigest)
    {
        Path = path;
        Kind = kind;
        Size = size;
        Mode = mode;
        LinkTarget = linkTarget;
        Layer = layer;
        LayerDigest = layerDigest;
    }

    /// <summary>Normalised: relative to the root, '/'-separated, no "." or ".." (the root is "").</summary>
    public string Path { get; }

    /// <summary>File, Directory, Symlink, a device or a FIFO (a hard link becomes a File sharing its target's content).</summary>
    public TarEntryKind Kind { get; }

    public long Size { get; }
    public int Mode { get; }

    /// <summary>A symlink's target as written (resolved only inside the tree).</summary>
    public string? LinkTarget { get; }

    /// <summary>The index of the layer that added it (0 = the base layer).</summary>
    public int Layer { get; }

    public string? LayerDigest { get; }

    /// <summary>The file's bytes when they were kept (see <see cref="LayerApplier"/>'s capture rule); otherwise null.</summary>
    public byte[]? Content { get; internal set; }

    /// <summary>What the file says about the code built into it, when it is an executable that was inspected (see <see cref="CaptureRule.InspectExecutables"/>).</summary>
    public Catalogers.Binaries.ExecutableMetadata? Executable { get; internal set; }
}

/// <summary>
/// An image's root filesystem, built by applying layers in order and never written to disk: whiteouts and opaque
/// directories delete what lower layers put there, and every path and link is resolved inside the tree (a symlink to
/// "/" or "../../.." points at the tree's root, never at the host).
/// </summary>
public sealed class VirtualFileTree
{
    private const int MaxSymlinkHops = 40;
    private readonly Dictionary<string, FileNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _children = new(StringComparer.Ordinal);

    public VirtualFileTree()
    {
        _nodes[""] = new FileNode("", TarEntryKind.Directory, 0, 0x1ED, null, -1, null);
        _children[""] = new HashSet<string>(StringComparer.Ordinal);
    }

    public int Count => _nodes.Count - 1;

    /// <summary>Every node, in no particular order.</summary>
    public IEnumerable<FileNode> Nodes => _nodes.Values.Where(n => n.Path.Length > 0);

    /// <summary>The node at exactly this normalised path, symlinks not followed.</summary>
    public FileNode? Get(string path) => _nodes.GetValueOrDefault(Normalize(path));

    /// <summary>The node a path leads to, following symlinks in every component inside the tree; null if none.</summary>
    public FileNode? Resolve(string path)
    {
        var resolved = ResolvePath(Normalize(path), followLast: true);
        return resolved is null ? null : _nodes.GetValueOrDefault(resolved);
    }

    /// <summary>The names directly inside a directory (after resolving it).</summary>
    public IReadOnlyCollection<string> List(string directory)
    {
        var resolved = ResolvePath(Normalize(directory), followLast: true);
        return resolved is not null && _children.TryGetValue(resolved, out var set) ? set : [];
    }

    /// <summary>
    /// Turns an archive path into a tree path: separators unified, leading "/" and "./" dropped, "." removed and ".."
    /// applied but never above the root (it stays at the root, as a container runtime keeps it in the rootfs).
    /// </summary>
    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    /// <summary>
    /// Follows symlinks component by component, chroot-style: absolute targets start at the tree's root and ".." stops
    /// there. Null when a loop or too many links make the path unresolvable.
    /// </summary>
    internal string? ResolvePath(string path, bool followLast)
    {
        var pending = new Stack<string>(path.Length == 0 ? [] : path.Split('/').Reverse());
        var current = new List<string>();
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (current.Count > 0) current.RemoveAt(current.Count - 1);
                continue;
            }
            current.Add(part);
            var here = string.Join('/', current);
            if (!_nodes.TryGetValue(here, out var node) || node.Kind != TarEntryKind.Symlink) continue;
            if (pending.Count == 0 && !followLast) continue;
            if (++hops > MaxSymlinkHops) return null;
            current.RemoveAt(current.Count - 1);
            var target = node.LinkTarget ?? "";
            if (target.StartsWith('/')) current.Clear();
            foreach (var t in target.Split('/').Reverse()) pending.Push(t);
        }
        return string.Join('/', current);
    }

    /// <summary>Adds or replaces a node; its parent directory is resolved inside the tree and created if missing.</summary>
    internal FileNode? Put(string archivePath, TarEntryKind kind, long size, int mode, string? linkTarget, int layer, string? layerDigest)
    {
        var normalized = Normalize(archivePath);
        if (normalized.Length == 0) return null;  // the root itself
        var slash = normalized.LastIndexOf('/');
        var parent = slash < 0 ? "" : ResolvePath(normalized[..slash], followLast: true);
        if (parent is null) return null;
        var name = slash < 0 ? normalized : normalized[(slash + 1)..];
        EnsureDirectory(parent, layer, layerDigest);
        var path = parent.Length == 0 ? name : parent + "/" + name;
        if (_nodes.TryGetValue(path, out var existing) && !(existing.Kind == TarEntryKind.Directory && kind == TarEntryKind.Directory))
            Remove(path);
        if (existing is { Kind: TarEntryKind.Directory } && kind == TarEntryKind.Directory) return existing;
        var node = new FileNode(path, kind, size, mode, linkTarget, layer, layerDigest);
        _nodes[path] = node;
        _children[parent].Add(name);
        if (kind == TarEntryKind.Directory) _children[path] = new HashSet<string>(StringComparer.Ordinal);
        return node;
    }

    private void EnsureDirectory(string path, int layer, string? layerDigest)
    {
        if (_nodes.TryGetValue(path, out var node))
        {
            if (node.Kind == TarEntryKind.Directory) return;
            Remove(path);  // a file where a directory is needed: the later layer wins
        }
        var slash = path.LastIndexOf('/');
        var parent = slash < 0 ? "" : path[..slash];
        EnsureDirectory(parent, layer, layerDigest);
        _nodes[path] = new FileNode(path, TarEntryKind.Directory, 0, 0x1ED, null, layer, layerDigest);
        _children[path] = new HashSet<string>(StringComparer.Ordinal);
        _children[parent].Add(slash < 0 ? path : path[(slash + 1)..]);
    }

    /// <summary>Removes a node and everything below it.</summary>
    internal void Remove(string path)
    {
        if (path.Length == 0 || !_nodes.Remove(path)) return;
        if (_children.Remove(path, out var kids))
            foreach (var kid in kids) Remove(path + "/" + kid);
        var slash = path.LastIndexOf('/');
        if (_children.TryGetValue(slash < 0 ? "" : path[..slash], out var siblings)) siblings.Remove(slash < 0 ? path : path[(slash + 1)..]);
    }

    /// <summary>Removes what lower layers (index below <paramref name="layer"/>) put below a directory (an opaque whiteout).</summary>
    internal void ClearLower(string directory, int layer)
    {
        if (!_children.TryGetValue(directory, out var kids)) return;
        foreach (var kid in kids.ToList())
        {
            var path = directory.Length == 0 ? kid : directory + "/" + kid;
            var node = _nodes[path];
            if (node.Layer < layer) Remove(path);
            else if (node.Kind == TarEntryKind.Directory) ClearLower(path, layer);
        }
    }
}
