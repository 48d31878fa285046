using Newtonsoft.Json.Linq;
using Palisade.Policy.Variables;

namespace Palisade.Policy.Tests.Variables;

/// <summary>Go's JSON, numbers, durations, quantities and time layouts as the variables code reproduces them.</summary>
public sealed class GoFormatTests
{
    [Theory]
    [InlineData(3.0, "3")]
    [InlineData(2.5, "2.5")]
    [InlineData(-0.1, "-0.1")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1.5e-10, "1.5e-10")]
    [InlineData(123456789.125, "123456789.125")]
    public void Json_numbers(double value, string expected) => Assert.Equal(expected, GoJson.FormatNumber(value));

    [Theory]
    [InlineData(1e6, "1e+06")]
    [InlineData(100000, "100000")]
    [InlineData(2.5, "2.5")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1234567, "1.234567e+06")]
    [InlineData(123456, "123456")]
    public void General_numbers(double value, string expected) => Assert.Equal(expected, GoJson.FormatGeneral(value));

    [Theory]
    [InlineData(1, "1")]
    [InlineData(2.5, "2.5")]
    [InlineData(16777217, "16777216")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1000000000000000000000")]
    public void Float32_text(double value, string expected) => Assert.Equal(expected, GoJson.FormatFloat32(value));

    [Fact]
    public void Serialization_sorts_keys_and_escapes_like_go()
    {
        var value = Jp.Parse("""{"b": [1, 2.0, true, null], "a": "<tag> & \u2028 \"q\" \\ \n", "é": 1, "Z": 0}""");
        Assert.Equal("{\"Z\":0,\"a\":\"\\u003ctag\\u003e \\u0026 \\u2028 \\\"q\\\" \\\\ \\n\",\"b\":[1,2,true,null],\"é\":1}", GoJson.Serialize(value));
        Assert.Equal("text", GoJson.ToText(new JValue("text")));
        Assert.Equal("null", GoJson.ToText(null));
    }

    [Fact]
    public void Value_equality_is_numeric()
    {
        Assert.True(GoJson.ValueEquals(new JValue(1L), new JValue(1.0)));
        Assert.True(GoJson.ValueEquals(Jp.Parse("""{"a": [1, "x"]}"""), Jp.Parse("""{"a": [1.0, "x"]}""")));
        Assert.False(GoJson.ValueEquals(new JValue("1"), new JValue(1L)));
    }

    [Theory]
    [InlineData("1h", 3_600_000_000_000)]
    [InlineData("1h0m5s", 3_605_000_000_000)]
    [InlineData("-1.5h", -5_400_000_000_000)]
    [InlineData("300ms", 300_000_000)]
    [InlineData("2h45m", 9_900_000_000_000)]
    [InlineData("1us", 1_000)]
    [InlineData("1µs", 1_000)]
    [InlineData("0", 0)]
    [InlineData(".5s", 500_000_000)]
    public void Durations_parse(string text, long nanoseconds) => Assert.Equal(nanoseconds, GoDuration.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1d")]
    [InlineData("h")]
    [InlineData(".s")]
    [InlineData("9999999999999h")]
    public void Bad_durations_do_not_parse(string text) => Assert.False(GoDuration.TryParse(text, out _, out _));

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(1, "1ns")]
    [InlineData(1_500, "1.5µs")]
    [InlineData(500_000_000, "500ms")]
    [InlineData(1_500_000_000, "1.5s")]
    [InlineData(3_605_000_000_000, "1h0m5s")]
    [InlineData(-86_400_000_000_000, "-24h0m0s")]
    [InlineData(100_833_825_739_400, "28h0m33.8257394s")]
    [InlineData(long.MinValue, "-2562047h47m16.854775808s")]
    public void Durations_print(long nanoseconds, string text) => Assert.Equal(text, GoDuration.Format(nanoseconds));

    [Theory]
    [InlineData("10Mi", "10Mi")]
    [InlineData("1024", "1024")]
    [InlineData("1536Mi", "1536Mi")]
    [InlineData("1.5Gi", "1536Mi")]
    [InlineData("0.5Ki", "512")]
    [InlineData("100m", "100m")]
    [InlineData("0.1", "100m")]
    [InlineData("1000m", "1")]
    [InlineData("1e3", "1e3")]
    [InlineData("1.5k", "1500")]
    [InlineData("12345678901234567890", "12345678901234567890")]
    [InlineData("0.0000000001", "1n")]
    [InlineData("-5Ki", "-5Ki")]
    [InlineData("+2", "2")]
    [InlineData("0Mi", "0")]
    public void Quantities_print_canonically(string text, string canonical)
    {
        Assert.True(Quantity.TryParse(text, out var q));
        Assert.Equal(canonical, q.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Mi")]
    [InlineData("1.2.3")]
    [InlineData("10MB")]
    [InlineData("1e")]
    [InlineData(" 1")]
    [InlineData("1h")]
    public void Bad_quantities_do_not_parse(string text) => Assert.False(Quantity.TryParse(text, out _));

    [Theory]
    [InlineData("Mon Jan _2 15:04:05 MST 2006", "Mon Jan  2 15:04:05 UTC 2021", "2021-01-02T15:04:05Z")]
    [InlineData("2006-01-02 15:04:05.000", "2021-05-06 07:08:09.123", "2021-05-06T07:08:09Z")]
    [InlineData("2006-01-02T15:04:05Z07:00", "2021-05-06T07:08:09.999999999+02:00", "2021-05-06T07:08:09+02:00")]
    [InlineData("02 Jan 06 15:04 -0700", "06 May 21 07:08 -0530", "2021-05-06T07:08:00-05:30")]
    [InlineData("Monday, 02-Jan-06 15:04:05 MST", "Thursday, 06-May-21 07:08:09 GMT+2", "2021-05-06T07:08:09+02:00")]
    [InlineData("3:04PM", "10:30AM", "2000-01-01T10:30:00Z")]
    [InlineData("2006-002", "2021-032", "2021-02-01T00:00:00Z")]
    public void Go_layouts(string layout, string value, string expected) =>
        Assert.Equal(expected, GoTime.FormatRfc3339(GoTime.Parse(layout, value)));

    [Theory]
    [InlineData("2006-01-02", "2021-13-01")]
    [InlineData("2006-01-02", "21-01-01")]
    [InlineData("15:04", "25:00")]
    [InlineData("2006-01-02T15:04:05Z07:00", "2021-01-02 15:04:05Z")]
    public void Bad_times_do_not_parse(string layout, string value) => Assert.Throws<FormatException>(() => GoTime.Parse(layout, value));
}
