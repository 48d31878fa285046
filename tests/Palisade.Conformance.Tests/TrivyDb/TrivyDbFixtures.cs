using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Palisade.Conformance.Tests.TrivyDb;

/// <summary>
/// One advisory of a trivy-db fixture: the bucket it is filed in ("debian 12", "alpine 3.10", "go::GitHub Security
/// Advisory Go" ...), the package key inside that bucket, the vulnerability id, and the advisory value as JSON (FixedVersion,
/// AffectedVersion, VulnerableVersions, PatchedVersions, Status, Severity, VendorIDs ...; null when the fixture gives none).
/// </summary>
public sealed record TrivyAdvisory(string Bucket, string Package, string Id, JsonNode? Value);

/// <summary>
/// The trivy-db bolt-bucket fixtures a trivy detector test loads (pkg/detector/**/testdata/fixtures/*.yaml): a YAML list
/// of <c>{bucket, pairs}</c>, where a pair is either a nested <c>{bucket, pairs}</c> (a package) or a <c>{key, value}</c>
/// (an advisory, or in the <c>data-source</c> bucket the source of another bucket).
/// </summary>
public sealed class TrivyDbFixtures
{
    private TrivyDbFixtures(IReadOnlyList<TrivyAdvisory> advisories, IReadOnlyDictionary<string, string> dataSources)
    {
        Advisories = advisories;
        DataSources = dataSources;
    }

    /// <summary>Every advisory of every loaded fixture, in file order.</summary>
    public IReadOnlyList<TrivyAdvisory> Advisories { get; }

    /// <summary>Bucket name to the id of its data source ("debian", "ghsa", "alpine" ...), from the data-source bucket.</summary>
    public IReadOnlyDictionary<string, string> DataSources { get; }

    /// <summary>Loads fixture files.</summary>
    /// <exception cref="FormatException">A file is not a trivy-db fixture.</exception>
    public static TrivyDbFixtures Load(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var advisories = new List<TrivyAdvisory>();
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var yaml = new YamlStream();
            using (var reader = new StreamReader(path))
                yaml.Load(reader);
            if (yaml.Documents.Count == 0) continue;
            if (yaml.Documents[0].RootNode is not YamlSequenceNode buckets) throw new FormatException($"{path}: a fixture is a list of buckets");
            foreach (var bucket in buckets)
            {
                var name = Text(bucket, "bucket") ?? throw new FormatException($"{path}: a top-level entry has no bucket name");
                foreach (var pair in Pairs(bucket))
                {
                    if (name == "data-source")
                    {
                        if (Text(pair, "key") is { } key && ToJson(Child(pair, "value"))?["ID"]?.GetValue<string>() is { } id) sources[key] = id;
                        continue;
                    }
                    // A nested bucket is a package; a key/value directly in the bucket (Red Hat's CPE tables) has none.
                    var package = Text(pair, "bucket");
                    foreach (var advisory in package is null ? [pair] : Pairs(pair))
                    {
                        var id = Text(advisory, "key") ?? throw new FormatException($"{path}: an entry of bucket '{name}' has no key");
                        advisories.Add(new TrivyAdvisory(name, package ?? "", id, ToJson(Child(advisory, "value"))));
                    }
                }
            }
        }
        return new TrivyDbFixtures(advisories, sources);
    }

    private static YamlNode? Child(YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Text(YamlNode node, string key) => Child(node, key) is YamlScalarNode s ? s.Value : null;

    private static IEnumerable<YamlNode> Pairs(YamlNode node) => Child(node, "pairs") is YamlSequenceNode seq ? seq.Children : [];

    /// <summary>A YAML value as JSON: scalars as strings (an empty plain scalar is null), lists as arrays, maps as objects.</summary>
    private static JsonNode? ToJson(YamlNode? node) => node switch
    {
        null => null,
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" } => null,
        YamlScalarNode s => JsonValue.Create(s.Value ?? ""),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", ToJson(c.Value)))),
        _ => throw new FormatException($"unexpected YAML node {node.NodeType}"),
    };
}
