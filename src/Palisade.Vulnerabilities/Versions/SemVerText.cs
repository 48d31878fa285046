namespace Palisade.Vulnerabilities.Versions;

/// <summary>Strict SemVer 2.0 pieces shared by the Go and Cargo schemes.</summary>
internal static class SemVerText
{
    /// <summary>A numeric identifier: "0" or digits without a leading zero.</summary>
    public static bool IsNumber(ReadOnlySpan<char> s) => NumericText.IsDigits(s) && (s.Length == 1 || s[0] != '0');

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';

    /// <summary>Dot-separated non-empty identifiers of [0-9A-Za-z-]; numeric ones without leading zeros when <paramref name="prerelease"/>.</summary>
    public static bool IsIdentifiers(string s, bool prerelease)
    {
        if (s.Length == 0) return false;
        foreach (var part in s.Split('.'))
        {
            if (part.Length == 0) return false;
            foreach (var c in part) if (!IsIdentifierChar(c)) return false;
            if (prerelease && NumericText.IsDigits(part) && part.Length > 1 && part[0] == '0') return false;
        }
        return true;
    }

    /// <summary>SemVer 2.0 pre-release precedence; an empty pre-release is greater than any other.</summary>
    public static int ComparePrerelease(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0) return a.Length == b.Length ? 0 : a.Length == 0 ? 1 : -1;
        var x = a.Split('.');
        var y = b.Split('.');
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            var xn = NumericText.IsDigits(x[i]);
            var yn = NumericText.IsDigits(y[i]);
            int c;
            if (xn && yn) c = NumericText.Compare(x[i], y[i]);
            else if (xn) c = -1;
            else if (yn) c = 1;
            else c = Math.Sign(string.CompareOrdinal(x[i], y[i]));
            if (c != 0) return c;
        }
        return x.Length.CompareTo(y.Length);
    }
}
