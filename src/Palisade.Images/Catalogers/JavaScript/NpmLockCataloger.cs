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

    private static readonly string[] DependencyFields = ["dependencies", "optionalDependencies", "peerDependencies"];

    /// <summary>
    /// Versions 2 and 3: entries keyed by install path. A dependency of the entry at "node_modules/a" is found as Node finds
    /// it: "node_modules/a/node_modules/d", then "node_modules/d" (climbing one node_modules level at a time).
    /// </summary>
    private static void ReadPackagesMap(JsonElement map, string path, string? layerDigest, List<PackageRecord> packages, HashSet<(string, string)> seen)
    {
        var installed = new Dictionary<string, (string Name, string Version, JsonElement Entry)>(StringComparer.Ordinal);
        foreach (var entry in map.EnumerateObject())
        {
            var key = entry.Name;
            var at = key.LastIndexOf(NodeModules, StringComparison.Ordinal);
            if (at < 0 || entry.Value.ValueKind != JsonValueKind.Object) continue;
            if (entry.Value.TryGetProperty("link", out var link) && link.ValueKind == JsonValueKind.True) continue;
            var name = Npm.String(entry.Value, "name") ?? key[(at + NodeModules.Length)..];
            if (Resolve(name, Npm.String(entry.Value, "version")) is not { } resolved) continue;
            installed.TryAdd(key, (resolved.Name, resolved.Version, entry.Value));
        }
        var dependsOn = new Dictionary<(string, string), List<PackageKey>>();
        foreach (var (key, (name, version, entry)) in installed)
        {
            var deps = dependsOn.TryGetValue((name, version), out var list) ? list : dependsOn[(name, version)] = [];
            foreach (var dependency in DependencyNames(entry))
            {
                if (FindInstalled(installed, key, dependency) is { } found && !deps.Contains(found)) deps.Add(found);
            }
        }
        foreach (var (_, (name, version, entry)) in installed)
            Npm.AddUnique(packages, seen, Npm.Record(name, version, Npm.Licenses(entry), path, layerDigest) with { DependsOn = dependsOn[(name, version)] });
    }

    private static IEnumerable<string> DependencyNames(JsonElement entry)
    {
        foreach (var field in DependencyFields)
        {
            if (!entry.TryGetProperty(field, out var deps) || deps.ValueKind != JsonValueKind.Object) continue;
            foreach (var d in deps.EnumerateObject()) yield return d.Name;
        }
    }

    private static PackageKey? FindInstalled(Dictionary<string, (string Name, string Version, JsonElement Entry)> installed, string from, string dependency)
    {
        var scope = from;
        while (true)
        {
            var candidate = scope.Length == 0 ? NodeModules + dependency : scope + "/" + NodeModules + dependency;
            if (installed.TryGetValue(candidate, out var hit)) return new PackageKey(hit.Name, hit.Version);
            if (scope.Length == 0) return null;
            var at = scope.LastIndexOf(NodeModules, StringComparison.Ordinal);
            if (at < 0) return null;
            scope = at == 0 ? "" : scope[..(at - 1)];
        }
    }

    /// <summary>
    /// Version 1: a nested "dependencies" tree; an entry's "requires" are found in its own nested tree, then in each
    /// enclosing level up to the top (as Node would find them in the installed node_modules folders).
    /// </summary>
    private static void ReadDependencyTree(JsonElement deps, string path, string? layerDigest, List<PackageRecord> packages, HashSet<(string, string)> seen)
    {
        var found = new List<(string Name, string Version, JsonElement Entry, List<JsonElement> Scopes)>();
        var pending = new Stack<List<JsonElement>>();
        pending.Push([deps]);
        while (pending.Count > 0)
        {
            var scopes = pending.Pop();
            var level = new List<JsonProperty>(scopes[^1].EnumerateObject());
            foreach (var entry in level)
            {
                if (entry.Value.ValueKind != JsonValueKind.Object) continue;
                if (Resolve(entry.Name, Npm.String(entry.Value, "version")) is { } resolved)
                    found.Add((resolved.Name, resolved.Version, entry.Value, scopes));
            }
            // Nested trees after their level, in reverse so they are read in file order.
            for (var i = level.Count - 1; i >= 0; i--)
            {
                if (level[i].Value.ValueKind == JsonValueKind.Object &&
                    level[i].Value.TryGetProperty("dependencies", out var nested) && nested.ValueKind == JsonValueKind.Object)
                    pending.Push([.. scopes, nested]);
            }
        }
        var dependsOn = new Dictionary<(string, string), List<PackageKey>>();
        foreach (var (name, version, entry, scopes) in found)
        {
            var list = dependsOn.TryGetValue((name, version), out var l) ? l : dependsOn[(name, version)] = [];
            if (!entry.TryGetProperty("requires", out var requires) || requires.ValueKind != JsonValueKind.Object) continue;
            var chain = new List<JsonElement>();
            if (entry.TryGetProperty("dependencies", out var own) && own.ValueKind == JsonValueKind.Object) chain.Add(own);
            for (var i = scopes.Count - 1; i >= 0; i--) chain.Add(scopes[i]);
            foreach (var required in requires.EnumerateObject())
            {
                foreach (var scope in chain)
                {
                    if (!scope.TryGetProperty(required.Name, out var hit) || hit.ValueKind != JsonValueKind.Object) continue;
                    if (Resolve(required.Name, Npm.String(hit, "version")) is { } dep && !list.Contains(new PackageKey(dep.Name, dep.Version)))
                        list.Add(new PackageKey(dep.Name, dep.Version));
                    break;
                }
            }
        }
        foreach (var (name, version, entry, _) in found)
            Npm.AddUnique(packages, seen, Npm.Record(name, version, Npm.Licenses(entry), path, layerDigest) with { DependsOn = dependsOn[(name, version)] });
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
