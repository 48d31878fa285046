using Newtonsoft.Json.Linq;
using Palisade.Policy.Mutation;

namespace Palisade.Policy.Tests.Mutation;

public sealed class AnchorTests
{
    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
          labels: {app: web}
          annotations: {inject: "true"}
        spec:
          containers:
          - name: a
            image: nginx:latest
          - name: b
            image: nginx:1.25
            imagePullPolicy: Always
          - name: c
            image: corp.reg.com/app:1
          volumes:
          - name: data
            emptyDir: {}
        """;

    private static MutationResult Mutate(string overlay) => StrategicMerge.Mutate(Yaml.Obj(Pod), Yaml.Token(overlay));

    private static IEnumerable<string?> Field(MutationResult r, string field) => r.Patched["spec"]!["containers"]!.Select(c => (string?)c[field]);

    [Fact]
    public void A_conditional_list_element_applies_to_each_matching_element()
    {
        var r = Mutate("spec: {containers: [{(image): '*:latest', imagePullPolicy: IfNotPresent}]}");
        Assert.Equal(["IfNotPresent", "Always", null], Field(r, "imagePullPolicy"));
        Assert.Equal(["a", "b", "c"], Field(r, "name"));
        Assert.True(r.Changed);
    }

    [Fact]
    public void Name_star_with_an_add_anchor_adds_only_where_missing()
    {
        var r = Mutate("spec: {containers: [{(name): '*', +(imagePullPolicy): IfNotPresent}]}");
        Assert.Equal(["IfNotPresent", "Always", "IfNotPresent"], r.Patched["spec"]!["containers"]!.OrderBy(c => (string?)c["name"]).Select(c => (string?)c["imagePullPolicy"]));
    }

    [Fact]
    public void A_failing_condition_outside_a_list_means_the_patch_is_not_applied()
    {
        var r = Mutate("metadata: {annotations: {(inject): 'false'}}\nspec: {containers: [{name: sidecar, image: s}]}");
        Assert.False(r.Changed);
        Assert.Equal("skip", r.Status);
        Assert.Contains("(inject)", r.SkipReason, StringComparison.Ordinal);
        Yaml.Same(Yaml.Obj(Pod), r.Patched);
        Assert.True(Mutate("metadata: {annotations: {(inject): 'true'}}\nspec: {containers: [{name: sidecar, image: s}]}").Changed);
    }

    [Fact]
    public void A_condition_on_a_missing_map_fails_but_a_missing_list_only_matches_nothing()
    {
        Assert.NotNull(Mutate("spec: {securityContext: {(runAsNonRoot): true}, hostname: h}").SkipReason);
        var r = Mutate("spec: {initContainers: [{(name): '*', env: [{name: X, value: '1'}]}], hostname: h}");
        Assert.True(r.Changed);
        Assert.Null(r.Patched["spec"]!["initContainers"]);
        Assert.Equal("h", (string?)r.Patched["spec"]!["hostname"]);
    }

    [Fact]
    public void Add_anchors_add_only_absent_keys_and_everything_under_them()
    {
        var r = Mutate("metadata: {labels: {+(app): other, +(team): t}}\nspec: {+(affinity): {+(podAntiAffinity): {x: 1}}}");
        Yaml.Same(Yaml.Token("{app: web, team: t}"), r.Patched["metadata"]!["labels"]!);
        Yaml.Same(Yaml.Token("{podAntiAffinity: {x: 1}}"), r.Patched["spec"]!["affinity"]!);
        var none = Mutate("metadata: {labels: {+(app): other}}");
        Assert.False(none.Changed);
        Assert.Equal(MutationResult.NoChange, none.SkipReason);
    }

    [Fact]
    public void A_global_anchor_in_a_list_gates_the_whole_patch_and_leaves_the_list_alone()
    {
        var r = Mutate("spec: {containers: [{<(image): 'corp.reg.com/*'}], imagePullSecrets: [{name: regcred}]}");
        Yaml.Same(Yaml.Token("[{name: regcred}]"), r.Patched["spec"]!["imagePullSecrets"]!);
        Yaml.Same(Yaml.Obj(Pod)["spec"]!["containers"]!, r.Patched["spec"]!["containers"]!);
        var skipped = Mutate("spec: {containers: [{<(image): 'other.io/*'}], imagePullSecrets: [{name: regcred}]}");
        Assert.False(skipped.Changed);
        Assert.Contains("global anchor", skipped.SkipReason, StringComparison.Ordinal);
        Assert.NotNull(Mutate("spec: {initContainers: [{<(image): '*'}], hostname: h}").SkipReason);
    }

    [Fact]
    public void A_nested_global_anchor_fails_on_elements_without_the_field()
    {
        const string overlay = "metadata: {annotations: {+(safe): 'true'}}\nspec: {volumes: [{hostPath: {<(path): '*'}}]}";
        Assert.NotNull(Mutate(overlay).SkipReason);
        var pod = Yaml.Obj(Pod);
        pod["spec"]!["volumes"]!.Last!.AddAfterSelf(Yaml.Token("{name: host, hostPath: {path: /var}}"));
        var r = StrategicMerge.Mutate(pod, Yaml.Token(overlay));
        Assert.Equal("true", (string?)r.Patched["metadata"]!["annotations"]!["safe"]);
        Assert.Equal(2, ((JArray)r.Patched["spec"]!["volumes"]!).Count);
    }

    [Fact]
    public void A_global_anchor_in_a_map_gates_the_whole_patch()
    {
        Assert.True(Mutate("metadata: {<(name): p, labels: {x: y}}").Changed);
        Assert.NotNull(Mutate("metadata: {<(name): q, labels: {x: y}}").SkipReason);
    }

    [Theory]
    [InlineData("spec: {X(hostNetwork): null, hostname: h}", true)]
    [InlineData("metadata: {X(labels): null, name: q}", false)]
    [InlineData("metadata: {=(labels): {app: web}, name: q}", true)]
    [InlineData("metadata: {=(labels): {app: api}, name: q}", false)]
    [InlineData("spec: {=(hostNetwork): true, hostname: h}", true)]
    [InlineData("spec: {^(containers): [{image: 'corp.reg.com/*'}], hostname: h}", true)]
    [InlineData("spec: {^(containers): [{image: 'ghcr.io/*'}], hostname: h}", false)]
    public void Negation_equality_and_existence_anchors_act_as_conditions(string overlay, bool applied)
    {
        var r = Mutate(overlay);
        Assert.Equal(applied, r.Changed);
        Assert.Equal(applied, r.SkipReason is null);
    }

    [Theory]
    [InlineData("'nginx:????'", new[] { "b" })]
    [InlineData("'!nginx:*'", new[] { "c" })]
    [InlineData("'nginx:latest | corp.reg.com/*'", new[] { "a", "c" })]
    [InlineData("'*'", new[] { "a", "b", "c" })]
    [InlineData("'?*'", new[] { "a", "b", "c" })]
    public void Anchor_values_take_wildcards_alternatives_and_negation(string pattern, string[] names)
    {
        var r = Mutate($"spec: {{containers: [{{(image): {pattern}, tty: true}}]}}");
        Assert.Equal(names, r.Patched["spec"]!["containers"]!.Where(c => c["tty"] is not null).Select(c => (string?)c["name"]).Order());
    }

    [Fact]
    public void Anchor_values_compare_numbers_by_value_and_with_operators()
    {
        var pod = Yaml.Obj("apiVersion: v1\nkind: Pod\nspec: {containers: [{name: a, ports: [{containerPort: 80}]}, {name: b, ports: [{containerPort: 8080}]}]}");
        string? Marked(string anchor) => string.Join(',', StrategicMerge.Apply(pod, Yaml.Token($"spec: {{containers: [{{(ports): [{{containerPort: {anchor}}}], tty: true}}]}}"))["spec"]!["containers"]!
            .Where(c => c["tty"] is not null).Select(c => (string?)c["name"]));
        Assert.Equal("a", Marked("80.0"));
        Assert.Equal("b", Marked("'>1024'"));
        Assert.Equal("a,b", Marked("'>=80'"));
        Assert.Equal("a", Marked("'!=8080'"));
    }

    [Fact]
    public void The_built_element_carries_the_list_merge_key_when_the_element_has_no_name()
    {
        var pod = Yaml.Obj("apiVersion: v1\nkind: Pod\nspec: {containers: [{name: a, volumeMounts: [{mountPath: /x}, {mountPath: /y}]}]}");
        var patched = StrategicMerge.Apply(pod, Yaml.Token("spec: {containers: [{(name): a, volumeMounts: [{(mountPath): /y, readOnly: true}]}]}"));
        Yaml.Same(Yaml.Token("[{mountPath: /y, readOnly: true}, {mountPath: /x}]"), patched["spec"]!["containers"]![0]!["volumeMounts"]!);
    }

    [Theory]
    [InlineData("(a)", "Condition", "a")]
    [InlineData("+(a.b/c)", "AddIfNotPresent", "a.b/c")]
    [InlineData("<(a)", "Global", "a")]
    [InlineData("=(a)", "Equality", "a")]
    [InlineData("^(a)", "Existence", "a")]
    [InlineData("X(a)", "Negation", "a")]
    [InlineData("()", "None", "()")]
    [InlineData("+()", "None", "+()")]
    [InlineData("Y(a)", "None", "Y(a)")]
    [InlineData("(a", "None", "(a")]
    public void Anchor_keys_parse(string key, string kind, string name)
    {
        var a = AnchorKey.Parse(key);
        Assert.Equal(kind, a.Kind.ToString());
        Assert.Equal(name, a.Key);
    }
}
