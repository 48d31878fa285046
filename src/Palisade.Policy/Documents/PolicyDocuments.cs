using System.Globalization;
using Newtonsoft.Json.Linq;
using Palisade.Kubernetes.Yaml;

namespace Palisade.Policy.Documents;

/// <summary>A YAML or JSON file that is not a valid document: the file, line and reason.</summary>
public sealed class PolicyDocumentException(string message) : Exception(message);

/// <summary>
/// The policy engine's document model is Newtonsoft's <see cref="JToken"/> (what JMESPath evaluates over): resources,
/// policies, patterns and patches are read with Palisade's bounded YAML reader (alias bombs, depth limits) and
/// converted, keeping YAML's scalar types (int, float, bool, null, string) as Kubernetes' JSON would have them.
/// </summary>
public static class PolicyDocuments
{
    /// <summary>Every non-empty document of a YAML (or JSON) stream, in order.</summary>
    /// <exception cref="PolicyDocumentException">A document does not parse (the message names <paramref name="path"/> and the line).</exception>
    public static IReadOnlyList<JToken> ReadAll(string text, string path, DocumentLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var list = new List<JToken>();
        foreach (var doc in YamlDocumentReader.Read(new StringReader(text), limits))
        {
            if (doc.Error is { } e) throw new PolicyDocumentException(string.Create(CultureInfo.InvariantCulture, $"{path}:{e.Line}: {e.Message}"));
            if (doc.Root is null || doc.Root.IsNull) continue;
            list.Add(ToJson(doc.Root));
        }
        return list;
    }

    /// <summary>Reads a file with <see cref="ReadAll(string, string, DocumentLimits?)"/>.</summary>
    public static IReadOnlyList<JToken> ReadFile(string path, DocumentLimits? limits = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PolicyDocumentException($"{path}: cannot read: {e.Message}");
        }
        return ReadAll(text, path, limits);
    }

    /// <summary>The YAML and JSON files (.yaml, .yml, .json) under a directory, recursively, in path order.</summary>
    public static IEnumerable<string> FilesUnder(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

    /// <summary>One parsed document as a JSON tree (aliases become copies; the reader bounds their expansion).</summary>
    public static JToken ToJson(YNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        switch (node)
        {
            case YMapping map:
                var obj = new JObject();
                foreach (var (key, value) in map.Entries) obj[key] = ToJson(value);
                return obj;
            case YSequence seq:
                var array = new JArray();
                foreach (var item in seq.Items) array.Add(ToJson(item));
                return array;
            case YScalar scalar:
                return scalar.Kind switch
                {
                    YScalarKind.Null => JValue.CreateNull(),
                    YScalarKind.Bool => new JValue(scalar.BoolValue ?? false),
                    YScalarKind.Int when scalar.IntValue is { } i => new JValue(i),
                    YScalarKind.Float when scalar.NumberValue is { } f => new JValue(f),
                    _ => new JValue(scalar.Value),
                };
            default:
                throw new ArgumentException("unknown node type " + node.GetType().Name, nameof(node));
        }
    }
}
