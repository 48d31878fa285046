using System.Globalization;

namespace Palisade.Policy.Patterns;

/// <summary>
/// A strict semantic version (<c>MAJOR.MINOR.PATCH[-prerelease][+build]</c>, no leading zeros, no <c>v</c>), as
/// Kyverno's numeric condition operators read one (blang/semver), ordered by semver precedence (build ignored).
/// </summary>
internal readonly record struct SemanticVersion(ulong Major, ulong Minor, ulong Patch, string[] Prerelease) : IComparable<SemanticVersion>
{
    public static bool TryParse(string text, out SemanticVersion version)
    {
        version = default;
        var parts = text.Split('.', 3);
        if (parts.Length != 3 || !TryNumber(parts[0], out var major) || !TryNumber(parts[1], out var minor)) return false;
        var rest = parts[2];
        var plus = rest.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            if (!Array.TrueForAll(rest[(plus + 1)..].Split('.'), id => id.Length > 0 && id.All(IsIdentifierChar))) return false;
            rest = rest[..plus];
        }
        var prerelease = Array.Empty<string>();
        var dash = rest.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            prerelease = rest[(dash + 1)..].Split('.');
            if (!Array.TrueForAll(prerelease, IsPrereleaseIdentifier)) return false;
            rest = rest[..dash];
        }
        if (!TryNumber(rest, out var patch)) return false;
        version = new SemanticVersion(major, minor, patch, prerelease);
        return true;
    }

    public int CompareTo(SemanticVersion other)
    {
        var byNumber = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (byNumber != 0) return byNumber;
        if (Prerelease.Length == 0 || other.Prerelease.Length == 0) return other.Prerelease.Length.CompareTo(Prerelease.Length);
        for (var i = 0; i < Math.Min(Prerelease.Length, other.Prerelease.Length); i++)
        {
            var byIdentifier = CompareIdentifiers(Prerelease[i], other.Prerelease[i]);
            if (byIdentifier != 0) return byIdentifier;
        }
        return Prerelease.Length.CompareTo(other.Prerelease.Length);
    }

    private static int CompareIdentifiers(string a, string b)
    {
        var aNumeric = ulong.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var x);
        var bNumeric = ulong.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var y);
        if (aNumeric && bNumeric) return x.CompareTo(y);
        if (aNumeric != bNumeric) return aNumeric ? -1 : 1;
        return string.CompareOrdinal(a, b);
    }

    private static bool TryNumber(string text, out ulong value)
    {
        value = 0;
        if (text.Length == 0 || (text.Length > 1 && text[0] == '0') || !text.All(char.IsAsciiDigit)) return false;
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool IsPrereleaseIdentifier(string id)
    {
        if (id.Length == 0 || !id.All(IsIdentifierChar)) return false;
        return !id.All(char.IsAsciiDigit) || id == "0" || id[0] != '0';
    }

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';
}
