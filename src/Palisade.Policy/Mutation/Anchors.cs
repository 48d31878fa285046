using System.Globalization;
using Newtonsoft.Json.Linq;
using Palisade.Policy.Matching;

namespace Palisade.Policy.Mutation;

/// <summary>The anchors Kyverno reads in a key of a mutate overlay.</summary>
internal enum AnchorKind
{
    /// <summary>A plain key.</summary>
    None,

    /// <summary><c>(key)</c>: apply the enclosing part only when the resource's value matches.</summary>
    Condition,

    /// <summary><c>+(key)</c>: add the value only when the resource has no such key.</summary>
    AddIfNotPresent,

    /// <summary><c>&lt;(key)</c>: like a condition, but when it fails the whole patch is not applied.</summary>
    Global,

    /// <summary><c>=(key)</c>: when the key is present its value must match.</summary>
    Equality,

    /// <summary><c>^(key)</c>: at least one element of the resource's list must match.</summary>
    Existence,

    /// <summary><c>X(key)</c>: the key must be absent.</summary>
    Negation,
}

/// <summary>An overlay key split into its anchor and the field name inside the parentheses.</summary>
internal readonly record struct AnchorKey(AnchorKind Kind, string Key)
{
    /// <summary>Anchors that test the resource (and are dropped from the patch that is merged).</summary>
    public bool IsCondition => Kind is AnchorKind.Condition or AnchorKind.Global or AnchorKind.Equality or AnchorKind.Existence or AnchorKind.Negation;

    /// <summary><c>(k)</c>, <c>+(k)</c>, <c>&lt;(k)</c>, <c>=(k)</c>, <c>^(k)</c>, <c>X(k)</c> with a non-empty k; anything else is a plain key.</summary>
    public static AnchorKey Parse(string name)
    {
        if (name.Length > 2 && name[0] == '(' && name[^1] == ')') return new AnchorKey(AnchorKind.Condition, name[1..^1]);
        if (name.Length > 3 && name[1] == '(' && name[^1] == ')')
        {
            var kind = name[0] switch
            {
                '+' => AnchorKind.AddIfNotPresent,
                '<' => AnchorKind.Global,
                '=' => AnchorKind.Equality,
                '^' => AnchorKind.Existence,
                'X' => AnchorKind.Negation,
                _ => AnchorKind.None,
            };
            if (kind != AnchorKind.None) return new AnchorKey(kind, name[2..^1]);
        }
        return new AnchorKey(AnchorKind.None, name);
    }

    /// <summary>Whether any key of <paramref name="token"/> or below is an anchor that satisfies <paramref name="which"/>.</summary>
    public static bool Any(JToken token, Func<AnchorKey, bool> which)
    {
        var pending = new Stack<JToken>();
        pending.Push(token);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case JObject o:
                    foreach (var p in o.Properties())
                    {
                        if (which(Parse(p.Name))) return true;
                        pending.Push(p.Value);
                    }
                    break;
                case JArray a:
                    foreach (var item in a) pending.Push(item);
                    break;
            }
        }
        return false;
    }
}

/// <summary>
/// The small value matcher behind mutate anchors. It is deliberately minimal (the full Kyverno pattern language lives in
/// Palisade.Policy.Patterns): a string pattern is a <c>|</c>-separated list of alternatives, each optionally negated with
/// <c>!</c>, either a numeric comparison (<c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>!=</c> followed by a
/// number) or a wildcard (<c>*</c>, <c>?</c>) matched against the value's string form; <c>"*"</c> alone also matches
/// objects and arrays. Numbers match by value, booleans exactly, null matches null or missing. An object pattern needs
/// each of its keys to match; an array pattern of one object needs every element to match it, any other array pattern
/// must match element by element.
/// </summary>
internal static class AnchorValues
{
    public static bool Matches(JToken pattern, JToken? value) => Matches(pattern, value, 0);

    private static bool Matches(JToken pattern, JToken? value, int depth)
    {
        if (depth > StrategicMerge.MaxDepth) throw new PatchException($"anchor pattern nested deeper than {StrategicMerge.MaxDepth} levels");
        var missing = value is null || value.Type == JTokenType.Null;
        switch (pattern)
        {
            case JObject po:
                if (value is not JObject vo) return false;
                foreach (var p in po.Properties())
                {
                    var a = AnchorKey.Parse(p.Name);
                    var present = vo.TryGetValue(a.Key, out var v) && v.Type != JTokenType.Null;
                    var ok = a.Kind switch
                    {
                        AnchorKind.Negation => !present,
                        AnchorKind.Equality or AnchorKind.AddIfNotPresent => !present || Matches(p.Value, v, depth + 1),
                        _ => Matches(p.Value, v, depth + 1),
                    };
                    if (!ok) return false;
                }
                return true;
            case JArray pa:
                if (value is not JArray va) return false;
                if (pa.Count == 1 && pa[0] is JObject) return va.All(item => Matches(pa[0], item, depth + 1));
                return pa.Count == va.Count && pa.Zip(va).All(pair => Matches(pair.First, pair.Second, depth + 1));
            default:
                if (pattern.Type == JTokenType.Null) return missing;
                if (missing) return false;
                if (pattern.Type == JTokenType.String) return MatchesString((string)pattern!, value!);
                if (value is JContainer) return false;
                if (pattern.Type is JTokenType.Integer or JTokenType.Float && TryNumber(value!, out var n)) return n == (double)pattern;
                return JsonEquality.Equal(pattern, value);
        }
    }

    private static bool MatchesString(string pattern, JToken value)
    {
        if (pattern == "*") return true;
        if (value is JContainer) return false;
        var text = ScalarText(value);
        foreach (var raw in pattern.Split('|'))
        {
            var alternative = raw.Trim();
            var negated = alternative.StartsWith('!') && !alternative.StartsWith("!=", StringComparison.Ordinal);
            if (negated) alternative = alternative[1..];
            if (MatchesOne(alternative, text, value) != negated) return true;
        }
        return false;
    }

    private static readonly string[] Operators = [">=", "<=", "!=", ">", "<"];

    private static bool MatchesOne(string pattern, string text, JToken value)
    {
        foreach (var op in Operators)
        {
            if (!pattern.StartsWith(op, StringComparison.Ordinal)) continue;
            if (!double.TryParse(pattern.AsSpan(op.Length).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var limit)) break;
            if (!TryNumber(value, out var n)) return op == "!=";
            return op switch
            {
                ">=" => n >= limit,
                "<=" => n <= limit,
                "!=" => n != limit,
                ">" => n > limit,
                _ => n < limit,
            };
        }
        return Patterns.Wildcard.Match(pattern, text);
    }

    private static string ScalarText(JToken value) => value.Type switch
    {
        JTokenType.Boolean => (bool)value ? "true" : "false",
        JTokenType.Integer or JTokenType.Float => Convert.ToString(((JValue)value).Value, CultureInfo.InvariantCulture) ?? "",
        _ => (string?)value ?? "",
    };

    private static bool TryNumber(JToken value, out double number)
    {
        if (value.Type is JTokenType.Integer or JTokenType.Float)
        {
            number = (double)value;
            return true;
        }
        number = 0;
        return value.Type == JTokenType.String && double.TryParse((string?)value, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }
}
