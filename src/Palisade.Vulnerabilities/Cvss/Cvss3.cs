namespace Palisade.Vulnerabilities.Cvss;

/// <summary>
/// CVSS v3.0 and v3.1 (FIRST specification documents, section 7 "Scoring" and Appendix A "Roundup"): base, temporal
/// and environmental scores. Metrics may come in any order; each at most once; the eight base metrics are mandatory.
/// </summary>
internal static class Cvss3
{
    private const int AV = 0, AC = 1, PR = 2, UI = 3, S = 4, C = 5, I = 6, A = 7;
    private const int E = 8, RL = 9, RC = 10;
    private const int CR = 11, IR = 12, AR = 13, MAV = 14, MAC = 15, MPR = 16, MUI = 17, MS = 18, MC = 19, MI = 20, MA = 21;

    private static readonly CvssMetric[] Metrics =
    [
        new("AV", ["N", "A", "L", "P"], true),
        new("AC", ["L", "H"], true),
        new("PR", ["N", "L", "H"], true),
        new("UI", ["N", "R"], true),
        new("S", ["U", "C"], true),
        new("C", ["H", "L", "N"], true),
        new("I", ["H", "L", "N"], true),
        new("A", ["H", "L", "N"], true),
        new("E", ["X", "H", "F", "P", "U"], false),
        new("RL", ["X", "U", "W", "T", "O"], false),
        new("RC", ["X", "C", "R", "U"], false),
        new("CR", ["X", "H", "M", "L"], false),
        new("IR", ["X", "H", "M", "L"], false),
        new("AR", ["X", "H", "M", "L"], false),
        new("MAV", ["X", "N", "A", "L", "P"], false),
        new("MAC", ["X", "L", "H"], false),
        new("MPR", ["X", "N", "L", "H"], false),
        new("MUI", ["X", "N", "R"], false),
        new("MS", ["X", "U", "C"], false),
        new("MC", ["X", "H", "L", "N"], false),
        new("MI", ["X", "H", "L", "N"], false),
        new("MA", ["X", "H", "L", "N"], false),
    ];

    /// <summary>Scores a vector that starts with <c>CVSS:3.0/</c> or <c>CVSS:3.1/</c>.</summary>
    /// <exception cref="FormatException">The vector is not valid CVSS v3.x.</exception>
    internal static CvssResult Calculate(string vector, bool v31)
    {
        var label = v31 ? "CVSS v3.1" : "CVSS v3.0";
        var m = CvssVectorParser.Parse(vector, "CVSS:3.x/".Length, label, Metrics, ordered: false);
        string Get(int i) => m[i] ?? "X";
        string Effective(int modified, int baseMetric) => Get(modified) is var v && v != "X" ? v : m[baseMetric]!;
        double Round(double x) => v31 ? Roundup31(x) : Roundup30(x);

        var changed = m[S] == "C";
        var iss = 1 - (1 - Cia(m[C]!)) * (1 - Cia(m[I]!)) * (1 - Cia(m[A]!));
        var impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.Pow(iss - 0.02, 15) : 6.42 * iss;
        var exploitability = 8.22 * Av(m[AV]!) * Ac(m[AC]!) * Pr(m[PR]!, changed) * Ui(m[UI]!);
        var baseScore = impact <= 0 ? 0
            : changed ? Round(Math.Min(1.08 * (impact + exploitability), 10))
            : Round(Math.Min(impact + exploitability, 10));

        var temporalFactor = Exploit(Get(E)) * Remediation(Get(RL)) * Confidence(Get(RC));
        double? temporal = Get(E) != "X" || Get(RL) != "X" || Get(RC) != "X" ? Round(baseScore * temporalFactor) : null;

        double? environmental = null;
        if (Enumerable.Range(CR, MA - CR + 1).Any(i => Get(i) != "X"))
        {
            var mChanged = Effective(MS, S) == "C";
            var miss = Math.Min(1 - (1 - Requirement(Get(CR)) * Cia(Effective(MC, C)))
                                  * (1 - Requirement(Get(IR)) * Cia(Effective(MI, I)))
                                  * (1 - Requirement(Get(AR)) * Cia(Effective(MA, A))), 0.915);
            var mImpact = !mChanged ? 6.42 * miss
                : v31 ? 7.52 * (miss - 0.029) - 3.25 * Math.Pow(miss * 0.9731 - 0.02, 13)
                : 7.52 * (miss - 0.029) - 3.25 * Math.Pow(miss - 0.02, 15);
            var mExploitability = 8.22 * Av(Effective(MAV, AV)) * Ac(Effective(MAC, AC)) * Pr(Effective(MPR, PR), mChanged) * Ui(Effective(MUI, UI));
            environmental = mImpact <= 0 ? 0
                : mChanged ? Round(Round(Math.Min(1.08 * (mImpact + mExploitability), 10)) * temporalFactor)
                : Round(Round(Math.Min(mImpact + mExploitability, 10)) * temporalFactor);
        }

        return new CvssResult
        {
            Version = v31 ? CvssVersion.V31 : CvssVersion.V30,
            Vector = vector,
            BaseScore = baseScore,
            Rating = CvssRatings.FromScore(baseScore),
            TemporalScore = temporal,
            EnvironmentalScore = environmental,
            Score = environmental ?? temporal ?? baseScore,
            Nomenclature = (temporal, environmental) switch
            {
                (null, null) => "CVSS-B",
                (not null, null) => "CVSS-BT",
                (null, not null) => "CVSS-BE",
                _ => "CVSS-BTE",
            },
        };
    }

    /// <summary>
    /// CVSS v3.1 Roundup (Appendix A): the smallest one-decimal number not below the input, computed on integers so
    /// that floating-point noise such as 4.000000000000001 does not round up to 4.1.
    /// </summary>
    internal static double Roundup31(double value)
    {
        var scaled = (long)Math.Round(value * 100000, MidpointRounding.AwayFromZero);
        return scaled % 10000 == 0 ? scaled / 100000.0 : (Math.Floor(scaled / 10000.0) + 1) / 10.0;
    }

    /// <summary>CVSS v3.0 Roundup as its specification and calculator define it: ceiling of the value times ten, over ten.</summary>
    internal static double Roundup30(double value) => Math.Ceiling(value * 10) / 10;

    private static double Av(string v) => v switch { "N" => 0.85, "A" => 0.62, "L" => 0.55, _ => 0.2 };

    private static double Ac(string v) => v == "L" ? 0.77 : 0.44;

    private static double Pr(string v, bool changed) => v switch
    {
        "N" => 0.85,
        "L" => changed ? 0.68 : 0.62,
        _ => changed ? 0.5 : 0.27,
    };

    private static double Ui(string v) => v == "N" ? 0.85 : 0.62;

    private static double Cia(string v) => v switch { "H" => 0.56, "L" => 0.22, _ => 0 };

    private static double Exploit(string v) => v switch { "F" => 0.97, "P" => 0.94, "U" => 0.91, _ => 1 };

    private static double Remediation(string v) => v switch { "W" => 0.97, "T" => 0.96, "O" => 0.95, _ => 1 };

    private static double Confidence(string v) => v switch { "R" => 0.96, "U" => 0.92, _ => 1 };

    private static double Requirement(string v) => v switch { "H" => 1.5, "L" => 0.5, _ => 1 };
}
