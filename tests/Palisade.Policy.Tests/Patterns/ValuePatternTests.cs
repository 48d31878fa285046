using Newtonsoft.Json.Linq;
using Palisade.Policy.Patterns;

namespace Palisade.Policy.Tests.Patterns;

/// <summary>
/// Scalar pattern semantics (Kyverno's pattern.Validate). Pattern forms are the ones the Kyverno policy library uses
/// (<c>"?*"</c>, <c>"*:*"</c>, <c>"!*:latest"</c>, <c>"&gt;0"</c>, <c>"100-200 | 500-600"</c>, <c>"RuntimeDefault | Localhost"</c>,
/// <c>"false"</c> on booleans, <c>0</c> on hostPort, <c>null</c>), plus the documented operators, ranges, quantities and durations.
/// </summary>
public sealed class ValuePatternTests
{
    private const string Missing = Json.Missing;

    [Theory]
    // bool patterns need a bool value
    [InlineData("true", "true", true)]
    [InlineData("false", "true", false)]
    [InlineData("\"true\"", "true", false)]
    [InlineData("1", "true", false)]
    [InlineData(Missing, "false", false)]
    // number patterns (float64 in Kyverno) against int, float and string values
    [InlineData("1", "1", true)]
    [InlineData("1", "1.0", true)]
    [InlineData("0", "0", true)]
    [InlineData("8080", "8080", true)]
    [InlineData("2", "1.5", false)]
    [InlineData("1.5", "1.5", true)]
    [InlineData("2.0", "2", true)]
    [InlineData("\"1\"", "1", true)]
    [InlineData("\"1.0\"", "1", true)]
    [InlineData("\"1e3\"", "1000", true)]
    [InlineData("\"abc\"", "1", false)]
    [InlineData("\"0x10\"", "16", false)]
    [InlineData("true", "1", false)]
    [InlineData(Missing, "0", false)]
    [InlineData("null", "0", false)]
    [InlineData("[0]", "0", false)]
    // null pattern: missing, null and the zero values
    [InlineData(Missing, "null", true)]
    [InlineData("null", "null", true)]
    [InlineData("\"\"", "null", true)]
    [InlineData("0", "null", true)]
    [InlineData("0.0", "null", true)]
    [InlineData("false", "null", true)]
    [InlineData("\"x\"", "null", false)]
    [InlineData("1", "null", false)]
    [InlineData("true", "null", false)]
    [InlineData("{}", "null", false)]
    [InlineData("[]", "null", false)]
    // map and list patterns
    [InlineData("{}", "{}", true)]
    [InlineData("{\"a\":1}", "{\"b\":2}", true)]
    [InlineData("\"x\"", "{}", false)]
    [InlineData("[1]", "[1]", false)]
    public void Typed_patterns(string value, string pattern, bool expected) =>
        Assert.Equal(expected, ValuePattern.Matches(Json.Parse(value), Json.Parse(pattern)!));

    [Theory]
    // equality and wildcards
    [InlineData("\"nginx\"", "nginx", true)]
    [InlineData("\"nginx\"", "Nginx", false)]
    [InlineData("\"x\"", "?*", true)]
    [InlineData("\"\"", "?*", false)]
    [InlineData(Missing, "?*", false)]
    [InlineData("null", "?*", false)]
    [InlineData("5", "?*", true)]
    [InlineData("true", "?*", true)]
    [InlineData("{}", "?*", false)]
    [InlineData("[\"a\"]", "?*", false)]
    [InlineData("\"\"", "*", true)]
    [InlineData(Missing, "*", false)]
    [InlineData("\"x\"", "!*", false)]
    [InlineData("\"\"", "!*", false)]
    [InlineData(Missing, "!*", false)]
    [InlineData("\"\"", "", true)]
    [InlineData(Missing, "", false)]
    [InlineData("\"x\"", "", false)]
    [InlineData(Missing, "null", false)]
    [InlineData("\"null\"", "null", true)]
    // image patterns of the library
    [InlineData("\"nginx:1.25\"", "*:*", true)]
    [InlineData("\"nginx\"", "*:*", false)]
    [InlineData("\"nginx:latest\"", "!*:latest", false)]
    [InlineData("\"nginx:1.0\"", "!*:latest", true)]
    [InlineData("\"nginx\"", "!*:latest", true)]
    [InlineData("\"nginx:latest\"", "*:latest | !*:*", true)]
    [InlineData("\"nginx\"", "*:latest | !*:*", true)]
    [InlineData("\"nginx:1.0\"", "*:latest | !*:*", false)]
    [InlineData("\"gcr.io/kubernetes-helm/tiller:v2.16\"", "!*tiller*", false)]
    [InlineData("\"nginx@sha256:0123\"", "*@*", true)]
    [InlineData("\"bar.io/app:1\"", "eu.foo.io/* | bar.io/*", true)]
    [InlineData("\"docker.io/app:1\"", "eu.foo.io/* | bar.io/*", false)]
    // alternatives of the library
    [InlineData("\"Localhost\"", "RuntimeDefault | Localhost", true)]
    [InlineData("\"Unconfined\"", "RuntimeDefault | Localhost", false)]
    [InlineData("\"container_init_t\"", "container_t | container_init_t | container_kvm_t", true)]
    [InlineData("\"spc_t\"", "container_t | container_init_t | container_kvm_t", false)]
    [InlineData("\"localhost/profile\"", "runtime/default | localhost/*", true)]
    [InlineData("\"unconfined\"", "runtime/default | localhost/*", false)]
    [InlineData("\"a|b\"", "a|b", true)]
    // booleans and numbers against string patterns
    [InlineData("true", "true", true)]
    [InlineData("false", "false", true)]
    [InlineData("true", "false", false)]
    [InlineData("false", "!true", true)]
    [InlineData("\"false\"", "false", true)]
    [InlineData("1", "1", true)]
    [InlineData("\"01\"", "1", true)]
    [InlineData("80", "8*", true)]
    [InlineData("1.5", "1.5", true)]
    [InlineData("1.5", "1.5E*", true)]
    [InlineData("1000", "1k", true)]
    // negation
    [InlineData("\"NodePort\"", "!NodePort", false)]
    [InlineData("\"ClusterIP\"", "!NodePort", true)]
    [InlineData(Missing, "!NodePort", false)]
    [InlineData("\"default\"", "!default", false)]
    [InlineData("\"/var/run/docker.sock\"", "!/var/run/docker.sock", false)]
    [InlineData("\"/data\"", "!/var/run/docker.sock", true)]
    public void String_patterns(string value, string pattern, bool expected) =>
        Assert.Equal(expected, ValuePattern.Matches(Json.Parse(value), new JValue(pattern)));

    [Theory]
    [InlineData("1", ">0", true)]
    [InlineData("0", ">0", false)]
    [InlineData("-1", ">0", false)]
    [InlineData("\"5\"", ">0", true)]
    [InlineData("\"abc\"", ">0", false)]
    [InlineData("true", ">0", false)]
    [InlineData(Missing, ">0", false)] // a missing value counts as 0
    [InlineData(Missing, ">=0", true)]
    [InlineData(Missing, "<=0.5", true)]
    [InlineData("2", ">1", true)]
    [InlineData("1", ">1", false)]
    [InlineData("1", ">=1", true)]
    [InlineData("0.5", "<=0.5", true)]
    [InlineData("0.6", "<=0.5", false)]
    [InlineData("0.25", "<=0.5", true)]
    [InlineData("\"500m\"", "<=0.5", true)]
    [InlineData("\"2\"", "<4|8", true)]
    [InlineData("\"8\"", "<4|8", true)]
    [InlineData("\"6\"", "<4|8", false)]
    [InlineData("5", ">1 & <10", true)]
    [InlineData("10", ">1 & <10", false)]
    [InlineData("5", "> 1", true)]
    [InlineData("\"abd\"", ">abc", false)]
    [InlineData("\"abc\"", ">=abc", false)]
    public void Comparison_operators(string value, string pattern, bool expected) =>
        Assert.Equal(expected, ValuePattern.Matches(Json.Parse(value), new JValue(pattern)));

    [Theory]
    [InlineData("5", "1-10", true)]
    [InlineData("1", "1-10", true)]
    [InlineData("10", "1-10", true)]
    [InlineData("11", "1-10", false)]
    [InlineData("0", "1-10", false)]
    [InlineData("\"7\"", "1-10", true)]
    [InlineData("0", "1!-10", true)]
    [InlineData("5", "1!-10", false)]
    [InlineData("11", "1!-10", true)]
    [InlineData("5", "!1-10", true)] // "!" wins: not equal to the text "1-10"
    [InlineData("\"1-10\"", "!1-10", false)]
    [InlineData("150", "100-200 | 500-600", true)]
    [InlineData("300", "100-200 | 500-600", false)]
    [InlineData("550", "100-200 | 500-600", true)]
    [InlineData("-7", "-10--5", true)]
    [InlineData("-3", "-10--5", false)]
    [InlineData("1.5", "0.5-2.5", true)]
    [InlineData("\"1.5Gi\"", "1Gi-2Gi", true)]
    [InlineData("\"3Gi\"", "1Gi-2Gi", false)]
    [InlineData("\"90m\"", "1h-2h", true)]
    [InlineData("\"3h\"", "1h!-2h", true)]
    [InlineData("\"a-b\"", "a-b", true)]
    [InlineData("\"x\"", "a-b", false)]
    public void Ranges(string value, string pattern, bool expected) =>
        Assert.Equal(expected, ValuePattern.Matches(Json.Parse(value), new JValue(pattern)));

    [Theory]
    [InlineData("\"512Mi\"", "<=1Gi", true)]
    [InlineData("\"2Gi\"", "<=1Gi", false)]
    [InlineData("\"1024Mi\"", "<1Gi", false)]
    [InlineData("\"1024Mi\"", "1Gi", true)]
    [InlineData("\"0.5\"", "500m", true)]
    [InlineData("\"1\"", ">=500m", true)]
    [InlineData("\"250m\"", ">=500m", false)]
    [InlineData("0.25", "<=500m", true)]
    [InlineData("2", "<3Gi", true)]
    [InlineData("\"1Gi\"", "!1024Mi", false)]
    [InlineData("\"1Gi\"", "!2Gi", true)]
    [InlineData("\"abc\"", "<=1Gi", false)]
    [InlineData("\"90m\"", "<1h30m", false)]
    [InlineData("\"1h\"", "<1h30m", true)]
    [InlineData("\"3600s\"", ">=1h", true)]
    [InlineData("\"60m\"", "1h", true)]
    [InlineData("\"1m\"", ">30s", true)]
    [InlineData("\"1m\"", "1m", true)]
    [InlineData("\"60s\"", "1m", true)]
    [InlineData("\"0.001\"", "1m", true)] // not a duration, so compared as quantities: 1m = 0.001
    [InlineData("\"0s\"", "0", true)]
    [InlineData(Missing, "<1h", true)] // a missing value counts as 0 (a Go duration too)
    [InlineData("\"8h\"", ">8h", false)]
    [InlineData("\"8h1s\"", ">8h", true)]
    public void Quantities_and_durations(string value, string pattern, bool expected) =>
        Assert.Equal(expected, ValuePattern.Matches(Json.Parse(value), new JValue(pattern)));

    [Fact]
    public void Patterns_and_values_from_yaml_keep_their_types()
    {
        var doc = Json.Yaml("""
            port: 0
            replicas: 3
            privileged: false
            ratio: 0.5
            quoted: "1000"
            """);
        Assert.True(ValuePattern.Matches(doc["port"], Json.Yaml("p: 0")["p"]!));
        Assert.True(ValuePattern.Matches(doc["replicas"], new JValue(">1")));
        Assert.True(ValuePattern.Matches(doc["privileged"], new JValue("false")));
        Assert.False(ValuePattern.Matches(Json.Yaml("p: \"false\"")["p"], Json.Yaml("p: false")["p"]!));
        Assert.True(ValuePattern.Matches(doc["ratio"], new JValue("<=0.5")));
        Assert.True(ValuePattern.Matches(Json.Yaml("u: 1000")["u"], doc["quoted"]!));
    }

    [Fact]
    public void Match_string_is_the_string_form()
    {
        Assert.True(ValuePattern.MatchesString(new JValue("x"), "?*"));
        Assert.False(ValuePattern.MatchesString(null, "?*"));
        Assert.Throws<ArgumentNullException>(() => ValuePattern.MatchesString(null, null!));
        Assert.Throws<ArgumentNullException>(() => ValuePattern.Matches(null, null!));
    }

    [Fact]
    public void Long_hostile_patterns_and_values_finish()
    {
        var value = new JValue(new string('a', 100_000));
        Assert.False(ValuePattern.Matches(value, new JValue(string.Join(" | ", Enumerable.Repeat("*a*a*a*b", 500)))));
        Assert.True(ValuePattern.Matches(value, new JValue(string.Join(" & ", Enumerable.Repeat("*a?a*", 500)))));
        Assert.False(ValuePattern.Matches(value, new JValue(new string('9', 50_000) + "-" + new string('9', 50_000))));
        Assert.False(ValuePattern.Matches(new JValue(new string('1', 100_000)), new JValue(">" + new string('2', 100_000))));
    }
}
