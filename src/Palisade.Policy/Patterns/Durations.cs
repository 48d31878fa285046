using System.Diagnostics.CodeAnalysis;

namespace Palisade.Policy.Patterns;

/// <summary>
/// Go's <c>time.ParseDuration</c> syntax, which Kyverno uses for durations: an optional sign, then one or more
/// decimal numbers each with a unit (<c>ns</c>, <c>us</c>/<c>µs</c>/<c>μs</c>, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>),
/// e.g. <c>300ms</c>, <c>-1.5h</c>, <c>2h45m</c>; the bare string <c>0</c> is zero. The result is in nanoseconds and
/// must fit a signed 64-bit integer, as Go's <c>time.Duration</c>.
/// </summary>
public static class Durations
{
    private const ulong Limit = 1UL << 63;

    private static readonly Dictionary<string, ulong> Units = new(StringComparer.Ordinal)
    {
        ["ns"] = 1,
        ["us"] = 1_000,
        ["\u00b5s"] = 1_000, // micro sign
        ["\u03bcs"] = 1_000, // Greek small letter mu
        ["ms"] = 1_000_000,
        ["s"] = 1_000_000_000,
        ["m"] = 60_000_000_000,
        ["h"] = 3_600_000_000_000,
    };

    /// <summary>Parses a Go duration into nanoseconds; false if the text is not one or overflows.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out long nanoseconds)
    {
        nanoseconds = 0;
        if (text is null) return false;
        var s = text.AsSpan();
        var negative = false;
        if (!s.IsEmpty && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s is "0") return true;
        if (s.IsEmpty) return false;

        ulong total = 0;
        while (!s.IsEmpty)
        {
            if (!TryParseComponent(ref s, out var value)) return false;
            total += value;
            if (total > Limit) return false;
        }
        if (negative)
        {
            nanoseconds = total == Limit ? long.MinValue : -(long)total;
            return true;
        }
        if (total > long.MaxValue) return false;
        nanoseconds = (long)total;
        return true;
    }

    /// <summary>Parses a Go duration into nanoseconds.</summary>
    /// <exception cref="FormatException">The text is not a Go duration or does not fit 64 bits of nanoseconds.</exception>
    public static long Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var ns) ? ns : throw new FormatException($"invalid duration \"{text}\"");
    }

    /// <summary>Nanoseconds as a <see cref="TimeSpan"/> (which counts 100 ns ticks, so the last two digits are dropped).</summary>
    public static TimeSpan ToTimeSpan(long nanoseconds) => TimeSpan.FromTicks(nanoseconds / 100);

    /// <summary>One number-and-unit component, e.g. <c>1.5h</c>, in nanoseconds (at most 2^63).</summary>
    private static bool TryParseComponent(ref ReadOnlySpan<char> s, out ulong value)
    {
        value = 0;
        if (s[0] != '.' && !char.IsAsciiDigit(s[0])) return false;
        var before = s.Length;
        if (!TryLeadingInt(ref s, out var whole)) return false;
        var hasWhole = s.Length != before;
        ulong fraction = 0;
        var scale = 1.0;
        var hasFraction = false;
        if (!s.IsEmpty && s[0] == '.')
        {
            s = s[1..];
            var afterDot = s.Length;
            LeadingFraction(ref s, out fraction, out scale);
            hasFraction = s.Length != afterDot;
        }
        if (!hasWhole && !hasFraction) return false;

        var unitLength = 0;
        while (unitLength < s.Length && s[unitLength] != '.' && !char.IsAsciiDigit(s[unitLength])) unitLength++;
        if (unitLength == 0 || !Units.TryGetValue(s[..unitLength].ToString(), out var unit)) return false;
        s = s[unitLength..];

        if (whole > Limit / unit) return false;
        value = whole * unit;
        if (fraction > 0)
        {
            // Go adds the fraction in floating point: float64(f) * (float64(unit) / scale), truncated.
            value += (ulong)(fraction * (unit / scale));
            if (value > Limit) return false;
        }
        return true;
    }

    private static bool TryLeadingInt(ref ReadOnlySpan<char> s, out ulong x)
    {
        x = 0;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (x > Limit / 10) return false;
            x = x * 10 + (ulong)(s[i] - '0');
            if (x > Limit) return false;
        }
        s = s[i..];
        return true;
    }

    private static void LeadingFraction(ref ReadOnlySpan<char> s, out ulong x, out double scale)
    {
        x = 0;
        scale = 1;
        var overflow = false;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (overflow) continue;
            if (x > (Limit - 1) / 10)
            {
                overflow = true;
                continue;
            }
            var y = x * 10 + (ulong)(s[i] - '0');
            if (y > Limit)
            {
                overflow = true;
                continue;
            }
            x = y;
            scale *= 10;
        }
        s = s[i..];
    }
}
