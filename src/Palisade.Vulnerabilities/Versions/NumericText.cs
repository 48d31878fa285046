namespace Palisade.Vulnerabilities.Versions;

/// <summary>
/// Arithmetic on runs of ASCII digits kept as text, so that a version with a 10,000-digit number neither overflows
/// nor costs more than a linear scan.
/// </summary>
internal static class NumericText
{
    /// <summary>The digits without leading zeros ("" for zero).</summary>
    public static ReadOnlySpan<char> TrimZeros(ReadOnlySpan<char> digits)
    {
        var i = 0;
        while (i < digits.Length && digits[i] == '0') i++;
        return digits[i..];
    }

    /// <summary>Compares two digit runs by numeric value (leading zeros ignored, empty = 0).</summary>
    public static int Compare(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        a = TrimZeros(a);
        b = TrimZeros(b);
        if (a.Length != b.Length) return a.Length < b.Length ? -1 : 1;
        return Math.Sign(a.SequenceCompareTo(b));
    }

    /// <summary>Whether the text is one or more ASCII digits.</summary>
    public static bool IsDigits(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (var c in s) if (!char.IsAsciiDigit(c)) return false;
        return true;
    }

    /// <summary>The decimal text plus one ("9" → "10"); leading zeros are dropped.</summary>
    public static string Increment(ReadOnlySpan<char> digits)
    {
        var t = TrimZeros(digits);
        if (t.IsEmpty) return "1";
        var buffer = new char[t.Length + 1];
        var carry = 1;
        for (var i = t.Length - 1; i >= 0; i--)
        {
            var d = t[i] - '0' + carry;
            carry = d / 10;
            buffer[i + 1] = (char)('0' + d % 10);
        }
        buffer[0] = '1';
        return carry == 1 ? new string(buffer) : new string(buffer, 1, t.Length);
    }

    /// <summary>The digits with leading zeros removed ("0" for zero).</summary>
    public static string Canonical(ReadOnlySpan<char> digits)
    {
        var t = TrimZeros(digits);
        return t.IsEmpty ? "0" : t.ToString();
    }
}
