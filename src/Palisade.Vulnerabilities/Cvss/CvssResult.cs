using Palisade.Core.Findings;

namespace Palisade.Vulnerabilities.Cvss;

/// <summary>The scores computed from one CVSS vector string.</summary>
public sealed record CvssResult
{
    /// <summary>The CVSS version of the vector.</summary>
    public required CvssVersion Version { get; init; }

    /// <summary>The vector string as given.</summary>
    public required string Vector { get; init; }

    /// <summary>
    /// The base score (0.0-10.0, one decimal) from the base metrics alone; for v4.0 the CVSS-B score, i.e. threat
    /// and environmental metrics left at Not Defined.
    /// </summary>
    public required double BaseScore { get; init; }

    /// <summary>The qualitative rating of <see cref="BaseScore"/>.</summary>
    public required CvssRating Rating { get; init; }

    /// <summary>The Palisade severity of <see cref="Rating"/> (None maps to <see cref="Severity.Info"/>).</summary>
    public Severity Severity => Rating.ToSeverity();

    /// <summary>v3.x only: the temporal score when the vector defines a temporal metric (E, RL, RC) other than X; otherwise null.</summary>
    public double? TemporalScore { get; init; }

    /// <summary>v3.x only: the environmental score when the vector defines an environmental metric other than X; otherwise null.</summary>
    public double? EnvironmentalScore { get; init; }

    /// <summary>
    /// The score of every metric group the vector defines, as FIRST's calculators show it: for v3.x the environmental
    /// score if defined, else the temporal score if defined, else the base score; for v4.0 the CVSS-B, CVSS-BT, CVSS-BE
    /// or CVSS-BTE score (see <see cref="Nomenclature"/>); for v2 the base score (v2 temporal and environmental metrics
    /// are validated but not scored).
    /// </summary>
    public required double Score { get; init; }

    /// <summary>
    /// What <see cref="Score"/> covers, in CVSS v4.0 nomenclature: CVSS-B (base), CVSS-BT (base and threat/temporal),
    /// CVSS-BE (base and environmental), CVSS-BTE (all three). Always CVSS-B for v2.
    /// </summary>
    public required string Nomenclature { get; init; }
}
