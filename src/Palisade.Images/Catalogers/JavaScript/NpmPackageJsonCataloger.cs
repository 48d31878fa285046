using System.Text.Json;

namespace Palisade.Images.Catalogers.JavaScript;

/// <summary>
/// Installed npm packages: the package.json of each package directory directly inside a node_modules folder
/// (node_modules/NAME/package.json or node_modules/@SCOPE/NAME/package.json, at any depth), giving name, version and
/// licence ("license" string, object or array, or the legacy "licenses" array). Other package.json files (the
/// project's own, nested ones inside a package) are not wanted; a package.json without a name or version gives nothing.
/// </summary>
public sealed class NpmPackageJsonCataloger : DatabaseFileCataloger
{
    public override string Name => "npm-package";

    public override bool Wants(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Split('/');
        var n = segments.Length;
        if (n < 3 || segments[n - 1] != "package.json") return false;
        if (segments[n - 3] == "node_modules") return !segments[n - 2].StartsWith('@') && !segments[n - 2].StartsWith('.');
        return n >= 4 && segments[n - 4] == "node_modules" && segments[n - 3].StartsWith('@') && segments[n - 3].Length > 1;
    }

    protected override IReadOnlyList<PackageRecord> Parse(string path, byte[] content, string? layerDigest, OsRelease? os)
    {
        using var doc = Npm.ParseJson(content, path);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new CatalogerException("not a package.json: the top level is not a JSON object", path, 1);
        var name = Npm.String(root, "name")?.Trim();
        var version = Npm.String(root, "version")?.Trim();
        if (!Npm.IsValidName(name) || string.IsNullOrEmpty(version)) return [];
        return [Npm.Record(name!, version, Npm.Licenses(root), path, layerDigest)];
    }
}
