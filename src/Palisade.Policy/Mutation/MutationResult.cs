using System.Numerics;
using Newtonsoft.Json.Linq;

namespace Palisade.Policy.Mutation;

/// <summary>A patch that cannot be applied: a bad operation, pointer or directive, a type clash, or input past the limits.</summary>
public sealed class PatchException(string message) : Exception(message);

/// <summary>
/// What one mutate patch did to one resource. Kyverno reports a mutate rule as <c>skip</c> when it produced no change
/// ("no patches applied": its patches are the JSON diff of before and after, and an empty diff is a skip; the Kyverno
/// policy library's CLI tests rely on this, e.g. add-default-resources nginx-demo2 and
/// add-imagepullsecrets-for-containers-and-initcontainers myapp-pod-3 expect <c>skip</c> for resources that already have
/// what the patch adds) and also when a conditional or global anchor of a strategic merge overlay is not satisfied.
/// </summary>
/// <param name="Patched">The resulting resource (a new object; equal to the input when nothing changed).</param>
/// <param name="Changed">Whether <paramref name="Patched"/> differs from the input (structurally, numbers by value).</param>
/// <param name="SkipReason">Why the rule is a skip, or null when it changed the resource.</param>
public sealed record MutationResult(JObject Patched, bool Changed, string? SkipReason)
{
    /// <summary>The message Kyverno gives a mutate rule that changed nothing.</summary>
    public const string NoChange = "no patches applied";

    /// <summary>The rule status Kyverno reports for this outcome: <c>pass</c> when the resource changed, else <c>skip</c>.</summary>
    public string Status => Changed ? "pass" : "skip";

    /// <summary>The outcome of turning <paramref name="before"/> into <paramref name="after"/>.</summary>
    public static MutationResult Of(JObject before, JObject after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changed = HasChanges(before, after);
        return new MutationResult(after, changed, changed ? null : NoChange);
    }

    /// <summary>A patch that was not applied at all (an anchor condition failed): the resource unchanged, with the reason.</summary>
    public static MutationResult NotApplied(JObject resource, string reason)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return new MutationResult((JObject)resource.DeepClone(), false, reason);
    }

    /// <summary>Whether a mutation changed anything: false when <paramref name="before"/> and <paramref name="after"/> are the same JSON.</summary>
    public static bool HasChanges(JToken before, JToken after) => !JsonEquality.Equal(before, after);
}

/// <summary>
/// Structural JSON equality as a JSON patch diff sees it: object members in any order, arrays in order, numbers by value
/// (<c>1</c> equals <c>1.0</c>), strings ordinal. Iterative, so deeply nested input cannot overflow the stack.
/// </summary>
public static class JsonEquality
{
    /// <summary>True when both tokens are the same JSON value (a missing token equals JSON null).</summary>
    public static bool Equal(JToken? a, JToken? b)
    {
        var pending = new Stack<(JToken? A, JToken? B)>();
        pending.Push((a, b));
        while (pending.Count > 0)
        {
            var (x, y) = pending.Pop();
            if (IsNull(x) || IsNull(y))
            {
                if (IsNull(x) != IsNull(y)) return false;
                continue;
            }
            switch (x)
            {
                case JObject ox:
                    if (y is not JObject oy || ox.Count != oy.Count) return false;
                    foreach (var p in ox.Properties())
                    {
                        if (!oy.TryGetValue(p.Name, out var other)) return false;
                        pending.Push((p.Value, other));
                    }
                    break;
                case JArray ax:
                    if (y is not JArray ay || ax.Count != ay.Count) return false;
                    for (var i = 0; i < ax.Count; i++) pending.Push((ax[i], ay[i]));
                    break;
                default:
                    if (y is JContainer || !ScalarEqual((JValue)x!, (JValue)y!)) return false;
                    break;
            }
        }
        return true;
    }

    private static bool IsNull(JToken? t) => t is null || t.Type is JTokenType.Null or JTokenType.Undefined;

    private static bool ScalarEqual(JValue x, JValue y)
    {
        if (IsNumber(x) && IsNumber(y))
        {
            if (x.Type == JTokenType.Integer && y.Type == JTokenType.Integer) return ToBig(x) == ToBig(y);
            return (double)x == (double)y;
        }
        if (x.Type == JTokenType.String && y.Type == JTokenType.String) return string.Equals((string?)x, (string?)y, StringComparison.Ordinal);
        return x.Type == y.Type && JToken.DeepEquals(x, y);
    }

    private static bool IsNumber(JValue v) => v.Type is JTokenType.Integer or JTokenType.Float;

    private static BigInteger ToBig(JValue v) => v.Value switch
    {
        BigInteger b => b,
        ulong u => u,
        _ => Convert.ToInt64(v.Value, System.Globalization.CultureInfo.InvariantCulture),
    };
}
