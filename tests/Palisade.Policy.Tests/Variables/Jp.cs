using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Palisade.Policy.Variables;

namespace Palisade.Policy.Tests.Variables;

/// <summary>Helpers: evaluate an expression and render results as Go's JSON.</summary>
internal static class Jp
{
    /// <summary>Evaluates over <paramref name="json"/> (an empty object by default).</summary>
    public static JToken? Eval(string expression, string json = "{}") => VariableResolver.Evaluate(expression, Parse(json));

    /// <summary>Parses JSON keeping date-like strings as strings (as Palisade's document reader does).</summary>
    public static JToken Parse(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None };
        return JToken.ReadFrom(reader);
    }

    /// <summary>The result as Go's compact JSON (<c>"text"</c>, <c>3</c>, <c>{"a":1}</c>).</summary>
    public static string Json(string expression, string json = "{}") => GoJson.Serialize(Eval(expression, json));

    /// <summary>The error an expression raises.</summary>
    public static VariableException Error(string expression, string json = "{}") =>
        Assert.Throws<VariableException>(() => Eval(expression, json));

    /// <summary>A context for a resource given as JSON.</summary>
    public static PolicyContext Context(string resourceJson, string? operation = "CREATE") => new(Parse(resourceJson), operation);
}
