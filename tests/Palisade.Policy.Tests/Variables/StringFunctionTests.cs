using Newtonsoft.Json.Linq;
using Palisade.Policy.Variables;

namespace Palisade.Policy.Tests.Variables;

/// <summary>Kyverno's string functions, with the examples of https://kyverno.io/docs/writing-policies/jmespath/.</summary>
public sealed class StringFunctionTests
{
    [Theory]
    [InlineData("compare('a', 'a')", "0")]
    [InlineData("compare('a', 'b')", "-1")]
    [InlineData("compare('b', 'a')", "1")]
    [InlineData("compare('a', 'ab')", "-1")]
    [InlineData("equal_fold('pizza', 'Pizza')", "true")]
    [InlineData("equal_fold('pizza', 'pIzZa')", "true")]
    [InlineData("equal_fold('pizza', 'APPLE')", "false")]
    [InlineData("replace('Lorem ipsum dolor sit amet foo ipsum bar ipsum', 'ipsum', 'muspi', `2`)", "\"Lorem muspi dolor sit amet foo muspi bar ipsum\"")]
    [InlineData("replace('a-b-c', '-', '+', `-1`)", "\"a+b+c\"")]
    [InlineData("replace('abc', '', '-', `2`)", "\"-a-bc\"")]
    [InlineData("replace('abc', 'x', '-', `0`)", "\"abc\"")]
    [InlineData("replace_all('Lorem ipsum dolor sit amet', 'ipsum', 'muspi')", "\"Lorem muspi dolor sit amet\"")]
    [InlineData("to_upper('abc-Ä')", "\"ABC-Ä\"")]
    [InlineData("to_lower('ABC')", "\"abc\"")]
    [InlineData("trim('¡¡¡Hello, Gophers!!!', '!¡')", "\"Hello, Gophers\"")]
    [InlineData("trim('foocorpcom', 'mo')", "\"foocorpc\"")]
    [InlineData("trim('foocorpcom', 'o')", "\"foocorpcom\"")]
    [InlineData("trim('foocorpcom', 'mcof')", "\"rp\"")]
    [InlineData("trim('abc', '')", "\"abc\"")]
    [InlineData("trim_prefix('docker://kubevirt/fedora-cloud-registry-disk-demo', 'docker://')", "\"kubevirt/fedora-cloud-registry-disk-demo\"")]
    [InlineData("trim_prefix('abc', 'x')", "\"abc\"")]
    [InlineData("split('cat,dog,horse', ',')", "[\"cat\",\"dog\",\"horse\"]")]
    [InlineData("split('abc', '')", "[\"a\",\"b\",\"c\"]")]
    [InlineData("split('', ',')", "[\"\"]")]
    [InlineData("truncate('foobar', `3`)", "\"foo\"")]
    [InlineData("truncate('foo', `10`)", "\"foo\"")]
    [InlineData("truncate('foobar', `-1`)", "\"\"")]
    [InlineData("truncate('héllo', `2`)", "\"hé\"")]
    [InlineData("base64_encode('hello')", "\"aGVsbG8=\"")]
    [InlineData("base64_decode('aGVsbG8=')", "\"hello\"")]
    [InlineData("base64_decode('bGluZTEKbGluZTI=')", "\"line1\\nline2\"")]
    [InlineData("sha256('alertmanager-kube-prometheus-stack-alertmanager')", "\"75c07bb807f2d80a85d34880b8af0c5f29f7c27577076ed5d0e4b427dee7dbcc\"")]
    [InlineData("md5('testing')", "\"ae2b1fca515949e5d54fb22b8ed95575\"")]
    [InlineData("path_canonicalize('/var//lib///kubelet')", "\"/var/lib/kubelet\"")]
    [InlineData("path_canonicalize('/var/run/../run/./containerd/containerd.sock')", "\"/var/run/containerd/containerd.sock\"")]
    [InlineData("path_canonicalize('a/../../b/')", "\"../b\"")]
    [InlineData("path_canonicalize('/..')", "\"/\"")]
    [InlineData("path_canonicalize('')", "\"\"")]
    [InlineData("to_boolean('true')", "true")]
    [InlineData("to_boolean('FalsE')", "false")]
    [InlineData("to_string(`{\"b\": 1, \"a\": \"<&>\"}`)", "\"{\\\"a\\\":\\\"\\\\u003c\\\\u0026\\\\u003e\\\",\\\"b\\\":1}\"")]
    [InlineData("to_string(`1.0`)", "\"1\"")]
    [InlineData("to_string('x')", "\"x\"")]
    public void Documented_results(string expression, string expected) => Assert.Equal(expected, Jp.Json(expression));

    [Theory]
    [InlineData("to_boolean('yes')", "lowercase argument must be 'true' or 'false' (provided: 'yes')")]
    [InlineData("to_upper(`1`)", "argument #1 must be a string, got number")]
    [InlineData("truncate('a', 'b')", "argument #2 must be a number, got string")]
    [InlineData("base64_decode('aGVsbG8')", "illegal base64 data")]
    [InlineData("base64_decode('aGVs bG8=')", "illegal base64 data at input byte 4")]
    [InlineData("replace('a', 'b', 'c')", "invalid-arity")]
    [InlineData("split('a')", "invalid-arity")]
    public void Bad_arguments_are_clear_errors(string expression, string message)
    {
        var e = Jp.Error(expression);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Date_like_literals_stay_strings_as_written()
    {
        Assert.Equal("\"2021-01-02T18:04:05-05:00\"", Jp.Json("`\"2021-01-02T18:04:05-05:00\"`"));
        Assert.Equal("\"2021-01-02T18:04:05-05:00\"", Jp.Json("'a`b' == 'x' || `{\"t\": \"2021-01-02T18:04:05-05:00\"}`.t"));
        Assert.Equal("true", Jp.Json("t == `\"2021-01-02\"`", """{"t": "2021-01-02"}"""));
    }

    [Fact]
    public void Numbers_compare_as_go_float64s()
    {
        Assert.Equal("true", Jp.Json("`1` == `1.0`"));
        Assert.Equal("true", Jp.Json("n == `2.0`", """{"n": 2}"""));
        Assert.Equal("[1,2]", Jp.Json("`[1.0, 2.0]`"));
    }

    [Fact]
    public void Literal_results_cannot_change_the_cached_expression()
    {
        var context = Jp.Context("""{"kind": "Pod", "metadata": {"name": "p"}}""");
        var first = VariableResolver.Substitute(Jp.Parse("""{"labels": "{{ request.object.metadata.labels || `{}` }}"}"""), context);
        ((JObject)first["labels"]!)["added"] = "x";
        var second = VariableResolver.Substitute(Jp.Parse("""{"labels": "{{ request.object.metadata.labels || `{}` }}"}"""), context);
        Assert.Equal("{}", GoJson.Serialize(second["labels"]));
        var built = (JArray)VariableResolver.Evaluate("[`{}`]", context)!;
        ((JObject)built[0])["added"] = "x";
        Assert.Equal("[{}]", GoJson.Serialize(VariableResolver.Evaluate("[`{}`]", context)));
        var evaluated = (JObject)VariableResolver.Evaluate("`{}`", context)!;
        evaluated["added"] = "x";
        Assert.Equal("{}", GoJson.Serialize(VariableResolver.Evaluate("`{}`", context)));
    }

    [Fact]
    public void Function_errors_name_the_function() =>
        Assert.Contains("JMESPath function 'to_boolean'", Jp.Error("to_boolean('maybe')").Message, StringComparison.Ordinal);

    [Fact]
    public void Functions_apply_to_piped_and_projected_values()
    {
        Assert.Equal("[\"NET_RAW\",\"ALL\"]", Jp.Json("element.securityContext.capabilities.drop[].to_upper(@) || `[]`",
            """{"element": {"securityContext": {"capabilities": {"drop": ["net_raw", "all"]}}}}"""));
        Assert.Equal("\"foo\"", Jp.Json("name | truncate(@, `3`)", """{"name": "foobar"}"""));
    }
}
