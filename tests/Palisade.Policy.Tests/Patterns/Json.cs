using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Palisade.Policy.Documents;

namespace Palisade.Policy.Tests.Patterns;

/// <summary>Test values: JSON text read without date parsing (as the policy engine reads documents), YAML via the engine's reader.</summary>
internal static class Json
{
    /// <summary>The marker tests use for "the key is missing".</summary>
    public const string Missing = "<missing>";

    /// <summary>A JSON value, or null for <see cref="Missing"/>.</summary>
    public static JToken? Parse(string json)
    {
        if (json == Missing) return null;
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double };
        return JToken.ReadFrom(reader);
    }

    /// <summary>One YAML document.</summary>
    public static JToken Yaml(string yaml) => PolicyDocuments.ReadAll(yaml, "test.yaml").Single();
}
