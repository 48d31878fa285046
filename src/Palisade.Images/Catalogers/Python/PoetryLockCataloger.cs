namespace Palisade.Images.Catalogers.Python;

/// <summary>
/// Packages locked by Poetry: poetry.lock, a TOML document with one [[package]] table per locked distribution (name and
/// version strings; main and dev groups alike). The same name may appear with several versions (conflicting extras);
/// each distinct name and version is one package.
/// </summary>
public sealed class PoetryLockCataloger : DatabaseFileCataloger
{
    public override string Name => "python-poetry";

    public override bool Wants(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return PythonPackages.FileName(path) == "poetry.lock";
    }

    protected override IReadOnlyList<PackageRecord> Parse(string path, byte[] content, string? layerDigest, OsRelease? os) =>
        TomlLockFile.Packages(path, content, layerDigest, "a poetry.lock file");
}

/// <summary>
/// Packages locked by PDM: pdm.lock, a TOML document with one [[package]] table per locked distribution. PDM repeats a
/// package once per extras combination; each distinct name and version is one package.
/// </summary>
public sealed class PdmLockCataloger : DatabaseFileCataloger
{
    public override string Name => "python-pdm";

    public override bool Wants(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return PythonPackages.FileName(path) == "pdm.lock";
    }

    protected override IReadOnlyList<PackageRecord> Parse(string path, byte[] content, string? layerDigest, OsRelease? os) =>
        TomlLockFile.Packages(path, content, layerDigest, "a pdm.lock file");
}

/// <summary>
/// Packages locked by uv: uv.lock, a TOML document with one [[package]] table per locked distribution, the project
/// itself included (its source is virtual or editable).
/// </summary>
public sealed class UvLockCataloger : DatabaseFileCataloger
{
    public override string Name => "python-uv";

    public override bool Wants(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return PythonPackages.FileName(path) == "uv.lock";
    }

    protected override IReadOnlyList<PackageRecord> Parse(string path, byte[] content, string? layerDigest, OsRelease? os) =>
        TomlLockFile.Packages(path, content, layerDigest, "a uv.lock file");
}

/// <summary>The [[package]] tables of a TOML lock file as pypi packages.</summary>
internal static class TomlLockFile
{
    public static IReadOnlyList<PackageRecord> Packages(string path, byte[] content, string? layerDigest, string what)
    {
        var text = PythonPackages.Decode(content, path, what);
        var packages = new List<PackageRecord>();
        var seen = new HashSet<(string, string)>();
        foreach (var table in TomlPackageTables.Read(text, "package", path))
        {
            if (!table.Strings.TryGetValue("name", out var name) || string.IsNullOrWhiteSpace(name))
                throw new CatalogerException("[[package]] entry without a name", path, table.Line);
            table.Strings.TryGetValue("version", out var version);
            PythonPackages.AddDistinct(packages, seen, PythonPackages.Create(name, version, [], path, layerDigest));
        }
        return packages;
    }
}
