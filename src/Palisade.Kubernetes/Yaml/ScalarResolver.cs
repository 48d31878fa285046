using System.Globalization;

namespace Palisade.Kubernetes.Yaml;

/// <summary>
/// Resolves untagged plain scalars to null, bool, int, float or string as Kubernetes' YAML decoder
/// (sigs.k8s.io/yaml over go-yaml v2, YAML 1.1 booleans) does: <c>yes</c>/<c>on</c>/<c>y</c> are booleans,
/// <c>0x1F</c> and <c>017</c> are integers, <c>~</c> is null.
/// </summary>
public static class ScalarResolver
{
    public static YScalarKind Resolve(string value)
    {
        if (value.Length == 0) return YScalarKind.Null;
        var c = value[0];
        switch (c)
        {
            case '~':
                return value.Length == 1 ? YScalarKind.Null : YScalarKind.String;
            case 'n' or 'N':
                if (value is "null" or "Null" or "NULL") return YScalarKind.Null;
                return ParseBool(value) is null ? YScalarKind.String : YScalarKind.Bool;
            case 'y' or 'Y' or 't' or 'T' or 'f' or 'F' or 'o' or 'O':
                return ParseBool(value) is null ? YScalarKind.String : YScalarKind.Bool;
            case '.':
                if (value is ".inf" or ".Inf" or ".INF" or ".nan" or ".NaN" or ".NAN") return YScalarKind.Float;
                return TryParseFloat(value, out _) ? YScalarKind.Float : YScalarKind.String;
            case '+' or '-' or (>= '0' and <= '9'):
                if (TryParseInt(value, out _)) return YScalarKind.Int;
                return TryParseFloat(value, out _) ? YScalarKind.Float : YScalarKind.String;
            default:
                return YScalarKind.String;
        }
    }

    public static bool? ParseBool(string value) => value switch
    {
        "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON" => true,
        "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF" => false,
        _ => null,
    };

    public static bool TryParseInt(string value, out long result)
    {
        result = 0;
        var s = value.AsSpan();
        var negative = false;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s.Length == 0) return false;
        int radix = 10;
        if (s.Length > 2 && s[0] == '0' && (s[1] is 'x' or 'X')) { radix = 16; s = s[2..]; }
        else if (s.Length > 2 && s[0] == '0' && (s[1] is 'b' or 'B')) { radix = 2; s = s[2..]; }
        else if (s.Length > 2 && s[0] == '0' && (s[1] is 'o' or 'O')) { radix = 8; s = s[2..]; }
        else if (s.Length > 1 && s[0] == '0') { radix = 8; s = s[1..]; }
        ulong acc = 0;
        var digits = 0;
        foreach (var ch in s)
        {
            if (ch == '_') continue;
            int d = ch switch
            {
                >= '0' and <= '9' => ch - '0',
                >= 'a' and <= 'f' => ch - 'a' + 10,
                >= 'A' and <= 'F' => ch - 'A' + 10,
                _ => 99,
            };
            if (d >= radix) return false;
            if (acc > (ulong.MaxValue - (ulong)d) / (ulong)radix) return false;
            acc = acc * (ulong)radix + (ulong)d;
            digits++;
        }
        if (digits == 0) return false;
        if (negative)
        {
            if (acc > (ulong)long.MaxValue + 1) return false;
            result = acc == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)acc;
            return true;
        }
        if (acc > long.MaxValue) return false;
        result = (long)acc;
        return true;
    }

    public static bool TryParseFloat(string value, out double result)
    {
        result = 0;
        switch (value)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF": result = double.PositiveInfinity; return true;
            case "-.inf" or "-.Inf" or "-.INF": result = double.NegativeInfinity; return true;
            case ".nan" or ".NaN" or ".NAN": result = double.NaN; return true;
        }
        // [-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?
        var s = value.AsSpan();
        var i = 0;
        if (i < s.Length && (s[i] == '+' || s[i] == '-')) i++;
        var mantissaDigits = 0;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || (s[i] == '_' && mantissaDigits > 0))) { if (s[i] != '_') mantissaDigits++; i++; }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '_')) { if (s[i] != '_') mantissaDigits++; i++; }
        }
        if (mantissaDigits == 0) return false;
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            if (i < s.Length && (s[i] == '+' || s[i] == '-')) i++;
            var expDigits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; expDigits++; }
            if (expDigits == 0) return false;
        }
        if (i != s.Length) return false;
        return double.TryParse(value.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out result);
    }
}
