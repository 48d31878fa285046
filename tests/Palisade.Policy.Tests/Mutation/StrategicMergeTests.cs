using Newtonsoft.Json.Linq;
using Palisade.Policy.Mutation;

namespace Palisade.Policy.Tests.Mutation;

public sealed class StrategicMergeTests
{
    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
          labels: {app: a}
        spec:
          containers:
          - name: one
            image: one:1
            env: [{name: A, value: "1"}]
            ports: [{containerPort: 80, protocol: TCP}]
            volumeMounts: [{mountPath: /data, name: data}]
          - name: two
            image: two:1
          volumes: [{name: data, emptyDir: {}}]
          tolerations: [{key: k, operator: Exists}]
        """;

    [Fact]
    public void Maps_merge_scalars_replace_and_the_input_is_untouched()
    {
        var pod = Yaml.Obj(Pod);
        var before = pod.DeepClone();
        var patched = StrategicMerge.Apply(pod, Yaml.Token("metadata: {labels: {team: t, app: b}}\nspec: {restartPolicy: Never}"));
        Yaml.Same(Yaml.Token("{app: b, team: t}"), patched["metadata"]!["labels"]!);
        Assert.Equal("Never", (string?)patched["spec"]!["restartPolicy"]);
        Yaml.Same(before, pod);
    }

    [Fact]
    public void Null_deletes_a_key_and_adds_nothing_where_there_was_none()
    {
        var patched = StrategicMerge.Apply(Yaml.Obj(Pod), Yaml.Token("metadata: {labels: {app: null, other: null}}"));
        Yaml.Same(new JObject(), patched["metadata"]!["labels"]!);
    }

    [Fact]
    public void Containers_merge_by_name_with_the_patch_elements_first_as_kyaml_orders_them()
    {
        var patched = StrategicMerge.Apply(Yaml.Obj(Pod), Yaml.Token("spec: {containers: [{name: two, image: two:2}, {name: sidecar, image: s:1}]}"));
        var containers = (JArray)patched["spec"]!["containers"]!;
        Assert.Equal(["two", "sidecar", "one"], containers.Select(c => (string?)c["name"]));
        Assert.Equal("two:2", (string?)containers[0]["image"]);
        Assert.Equal("one:1", (string?)containers[2]["image"]);
    }

    [Fact]
    public void Container_lists_merge_by_their_kubernetes_keys()
    {
        var patch = Yaml.Token("""
            spec:
              containers:
              - name: one
                env: [{name: B, value: "2"}, {name: A, value: "9"}]
                ports: [{containerPort: 80, name: http}, {containerPort: 443}]
                volumeMounts: [{mountPath: /data, readOnly: true}]
              volumes: [{name: certs, configMap: {name: c}}]
              imagePullSecrets: [{name: reg}]
            """);
        var one = StrategicMerge.Apply(Yaml.Obj(Pod), patch)["spec"]!["containers"]![0]!;
        Yaml.Same(Yaml.Token("[{name: B, value: '2'}, {name: A, value: '9'}]"), one["env"]!);
        Yaml.Same(Yaml.Token("[{containerPort: 80, protocol: TCP, name: http}, {containerPort: 443}]"), one["ports"]!);
        Yaml.Same(Yaml.Token("[{mountPath: /data, name: data, readOnly: true}]"), one["volumeMounts"]!);
        var spec = StrategicMerge.Apply(Yaml.Obj(Pod), patch)["spec"]!;
        Assert.Equal(["certs", "data"], spec["volumes"]!.Select(v => (string?)v["name"]));
        Yaml.Same(Yaml.Token("[{name: reg}]"), spec["imagePullSecrets"]!);
    }

    [Fact]
    public void A_keyed_element_already_present_changes_nothing()
    {
        var pod = StrategicMerge.Apply(Yaml.Obj(Pod), Yaml.Token("spec: {imagePullSecrets: [{name: reg}]}"));
        var again = StrategicMerge.Mutate(pod, Yaml.Token("spec: {imagePullSecrets: [{name: reg}]}"));
        Assert.False(again.Changed);
        Assert.Equal("skip", again.Status);
    }

    [Theory]
    [InlineData("spec: {tolerations: [{key: other, operator: Exists}]}", "spec.tolerations")]
    [InlineData("spec: {containers: [{name: one, args: [b]}]}", "spec.containers[0].args")]
    [InlineData("spec: {dnsConfig: {options: [{name: ndots, value: '1'}]}}", "spec.dnsConfig.options")]
    public void Lists_without_a_merge_strategy_are_replaced(string patch, string path)
    {
        var pod = Yaml.Obj(Pod);
        pod["spec"]!["containers"]![0]!["args"] = new JArray("a");
        pod["spec"]!["dnsConfig"] = Yaml.Token("options: [{name: timeout, value: '2'}]");
        var patched = StrategicMerge.Apply(pod, Yaml.Token(patch));
        Yaml.Same(Yaml.Token(patch).SelectToken(path)!, patched.SelectToken(path)!);
    }

    [Fact]
    public void Service_ports_merge_by_port_and_finalizers_as_a_set()
    {
        var svc = Yaml.Obj("apiVersion: v1\nkind: Service\nmetadata: {name: s, finalizers: [a, b]}\nspec: {ports: [{port: 80, targetPort: 8080}]}");
        var patched = StrategicMerge.Apply(svc, Yaml.Token("metadata: {finalizers: [c, a]}\nspec: {ports: [{port: 80, name: http}, {port: 443}]}"));
        Yaml.Same(Yaml.Token("[c, a, b]"), patched["metadata"]!["finalizers"]!);
        Yaml.Same(Yaml.Token("[{port: 80, targetPort: 8080, name: http}, {port: 443}]"), patched["spec"]!["ports"]!);
    }

    [Fact]
    public void Topology_spread_constraints_merge_by_topology_key()
    {
        var pod = Yaml.Obj("apiVersion: v1\nkind: Pod\nspec: {topologySpreadConstraints: [{topologyKey: zone, maxSkew: 1}]}");
        var patched = StrategicMerge.Apply(pod, Yaml.Token("spec: {topologySpreadConstraints: [{topologyKey: zone, maxSkew: 2}, {topologyKey: host, maxSkew: 1}]}"));
        Yaml.Same(Yaml.Token("[{topologyKey: zone, maxSkew: 2}, {topologyKey: host, maxSkew: 1}]"), patched["spec"]!["topologySpreadConstraints"]!);
    }

    [Fact]
    public void Patch_directives_delete_and_replace()
    {
        var patch = Yaml.Token("""
            metadata: {labels: {$patch: replace, only: this}}
            spec:
              containers: [{name: two, $patch: delete}]
              volumes: [{$patch: replace}, {name: fresh, emptyDir: {}}]
              tolerations: {$patch: delete}
            """);
        var patched = StrategicMerge.Apply(Yaml.Obj(Pod), patch);
        Yaml.Same(Yaml.Token("{only: this}"), patched["metadata"]!["labels"]!);
        Assert.Equal(["one"], patched["spec"]!["containers"]!.Select(c => (string?)c["name"]));
        Yaml.Same(Yaml.Token("[{name: fresh, emptyDir: {}}]"), patched["spec"]!["volumes"]!);
        Assert.Null(patched["spec"]!["tolerations"]);
    }

    [Fact]
    public void Unsupported_kyaml_directives_are_dropped_and_unknown_patch_values_are_errors()
    {
        var patched = StrategicMerge.Apply(Yaml.Obj(Pod), Yaml.Token("spec: {$setElementOrder/containers: [{name: two}], $retainKeys: [x], restartPolicy: Always}"));
        Assert.Null(patched["spec"]!["$setElementOrder/containers"]);
        Assert.Null(patched["spec"]!["$retainKeys"]);
        var e = Assert.Throws<PatchException>(() => StrategicMerge.Apply(Yaml.Obj(Pod), Yaml.Token("metadata: {labels: {$patch: explode}}")));
        Assert.Contains("explode", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spec: {containers: {name: x}}", "/spec/containers")]
    [InlineData("metadata: {labels: [a]}", "/metadata/labels")]
    [InlineData("spec: {containers: [{name: one, env: {x: y}}]}", "/spec/containers/env")]
    [InlineData("spec: {volumes: [plain]}", "/spec/volumes")]
    public void A_type_clash_is_an_error_naming_the_path(string patch, string where)
    {
        var e = Assert.Throws<PatchException>(() => StrategicMerge.Apply(Yaml.Obj(Pod), Yaml.Token(patch)));
        Assert.Contains(where, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_patch_that_is_not_a_map_is_an_error()
    {
        Assert.Throws<PatchException>(() => StrategicMerge.Apply(Yaml.Obj(Pod), new JArray()));
    }

    [Fact]
    public void Custom_resource_lists_merge_by_an_inferred_key_or_are_replaced()
    {
        var cr = Yaml.Obj("apiVersion: example.com/v1\nkind: Thing\nspec: {items: [{name: a, v: 1}], plain: [{v: 1}]}");
        var patched = StrategicMerge.Apply(cr, Yaml.Token("spec: {items: [{name: b, v: 2}, {name: a, v: 3}], plain: [{v: 2}]}"));
        Yaml.Same(Yaml.Token("[{name: b, v: 2}, {name: a, v: 3}]"), patched["spec"]!["items"]!);
        Yaml.Same(Yaml.Token("[{v: 2}]"), patched["spec"]!["plain"]!);
        var merged = StrategicMerge.Apply(cr, Yaml.Token("spec: {items: [{name: b}]}"));
        Assert.Equal(["b", "a"], merged["spec"]!["items"]!.Select(i => (string?)i["name"]));
    }

    [Fact]
    public void New_subtrees_are_added_without_nulls_or_directives()
    {
        var patched = StrategicMerge.Apply(Yaml.Obj(Pod), Yaml.Token("spec: {affinity: {nodeAffinity: {x: null, y: 1, $patch: merge}}}"));
        Yaml.Same(Yaml.Token("{nodeAffinity: {y: 1}}"), patched["spec"]!["affinity"]!);
    }
}
