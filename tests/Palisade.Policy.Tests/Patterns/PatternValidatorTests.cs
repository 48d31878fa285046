using Newtonsoft.Json.Linq;
using Palisade.Policy.Patterns;

namespace Palisade.Policy.Tests.Patterns;

/// <summary>
/// Maps, lists and anchors (Kyverno's MatchPattern), with patterns from the Kyverno documentation and policy library
/// and resources shaped like the library's test resources.
/// </summary>
public sealed class PatternValidatorTests
{
    private static PatternResult Check(string resource, string pattern) => PatternValidator.Validate(Json.Yaml(resource), Json.Yaml(pattern));

    private static void AssertPass(PatternResult result) => Assert.Equal(PatternResult.Passed, result);

    private static void AssertFail(PatternResult result, string path)
    {
        Assert.Equal(PatternOutcome.Fail, result.Outcome);
        Assert.Equal(path, result.Path);
        Assert.NotEmpty(result.Message);
    }

    private static void AssertSkip(PatternResult result)
    {
        Assert.Equal(PatternOutcome.Skip, result.Outcome);
        Assert.Equal("", result.Path);
        Assert.NotEmpty(result.Message);
    }

    private const string PurposeLabel = """
        metadata:
          labels:
            purpose: production
        """;

    [Fact]
    public void A_plain_map_must_be_matched_key_by_key()
    {
        AssertPass(Check("kind: Namespace\nmetadata:\n  name: prod\n  labels:\n    purpose: production\n    team: a\n", PurposeLabel));
        var wrong = Check("metadata:\n  labels:\n    purpose: development\n", PurposeLabel);
        AssertFail(wrong, "/metadata/labels/purpose/");
        Assert.Equal("resource value 'development' does not match 'production' at path /metadata/labels/purpose/", wrong.Message);
        AssertFail(Check("metadata:\n  labels:\n    team: a\n", PurposeLabel), "/metadata/labels/purpose/");
        AssertFail(Check("metadata:\n  name: x\n", PurposeLabel), "/metadata/labels/");
        AssertFail(Check("metadata: text\n", PurposeLabel), "/metadata/");
    }

    private const string DisallowPrivileged = """
        spec:
          =(ephemeralContainers):
            - =(securityContext):
                =(privileged): "false"
          =(initContainers):
            - =(securityContext):
                =(privileged): "false"
          containers:
            - =(securityContext):
                =(privileged): "false"
        """;

    [Fact]
    public void Equality_anchors_check_only_what_is_there()
    {
        AssertPass(Check("spec:\n  containers:\n  - name: a\n    image: nginx\n", DisallowPrivileged));
        AssertPass(Check("spec:\n  containers:\n  - name: a\n    securityContext:\n      privileged: false\n", DisallowPrivileged));
        var bad = Check("spec:\n  containers:\n  - name: a\n  - name: b\n    securityContext:\n      privileged: true\n", DisallowPrivileged);
        AssertFail(bad, "/spec/containers/1/securityContext/privileged/");
        Assert.Equal("resource value 'true' does not match 'false' at path /spec/containers/1/securityContext/privileged/", bad.Message);
        AssertFail(Check("spec:\n  containers:\n  - name: a\n  initContainers:\n  - name: i\n    securityContext:\n      privileged: true\n", DisallowPrivileged),
            "/spec/initContainers/0/securityContext/privileged/");
        // containers is a plain key: it must be there
        AssertFail(Check("spec:\n  initContainers:\n  - name: i\n", DisallowPrivileged), "/spec/containers/");
    }

    private const string RequestsAndLimits = """
        spec:
          containers:
          - resources:
              requests:
                memory: "?*"
                cpu: "?*"
              limits:
                memory: "?*"
        """;

    [Fact]
    public void Required_values_use_question_star()
    {
        AssertPass(Check("spec:\n  containers:\n  - name: a\n    resources:\n      requests: {memory: 64Mi, cpu: 250m}\n      limits: {memory: 128Mi}\n", RequestsAndLimits));
        AssertFail(Check("spec:\n  containers:\n  - name: a\n    resources:\n      requests: {memory: 64Mi, cpu: 250m}\n      limits: {memory: \"\"}\n", RequestsAndLimits),
            "/spec/containers/0/resources/limits/memory/");
        AssertFail(Check("spec:\n  containers:\n  - name: a\n", RequestsAndLimits), "/spec/containers/0/resources/");
        AssertFail(Check("spec:\n  containers:\n  - name: a\n    resources:\n      requests: {cpu: 1}\n      limits: {memory: 1Gi}\n", RequestsAndLimits),
            "/spec/containers/0/resources/requests/memory/");
    }

    [Fact]
    public void A_star_on_a_plain_key_asks_only_for_a_present_non_null_value()
    {
        const string pattern = "spec:\n  containers:\n  - name: \"*\"\n";
        AssertPass(Check("spec:\n  containers:\n  - name: web\n", pattern));
        AssertPass(Check("spec:\n  containers:\n  - name: \"\"\n", pattern));
        AssertPass(Check("spec:\n  containers:\n  - name: {a: 1}\n", pattern));
        var missing = Check("spec:\n  containers:\n  - image: web\n", pattern);
        AssertFail(missing, "/spec/containers/0/");
        Assert.Contains("not found", missing.Message, StringComparison.Ordinal);
        AssertFail(Check("spec:\n  containers:\n  - name: null\n", pattern), "/spec/containers/0/");
    }

    private const string ImagePullPolicyAlways = """
        spec:
          containers:
          - (image): "*:latest | !*:*"
            imagePullPolicy: "Always"
        """;

    [Fact]
    public void A_conditional_anchor_skips_the_elements_it_does_not_hold_for()
    {
        AssertPass(Check("spec:\n  containers:\n  - name: a\n    image: nginx:latest\n    imagePullPolicy: Always\n", ImagePullPolicyAlways));
        AssertFail(Check("spec:\n  containers:\n  - name: a\n    image: nginx:latest\n", ImagePullPolicyAlways), "/spec/containers/0/imagePullPolicy/");
        AssertFail(Check("spec:\n  containers:\n  - name: a\n    image: nginx\n", ImagePullPolicyAlways), "/spec/containers/0/imagePullPolicy/");
        // the only container does not meet the condition: nothing applied, the pattern is skipped
        AssertSkip(Check("spec:\n  containers:\n  - name: a\n    image: nginx:1.25\n", ImagePullPolicyAlways));
        // skipped elements are left out; the others decide
        AssertPass(Check("spec:\n  containers:\n  - image: nginx:1.25\n  - image: nginx:latest\n    imagePullPolicy: Always\n", ImagePullPolicyAlways));
        AssertFail(Check("spec:\n  containers:\n  - image: nginx:1.25\n  - image: redis:latest\n    imagePullPolicy: IfNotPresent\n", ImagePullPolicyAlways),
            "/spec/containers/1/imagePullPolicy/");
        // a container without an image does not meet the condition either
        AssertSkip(Check("spec:\n  containers:\n  - name: a\n", ImagePullPolicyAlways));
    }

    private const string NoLocalhostService = """
        spec:
          (type): ExternalName
          externalName: "!localhost"
        """;

    [Fact]
    public void A_failing_condition_wins_over_the_failures_of_its_siblings()
    {
        AssertFail(Check("kind: Service\nspec:\n  type: ExternalName\n  externalName: localhost\n", NoLocalhostService), "/spec/externalName/");
        AssertPass(Check("spec:\n  type: ExternalName\n  externalName: example.com\n", NoLocalhostService));
        // the library expects skip here: the condition fails, and the missing externalName must not fail the rule
        AssertSkip(Check("spec:\n  type: NodePort\n  ports:\n  - port: 80\n", NoLocalhostService));
        AssertSkip(Check("spec:\n  type: NodePort\n  externalName: localhost\n", NoLocalhostService));
        AssertSkip(Check("spec:\n  ports: []\n", NoLocalhostService));
    }

    private const string DockerSockCondition = """
        metadata:
          labels:
            allow-docker: "true"
        (spec):
          (volumes):
          - (hostPath):
              path: "/var/run/docker.sock"
        """;

    [Fact]
    public void Nested_conditional_anchors_guard_their_peers()
    {
        AssertSkip(Check("metadata:\n  name: p\nspec:\n  containers:\n  - name: a\n", DockerSockCondition));
        AssertSkip(Check("metadata:\n  name: p\nspec:\n  volumes:\n  - name: v\n    emptyDir: {}\n", DockerSockCondition));
        AssertSkip(Check("metadata:\n  name: p\nspec:\n  volumes:\n  - name: v\n    hostPath:\n      path: /data\n", DockerSockCondition));
        const string sock = "spec:\n  volumes:\n  - name: e\n    emptyDir: {}\n  - name: d\n    hostPath:\n      path: /var/run/docker.sock\n";
        AssertPass(Check("metadata:\n  labels:\n    allow-docker: \"true\"\n" + sock, DockerSockCondition));
        AssertFail(Check("metadata:\n  labels:\n    app: x\n" + sock, DockerSockCondition), "/metadata/labels/allow-docker/");
    }

    private const string NoDockerSockEquality = """
        =(spec):
          =(volumes):
          - =(hostPath):
              path: "!/var/run/docker.sock"
        """;

    [Fact]
    public void Nested_equality_anchors_check_what_exists()
    {
        AssertPass(Check("spec:\n  containers: []\n", NoDockerSockEquality));
        AssertPass(Check("spec:\n  volumes:\n  - name: v\n    hostPath:\n      path: /data\n", NoDockerSockEquality));
        AssertFail(Check("spec:\n  volumes:\n  - name: e\n    emptyDir: {}\n  - name: v\n    hostPath:\n      path: /var/run/docker.sock\n", NoDockerSockEquality),
            "/spec/volumes/1/hostPath/path/");
    }

    private const string RunAsUserUnlessIstio = """
        spec:
          =(initContainers):
            - (name): "!istio-init"
              =(securityContext):
                =(runAsUser): ">0"
          =(containers):
            - =(securityContext):
                =(runAsUser): ">0"
        """;

    [Fact]
    public void A_skipped_sibling_does_not_hide_a_pass_or_an_earlier_fail()
    {
        // kyverno.io policy reports, "Anchor Logic Resulting in Skip": the initContainers block skips, containers pass.
        AssertPass(Check("spec:\n  initContainers:\n  - name: istio-init\n    securityContext:\n      runAsUser: 0\n  containers:\n  - name: nginx\n    image: nginx\n",
            RunAsUserUnlessIstio));
        AssertFail(Check("spec:\n  initContainers:\n  - name: istio-init\n    securityContext:\n      runAsUser: 0\n  containers:\n  - name: nginx\n    securityContext:\n      runAsUser: 0\n",
            RunAsUserUnlessIstio), "/spec/containers/0/securityContext/runAsUser/");
        AssertFail(Check("spec:\n  initContainers:\n  - name: setup\n    securityContext:\n      runAsUser: 0\n  containers:\n  - name: nginx\n",
            RunAsUserUnlessIstio), "/spec/initContainers/0/securityContext/runAsUser/");
    }

    private const string GlobalImagePullSecret = """
        spec:
          containers:
          - name: "*"
            <(image): "corp.reg.com/*"
          imagePullSecrets:
          - name: my-registry-secret
        """;

    [Fact]
    public void A_global_anchor_that_does_not_hold_skips_the_rule()
    {
        AssertFail(Check("spec:\n  containers:\n  - name: web\n    image: corp.reg.com/nginx\n  imagePullSecrets:\n  - name: other-secret\n", GlobalImagePullSecret),
            "/spec/imagePullSecrets/0/name/");
        AssertPass(Check("spec:\n  containers:\n  - name: web\n    image: corp.reg.com/nginx\n  imagePullSecrets:\n  - name: my-registry-secret\n", GlobalImagePullSecret));
        AssertSkip(Check("spec:\n  containers:\n  - name: web\n    image: docker.io/nginx\n", GlobalImagePullSecret));
        AssertPass(Check("spec:\n  containers:\n  - name: a\n    image: docker.io/nginx\n  - name: b\n    image: corp.reg.com/x\n  imagePullSecrets:\n  - name: my-registry-secret\n",
            GlobalImagePullSecret));
        // absent: the global anchor holds nothing back
        AssertFail(Check("spec:\n  containers:\n  - name: web\n", GlobalImagePullSecret), "/spec/imagePullSecrets/");
    }

    private const string AtLeastOneNginx = """
        spec:
          ^(containers):
          - image: nginx:latest
        """;

    [Fact]
    public void An_existence_anchor_needs_one_matching_element()
    {
        AssertPass(Check("spec:\n  containers:\n  - image: redis\n  - image: nginx:latest\n", AtLeastOneNginx));
        var none = Check("spec:\n  containers:\n  - image: redis\n  - image: nginx:1.25\n", AtLeastOneNginx);
        AssertFail(none, "/spec/containers/");
        Assert.Equal("existence anchor validation failed at path /spec/containers/", none.Message);
        AssertPass(Check("spec:\n  volumes: []\n", AtLeastOneNginx));
        AssertFail(Check("spec:\n  containers:\n    image: nginx:latest\n", AtLeastOneNginx), "/spec/containers/");
        AssertFail(Check("spec:\n  containers: []\n", AtLeastOneNginx), "/spec/containers/");
        // every pattern element needs its own match
        AssertFail(Check("spec:\n  containers:\n  - image: nginx:latest\n", "spec:\n  ^(containers):\n  - image: nginx:latest\n  - image: redis\n"), "/spec/containers/");
        AssertFail(Check("spec:\n  containers:\n  - image: nginx:latest\n", "spec:\n  ^(containers): nginx\n"), "/spec/containers/");
        AssertFail(Check("spec:\n  containers:\n  - image: nginx:latest\n", "spec:\n  ^(containers):\n  - nginx\n"), "/spec/containers/");
    }

    [Fact]
    public void A_negation_anchor_forbids_the_key_whatever_its_value()
    {
        const string pattern = "spec:\n  =(volumes):\n    - X(hostPath): \"null\"\n";
        AssertPass(Check("spec:\n  volumes:\n  - name: v\n    emptyDir: {}\n", pattern));
        AssertPass(Check("spec:\n  containers: []\n", pattern));
        var bad = Check("spec:\n  volumes:\n  - name: e\n    emptyDir: {}\n  - name: h\n    hostPath:\n      path: /etc\n", pattern);
        AssertFail(bad, "/spec/volumes/1/hostPath/");
        Assert.Equal("negation anchor matched in resource: /spec/volumes/1/hostPath/ is not allowed", bad.Message);
        AssertFail(Check("spec:\n  volumes:\n  - name: h\n    hostPath: null\n", pattern), "/spec/volumes/0/hostPath/");
    }

    private const string ForbidCpuLimits = """
        spec:
          containers:
          - (name): "*"
            =(resources):
              =(limits):
                X(cpu): null
        """;

    [Fact]
    public void Anchors_combine_as_in_forbid_cpu_limits()
    {
        AssertPass(Check("spec:\n  containers:\n  - name: a\n    resources:\n      limits:\n        memory: 1Gi\n", ForbidCpuLimits));
        AssertPass(Check("spec:\n  containers:\n  - name: a\n", ForbidCpuLimits));
        AssertFail(Check("spec:\n  containers:\n  - name: a\n  - name: b\n    resources:\n      limits:\n        cpu: 500m\n", ForbidCpuLimits),
            "/spec/containers/1/resources/limits/cpu/");
    }

    [Fact]
    public void A_scalar_pattern_applies_to_every_element_of_a_list()
    {
        const string pattern = "spec:\n  =(securityContext):\n    =(supplementalGroups): 100-200 | 500-600\n";
        AssertPass(Check("spec:\n  securityContext:\n    supplementalGroups: [150, 550]\n", pattern));
        AssertPass(Check("spec:\n  securityContext:\n    supplementalGroups: []\n", pattern));
        var bad = Check("spec:\n  securityContext:\n    supplementalGroups: [150, 300]\n", pattern);
        AssertFail(bad, "/spec/securityContext/supplementalGroups/");
        Assert.Equal("resource value '[150 300]' does not match '100-200 | 500-600' at path /spec/securityContext/supplementalGroups/", bad.Message);
        // a list pattern with a scalar first element does the same
        AssertPass(Check("args: [--a, --b]\n", "args:\n- \"--*\"\n"));
        AssertFail(Check("args: [--a, b]\n", "args:\n- \"--*\"\n"), "/args/");
    }

    [Fact]
    public void Host_ports_must_be_zero()
    {
        const string pattern = "spec:\n  containers:\n  - =(ports):\n    - =(hostPort): 0\n";
        AssertPass(Check("spec:\n  containers:\n  - name: a\n    ports:\n    - containerPort: 80\n    - containerPort: 81\n      hostPort: 0\n", pattern));
        AssertFail(Check("spec:\n  containers:\n  - name: a\n    ports:\n    - containerPort: 80\n      hostPort: 8080\n", pattern), "/spec/containers/0/ports/0/hostPort/");
        AssertFail(Check("spec:\n  containers:\n  - name: a\n    ports:\n    - hostPort: \"0x0\"\n", pattern), "/spec/containers/0/ports/0/hostPort/");
    }

    [Fact]
    public void Numbers_and_operators_in_patterns()
    {
        const string replicas = "spec:\n  replicas: \">1\"\n";
        AssertPass(Check("spec:\n  replicas: 3\n", replicas));
        AssertFail(Check("spec:\n  replicas: 1\n", replicas), "/spec/replicas/");
        AssertFail(Check("spec:\n  template: {}\n", replicas), "/spec/replicas/");
        const string runAsUser = "spec:\n  =(securityContext):\n    =(runAsUser): \">0\"\n";
        AssertFail(Check("spec:\n  securityContext:\n    runAsUser: 0\n", runAsUser), "/spec/securityContext/runAsUser/");
        AssertPass(Check("spec:\n  securityContext:\n    runAsUser: 1000\n", runAsUser));
        AssertPass(Check("spec:\n  containers:\n  - resources:\n      limits:\n        memory: 512Mi\n", "spec:\n  containers:\n  - resources:\n      limits:\n        memory: \"<=1Gi\"\n"));
    }

    [Fact]
    public void Wildcard_label_keys_stand_for_the_matching_keys()
    {
        const string psa = "metadata:\n  labels:\n    pod-security.kubernetes.io/*: \"?*\"\n";
        AssertPass(Check("kind: Namespace\nmetadata:\n  name: n\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n", psa));
        AssertPass(Check("metadata:\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/warn: restricted\n", psa));
        AssertFail(Check("metadata:\n  name: n\n  labels:\n    team: a\n", psa), "/metadata/labels/pod-security.kubernetes.io/*/");
        AssertFail(Check("metadata:\n  labels:\n    pod-security.kubernetes.io/enforce: \"\"\n", psa), "/metadata/labels/pod-security.kubernetes.io/enforce/");
        AssertFail(Check("metadata:\n  name: n\n", psa), "/metadata/labels/");
    }

    private const string AppArmor = """
        =(metadata):
          =(annotations):
            =(container.apparmor.security.beta.kubernetes.io/*): "runtime/default | localhost/*"
        """;

    [Fact]
    public void Wildcard_annotation_keys_keep_their_anchor()
    {
        AssertPass(Check("metadata:\n  name: p\n", AppArmor));
        AssertPass(Check("metadata:\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/c1: runtime/default\n", AppArmor));
        AssertPass(Check("metadata:\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/c1: localhost/foo\n    other: x\n", AppArmor));
        AssertFail(Check("metadata:\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/c1: unconfined\n", AppArmor),
            "/metadata/annotations/container.apparmor.security.beta.kubernetes.io/c1/");
        // every matching annotation is checked
        AssertFail(Check("metadata:\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/a: runtime/default\n    container.apparmor.security.beta.kubernetes.io/b: unconfined\n",
            AppArmor), "/metadata/annotations/container.apparmor.security.beta.kubernetes.io/b/");
        // autogen wraps the pattern, and metadata under spec.template is expanded too
        var wrapped = "spec:\n  template:\n" + string.Concat(AppArmor.Split('\n').Select(l => l.Length > 0 ? "    " + l + "\n" : ""));
        AssertFail(Check("spec:\n  template:\n    metadata:\n      annotations:\n        container.apparmor.security.beta.kubernetes.io/c: unconfined\n", wrapped),
            "/spec/template/metadata/annotations/container.apparmor.security.beta.kubernetes.io/c/");
    }

    [Fact]
    public void Any_pattern_passes_at_the_first_pattern_that_passes()
    {
        var patterns = new[]
        {
            Json.Yaml("spec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n  - =(securityContext):\n      =(runAsNonRoot): true\n  =(initContainers):\n  - =(securityContext):\n      =(runAsNonRoot): true\n"),
            Json.Yaml("spec:\n  containers:\n  - securityContext:\n      runAsNonRoot: true\n  =(initContainers):\n  - securityContext:\n      runAsNonRoot: true\n"),
        };
        var podLevel = PatternValidator.ValidateAny(Json.Yaml("spec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: a\n"), patterns);
        Assert.Equal(PatternOutcome.Pass, podLevel.Outcome);
        Assert.Equal(0, podLevel.PassedIndex);
        Assert.Single(podLevel.Results);
        var containerLevel = PatternValidator.ValidateAny(Json.Yaml("spec:\n  containers:\n  - name: a\n    securityContext:\n      runAsNonRoot: true\n"), patterns);
        Assert.Equal(PatternOutcome.Pass, containerLevel.Outcome);
        Assert.Equal(1, containerLevel.PassedIndex);
        var neither = PatternValidator.ValidateAny(Json.Yaml("spec:\n  containers:\n  - name: a\n"), patterns);
        Assert.Equal(PatternOutcome.Fail, neither.Outcome);
        Assert.Equal(-1, neither.PassedIndex);
        Assert.Equal(["/spec/securityContext/", "/spec/containers/0/securityContext/"], neither.Results.Select(r => r.Path));
    }

    [Fact]
    public void Any_pattern_with_negated_wildcard_annotations()
    {
        // kyverno.io validate docs: either pattern passing lets the resource through
        var patterns = new[]
        {
            Json.Yaml("metadata:\n  =(annotations):\n    X(fluxcd.io/*): \"*?\"\n"),
            Json.Yaml("metadata:\n  =(annotations):\n    X(flux.weave.works/*): \"*?\"\n"),
        };
        Assert.Equal(PatternOutcome.Pass, PatternValidator.ValidateAny(Json.Yaml("metadata:\n  annotations:\n    fluxcd.io/automated: \"true\"\n"), patterns).Outcome);
        var both = PatternValidator.ValidateAny(Json.Yaml("metadata:\n  annotations:\n    fluxcd.io/automated: \"true\"\n    flux.weave.works/automated: \"true\"\n"), patterns);
        Assert.Equal(PatternOutcome.Fail, both.Outcome);
        Assert.Equal("/metadata/annotations/fluxcd.io/automated/", both.Results[0].Path);
    }

    [Fact]
    public void Any_pattern_skips_when_every_pattern_skips()
    {
        var patterns = new[] { Json.Yaml("spec:\n  (type): ExternalName\n  externalName: \"!localhost\"\n"), Json.Yaml("spec:\n  (type): LoadBalancer\n  x: y\n") };
        var result = PatternValidator.ValidateAny(Json.Yaml("spec:\n  type: NodePort\n"), patterns);
        Assert.Equal(PatternOutcome.Skip, result.Outcome);
        Assert.Equal(2, result.Results.Count);
        Assert.Throws<ArgumentException>(() => PatternValidator.ValidateAny(Json.Yaml("a: 1"), []));
        Assert.Throws<ArgumentNullException>(() => PatternValidator.ValidateAny(null, null!));
    }

    [Fact]
    public void Lists_of_lists_are_compared_by_position()
    {
        AssertPass(Check("m: [[1, 1], [3]]\n", "m:\n- [1]\n- [3]\n"));
        // a list pattern with a scalar first element applies it to every element of the resource list
        AssertFail(Check("m: [[1, 2], [3]]\n", "m:\n- [1]\n- [3]\n"), "/m/0/");
        AssertFail(Check("m: [[1, 1], [4]]\n", "m:\n- [1]\n- [3]\n"), "/m/1/");
        var shorter = Check("m: [[1]]\n", "m:\n- [1]\n- [3]\n");
        AssertFail(shorter, "");
        Assert.Contains("array length mismatch", shorter.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Structure_mismatches_fail()
    {
        var emptyList = Check("spec:\n  containers:\n  - name: a\n", "spec:\n  containers: []\n");
        AssertFail(emptyList, "/spec/containers/");
        Assert.Equal("pattern Array empty", emptyList.Message);
        var notAMap = Check("spec: text\n", "spec:\n  a: 1\n");
        AssertFail(notAMap, "/spec/");
        Assert.Contains("different structures", notAMap.Message, StringComparison.Ordinal);
        AssertFail(Check("spec:\n  containers:\n    name: a\n", "spec:\n  containers:\n  - name: a\n"), "/spec/containers/");
        AssertFail(PatternValidator.Validate(null, Json.Yaml("a: 1")), "/");
        AssertPass(PatternValidator.Validate(null, JValue.CreateNull()));
        AssertPass(PatternValidator.Validate(new JValue("x"), new JValue("?*")));
    }

    [Fact]
    public void A_failure_is_reported_without_a_path_when_an_anchor_key_was_never_found()
    {
        const string pattern = "spec:\n  ^(tolerations):\n  - key: dedicated\nmetadata:\n  labels:\n    team: \"?*\"\n";
        var result = Check("metadata:\n  name: p\n  labels:\n    app: a\nspec:\n  containers: []\n", pattern);
        AssertFail(result, "");
        Assert.Contains("/metadata/labels/team/", result.Message, StringComparison.Ordinal);
        AssertFail(Check("metadata:\n  labels:\n    app: a\nspec:\n  tolerations:\n  - key: dedicated\n", pattern), "/metadata/labels/team/");
    }

    [Fact]
    public void Anchored_keys_are_evaluated_before_plain_keys()
    {
        // the condition is evaluated first whatever the key order, so the failing image never fails the rule
        AssertSkip(Check("spec:\n  image: redis\n  name: b\n", "spec:\n  image: nginx\n  (name): a\n"));
        AssertSkip(Check("spec:\n  image: redis\n  name: b\n", "spec:\n  (name): a\n  image: nginx\n"));
    }

    [Fact]
    public void Add_if_not_present_anchors_are_ignored()
    {
        AssertPass(Check("metadata:\n  labels:\n    team: a\n", "metadata:\n  labels:\n    +(app): web\n    team: a\n"));
        AssertPass(Check("metadata:\n  labels:\n    team: a\n", "metadata:\n  labels:\n    +(app): web\n"));
    }

    [Fact]
    public void Pattern_problems_kyverno_rejects_at_load_time_are_found()
    {
        Assert.Null(PatternValidator.FindPatternError(Json.Yaml(DisallowPrivileged)));
        Assert.Null(PatternValidator.FindPatternError(Json.Yaml(AtLeastOneNginx)));
        Assert.Equal("/metadata/labels/+(app): unsupported anchor +(app) in a validate pattern",
            PatternValidator.FindPatternError(Json.Yaml("metadata:\n  labels:\n    +(app): web\n")));
        Assert.Equal("/spec/^(containers): an existence anchor needs a non-empty list as its value",
            PatternValidator.FindPatternError(Json.Yaml("spec:\n  ^(containers):\n    image: x\n")));
        Assert.NotNull(PatternValidator.FindPatternError(Json.Yaml("spec:\n  list:\n  - ^(containers): []\n")));
        Assert.NotNull(PatternValidator.FindPatternError(Nested(PatternValidator.MaxDepth + 1)));
        Assert.Throws<ArgumentNullException>(() => PatternValidator.FindPatternError(null!));
    }

    [Fact]
    public void Anchor_keys_parse_like_kyverno()
    {
        Assert.Equal(new Anchor(AnchorKind.Condition, "name"), Anchor.Parse("(name)"));
        Assert.Equal(new Anchor(AnchorKind.Equality, "securityContext"), Anchor.Parse("=(securityContext)"));
        Assert.Equal(new Anchor(AnchorKind.Negation, "hostPath"), Anchor.Parse("X(hostPath)"));
        Assert.Equal(new Anchor(AnchorKind.Existence, "containers"), Anchor.Parse("^(containers)"));
        Assert.Equal(new Anchor(AnchorKind.Global, "image"), Anchor.Parse("<(image)"));
        Assert.Equal(new Anchor(AnchorKind.AddIfNotPresent, "app"), Anchor.Parse("+(app)"));
        Assert.Equal(new Anchor(AnchorKind.None, "()"), Anchor.Parse("()"));
        Assert.Equal(new Anchor(AnchorKind.None, "=()"), Anchor.Parse("=()"));
        Assert.Equal(new Anchor(AnchorKind.None, "Y(a)"), Anchor.Parse("Y(a)"));
        Assert.Equal(new Anchor(AnchorKind.None, "name"), Anchor.Parse("name"));
        Assert.Equal(new Anchor(AnchorKind.None, "(a"), Anchor.Parse("(a"));
        Assert.Equal("=(a/b)", Anchor.Parse("=(x)").Format("a/b"));
        Assert.Equal("a", Anchor.Parse("a").Format("a"));
    }

    private static JToken Nested(int depth)
    {
        JToken node = new JValue("x");
        for (var i = 0; i < depth; i++) node = new JObject { ["a"] = node };
        return node;
    }

    [Fact]
    public void Deep_patterns_are_refused_with_a_clear_error()
    {
        var resource = Nested(PatternValidator.MaxDepth);
        AssertPass(PatternValidator.Validate(resource, Nested(PatternValidator.MaxDepth)));
        Assert.Throws<PatternException>(() => PatternValidator.Validate(resource, Nested(PatternValidator.MaxDepth + 1)));
        var hostile = Nested(100_000);
        var error = Assert.Throws<PatternException>(() => PatternValidator.Validate(hostile, hostile));
        Assert.Contains("nested deeper", error.Message, StringComparison.Ordinal);
        Assert.Throws<PatternException>(() => PatternValidator.ValidateAny(hostile, [hostile]));
    }

    [Fact]
    public void Deep_resources_under_shallow_patterns_are_fine()
    {
        var deep = Nested(100_000);
        var list = new JArray();
        JToken inner = list;
        for (var i = 0; i < 100_000; i++)
        {
            var next = new JArray();
            ((JArray)inner).Add(next);
            inner = next;
        }
        // one holder each: adding a token that already has a parent would make Newtonsoft clone it (recursively)
        var deepHolder = new JObject { ["a"] = deep };
        AssertFail(PatternValidator.Validate(deepHolder, Json.Yaml("a: \"?*\"")), "/a/");
        var onList = PatternValidator.Validate(new JObject { ["a"] = list }, Json.Yaml("a: \"?*\""));
        AssertFail(onList, "/a/");
        Assert.True(onList.Message.Length < 200);
        AssertPass(PatternValidator.Validate(deepHolder, Json.Yaml("a:\n  a:\n    a: {}\n")));
        AssertPass(PatternValidator.Validate(deepHolder, Json.Yaml("a: \"*\"")));
    }

    [Fact]
    public void Wide_resources_and_patterns_finish()
    {
        var containers = new JArray(Enumerable.Range(0, 20_000).Select(i => new JObject { ["name"] = "c" + i, ["image"] = "nginx:1." + i }));
        var pod = new JObject { ["spec"] = new JObject { ["containers"] = containers } };
        AssertPass(PatternValidator.Validate(pod, Json.Yaml("spec:\n  containers:\n  - image: \"*:*\"\n")));
        AssertSkip(PatternValidator.Validate(pod, Json.Yaml(ImagePullPolicyAlways)));
        var labels = new JObject(Enumerable.Range(0, 5_000).Select(i => new JProperty("example.com/k" + i, "v")));
        var wide = new JObject { ["metadata"] = new JObject { ["labels"] = labels } };
        AssertPass(PatternValidator.Validate(wide, Json.Yaml("metadata:\n  labels:\n    example.com/*: \"?*\"\n")));
    }
}
