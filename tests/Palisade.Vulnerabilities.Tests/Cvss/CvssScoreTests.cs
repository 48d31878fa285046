using Palisade.Core.Findings;
using Palisade.Vulnerabilities.Cvss;

namespace Palisade.Vulnerabilities.Tests.Cvss;

public class CvssScoreTests
{
    [Theory]
    [MemberData(nameof(CvssPublishedScores.V3), MemberType = typeof(CvssPublishedScores))]
    public void V3_base_score_matches_the_published_score(string vector, double expected, string source)
    {
        var result = CvssScore.Calculate(vector);
        Assert.True(expected == result.BaseScore, $"{vector}: expected {expected} ({source}), got {result.BaseScore}");
        Assert.Equal(vector.StartsWith("CVSS:3.1/", StringComparison.Ordinal) ? CvssVersion.V31 : CvssVersion.V30, result.Version);
        Assert.Equal(CvssRatings.FromScore(expected), result.Rating);
    }

    [Theory]
    [MemberData(nameof(CvssPublishedScores.V3TemporalEnvironmental), MemberType = typeof(CvssPublishedScores))]
    public void V3_temporal_and_environmental_scores_match(string vector, double baseScore, double? temporal, double? environmental, string source)
    {
        var result = CvssScore.Calculate(vector);
        Assert.True(baseScore == result.BaseScore, $"{vector} base ({source})");
        Assert.True(temporal == result.TemporalScore, $"{vector} temporal: expected {temporal} ({source}), got {result.TemporalScore}");
        Assert.True(environmental == result.EnvironmentalScore, $"{vector} environmental: expected {environmental} ({source}), got {result.EnvironmentalScore}");
        Assert.Equal(environmental ?? temporal ?? baseScore, result.Score);
    }

    [Theory]
    [MemberData(nameof(CvssPublishedScores.V3Ratings), MemberType = typeof(CvssPublishedScores))]
    public void V3_rating_matches_the_published_rating(string vector, string rating)
    {
        Assert.Equal(Enum.Parse<CvssRating>(rating), CvssScore.Calculate(vector).Rating);
    }

    [Theory]
    [MemberData(nameof(CvssPublishedScores.V4Base), MemberType = typeof(CvssPublishedScores))]
    public void V4_base_score_matches_the_published_score(string vector, double expected, string source)
    {
        var result = CvssScore.Calculate(vector);
        Assert.True(expected == result.BaseScore, $"{vector}: expected {expected} ({source}), got {result.BaseScore}");
        Assert.Equal(expected, result.Score);
        Assert.Equal(CvssVersion.V40, result.Version);
        Assert.Equal("CVSS-B", result.Nomenclature);
        Assert.Null(result.TemporalScore);
        Assert.Null(result.EnvironmentalScore);
    }

    [Theory]
    [MemberData(nameof(CvssPublishedScores.V4Full), MemberType = typeof(CvssPublishedScores))]
    public void V4_threat_and_environmental_score_matches(string vector, double baseScore, double score, string nomenclature, string source)
    {
        var result = CvssScore.Calculate(vector);
        Assert.True(baseScore == result.BaseScore, $"{vector} CVSS-B: expected {baseScore} ({source}), got {result.BaseScore}");
        Assert.True(score == result.Score, $"{vector}: expected {score} ({source}), got {result.Score}");
        Assert.Equal(nomenclature, result.Nomenclature);
    }

    [Theory]
    [MemberData(nameof(CvssPublishedScores.V2), MemberType = typeof(CvssPublishedScores))]
    public void V2_base_score_matches_the_published_score(string vector, double expected, string source)
    {
        var result = CvssScore.Calculate(vector);
        Assert.True(expected == result.BaseScore, $"{vector}: expected {expected} ({source}), got {result.BaseScore}");
        Assert.Equal(CvssVersion.V2, result.Version);
    }

    [Theory]
    [InlineData(0.0, CvssRating.None, Severity.Info)]
    [InlineData(0.1, CvssRating.Low, Severity.Low)]
    [InlineData(3.9, CvssRating.Low, Severity.Low)]
    [InlineData(4.0, CvssRating.Medium, Severity.Medium)]
    [InlineData(6.9, CvssRating.Medium, Severity.Medium)]
    [InlineData(7.0, CvssRating.High, Severity.High)]
    [InlineData(8.9, CvssRating.High, Severity.High)]
    [InlineData(9.0, CvssRating.Critical, Severity.Critical)]
    [InlineData(10.0, CvssRating.Critical, Severity.Critical)]
    public void Qualitative_rating_scale_and_palisade_severity(double score, CvssRating rating, Severity severity)
    {
        Assert.Equal(rating, CvssRatings.FromScore(score));
        Assert.Equal(severity, rating.ToSeverity());
    }

    [Theory]
    [InlineData(0.0, CvssRating.Low)]
    [InlineData(3.9, CvssRating.Low)]
    [InlineData(4.0, CvssRating.Medium)]
    [InlineData(6.9, CvssRating.Medium)]
    [InlineData(7.0, CvssRating.High)]
    [InlineData(10.0, CvssRating.High)]
    public void V2_uses_the_nvd_scale(double score, CvssRating rating) =>
        Assert.Equal(rating, CvssRatings.FromScore(score, CvssVersion.V2));

    [Theory]
    [InlineData(-0.1)]
    [InlineData(10.1)]
    [InlineData(double.NaN)]
    public void Rating_of_a_score_outside_the_range_throws(double score) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CvssRatings.FromScore(score));

    [Fact]
    public void Result_carries_severity_of_the_base_score()
    {
        var log4shell = CvssScore.Calculate("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
        Assert.Equal(Severity.Critical, log4shell.Severity);
        Assert.Equal("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", log4shell.Vector);

        var none = CvssScore.Calculate("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N");
        Assert.Equal(CvssRating.None, none.Rating);
        Assert.Equal(Severity.Info, none.Severity);

        // The severity follows the base score, not the environmental one.
        var lowered = CvssScore.Calculate("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:L/E:P/CR:L/IR:L/AR:L/MAV:P");
        Assert.Equal(Severity.High, lowered.Severity);
        Assert.Equal(2.8, lowered.EnvironmentalScore);
        Assert.Equal(6.9, lowered.TemporalScore);
    }

    [Fact]
    public void V3_metrics_marked_X_count_as_not_defined()
    {
        var result = CvssScore.Calculate("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/RL:X/RC:X/CR:X/MAV:X/MS:X");
        Assert.Null(result.TemporalScore);
        Assert.Null(result.EnvironmentalScore);
        Assert.Equal("CVSS-B", result.Nomenclature);
        Assert.Equal(9.8, result.Score);
    }

    [Fact]
    public void V4_supplemental_metrics_do_not_change_the_score()
    {
        var plain = CvssScore.Calculate("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
        var supplemental = CvssScore.Calculate("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:P/AU:Y/R:I/V:C/RE:H/U:Amber");
        Assert.Equal(plain.BaseScore, supplemental.BaseScore);
        Assert.Equal(plain.Score, supplemental.Score);
        Assert.Equal("CVSS-B", supplemental.Nomenclature);
    }

    [Fact]
    public void V4_safety_raises_the_subsequent_system_equivalence_set()
    {
        // MSI:S moves EQ4 to level 0; MacroVector 000000 scores 10.
        var result = CvssScore.Calculate("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSI:S");
        Assert.Equal(9.3, result.BaseScore);
        Assert.Equal(10.0, result.Score);
        Assert.Equal("CVSS-BE", result.Nomenclature);
    }

    [Theory]
    [InlineData("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8)]
    [InlineData("CVSS_V3", "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5)]
    [InlineData("CVSS_V4", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3)]
    [InlineData("CVSS_V2", "AV:L/AC:M/Au:N/C:N/I:P/A:C", 5.4)]
    public void Osv_severity_entries_are_scored(string type, string score, double expected)
    {
        Assert.Equal(expected, CvssScore.CalculateOsv(type, score).BaseScore);
        Assert.True(CvssScore.TryCalculateOsv(type, score, out var result));
        Assert.Equal(expected, result.BaseScore);
    }

    [Theory]
    [InlineData("CVSS_V2", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")]
    [InlineData("CVSS_V3", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")]
    [InlineData("CVSS_V4", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")]
    [InlineData("CVSS_V3", "AV:N/AC:L/Au:N/C:P/I:P/A:P")]
    [InlineData("Ubuntu", "high")]
    [InlineData("cvss_v3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")]
    public void Osv_type_and_vector_version_must_agree(string type, string score)
    {
        Assert.Throws<FormatException>(() => CvssScore.CalculateOsv(type, score));
        Assert.False(CvssScore.TryCalculateOsv(type, score, out var result));
        Assert.Null(result);
    }

    [Fact]
    public void Version_names_are_as_written_in_vectors()
    {
        Assert.Equal("2.0", CvssScore.VersionName(CvssVersion.V2));
        Assert.Equal("3.0", CvssScore.VersionName(CvssVersion.V30));
        Assert.Equal("3.1", CvssScore.VersionName(CvssVersion.V31));
        Assert.Equal("4.0", CvssScore.VersionName(CvssVersion.V40));
    }
}
