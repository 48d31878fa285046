using Newtonsoft.Json.Linq;
using Palisade.Policy.Patterns;

namespace Palisade.Policy.Tests.Patterns;

/// <summary>Go's number formatting and parsing, which decide how Kyverno compares numbers as text.</summary>
public sealed class GoValuesTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(5000.0, "5000")]
    [InlineData(123456.0, "123456")]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(0.5, "0.5")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e100, "1e+100")]
    [InlineData(123.456, "123.456")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Sprint_of_a_float64(double value, string expected) => Assert.Equal(expected, GoValues.FormatV(value));

    [Theory]
    [InlineData(1.5, "1.5E+00")]
    [InlineData(100.0, "1E+02")]
    [InlineData(0.001, "1E-03")]
    [InlineData(0.0, "0E+00")]
    [InlineData(-1234.5, "-1.2345E+03")]
    [InlineData(1e-100, "1E-100")]
    [InlineData(double.NaN, "NaN")]
    public void Exponent_form_of_a_float64(double value, string expected) => Assert.Equal(expected, GoValues.FormatExponentUpper(value));

    [Theory]
    [InlineData(1.5, "1.500000")]
    [InlineData(0.0, "0.000000")]
    [InlineData(-0.25, "-0.250000")]
    [InlineData(1e21, "1000000000000000000000.000000")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    public void Fixed_form_of_a_float64(double value, string expected) => Assert.Equal(expected, GoValues.FormatFixed6(value));

    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("-1.5", -1.5)]
    [InlineData("+2", 2.0)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("1e3", 1000.0)]
    [InlineData("1E-2", 0.01)]
    [InlineData("1e-400", 0.0)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    public void Parses_floats_like_go(string text, double expected)
    {
        Assert.True(GoValues.TryParseFloat(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1e400")]
    [InlineData("abc")]
    [InlineData("1_000")]
    [InlineData("1,5")]
    [InlineData("+nan")]
    [InlineData("infx")]
    [InlineData("0x10")]
    [InlineData("∞")]
    public void Rejects_what_go_rejects(string text) => Assert.False(GoValues.TryParseFloat(text, out _));

    [Fact]
    public void Nan_parses()
    {
        Assert.True(GoValues.TryParseFloat("NaN", out var value));
        Assert.True(double.IsNaN(value));
    }

    [Fact]
    public void Sprint_of_decoded_json()
    {
        Assert.Equal("[1 a true <nil> 1e+06]", GoValues.Sprint(new JArray(1, "a", true, JValue.CreateNull(), 1000000)));
        Assert.Equal("map[a:1 b:[x] c:map[]]", GoValues.Sprint(JObject.Parse("{\"c\":{},\"b\":[\"x\"],\"a\":1}")));
        Assert.Equal("<nil>", GoValues.Sprint(null));
        JToken nested = new JArray(1);
        nested = new JArray(nested);
        nested = new JArray(nested); // JToken-typed, so each wraps rather than copies
        Assert.Equal("[[...]]", GoValues.Describe(nested, 2));
        Assert.Equal("[[[1]]]", GoValues.Sprint(nested));
        Assert.Equal("1000000", GoValues.Describe(new JValue(1000000), 1));
    }

    [Fact]
    public void Unusual_json_tokens_do_not_break_matching()
    {
        Assert.True(ValuePattern.Matches(new JValue(ulong.MaxValue), new JValue(18446744073709551615.0)));
        Assert.True(ValuePattern.Matches(new JValue(System.Numerics.BigInteger.Pow(10, 30)), new JValue(1e30)));
        Assert.True(ValuePattern.Matches(new JValue(7UL), new JValue(7)));
        Assert.False(ValuePattern.Matches(new JConstructor("Date", 1), new JValue(1)));
        Assert.True(ValuePattern.Matches(new JValue(new Guid("6f9619ff-8b86-d011-b42d-00cf4fc964ff")), new JValue("6f9619ff-*")));
        Assert.False(ConditionOperators.Evaluate("Equals", new JConstructor("Date"), new JValue("x")));
    }
}
