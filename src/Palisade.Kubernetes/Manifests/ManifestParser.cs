using System.Text;
using Palisade.Core.Findings;
using Palisade.Kubernetes.Yaml;

namespace Palisade.Kubernetes.Manifests;

/// <summary>The objects read from one file, and the errors that stopped reading it.</summary>
public sealed class ManifestFile(string path)
{
    public string Path { get; } = path;
    public List<KubernetesObject> Objects { get; } = [];
    public List<ScanError> Errors { get; } = [];
}

/// <summary>
/// Turns YAML (multi-document) or JSON text into Kubernetes objects. Documents that are not Kubernetes
/// objects (no string apiVersion and kind) are skipped quietly; <c>kind: List</c> (and any <c>*List</c> with
/// items) is flattened. A syntax error ends the file: objects before it are kept, the error is recorded.
/// </summary>
public static class ManifestParser
{
    public static ManifestFile Parse(string text, string path, DocumentLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var file = new ManifestFile(path);
        DocumentException? jsonError = null;
        if (LooksLikeJson(text))
        {
            try
            {
                AddObjects(file, JsonDocumentReader.Read(Encoding.UTF8.GetBytes(text), limits), path);
                return file;
            }
            catch (DocumentException e)
            {
                // Maybe YAML in flow style (YAML is a superset of JSON): the YAML reader decides; if it fails
                // too, the JSON error is the one that explains the file.
                jsonError = e;
            }
        }
        var yaml = new ManifestFile(path);
        using var reader = new StringReader(text);
        foreach (var doc in YamlDocumentReader.Read(reader, limits))
        {
            if (doc.Error is { } e)
            {
                var (kind, error) = jsonError is null ? ("YAML", e) : ("JSON", jsonError);
                var line = Math.Max(error.Line, 1);
                yaml.Errors.Add(new ScanError($"invalid {kind}: {error.Message}", new SourceLocation(path, line, line)));
                break;
            }
            if (doc.Root is not null) AddObjects(yaml, doc.Root, path);
        }
        return yaml;
    }

    private static bool LooksLikeJson(string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c == '\uFEFF') continue;
            return c is '{' or '[';
        }
        return false;
    }

    private static void AddObjects(ManifestFile file, YNode root, string path)
    {
        if (root is not YMapping map) return;
        var apiVersion = map["apiVersion"] as YScalar;
        var kind = map["kind"] as YScalar;
        if (apiVersion is not { Kind: YScalarKind.String } || kind is not { Kind: YScalarKind.String }) return;
        if (apiVersion.Value.Length == 0 || kind.Value.Length == 0) return;
        if (kind.Value.EndsWith("List", StringComparison.Ordinal) && map["items"] is YSequence items)
        {
            foreach (var item in items.Items) AddObjects(file, item, path);
            return;
        }
        file.Objects.Add(new KubernetesObject(map, apiVersion.Value, kind.Value, path));
    }
}
