using System.Diagnostics.CodeAnalysis;

namespace Palisade.Vulnerabilities.Cvss;

/// <summary>
/// The CVSS entry point: parses a CVSS v2, v3.0, v3.1 or v4.0 vector string, validates it strictly against its
/// specification, and computes its base score (with our own calculators), qualitative rating and Palisade severity.
/// </summary>
public static class CvssScore
{
    /// <summary>The longest vector accepted; the longest valid vector (v4.0 with every metric) is about 200 characters.</summary>
    public const int MaxVectorLength = 512;

    /// <summary>
    /// Scores a vector: <c>CVSS:4.0/...</c>, <c>CVSS:3.1/...</c>, <c>CVSS:3.0/...</c>, or an unprefixed v2 vector
    /// (<c>AV:N/AC:L/Au:N/C:P/I:P/A:P</c>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="vector"/> is null.</exception>
    /// <exception cref="FormatException">
    /// The vector is empty, longer than <see cref="MaxVectorLength"/>, has an unknown prefix or version, an unknown,
    /// repeated, misplaced or missing metric, or an unknown value.
    /// </exception>
    public static CvssResult Calculate(string vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        if (vector.Length == 0) throw new FormatException("The CVSS vector is empty.");
        if (vector.Length > MaxVectorLength)
            throw new FormatException($"The CVSS vector is {vector.Length} characters long; at most {MaxVectorLength} are accepted.");
        if (vector.StartsWith("CVSS:3.1/", StringComparison.Ordinal)) return Cvss3.Calculate(vector, v31: true);
        if (vector.StartsWith("CVSS:3.0/", StringComparison.Ordinal)) return Cvss3.Calculate(vector, v31: false);
        if (vector.StartsWith("CVSS:4.0/", StringComparison.Ordinal)) return Cvss4.Calculate(vector);
        if (vector.StartsWith("CVSS:", StringComparison.Ordinal))
        {
            var slash = vector.IndexOf('/', StringComparison.Ordinal);
            var version = slash < 0 ? vector[5..] : vector[5..slash];
            throw new FormatException($"The CVSS vector '{vector}' has the unsupported version '{version}' (supported: 3.0, 3.1, 4.0, and v2 without a prefix).");
        }

        if (vector.StartsWith("AV:", StringComparison.Ordinal)) return Cvss2.Calculate(vector);
        throw new FormatException($"The CVSS vector '{vector}' starts with neither 'CVSS:<version>/' nor a v2 'AV:' metric.");
    }

    /// <summary>Like <see cref="Calculate(string)"/>, but returns false instead of throwing for a null or invalid vector.</summary>
    public static bool TryCalculate(string? vector, [NotNullWhen(true)] out CvssResult? result)
    {
        result = null;
        if (vector is null) return false;
        try
        {
            result = Calculate(vector);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Scores an OSV <c>severity[]</c> entry: <paramref name="type"/> CVSS_V2, CVSS_V3 or CVSS_V4 and
    /// <paramref name="score"/> the vector, whose version must match the type (CVSS_V3 takes 3.0 and 3.1).
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="FormatException">
    /// The type is not a CVSS type (e.g. Ubuntu), the vector's version does not match it, or the vector is invalid.
    /// </exception>
    public static CvssResult CalculateOsv(string type, string score)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(score);
        CvssVersion[] expected = type switch
        {
            "CVSS_V2" => [CvssVersion.V2],
            "CVSS_V3" => [CvssVersion.V30, CvssVersion.V31],
            "CVSS_V4" => [CvssVersion.V40],
            _ => throw new FormatException($"The OSV severity type '{type}' is not CVSS_V2, CVSS_V3 or CVSS_V4."),
        };
        var result = Calculate(score);
        if (!expected.Contains(result.Version))
            throw new FormatException($"The OSV severity of type {type} holds a CVSS {VersionName(result.Version)} vector '{score}'.");
        return result;
    }

    /// <summary>Like <see cref="CalculateOsv(string, string)"/>, but returns false instead of throwing.</summary>
    public static bool TryCalculateOsv(string? type, string? score, [NotNullWhen(true)] out CvssResult? result)
    {
        result = null;
        if (type is null || score is null) return false;
        try
        {
            result = CalculateOsv(type, score);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The version as written in vectors: 2.0, 3.0, 3.1, 4.0.</summary>
    public static string VersionName(CvssVersion version) => version switch
    {
        CvssVersion.V2 => "2.0",
        CvssVersion.V30 => "3.0",
        CvssVersion.V31 => "3.1",
        CvssVersion.V40 => "4.0",
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, null),
    };
}
