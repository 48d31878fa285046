using Newtonsoft.Json.Linq;
using Palisade.Policy.Documents;

namespace Palisade.Policy.Tests.Mutation;

/// <summary>Test input written as YAML, read through the engine's own document reader.</summary>
internal static class Yaml
{
    public static JObject Obj(string yaml) => (JObject)PolicyDocuments.ReadAll(yaml, "test.yaml").Single();

    public static JToken Token(string yaml) => PolicyDocuments.ReadAll(yaml, "test.yaml").Single();

    /// <summary>Asserts structural JSON equality (numbers by value), printing both sides when they differ.</summary>
    public static void Same(JToken expected, JToken actual) =>
        Assert.True(Palisade.Policy.Mutation.JsonEquality.Equal(expected, actual), $"expected:\n{expected}\nactual:\n{actual}");
}
