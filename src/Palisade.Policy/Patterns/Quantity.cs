using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace Palisade.Policy.Patterns;

/// <summary>
/// A Kubernetes resource quantity (<c>k8s.io/apimachinery/pkg/api/resource.ParseQuantity</c>): an optionally signed
/// decimal number (<c>1</c>, <c>1.5</c>, <c>.5</c>, <c>1.</c>) followed by a binary suffix (<c>Ki</c> <c>Mi</c> <c>Gi</c>
/// <c>Ti</c> <c>Pi</c> <c>Ei</c>), a decimal suffix (<c>n</c> <c>u</c> <c>m</c> <c>k</c> <c>M</c> <c>G</c> <c>T</c> <c>P</c>
/// <c>E</c>) or a decimal exponent (<c>e3</c>, <c>E-2</c>). Values are compared exactly, so <c>512Mi</c> &lt;
/// <c>1Gi</c> and <c>500m</c> = <c>0.5</c>.
/// </summary>
/// <remarks>
/// Kubernetes' rounding is kept: a value that needs more than nine decimal places is rounded up (away from zero) to the
/// next nano, and a value that does not take its exact fast path is capped at 2^63-1 in magnitude. Kubernetes' quirks
/// are kept too: a sign or a dot alone (<c>-</c>, <c>+</c>, <c>.</c>) reads as zero. A decimal exponent above 60
/// (e.g. <c>1e99</c>) is read as 60, so such astronomically large values are not told apart.
/// </remarks>
public readonly struct Quantity : IEquatable<Quantity>, IComparable<Quantity>
{
    private const int NanoDigits = 9;
    private const int MaxExactScale = 60;
    private static readonly BigInteger NanosPerUnit = BigInteger.Pow(10, NanoDigits);
    private static readonly BigInteger CapNanos = long.MaxValue * NanosPerUnit;

    private static readonly Dictionary<string, (int Base, int Exponent)> Suffixes = new(StringComparer.Ordinal)
    {
        [""] = (10, 0), ["n"] = (10, -9), ["u"] = (10, -6), ["m"] = (10, -3), ["k"] = (10, 3), ["M"] = (10, 6),
        ["G"] = (10, 9), ["T"] = (10, 12), ["P"] = (10, 15), ["E"] = (10, 18),
        ["Ki"] = (2, 10), ["Mi"] = (2, 20), ["Gi"] = (2, 30), ["Ti"] = (2, 40), ["Pi"] = (2, 50), ["Ei"] = (2, 60),
    };

    private Quantity(BigInteger nanos, string text)
    {
        Nanos = nanos;
        Text = text;
    }

    /// <summary>The value in units of 10^-9 (exact).</summary>
    public BigInteger Nanos { get; }

    /// <summary>The text the quantity was parsed from.</summary>
    public string Text { get; }

    /// <summary>Parses a quantity; false if the text is not one.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Quantity quantity)
    {
        quantity = default;
        if (string.IsNullOrEmpty(text)) return false;
        if (!TryParseNanos(text, out var nanos)) return false;
        quantity = new Quantity(nanos, text);
        return true;
    }

    /// <summary>Parses a quantity.</summary>
    /// <exception cref="FormatException">The text is not a Kubernetes quantity.</exception>
    public static Quantity Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var q) ? q : throw new FormatException($"invalid quantity \"{text}\"");
    }

    /// <inheritdoc />
    public int CompareTo(Quantity other) => Nanos.CompareTo(other.Nanos);

    /// <summary>Equal values (whatever their spelling: <c>1Gi</c> = <c>1024Mi</c>).</summary>
    public bool Equals(Quantity other) => Nanos == other.Nanos;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Quantity q && Equals(q);

    /// <inheritdoc />
    public override int GetHashCode() => Nanos.GetHashCode();

    /// <summary>The text the quantity was parsed from.</summary>
    public override string ToString() => Text ?? "0";

    /// <summary>Whether two quantities are equal.</summary>
    public static bool operator ==(Quantity left, Quantity right) => left.Equals(right);

    /// <summary>Whether two quantities differ.</summary>
    public static bool operator !=(Quantity left, Quantity right) => !left.Equals(right);

    /// <summary>Whether <paramref name="left"/> is the smaller.</summary>
    public static bool operator <(Quantity left, Quantity right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> is the larger.</summary>
    public static bool operator >(Quantity left, Quantity right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> is not larger.</summary>
    public static bool operator <=(Quantity left, Quantity right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> is not smaller.</summary>
    public static bool operator >=(Quantity left, Quantity right) => left.CompareTo(right) >= 0;

    private static bool TryParseNanos(string s, out BigInteger nanos)
    {
        nanos = BigInteger.Zero;
        if (s == "0") return true;
        var pos = 0;
        var positive = true;
        if (s[0] is '-' or '+')
        {
            positive = s[0] == '+';
            pos++;
        }
        while (pos < s.Length && s[pos] == '0') pos++;
        if (pos == s.Length) return true; // only a sign and/or zeros: Kubernetes reads zero

        var numStart = pos;
        while (pos < s.Length && char.IsAsciiDigit(s[pos])) pos++;
        var num = s[numStart..pos];
        var denom = "";
        if (pos < s.Length && s[pos] == '.')
        {
            pos++;
            var denomStart = pos;
            while (pos < s.Length && char.IsAsciiDigit(s[pos])) pos++;
            denom = s[denomStart..pos];
        }
        var hasDigits = s.AsSpan(0, pos).IndexOfAnyInRange('0', '9') >= 0;
        if (num.Length == 0) num = "0";

        var suffixStart = pos;
        while (pos < s.Length && "eEinumkKMGTP".Contains(s[pos], StringComparison.Ordinal)) pos++;
        if (pos < s.Length)
        {
            if (s[pos] is '-' or '+') pos++;
            while (pos < s.Length && char.IsAsciiDigit(s[pos])) pos++;
            if (pos < s.Length) return false;
        }
        if (!TryInterpretSuffix(s[suffixStart..], out var numberBase, out var exponent, out var binary)) return false;

        if (TryFastPath(num, denom, exponent, binary, out nanos))
        {
            if (!positive) nanos = -nanos;
            return true;
        }
        if (!hasDigits) return false; // the arbitrary-precision path needs a digit (".e-10" is not a number there)
        nanos = SlowPath(num + denom, denom.Length, numberBase, exponent);
        if (!positive) nanos = -nanos;
        return true;
    }

    private static bool TryInterpretSuffix(string suffix, out int numberBase, out int exponent, out bool binary)
    {
        binary = false;
        if (Suffixes.TryGetValue(suffix, out var known))
        {
            (numberBase, exponent) = known;
            binary = numberBase == 2;
            return true;
        }
        numberBase = 10;
        exponent = 0;
        if (suffix.Length < 2 || (suffix[0] != 'e' && suffix[0] != 'E')) return false;
        // Go's strconv.ParseInt(s, 10, 64), then a cast to int32 (which wraps).
        if (!long.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)) return false;
        exponent = unchecked((int)parsed);
        return true;
    }

    /// <summary>Kubernetes' int64 path: exact, not rounded and not capped.</summary>
    private static bool TryFastPath(string num, string denom, int exponent, bool binary, out BigInteger nanos)
    {
        nanos = BigInteger.Zero;
        long mantissa = 1;
        int precision;
        var scale = 0;
        if (!binary)
        {
            scale = exponent;
            precision = 18 - (num.Length + denom.Length);
        }
        else if (exponent >= 0 && denom.Length == 0)
        {
            mantissa = 1L << exponent;
            precision = 15 - num.Length - (int)(exponent * 3f / 10) - 1;
        }
        else
        {
            precision = -1;
        }
        if (precision < 0) return false;
        scale -= denom.Length;
        if (scale < -NanoDigits) return false;
        var shifted = long.Parse(num + denom, NumberStyles.None, CultureInfo.InvariantCulture);
        long product;
        try
        {
            product = checked(shifted * mantissa);
        }
        catch (OverflowException)
        {
            return false;
        }
        // Kubernetes keeps any scale here; beyond 10^60 values are saturated rather than expanded.
        nanos = product * BigInteger.Pow(10, Math.Min(scale, MaxExactScale) + NanoDigits);
        return true;
    }

    /// <summary>
    /// Kubernetes' arbitrary-precision path: the magnitude rounded up to a whole nano and capped at 2^63-1. Values far
    /// outside that range are decided from their digit counts, so no huge power is ever computed.
    /// </summary>
    private static BigInteger SlowPath(string digits, int fractionDigits, int numberBase, int exponent)
    {
        digits = digits.TrimStart('0');
        if (digits.Length == 0) return BigInteger.Zero;
        if (numberBase == 10)
        {
            // value = digits × 10^(exponent - fractionDigits); nanos = value × 10^9.
            var shift = (long)exponent - fractionDigits + NanoDigits;
            if (digits.Length + shift > 40) return CapNanos;
            if (shift >= 0) return Min(BigInteger.Parse(digits + new string('0', (int)shift), CultureInfo.InvariantCulture), CapNanos);
            var cut = -shift;
            if (cut >= digits.Length) return BigInteger.One; // below one nano: rounded up
            var whole = BigInteger.Parse(digits.AsSpan(0, digits.Length - (int)cut), CultureInfo.InvariantCulture);
            var rest = digits.AsSpan(digits.Length - (int)cut);
            if (rest.IndexOfAnyExcept('0') >= 0) whole += BigInteger.One;
            return Min(whole, CapNanos);
        }
        // Binary suffix with a fraction: value = digits × 2^exponent / 10^fractionDigits.
        var magnitude = digits.Length - 1 + exponent * 0.30103 - fractionDigits;
        if (magnitude > 25) return CapNanos;
        if (magnitude < -12) return BigInteger.One;
        var numerator = BigInteger.Parse(digits, CultureInfo.InvariantCulture) * BigInteger.Pow(2, exponent);
        BigInteger result;
        if (fractionDigits <= NanoDigits)
        {
            result = numerator * BigInteger.Pow(10, NanoDigits - fractionDigits);
        }
        else
        {
            result = BigInteger.DivRem(numerator, BigInteger.Pow(10, fractionDigits - NanoDigits), out var remainder);
            if (!remainder.IsZero) result += BigInteger.One;
        }
        return Min(result, CapNanos);
    }

    private static BigInteger Min(BigInteger a, BigInteger b) => a < b ? a : b;
}
