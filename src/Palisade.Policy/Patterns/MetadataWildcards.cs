using Newtonsoft.Json.Linq;

namespace Palisade.Policy.Patterns;

/// <summary>
/// Wildcard keys under a pattern's <c>metadata.labels</c> and <c>metadata.annotations</c> (Kyverno's
/// <c>ExpandInMetadata</c>): a key such as <c>app.kubernetes.io/*</c> or <c>=(container.apparmor.security.beta.kubernetes.io/*)</c>
/// is replaced by the resource keys it matches, keeping its anchor and its value pattern; a key matching nothing stays
/// as it is (and is then looked up literally).
/// </summary>
/// <remarks>
/// Kyverno replaces a wildcard key by one matching resource key, whichever its map iteration meets first; here it
/// stands for every matching key, which gives the same answer whenever the matching keys agree and never depends on
/// iteration order.
/// </remarks>
internal static class MetadataWildcards
{
    private static readonly string[] Tags = ["labels", "annotations"];

    /// <summary>The pattern map's entries, with <c>metadata</c> expanded against the resource if it needs to be.</summary>
    public static IReadOnlyList<KeyValuePair<string, JToken>> Expand(JObject pattern, JObject resource)
    {
        var entries = pattern.Properties().Select(p => new KeyValuePair<string, JToken>(p.Name, p.Value)).ToList();
        var index = entries.FindIndex(e => NamesTag(e.Key, "metadata"));
        if (index < 0 || entries[index].Value is not JObject patternMetadata) return entries;
        if (resource["metadata"] is not JObject resourceMetadata) return entries;

        JObject? expandedMetadata = null;
        foreach (var tag in Tags)
        {
            var tagProperty = patternMetadata.Properties().FirstOrDefault(p => NamesTag(p.Name, tag));
            if (tagProperty?.Value is not JObject patternTag || !AllStrings(patternTag)) continue;
            if (resourceMetadata[tag] is not JObject resourceTag || !AllStrings(resourceTag)) continue;
            if (!patternTag.Properties().Any(p => Wildcard.Contains(p.Name))) continue;
            expandedMetadata ??= (JObject)patternMetadata.DeepClone();
            expandedMetadata[tagProperty.Name] = ExpandKeys(patternTag, resourceTag);
        }
        if (expandedMetadata is null) return entries;
        entries[index] = new KeyValuePair<string, JToken>(entries[index].Key, expandedMetadata);
        return entries;
    }

    private static JObject ExpandKeys(JObject pattern, JObject resource)
    {
        var result = new JObject();
        foreach (var property in pattern.Properties())
        {
            if (!Wildcard.Contains(property.Name))
            {
                result[property.Name] = property.Value.DeepClone();
                continue;
            }
            var anchor = Anchor.Parse(property.Name);
            var matches = resource.Properties().Select(p => p.Name).Where(name => Wildcard.Match(anchor.Key, name)).ToList();
            if (matches.Count == 0)
            {
                result[property.Name] = property.Value.DeepClone();
                continue;
            }
            foreach (var name in matches) result[anchor.Format(name)] = property.Value.DeepClone();
        }
        return result;
    }

    private static bool NamesTag(string key, string tag) => key == tag || Anchor.Parse(key).Key == tag;

    private static bool AllStrings(JObject map) => map.Properties().All(p => p.Value.Type == JTokenType.String);
}
