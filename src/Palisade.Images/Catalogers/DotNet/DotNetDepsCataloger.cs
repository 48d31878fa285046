using System.Text.Json;

namespace Palisade.Images.Catalogers.DotNet;

/// <summary>
/// .NET applications' <c>*.deps.json</c> (written by the SDK beside the built app): the "libraries" map of
/// "Name/Version" keys. Libraries of type "package" (NuGet packages) and "project" (referenced projects) are reported as
/// pkg:nuget/Name@Version; the application's own project (the one named like the file, else the first library when it
/// is a project) and other types ("referenceassembly", "reference") are not.
/// </summary>
public sealed class DotNetDepsCataloger : DatabaseFileCataloger
{
    private const string Suffix = ".deps.json";

    public override string Name => "dotnet-deps";

    public override bool Wants(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = FileName(path);
        return file.Length > Suffix.Length && file.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase);
    }

    protected override IReadOnlyList<PackageRecord> Parse(string path, byte[] content, string? layerDigest, OsRelease? os)
    {
        using var doc = LockfileText.ParseJson(path, content);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new CatalogerException("not a .deps.json file (the top level is not an object)", path, 1);
        if (!root.TryGetProperty("libraries", out var libraries)) return [];
        if (libraries.ValueKind != JsonValueKind.Object)
            throw new CatalogerException("\"libraries\" is not an object", path, LockfileText.LineOfProperty(content, "libraries"));

        var entries = new List<(string Name, string Version, string Type)>();
        foreach (var library in libraries.EnumerateObject())
        {
            var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || slash == library.Name.Length - 1)
                throw new CatalogerException($"library key \"{library.Name}\" is not \"Name/Version\"", path, LockfileText.LineOfProperty(content, library.Name));
            if (library.Value.ValueKind != JsonValueKind.Object)
                throw new CatalogerException($"library \"{library.Name}\" is not an object", path, LockfileText.LineOfProperty(content, library.Name));
            entries.Add((library.Name[..slash], library.Name[(slash + 1)..], LockfileText.StringProperty(library.Value, "type") ?? ""));
        }

        var stem = FileName(path)[..^Suffix.Length];
        var rootIndex = entries.FindIndex(e => IsProject(e.Type) && string.Equals(e.Name, stem, StringComparison.OrdinalIgnoreCase));
        if (rootIndex < 0 && entries.Count > 0 && IsProject(entries[0].Type)) rootIndex = 0;

        var dependencies = TargetDependencies(root);
        var known = new Dictionary<(string, string), PackageKey>();
        foreach (var (name, version, _) in entries) known.TryAdd((name.ToUpperInvariant(), version), new PackageKey(name, version));

        var packages = new List<PackageRecord>();
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < entries.Count; i++)
        {
            var (name, version, type) = entries[i];
            if (i == rootIndex) continue;
            if (!IsProject(type) && !string.Equals(type, "package", StringComparison.OrdinalIgnoreCase)) continue;
            if (!seen.Add((name.ToUpperInvariant(), version))) continue;
            var deps = dependencies.GetValueOrDefault((name.ToUpperInvariant(), version)) ?? [];
            packages.Add(new PackageRecord(name, version, "nuget", PackageUrl.Build("nuget", null, name, version), [], null, null, null, path, layerDigest)
            {
                DependsOn = deps.Select(d => known.TryGetValue((d.Name.ToUpperInvariant(), d.Version), out var k) ? k : (PackageKey?)null)
                    .OfType<PackageKey>().Where(k => k != new PackageKey(name, version)).Distinct().ToList(),
            });
        }
        return packages;
    }

    /// <summary>"targets" -> first framework -> "Name/Version" -> "dependencies" {name: version}: each library's dependencies.</summary>
    private static Dictionary<(string, string), List<PackageKey>> TargetDependencies(JsonElement root)
    {
        var result = new Dictionary<(string, string), List<PackageKey>>();
        if (!root.TryGetProperty("targets", out var targets) || targets.ValueKind != JsonValueKind.Object) return result;
        foreach (var target in targets.EnumerateObject())
        {
            if (target.Value.ValueKind != JsonValueKind.Object) continue;
            foreach (var library in target.Value.EnumerateObject())
            {
                var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
                if (slash <= 0 || library.Value.ValueKind != JsonValueKind.Object) continue;
                if (!library.Value.TryGetProperty("dependencies", out var deps) || deps.ValueKind != JsonValueKind.Object) continue;
                var key = (library.Name[..slash].ToUpperInvariant(), library.Name[(slash + 1)..]);
                if (result.ContainsKey(key)) continue;
                result[key] = [.. deps.EnumerateObject().Where(d => d.Value.ValueKind == JsonValueKind.String).Select(d => new PackageKey(d.Name, d.Value.GetString()!))];
            }
        }
        return result;
    }

    private static bool IsProject(string type) => string.Equals(type, "project", StringComparison.OrdinalIgnoreCase);

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];
}
