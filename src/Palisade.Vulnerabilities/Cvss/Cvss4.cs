namespace Palisade.Vulnerabilities.Cvss;

/// <summary>
/// CVSS v4.0 (FIRST specification document, sections 7 "Vector String" and 8 "CVSS v4.0 Scoring"). The vector lists
/// the eleven base metrics, then any threat, environmental and supplemental metrics, all in the specification's order,
/// each at most once. Scoring maps the vector to its MacroVector (EQ1..EQ6), looks up the MacroVector's score and
/// lowers it by the mean proportional severity distance from the MacroVector's highest-severity vectors.
/// </summary>
internal static class Cvss4
{
    private const int AV = 0, AC = 1, AT = 2, PR = 3, UI = 4, VC = 5, VI = 6, VA = 7, SC = 8, SI = 9, SA = 10;
    private const int E = 11, CR = 12, IR = 13, AR = 14, MAV = 15, MSA = 25;

    private static readonly CvssMetric[] Metrics =
    [
        new("AV", ["N", "A", "L", "P"], true),
        new("AC", ["L", "H"], true),
        new("AT", ["N", "P"], true),
        new("PR", ["N", "L", "H"], true),
        new("UI", ["N", "P", "A"], true),
        new("VC", ["H", "L", "N"], true),
        new("VI", ["H", "L", "N"], true),
        new("VA", ["H", "L", "N"], true),
        new("SC", ["H", "L", "N"], true),
        new("SI", ["H", "L", "N"], true),
        new("SA", ["H", "L", "N"], true),
        new("E", ["X", "A", "P", "U"], false),
        new("CR", ["X", "H", "M", "L"], false),
        new("IR", ["X", "H", "M", "L"], false),
        new("AR", ["X", "H", "M", "L"], false),
        new("MAV", ["X", "N", "A", "L", "P"], false),
        new("MAC", ["X", "L", "H"], false),
        new("MAT", ["X", "N", "P"], false),
        new("MPR", ["X", "N", "L", "H"], false),
        new("MUI", ["X", "N", "P", "A"], false),
        new("MVC", ["X", "H", "L", "N"], false),
        new("MVI", ["X", "H", "L", "N"], false),
        new("MVA", ["X", "H", "L", "N"], false),
        new("MSC", ["X", "H", "L", "N"], false),
        new("MSI", ["X", "S", "H", "L", "N"], false),
        new("MSA", ["X", "S", "H", "L", "N"], false),
        new("S", ["X", "N", "P"], false),
        new("AU", ["X", "N", "Y"], false),
        new("R", ["X", "A", "U", "I"], false),
        new("V", ["X", "D", "C"], false),
        new("RE", ["X", "L", "M", "H"], false),
        new("U", ["X", "Clear", "Green", "Amber", "Red"], false),
    ];

    /// <summary>MacroVector score by index EQ1*108 + EQ2*54 + EQ3*18 + EQ4*6 + EQ5*2 + EQ6; NaN where none exists.</summary>
    private static readonly double[] Lookup = BuildLookup();

    /// <summary>Scores a vector that starts with <c>CVSS:4.0/</c>.</summary>
    /// <exception cref="FormatException">The vector is not valid CVSS v4.0.</exception>
    internal static CvssResult Calculate(string vector)
    {
        var m = CvssVectorParser.Parse(vector, "CVSS:4.0/".Length, "CVSS v4.0", Metrics, ordered: true);
        char Value(int i) => m[i] is { } v && v != "X" ? v[0] : 'X';

        // CVSS-B: base metrics only; threat and environmental Not Defined (E:X counts as A, CR/IR/AR:X as H).
        var baseOnly = new Values(Value(AV), Value(AC), Value(AT), Value(PR), Value(UI), Value(VC), Value(VI), Value(VA),
            Value(SC), Value(SI), Value(SA), 'A', 'H', 'H', 'H');
        var baseScore = Score(baseOnly);

        // Every metric the vector defines: a modified base metric other than X replaces its base metric.
        char Effective(int i) => Value(MAV + i) is var modified and not 'X' ? modified : Value(i);
        var threat = Value(E) != 'X';
        var environmental = Enumerable.Range(CR, MSA - CR + 1).Any(i => Value(i) != 'X');
        var score = baseScore;
        if (threat || environmental)
        {
            var all = new Values(Effective(AV), Effective(AC), Effective(AT), Effective(PR), Effective(UI), Effective(VC),
                Effective(VI), Effective(VA), Effective(SC), Effective(SI), Effective(SA),
                threat ? Value(E) : 'A', Requirement(Value(CR)), Requirement(Value(IR)), Requirement(Value(AR)));
            score = Score(all);
        }

        return new CvssResult
        {
            Version = CvssVersion.V40,
            Vector = vector,
            BaseScore = baseScore,
            Rating = CvssRatings.FromScore(baseScore),
            Score = score,
            Nomenclature = "CVSS-B" + (threat ? "T" : "") + (environmental ? "E" : ""),
        };
    }

    private static char Requirement(char value) => value == 'X' ? 'H' : value;

    /// <summary>The effective value of every metric that scoring reads; SI and SA may be S (Safety, from MSI/MSA).</summary>
    internal readonly record struct Values(
        char AV, char AC, char AT, char PR, char UI, char VC, char VI, char VA, char SC, char SI, char SA,
        char E, char CR, char IR, char AR);

    /// <summary>The CVSS v4.0 score of a complete set of effective metric values.</summary>
    internal static double Score(Values v)
    {
        if (v is { VC: 'N', VI: 'N', VA: 'N', SC: 'N', SI: 'N', SA: 'N' }) return 0;

        var eq1 = v.AV == 'N' && v.PR == 'N' && v.UI == 'N' ? 0
            : (v.AV == 'N' || v.PR == 'N' || v.UI == 'N') && v.AV != 'P' ? 1
            : 2;
        var eq2 = v.AC == 'L' && v.AT == 'N' ? 0 : 1;
        var eq3 = v.VC == 'H' && v.VI == 'H' ? 0
            : v.VC == 'H' || v.VI == 'H' || v.VA == 'H' ? 1
            : 2;
        var eq4 = v.SI == 'S' || v.SA == 'S' ? 0
            : v.SC == 'H' || v.SI == 'H' || v.SA == 'H' ? 1
            : 2;
        var eq5 = v.E switch { 'A' => 0, 'P' => 1, _ => 2 };
        var eq6 = (v.CR == 'H' && v.VC == 'H') || (v.IR == 'H' && v.VI == 'H') || (v.AR == 'H' && v.VA == 'H') ? 0 : 1;

        var value = At(eq1, eq2, eq3, eq4, eq5, eq6);

        // Score of the next lower MacroVector along each equivalence set (NaN where there is none).
        var lowerEq1 = At(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
        var lowerEq2 = At(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
        var lowerEq3Eq6 = (eq3, eq6) switch
        {
            (0, 0) => Higher(At(eq1, eq2, 0, eq4, eq5, 1), At(eq1, eq2, 1, eq4, eq5, 0)),
            (1, 0) => At(eq1, eq2, 1, eq4, eq5, 1),
            _ => At(eq1, eq2, eq3 + 1, eq4, eq5, eq6),
        };
        var lowerEq4 = At(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
        var lowerEq5 = At(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

        // Severity distance of the vector from the first highest-severity vector of its MacroVector that it does not exceed.
        var max1 = First(Cvss4Tables.Eq1Max[eq1], x => Distance(v.AV, x[0], AvLevel) + Distance(v.PR, x[1], PrLevel) + Distance(v.UI, x[2], UiLevel),
            x => AvLevel(v.AV) >= AvLevel(x[0]) && PrLevel(v.PR) >= PrLevel(x[1]) && UiLevel(v.UI) >= UiLevel(x[2]));
        var max2 = First(Cvss4Tables.Eq2Max[eq2], x => Distance(v.AC, x[0], AcLevel) + Distance(v.AT, x[1], AtLevel),
            x => AcLevel(v.AC) >= AcLevel(x[0]) && AtLevel(v.AT) >= AtLevel(x[1]));
        var max36 = First(Cvss4Tables.Eq3Eq6Max[eq3 * 2 + eq6],
            x => Distance(v.VC, x[0], ImpactLevel) + Distance(v.VI, x[1], ImpactLevel) + Distance(v.VA, x[2], ImpactLevel)
                 + Distance(v.CR, x[3], RequirementLevel) + Distance(v.IR, x[4], RequirementLevel) + Distance(v.AR, x[5], RequirementLevel),
            x => ImpactLevel(v.VC) >= ImpactLevel(x[0]) && ImpactLevel(v.VI) >= ImpactLevel(x[1]) && ImpactLevel(v.VA) >= ImpactLevel(x[2])
                 && RequirementLevel(v.CR) >= RequirementLevel(x[3]) && RequirementLevel(v.IR) >= RequirementLevel(x[4])
                 && RequirementLevel(v.AR) >= RequirementLevel(x[5]));
        var max4 = First(Cvss4Tables.Eq4Max[eq4],
            x => Distance(v.SC, x[0], SubsequentLevel) + Distance(v.SI, x[1], SubsequentLevel) + Distance(v.SA, x[2], SubsequentLevel),
            x => SubsequentLevel(v.SC) >= SubsequentLevel(x[0]) && SubsequentLevel(v.SI) >= SubsequentLevel(x[1])
                 && SubsequentLevel(v.SA) >= SubsequentLevel(x[2]));

        const double step = 0.1;
        var count = 0;
        var sum = 0.0;
        void Add(double lower, double distance, double maxSeverity)
        {
            var available = value - lower;
            if (double.IsNaN(available)) return;
            count++;
            sum += available * (distance / maxSeverity);
        }

        Add(lowerEq1, max1, Cvss4Tables.Eq1Depth[eq1] * step);
        Add(lowerEq2, max2, Cvss4Tables.Eq2Depth[eq2] * step);
        Add(lowerEq3Eq6, max36, Cvss4Tables.Eq3Eq6Depth[eq3 * 2 + eq6] * step);
        Add(lowerEq4, max4, Cvss4Tables.Eq4Depth[eq4] * step);
        Add(lowerEq5, 0, 1); // EQ5 (exploit maturity) has no severity distance within a level

        if (count > 0) value -= sum / count;
        value = Math.Clamp(value, 0, 10);
        return Math.Round((value + 1e-6) * 10, MidpointRounding.AwayFromZero) / 10;
    }

    private static double Higher(double a, double b) => a > b ? a : b;

    private static double Distance(char value, char max, Func<char, double> level) => level(value) - level(max);

    /// <summary>The severity distance to the first candidate the vector does not exceed in any metric.</summary>
    /// <exception cref="InvalidOperationException">No candidate fits: the tables are inconsistent (a bug, never input-driven).</exception>
    private static double First(string[] candidates, Func<string, double> distance, Func<string, bool> fits)
    {
        foreach (var candidate in candidates)
            if (fits(candidate)) return distance(candidate);
        throw new InvalidOperationException("CVSS v4.0: no highest-severity vector of the MacroVector fits the vector");
    }

    private static double At(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) =>
        eq1 > 2 || eq2 > 1 || eq3 > 2 || eq4 > 2 || eq5 > 2 || eq6 > 1
            ? double.NaN
            : Lookup[eq1 * 108 + eq2 * 54 + eq3 * 18 + eq4 * 6 + eq5 * 2 + eq6];

    private static double[] BuildLookup()
    {
        var table = new double[3 * 108];
        Array.Fill(table, double.NaN);
        foreach (var (macroVector, score) in Cvss4Tables.MacroVectorScores)
        {
            int D(int i) => macroVector[i] - '0';
            table[D(0) * 108 + D(1) * 54 + D(2) * 18 + D(3) * 6 + D(4) * 2 + D(5)] = score;
        }

        return table;
    }

    // Metric levels of the specification's severity distance (0.1 per step; a larger level is less severe).
    private static double AvLevel(char v) => v switch { 'N' => 0.0, 'A' => 0.1, 'L' => 0.2, _ => 0.3 };

    private static double PrLevel(char v) => v switch { 'N' => 0.0, 'L' => 0.1, _ => 0.2 };

    private static double UiLevel(char v) => v switch { 'N' => 0.0, 'P' => 0.1, _ => 0.2 };

    private static double AcLevel(char v) => v == 'L' ? 0.0 : 0.1;

    private static double AtLevel(char v) => v == 'N' ? 0.0 : 0.1;

    private static double ImpactLevel(char v) => v switch { 'H' => 0.0, 'L' => 0.1, _ => 0.2 };

    private static double SubsequentLevel(char v) => v switch { 'S' => 0.0, 'H' => 0.1, 'L' => 0.2, _ => 0.3 };

    private static double RequirementLevel(char v) => v switch { 'H' => 0.0, 'M' => 0.1, _ => 0.2 };
}
