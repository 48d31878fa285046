using System.Globalization;
using System.Numerics;

namespace Palisade.Policy.Variables;

/// <summary>How a Kubernetes quantity is written: decimal SI suffixes (<c>k</c>, <c>M</c>, <c>m</c>), binary (<c>Ki</c>, <c>Mi</c>) or an exponent (<c>1e3</c>).</summary>
public enum QuantityFormat
{
    /// <summary>No suffix or a decimal SI suffix: n, u, m, k, M, G, T, P, E.</summary>
    DecimalSI,

    /// <summary>A binary suffix: Ki, Mi, Gi, Ti, Pi, Ei.</summary>
    BinarySI,

    /// <summary>A decimal exponent: <c>1e3</c>, <c>5E-6</c>.</summary>
    DecimalExponent,
}

/// <summary>
/// A Kubernetes resource quantity (<c>k8s.io/apimachinery/pkg/api/resource.Quantity</c>): an exact decimal
/// (<see cref="Mantissa"/> × 10^<see cref="Exponent"/>) with the format it prints in. Parsing rounds up to the
/// nano (10^-9) and caps binary quantities at 2^63-1 as Kubernetes does; <see cref="ToString"/> gives Kubernetes'
/// canonical form (<c>10235Ki</c>, <c>1500m</c>, <c>12301</c>).
/// </summary>
public readonly record struct Quantity(BigInteger Mantissa, int Exponent, QuantityFormat Format)
{
    private static readonly string[] DecimalSuffixes = ["n", "u", "m", "", "k", "M", "G", "T", "P", "E"];
    private static readonly string[] BinarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
    private static readonly BigInteger MaxInt64 = long.MaxValue;

    /// <summary>Whether the value is zero.</summary>
    public bool IsZero => Mantissa.IsZero;

    /// <summary>Parses a quantity (<c>10Mi</c>, <c>1.5</c>, <c>100m</c>, <c>1e3</c>); false when it is not one.</summary>
    public static bool TryParse(string text, out Quantity quantity)
    {
        quantity = default;
        if (string.IsNullOrEmpty(text)) return false;
        var i = 0;
        var negative = false;
        if (text[0] is '+' or '-')
        {
            negative = text[0] == '-';
            i++;
        }
        var numStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        var num = text[numStart..i];
        var denom = "";
        if (i < text.Length && text[i] == '.')
        {
            i++;
            var denomStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            denom = text[denomStart..i];
        }
        if (num.Length == 0 && denom.Length == 0) return false;
        if (!TryParseSuffix(text[i..], out var format, out var base2Exponent, out var base10Exponent)) return false;

        var mantissa = BigInteger.Parse("0" + num + denom, CultureInfo.InvariantCulture);
        var exponent = base10Exponent - denom.Length;
        if (format == QuantityFormat.BinarySI) mantissa <<= base2Exponent;
        if (exponent < -9)
        {
            // Kubernetes rounds anything finer than a nano up (away from zero).
            var divisor = BigInteger.Pow(10, -9 - exponent);
            var quotient = BigInteger.DivRem(mantissa, divisor, out var remainder);
            mantissa = remainder.IsZero ? quotient : quotient + 1;
            exponent = -9;
        }
        if (format == QuantityFormat.BinarySI && new Quantity(mantissa, exponent, format).CompareValue(new Quantity(MaxInt64, 0, format)) > 0)
        {
            mantissa = MaxInt64;
            exponent = 0;
        }
        if (format == QuantityFormat.BinarySI && !mantissa.IsZero && exponent < 0 && mantissa < BigInteger.Pow(10, -exponent))
            format = QuantityFormat.DecimalSI;
        quantity = new Quantity(negative ? -mantissa : mantissa, exponent, format);
        return true;
    }

    private static bool TryParseSuffix(string suffix, out QuantityFormat format, out int base2Exponent, out int base10Exponent)
    {
        format = QuantityFormat.DecimalSI;
        base2Exponent = 0;
        base10Exponent = 0;
        var binary = Array.IndexOf(BinarySuffixes, suffix);
        if (binary > 0)
        {
            format = QuantityFormat.BinarySI;
            base2Exponent = binary * 10;
            return true;
        }
        var dec = Array.IndexOf(DecimalSuffixes, suffix);
        if (dec >= 0)
        {
            base10Exponent = (dec - 3) * 3;
            return true;
        }
        if (suffix.Length >= 2 && suffix[0] is 'e' or 'E')
        {
            var rest = suffix.AsSpan(1);
            var digits = rest.Length > 0 && rest[0] is '+' or '-' ? rest[1..] : rest;
            if (digits.Length == 0 || digits.ContainsAnyExceptInRange('0', '9') ||
                !int.TryParse(rest, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out base10Exponent))
                return false;
            format = QuantityFormat.DecimalExponent;
            return true;
        }
        return false;
    }

    private static BigInteger Scale(BigInteger mantissa, int exponent, int targetExponent) =>
        exponent >= targetExponent
            ? mantissa * BigInteger.Pow(10, exponent - targetExponent)
            : mantissa / BigInteger.Pow(10, targetExponent - exponent);

    /// <summary>A quantity holding an integer, as <c>resource.NewQuantity</c>.</summary>
    public static Quantity FromInt64(long value, QuantityFormat format) => new(value, 0, format);

    /// <summary>The quantity a float64 becomes in Kyverno's arithmetic (<c>ParseQuantity(fmt.Sprintf("%v", f))</c>).</summary>
    public static Quantity FromDouble(double value)
    {
        if (!TryParse(GoJson.FormatGeneral(value), out var q))
            throw new FormatException($"quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (got {value})");
        return q;
    }

    /// <summary>The sum; the format is the left operand's unless it is zero.</summary>
    public Quantity Add(Quantity other)
    {
        var exponent = Math.Min(Exponent, other.Exponent);
        var sum = Scale(Mantissa, Exponent, exponent) + Scale(other.Mantissa, other.Exponent, exponent);
        return new Quantity(sum, exponent, IsZero ? other.Format : Format);
    }

    /// <summary>The difference; the format is the left operand's unless it is zero.</summary>
    public Quantity Subtract(Quantity other) => Add(other with { Mantissa = -other.Mantissa });

    /// <summary>The exact product with another value, in this quantity's format.</summary>
    public Quantity Multiply(Quantity other) => new(Mantissa * other.Mantissa, Exponent + other.Exponent, Format);

    /// <summary>
    /// The quotient rounded toward zero at the larger of the two operands' decimal scales (Kyverno's
    /// <c>inf.Dec.QuoRound(..., RoundDown)</c>), in this quantity's format.
    /// </summary>
    public Quantity DivideRoundDown(Quantity divisor)
    {
        var scale = Math.Max(-Exponent, -divisor.Exponent);
        // result = this / divisor at exponent -scale: (m1 × 10^e1) / (m2 × 10^e2) × 10^scale
        var numerator = Mantissa;
        var denominator = divisor.Mantissa;
        var shift = Exponent - divisor.Exponent + scale;
        if (shift >= 0) numerator *= BigInteger.Pow(10, shift);
        else denominator *= BigInteger.Pow(10, -shift);
        return new Quantity(BigInteger.Divide(numerator, denominator), -scale, Format);
    }

    /// <summary>The value as a float64 the way Kubernetes approximates it (mantissa × 10^exponent).</summary>
    public double ToDouble()
    {
        var b = (double)Mantissa;
        return Exponent == 0 ? b : b * Pow10(Exponent);
    }

    private static double Pow10(int exponent) =>
        exponent is > 308 ? double.PositiveInfinity : exponent < -323 ? 0 : double.Parse("1e" + exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Compares values (not formats).</summary>
    public int CompareValue(Quantity other)
    {
        var exponent = Math.Min(Exponent, other.Exponent);
        return Scale(Mantissa, Exponent, exponent).CompareTo(Scale(other.Mantissa, other.Exponent, exponent));
    }

    /// <summary>Kubernetes' canonical text: <c>0</c>, <c>25Ki</c>, <c>12301</c>, <c>1500m</c>, <c>5e3</c>.</summary>
    public override string ToString()
    {
        if (IsZero) return "0";
        var format = Format;
        if (format == QuantityFormat.BinarySI)
        {
            var thousandish = new Quantity(1024, 0, format);
            var inRange = CompareValue(new Quantity(-1024, 0, format)) > 0 && CompareValue(thousandish) < 0;
            if (inRange || !IsInteger()) format = QuantityFormat.DecimalSI;
        }
        if (format == QuantityFormat.BinarySI)
        {
            var value = Scale(Mantissa, Exponent, 0);
            var power = 0;
            while (power < 6 && !value.IsZero && BigInteger.Remainder(value, 1024).IsZero)
            {
                value /= 1024;
                power++;
            }
            return value.ToString(CultureInfo.InvariantCulture) + BinarySuffixes[power];
        }
        var (mantissa, exponent) = CanonicalDecimal();
        if (format == QuantityFormat.DecimalExponent)
            return exponent == 0 ? mantissa.ToString(CultureInfo.InvariantCulture) : mantissa.ToString(CultureInfo.InvariantCulture) + "e" + exponent.ToString(CultureInfo.InvariantCulture);
        if (exponent > 18)
        {
            mantissa *= BigInteger.Pow(10, exponent - 18);
            exponent = 18;
        }
        if (exponent < -9)
            return mantissa.ToString(CultureInfo.InvariantCulture) + "e" + exponent.ToString(CultureInfo.InvariantCulture);
        return mantissa.ToString(CultureInfo.InvariantCulture) + DecimalSuffixes[exponent / 3 + 3];
    }

    private bool IsInteger() => Exponent >= 0 || BigInteger.Remainder(Mantissa, BigInteger.Pow(10, -Exponent)).IsZero;

    /// <summary>The mantissa without trailing zeros, then widened so the exponent is a multiple of three.</summary>
    private (BigInteger Mantissa, int Exponent) CanonicalDecimal()
    {
        var mantissa = Mantissa;
        var exponent = Exponent;
        while (!mantissa.IsZero && BigInteger.Remainder(mantissa, 10).IsZero)
        {
            mantissa /= 10;
            exponent++;
        }
        while (exponent % 3 != 0)
        {
            mantissa *= 10;
            exponent--;
        }
        return (mantissa, exponent);
    }
}
