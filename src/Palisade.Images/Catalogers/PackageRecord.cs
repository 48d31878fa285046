namespace Palisade.Images.Catalogers;

/// <summary>One installed package found in an OS package database.</summary>
/// <param name="Name">The binary package name.</param>
/// <param name="Version">The version as recorded (dpkg versions may carry an epoch, "1:1.3-2"); empty when the entry has none.</param>
/// <param name="Type">The package-url type: "deb", "apk".</param>
/// <param name="Purl">The package URL (https://github.com/package-url/purl-spec).</param>
/// <param name="Licenses">Licences the database records for it (may be empty).</param>
/// <param name="SourceName">The source package (dpkg Source, apk origin) when the database names one; otherwise null.</param>
/// <param name="SourceVersion">The source package's version when it differs from and is recorded beside the source name; otherwise null.</param>
/// <param name="Architecture">The architecture as recorded ("amd64", "all", "x86_64"), or null.</param>
/// <param name="FoundIn">The database file it was read from, normalised and relative to the scanned root.</param>
/// <param name="LayerDigest">The image layer that put that file there, when scanning an image.</param>
public sealed record PackageRecord(
    string Name,
    string Version,
    string Type,
    string Purl,
    IReadOnlyList<string> Licenses,
    string? SourceName,
    string? SourceVersion,
    string? Architecture,
    string FoundIn,
    string? LayerDigest)
{
    /// <summary>
    /// What this package depends on, where the file it came from says so (package-lock, Cargo.lock, dpkg Depends, Go
    /// and Rust binaries): the name and version of other packages found in the same file. Dependencies the file names
    /// but does not hold are left out.
    /// </summary>
    public IReadOnlyList<PackageKey> DependsOn { get; init; } = [];
}

/// <summary>A package's identity inside one database file: its name and version.</summary>
public readonly record struct PackageKey(string Name, string Version);
