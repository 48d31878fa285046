using Newtonsoft.Json.Linq;
using Palisade.Policy.Autogen;
using Palisade.Policy.Documents;
using Palisade.Policy.Engine;
using Palisade.Policy.Matching;
using Palisade.Policy.Model;

namespace Palisade.Policy.Tests.Engine;

/// <summary>Match and exclude blocks, kind selectors, autogen and policy loading.</summary>
public sealed class MatchAndAutogenTests
{
    private static JObject Yaml(string text) => (JObject)PolicyDocuments.ReadAll(text, "t.yaml")[0];

    private static readonly JObject Pod = Yaml("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: web-1
          namespace: shop
          labels: {app: web, tier: front}
          annotations: {owner: team-a}
        spec:
          containers: [{name: app, image: nginx}]
        """);

    private static MatchTarget Target(JObject? resource = null, AdmissionInfo? who = null, IReadOnlyDictionary<string, string>? nsLabels = null, string? sub = null) =>
        new(resource ?? Pod, who ?? AdmissionInfo.Default, nsLabels, sub);

    [Theory]
    [InlineData("Pod", "v1", "Pod", null, true)]
    [InlineData("v1/Pod", "v1", "Pod", null, true)]
    [InlineData("apps/v1/Deployment", "apps/v1", "Deployment", null, true)]
    [InlineData("apps/*/Deployment", "apps/v1", "Deployment", null, true)]
    [InlineData("batch/*/CronJob", "apps/v1", "CronJob", null, false)]
    [InlineData("Pod", "v1", "Pod", "exec", false)]
    [InlineData("Pod/exec", "v1", "Pod", "exec", true)]
    [InlineData("Pod/exec", "v1", "Pod", null, false)]
    [InlineData("Pod/*", "v1", "Pod", "status", true)]
    [InlineData("*", "rbac.authorization.k8s.io/v1", "ClusterRole", null, true)]
    [InlineData("Pod", "v1", "PodTemplate", null, false)]
    public void Kind_selectors_match_group_version_kind_and_subresource(string selector, string apiVersion, string kind, string? sub, bool expected) =>
        Assert.Equal(expected, KindSelector.Parse(selector).Matches(apiVersion, kind, sub));

    [Theory]
    [InlineData("any: [{resources: {kinds: [Pod]}}]", true)]
    [InlineData("any: [{resources: {kinds: [Deployment]}}, {resources: {kinds: [Pod]}}]", true)]
    [InlineData("all: [{resources: {kinds: [Pod]}}, {resources: {namespaces: [prod]}}]", false)]
    [InlineData("all: [{resources: {kinds: [Pod]}}, {resources: {namespaces: [sh*]}}]", true)]
    [InlineData("resources: {kinds: [Pod], names: [web-?]}", true)]
    [InlineData("resources: {kinds: [Pod], names: [api-*]}", false)]
    [InlineData("resources: {kinds: [Pod], annotations: {owner: team-*}}", true)]
    [InlineData("resources: {kinds: [Pod], annotations: {owner: team-b}}", false)]
    [InlineData("resources: {kinds: [Pod], selector: {matchLabels: {app: w*}}}", true)]
    [InlineData("resources: {kinds: [Pod], selector: {matchExpressions: [{key: tier, operator: In, values: [back]}]}}", false)]
    [InlineData("resources: {kinds: [Pod], selector: {matchExpressions: [{key: env, operator: DoesNotExist}]}}", true)]
    [InlineData("resources: {kinds: [Pod], operations: [UPDATE]}", false)]
    [InlineData("resources: {kinds: [Pod], operations: [CREATE, UPDATE]}", true)]
    [InlineData("resources: {kinds: [Pod], namespaceSelector: {matchLabels: {env: prod}}}", false)]
    [InlineData("{}", false)]
    public void Match_blocks_follow_kyvernos_any_all_and_filter_semantics(string block, bool expected) =>
        Assert.Equal(expected, ResourceMatcher.Matches(Yaml("m: " + (block.StartsWith('{') ? block : "\n  " + block.Replace("\n", "\n  ", StringComparison.Ordinal)))["m"], Target()));

    [Fact]
    public void Namespace_selectors_need_the_namespaces_labels()
    {
        var block = Yaml("resources: {kinds: [Pod], namespaceSelector: {matchLabels: {env: prod}}}");
        Assert.True(ResourceMatcher.Matches(block, Target(nsLabels: new Dictionary<string, string> { ["env"] = "prod" })));
        Assert.False(ResourceMatcher.Matches(block, Target(nsLabels: new Dictionary<string, string> { ["env"] = "dev" })));
    }

    [Fact]
    public void Subjects_roles_and_cluster_roles_match_the_requester()
    {
        var who = new AdmissionInfo { Username = "system:serviceaccount:ci:deployer", Groups = ["system:serviceaccounts"], ClusterRoles = ["admin"], Roles = ["shop:editor"] };
        Assert.True(ResourceMatcher.Matches(Yaml("subjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]"), Target(who: who)));
        Assert.False(ResourceMatcher.Matches(Yaml("subjects: [{kind: ServiceAccount, name: deployer, namespace: prod}]"), Target(who: who)));
        Assert.True(ResourceMatcher.Matches(Yaml("subjects: [{kind: Group, name: 'system:*'}]"), Target(who: who)));
        Assert.True(ResourceMatcher.Matches(Yaml("clusterRoles: [admin]"), Target(who: who)));
        Assert.True(ResourceMatcher.Matches(Yaml("roles: ['shop:editor']"), Target(who: who)));
        Assert.False(ResourceMatcher.Matches(Yaml("roles: ['prod:editor']"), Target(who: who)));
    }

    [Fact]
    public void A_namespace_object_is_matched_as_being_in_itself()
    {
        var ns = Yaml("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n");
        Assert.True(ResourceMatcher.Matches(Yaml("resources: {kinds: [Namespace], namespaces: [shop]}"), Target(ns)));
    }

    private static KyvernoPolicy Policy(string rules, string annotations = "{}") =>
        PolicyLoader.Parse(Yaml($"apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: p\n  annotations: {annotations}\nspec:\n  rules:\n{rules}"), "p.yaml");

    private const string PodRule = """
          - name: r
            match: {any: [{resources: {kinds: [Pod]}}]}
            validate:
              message: "m {{request.object.metadata.name}}"
              pattern: {spec: {containers: [{image: "!*:latest"}]}}
        """;

    [Fact]
    public void Autogen_adds_rules_for_template_controllers_and_cronjobs()
    {
        var rules = Autogen.Autogen.Expand(Policy(PodRule));
        Assert.Equal(3, rules.Count);
        var controllers = rules[1];
        Assert.Equal("autogen-r", controllers.AutogenFor);
        Assert.Equal("r", controllers.Name);  // results name the original rule
        Assert.Equal(["DaemonSet", "Deployment", "Job", "StatefulSet", "ReplicaSet", "ReplicationController"],
            ResourceMatcher.Strings(controllers.Match!["any"]![0]!["resources"]!["kinds"]));
        Assert.Equal("!*:latest", (string?)controllers.Body!.SelectToken("pattern.spec.template.spec.containers[0].image"));
        Assert.Equal("m {{request.object.spec.template.metadata.name}}", (string?)controllers.Body!["message"]);
        var cron = rules[2];
        Assert.Equal("autogen-cronjob-r", cron.AutogenFor);
        Assert.NotNull(cron.Body!.SelectToken("pattern.spec.jobTemplate.spec.template.spec.containers"));
    }

    [Theory]
    [InlineData("{pod-policies.kyverno.io/autogen-controllers: none}", 1)]
    [InlineData("{pod-policies.kyverno.io/autogen-controllers: Deployment}", 2)]
    [InlineData("{pod-policies.kyverno.io/autogen-controllers: 'Deployment,CronJob'}", 3)]
    public void The_annotation_limits_or_turns_off_autogen(string annotations, int count) =>
        Assert.Equal(count, Autogen.Autogen.Expand(Policy(PodRule, annotations)).Count);

    [Theory]
    [InlineData("match: {any: [{resources: {kinds: [Pod, Deployment]}}]}")]
    [InlineData("match: {any: [{resources: {kinds: [Pod], names: [web]}}]}")]
    [InlineData("match: {any: [{resources: {kinds: [Pod], selector: {matchLabels: {a: b}}}}]}")]
    [InlineData("match: {any: [{resources: {kinds: [Service]}}]}")]
    public void Rules_that_name_or_select_resources_or_mix_kinds_get_no_autogen(string match)
    {
        var rule = $"  - name: r\n    {match}\n    validate: {{pattern: {{spec: {{}}}}}}\n";
        Assert.Single(Autogen.Autogen.Expand(Policy(rule)));
    }

    [Fact]
    public void Namespaced_policies_only_see_their_namespace()
    {
        var policy = PolicyLoader.Parse(Yaml($"apiVersion: kyverno.io/v1\nkind: Policy\nmetadata: {{name: p, namespace: other}}\nspec:\n  rules:\n{PodRule}"), "p.yaml");
        Assert.Equal("other/p", policy.Key);
        Assert.Empty(PolicyEngine.Apply(policy, new EngineRequest(Pod)));
        var here = PolicyLoader.Parse(Yaml($"apiVersion: kyverno.io/v1\nkind: Policy\nmetadata: {{name: p, namespace: shop}}\nspec:\n  rules:\n{PodRule}"), "p.yaml");
        Assert.Equal(RuleStatus.Pass, Assert.Single(PolicyEngine.Apply(here, new EngineRequest(Pod))).Status);
    }

    [Fact]
    public void Failure_actions_come_from_the_policy_or_the_rule()
    {
        var policy = PolicyLoader.Parse(Yaml("""
            apiVersion: kyverno.io/v1
            kind: ClusterPolicy
            metadata: {name: p}
            spec:
              validationFailureAction: enforce
              rules:
              - name: a
                match: {any: [{resources: {kinds: [Pod]}}]}
                validate: {pattern: {metadata: {labels: {missing: "?*"}}}}
              - name: b
                match: {any: [{resources: {kinds: [Pod]}}]}
                validate: {failureAction: Audit, pattern: {metadata: {labels: {missing: "?*"}}}}
            """), "p.yaml");
        var results = PolicyEngine.Apply(policy, new EngineRequest(Pod));
        Assert.Equal([true, false], results.Select(r => r.Blocks));
    }

    [Fact]
    public void Unresolvable_variables_are_errors_not_crashes()
    {
        var policy = Policy("""
              - name: r
                match: {any: [{resources: {kinds: [Pod]}}]}
                context:
                - name: cm
                  configMap: {name: settings, namespace: default}
                validate: {deny: {conditions: {any: [{key: "{{cm.data.x}}", operator: Equals, value: "y"}]}}}
            """);
        var result = Assert.Single(PolicyEngine.Apply(policy, new EngineRequest(Pod)));
        Assert.Equal(RuleStatus.Error, result.Status);
        Assert.Contains("values file", result.Message, StringComparison.Ordinal);
        var supplied = PolicyEngine.Apply(policy, new EngineRequest(Pod) { Values = (_, _) => new JObject { ["cm.data.x"] = "y" } });
        Assert.Equal(RuleStatus.Fail, Assert.Single(supplied).Status);
    }
}
