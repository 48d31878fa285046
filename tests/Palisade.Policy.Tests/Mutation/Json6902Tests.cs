using Newtonsoft.Json.Linq;
using Palisade.Policy.Mutation;

namespace Palisade.Policy.Tests.Mutation;

public sealed class Json6902Tests
{
    private static JObject Doc() => Yaml.Obj("""
        metadata:
          labels: {a/b: x, c~d: y}
        spec:
          list: [a, b, c]
          containers: [{name: n, env: [{name: A}]}]
        """);

    private static JObject Run(string ops) => Json6902.Apply(Doc(), ops);

    [Theory]
    [InlineData("- {op: add, path: /spec/list/1, value: X}", "[a, X, b, c]")]
    [InlineData("- {op: add, path: /spec/list/0, value: X}", "[X, a, b, c]")]
    [InlineData("- {op: add, path: /spec/list/3, value: X}", "[a, b, c, X]")]
    [InlineData("- {op: add, path: /spec/list/-, value: X}", "[a, b, c, X]")]
    [InlineData("- {op: add, path: /spec/list/-1, value: X}", "[a, b, c, X]")]
    [InlineData("- {op: add, path: /spec/list/-4, value: X}", "[X, a, b, c]")]
    [InlineData("- {op: replace, path: /spec/list/-1, value: X}", "[a, b, X]")]
    [InlineData("- {op: remove, path: /spec/list/0}", "[b, c]")]
    [InlineData("- {op: remove, path: /spec/list/-1}", "[a, b]")]
    [InlineData("- {op: remove, path: /spec/list/7}", "[a, b, c]")]
    [InlineData("- {op: move, from: /spec/list/0, path: /spec/list/-}", "[b, c, a]")]
    [InlineData("- {op: copy, from: /spec/list/2, path: /spec/list/0}", "[c, a, b, c]")]
    public void Array_operations_follow_rfc6902_with_kyverno_negative_indices(string ops, string list)
    {
        Yaml.Same(Yaml.Token(list), Run(ops)["spec"]!["list"]!);
    }

    [Fact]
    public void Pointer_escapes_name_slash_and_tilde()
    {
        var r = Run("- {op: replace, path: /metadata/labels/a~1b, value: 1}\n- {op: remove, path: /metadata/labels/c~0d}\n- {op: add, path: /metadata/labels/~01, value: z}");
        Yaml.Same(Yaml.Token("{a/b: 1, '~1': z}"), r["metadata"]!["labels"]!);
    }

    [Fact]
    public void Add_creates_missing_parents_as_kyverno_does()
    {
        var r = Run("""
            - path: /spec/affinity/nodeAffinity/terms/-1/matchExpressions/-1
              op: add
              value: {key: zone, operator: Lt, values: ["400"]}
            - {op: add, path: /spec/containers/0/securityContext/capabilities/add/-, value: SETUID}
            - {op: add, path: /spec/tolerations/-, value: {key: k}}
            - {op: add, path: /spec/nodeSelector/role, value: test}
            """);
        Yaml.Same(Yaml.Token("{terms: [{matchExpressions: [{key: zone, operator: Lt, values: ['400']}]}]}"), r["spec"]!["affinity"]!["nodeAffinity"]!);
        Yaml.Same(Yaml.Token("[SETUID]"), r["spec"]!["containers"]![0]!["securityContext"]!["capabilities"]!["add"]!);
        Yaml.Same(Yaml.Token("[{key: k}]"), r["spec"]!["tolerations"]!);
        Yaml.Same(Yaml.Token("{role: test}"), r["spec"]!["nodeSelector"]!);
    }

    [Fact]
    public void Remove_of_a_missing_path_does_nothing()
    {
        var r = Run("- {op: remove, path: /metadata/annotations/x}\n- {op: remove, path: /spec/nothing/0/deeper}\n- {op: remove, path: /metadata/labels/none}");
        Yaml.Same(Doc(), r);
    }

    [Fact]
    public void Test_compares_structurally_and_fails_clearly()
    {
        Run("- {op: test, path: /spec/containers/0, value: {env: [{name: A}], name: n}}\n- {op: test, path: /spec/list/0, value: a}");
        var e = Assert.Throws<PatchException>(() => Run("- {op: test, path: /spec/list/0, value: b}"));
        Assert.Contains("operation 0 (test /spec/list/0)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Whole_document_operations_and_input_untouched()
    {
        var doc = Doc();
        var r = Json6902.Apply(doc, "- {op: replace, path: '', value: {kind: Other}}");
        Yaml.Same(Yaml.Token("{kind: Other}"), r);
        Yaml.Same(Doc(), doc);
        Assert.Throws<PatchException>(() => Run("- {op: add, path: '', value: [1]}"));
        Assert.Throws<PatchException>(() => Run("- {op: remove, path: ''}"));
    }

    [Fact]
    public void Json_text_is_accepted_and_scalar_types_are_kept()
    {
        var r = Run("""[{"op": "add", "path": "/spec/n", "value": 3}, {"op": "add", "path": "/spec/s", "value": "3"}]""");
        Assert.Equal(JTokenType.Integer, r["spec"]!["n"]!.Type);
        Assert.Equal(JTokenType.String, r["spec"]!["s"]!.Type);
        Yaml.Same(Doc(), Json6902.Apply(Doc(), ""));
    }

    [Theory]
    [InlineData("- {op: add, path: spec/x, value: 1}", "must start with '/'")]
    [InlineData("- {op: add, path: /spec/a~2b, value: 1}", "'~' not followed by 0 or 1")]
    [InlineData("- {op: add, path: /spec/x~, value: 1}", "'~' not followed by 0 or 1")]
    [InlineData("- {op: frobnicate, path: /spec}", "unknown op 'frobnicate'")]
    [InlineData("- {path: /spec}", "missing or non-string 'op'")]
    [InlineData("- {op: add, path: /spec/x}", "missing 'value'")]
    [InlineData("- {op: add, path: 7, value: 1}", "missing or non-string 'path'")]
    [InlineData("- {op: add, path: /spec/list/9, value: X}", "out of range")]
    [InlineData("- {op: add, path: /spec/list/-5, value: X}", "out of range")]
    [InlineData("- {op: add, path: /spec/list/01, value: X}", "is not an array index")]
    [InlineData("- {op: add, path: /spec/list/x, value: X}", "is not an array index")]
    [InlineData("- {op: add, path: /spec/list/99999999999999, value: X}", "is not an array index")]
    [InlineData("- {op: add, path: /spec/list/0/deeper, value: X}", "/spec/list/0 is not an object or array")]
    [InlineData("- {op: replace, path: /spec/missing, value: 1}", "/spec/missing does not exist")]
    [InlineData("- {op: replace, path: /spec/list/3, value: 1}", "out of range")]
    [InlineData("- {op: move, from: /spec/missing, path: /spec/x}", "/spec/missing does not exist")]
    [InlineData("- {op: move, from: /spec, path: /spec/inner}", "into one of its own children")]
    [InlineData("- {op: copy, from: /spec/list/-, path: /spec/x}", "/spec/list/- does not exist")]
    [InlineData("- {op: test, path: /nope, value: 1}", "/nope does not exist")]
    [InlineData("- {op: remove, path: /spec/list/x}", "is not an array index")]
    [InlineData("- just a string", "not an object")]
    [InlineData("{op: add}", "must be one list of operations")]
    [InlineData("- {op: add, path: [", "does not parse")]
    public void Bad_operations_and_pointers_are_clear_errors(string ops, string message)
    {
        var e = Assert.Throws<PatchException>(() => Run(ops));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutate_reports_whether_anything_changed()
    {
        Assert.Equal("skip", Json6902.Mutate(Doc(), "- {op: replace, path: /spec/list/0, value: a}").Status);
        Assert.Equal("pass", Json6902.Mutate(Doc(), "- {op: replace, path: /spec/list/0, value: z}").Status);
    }
}
