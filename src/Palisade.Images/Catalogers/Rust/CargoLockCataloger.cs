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
        foreach (var table in tables.Where(t => t.IsArrayTable && t.Header == "package"))
        {
            if (!table.Strings.TryGetValue("name", out var name) || name.Length == 0)
                throw new CatalogerException("[[package]] without a name", path, table.Line);
            if (!table.Strings.TryGetValue("version", out var version) || version.Length == 0)
                throw new CatalogerException($"[[package]] \"{name}\" without a version", path, table.Line);
            var source = table.Strings.GetValueOrDefault("source") ?? "";
            if (!seen.Add((name, version, source))) continue;
            packages.Add(new PackageRecord(name, version, "cargo", Purl(name, version, source), [], null, null, null, path, layerDigest));
        }
        return packages;
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
