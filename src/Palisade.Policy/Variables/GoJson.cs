using System.Globalization;
using System.Numerics;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Palisade.Policy.Variables;

/// <summary>
/// JSON as Kyverno's Go code writes and reads it: <c>encoding/json</c> output (object keys sorted, HTML characters
/// escaped, numbers as float64 are printed) and Go's number model (every JSON number is a float64, so <c>1.0</c> and
/// <c>1</c> are the same value). Used wherever a value becomes text: substitution into a string, <c>to_string</c>,
/// and the string forms Kyverno's functions give numbers.
/// </summary>
public static class GoJson
{
    /// <summary>
    /// The text a value takes when substituted into a string: a string as is, anything else as Go's
    /// <c>json.Marshal</c> writes it (<c>null</c>, <c>true</c>, <c>3</c>, <c>{"a":"b"}</c>).
    /// </summary>
    public static string ToText(JToken? value) =>
        value is { Type: JTokenType.String } ? (string)value! : Serialize(value);

    /// <summary>Compact JSON the way Go's <c>json.Marshal</c> writes a decoded value: object keys sorted, <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> escaped.</summary>
    public static string Serialize(JToken? value)
    {
        var sb = new StringBuilder();
        Write(sb, value);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JToken? value)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                return;
            case JObject obj:
                sb.Append('{');
                var first = true;
                foreach (var property in SortedProperties(obj))
                {
                    if (!first) sb.Append(',');
                    first = false;
                    WriteString(sb, property.Name);
                    sb.Append(':');
                    Write(sb, property.Value);
                }
                sb.Append('}');
                return;
            case JArray array:
                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Write(sb, array[i]);
                }
                sb.Append(']');
                return;
            case JValue scalar:
                WriteScalar(sb, scalar);
                return;
            default:
                sb.Append("null");
                return;
        }
    }

    private static void WriteScalar(StringBuilder sb, JValue scalar)
    {
        switch (scalar.Type)
        {
            case JTokenType.String:
            case JTokenType.Guid:
            case JTokenType.Uri:
            case JTokenType.TimeSpan:
                WriteString(sb, Convert.ToString(scalar.Value, CultureInfo.InvariantCulture) ?? "");
                return;
            case JTokenType.Date:
                WriteString(sb, scalar.Value is DateTimeOffset dto
                    ? GoTime.FormatRfc3339(dto)
                    : GoTime.FormatRfc3339(new DateTimeOffset(DateTime.SpecifyKind((DateTime)scalar.Value!, DateTimeKind.Utc))));
                return;
            case JTokenType.Boolean:
                sb.Append((bool)scalar.Value! ? "true" : "false");
                return;
            case JTokenType.Integer:
            case JTokenType.Float:
                sb.Append(FormatNumber(scalar));
                return;
            default:
                sb.Append("null");
                return;
        }
    }

    /// <summary>An object's properties in Go's map order: keys sorted byte-wise as UTF-8 (code point order).</summary>
    public static IEnumerable<JProperty> SortedProperties(JObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var list = obj.Properties().ToList();
        list.Sort((a, b) => CompareOrdinalCodePoints(a.Name, b.Name));
        return list;
    }

    /// <summary>Compares strings by Unicode code point, which is the order of their UTF-8 bytes (Go's string order).</summary>
    public static int CompareOrdinalCodePoints(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            var ca = NextCodePoint(a, ref i);
            var cb = NextCodePoint(b, ref j);
            if (ca != cb) return ca < cb ? -1 : 1;
        }
        if (i < a.Length) return 1;
        return j < b.Length ? -1 : 0;
    }

    /// <summary>The code point at <paramref name="index"/> (U+FFFD for a lone surrogate), advancing past it.</summary>
    internal static int NextCodePoint(string s, ref int index)
    {
        var c = s[index];
        if (char.IsHighSurrogate(c) && index + 1 < s.Length && char.IsLowSurrogate(s[index + 1]))
        {
            var cp = char.ConvertToUtf32(c, s[index + 1]);
            index += 2;
            return cp;
        }
        index++;
        return char.IsSurrogate(c) ? 0xFFFD : c;
    }

    /// <summary>Writes a JSON string as Go's encoder does (HTML-safe, U+2028/U+2029 escaped, lone surrogates replaced).</summary>
    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        sb.Append(c).Append(s[i + 1]);
                        i++;
                    }
                    else if (char.IsSurrogate(c))
                    {
                        sb.Append("\\ufffd");
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>A JSON number as Go prints a float64: <c>3</c>, <c>2.5</c>, <c>1e+21</c>, <c>1e-7</c>.</summary>
    public static string FormatNumber(JValue number)
    {
        ArgumentNullException.ThrowIfNull(number);
        return number.Value switch
        {
            long l => l.ToString(CultureInfo.InvariantCulture),
            int i => i.ToString(CultureInfo.InvariantCulture),
            BigInteger b => FormatNumber((double)b),
            decimal m => FormatNumber((double)m),
            double d => FormatNumber(d),
            float f => FormatNumber(f),
            var other => FormatNumber(Convert.ToDouble(other, CultureInfo.InvariantCulture)),
        };
    }

    /// <summary>A float64 as Go's <c>encoding/json</c> writes it (<c>'f'</c> format, <c>'e'</c> below 1e-6 or from 1e21).</summary>
    public static string FormatNumber(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) return "null";
        if (value == 0) return "0";
        var (negative, digits, pointPos) = ShortestDigits(value);
        var abs = Math.Abs(value);
        var s = abs < 1e-6 || abs >= 1e21 ? ExponentForm(digits, pointPos, shortExponent: true) : FixedForm(digits, pointPos);
        return negative ? "-" + s : s;
    }

    /// <summary>A number as Go's <c>fmt</c> prints a float64 with <c>%v</c> (shortest <c>%g</c>: exponent when below 1e-4 or from 1e6).</summary>
    public static string FormatGeneral(double value)
    {
        if (value == 0) return "0";
        var (negative, digits, pointPos) = ShortestDigits(value);
        var exp = pointPos - 1;
        var s = exp < -4 || exp >= 6 ? ExponentForm(digits, pointPos, shortExponent: false) : FixedForm(digits, pointPos);
        return negative ? "-" + s : s;
    }

    /// <summary>
    /// A number in fixed notation at float32 precision, as Kyverno turns a number argument into a string
    /// (<c>strconv.FormatFloat(f, 'f', -1, 32)</c>): <c>1</c>, <c>2.5</c>, <c>16777216</c> for 16777217.
    /// </summary>
    public static string FormatFloat32(double value)
    {
        var f = (float)value;
        if (float.IsNaN(f)) return "NaN";
        if (float.IsInfinity(f)) return f > 0 ? "+Inf" : "-Inf";
        if (f == 0) return "0";
        var (negative, digits, pointPos) = ParseDigits(f.ToString("R", CultureInfo.InvariantCulture));
        var s = FixedForm(digits, pointPos);
        return negative ? "-" + s : s;
    }

    /// <summary>The shortest round-trip digits of a double and where the decimal point goes (value = 0.digits × 10^pointPos).</summary>
    internal static (bool Negative, string Digits, int PointPos) ShortestDigits(double value) =>
        ParseDigits(value.ToString("R", CultureInfo.InvariantCulture));

    private static (bool Negative, string Digits, int PointPos) ParseDigits(string r)
    {
        var negative = r.StartsWith('-');
        if (negative) r = r[1..];
        var exponent = 0;
        var e = r.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..e];
        }
        var dot = r.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? r[..dot] : r;
        var fracPart = dot >= 0 ? r[(dot + 1)..] : "";
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        var pointPos = intPart.Length + exponent - leadingZeros;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) return (negative, "0", 1);
        return (negative, digits, pointPos);
    }

    private static string FixedForm(string digits, int pointPos)
    {
        if (pointPos <= 0) return "0." + new string('0', -pointPos) + digits;
        if (pointPos >= digits.Length) return digits + new string('0', pointPos - digits.Length);
        return digits[..pointPos] + "." + digits[pointPos..];
    }

    private static string ExponentForm(string digits, int pointPos, bool shortExponent)
    {
        var exp = pointPos - 1;
        var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
        var sign = exp < 0 ? "-" : "+";
        var magnitude = Math.Abs(exp);
        // Go writes at least two exponent digits; encoding/json then drops the padding zero of negative exponents.
        var expDigits = magnitude < 10 && !(shortExponent && exp < 0) ? "0" + magnitude.ToString(CultureInfo.InvariantCulture) : magnitude.ToString(CultureInfo.InvariantCulture);
        return mantissa + "e" + sign + expDigits;
    }

    /// <summary>
    /// A deep copy in Go's number model: numbers that hold an integral value become JSON integers, so that
    /// <c>1.0</c> prints and compares as <c>1</c>; dates read by the JSON reader stay strings in RFC 3339.
    /// </summary>
    public static JToken Normalize(JToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        switch (token)
        {
            case JObject obj:
                var copy = new JObject();
                foreach (var property in obj.Properties()) copy.Add(property.Name, Normalize(property.Value));
                return copy;
            case JArray array:
                var list = new JArray();
                foreach (var item in array) list.Add(Normalize(item));
                return list;
            case JValue scalar:
                return NormalizeScalar(scalar);
            default:
                return token.DeepClone();
        }
    }

    /// <summary>A scalar in Go's number model: an integral float becomes an integer; anything else is copied.</summary>
    public static JValue NormalizeScalar(JValue scalar)
    {
        ArgumentNullException.ThrowIfNull(scalar);
        return scalar.Type switch
        {
            JTokenType.Float => Number(Convert.ToDouble(scalar.Value, CultureInfo.InvariantCulture)),
            JTokenType.Date => new JValue(ToText(scalar)),
            _ => scalar.Parent is null ? scalar : new JValue(scalar),
        };
    }

    /// <summary>A float64 result as a JSON value: an integer when it is integral and fits, otherwise a float.</summary>
    public static JValue Number(double value)
    {
        if (!double.IsNaN(value) && !double.IsInfinity(value) && Math.Floor(value) == value && Math.Abs(value) < 9.2e18)
            return new JValue((long)value);
        return new JValue(value);
    }

    /// <summary>Whether a token is a JSON number.</summary>
    public static bool IsNumber(JToken? token) => token is { Type: JTokenType.Integer or JTokenType.Float };

    /// <summary>A JSON number as a float64 (Go's representation of every JSON number).</summary>
    public static double ToDouble(JToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token is JValue { Value: BigInteger b } ? (double)b : Convert.ToDouble(((JValue)token).Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The JMESPath type name of a value: <c>string</c>, <c>number</c>, <c>boolean</c>, <c>array</c>, <c>object</c>, <c>null</c>.</summary>
    public static string TypeName(JToken? token) => token?.Type switch
    {
        null or JTokenType.Null or JTokenType.Undefined => "null",
        JTokenType.String or JTokenType.Date or JTokenType.Guid or JTokenType.Uri or JTokenType.TimeSpan => "string",
        JTokenType.Integer or JTokenType.Float => "number",
        JTokenType.Boolean => "boolean",
        JTokenType.Array => "array",
        JTokenType.Object => "object",
        _ => "null",
    };

    /// <summary>Whether two JSON values are equal in Go's model (numbers compared as float64).</summary>
    public static bool ValueEquals(JToken? a, JToken? b)
    {
        if (IsNumber(a) && IsNumber(b)) return ToDouble(a!) == ToDouble(b!);
        if (a is null || a.Type == JTokenType.Null) return b is null || b.Type == JTokenType.Null;
        if (a is JObject oa && b is JObject ob)
        {
            if (oa.Count != ob.Count) return false;
            foreach (var property in oa.Properties())
                if (!ob.TryGetValue(property.Name, out var other) || !ValueEquals(property.Value, other)) return false;
            return true;
        }
        if (a is JArray aa && b is JArray ab)
        {
            if (aa.Count != ab.Count) return false;
            for (var i = 0; i < aa.Count; i++)
                if (!ValueEquals(aa[i], ab[i])) return false;
            return true;
        }
        return b is not null && TypeName(a) == TypeName(b) && JToken.DeepEquals(a, b);
    }
}
