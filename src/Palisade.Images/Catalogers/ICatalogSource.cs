using Palisade.Images.Catalogers.Binaries;

namespace Palisade.Images.Catalogers;

/// <summary>A root filesystem catalogers read from: a directory on disk, or an image's virtual file tree.</summary>
public interface ICatalogSource
{
    /// <summary>
    /// Every regular file (and every symlink that resolves, inside the root, to one), as normalised paths relative to the
    /// root ('/'-separated, no leading '/', no "." or ".."), in ordinal order.
    /// </summary>
    IEnumerable<string> Files { get; }

    /// <summary>The bytes of the file a path leads to (symlinks followed inside the root); null when there is none.</summary>
    /// <exception cref="CatalogerException">The file exists but cannot be read or is over the size limit.</exception>
    byte[]? Read(string path);

    /// <summary>The digest of the image layer that provides the file, or null (directories, unknown files).</summary>
    string? LayerDigestOf(string path);

    /// <summary>
    /// The executables (ELF, PE, Mach-O) that carry build metadata (Go build information, cargo-auditable lists), in
    /// path order. The default reads every file through <see cref="Read"/>; sources override it to avoid that.
    /// </summary>
    IEnumerable<(string Path, ExecutableMetadata Metadata)> Executables
    {
        get
        {
            foreach (var path in Files)
            {
                if (Read(path) is { Length: >= 64 } bytes && ExecutableImage.HasMagic(bytes) && ExecutableInspector.Inspect(bytes) is { } metadata)
                    yield return (path, metadata);
            }
        }
    }
}
