using System.Text.Json;

namespace Palisade.Images.Catalogers.DotNet;

/// <summary>
/// NuGet's <c>packages.lock.json</c>: "dependencies" maps each target framework (optionally "/runtime") to packages with
/// a "type" (Direct, Transitive, CentralTransitive, Project) and a "resolved" version. Every package but Project
/// references is reported once per (name, version) as pkg:nuget/Name@Version.
/// </summary>
public sealed class DotNetPackagesLockCataloger : DatabaseFileCataloger
{
    private const string LockFile = "packages.lock.json";

    public override string Name => "dotnet-packages-lock";

    public override bool Wants(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path == LockFile || path.EndsWith("/" + LockFile, StringComparison.Ordinal);
    }

    protected override IReadOnlyList<PackageRecord> Parse(string path, byte[] content, string? layerDigest, OsRelease? os)
    {
        using var doc = LockfileText.ParseJson(path, content);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("dependencies", out var frameworks))
            throw new CatalogerException("not a NuGet packages.lock.json (no \"dependencies\" object)", path, 1);
        if (frameworks.ValueKind != JsonValueKind.Object)
            throw new CatalogerException("\"dependencies\" is not an object", path, LockfileText.LineOfProperty(content, "dependencies"));

        var packages = new List<PackageRecord>();
        var seen = new HashSet<(string, string)>();
        foreach (var framework in frameworks.EnumerateObject())
        {
            if (framework.Value.ValueKind != JsonValueKind.Object)
                throw new CatalogerException($"target framework \"{framework.Name}\" is not an object", path, LockfileText.LineOfProperty(content, framework.Name));
            foreach (var dependency in framework.Value.EnumerateObject())
            {
                if (dependency.Value.ValueKind != JsonValueKind.Object)
                    throw new CatalogerException($"dependency \"{dependency.Name}\" is not an object", path, LockfileText.LineOfProperty(content, dependency.Name));
                var type = LockfileText.StringProperty(dependency.Value, "type");
                if (string.Equals(type, "Project", StringComparison.OrdinalIgnoreCase)) continue;
                var version = LockfileText.StringProperty(dependency.Value, "resolved")?.Trim();
                if (string.IsNullOrEmpty(version) || dependency.Name.Length == 0) continue;
                if (!seen.Add((dependency.Name.ToUpperInvariant(), version))) continue;
                packages.Add(new PackageRecord(dependency.Name, version, "nuget", PackageUrl.Build("nuget", null, dependency.Name, version), [], null, null, null, path, layerDigest));
            }
        }
        return packages;
    }
}
