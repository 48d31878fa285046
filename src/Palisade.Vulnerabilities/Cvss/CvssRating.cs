using Palisade.Core.Findings;

namespace Palisade.Vulnerabilities.Cvss;

/// <summary>The qualitative severity rating of a CVSS score (CVSS v3.1 and v4.0 specifications, section 5).</summary>
public enum CvssRating
{
    /// <summary>Score 0.0.</summary>
    None = 0,

    /// <summary>Score 0.1 to 3.9 (v2: 0.0 to 3.9).</summary>
    Low = 1,

    /// <summary>Score 4.0 to 6.9.</summary>
    Medium = 2,

    /// <summary>Score 7.0 to 8.9 (v2: 7.0 to 10.0).</summary>
    High = 3,

    /// <summary>Score 9.0 to 10.0 (never for v2).</summary>
    Critical = 4,
}

/// <summary>Maps CVSS scores to qualitative ratings and ratings to Palisade severities.</summary>
public static class CvssRatings
{
    /// <summary>
    /// The qualitative rating of a score. v3.x and v4.0 use FIRST's scale (None 0.0, Low 0.1-3.9, Medium 4.0-6.9,
    /// High 7.0-8.9, Critical 9.0-10.0). CVSS v2 defines no scale; NVD's v2 scale is used (Low 0.0-3.9, Medium 4.0-6.9,
    /// High 7.0-10.0).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The score is not a number in [0, 10].</exception>
    public static CvssRating FromScore(double score, CvssVersion version = CvssVersion.V31)
    {
        if (double.IsNaN(score) || score < 0 || score > 10)
            throw new ArgumentOutOfRangeException(nameof(score), score, "a CVSS score lies in [0, 10]");
        if (version == CvssVersion.V2)
            return score < 4.0 ? CvssRating.Low : score < 7.0 ? CvssRating.Medium : CvssRating.High;
        return score switch
        {
            0 => CvssRating.None,
            < 4.0 => CvssRating.Low,
            < 7.0 => CvssRating.Medium,
            < 9.0 => CvssRating.High,
            _ => CvssRating.Critical,
        };
    }

    /// <summary>
    /// The Palisade severity of a rating: Low, Medium, High and Critical map to their namesakes; None (score 0.0)
    /// maps to <see cref="Severity.Info"/>, Palisade's lowest severity.
    /// </summary>
    public static Severity ToSeverity(this CvssRating rating) => rating switch
    {
        CvssRating.Critical => Severity.Critical,
        CvssRating.High => Severity.High,
        CvssRating.Medium => Severity.Medium,
        CvssRating.Low => Severity.Low,
        _ => Severity.Info,
    };
}
