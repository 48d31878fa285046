namespace Palisade.Vulnerabilities.Versions;

/// <summary>
/// One ecosystem's version ordering and range language, used to decide whether an installed package version falls
/// inside an advisory's affected range.
/// </summary>
/// <remarks>
/// <para><see cref="Compare"/> returns a negative number, zero or a positive number (only the sign counts) and is a total
/// order over the versions the scheme accepts. Each scheme documents what it does with input it does not accept: the
/// distribution schemes (dpkg, apk, rpm) order any string, as their tools do; Go orders invalid versions before valid
/// ones, as golang.org/x/mod/semver does; the others throw <see cref="FormatException"/>.</para>
/// <para><see cref="Satisfies"/> evaluates the ecosystem's native range syntax where it has one (npm, PEP 440, NuGet,
/// Maven, Cargo); the distribution schemes and Go accept a plain comparator list (see <see cref="ComparatorList"/>).</para>
/// </remarks>
public interface IVersionScheme
{
    /// <summary>The scheme's short name: deb, apk, rpm, semver, pep440, maven, nuget, go or crates.</summary>
    string Name { get; }

    /// <summary>Orders two versions; the sign of the result is what counts.</summary>
    /// <exception cref="FormatException">A version is not valid and the scheme has no order for invalid input.</exception>
    int Compare(string a, string b);

    /// <summary>Whether <paramref name="version"/> is a well-formed version in this scheme.</summary>
    bool IsValid(string version);

    /// <summary>Checks <paramref name="version"/> and returns it in the scheme's normalised spelling.</summary>
    /// <exception cref="FormatException">The version is not valid in this scheme.</exception>
    string Normalize(string version);

    /// <summary>Whether <paramref name="version"/> lies inside <paramref name="range"/>.</summary>
    /// <exception cref="FormatException">The version or the range is not valid in this scheme.</exception>
    bool Satisfies(string version, string range);
}

/// <summary>Convenience operations shared by every <see cref="IVersionScheme"/>.</summary>
public static class VersionSchemeExtensions
{
    /// <summary>Compares without throwing: false when either version cannot be ordered by the scheme.</summary>
    public static bool TryCompare(this IVersionScheme scheme, string a, string b, out int result)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        try
        {
            result = Math.Sign(scheme.Compare(a, b));
            return true;
        }
        catch (FormatException)
        {
            result = 0;
            return false;
        }
    }

    /// <summary>Normalizes without throwing: false (and null) when the version is not valid in the scheme.</summary>
    public static bool TryNormalize(this IVersionScheme scheme, string version, out string? normalized)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        try
        {
            normalized = scheme.Normalize(version);
            return true;
        }
        catch (FormatException)
        {
            normalized = null;
            return false;
        }
    }

    /// <summary>Evaluates a range without throwing: null when the version or range is not valid.</summary>
    public static bool? TrySatisfies(this IVersionScheme scheme, string version, string range)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        try
        {
            return scheme.Satisfies(version, range);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
