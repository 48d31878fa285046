namespace Palisade.Vulnerabilities.Cvss;

/// <summary>
/// CVSS v2 (FIRST "A Complete Guide to the Common Vulnerability Scoring System Version 2.0", section 3.2.1): the base
/// score. The six base metrics come first, in the guide's order; temporal (E, RL, RC) and environmental (CDP, TD, CR,
/// IR, AR) metrics may follow in that order and are validated but not scored.
/// </summary>
internal static class Cvss2
{
    private const int AV = 0, AC = 1, Au = 2, C = 3, I = 4, A = 5;

    private static readonly CvssMetric[] Metrics =
    [
        new("AV", ["L", "A", "N"], true),
        new("AC", ["H", "M", "L"], true),
        new("Au", ["M", "S", "N"], true),
        new("C", ["N", "P", "C"], true),
        new("I", ["N", "P", "C"], true),
        new("A", ["N", "P", "C"], true),
        new("E", ["U", "POC", "F", "H", "ND"], false),
        new("RL", ["OF", "TF", "W", "U", "ND"], false),
        new("RC", ["UC", "UR", "C", "ND"], false),
        new("CDP", ["N", "L", "LM", "MH", "H", "ND"], false),
        new("TD", ["N", "L", "M", "H", "ND"], false),
        new("CR", ["L", "M", "H", "ND"], false),
        new("IR", ["L", "M", "H", "ND"], false),
        new("AR", ["L", "M", "H", "ND"], false),
    ];

    /// <summary>Scores a CVSS v2 vector (no prefix).</summary>
    /// <exception cref="FormatException">The vector is not valid CVSS v2.</exception>
    internal static CvssResult Calculate(string vector)
    {
        var m = CvssVectorParser.Parse(vector, 0, "CVSS v2", Metrics, ordered: true);
        var impact = 10.41 * (1 - (1 - Cia(m[C]!)) * (1 - Cia(m[I]!)) * (1 - Cia(m[A]!)));
        var exploitability = 20 * Av(m[AV]!) * Ac(m[AC]!) * Auth(m[Au]!);
        var f = impact == 0 ? 0 : 1.176;
        var raw = (0.6 * impact + 0.4 * exploitability - 1.5) * f;
        var score = Math.Max(0, Math.Round(raw * 10, MidpointRounding.AwayFromZero) / 10);
        return new CvssResult
        {
            Version = CvssVersion.V2,
            Vector = vector,
            BaseScore = score,
            Rating = CvssRatings.FromScore(score, CvssVersion.V2),
            Score = score,
            Nomenclature = "CVSS-B",
        };
    }

    private static double Av(string v) => v switch { "L" => 0.395, "A" => 0.646, _ => 1.0 };

    private static double Ac(string v) => v switch { "H" => 0.35, "M" => 0.61, _ => 0.71 };

    private static double Auth(string v) => v switch { "M" => 0.45, "S" => 0.56, _ => 0.704 };

    private static double Cia(string v) => v switch { "P" => 0.275, "C" => 0.660, _ => 0 };
}
