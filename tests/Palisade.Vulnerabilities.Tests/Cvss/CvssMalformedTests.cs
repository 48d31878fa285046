using Palisade.Vulnerabilities.Cvss;

namespace Palisade.Vulnerabilities.Tests.Cvss;

public class CvssMalformedTests
{
    private const string V31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
    private const string V40 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
    private const string V2 = "AV:N/AC:L/Au:N/C:P/I:P/A:P";

    public static TheoryData<string, string> Malformed => new()
    {
        { "", "empty" },
        { " ", "blank" },
        { " " + V31, "leading space" },
        { V31 + " ", "trailing space" },
        { V31 + "\n", "trailing newline" },
        { "CVSS:3.1", "prefix only" },
        { "CVSS:3.1/", "no metrics" },
        { "CVSS:3.1//AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "empty metric" },
        { V31 + "/", "trailing slash" },
        { "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown version" },
        { "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", "v2 with a prefix" },
        { "CVSS:31/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "malformed version" },
        { "cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "lower-case prefix" },
        { "CVSS:3.1/av:n/ac:l/pr:n/ui:n/s:u/c:h/i:h/a:h", "lower-case metrics" },
        { "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "v3 without prefix" },
        { "CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "duplicate metric" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:P", "duplicate metric with another value" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:H/E:H", "duplicate temporal metric" },
        { "CVSS:3.1/AV:N/AC:L/UI:N/S:U/C:H/I:H/A:H", "missing PR" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H", "missing S" },
        { "CVSS:3.1/E:H/RL:O", "only temporal metrics" },
        { "CVSS:3.1/AX:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown metric" },
        { "CVSS:3.1/AV:W/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown value" },
        { "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "X for a base metric" },
        { "CVSS:3.1/AV:NN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "value too long" },
        { "CVSS:3.1/AV:/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "empty value" },
        { "CVSS:3.1/:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "empty name" },
        { "CVSS:3.1/AVN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "missing colon" },
        { "CVSS:3.1/AV:N:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "two colons" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MS:Z", "unknown environmental value" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AT:N", "v4 metric in v3" },
        { "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:X/CR:H", "duplicate requirement" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N", "v4 missing SA" },
        { "CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "v4 base out of order" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/CR:H/E:A", "v4 threat after environmental" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:Red/S:N", "v4 supplemental out of order" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A/E:A", "v4 duplicate" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/AV:N", "v4 duplicate base metric" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N", "v4 S only for MSI/MSA" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSC:S", "v4 S not for MSC" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "v4 UI:R is v3" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:U", "v4 S:U is v3 scope" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:clear", "v4 provider urgency is case-sensitive" },
        { "CVSS:4.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "v3 metrics under a v4 prefix" },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/RL:O", "v3 temporal metric in v4" },
        { "(AV:N/AC:L/Au:N/C:P/I:P/A:P)", "v2 in parentheses" },
        { "AV:N/AC:L/Au:N/C:P/I:P", "v2 missing A" },
        { "AC:L/AV:N/Au:N/C:P/I:P/A:P", "v2 not starting with AV" },
        { "AV:N/Au:N/AC:L/C:P/I:P/A:P", "v2 out of order" },
        { "AV:N/AC:L/AU:N/C:P/I:P/A:P", "v2 Au is case-sensitive" },
        { "AV:N/AC:L/Au:N/C:P/I:P/A:P/E:X", "v2 temporal uses ND, not X" },
        { "AV:N/AC:L/Au:N/C:P/I:P/A:P/CDP:H/E:F", "v2 temporal after environmental" },
        { "AV:N/AC:L/Au:N/C:H/I:P/A:P", "v2 value from v3" },
        { "AV:N/AC:L/Au:N/C:P/I:P/A:P/", "v2 trailing slash" },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\0", "NUL character" },
        { "CVSS:3.1/AV:\u039D/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "look-alike Greek letter" },
        { "garbage", "not a vector" },
        { "/", "slash" },
        { ":", "colon" },
        { "CVSS:", "bare prefix" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_vector_is_a_format_exception(string vector, string why)
    {
        var e = Assert.Throws<FormatException>(() => CvssScore.Calculate(vector));
        Assert.False(string.IsNullOrWhiteSpace(e.Message), why);
        Assert.False(CvssScore.TryCalculate(vector, out var result), why);
        Assert.Null(result);
    }

    [Fact]
    public void Error_messages_name_the_problem()
    {
        Assert.Contains("'AV' more than once", Message("CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), StringComparison.Ordinal);
        Assert.Contains("PR", Message("CVSS:3.1/AV:N/AC:L/UI:N/S:U/C:H/I:H/A:H"), StringComparison.Ordinal);
        Assert.Contains("unknown value 'W' for 'AV'", Message("CVSS:3.1/AV:W/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), StringComparison.Ordinal);
        Assert.Contains("unsupported version '3.2'", Message("CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), StringComparison.Ordinal);
        Assert.Contains("order", Message("CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"), StringComparison.Ordinal);
    }

    [Fact]
    public void Null_vector_is_an_argument_null_exception()
    {
        Assert.Throws<ArgumentNullException>(() => CvssScore.Calculate(null!));
        Assert.Throws<ArgumentNullException>(() => CvssScore.CalculateOsv(null!, V31));
        Assert.Throws<ArgumentNullException>(() => CvssScore.CalculateOsv("CVSS_V3", null!));
        Assert.False(CvssScore.TryCalculate(null, out _));
        Assert.False(CvssScore.TryCalculateOsv(null, V31, out _));
        Assert.False(CvssScore.TryCalculateOsv("CVSS_V3", null, out _));
    }

    [Theory]
    [InlineData(V31)]
    [InlineData(V40)]
    [InlineData(V2)]
    public void Megabyte_vectors_are_rejected_by_length(string valid)
    {
        var padded = valid + string.Concat(Enumerable.Repeat("/E:X", 1 << 18));
        var e = Assert.Throws<FormatException>(() => CvssScore.Calculate(padded));
        Assert.Contains("at most 512", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 200, "the message does not quote the megabyte");
        Assert.False(CvssScore.TryCalculate(new string('/', 1 << 20), out _));
        Assert.False(CvssScore.TryCalculate("CVSS:3.1/" + new string('A', 1 << 20), out _));
    }

    [Fact]
    public void Longest_valid_vector_is_accepted()
    {
        const string all = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A/CR:H/IR:H/AR:H/MAV:N/MAC:L/MAT:N/MPR:N/MUI:N/MVC:H/MVI:H/MVA:H/MSC:H/MSI:S/MSA:S/S:P/AU:Y/R:I/V:C/RE:H/U:Amber";
        Assert.True(all.Length <= CvssScore.MaxVectorLength);
        Assert.Equal(10.0, CvssScore.Calculate(all).Score);

        const string v3 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:H/RL:U/RC:C/CR:H/IR:H/AR:H/MAV:N/MAC:L/MPR:N/MUI:N/MS:C/MC:H/MI:H/MA:H";
        Assert.Equal(10.0, CvssScore.Calculate(v3).EnvironmentalScore);
    }

    [Fact]
    public void Vector_at_the_length_limit_is_checked_normally()
    {
        var exact = V31 + new string('x', CvssScore.MaxVectorLength - V31.Length);
        Assert.Equal(CvssScore.MaxVectorLength, exact.Length);
        var e = Assert.Throws<FormatException>(() => CvssScore.Calculate(exact));
        Assert.DoesNotContain("at most", e.Message, StringComparison.Ordinal);
    }

    private static string Message(string vector) => Assert.Throws<FormatException>(() => CvssScore.Calculate(vector)).Message;
}
