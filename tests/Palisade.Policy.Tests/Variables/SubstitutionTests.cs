using Newtonsoft.Json.Linq;
using Palisade.Policy.Variables;

namespace Palisade.Policy.Tests.Variables;

/// <summary>{{ }} substitution over documents: types, text, nesting, escapes, shallow, {{@}}, references, errors.</summary>
public sealed class SubstitutionTests
{
    private const string Pod = """
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "mypod", "namespace": "foo", "labels": {"app": "web", "app.kubernetes.io/name": "shop"},
                      "annotations": {"meta.helm.sh/release-name": "rel", "corpkey": "s3cret"}},
         "spec": {"replicas": 3, "hostNetwork": false, "ratio": 1.5, "priority": null,
                  "containers": [{"name": "nginx", "image": "nginx:1.2", "workingDir": "/srv/release-name---/x",
                                  "resources": {"requests": {"memory": "100Mi"}, "limits": {"memory": "300Mi"}}}]}}
        """;

    private static JToken Sub(string template, PolicyContext? context = null, SubstitutionOptions? options = null) =>
        VariableResolver.Substitute(Jp.Parse(template), context ?? Jp.Context(Pod), options);

    [Theory]
    [InlineData("\"{{request.object.metadata.name}}\"", "\"mypod\"")]
    [InlineData("\"{{ request.object.spec.replicas }}\"", "3")]
    [InlineData("\"{{ request.object.spec.ratio }}\"", "1.5")]
    [InlineData("\"{{ request.object.spec.hostNetwork }}\"", "false")]
    [InlineData("\"{{request.object.metadata.labels}}\"", "{\"app\":\"web\",\"app.kubernetes.io/name\":\"shop\"}")]
    [InlineData("\"{{ request.object.spec.containers[].name }}\"", "[\"nginx\"]")]
    [InlineData("\"{{ request.object.metadata.labels.missing || '' }}\"", "\"\"")]
    [InlineData("\"{{ request.object.spec.nodeName || `null` }}\"", "null")]
    [InlineData("\"{{ `{\\\"a\\\": 1}` }}\"", "{\"a\":1}")]
    [InlineData("\"{{ request.object.metadata.labels.\\\"app.kubernetes.io/name\\\" }}\"", "\"shop\"")]
    public void A_string_that_is_one_variable_keeps_the_value_type(string template, string expected) =>
        Assert.Equal(expected, GoJson.Serialize(Sub(template)));

    [Theory]
    [InlineData("\"ns-owner-{{request.namespace}}-{{request.userInfo.username}}-binding\"", "\"ns-owner-foo-alice-binding\"")]
    [InlineData("\"replicas={{ request.object.spec.replicas }}\"", "\"replicas=3\"")]
    [InlineData("\"labels: {{request.object.metadata.labels}}\"", "\"labels: {\\\"app\\\":\\\"web\\\",\\\"app.kubernetes.io/name\\\":\\\"shop\\\"}\"")]
    [InlineData("\"{{ request.object.spec.hostNetwork }}!\"", "\"false!\"")]
    [InlineData("\"x{{ request.object.spec.priority }}\"", "\"xnull\"")]
    [InlineData("\"{{request.object.metadata.name}}{{request.object.metadata.name}}\"", "\"mypodmypod\"")]
    [InlineData("\"The namespace name is {{request.namespace}}\"", "\"The namespace name is foo\"")]
    public void Variables_inside_text_become_text(string template, string expected)
    {
        var context = new PolicyContext(Jp.Parse(Pod), "CREATE", user: new RequestUser { Username = "alice" });
        Assert.Equal(expected, GoJson.Serialize(Sub(template, context)));
    }

    [Fact]
    public void Whole_documents_are_walked_and_keys_substituted()
    {
        var result = Sub("""
            {"metadata": {"labels": {"appns": "{{request.namespace}}", "{{request.object.metadata.labels.app}}-key": "v"}},
             "list": ["{{request.object.spec.replicas}}", 7, true, null, {"deep": "{{request.object.kind}}"}],
             "plain": "no variables"}
            """);
        Assert.Equal("""{"list":[3,7,true,null,{"deep":"Pod"}],"metadata":{"labels":{"appns":"foo","web-key":"v"}},"plain":"no variables"}""", GoJson.Serialize(result));
    }

    [Fact]
    public void A_substituted_key_replaces_an_existing_key_of_that_name()
    {
        var result = Sub("""{"{{request.object.metadata.labels.app}}": 1, "web": 2, "x": "{{request.object.kind}}"}""");
        Assert.Equal("""{"web":1,"x":"Pod"}""", GoJson.Serialize(result));
    }

    [Fact]
    public void A_template_without_variables_is_returned_as_is()
    {
        var template = Jp.Parse("""{"a": ["b", 1, {"c": "d"}]}""");
        Assert.Same(template, VariableResolver.Substitute(template, Jp.Context(Pod)));
    }

    [Fact]
    public void The_template_is_not_changed()
    {
        var template = Jp.Parse("""{"a": "{{request.object.metadata.name}}"}""");
        VariableResolver.Substitute(template, Jp.Context(Pod));
        Assert.Equal("{{request.object.metadata.name}}", (string?)template["a"]);
    }

    [Fact]
    public void Nested_variables_resolve_inside_out()
    {
        var context = Jp.Context(Pod);
        context.SetVariable("LabelsCM", Jp.Parse("""{"data": {"web": "frontend", "db": "backend"}}"""));
        Assert.Equal("\"frontend\"", GoJson.Serialize(Sub("\"{{LabelsCM.data.{{ request.object.metadata.labels.app }}}}\"", context)));
        Assert.Equal("\"x-frontend\"", GoJson.Serialize(Sub("\"x-{{LabelsCM.data.\\\"{{ request.object.metadata.labels.app }}\\\"}}\"", context)));
    }

    [Fact]
    public void Documented_nested_examples_with_functions()
    {
        var context = Jp.Context(Pod);
        context.SetElement(Jp.Parse(Pod)["spec"]!["containers"]![0], 0);
        Assert.Equal("3", GoJson.Serialize(Sub("\"{{ divide('{{ element.resources.limits.memory || '0' }}', '{{ element.resources.requests.memory || '1m' }}') }}\"", context)));
        Assert.Equal("\"400Mi\"", GoJson.Serialize(Sub("\"{{ add('{{ element.resources.requests.memory || `0` }}', '{{ element.resources.limits.memory || `0` }}') }}\"", context)));
        Assert.Equal("\"czNjcmV0\"", GoJson.Serialize(Sub("\"{{ base64_encode('{{ request.object.metadata.annotations.corpkey }}') }}\"", context)));
        Assert.Equal("\"1\"", GoJson.Serialize(Sub("\"{{ subtract('{{ request.object.spec.replicas }}',`2`) }}\"", context)));
    }

    [Fact]
    public void A_value_containing_variables_is_substituted_again_unless_shallow()
    {
        var context = Jp.Context(Pod);
        context.SetVariable("tmpl", "name={{ request.object.metadata.name }}");
        context.SetVariable("hcl", "from_string {{ some hcl template }}");
        Assert.Equal("\"see name=mypod\"", GoJson.Serialize(Sub("\"see {{ tmpl }}\"", context)));
        Assert.Equal("\"see from_string {{ some hcl template }}\"", GoJson.Serialize(Sub("\"see {{- hcl }}\"", context)));
        Assert.Equal("\"from_string {{ some hcl template }}\"", GoJson.Serialize(Sub("\"{{- hcl }}\"", context)));
        Assert.Equal("\"to_string {{ some hcl template }}\"", GoJson.Serialize(Sub("\"{{ replace_all('{{- hcl }}', 'from_string', 'to_string') }}\"", context)));
        Assert.Throws<VariableException>(() => Sub("\"see {{ hcl }}\"", context));
    }

    [Fact]
    public void Escaped_variables_are_left_as_text_without_the_backslash()
    {
        Assert.Equal("\"{{ request.object.metadata.name }}-done\"", GoJson.Serialize(Sub("\"\\\\{{ request.object.metadata.name }}-done\"")));
        Assert.Equal("\"mypod {{ .patch }}\"", GoJson.Serialize(Sub("\"{{request.object.metadata.name}} \\\\{{ .patch }}\"")));
        Assert.Equal("\"k8s.namespace.name=$(POD_NAMESPACE)\"", GoJson.Serialize(Sub("\"k8s.namespace.name=\\\\$(POD_NAMESPACE)\"")));
    }

    [Fact]
    public void Braces_that_are_not_variables_stay()
    {
        Assert.Equal("\"{ not a variable }\"", GoJson.Serialize(Sub("\"{ not a variable }\"")));
        Assert.Equal("\"{{ unclosed\"", GoJson.Serialize(Sub("\"{{ unclosed\"")));
        // Kyverno's variable grammar allows one level of braces inside {{ }}: deeper nesting is not a variable (kyverno#3412).
        const string nested = "{{ request.object.metadata | merge(@, `{\"labels\": {\"test\":\"\"}}`) }}";
        Assert.Equal(nested, (string?)VariableResolver.Substitute(new JValue(nested), Jp.Context(Pod)));
        Assert.Equal("{\"a\":1,\"b\":2}", GoJson.Serialize(Sub("\"{{ merge(`{\\\"a\\\": 1}`, `{\\\"b\\\": 2}`) }}\"")));
    }

    [Fact]
    public void Current_value_refers_to_the_same_path_in_the_resource()
    {
        var result = Sub("""
            {"metadata": {"annotations": {"meta.helm.sh/release-name": "{{ to_upper('{{@}}') }}"}},
             "spec": {"containers": [{"workingDir": "{{ replace_all('{{@}}', 'release-name---', '{{request.object.metadata.annotations.\"meta.helm.sh/release-name\"}}') }}",
                                      "image": "{{ @ }}"}]}}
            """);
        Assert.Equal("REL", (string?)result.SelectToken("metadata.annotations['meta.helm.sh/release-name']"));
        Assert.Equal("/srv/rel/x", (string?)result.SelectToken("spec.containers[0].workingDir"));
        Assert.Equal("nginx:1.2", (string?)result.SelectToken("spec.containers[0].image"));
    }

    [Fact]
    public void Current_value_root_can_be_set_and_target_is_used_when_present()
    {
        var context = Jp.Context(Pod);
        context.SetVariable("target", Jp.Parse("""{"metadata": {"name": "the-target"}}"""));
        Assert.Equal("the-target", (string?)Sub("""{"metadata": {"name": "{{@}}"}}""", context).SelectToken("metadata.name"));
        var options = new SubstitutionOptions { CurrentValueRoot = "request.object.spec.containers[0]" };
        Assert.Equal("nginx", (string?)Sub("""{"name": "{{@}}"}""", Jp.Context(Pod), options)["name"]);
    }

    [Fact]
    public void Delete_requests_read_the_old_object()
    {
        var context = new PolicyContext(null, "DELETE", oldResource: Jp.Parse(Pod));
        Assert.Equal("\"mypod\"", GoJson.Serialize(Sub("\"{{ request.object.metadata.name }}\"", context)));
        Assert.Equal("null", GoJson.Serialize(context.Query("request.object")));
    }

    [Fact]
    public void References_resolve_against_the_template()
    {
        var result = Sub("""
            {"spec": {"^(containers)": [{
              "livenessProbe": {"tcpSocket": {"port": "$(./../../../readinessProbe/tcpSocket/port)"}},
              "startupProbe": {"tcpSocket": {"port": "$(<./../../../readinessProbe/tcpSocket/port)"}},
              "numeric": "$(>=./../readinessProbe/tcpSocket/number)",
              "readinessProbe": {"tcpSocket": {"port": "3000", "number": 8080}}}]},
             "abs": "$(/spec/containers/0/readinessProbe/tcpSocket/port)",
             "env": "k8s.pod.name=\\$(POD_NAME), rule=$(./../name)",
             "name": "imbue-pod-spec"}
            """);
        var container = result["spec"]!["^(containers)"]![0]!;
        Assert.Equal("3000", (string?)container.SelectToken("livenessProbe.tcpSocket.port"));
        Assert.Equal("<3000", (string?)container.SelectToken("startupProbe.tcpSocket.port"));
        Assert.Equal(">=8080.000000", (string?)container["numeric"]);
        Assert.Equal("3000", (string?)result["abs"]);
        Assert.Equal("k8s.pod.name=$(POD_NAME), rule=imbue-pod-spec", (string?)result["env"]);
    }

    [Fact]
    public void Unresolvable_references_are_errors()
    {
        Assert.Contains("$(./../nothing)", Assert.Throws<VariableException>(() => Sub("""{"a": "$(./../nothing)"}""")).Message, StringComparison.Ordinal);
        Assert.Contains("NotResolvedReferenceErr", Assert.Throws<VariableException>(() => Sub("""{"n": 1, "a": "$(./../n)"}""")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"{{ request.object.metadata.labels.missing }}\"", "Unknown key \"missing\" in path")]
    [InlineData("\"{{ request.object.spec.initContainers[] | length(@) }}\"", "Unknown key \"initContainers\" in path")]
    [InlineData("\"{{ length(request.object.spec.volumes) }}\"", "Unknown key \"volumes\" in path")]
    [InlineData("\"x {{ imageData.configData.created }}\"", "Unknown key \"imageData\" in path")]
    [InlineData("\"{{ request.object.metadata.name == request.object.metadata.nope }}\"", "Unknown key \"nope\"")]
    [InlineData("\"{{ request.object.spec.[ }}\"", "invalid JMESPath query")]
    [InlineData("\"{{ to_upper(request.object.spec.replicas) }}\"", "JMESPath function 'to_upper'")]
    [InlineData("\"{{ nosuchfunction(@) }}\"", "invalid JMESPath query")]
    public void Unresolvable_variables_are_clear_errors(string template, string message)
    {
        var e = Assert.Throws<VariableException>(() => Sub(template));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Contains("failed to resolve", e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.Variable);
    }

    [Fact]
    public void Errors_name_the_variable_and_the_path()
    {
        var e = Assert.Throws<VariableException>(() => Sub("""{"spec": {"items": ["ok", "{{ request.object.nope }}"]}}"""));
        Assert.Equal("/spec/items/1", e.Path);
        Assert.Equal("request.object.nope", e.Variable);
        Assert.True(e.NotFound);
        Assert.Contains("at path /spec/items/1", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"{{ request.object.spec.containers[].securityContext.privileged }}\"", "[]")]
    [InlineData("\"{{ request.object.spec.[ephemeralContainers, initContainers, containers][].name }}\"", "[\"nginx\"]")]
    [InlineData("\"{{ request.object.spec.containers[?securityContext].name }}\"", "[]")]
    [InlineData("\"{{ request.object.metadata.labels.missing || 'default' }}\"", "\"default\"")]
    [InlineData("\"{{ request.object.spec.volumes[?hostPath] || `[]` | length(@) }}\"", "0")]
    public void Missing_keys_inside_projections_multiselects_filters_and_or_are_null(string template, string expected) =>
        Assert.Equal(expected, GoJson.Serialize(Sub(template)));

    [Fact]
    public void Preconditions_resolve_failures_to_null()
    {
        var options = SubstitutionOptions.Preconditions;
        Assert.Equal(JTokenType.Null, Sub("\"{{ request.object.metadata.labels.missing }}\"", options: options).Type);
        Assert.Equal("\"x-null\"", GoJson.Serialize(Sub("\"x-{{ request.object.metadata.labels.missing }}\"", options: options)));
        Assert.Equal(JTokenType.Null, Sub("\"{{ to_boolean('maybe') }}\"", options: options).Type);
    }

    [Fact]
    public void Self_referencing_values_do_not_loop_forever()
    {
        var context = Jp.Context(Pod);
        context.SetVariable("loop", "again {{ loop }}");
        Assert.Contains("did not terminate", Assert.Throws<VariableException>(() => Sub("\"x {{ loop }}\"", context)).Message, StringComparison.Ordinal);
        context.SetVariable("grow", "{{ grow }}{{ grow }}{{ grow }}{{ grow }}");
        var e = Assert.Throws<VariableException>(() => Sub("\"x {{ grow }}\"", context));
        Assert.Matches("did not terminate|exceeds", e.Message);
    }

    [Fact]
    public void String_overload_and_evaluate()
    {
        var context = Jp.Context(Pod);
        Assert.Equal(3L, (long)VariableResolver.Substitute("{{ request.object.spec.replicas }}", context));
        Assert.Equal("web", (string?)VariableResolver.Evaluate("request.object.metadata.labels.app", context));
        Assert.Throws<VariableException>(() => VariableResolver.Evaluate("request.object.metadata.nope.x", context));
        Assert.Equal(JTokenType.Null, VariableResolver.Evaluate("a.b.c", Jp.Parse("{}"))!.Type);
    }

    [Fact]
    public void Expressions_are_parsed_once_per_thread()
    {
        var context = Jp.Context(Pod);
        var first = JmesPathEngine.Compile("request.object.metadata.name");
        Assert.Same(first, JmesPathEngine.Compile("request.object.metadata.name"));
        for (var i = 0; i < 1000; i++) Assert.Equal("mypod", (string?)context.Query("request.object.metadata.name"));
    }

    [Fact]
    public void Parallel_evaluation_gives_the_same_results()
    {
        var results = new string[64];
        Parallel.For(0, results.Length, i =>
        {
            var context = Jp.Context(Pod.Replace("mypod", "pod" + i, StringComparison.Ordinal));
            for (var n = 0; n < 50; n++)
                results[i] = GoJson.Serialize(VariableResolver.Substitute(Jp.Parse("""{"a": "{{ split(request.object.metadata.name, 'd') | [1] }}-{{ sort_by(request.object.spec.containers, &name)[0].name }}"}"""), context));
        });
        for (var i = 0; i < results.Length; i++) Assert.Equal($"{{\"a\":\"{i}-nginx\"}}", results[i]);
    }
}
