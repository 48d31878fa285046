namespace Palisade.Images.Catalogers;

/// <summary>Finds installed packages in one kind of package database.</summary>
public interface IPackageCataloger
{
    /// <summary>A short stable name ("dpkg", "apk").</summary>
    string Name { get; }

    /// <summary>Whether a normalised relative path is a database this cataloger reads.</summary>
    bool Wants(string path);

    /// <summary>The packages in every wanted file of the source.</summary>
    /// <exception cref="CatalogerException">A wanted file is corrupt or unreadable.</exception>
    IEnumerable<PackageRecord> Catalog(ICatalogSource source, OsRelease? os);
}

/// <summary>A cataloger whose databases are single files, each parsed on its own.</summary>
public abstract class DatabaseFileCataloger : IPackageCataloger
{
    public abstract string Name { get; }

    public abstract bool Wants(string path);

    public IEnumerable<PackageRecord> Catalog(ICatalogSource source, OsRelease? os)
    {
        ArgumentNullException.ThrowIfNull(source);
        return CatalogAll(source, os);
    }

    private IEnumerable<PackageRecord> CatalogAll(ICatalogSource source, OsRelease? os)
    {
        foreach (var path in source.Files.Where(Wants).ToList())
        {
            if (source.Read(path) is not { } content) continue;
            foreach (var package in CatalogFile(path, content, source.LayerDigestOf(path), os)) yield return package;
        }
    }

    /// <summary>The packages in one database file (parsed completely before anything is returned).</summary>
    /// <param name="path">Where the file was found (recorded as <see cref="PackageRecord.FoundIn"/>).</param>
    /// <exception cref="CatalogerException">The file is corrupt.</exception>
    public IReadOnlyList<PackageRecord> CatalogFile(string path, byte[] content, string? layerDigest, OsRelease? os)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length == 0) return [];
        return Parse(path, content, layerDigest, os);
    }

    protected abstract IReadOnlyList<PackageRecord> Parse(string path, byte[] content, string? layerDigest, OsRelease? os);

    /// <summary>
    /// Splits a licence field: an SPDX expression (with AND, OR, WITH or parentheses) is kept whole, otherwise
    /// space-separated names ("MIT BSD GPL2+") are separate licences.
    /// </summary>
    protected static IReadOnlyList<string> SplitLicenses(string? field)
    {
        if (string.IsNullOrWhiteSpace(field)) return [];
        var tokens = field.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var isExpression = field.Contains('(', StringComparison.Ordinal) ||
            tokens.Any(t => t is "AND" or "OR" or "WITH" or "and" or "or" or "with");
        return isExpression ? [string.Join(' ', tokens)] : tokens.Distinct(StringComparer.Ordinal).ToList();
    }
}
