using System.Text.Json;

namespace Palisade.Images.Catalogers.Python;

/// <summary>
/// Packages locked by Pipenv: Pipfile.lock, a JSON object whose "default" and "develop" maps go from package name to an
/// entry with a "version" such as "==1.0" (the leading '=' signs are dropped). Entries without a version (VCS or path
/// dependencies) are listed with an empty version.
/// </summary>
public sealed class PipfileLockCataloger : DatabaseFileCataloger
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Skip };

    public override string Name => "python-pipfile";

    public override bool Wants(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return PythonPackages.FileName(path) == "Pipfile.lock";
    }

    protected override IReadOnlyList<PackageRecord> Parse(string path, byte[] content, string? layerDigest, OsRelease? os)
    {
        var bytes = content.AsMemory();
        if (bytes.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes, Options);
        }
        catch (JsonException e)
        {
            throw new CatalogerException($"invalid JSON: {e.Message}", path, e.LineNumber is { } l ? (int)Math.Min(l + 1, int.MaxValue) : null);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new CatalogerException("not a Pipfile.lock: the document is not a JSON object", path, 1);
            var sections = new[] { "default", "develop" }
                .Select(s => root.TryGetProperty(s, out var v) ? v : default)
                .Where(v => v.ValueKind != JsonValueKind.Undefined)
                .ToList();
            if (sections.Count == 0 && !root.TryGetProperty("_meta", out _))
                throw new CatalogerException("not a Pipfile.lock: no \"_meta\", \"default\" or \"develop\" key", path, 1);
            var packages = new List<PackageRecord>();
            var seen = new HashSet<(string, string)>();
            foreach (var section in sections)
            {
                if (section.ValueKind == JsonValueKind.Null) continue;
                if (section.ValueKind != JsonValueKind.Object) throw new CatalogerException("\"default\" and \"develop\" must be JSON objects", path);
                foreach (var entry in section.EnumerateObject())
                {
                    if (string.IsNullOrWhiteSpace(entry.Name)) continue;
                    var version = entry.Value.ValueKind == JsonValueKind.Object &&
                        entry.Value.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String
                            ? v.GetString()!.Trim().TrimStart('=').Trim()
                            : "";
                    PythonPackages.AddDistinct(packages, seen, PythonPackages.Create(entry.Name, version, [], path, layerDigest));
                }
            }
            return packages;
        }
    }
}
