using Newtonsoft.Json.Linq;
using Palisade.Policy.Documents;
using Palisade.Policy.Variables;

namespace Palisade.Policy.Tests.Variables;

/// <summary>
/// Expressions taken from the Kyverno policy library (kyverno/policies, in ../shared/conformance/kyverno-policies),
/// evaluated over resources shaped like the library's CLI test resources.
/// </summary>
public sealed class LibraryExpressionTests
{
    private static JObject Resource(string yaml) => (JObject)PolicyDocuments.ReadAll(yaml, "test.yaml").Single();

    private static JToken Sub(string template, PolicyContext context, SubstitutionOptions? options = null) =>
        VariableResolver.Substitute(new JValue(template), context, options);

    // best-practices/require-drop-all: foreach over all containers, value of the deny condition.
    [Theory]
    [InlineData("""
        apiVersion: v1
        kind: Pod
        metadata: {name: add-capabilities}
        spec:
          initContainers:
          - name: init
            image: gcr.io/google-samples/node-hello:1.0
            securityContext: {capabilities: {drop: [ALL]}}
          containers:
          - name: add-capabilities
            image: gcr.io/google-samples/node-hello:1.0
            securityContext: {capabilities: {add: ["SYS_TIME"], drop: [all]}}
        """, "[[\"ALL\"],[\"ALL\"]]")]
    [InlineData("""
        apiVersion: v1
        kind: Pod
        metadata: {name: add-capabilities-bad}
        spec:
          initContainers:
          - name: init
            image: gcr.io/google-samples/node-hello:1.0
          containers:
          - name: add-capabilities
            image: gcr.io/google-samples/node-hello:1.0
            securityContext: {capabilities: {add: ["SYS_TIME"], drop: [ALL]}}
        """, "[[],[\"ALL\"]]")]
    public void Require_drop_all(string pod, string expectedPerElement)
    {
        var context = new PolicyContext(Resource(pod));
        Assert.Equal("CREATE", (string?)Sub("{{ request.operation || 'BACKGROUND' }}", context));
        var list = (JArray)context.Query("request.object.spec.[ephemeralContainers, initContainers, containers][]")!;
        var values = new JArray();
        for (var i = 0; i < list.Count; i++)
        {
            using (context.EnterScope())
            {
                context.SetElement(list[i], i);
                values.Add(Sub("{{ element.securityContext.capabilities.drop[].to_upper(@) || `[]` }}", context));
            }
        }
        Assert.Equal(expectedPerElement, GoJson.Serialize(values));
    }

    // pod-security/baseline/disallow-capabilities: the deny key.
    [Theory]
    [InlineData("""
        kind: Pod
        metadata: {name: badpod01}
        spec:
          containers:
          - {name: c1, image: busybox, securityContext: {capabilities: {add: [NET_BIND_SERVICE, SYS_ADMIN]}}}
        """, "[\"NET_BIND_SERVICE\",\"SYS_ADMIN\"]")]
    [InlineData("""
        kind: Pod
        metadata: {name: goodpod01}
        spec:
          initContainers:
          - {name: i1, image: busybox}
          containers:
          - {name: c1, image: busybox}
        """, "[]")]
    public void Disallow_capabilities(string pod, string expected) =>
        Assert.Equal(expected, GoJson.Serialize(Sub("{{ request.object.spec.[ephemeralContainers, initContainers, containers][].securityContext.capabilities.add[] }}", new PolicyContext(Resource(pod)))));

    // other/metadata-match-regex: nested variable with a quoted label key inside a regex_match call.
    [Theory]
    [InlineData("v1.1", false)]
    [InlineData("0.0.1", false)]
    [InlineData("v1.22.1", false)]
    [InlineData("v0.1.9", true)]
    [InlineData(null, false)]
    public void Metadata_match_regex(string? version, bool expected)
    {
        var labels = version is null ? "" : $"\n  labels:\n    corp.org/version: \"{version}\"";
        var context = new PolicyContext(Resource($"kind: Pod\nmetadata:\n  name: p{labels}\nspec:\n  containers: [{{name: c, image: busybox}}]\n"));
        var key = Sub("{{ regex_match('^v[0-9].[0-9].[0-9]$','{{request.object.metadata.labels.\"corp.org/version\" || 'empty'}}') }}", context);
        Assert.Equal(expected, (bool)key);
    }

    // other/enforce-pod-duration: an optional annotation with a default.
    [Theory]
    [InlineData("metadata: {name: p, annotations: {pod.kubernetes.io/lifetime: 4h}}", "4h")]
    [InlineData("metadata: {name: p}", "0s")]
    public void Enforce_pod_duration(string metadata, string expected) =>
        Assert.Equal(expected, (string?)Sub("{{ request.object.metadata.annotations.\"pod.kubernetes.io/lifetime\" || '0s' }}", new PolicyContext(Resource($"kind: Pod\n{metadata}\n"))));

    // other/remove-hostpath-volumes: a context variable, preconditions and nested foreach indexes in a JSON patch.
    [Fact]
    public void Remove_hostpath_volumes()
    {
        var context = new PolicyContext(Resource("""
            kind: Pod
            metadata: {name: p}
            spec:
              volumes:
              - {name: data, emptyDir: {}}
              - {name: host, hostPath: {path: /var/log}}
              containers:
              - name: c
                image: busybox
                volumeMounts:
                - {name: data, mountPath: /data}
                - {name: host, mountPath: /host}
            """));
        context.AddVariable("hostpathvolnames", jmesPath: "request.object.spec.volumes[?hostPath].name");
        Assert.Equal(1L, (long)Sub("{{ length(hostpathvolnames) }}", context));
        var patches = new List<string>();
        var containers = (JArray)context.Query("request.object.spec.containers[]")!;
        for (var i = 0; i < containers.Count; i++)
        {
            using var outer = context.EnterScope();
            context.SetElement(containers[i], i, 0);
            var mounts = (JArray)context.Query(" element.volumeMounts || `[]` ")!;
            for (var j = 0; j < mounts.Count; j++)
            {
                using var inner = context.EnterScope();
                context.SetElement(mounts[j], j, 1);
                var name = (string?)Sub("{{element.name}}", context);
                if (!((JArray)Sub("{{ hostpathvolnames }}", context)).Any(v => (string?)v == name)) continue;
                var patch = VariableResolver.Substitute(Jp.Parse("""{"path": "/spec/containers/{{elementIndex0}}/volumeMounts/{{elementIndex1}}", "op": "remove"}"""), context);
                patches.Add((string)patch["path"]!);
            }
        }
        Assert.Equal(["/spec/containers/0/volumeMounts/1"], patches);
        Assert.Equal("[\"hostPath\",\"name\"]", GoJson.Serialize(VariableResolver.Evaluate("sort(keys(@))", context.Query("request.object.spec.volumes[1]"))));
    }

    // other/ingress-host-match-tls: sorted host lists.
    [Fact]
    public void Ingress_host_match_tls()
    {
        var context = new PolicyContext(Resource("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: i}
            spec:
              tls:
              - hosts: [b.example.com, a.example.com]
              rules:
              - host: b.example.com
              - host: a.example.com
            """));
        Assert.Equal("[\"a.example.com\",\"b.example.com\"]", GoJson.Serialize(Sub("{{ (request.object.spec.rules[].host || `[]`) | sort(@) }}", context)));
        Assert.Equal("[\"a.example.com\",\"b.example.com\"]", GoJson.Serialize(Sub("{{ (request.object.spec.tls[].hosts[] || `[]`) | sort(@) }}", context)));
        var noTls = new PolicyContext(Resource("kind: Ingress\nmetadata: {name: i}\nspec:\n  rules:\n  - host: x\n"));
        Assert.Equal("[]", GoJson.Serialize(Sub("{{ (request.object.spec.tls[].hosts[] || `[]`) | sort(@) }}", noTls)));
    }

    // other/restrict-service-account: images plus values-file variables (values.yaml of its CLI test).
    [Theory]
    [InlineData("goodpod01", "busybox", "busybox:1.28", "docker.io/busybox")]
    [InlineData("badpod01", "demo", "nginx:latest", "docker.io/nginx")]
    public void Restrict_service_account(string name, string serviceAccount, string image, string expectedKey)
    {
        var context = new PolicyContext(Resource($$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: {{name}}, namespace: staging}
            spec:
              serviceAccountName: {{serviceAccount}}
              containers:
              - image: {{image}}
                name: c
            """));
        context.SetVariable("request.object.spec.serviceAccountName", "busybox");
        context.SetVariable("saMap.data.busybox", """["docker.io/busybox","docker.io/busybox:1.28"]""");
        Assert.Equal(expectedKey, (string?)Sub("{{ images.containers.*.registry | [0] }}/{{ images.containers.*.name | [0] }}", context));
        Assert.Equal("""["docker.io/busybox","docker.io/busybox:1.28"]""", (string?)Sub("{{ saMap.data.\"{{ request.object.spec.serviceAccountName }}\" }}", context));
        Assert.StartsWith("Invalid service account busybox for image docker.io/",
            (string?)Sub("Invalid service account {{ request.object.spec.serviceAccountName }} for image {{ images.containers.*.registry | [0] }}/{{ images.containers.*.name | [0] }}", context), StringComparison.Ordinal);
    }

    // other/add-imagepullsecrets-for-containers-and-initcontainers: preconditions over images.
    [Fact]
    public void Imagepullsecret_preconditions()
    {
        var context = new PolicyContext(Resource("""
            kind: Pod
            metadata: {name: myapp-pod-2}
            spec:
              initContainers:
              - {name: initbusybox, image: corp.reg.com/busybox:1.28}
              containers:
              - {name: nginx, image: nginx:latest}
            """));
        Assert.Equal("[\"corp.reg.com\"]", GoJson.Serialize(Sub("{{ images.initContainers.*.registry || `[]` }}", context, SubstitutionOptions.Preconditions)));
        Assert.Equal("[\"docker.io\"]", GoJson.Serialize(Sub("{{ images.containers.*.registry }}", context, SubstitutionOptions.Preconditions)));
        var noInit = new PolicyContext(Resource("kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: nginx, image: nginx:latest}\n"));
        Assert.Equal("[]", GoJson.Serialize(Sub("{{ images.initContainers.*.registry || `[]` }}", noInit, SubstitutionOptions.Preconditions)));
    }

    // psa/deny-privileged-profile and friends: quoted identifiers, including a quoted "object".
    [Fact]
    public void Quoted_identifiers()
    {
        var context = new PolicyContext(Resource("""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: ns
              labels: {app.kubernetes.io/part-of: platform, pod-security.kubernetes.io/enforce: privileged}
            """));
        Assert.Equal("platform", (string?)Sub("{{ request.\"object\".metadata.labels.\"app.kubernetes.io/part-of\" || '' }}", context));
        Assert.Equal("privileged", (string?)Sub("{{request.object.metadata.labels.\"pod-security.kubernetes.io/enforce\"}}", context));
    }

    // other/allowed-pod-priorities: a configMap context entry supplied by a values file and a nested variable.
    [Fact]
    public void Allowed_pod_priorities()
    {
        var context = new PolicyContext(Resource("""
            kind: Pod
            metadata: {name: myapp-pod, namespace: default}
            spec:
              priorityClassName: high
              containers: [{name: nginx, image: nginx}]
            """));
        context.AddData("podprioritydict", Jp.Parse("""{"data": {"default": "high, low"}}"""));
        Assert.Equal("high", (string?)Sub("{{ request.object.spec.priorityClassName || '' }}", context));
        Assert.Equal("high, low", (string?)Sub("{{ podprioritydict.data.\"{{request.namespace}}\" || \"\" }}", context));
        Assert.Equal("The Pod PriorityClass high is not in the list of the following PriorityClasses allowed in this Namespace: high, low.",
            (string?)Sub("The Pod PriorityClass {{ request.object.spec.priorityClassName }} is not in the list of the following PriorityClasses allowed in this Namespace: {{ podprioritydict.data.\"{{request.namespace}}\" }}.", context));
    }

    // best-practices/...: volumes without secrets, counted with a non-existence check.
    [Fact]
    public void Counting_with_non_existence_checks()
    {
        var context = new PolicyContext(Resource("kind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: busybox}]\n"));
        Assert.Equal(0L, (long)Sub("{{ request.object.spec.volumes[].secret || '' | length(@) }}", context));
        Assert.Equal(0L, (long)Sub("{{ request.object.spec.[containers, initContainers, ephemeralContainers][].env[].valueFrom.secretKeyRef || '' | length(@) }}", context));
        Assert.Equal(0L, (long)Sub("{{ length(request.object.spec.containers[].livenessProbe.exec.command[] || `[]`) }}", context));
        Assert.Equal(1L, (long)Sub("{{ request.object.spec.replicas || `1` }}", context));
        // Without the non-existence check the missing field is an error, as Kyverno's docs warn.
        Assert.Throws<VariableException>(() => Sub("{{ request.object.spec.volumes[?hostPath] | length(@) }}", context));
    }
}
