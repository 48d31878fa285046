using Newtonsoft.Json.Linq;
using Palisade.Policy.Variables;

namespace Palisade.Policy.Tests.Variables;

/// <summary>The variables document: request data, ServiceAccount variables, context entries, foreach elements and scopes.</summary>
public sealed class PolicyContextTests
{
    private const string Pod = """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "team-a", "labels": {"app": "web"}},
         "spec": {"containers": [{"name": "a", "image": "nginx"}, {"name": "b", "image": "redis:7"}],
                  "volumes": [{"name": "host", "hostPath": {"path": "/etc"}}, {"name": "empty", "emptyDir": {}}]}}
        """;

    [Fact]
    public void The_request_holds_the_admission_data()
    {
        var user = new RequestUser
        {
            Username = "system:serviceaccount:nirmata:user1",
            Groups = ["system:serviceaccounts"],
            Roles = ["foo:dave"],
            ClusterRoles = ["dave-admin", "system:basic-user"],
        };
        var old = Jp.Parse(Pod);
        var context = new PolicyContext(Jp.Parse(Pod), "UPDATE", old, user);
        Assert.Equal("UPDATE", (string?)context.Query("request.operation"));
        Assert.Equal("p", (string?)context.Query("request.object.metadata.name"));
        Assert.Equal("p", (string?)context.Query("request.oldObject.metadata.name"));
        Assert.Equal("team-a", (string?)context.Query("request.namespace"));
        Assert.Equal("p", (string?)context.Query("request.name"));
        Assert.Equal("""{"group":"","kind":"Pod","version":"v1"}""", GoJson.Serialize(context.Query("request.kind")));
        Assert.Equal("""{"groups":["system:serviceaccounts"],"username":"system:serviceaccount:nirmata:user1"}""", GoJson.Serialize(context.Query("request.userInfo")));
        Assert.Equal("""["foo:dave"]""", GoJson.Serialize(context.Query("request.roles")));
        Assert.Equal("""["dave-admin","system:basic-user"]""", GoJson.Serialize(context.Query("request.clusterRoles")));
        Assert.Equal("user1", (string?)context.Query("serviceAccountName"));
        Assert.Equal("nirmata", (string?)context.Query("serviceAccountNamespace"));
    }

    [Theory]
    [InlineData("system:serviceaccount:nirmata:user1", "nirmata", "user1")]
    [InlineData("kubernetes-admin", "", "")]
    [InlineData("system:serviceaccount:broken", "", "")]
    [InlineData(null, "", "")]
    public void Service_account_variables(string? username, string ns, string name)
    {
        var context = new PolicyContext(Jp.Parse(Pod), user: new RequestUser { Username = username });
        Assert.Equal(name, (string?)context.Query("serviceAccountName"));
        Assert.Equal(ns, (string?)context.Query("serviceAccountNamespace"));
    }

    [Fact]
    public void Delete_requests_have_no_object_and_a_null_operation_is_left_out()
    {
        var delete = new PolicyContext(null, "DELETE", Jp.Parse(Pod));
        Assert.Equal(JTokenType.Null, delete.Query("request.object")!.Type);
        Assert.Equal("team-a", (string?)delete.Query("request.namespace"));
        var background = new PolicyContext(Jp.Parse(Pod), operation: null);
        Assert.Equal("BACKGROUND", (string?)background.Query("request.operation || 'BACKGROUND'"));
    }

    [Fact]
    public void The_resource_is_copied_not_shared()
    {
        var resource = Jp.Parse(Pod);
        var context = new PolicyContext(resource);
        context.SetVariable("request.object.metadata.name", "changed");
        Assert.Equal("p", (string?)resource.SelectToken("metadata.name"));
        Assert.Null(resource.Parent);
        Assert.Equal("changed", (string?)context.Query("request.object.metadata.name"));
    }

    [Fact]
    public void Numbers_follow_go_json()
    {
        var context = new PolicyContext(Jp.Parse("""{"kind": "X", "spec": {"replicas": 2.0, "ratio": 0.5}}"""));
        Assert.Equal(JTokenType.Integer, context.Query("request.object.spec.replicas")!.Type);
        Assert.Equal("2", GoJson.Serialize(context.Query("request.object.spec.replicas")));
        Assert.Equal("true", GoJson.Serialize(context.Query("request.object.spec.replicas == `2`")));
    }

    [Fact]
    public void Set_variable_follows_dotted_paths_and_keeps_siblings()
    {
        var context = new PolicyContext(Jp.Parse(Pod));
        context.SetVariable("request.object.spec.serviceAccountName", "busybox");
        context.SetVariable("saMap.data.busybox", """["docker.io/busybox","docker.io/busybox:1.28"]""");
        context.SetVariable("labels.\"app.kubernetes.io/name\"", "shop");
        Assert.Equal("busybox", (string?)context.Query("request.object.spec.serviceAccountName"));
        Assert.Equal("a", (string?)context.Query("request.object.spec.containers[0].name"));
        Assert.Equal("""["docker.io/busybox","docker.io/busybox:1.28"]""", (string?)context.Query("saMap.data.busybox"));
        Assert.Equal("shop", (string?)context.Query("labels.\"app.kubernetes.io/name\""));
        Assert.Throws<ArgumentException>(() => context.SetVariable("a..b", "x"));
    }

    [Fact]
    public void Variable_entries_follow_the_docs()
    {
        var context = new PolicyContext(Jp.Parse(Pod));
        context.AddVariable("foodata", value: "foo");
        context.AddVariable("objName", jmesPath: "request.object.metadata.name");
        context.AddVariable("nestedMetadata", value: Jp.Parse("""{"metadata": {"labels": {"name": "{{ request.object.metadata.name }}"}}}"""), jmesPath: "to_string(@)", defaultValue: "{}");
        context.AddVariable("jpExpression", value: "name");
        context.AddVariable("objName2", value: Jp.Parse("""{"name": "{{ request.object.metadata.name }}"}"""), jmesPath: "{{ jpExpression }}");
        context.AddVariable("hostpathvolnames", jmesPath: "request.object.spec.volumes[?hostPath].name", defaultValue: new JArray());
        context.AddVariable("missing", jmesPath: "request.object.metadata.annotations.nope", defaultValue: "fallback");
        context.AddVariable("nullResult", jmesPath: "request.object.spec.nodeName || `null`", defaultValue: 7);
        context.AddVariable("envs", jmesPath: "request.object.spec.containers[].name");
        context.AddVariable("objects", jmesPath: "object_from_lists(envs, envs)");
        Assert.Equal("foo", (string?)context.Query("foodata"));
        Assert.Equal("p", (string?)context.Query("objName"));
        Assert.Equal("""{"metadata":{"labels":{"name":"p"}}}""", (string?)context.Query("nestedMetadata"));
        Assert.Equal("p", (string?)context.Query("objName2"));
        Assert.Equal("""["host"]""", GoJson.Serialize(context.Query("hostpathvolnames")));
        Assert.Equal("1", GoJson.Serialize(context.Query("length(hostpathvolnames)")));
        Assert.Equal("fallback", (string?)context.Query("missing"));
        Assert.Equal(7L, (long?)context.Query("nullResult"));
        Assert.Equal("""{"a":"a","b":"b"}""", GoJson.Serialize(context.Query("objects")));
    }

    [Fact]
    public void Variable_entries_without_a_default_report_failures()
    {
        var context = new PolicyContext(Jp.Parse(Pod));
        var e = Assert.Throws<VariableException>(() => context.AddVariable("x", jmesPath: "request.object.metadata.annotations.nope"));
        Assert.Contains("failed to load context variable \"x\"", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => context.AddVariable("empty"));
    }

    [Fact]
    public void External_data_entries_apply_their_jmespath_to_the_data()
    {
        var context = new PolicyContext(Jp.Parse(Pod));
        context.AddData("nslabels", Jp.Parse("""{"metadata": {"labels": {"team": "apple", "organization": "banana"}}}"""), "items(metadata.labels,'key','value')");
        context.AddData("dictionary", Jp.Parse("""{"data": {"ClusterConfiguration": "clusterName: prod\n"}}"""));
        context.AddData("count", Jp.Parse("""{"items": []}"""), "items | length(@)");
        context.AddData("absent", null, defaultValue: "none");
        Assert.Equal("""[{"key":"organization","value":"banana"},{"key":"team","value":"apple"}]""", GoJson.Serialize(context.Query("nslabels")));
        Assert.Equal("prod", (string?)context.Query("dictionary.data.ClusterConfiguration | parse_yaml(@).clusterName"));
        Assert.Equal(0L, (long?)context.Query("count"));
        Assert.Equal("none", (string?)context.Query("absent"));
    }

    [Fact]
    public void Foreach_elements_and_nesting()
    {
        var context = new PolicyContext(Jp.Parse(Pod));
        var containers = (JArray)context.Query("request.object.spec.containers")!;
        context.PushScope();
        context.SetElement(containers[1], 1, 0);
        context.PushScope();
        context.SetElement(Jp.Parse("""{"name": "mount"}"""), 3, 1);
        Assert.Equal("mount", (string?)context.Query("element.name"));
        Assert.Equal("b", (string?)context.Query("element0.name"));
        Assert.Equal("mount", (string?)context.Query("element1.name"));
        Assert.Equal("/spec/containers/1/volumeMounts/3", (string?)VariableResolver.Substitute("/spec/containers/{{elementIndex0}}/volumeMounts/{{elementIndex1}}", context));
        Assert.Equal(3L, (long?)context.Query("elementIndex"));
        context.PopScope();
        Assert.Equal("b", (string?)context.Query("element.name"));
        Assert.Equal(1L, (long?)context.Query("elementIndex"));
        Assert.Throws<VariableException>(() => context.Query("element1"));
        context.PopScope();
        Assert.Throws<VariableException>(() => context.Query("element"));
        Assert.Throws<InvalidOperationException>(context.PopScope);
    }

    [Fact]
    public void Scopes_undo_variables_and_restore_replaced_values()
    {
        var context = new PolicyContext(Jp.Parse(Pod));
        context.AddVariable("rule", value: "outer");
        using (context.EnterScope())
        {
            context.AddVariable("rule", value: "inner");
            context.SetVariable("request.object.metadata.labels.app", "patched");
            context.SetVariable("fresh.deep.value", 1);
            Assert.Equal("inner", (string?)context.Query("rule"));
        }
        Assert.Equal("outer", (string?)context.Query("rule"));
        Assert.Equal("web", (string?)context.Query("request.object.metadata.labels.app"));
        Assert.Throws<VariableException>(() => context.Query("fresh"));
    }
}
