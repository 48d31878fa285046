namespace Palisade.Images.Catalogers.Rust;

/// <summary>
/// Rust's <c>Cargo.lock</c>: one [[package]] table per crate with name, version and source. Registry crates (crates.io,
/// or another registry, named by a repository_url qualifier) and git crates (vcs_url qualifier) get pkg:cargo purls;
/// workspace and path crates (no source) are reported with an empty purl, as they are not published anywhere.
/// </summary>
public sealed class CargoLockCataloger : DatabaseFileCataloger
{
    private const string LockFile = "Cargo.lock";
    private const string CratesIoGitIndex = "https://github.com/rust-lang/crates.io-index";
    private const string CratesIoSparseIndex = "https://index.crates.io/";

    public override string Name => "cargo-lock";

    public override bool Wants(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path == LockFile || path.EndsWith("/" + LockFile, StringComparison.Ordinal);
    }

    protected override IReadOnlyList<PackageRecord> Parse(string path, byte[] content, string? layerDigest, OsRelease? os)
    {
        var tables = CargoLockReader.Read(LockfileText.Decode(path, content), path);
        var packages = new List<PackageRecord>();
        var seen = new HashSet<(string, string, string)>();
        var crates = new List<(string Name, string Version, string Source, List<string> Deps)>();
        foreach (var table in tables.Where(t => t.IsArrayTable && t.Header == "package"))
        {
            if (!table.Strings.TryGetValue("name", out var name) || name.Length == 0)
                throw new CatalogerException("[[package]] without a name", path, table.Line);
            if (!table.Strings.TryGetValue("version", out var version) || version.Length == 0)
                throw new CatalogerException($"[[package]] \"{name}\" without a version", path, table.Line);
            var source = table.Strings.GetValueOrDefault("source") ?? "";
            if (!seen.Add((name, version, source))) continue;
            crates.Add((name, version, source, table.Arrays.GetValueOrDefault("dependencies") ?? []));
        }
        foreach (var (name, version, source, deps) in crates)
        {
            packages.Add(new PackageRecord(name, version, "cargo", Purl(name, version, source), [], null, null, null, path, layerDigest)
            {
                DependsOn = deps.Select(d => Dependency(d, crates)).OfType<PackageKey>().Distinct().ToList(),
            });
        }
        return packages;
    }

    /// <summary>
    /// A "dependencies" entry: "name" when only one version of the crate is locked, else "name version" or
    /// "name version (source)".
    /// </summary>
    private static PackageKey? Dependency(string entry, List<(string Name, string Version, string Source, List<string> Deps)> crates)
    {
        var parts = entry.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return null;
        var matches = crates.Where(c => c.Name == parts[0] && (parts.Length < 2 || c.Version == parts[1])).ToList();
        if (parts.Length == 3 && matches.Count > 1) matches = matches.Where(c => "(" + c.Source + ")" == parts[2]).ToList();
        return matches.Count == 0 ? null : new PackageKey(matches[0].Name, matches[0].Version);
    }

    private static string Purl(string name, string version, string source)
    {
        if (source.Length == 0) return "";
        if (source.StartsWith("registry+", StringComparison.Ordinal) || source.StartsWith("sparse+", StringComparison.Ordinal))
        {
            var url = source[(source.IndexOf('+', StringComparison.Ordinal) + 1)..];
            var isCratesIo = url == CratesIoGitIndex || url == CratesIoSparseIndex;
            return PackageUrl.Build("cargo", null, name, version, isCratesIo ? null : [new("repository_url", url)]);
        }
        if (source.StartsWith("git+", StringComparison.Ordinal))
        {
            // "git+https://host/repo.git?branch=x#commit" -> vcs_url "git+https://host/repo.git@commit"
            var hash = source.IndexOf('#', StringComparison.Ordinal);
            var commit = hash < 0 ? null : source[(hash + 1)..];
            var repo = hash < 0 ? source : source[..hash];
            var query = repo.IndexOf('?', StringComparison.Ordinal);
            if (query >= 0) repo = repo[..query];
            return PackageUrl.Build("cargo", null, name, version, [new("vcs_url", string.IsNullOrEmpty(commit) ? repo : repo + "@" + commit)]);
        }
        return PackageUrl.Build("cargo", null, name, version);
    }
}
