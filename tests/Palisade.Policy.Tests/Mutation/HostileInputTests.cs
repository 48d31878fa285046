using Newtonsoft.Json.Linq;
using Palisade.Policy.Mutation;

namespace Palisade.Policy.Tests.Mutation;

/// <summary>Input built to hurt: nesting far past any real object, huge lists, absurd pointers. Errors, never crashes.</summary>
public sealed class HostileInputTests
{
    /// <summary>{"a": {"a": ... {}}} with <paramref name="depth"/> levels, built inside out (Newtonsoft checks ancestors on every add).</summary>
    private static JObject Nested(int depth)
    {
        var node = new JObject();
        for (var i = 0; i < depth; i++) node = new JObject { ["a"] = node };
        return node;
    }

    [Fact]
    public void Deep_nesting_is_refused_before_any_recursion()
    {
        var deep = Nested(100_000);
        var pod = Yaml.Obj("kind: Pod");
        Assert.Throws<PatchException>(() => StrategicMerge.Apply(deep, Yaml.Token("a: {b: 1}")));
        Assert.Throws<PatchException>(() => StrategicMerge.Apply(pod, deep));
        Assert.Throws<PatchException>(() => Json6902.Apply(deep, "- {op: add, path: /b, value: 1}"));
        Assert.Throws<PatchException>(() => Json6902.Apply(pod, new JArray(new JObject { ["op"] = "add", ["path"] = "/x", ["value"] = deep })));
        Assert.False(JsonEquality.Equal(deep, Nested(100_001)));
        Assert.True(JsonEquality.Equal(deep, Nested(100_000)));
    }

    [Fact]
    public void Nesting_within_the_limit_merges()
    {
        var patched = StrategicMerge.Apply(Nested(StrategicMerge.MaxDepth - 2), Nested(StrategicMerge.MaxDepth - 1));
        Assert.True(JsonEquality.Equal(Nested(StrategicMerge.MaxDepth - 1), patched));
    }

    [Fact]
    public void A_pointer_with_too_many_tokens_is_refused()
    {
        var path = string.Concat(Enumerable.Repeat("/a", 100_000));
        var e = Assert.Throws<PatchException>(() => Json6902.Apply(Yaml.Obj("kind: Pod"), new JArray(new JObject { ["op"] = "add", ["path"] = path, ["value"] = 1 })));
        Assert.Contains("deeper than", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_lists_merge_by_key()
    {
        const int n = 20_000;
        var pod = new JObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["spec"] = new JObject { ["containers"] = new JArray(Enumerable.Range(0, n).Select(i => new JObject { ["name"] = $"c{i}", ["image"] = "x" })) } };
        var patch = new JObject { ["spec"] = new JObject { ["containers"] = new JArray(Enumerable.Range(0, n).Select(i => new JObject { ["name"] = $"c{n - 1 - i}", ["tty"] = true })) } };
        var merged = (JArray)StrategicMerge.Apply(pod, patch)["spec"]!["containers"]!;
        Assert.Equal(n, merged.Count);
        Assert.All(merged, c => Assert.True((bool)c["tty"]!));
        Assert.Equal($"c{n - 1}", (string?)merged[0]["name"]);

        var everyContainer = (JArray)StrategicMerge.Apply(pod, Yaml.Token("spec: {containers: [{(name): '*', +(imagePullPolicy): Always}]}"))["spec"]!["containers"]!;
        Assert.All(everyContainer, c => Assert.Equal("Always", (string?)c["imagePullPolicy"]));

        var finalizers = new JObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = new JObject { ["finalizers"] = new JArray(Enumerable.Range(0, n).Select(i => $"f{i}")) } };
        var union = StrategicMerge.Apply(finalizers, new JObject { ["metadata"] = new JObject { ["finalizers"] = new JArray(Enumerable.Range(0, n).Select(i => $"g{i}")) } });
        Assert.Equal(2 * n, ((JArray)union["metadata"]!["finalizers"]!).Count);
    }

    [Fact]
    public void Absurd_array_indices_are_errors_not_allocations()
    {
        var doc = Yaml.Obj("spec: {list: []}");
        Assert.Throws<PatchException>(() => Json6902.Apply(doc, "- {op: add, path: /spec/list/2147483647, value: 1}"));
        Assert.Throws<PatchException>(() => Json6902.Apply(doc, "- {op: add, path: /spec/list/-2147483648, value: 1}"));
        Assert.Throws<PatchException>(() => Json6902.Apply(doc, "- {op: add, path: /spec/list/1000000/x, value: 1}"));
        Assert.Throws<PatchException>(() => Json6902.Apply(doc, "- {op: add, path: /spec/new/5/x, value: 1}"));
    }

    [Fact]
    public void Many_operations_on_one_growing_list_stay_correct()
    {
        var ops = new JArray(Enumerable.Range(0, 20_000).Select(i => new JObject { ["op"] = "add", ["path"] = "/spec/list/-", ["value"] = i }));
        var list = (JArray)Json6902.Apply(Yaml.Obj("spec: {list: []}"), ops)["spec"]!["list"]!;
        Assert.Equal(20_000, list.Count);
        Assert.Equal(19_999, (int)list[^1]!);
    }

    [Fact]
    public void Deep_anchor_patterns_are_refused()
    {
        var pattern = Nested(StrategicMerge.MaxDepth + 10);
        var overlay = new JObject { ["spec"] = new JObject { ["containers"] = new JArray(new JObject { ["(name)"] = "*", ["(securityContext)"] = pattern }) } };
        Assert.Throws<PatchException>(() => StrategicMerge.Apply(Yaml.Obj("apiVersion: v1\nkind: Pod\nspec: {containers: [{name: a, securityContext: {}}]}"), overlay));
    }
}
