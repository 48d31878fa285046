using Palisade.Vulnerabilities.Cvss;

namespace Palisade.Vulnerabilities.Tests.Cvss;

/// <summary>Every base vector of every version scores without error, in range, and zero exactly when nothing is impacted.</summary>
public class CvssExhaustiveTests
{
    private static IEnumerable<string> Combine(params (string Name, string Values)[] metrics)
    {
        IEnumerable<string> vectors = [""];
        foreach (var (name, values) in metrics)
        {
            var choices = values.Split(',');
            vectors = vectors.SelectMany(v => choices.Select(c => (v.Length == 0 ? "" : v + "/") + name + ":" + c)).ToList();
        }

        return vectors;
    }

    private static void AssertScore(double score, string vector)
    {
        Assert.True(score is >= 0 and <= 10, $"{vector}: {score}");
        Assert.True(Math.Round(score, 1) == score, $"{vector}: {score} has more than one decimal");
    }

    [Theory]
    [InlineData("CVSS:3.0/")]
    [InlineData("CVSS:3.1/")]
    public void All_v3_base_vectors(string prefix)
    {
        var vectors = Combine(("AV", "N,A,L,P"), ("AC", "L,H"), ("PR", "N,L,H"), ("UI", "N,R"), ("S", "U,C"), ("C", "H,L,N"), ("I", "H,L,N"), ("A", "H,L,N"))
            .Select(v => prefix + v).ToList();
        Assert.Equal(2592, vectors.Count);
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var vector in vectors)
        {
            var result = CvssScore.Calculate(vector);
            AssertScore(result.BaseScore, vector);
            Assert.Equal(vector.EndsWith("C:N/I:N/A:N", StringComparison.Ordinal), result.BaseScore == 0);
            scores[vector] = result.BaseScore;
        }

        // Monotonic: a more severe value of any one metric never lowers the base score (scope aside).
        string[][] orders = [["AV:P", "AV:L", "AV:A", "AV:N"], ["AC:H", "AC:L"], ["PR:H", "PR:L", "PR:N"], ["UI:R", "UI:N"], ["C:N", "C:L", "C:H"], ["I:N", "I:L", "I:H"], ["A:N", "A:L", "A:H"]];
        foreach (var vector in vectors)
            foreach (var order in orders)
                for (var i = 0; i + 1 < order.Length; i++)
                {
                    var lower = "/" + order[i];
                    if (!vector.Contains(lower, StringComparison.Ordinal)) continue;
                    var higher = vector.Replace(lower, "/" + order[i + 1], StringComparison.Ordinal);
                    Assert.True(scores[higher] >= scores[vector], $"{higher} scores below {vector}");
                }
    }

    [Fact]
    public void All_v2_base_vectors()
    {
        var vectors = Combine(("AV", "L,A,N"), ("AC", "H,M,L"), ("Au", "M,S,N"), ("C", "N,P,C"), ("I", "N,P,C"), ("A", "N,P,C")).ToList();
        Assert.Equal(729, vectors.Count);
        foreach (var vector in vectors)
        {
            var result = CvssScore.Calculate(vector);
            AssertScore(result.BaseScore, vector);
            Assert.Equal(vector.EndsWith("C:N/I:N/A:N", StringComparison.Ordinal), result.BaseScore == 0);
        }
    }

    [Fact]
    public void All_v4_base_vectors()
    {
        var count = 0;
        foreach (var body in Combine(("AV", "N,A,L,P"), ("AC", "L,H"), ("AT", "N,P"), ("PR", "N,L,H"), ("UI", "N,P,A"),
                     ("VC", "H,L,N"), ("VI", "H,L,N"), ("VA", "H,L,N"), ("SC", "H,L,N"), ("SI", "H,L,N"), ("SA", "H,L,N")))
        {
            var vector = "CVSS:4.0/" + body;
            var result = CvssScore.Calculate(vector);
            AssertScore(result.BaseScore, vector);
            Assert.Equal(result.BaseScore, result.Score);
            Assert.Equal(body.EndsWith("VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", StringComparison.Ordinal), result.BaseScore == 0);
            count++;
        }

        Assert.Equal(104_976, count);
    }

    [Theory]
    [InlineData("CVSS:4.0/AV:L/AC:H/AT:P/PR:H/UI:A/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L")]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H")]
    public void V4_environmental_sweeps_find_a_highest_severity_vector(string baseVector)
    {
        // Each equivalence set picks its highest-severity vector independently, so sweeping each set's modified
        // metrics covers every combination the scoring can meet.
        var sweeps = new[]
        {
            Combine(("E", "X,A,P,U"), ("MAV", "X,N,A,L,P"), ("MAC", "X,L,H"), ("MAT", "X,N,P"), ("MPR", "X,N,L,H"), ("MUI", "X,N,P,A")),
            Combine(("CR", "X,H,M,L"), ("IR", "X,H,M,L"), ("AR", "X,H,M,L"), ("MVC", "X,H,L,N"), ("MVI", "X,H,L,N"), ("MVA", "X,H,L,N")),
            Combine(("E", "X,A,P,U"), ("MSC", "X,H,L,N"), ("MSI", "X,S,H,L,N"), ("MSA", "X,S,H,L,N")),
        };
        foreach (var sweep in sweeps)
            foreach (var metrics in sweep)
            {
                var vector = baseVector + "/" + metrics;
                var result = CvssScore.Calculate(vector);
                AssertScore(result.Score, vector);
            }
    }
}
