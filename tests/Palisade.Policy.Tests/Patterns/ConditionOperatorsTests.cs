using FsCheck;
using FsCheck.Fluent;
using Newtonsoft.Json.Linq;
using Palisade.Policy.Patterns;

namespace Palisade.Policy.Tests.Patterns;

/// <summary>
/// Condition operators after variable substitution; keys and values are JSON (numbers are float64 in Kyverno's
/// conditions). Cases come from the Kyverno preconditions documentation and the policy library's deny conditions.
/// </summary>
public sealed class ConditionOperatorsTests
{
    private static bool Eval(string op, string key, string value) => ConditionOperators.Evaluate(op, Json.Parse(key), Json.Parse(value));

    [Theory]
    [InlineData("\"DELETE\"", "\"DELETE\"", true)]
    [InlineData("\"CREATE\"", "\"DELETE\"", false)]
    [InlineData("\"delete\"", "\"DELETE\"", false)]
    [InlineData("\"api.mycompany.com\"", "\"*.mycompany.com\"", true)]
    [InlineData("\"*.mycompany.com\"", "\"api.mycompany.com\"", false)]
    [InlineData("\"\"", "\"\"", true)]
    [InlineData("\"x\"", "\"\"", false)]
    [InlineData("true", "true", true)]
    [InlineData("true", "\"true\"", false)]
    [InlineData("\"true\"", "true", false)]
    [InlineData("3", "3", true)]
    [InlineData("3", "3.0", true)]
    [InlineData("3", "\"3\"", true)]
    [InlineData("3", "\"3.0\"", true)]
    [InlineData("\"3\"", "3", false)]
    [InlineData("1", "true", false)]
    [InlineData("\"1h\"", "\"60m\"", true)]
    [InlineData("\"1h\"", "3600", true)]
    [InlineData("3600", "\"1h\"", false)] // a number key compares as a number: "1h" is not one
    [InlineData("\"1h\"", "\"3600\"", false)]
    [InlineData("\"1Gi\"", "\"1024Mi\"", true)]
    [InlineData("\"1000m\"", "\"1\"", true)]
    [InlineData("\"1\"", "\"1.0\"", true)]
    [InlineData("\"5\"", "\"*\"", true)]
    [InlineData("{\"a\":1,\"b\":[1,2]}", "{\"b\":[1,2],\"a\":1.0}", true)]
    [InlineData("{\"a\":1}", "{\"a\":2}", false)]
    [InlineData("{\"a\":1}", "{\"a\":1,\"b\":2}", false)]
    [InlineData("[1,2]", "[1,2]", true)]
    [InlineData("[1,2]", "[2,1]", false)]
    [InlineData("[1]", "\"1\"", false)]
    [InlineData("[\"a\",null]", "[\"a\",null]", true)]
    [InlineData("null", "null", false)]
    [InlineData("null", "\"\"", false)]
    [InlineData(Json.Missing, "\"\"", false)]
    public void Equals_and_not_equals(string key, string value, bool expected)
    {
        Assert.Equal(expected, Eval("Equals", key, value));
        Assert.Equal(expected, Eval("Equal", key, value));
        Assert.Equal(!expected, Eval("NotEquals", key, value));
        Assert.Equal(!expected, Eval("NotEqual", key, value));
    }

    [Theory]
    [InlineData("GreaterThanOrEquals", "3", "3", true)]
    [InlineData("GreaterThan", "3", "2", true)]
    [InlineData("GreaterThan", "3", "3", false)]
    [InlineData("LessThan", "2", "\"3\"", true)]
    [InlineData("LessThanOrEquals", "\"3\"", "3", true)]
    [InlineData("GreaterThan", "\"10\"", "\"9\"", true)]
    [InlineData("LessThan", "\"2Gi\"", "\"3000000000\"", true)]
    [InlineData("LessThan", "\"2Gi\"", "\"1073741824\"", false)]
    [InlineData("GreaterThan", "\"512Mi\"", "\"0.5Gi\"", false)]
    [InlineData("GreaterThan", "\"8h30m\"", "\"8h\"", true)]
    [InlineData("GreaterThan", "\"0s\"", "\"8h\"", false)]
    [InlineData("GreaterThan", "\"4380h1m\"", "\"4380h\"", true)]
    [InlineData("GreaterThanOrEquals", "3600", "\"1h\"", true)]
    [InlineData("LessThan", "\"30m\"", "3600", true)]
    [InlineData("GreaterThan", "2.6", "2.5", true)]
    [InlineData("GreaterThan", "\"2.6\"", "2.5", true)]
    [InlineData("GreaterThan", "2.4", "\"2.5\"", false)]
    [InlineData("GreaterThan", "\"1.10.0\"", "\"1.9.0\"", true)]
    [InlineData("LessThan", "\"1.2.3-rc.1\"", "\"1.2.3\"", true)]
    [InlineData("LessThan", "\"1.2.3-alpha\"", "\"1.2.3-alpha.1\"", true)]
    [InlineData("LessThan", "\"1.2.3-alpha.2\"", "\"1.2.3-alpha.10\"", true)]
    [InlineData("LessThan", "\"1.2.3-2\"", "\"1.2.3-alpha\"", true)]
    [InlineData("GreaterThanOrEquals", "\"1.2.3+build.5\"", "\"1.2.3\"", true)]
    [InlineData("GreaterThan", "\"v1.2.3\"", "\"1.2.2\"", false)]
    [InlineData("GreaterThan", "\"01.2.3\"", "\"1.2.2\"", false)]
    [InlineData("GreaterThan", "\"1.2.3\"", "3", false)]
    [InlineData("GreaterThan", "\"abc\"", "1", false)]
    [InlineData("GreaterThan", "\"1\"", "\"abc\"", false)]
    [InlineData("GreaterThan", "true", "1", false)]
    [InlineData("GreaterThan", "null", "0", false)]
    [InlineData("GreaterThan", "[2]", "1", false)]
    [InlineData("LessThan", "\"-1\"", "0", true)]
    public void Numeric_operators(string op, string key, string value, bool expected) => Assert.Equal(expected, Eval(op, key, value));

    [Theory]
    [InlineData("DurationGreaterThan", "\"2h\"", "\"1h\"", true)]
    [InlineData("DurationGreaterThan", "7200", "\"1h\"", true)]
    [InlineData("DurationGreaterThanOrEquals", "\"1h\"", "3600", true)]
    [InlineData("DurationLessThan", "\"0\"", "\"1s\"", true)]
    [InlineData("DurationLessThanOrEquals", "\"90m\"", "\"1h30m\"", true)]
    [InlineData("DurationGreaterThan", "1.9", "1", false)]
    [InlineData("DurationGreaterThan", "\"abc\"", "\"1h\"", false)]
    [InlineData("DurationGreaterThan", "\"2h\"", "\"abc\"", false)]
    [InlineData("DurationGreaterThan", "true", "1", false)]
    public void Deprecated_duration_operators(string op, string key, string value, bool expected) => Assert.Equal(expected, Eval(op, key, value));

    [Theory]
    // AnyIn
    [InlineData("AnyIn", "\"CREATE\"", "[\"CREATE\",\"UPDATE\"]", true)]
    [InlineData("AnyIn", "\"BACKGROUND\"", "[\"CREATE\",\"UPDATE\"]", false)]
    [InlineData("AnyIn", "[\"NET_ADMIN\",\"ALL\"]", "[\"ALL\"]", true)]
    [InlineData("AnyIn", "[\"a\",\"b\"]", "[\"c\"]", false)]
    [InlineData("AnyIn", "\"prod-1\"", "[\"prod-*\"]", true)]
    [InlineData("AnyIn", "\"prod-*\"", "[\"prod-1\"]", true)]
    [InlineData("AnyIn", "[\"prod-*\"]", "[\"prod-1\"]", true)]
    [InlineData("AnyIn", "5500", "\"5000-6000\"", true)]
    [InlineData("AnyIn", "[80,5500]", "\"5000-6000\"", true)]
    [InlineData("AnyIn", "[80,443]", "\"5000-6000\"", false)]
    [InlineData("AnyIn", "true", "[true]", true)]
    [InlineData("AnyIn", "1", "[\"1\"]", true)]
    [InlineData("AnyIn", "1.5", "[\"1.5\"]", true)]
    [InlineData("AnyIn", "1000000", "[\"1e+06\"]", true)] // Go prints float64 1000000 as 1e+06
    [InlineData("AnyIn", "1000000", "[\"1000000\"]", false)]
    [InlineData("AnyIn", "\"a\"", "\"[\\\"a\\\",\\\"b\\\"]\"", true)]
    [InlineData("AnyIn", "\"c\"", "\"[\\\"a\\\"]\"", false)]
    [InlineData("AnyIn", "\"a\"", "\"a\"", true)]
    [InlineData("AnyIn", "\"a\"", "\"b\"", false)]
    [InlineData("AnyIn", "\"a\"", "\"*\"", true)]
    [InlineData("AnyIn", "\"[a\"", "\"[a\"", true)]
    [InlineData("AnyIn", "[\"a\"]", "\"[\\\"a\\\"]\"", true)]
    [InlineData("AnyIn", "\"a\"", "\"123\"", false)]
    [InlineData("AnyIn", "\"a\"", "\"null\"", false)]
    [InlineData("AnyIn", "\"a\"", "5", false)]
    [InlineData("AnyIn", "null", "[\"a\"]", false)]
    [InlineData("AnyIn", "{}", "[\"a\"]", false)]
    [InlineData("AnyIn", "[]", "[\"a\"]", false)]
    // AllIn
    [InlineData("AllIn", "[\"a\",\"b\"]", "[\"a\",\"b\",\"c\"]", true)]
    [InlineData("AllIn", "[\"a\",\"d\"]", "[\"a\",\"b\",\"c\"]", false)]
    [InlineData("AllIn", "\"a\"", "[\"a\"]", true)]
    [InlineData("AllIn", "[80,443]", "\"1-1000\"", true)]
    [InlineData("AllIn", "[80,5000]", "\"1-1000\"", false)]
    [InlineData("AllIn", "[]", "[\"a\"]", true)]
    [InlineData("AllIn", "[\"x\"]", "\"x\"", true)]
    // AnyNotIn
    [InlineData("AnyNotIn", "[0,8080]", "[0]", true)]
    [InlineData("AnyNotIn", "[0]", "[0]", false)]
    [InlineData("AnyNotIn", "[6000,5500]", "\"5000-6000\"", false)]
    [InlineData("AnyNotIn", "[4000,5500]", "\"5000-6000\"", true)]
    [InlineData("AnyNotIn", "4000", "\"5000-6000\"", true)]
    [InlineData("AnyNotIn", "5500", "\"5000-6000\"", false)]
    [InlineData("AnyNotIn", "\"ALL\"", "[\"ALL\"]", false)]
    [InlineData("AnyNotIn", "[\"NET_RAW\"]", "[\"AUDIT_WRITE\",\"CHOWN\",\"KILL\"]", true)]
    [InlineData("AnyNotIn", "[\"x\"]", "\"x\"", false)]
    [InlineData("AnyNotIn", "\"a\"", "5", false)]
    // AllNotIn (documented: none of the keys is in the values)
    [InlineData("AllNotIn", "\"livenessProbe\"", "[\"name\",\"image\"]", true)]
    [InlineData("AllNotIn", "\"livenessProbe\"", "[\"name\",\"livenessProbe\"]", false)]
    [InlineData("AllNotIn", "[\"a\",\"b\"]", "[\"c\"]", true)]
    [InlineData("AllNotIn", "[\"a\",\"b\"]", "[\"a\"]", false)]
    [InlineData("AllNotIn", "[7000,8000]", "\"5000-6000\"", true)]
    [InlineData("AllNotIn", "[5500,7000]", "\"5000-6000\"", false)]
    [InlineData("AllNotIn", "[\"x\"]", "\"x\"", false)]
    // deprecated In / NotIn
    [InlineData("In", "\"a\"", "[\"a\",\"b\"]", true)]
    [InlineData("In", "\"a\"", "\"[\\\"a\\\"]\"", true)]
    [InlineData("In", "\"a\"", "\"b\"", false)]
    [InlineData("In", "\"a\"", "\"a\"", true)]
    [InlineData("In", "[\"a\",\"b\"]", "[\"a\",\"b\",\"c\"]", true)]
    [InlineData("In", "[\"a\",\"x\"]", "[\"a\",\"b\"]", false)]
    [InlineData("In", "[\"a\"]", "[1]", false)]
    [InlineData("In", "[\"a\"]", "\"[\\\"a\\\"]\"", true)]
    [InlineData("In", "5000", "\"5000-6000\"", false)]
    [InlineData("NotIn", "\"c\"", "[\"a\",\"b\"]", true)]
    [InlineData("NotIn", "\"a\"", "[\"a\"]", false)]
    [InlineData("NotIn", "\"a\"", "\"b\"", false)]
    [InlineData("NotIn", "[\"a\",\"x\"]", "[\"a\",\"b\"]", true)]
    [InlineData("NotIn", "[\"a\"]", "[\"a\",\"b\"]", false)]
    [InlineData("NotIn", "[\"a\"]", "\"a\"", false)]
    public void Set_operators(string op, string key, string value, bool expected) => Assert.Equal(expected, Eval(op, key, value));

    [Fact]
    public void Operator_names_ignore_case_and_unknown_ones_are_errors()
    {
        Assert.True(ConditionOperators.Evaluate("equals", new JValue("a"), new JValue("a")));
        Assert.True(ConditionOperators.Evaluate("ANYIN", new JValue("a"), new JArray("a")));
        Assert.True(ConditionOperators.Evaluate("greaterthan", new JValue(2), new JValue(1)));
        var error = Assert.Throws<ConditionException>(() => ConditionOperators.Evaluate("Matches", new JValue("a"), new JValue("a")));
        Assert.Contains("unknown condition operator \"Matches\"", error.Message, StringComparison.Ordinal);
        Assert.Throws<ConditionException>(() => ConditionOperators.Evaluate("", null, null));
        Assert.Throws<ArgumentNullException>(() => ConditionOperators.Evaluate(null!, null, null));
        Assert.True(ConditionOperators.IsKnown("AllNotIn"));
        Assert.True(ConditionOperators.IsKnown("durationlessthan"));
        Assert.False(ConditionOperators.IsKnown("Lt"));
        Assert.True(ConditionOperators.IsDeprecated("In"));
        Assert.True(ConditionOperators.IsDeprecated("DurationGreaterThan"));
        Assert.False(ConditionOperators.IsDeprecated("AnyIn"));
    }

    [Fact]
    public void Library_conditions_evaluate_as_expected()
    {
        // disallow-host-ports-range: deny when a host port is outside 5000-6000 and not 0
        var ports = new JArray(0, 5500, 8080);
        Assert.True(ConditionOperators.Evaluate("AnyNotIn", ports, new JValue("5000-6000")) && ConditionOperators.Evaluate("AnyNotIn", ports, new JArray(0)));
        foreach (var allowed in new[] { new JArray(5500, 5800), new JArray(0, 0) })
        {
            Assert.False(ConditionOperators.Evaluate("AnyNotIn", allowed, new JValue("5000-6000")) && ConditionOperators.Evaluate("AnyNotIn", allowed, new JArray(0)));
        }
        // both conditions hold for a pod mixing 0 and an in-range port, so Kyverno denies it too
        var mixed = new JArray(0, 5500);
        Assert.True(ConditionOperators.Evaluate("AnyNotIn", mixed, new JValue("5000-6000")) && ConditionOperators.Evaluate("AnyNotIn", mixed, new JArray(0)));
        // enforce-pod-duration: "{{ ... || '0s' }}" GreaterThan "8h"
        Assert.False(ConditionOperators.Evaluate("GreaterThan", new JValue("0s"), new JValue("8h")));
        Assert.True(ConditionOperators.Evaluate("GreaterThan", new JValue("9h"), new JValue("8h")));
        // block-large-images: key "2Gi" LessThan the image size in bytes
        Assert.True(ConditionOperators.Evaluate("LessThan", new JValue("2Gi"), new JValue("3221225472")));
        // preconditions on the request operation
        Assert.True(ConditionOperators.Evaluate("AnyIn", new JValue("CREATE"), Json.Yaml("v: [CREATE, UPDATE]")["v"]));
        Assert.True(ConditionOperators.Evaluate("NotEquals", new JValue("BACKGROUND"), new JValue("DELETE")));
    }

    [Fact]
    public void Deep_operands_are_refused_with_a_clear_error()
    {
        JToken deep = new JValue(1);
        for (var i = 0; i < 100_000; i++) deep = new JArray(deep);
        Assert.Throws<ConditionException>(() => ConditionOperators.Evaluate("Equals", deep, deep));
        Assert.Throws<ConditionException>(() => ConditionOperators.Evaluate("AnyIn", new JValue("a"), deep));
    }

    private static readonly Gen<JToken?> Scalars = Gen.OneOf(
        Gen.Constant<JToken?>(null),
        Gen.Elements("a", "b", "1", "1.0", "1h", "60m", "1Gi", "*", "").Select(s => (JToken?)new JValue(s)),
        Gen.Choose(-3, 3).Select(i => (JToken?)new JValue(i)),
        Gen.Elements(true, false).Select(b => (JToken?)new JValue(b)));

    [FsCheck.Xunit.Property(MaxTest = 1000)]
    public Property Not_equals_is_the_negation_of_equals() =>
        Prop.ForAll(Scalars.ToArbitrary(), Scalars.ToArbitrary(), (k, v) =>
            ConditionOperators.Evaluate("NotEquals", k, v) == !ConditionOperators.Evaluate("Equals", k, v));

    private static readonly Gen<string> Words = Gen.Elements("a", "b", "c", "ab", "ba").Select(s => s);

    [FsCheck.Xunit.Property(MaxTest = 1000)]
    public Property Any_in_and_any_not_in_are_complements_for_a_scalar_key() =>
        Prop.ForAll(Words.ToArbitrary(), Words.ListOf().ToArbitrary(), (key, values) =>
        {
            var list = new JArray(values.Take(5));
            var anyIn = ConditionOperators.Evaluate("AnyIn", new JValue(key), list);
            return anyIn == !ConditionOperators.Evaluate("AnyNotIn", new JValue(key), list)
                && anyIn == values.Take(5).Contains(key)
                && anyIn == !ConditionOperators.Evaluate("AllNotIn", new JValue(key), list);
        });

    [FsCheck.Xunit.Property(MaxTest = 1000)]
    public Property All_in_and_any_not_in_are_complements_for_a_list_key() =>
        Prop.ForAll(Words.ListOf().ToArbitrary(), Words.ListOf().ToArbitrary(), (keys, values) =>
        {
            var k = new JArray(keys.Take(4));
            var v = new JArray(values.Take(4));
            return ConditionOperators.Evaluate("AllIn", k, v) == !ConditionOperators.Evaluate("AnyNotIn", k, v)
                && ConditionOperators.Evaluate("AnyIn", k, v) == !ConditionOperators.Evaluate("AllNotIn", k, v);
        });
}
