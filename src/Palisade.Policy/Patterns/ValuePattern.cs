using Newtonsoft.Json.Linq;
using static Palisade.Policy.Patterns.GoValues;

namespace Palisade.Policy.Patterns;

/// <summary>
/// One scalar of a Kyverno validate pattern checked against one resource value (Kyverno's <c>pattern.Validate</c>).
/// </summary>
/// <remarks>
/// <para>By pattern type (pattern numbers are float64 in Kyverno, resource integers int64):</para>
/// <list type="bullet">
/// <item><b>bool</b>: the value must be the same bool (the string <c>"true"</c> does not match <c>true</c>).</item>
/// <item><b>number</b>: an int value must equal it (a pattern with a fraction never matches an int), a float value
/// must equal it, a string value is read as a float (<c>"1"</c> matches <c>1</c>); nothing else matches.</item>
/// <item><b>null</b>: matches a missing or null value, <c>""</c>, <c>0</c> and <c>false</c>; not maps or lists.</item>
/// <item><b>map</b>: matches any map (its keys are checked by <see cref="PatternValidator"/>); <b>list</b>: nothing.</item>
/// <item><b>string</b>: a value equal to the whole pattern matches; otherwise the pattern is split at <c>|</c> (or)
/// and each part at <c>&amp;</c> (and), spaces trimmed. Each condition is an optional operator (<c>&gt;=</c>
/// <c>&lt;=</c> <c>&gt;</c> <c>&lt;</c> <c>!</c>) and an operand, or a range <c>a-b</c> (= <c>&gt;=a &amp; &lt;=b</c>) or
/// <c>a!-b</c> (= <c>&lt;a | &gt;b</c>) of numbers with optional unit letters. An operand that is a Go duration is
/// compared as a duration when the value is one too; else an operand that is a quantity is compared as a quantity
/// when the value is one too; else only <c>!</c> and equality apply, by wildcard match on the value's text (ints in
/// decimal, floats as Go's <c>%E</c>, bools as true/false). For the duration and quantity checks a number value is
/// written as Go does (<c>%f</c> for floats) and a missing value counts as <c>0</c>; for the text match a missing,
/// map or list value never matches, not even <c>*</c>, <c>!*</c>, <c>""</c> or <c>"null"</c>.</item>
/// </list>
/// <para><c>!1-10</c> is "not equal to the text 1-10" (the <c>!</c> operator wins over the range); use <c>1!-10</c>.
/// Kyverno's documentation says a <c>null</c> or <c>""</c> pattern accepts a missing field; Kyverno's code, followed
/// here, does so for a YAML <c>null</c> pattern only (<c>""</c> and the string <c>"null"</c> need a present value).</para>
/// </remarks>
public static class ValuePattern
{
    private enum Op
    {
        Equal,
        NotEqual,
        More,
        MoreEqual,
        Less,
        LessEqual,
        InRange,
        NotInRange,
    }

    /// <summary>Whether <paramref name="value"/> (null when the key is missing) satisfies the scalar <paramref name="pattern"/>.</summary>
    public static bool Matches(JToken? value, JToken pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var valueKind = KindOf(value);
        switch (KindOf(pattern))
        {
            case Kind.Bool:
                return valueKind == Kind.Bool && (bool)value! == (bool)pattern;
            case Kind.Int:
            case Kind.Float:
                return MatchesNumber(value, valueKind, FloatOf(pattern));
            case Kind.Null:
                return valueKind switch
                {
                    Kind.Null => true,
                    Kind.Int => IntOf(value!) == 0,
                    Kind.Float => FloatOf(value!) == 0,
                    Kind.String => StringOf(value!).Length == 0,
                    Kind.Bool => !(bool)value!,
                    _ => false,
                };
            case Kind.Map:
                return valueKind == Kind.Map;
            case Kind.List:
                return false;
            default:
                return MatchesString(value, StringOf(pattern));
        }
    }

    /// <summary>Whether <paramref name="value"/> satisfies the string pattern (operators, ranges, wildcards, <c>|</c>, <c>&amp;</c>).</summary>
    public static bool MatchesString(JToken? value, string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (KindOf(value) == Kind.String && StringOf(value!) == pattern) return true;
        foreach (var alternative in pattern.Split('|'))
        {
            var all = true;
            foreach (var condition in alternative.Trim(' ').Split('&'))
            {
                if (!MatchesCondition(value, condition.Trim(' ')))
                {
                    all = false;
                    break;
                }
            }
            if (all) return true;
        }
        return false;
    }

    /// <summary>Whether a string is a Kyverno range pattern <c>a-b</c> (not <c>a!-b</c>).</summary>
    internal static bool IsInRange(string pattern) => OperatorOf(pattern) == Op.InRange;

    private static bool MatchesNumber(JToken? value, Kind kind, double pattern) => kind switch
    {
        Kind.Int => TryExactInt(pattern, out var whole) && whole == IntOf(value!),
        Kind.Float => FloatOf(value!) == pattern,
        Kind.String => TryParseFloat(StringOf(value!), out var parsed) && parsed == pattern,
        _ => false,
    };

    private static bool MatchesCondition(JToken? value, string condition)
    {
        var op = OperatorOf(condition);
        switch (op)
        {
            case Op.InRange:
            {
                var (low, high) = SplitRange(condition, "-");
                return MatchesCondition(value, ">= " + low) && MatchesCondition(value, "<= " + high);
            }
            case Op.NotInRange:
            {
                var (low, high) = SplitRange(condition, "!-");
                return MatchesCondition(value, "< " + low) || MatchesCondition(value, "> " + high);
            }
            default:
                var operand = condition[PrefixLength(op)..].Trim();
                return Compare(value, operand, op);
        }
    }

    private static bool Compare(JToken? value, string operand, Op op)
    {
        var valueText = NumberText(value);
        if (Durations.TryParse(operand, out var expected) && valueText is not null && Durations.TryParse(valueText, out var actual))
        {
            return Holds(actual.CompareTo(expected), op);
        }
        if (Quantity.TryParse(operand, out var expectedQuantity) && valueText is not null && Quantity.TryParse(valueText, out var actualQuantity))
        {
            return Holds(actualQuantity.CompareTo(expectedQuantity), op);
        }
        if (op is not (Op.Equal or Op.NotEqual)) return false;
        var text = value is null ? null : KindOf(value) switch
        {
            Kind.String => StringOf(value),
            Kind.Int => IntOf(value).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Kind.Float => FormatExponentUpper(FloatOf(value)),
            Kind.Bool => (bool)value ? "true" : "false",
            _ => null,
        };
        if (text is null) return false;
        return Wildcard.Match(operand, text) == (op == Op.Equal);
    }

    /// <summary>The value as Kyverno writes it before reading a duration or quantity: missing is "0"; maps, lists and bools have none.</summary>
    private static string? NumberText(JToken? value) => KindOf(value) switch
    {
        Kind.Null => "0",
        Kind.String => StringOf(value!),
        Kind.Int => IntOf(value!).ToString(System.Globalization.CultureInfo.InvariantCulture),
        Kind.Float => FormatFixed6(FloatOf(value!)),
        _ => null,
    };

    private static bool Holds(int comparison, Op op) => op switch
    {
        Op.Equal => comparison == 0,
        Op.NotEqual => comparison != 0,
        Op.More => comparison > 0,
        Op.MoreEqual => comparison >= 0,
        Op.Less => comparison < 0,
        _ => comparison <= 0,
    };

    private static Op OperatorOf(string pattern)
    {
        if (pattern.Length < 2) return Op.Equal;
        if (pattern.StartsWith(">=", StringComparison.Ordinal)) return Op.MoreEqual;
        if (pattern.StartsWith("<=", StringComparison.Ordinal)) return Op.LessEqual;
        if (pattern[0] == '>') return Op.More;
        if (pattern[0] == '<') return Op.Less;
        if (pattern[0] == '!') return Op.NotEqual;
        if (TryReadRange(pattern, "!-", out _, out _)) return Op.NotInRange;
        if (TryReadRange(pattern, "-", out _, out _)) return Op.InRange;
        return Op.Equal;
    }

    private static int PrefixLength(Op op) => op switch
    {
        Op.MoreEqual or Op.LessEqual => 2,
        Op.More or Op.Less or Op.NotEqual => 1,
        _ => 0,
    };

    private static (string Low, string High) SplitRange(string pattern, string separator)
    {
        TryReadRange(pattern, separator, out var low, out var high);
        return (low, high);
    }

    /// <summary>
    /// A range <c>low{separator}high</c> where each end is an optional sign (<c>-</c>, <c>+</c> or <c>|</c>), digits, an
    /// optional fraction and optional unit letters, e.g. <c>100-200</c>, <c>1Gi-2Gi</c>, <c>-5-5</c>.
    /// </summary>
    private static bool TryReadRange(string pattern, string separator, out string low, out string high)
    {
        low = high = "";
        var end = ReadEndpoint(pattern, 0);
        if (end < 0 || !pattern.AsSpan(end).StartsWith(separator, StringComparison.Ordinal)) return false;
        var second = end + separator.Length;
        var last = ReadEndpoint(pattern, second);
        if (last != pattern.Length) return false;
        low = pattern[..end];
        high = pattern[second..];
        return true;
    }

    /// <summary>The index after an endpoint starting at <paramref name="i"/>, or -1.</summary>
    private static int ReadEndpoint(string s, int i)
    {
        if (i < s.Length && s[i] is '-' or '+' or '|') i++;
        var digits = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        if (i == digits) return -1;
        if (i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        }
        while (i < s.Length && char.IsAsciiLetter(s[i])) i++;
        return i;
    }
}
