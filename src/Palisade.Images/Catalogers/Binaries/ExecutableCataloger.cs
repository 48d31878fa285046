namespace Palisade.Images.Catalogers.Binaries;

/// <summary>
/// A cataloger of what executables say about themselves. It reads no database files: <see cref="CatalogRunner"/> hands
/// it every inspected executable of the source, and a bad one becomes an error for that file only.
/// </summary>
public abstract class ExecutableCataloger : IPackageCataloger
{
    public abstract string Name { get; }

    /// <summary>Executables are found by their content, not their path.</summary>
    public bool Wants(string path) => false;

    public IEnumerable<PackageRecord> Catalog(ICatalogSource source, OsRelease? os)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Executables.SelectMany(e => CatalogExecutable(e.Path, e.Metadata, source.LayerDigestOf(e.Path))).ToList();
    }

    /// <summary>The packages one executable records (none when it carries no metadata of this kind).</summary>
    /// <exception cref="CatalogerException">The metadata of this kind is there but could not be read.</exception>
    public abstract IReadOnlyList<PackageRecord> CatalogExecutable(string path, ExecutableMetadata metadata, string? layerDigest);
}
