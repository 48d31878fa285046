namespace Palisade.Images.Catalogers;

/// <summary>A database that could not be cataloged: which cataloger, which file, and why (no stack trace).</summary>
public sealed record CatalogError(string Cataloger, string? Path, string Message);

/// <summary>What a catalog run found, and what it could not read.</summary>
public sealed record CatalogResult(OsRelease? Os, IReadOnlyList<PackageRecord> Packages, IReadOnlyList<CatalogError> Errors);

/// <summary>
/// Runs catalogers over a source, reading os-release once. A corrupt or unreadable database becomes a
/// <see cref="CatalogError"/> and the run goes on (file by file for <see cref="DatabaseFileCataloger"/>s).
/// </summary>
public static class CatalogRunner
{
    public static IReadOnlyList<IPackageCataloger> OsCatalogers { get; } = [new DpkgCataloger(), new ApkCataloger(), .. Rpm.RpmCatalogers.All];

    /// <summary>What executables say about themselves: Go build information, cargo-auditable lists.</summary>
    public static IReadOnlyList<IPackageCataloger> ExecutableCatalogers { get; } = [new Binaries.GoBinaryCataloger(), new Binaries.CargoAuditableCataloger()];

    /// <summary>
    /// Every cataloger: OS package databases, then language ecosystems (JavaScript, Python, .NET, Rust, Go, Java
    /// archives), then executables.
    /// </summary>
    public static IReadOnlyList<IPackageCataloger> All { get; } =
        [.. OsCatalogers, .. JavaScript.JavaScriptCatalogers.All, .. Python.PythonCatalogers.All, .. LanguageCatalogers.All, .. Java.JavaCatalogers.All, .. ExecutableCatalogers];

    /// <summary>Whether any cataloger reads this path (what an image scan keeps in memory while layers stream).</summary>
    public static bool Wants(string path) => OsRelease.Locations.Contains(path) || All.Any(c => c.Wants(path));

    public static CatalogResult Run(ICatalogSource source, IEnumerable<IPackageCataloger>? catalogers = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var os = OsRelease.Read(source);
        var packages = new List<PackageRecord>();
        var errors = new List<CatalogError>();
        var files = source.Files.ToList();
        List<(string Path, Binaries.ExecutableMetadata Metadata)>? executables = null;
        foreach (var cataloger in catalogers ?? All)
        {
            if (cataloger is Binaries.ExecutableCataloger executableCataloger)
            {
                executables ??= source.Executables.ToList();
                foreach (var (path, metadata) in executables)
                {
                    try
                    {
                        packages.AddRange(executableCataloger.CatalogExecutable(path, metadata, source.LayerDigestOf(path)));
                    }
                    catch (CatalogerException e)
                    {
                        errors.Add(new CatalogError(cataloger.Name, path, e.Message));
                    }
                }
                continue;
            }
            if (cataloger is DatabaseFileCataloger fileCataloger)
            {
                foreach (var path in files.Where(fileCataloger.Wants))
                {
                    try
                    {
                        if (source.Read(path) is { } content)
                            packages.AddRange(fileCataloger.CatalogFile(path, content, source.LayerDigestOf(path), os));
                    }
                    catch (CatalogerException e)
                    {
                        errors.Add(new CatalogError(cataloger.Name, path, e.Message));
                    }
                }
                continue;
            }
            try
            {
                packages.AddRange(cataloger.Catalog(source, os));
            }
            catch (CatalogerException e)
            {
                errors.Add(new CatalogError(cataloger.Name, e.Path, e.Message));
            }
        }
        return new CatalogResult(os, packages, errors);
    }
}
