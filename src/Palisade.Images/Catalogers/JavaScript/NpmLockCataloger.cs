using System.Text.Json;

namespace Palisade.Images.Catalogers.JavaScript;

/// <summary>
/// npm lock files (package-lock.json, npm-shrinkwrap.json) outside node_modules. lockfileVersion 1 lists packages in a
/// nested "dependencies" tree; versions 2 and 3 in a "packages" map keyed by install path ("node_modules/a",
/// "node_modules/a/node_modules/@s/b"), which is preferred when present. The root "" entry (the project itself),
/// workspace folders and links are skipped; aliases ("npm:real@1.0.0", or a "name" field under an alias path) are
/// recorded under the real package's name. One record per name@version.
/// </summary>
public sealed class NpmLockCataloger : DatabaseFileCataloger
{
    private const string NodeModules = "node_modules/";

    public override string Name => "npm-lock";

    public override bool Wants(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Npm.FileName(path) is "package-lock.json" or "npm-shrinkwrap.json" && !Npm.IsInsideNodeModules(path);
    }

    protected override IReadOnlyList<PackageRecord> Parse(string path, byte[] content, string? layerDigest, OsRelease? os)
    {
        using var doc = Npm.ParseJson(content, path);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new CatalogerException("not an npm lock file: the top level is not a JSON object", path, 1);
        var packages = new List<PackageRecord>();
        var seen = new HashSet<(string, string)>();
        if (root.TryGetProperty("packages", out var map) && map.ValueKind == JsonValueKind.Object)
            ReadPackagesMap(map, path, layerDigest, packages, seen);
        else if (root.TryGetProperty("dependencies", out var deps) && deps.ValueKind == JsonValueKind.Object)
            ReadDependencyTree(deps, path, layerDigest, packages, seen);
        return packages;
    }

    private static void ReadPackagesMap(JsonElement map, string path, string? layerDigest, List<PackageRecord> packages, HashSet<(string, string)> seen)
    {
        foreach (var entry in map.EnumerateObject())
        {
            var key = entry.Name;
            var at = key.LastIndexOf(NodeModules, StringComparison.Ordinal);
            if (at < 0 || entry.Value.ValueKind != JsonValueKind.Object) continue;
            if (entry.Value.TryGetProperty("link", out var link) && link.ValueKind == JsonValueKind.True) continue;
            var name = Npm.String(entry.Value, "name") ?? key[(at + NodeModules.Length)..];
            var version = Npm.String(entry.Value, "version");
            if (Resolve(name, version) is not { } resolved) continue;
            Npm.AddUnique(packages, seen, Npm.Record(resolved.Name, resolved.Version, Npm.Licenses(entry.Value), path, layerDigest));
        }
    }

    private static void ReadDependencyTree(JsonElement deps, string path, string? layerDigest, List<PackageRecord> packages, HashSet<(string, string)> seen)
    {
        var pending = new Stack<JsonElement>();
        pending.Push(deps);
        while (pending.Count > 0)
        {
            var level = new List<JsonProperty>(pending.Pop().EnumerateObject());
            foreach (var entry in level)
            {
                if (entry.Value.ValueKind != JsonValueKind.Object) continue;
                if (Resolve(entry.Name, Npm.String(entry.Value, "version")) is { } resolved)
                    Npm.AddUnique(packages, seen, Npm.Record(resolved.Name, resolved.Version, Npm.Licenses(entry.Value), path, layerDigest));
            }
            // Nested trees after their level, in reverse so they are read in file order.
            for (var i = level.Count - 1; i >= 0; i--)
            {
                if (level[i].Value.ValueKind == JsonValueKind.Object &&
                    level[i].Value.TryGetProperty("dependencies", out var nested) && nested.ValueKind == JsonValueKind.Object)
                    pending.Push(nested);
            }
        }
    }

    /// <summary>The real name and version of an entry: "npm:real@1.0.0" aliases resolved; local links and empty versions dropped.</summary>
    private static (string Name, string Version)? Resolve(string name, string? version)
    {
        if (string.IsNullOrWhiteSpace(version)) return null;
        version = version.Trim();
        if (version.StartsWith("npm:", StringComparison.Ordinal))
        {
            if (Npm.SplitAtVersion(version[4..]) is not { } alias) return null;
            (name, version) = alias;
        }
        if (version.Length == 0 || version.StartsWith("file:", StringComparison.Ordinal) || version.StartsWith("link:", StringComparison.Ordinal)) return null;
        return Npm.IsValidName(name) ? (name, version) : null;
    }
}
