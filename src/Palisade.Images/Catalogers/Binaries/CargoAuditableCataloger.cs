namespace Palisade.Images.Catalogers.Binaries;

/// <summary>
/// Rust binaries built with cargo-auditable: every crate of the embedded dependency list (runtime and build-time), with
/// its dependency edges. Crates from crates.io, and local crates, get plain pkg:cargo purls.
/// </summary>
public sealed class CargoAuditableCataloger : ExecutableCataloger
{
    public override string Name => "cargo-auditable";

    public override IReadOnlyList<PackageRecord> CatalogExecutable(string path, ExecutableMetadata metadata, string? layerDigest)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.Cargo is not { } crates)
        {
            if (metadata.CargoError is { } error) throw new CatalogerException(error, path);
            return [];
        }
        var packages = new List<PackageRecord>(crates.Count);
        foreach (var crate in crates)
        {
            packages.Add(new PackageRecord(crate.Name, crate.Version, "cargo", PackageUrl.Build("cargo", null, crate.Name, crate.Version), [], null, null, null, path, layerDigest)
            {
                DependsOn = crate.Dependencies.Select(i => new PackageKey(crates[i].Name, crates[i].Version)).Distinct().ToList(),
            });
        }
        return packages;
    }
}
