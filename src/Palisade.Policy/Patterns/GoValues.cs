using System.Globalization;
using System.Numerics;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Palisade.Policy.Patterns;

/// <summary>
/// How Kyverno (Go) sees a JSON value: its kind, its number as int64 or float64, and the text Go's formatting verbs
/// give it (<c>fmt.Sprint</c>, <c>%f</c>, <c>strconv.FormatFloat(v, 'E', -1, 64)</c>), plus Go's <c>ParseFloat</c>.
/// </summary>
internal static class GoValues
{
    /// <summary>The kinds of value Kyverno's Go code switches on.</summary>
    internal enum Kind
    {
        Null,
        Bool,
        Int,
        Float,
        String,
        Map,
        List,
    }

    /// <summary>The kind of a value; a missing value is <see cref="Kind.Null"/>. Big integers are floats, as Go reads them.</summary>
    public static Kind KindOf(JToken? token)
    {
        switch (token?.Type)
        {
            case null or JTokenType.Null or JTokenType.Undefined:
                return Kind.Null;
            case JTokenType.Boolean:
                return Kind.Bool;
            case JTokenType.Integer:
                return ((JValue)token).Value is BigInteger or ulong and > long.MaxValue ? Kind.Float : Kind.Int;
            case JTokenType.Float:
                return Kind.Float;
            case JTokenType.Object:
                return Kind.Map;
            case JTokenType.Array:
                return Kind.List;
            default:
                return Kind.String;
        }
    }

    /// <summary>
    /// The string of a <see cref="Kind.String"/> value: other JSON scalar types (dates, GUIDs...) by their invariant
    /// text, and tokens that are not JSON values (a constructor) by their token type.
    /// </summary>
    public static string StringOf(JToken token) =>
        (token as JValue)?.Value switch
        {
            string s => s,
            null => token is JValue ? "" : token.Type.ToString(),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString() ?? "",
        };

    /// <summary>An <see cref="Kind.Int"/> value.</summary>
    public static long IntOf(JToken token) => Convert.ToInt64(((JValue)token).Value, CultureInfo.InvariantCulture);

    /// <summary>A number (<see cref="Kind.Int"/> or <see cref="Kind.Float"/>) as a float64.</summary>
    public static double FloatOf(JToken token) => ((JValue)token).Value switch
    {
        double d => d,
        float f => f,
        decimal m => (double)m,
        BigInteger b => double.Parse(b.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), // correctly rounded, as Go's ParseFloat
        var other => Convert.ToDouble(other, CultureInfo.InvariantCulture),
    };

    /// <summary>Whether a value is a number.</summary>
    public static bool IsNumber(Kind kind) => kind is Kind.Int or Kind.Float;

    /// <summary>Whether a float64 has no fraction and fits an int64, and that int64.</summary>
    public static bool TryExactInt(double d, out long value)
    {
        value = 0;
        if (double.IsNaN(d) || double.IsInfinity(d) || d != Math.Truncate(d) || d < -9.2233720368547758E18 || d >= 9.2233720368547758E18) return false;
        value = (long)d;
        return true;
    }

    /// <summary>Go's <c>strconv.ParseFloat(s, 64)</c> for decimal text and inf/infinity/nan (hexadecimal floats are not read).</summary>
    public static bool TryParseFloat(string text, out double value)
    {
        value = 0;
        if (text.Length == 0) return false;
        var body = text.AsSpan();
        var sign = 1.0;
        if (body[0] is '+' or '-')
        {
            sign = body[0] == '-' ? -1 : 1;
            body = body[1..];
        }
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = sign * double.PositiveInfinity;
            return true;
        }
        if (text.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }
        if (body.IsEmpty || body.ContainsAnyExcept("0123456789.eE+-")) return false;
        const NumberStyles style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (!double.TryParse(text, style, CultureInfo.InvariantCulture, out value)) return false;
        return !double.IsInfinity(value); // Go reports a range error on overflow
    }

    /// <summary>Go's <c>fmt.Sprintf("%f", d)</c>: six decimals, no exponent.</summary>
    public static string FormatFixed6(double d) => NonFinite(d) ?? d.ToString("F6", CultureInfo.InvariantCulture);

    /// <summary>Go's <c>strconv.FormatFloat(d, 'E', -1, 64)</c>: shortest digits in exponent form, e.g. <c>1.5E+00</c>.</summary>
    public static string FormatExponentUpper(double d)
    {
        if (NonFinite(d) is { } special) return special;
        var (negative, digits, point) = ShortestDigits(d);
        return (negative ? "-" : "") + Exponential(digits, point, 'E');
    }

    /// <summary>Go's <c>fmt.Sprint</c> of a float64 (<c>%v</c>, i.e. shortest <c>%g</c>): <c>5000</c>, <c>0.5</c>, <c>1e+06</c>.</summary>
    public static string FormatV(double d)
    {
        if (NonFinite(d) is { } special) return special;
        var (negative, digits, point) = ShortestDigits(d);
        var sign = negative ? "-" : "";
        var exponent = point - 1;
        if (digits != "0" && (exponent < -4 || exponent >= 6)) return sign + Exponential(digits, point, 'e');
        if (digits == "0") return sign + "0";
        if (point <= 0) return sign + "0." + new string('0', -point) + digits;
        if (point >= digits.Length) return sign + digits + new string('0', point - digits.Length);
        return sign + digits[..point] + "." + digits[point..];
    }

    /// <summary>
    /// Go's <c>fmt.Sprint</c> of a decoded JSON value: numbers as float64 (JSON numbers are float64 in Kyverno's
    /// conditions), <c>&lt;nil&gt;</c>, <c>[a b]</c>, <c>map[k:v]</c> with sorted keys.
    /// </summary>
    public static string Sprint(JToken? token)
    {
        var builder = new StringBuilder();
        AppendSprint(builder, token, intsAsFloats: true, depthLeft: int.MaxValue);
        return builder.ToString();
    }

    /// <summary>A value for a message, as Go's <c>%v</c> prints it, with lists and maps shown down to <paramref name="depth"/> levels.</summary>
    public static string Describe(JToken? token, int depth)
    {
        var builder = new StringBuilder();
        AppendSprint(builder, token, intsAsFloats: false, depthLeft: depth);
        return builder.ToString();
    }

    private static void AppendSprint(StringBuilder builder, JToken? token, bool intsAsFloats, int depthLeft)
    {
        var kind = KindOf(token);
        if (kind is Kind.List or Kind.Map && depthLeft == 0)
        {
            builder.Append("...");
            return;
        }
        switch (kind)
        {
            case Kind.Null:
                builder.Append("<nil>");
                break;
            case Kind.Bool:
                builder.Append((bool)token! ? "true" : "false");
                break;
            case Kind.Int when !intsAsFloats:
                builder.Append(IntOf(token!).ToString(CultureInfo.InvariantCulture));
                break;
            case Kind.Int:
            case Kind.Float:
                builder.Append(FormatV(FloatOf(token!)));
                break;
            case Kind.String:
                builder.Append(StringOf(token!));
                break;
            case Kind.List:
                builder.Append('[');
                var first = true;
                foreach (var item in (JArray)token!)
                {
                    if (!first) builder.Append(' ');
                    first = false;
                    AppendSprint(builder, item, intsAsFloats, depthLeft - 1);
                }
                builder.Append(']');
                break;
            default:
                builder.Append("map[");
                var firstKey = true;
                foreach (var property in ((JObject)token!).Properties().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    if (!firstKey) builder.Append(' ');
                    firstKey = false;
                    builder.Append(property.Name).Append(':');
                    AppendSprint(builder, property.Value, intsAsFloats, depthLeft - 1);
                }
                builder.Append(']');
                break;
        }
    }

    /// <summary>How Go writes NaN and the infinities, or null for a finite number.</summary>
    private static string? NonFinite(double d) => double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "+Inf" : double.IsNegativeInfinity(d) ? "-Inf" : null;

    /// <summary>d = 0.digits × 10^point, with the shortest digits that read back as d.</summary>
    private static (bool Negative, string Digits, int Point) ShortestDigits(double d)
    {
        var negative = d < 0 || (d == 0 && double.IsNegative(d));
        if (d == 0) return (negative, "0", 1);
        var text = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = dot >= 0 ? dot : text.Length;
        var all = dot >= 0 ? text.Remove(dot, 1) : text;
        var leading = all.Length - all.TrimStart('0').Length;
        all = all.TrimStart('0').TrimEnd('0');
        return (negative, all, integerDigits - leading + exponent);
    }

    private static string Exponential(string digits, int point, char marker)
    {
        var exponent = digits == "0" ? 0 : point - 1;
        var mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
        var magnitude = Math.Abs(exponent).ToString(CultureInfo.InvariantCulture).PadLeft(2, '0');
        return mantissa + marker + (exponent < 0 ? "-" : "+") + magnitude;
    }
}
