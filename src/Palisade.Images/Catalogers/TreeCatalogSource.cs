using Palisade.Images.Layers;

namespace Palisade.Images.Catalogers;

/// <summary>
/// Catalogs an image's <see cref="VirtualFileTree"/>: only files whose bytes the <see cref="LayerApplier"/>'s capture rule
/// kept can be read (others read as null).
/// </summary>
public sealed class TreeCatalogSource : ICatalogSource
{
    private readonly VirtualFileTree _tree;

    public TreeCatalogSource(VirtualFileTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        _tree = tree;
    }

    public IEnumerable<string> Files =>
        _tree.Nodes
            .Where(n => n.Kind == TarEntryKind.File || (n.Kind == TarEntryKind.Symlink && _tree.Resolve(n.Path)?.Kind == TarEntryKind.File))
            .Select(n => n.Path)
            .Order(StringComparer.Ordinal)
            .ToList();

    public byte[]? Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _tree.Resolve(path) is { Kind: TarEntryKind.File } node ? node.Content : null;
    }

    public IEnumerable<(string Path, Binaries.ExecutableMetadata Metadata)> Executables =>
        _tree.Nodes
            .Where(n => n.Kind == TarEntryKind.File && n.Executable is not null)
            .OrderBy(n => n.Path, StringComparer.Ordinal)
            .Select(n => (n.Path, n.Executable!))
            .ToList();

    public string? LayerDigestOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _tree.Resolve(path)?.LayerDigest;
    }
}
