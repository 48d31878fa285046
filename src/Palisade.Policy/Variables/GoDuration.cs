using System.Globalization;
using System.Text;

namespace Palisade.Policy.Variables;

/// <summary>
/// Go's <c>time.Duration</c>: a signed count of nanoseconds, parsed from and printed as Go does
/// (<c>time.ParseDuration</c>, <c>Duration.String</c>: <c>1h0m5s</c>, <c>1.5s</c>, <c>500ms</c>, <c>0s</c>).
/// Kyverno's arithmetic and time functions take and return durations in this form.
/// </summary>
public static class GoDuration
{
    /// <summary>Nanoseconds in one second.</summary>
    public const long Second = 1_000_000_000;

    private static readonly Dictionary<string, ulong> Units = new(StringComparer.Ordinal)
    {
        ["ns"] = 1,
        ["us"] = 1_000,
        ["\u00b5s"] = 1_000,
        ["\u03bcs"] = 1_000,
        ["ms"] = 1_000_000,
        ["s"] = 1_000_000_000,
        ["m"] = 60_000_000_000,
        ["h"] = 3_600_000_000_000,
    };

    /// <summary>Parses a duration such as <c>300ms</c>, <c>-1.5h</c> or <c>2h45m</c>; false with a reason when it is not one.</summary>
    public static bool TryParse(string text, out long nanoseconds, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        nanoseconds = 0;
        error = $"time: invalid duration \"{text}\"";
        var s = text;
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s == "0") return true;
        if (s.Length == 0) return false;
        ulong total = 0;
        while (s.Length > 0)
        {
            if (!(s[0] == '.' || char.IsAsciiDigit(s[0]))) return false;
            var start = s.Length;
            if (!LeadingInt(ref s, out var v))
            {
                return false;
            }
            var pre = start != s.Length;
            ulong f = 0;
            var scale = 1.0;
            var post = false;
            if (s.Length > 0 && s[0] == '.')
            {
                s = s[1..];
                var before = s.Length;
                LeadingFraction(ref s, out f, out scale);
                post = before != s.Length;
            }
            if (!pre && !post) return false;
            var i = 0;
            while (i < s.Length && s[i] != '.' && !char.IsAsciiDigit(s[i])) i++;
            if (i == 0)
            {
                error = $"time: missing unit in duration \"{text}\"";
                return false;
            }
            var unitName = s[..i];
            s = s[i..];
            if (!Units.TryGetValue(unitName, out var unit))
            {
                error = $"time: unknown unit \"{unitName}\" in duration \"{text}\"";
                return false;
            }
            if (v > (1UL << 63) / unit) return false;
            v *= unit;
            if (f > 0)
            {
                v += (ulong)(f * (unit / scale));
                if (v > 1UL << 63) return false;
            }
            total += v;
            if (total > 1UL << 63) return false;
        }
        if (negative)
        {
            nanoseconds = total == 1UL << 63 ? long.MinValue : -(long)total;
            return true;
        }
        if (total > long.MaxValue) return false;
        nanoseconds = (long)total;
        return true;
    }

    /// <summary>Parses a duration or throws <see cref="FormatException"/> with Go's message.</summary>
    public static long Parse(string text) =>
        TryParse(text, out var ns, out var error) ? ns : throw new FormatException(error);

    private static bool LeadingInt(ref string s, out ulong value)
    {
        value = 0;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (value > (1UL << 63) / 10) return false;
            value = value * 10 + (ulong)(s[i] - '0');
            if (value > 1UL << 63) return false;
        }
        s = s[i..];
        return true;
    }

    private static void LeadingFraction(ref string s, out ulong value, out double scale)
    {
        value = 0;
        scale = 1;
        var overflow = false;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (overflow) continue;
            if (value > (long.MaxValue - 9) / 10)
            {
                overflow = true;
                continue;
            }
            value = value * 10 + (ulong)(s[i] - '0');
            scale *= 10;
        }
        s = s[i..];
    }

    /// <summary>A duration as Go prints it: <c>1h0m5s</c>, <c>2h2m20s</c>, <c>1.5s</c>, <c>500ms</c>, <c>1µs</c>, <c>0s</c>.</summary>
    public static string Format(long nanoseconds)
    {
        var u = nanoseconds < 0 ? (ulong)(-(nanoseconds + 1)) + 1 : (ulong)nanoseconds;
        var sb = new StringBuilder();
        if (u < Second)
        {
            if (u == 0) return "0s";
            int precision;
            string unit;
            if (u < 1_000)
            {
                precision = 0;
                unit = "ns";
            }
            else if (u < 1_000_000)
            {
                precision = 3;
                unit = "\u00b5s";
            }
            else
            {
                precision = 6;
                unit = "ms";
            }
            sb.Append(FormatFraction(u, precision, out var whole)).Insert(0, whole.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
        else
        {
            var fraction = FormatFraction(u, 9, out var seconds);
            var text = new StringBuilder();
            text.Append((seconds % 60).ToString(CultureInfo.InvariantCulture)).Append(fraction).Append('s');
            var minutes = seconds / 60;
            if (minutes > 0)
            {
                text.Insert(0, (minutes % 60).ToString(CultureInfo.InvariantCulture) + "m");
                var hours = minutes / 60;
                if (hours > 0) text.Insert(0, hours.ToString(CultureInfo.InvariantCulture) + "h");
            }
            sb.Append(text);
        }
        if (nanoseconds < 0) sb.Insert(0, '-');
        return sb.ToString();
    }

    /// <summary>The fraction of <paramref name="value"/>/10^precision as <c>.123</c> (trailing zeros and an empty fraction dropped).</summary>
    private static string FormatFraction(ulong value, int precision, out ulong whole)
    {
        ulong pow = 1;
        for (var i = 0; i < precision; i++) pow *= 10;
        whole = value / pow;
        var fraction = value % pow;
        if (fraction == 0) return "";
        return "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(precision, '0').TrimEnd('0');
    }
}
