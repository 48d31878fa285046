using System.Text;
using System.Text.Json;
using Newtonsoft.Json.Linq;
using static Palisade.Policy.Patterns.GoValues;

namespace Palisade.Policy.Patterns;

/// <summary>A condition Kyverno cannot evaluate: an unknown operator or an operand nested too deeply.</summary>
public sealed class ConditionException(string message) : Exception(message);

/// <summary>
/// The operators of Kyverno's <c>preconditions</c> and <c>deny.conditions</c>, applied to a key and a value after
/// variable substitution. Operator names are case-insensitive. As in Kyverno, JSON numbers are float64 here.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>Equals</c>/<c>NotEquals</c> (<c>Equal</c>/<c>NotEqual</c>): by the key's type. A bool key needs the same
/// bool. A number key equals a number or a string that reads as that number. A string key: if either side is a Go
/// duration (not the bare <c>0</c>) and the other a duration or a number of seconds, the durations are compared; else
/// if both are quantities they are compared; else the value must be a string and the key must match it as a wildcard
/// pattern. Maps and lists are compared deeply. A null key equals nothing (so <c>NotEquals</c> holds).</item>
/// <item><c>AnyIn</c>, <c>AllIn</c>, <c>AnyNotIn</c>, <c>AllNotIn</c>: the key (a scalar, or a list for "any"/"all") against
/// the value: a list (elements compared by their Go text, wildcards either way), a range string <c>a-b</c>, a JSON
/// array of strings in a string, or a single string. <c>AllNotIn</c> holds when none of the keys is found, as
/// documented. <c>In</c>/<c>NotIn</c> are the deprecated forms: exact subsets for list keys, no ranges.</item>
/// <item><c>GreaterThan</c>, <c>GreaterThanOrEquals</c>, <c>LessThan</c>, <c>LessThanOrEquals</c>: durations (a number is
/// seconds), then quantities (two strings), then floats, then semantic versions (<c>1.2.3-rc.1</c>).</item>
/// <item><c>DurationGreaterThan</c>, <c>DurationGreaterThanOrEquals</c>, <c>DurationLessThan</c>,
/// <c>DurationLessThanOrEquals</c> (deprecated): both sides as durations, numbers as whole seconds.</item>
/// </list>
/// </remarks>
public static class ConditionOperators
{
    /// <summary>The deepest key or value accepted.</summary>
    public const int MaxDepth = PatternValidator.MaxDepth;

    private static readonly Dictionary<string, Func<JToken?, JToken?, bool>> Operators = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Equals"] = Equal,
        ["Equal"] = Equal,
        ["NotEquals"] = (k, v) => !Equal(k, v),
        ["NotEqual"] = (k, v) => !Equal(k, v),
        ["In"] = (k, v) => LegacyIn(k, v, negate: false),
        ["NotIn"] = (k, v) => LegacyIn(k, v, negate: true),
        ["AnyIn"] = (k, v) => SetOperator(k, v, all: false, negate: false),
        ["AnyNotIn"] = (k, v) => SetOperator(k, v, all: false, negate: true),
        ["AllIn"] = (k, v) => SetOperator(k, v, all: true, negate: false),
        ["AllNotIn"] = (k, v) => SetOperator(k, v, all: true, negate: true),
        ["GreaterThan"] = (k, v) => Numeric(k, v, c => c > 0),
        ["GreaterThanOrEquals"] = (k, v) => Numeric(k, v, c => c >= 0),
        ["LessThan"] = (k, v) => Numeric(k, v, c => c < 0),
        ["LessThanOrEquals"] = (k, v) => Numeric(k, v, c => c <= 0),
        ["DurationGreaterThan"] = (k, v) => DurationOperator(k, v, c => c > 0),
        ["DurationGreaterThanOrEquals"] = (k, v) => DurationOperator(k, v, c => c >= 0),
        ["DurationLessThan"] = (k, v) => DurationOperator(k, v, c => c < 0),
        ["DurationLessThanOrEquals"] = (k, v) => DurationOperator(k, v, c => c <= 0),
    };

    private static readonly HashSet<string> Deprecated = new(StringComparer.OrdinalIgnoreCase)
    {
        "Equal", "NotEqual", "In", "NotIn", "DurationGreaterThan", "DurationGreaterThanOrEquals", "DurationLessThan", "DurationLessThanOrEquals",
    };

    /// <summary>Whether Kyverno knows the operator (any letter case).</summary>
    public static bool IsKnown(string op) => op is not null && Operators.ContainsKey(op);

    /// <summary>Whether the operator is one Kyverno deprecates (<c>Equal</c>, <c>NotEqual</c>, <c>In</c>, <c>NotIn</c>, <c>Duration*</c>).</summary>
    public static bool IsDeprecated(string op) => op is not null && Deprecated.Contains(op);

    /// <summary>Evaluates <c>key operator value</c>; null stands for a JSON null.</summary>
    /// <exception cref="ConditionException">The operator is unknown, or an operand is nested deeper than <see cref="MaxDepth"/>.</exception>
    public static bool Evaluate(string op, JToken? key, JToken? value)
    {
        ArgumentNullException.ThrowIfNull(op);
        if (!Operators.TryGetValue(op, out var evaluate))
        {
            throw new ConditionException($"unknown condition operator \"{op}\"; expected one of {string.Join(", ", Operators.Keys)}");
        }
        if ((key is not null && PatternValidator.Depth(key) > MaxDepth) || (value is not null && PatternValidator.Depth(value) > MaxDepth))
        {
            throw new ConditionException($"a condition operand is nested deeper than {MaxDepth} levels");
        }
        return evaluate(key, value);
    }

    private static bool Equal(JToken? key, JToken? value)
    {
        var valueKind = KindOf(value);
        switch (KindOf(key))
        {
            case Kind.Bool:
                return valueKind == Kind.Bool && (bool)key! == (bool)value!;
            case Kind.Int:
            case Kind.Float:
                var number = FloatOf(key!);
                return valueKind switch
                {
                    Kind.Int or Kind.Float => FloatOf(value!) == number,
                    Kind.String => TryParseFloat(StringOf(value!), out var parsed) && parsed == number,
                    _ => false,
                };
            case Kind.String:
                if (TryDurations(key, value, out var keySeconds, out var valueSeconds)) return keySeconds == valueSeconds;
                if (TryQuantities(key, value, out var keyQuantity, out var valueQuantity)) return keyQuantity == valueQuantity;
                return valueKind == Kind.String && Wildcard.Match(StringOf(value!), StringOf(key!));
            case Kind.Map:
            case Kind.List:
                return valueKind == KindOf(key) && DeepEqual(key!, value!);
            default:
                return false;
        }
    }

    /// <summary>Deep equality of decoded JSON, numbers as float64 (Go's <c>reflect.DeepEqual</c>).</summary>
    private static bool DeepEqual(JToken a, JToken b)
    {
        var kind = KindOf(a);
        if (kind != KindOf(b) && !(IsNumber(kind) && IsNumber(KindOf(b)))) return false;
        switch (kind)
        {
            case Kind.Null:
                return true;
            case Kind.Bool:
                return (bool)a == (bool)b;
            case Kind.Int:
            case Kind.Float:
                return FloatOf(a) == FloatOf(b);
            case Kind.String:
                return StringOf(a) == StringOf(b);
            case Kind.List:
                var left = (JArray)a;
                var right = (JArray)b;
                if (left.Count != right.Count) return false;
                for (var i = 0; i < left.Count; i++)
                {
                    if (!DeepEqual(left[i], right[i])) return false;
                }
                return true;
            default:
                var leftMap = (JObject)a;
                var rightMap = (JObject)b;
                if (leftMap.Count != rightMap.Count) return false;
                foreach (var property in leftMap.Properties())
                {
                    if (!rightMap.TryGetValue(property.Name, out var other) || !DeepEqual(property.Value, other)) return false;
                }
                return true;
        }
    }

    private static bool Numeric(JToken? key, JToken? value, Func<int, bool> holds)
    {
        switch (KindOf(key))
        {
            case Kind.Int:
            case Kind.Float:
                return NumericWithNumberKey(key!, FloatOf(key!), value, holds);
            case Kind.String:
                if (TryDurations(key, value, out var keySeconds, out var valueSeconds)) return holds(keySeconds.CompareTo(valueSeconds));
                if (TryQuantities(key, value, out var keyQuantity, out var valueQuantity)) return holds(keyQuantity.CompareTo(valueQuantity));
                var text = StringOf(key!);
                if (TryParseFloat(text, out var number)) return NumericWithNumberKey(new JValue(number), number, value, holds);
                if (SemanticVersion.TryParse(text, out var version))
                {
                    return KindOf(value) == Kind.String && SemanticVersion.TryParse(StringOf(value!), out var other) && holds(version.CompareTo(other));
                }
                return false;
            default:
                return false;
        }
    }

    private static bool NumericWithNumberKey(JToken key, double number, JToken? value, Func<int, bool> holds)
    {
        switch (KindOf(value))
        {
            case Kind.Int:
            case Kind.Float:
                return CompareFloats(number, FloatOf(value!), holds);
            case Kind.String:
                if (TryDurations(key, value, out var keySeconds, out var valueSeconds)) return holds(keySeconds.CompareTo(valueSeconds));
                return TryParseFloat(StringOf(value!), out var parsed) && CompareFloats(number, parsed, holds);
            default:
                return false;
        }
    }

    /// <summary>Go float comparisons: anything against NaN is false.</summary>
    private static bool CompareFloats(double a, double b, Func<int, bool> holds) =>
        !double.IsNaN(a) && !double.IsNaN(b) && holds(a.CompareTo(b));

    private static bool DurationOperator(JToken? key, JToken? value, Func<int, bool> holds) =>
        TryDurationOperand(key, out var a) && TryDurationOperand(value, out var b) && holds(a.CompareTo(b));

    /// <summary>A deprecated <c>Duration*</c> operand: a Go duration string, or a number of whole seconds.</summary>
    private static bool TryDurationOperand(JToken? token, out long nanoseconds)
    {
        nanoseconds = 0;
        return KindOf(token) switch
        {
            Kind.String => Durations.TryParse(StringOf(token!), out nanoseconds),
            Kind.Int or Kind.Float => SecondsToNanos(FloatOf(token!), out nanoseconds),
            _ => false,
        };
    }

    /// <summary>
    /// Kyverno's duration pairing: at least one side is a Go duration string other than <c>0</c>, and the other side is
    /// a duration string or a number of seconds. The results are Go's <c>Duration.Seconds()</c>.
    /// </summary>
    private static bool TryDurations(JToken? key, JToken? value, out double keySeconds, out double valueSeconds)
    {
        keySeconds = valueSeconds = 0;
        var keyIsDuration = TryDurationString(key, out var keyNanos);
        var valueIsDuration = TryDurationString(value, out var valueNanos);
        if (!keyIsDuration && !valueIsDuration) return false;
        if (!keyIsDuration && !TrySecondsOperand(key, out keyNanos)) return false;
        if (!valueIsDuration && !TrySecondsOperand(value, out valueNanos)) return false;
        keySeconds = Seconds(keyNanos);
        valueSeconds = Seconds(valueNanos);
        return true;
    }

    private static bool TryDurationString(JToken? token, out long nanoseconds)
    {
        nanoseconds = 0;
        if (KindOf(token) != Kind.String) return false;
        var text = StringOf(token!);
        return text != "0" && Durations.TryParse(text, out nanoseconds);
    }

    private static bool TrySecondsOperand(JToken? token, out long nanoseconds)
    {
        nanoseconds = 0;
        return IsNumber(KindOf(token)) && SecondsToNanos(FloatOf(token!), out nanoseconds);
    }

    /// <summary>Go's <c>time.Duration(f) * time.Second</c>: the float truncated to whole seconds, the product wrapping.</summary>
    private static bool SecondsToNanos(double seconds, out long nanoseconds)
    {
        nanoseconds = 0;
        if (double.IsNaN(seconds)) return false;
        var whole = seconds >= 9.2233720368547758E18 ? long.MaxValue : seconds <= -9.2233720368547758E18 ? long.MinValue : (long)seconds;
        nanoseconds = unchecked(whole * 1_000_000_000L);
        return true;
    }

    private static double Seconds(long nanoseconds) =>
        (nanoseconds / 1_000_000_000L) + ((nanoseconds % 1_000_000_000L) / 1e9);

    private static bool TryQuantities(JToken? key, JToken? value, out Quantity keyQuantity, out Quantity valueQuantity)
    {
        keyQuantity = valueQuantity = default;
        return KindOf(key) == Kind.String && KindOf(value) == Kind.String
            && Quantity.TryParse(StringOf(key!), out keyQuantity) && Quantity.TryParse(StringOf(value!), out valueQuantity);
    }

    /// <summary>The key of a set operator as Go text: a scalar (string, number, bool) or a list; null for other types.</summary>
    private static string? ScalarKey(JToken? key) => KindOf(key) switch
    {
        Kind.String => StringOf(key!),
        Kind.Int or Kind.Float or Kind.Bool => Sprint(key),
        _ => null,
    };

    private static bool SetOperator(JToken? key, JToken? value, bool all, bool negate)
    {
        if (key is JArray keyList)
        {
            var keys = keyList.Select(Sprint).ToList();
            return SetKeys(keys, value, all, negate);
        }
        var scalar = ScalarKey(key);
        if (scalar is null) return false;
        var found = ScalarFound(scalar, value);
        return found is not null && found.Value != negate;
    }

    /// <summary>Whether one key is in the value (null when the value is of a type that cannot hold keys).</summary>
    private static bool? ScalarFound(string key, JToken? value)
    {
        switch (KindOf(value))
        {
            case Kind.List:
                return InList(key, (JArray)value!);
            case Kind.String:
                var text = StringOf(value!);
                if (Wildcard.Match(text, key)) return true;
                if (ValuePattern.IsInRange(text)) return InRange(key, text);
                var list = ReadStringList(text, requireJson: false);
                return list?.Contains(key, StringComparer.Ordinal);
            default:
                return null;
        }
    }

    private static bool SetKeys(List<string> keys, JToken? value, bool all, bool negate)
    {
        List<string>? values;
        switch (KindOf(value))
        {
            case Kind.List:
                values = ((JArray)value!).Select(Sprint).ToList();
                break;
            case Kind.String:
                var text = StringOf(value!);
                if (keys.Count == 1 && keys[0] == text) return !negate;
                if (ValuePattern.IsInRange(text))
                {
                    var inRange = keys.Select(k => InRange(k, text)).ToList();
                    return (all, negate) switch
                    {
                        (false, false) => inRange.Contains(true),
                        (false, true) => keys.Exists(k => InRange(k, ReplaceFirst(text, "-", "!-"))),
                        (true, false) => !inRange.Contains(false),
                        _ => !inRange.Contains(true),
                    };
                }
                values = ReadStringList(text, requireJson: false);
                if (values is null) return false;
                break;
            default:
                return false;
        }
        var found = keys.Select(k => values.Exists(v => Similar(k, v))).ToList();
        return (all, negate) switch
        {
            (false, false) => found.Contains(true),
            (false, true) => found.Contains(false),
            (true, false) => !found.Contains(false),
            _ => !found.Contains(true),
        };
    }

    /// <summary>The deprecated <c>In</c>/<c>NotIn</c>: no ranges; a string value must be a JSON array of strings; list keys are exact subsets.</summary>
    private static bool LegacyIn(JToken? key, JToken? value, bool negate)
    {
        if (key is JArray keyList)
        {
            var keys = keyList.Select(Sprint).ToList();
            List<string>? values;
            switch (KindOf(value))
            {
                case Kind.List:
                    if (((JArray)value!).Any(v => KindOf(v) != Kind.String)) return false;
                    values = ((JArray)value!).Select(v => StringOf(v)).ToList();
                    break;
                case Kind.String:
                    var text = StringOf(value!);
                    if (keys.Count == 1 && keys[0] == text) return !negate;
                    values = ReadStringList(text, requireJson: true);
                    if (values is null) return false;
                    break;
                default:
                    return false;
            }
            var allIn = keys.TrueForAll(k => values.Contains(k, StringComparer.Ordinal));
            return allIn != negate;
        }
        var scalar = ScalarKey(key);
        if (scalar is null) return false;
        bool? found = KindOf(value) switch
        {
            Kind.List => InList(scalar, (JArray)value!),
            Kind.String when Wildcard.Match(StringOf(value!), scalar) => true,
            Kind.String => ReadStringList(StringOf(value!), requireJson: true)?.Contains(scalar, StringComparer.Ordinal),
            _ => null,
        };
        return found is not null && found.Value != negate;
    }

    private static bool InRange(string key, string range) => ValuePattern.MatchesString(new JValue(key), range);

    /// <summary>Whether a key is among a list's elements (by their Go text), wildcards either way.</summary>
    private static bool InList(string key, JArray list) => list.Select(Sprint).Any(v => Similar(key, v));

    /// <summary>Whether either text matches the other as a wildcard pattern.</summary>
    private static bool Similar(string a, string b) => Wildcard.Match(a, b) || Wildcard.Match(b, a);

    private static string ReplaceFirst(string text, string old, string replacement)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + old.Length));
    }

    /// <summary>
    /// A string value as a list of strings: a JSON array of strings (or JSON null, an empty list); other valid JSON is
    /// not a list (null). Text that is not JSON is a one-element list, or not a list when <paramref name="requireJson"/>.
    /// </summary>
    private static List<string>? ReadStringList(string text, bool requireJson)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 10_000 });
        var list = new List<string>();
        var isList = true;
        try
        {
            if (!reader.Read()) return requireJson ? null : [text];
            var root = reader.TokenType;
            if (root == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.String:
                            list.Add(reader.GetString() ?? "");
                            break;
                        case JsonTokenType.Null:
                            list.Add("");
                            break;
                        default:
                            isList = false;
                            reader.Skip();
                            break;
                    }
                }
            }
            else if (root != JsonTokenType.Null)
            {
                isList = false;
                reader.Skip();
            }
            while (reader.Read())
            {
                // Reading on to the end proves the whole text is one JSON value.
            }
        }
        catch (JsonException)
        {
            return requireJson ? null : [text];
        }
        return isList ? list : null;
    }
}
