using System.Text.Json;
using Palisade.Cli.Tests.Infrastructure;

namespace Palisade.Cli.Tests;

/// <summary><c>palisade policy apply</c> and <c>palisade policy test</c>: verdicts, formats, exit codes, bad input.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class PolicyCliTests : IDisposable
{
    private const string Policy = """
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: require-team-label
          annotations:
            policies.kyverno.io/category: Best Practices
            policies.kyverno.io/severity: medium
        spec:
          validationFailureAction: ACTION
          rules:
          - name: check-team
            match:
              any:
              - resources:
                  kinds: [Pod]
            validate:
              message: "Pod {{request.object.metadata.name}} needs a team label."
              pattern:
                metadata:
                  labels:
                    team: "?*"
          - name: no-delete-protection-on-update
            match:
              any:
              - resources:
                  kinds: [Pod]
                  operations: [UPDATE]
            validate:
              message: "updates must keep the protected label"
              deny:
                conditions:
                  any:
                  - key: "{{ request.object.metadata.labels.protected || '' }}"
                    operator: NotEquals
                    value: "yes"
        """;

    private const string Resources = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: good
          labels: {team: payments, protected: "yes"}
        spec:
          containers: [{name: app, image: nginx:1.27}]
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: bad
        spec:
          containers: [{name: app, image: nginx:1.27}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            metadata:
              labels: {app: web}
            spec:
              containers: [{name: app, image: nginx:1.27}]
        """;

    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private (string Policy, string Resources) Files(string action = "Enforce") =>
        (_tree.Write("policy.yaml", Policy.Replace("ACTION", action, StringComparison.Ordinal)), _tree.Write("resources.yaml", Resources));

    [Fact]
    public void An_enforce_failure_exits_1_and_names_policy_rule_resource_and_message()
    {
        var (policy, resources) = Files();
        var r = Runner.Run("policy", "apply", "-p", policy, "-r", resources);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("FAIL  require-team-label/check-team  Pod default/bad", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Pod bad needs a team label.", r.Stdout, StringComparison.Ordinal);
        // The Pod rule applies to the Deployment's pod template too (autogen), which has no team label.
        Assert.Contains("FAIL  require-team-label/check-team  Deployment default/web", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("PASS  require-team-label/check-team  Pod default/good", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("no-delete-protection-on-update", r.Stdout, StringComparison.Ordinal);  // CREATE: the UPDATE rule does not match
    }

    [Fact]
    public void An_audit_failure_is_reported_but_exits_0()
    {
        var (policy, resources) = Files("Audit");
        var r = Runner.Run("policy", "apply", "-p", policy, "-r", resources);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("[Audit]", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_lists_every_result_with_a_summary()
    {
        var (policy, resources) = Files();
        var r = Runner.Run("policy", "apply", "-p", policy, "-r", resources, "--format", "json");
        using var doc = JsonDocument.Parse(r.Stdout);
        var results = doc.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        var bad = results.Single(x => x.GetProperty("resource").GetProperty("name").GetString() == "bad");
        Assert.Equal(("fail", "Enforce", "check-team"), (bad.GetProperty("result").GetString(), bad.GetProperty("action").GetString(), bad.GetProperty("rule").GetString()));
        Assert.Equal(2, doc.RootElement.GetProperty("summary").GetProperty("fail").GetInt32());
        Assert.Equal(1, doc.RootElement.GetProperty("summary").GetProperty("pass").GetInt32());
    }

    [Fact]
    public void The_policy_report_is_a_wgpolicyk8s_ClusterPolicyReport()
    {
        var (policy, resources) = Files();
        var output = Path.Combine(_tree.Root, "report.json");
        var r = Runner.Run("policy", "apply", "-p", policy, "-r", resources, "--format", "policyreport", "-o", output);
        Assert.Equal(1, r.ExitCode);
        using var doc = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal("wgpolicyk8s.io/v1alpha2", doc.RootElement.GetProperty("apiVersion").GetString());
        Assert.Equal("ClusterPolicyReport", doc.RootElement.GetProperty("kind").GetString());
        var first = doc.RootElement.GetProperty("results")[0];
        Assert.Equal("Best Practices", first.GetProperty("category").GetString());
        Assert.Equal("medium", first.GetProperty("severity").GetString());
        Assert.Equal("Pod", first.GetProperty("resources")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public void A_values_file_turns_the_request_into_an_update()
    {
        var (policy, resources) = Files();
        var values = _tree.Write("values.yaml", """
            apiVersion: cli.kyverno.io/v1alpha1
            kind: Values
            globalValues:
              request.operation: UPDATE
            """);
        var r = Runner.Run("policy", "apply", "-p", policy, "-r", resources, "--values-file", values, "--format", "json");
        using var doc = JsonDocument.Parse(r.Stdout);
        var update = doc.RootElement.GetProperty("results").EnumerateArray().Where(x => x.GetProperty("rule").GetString() == "no-delete-protection-on-update").ToList();
        Assert.Equal("pass", update.Single(x => x.GetProperty("resource").GetProperty("name").GetString() == "good").GetProperty("result").GetString());
        Assert.Equal("fail", update.Single(x => x.GetProperty("resource").GetProperty("name").GetString() == "bad").GetProperty("result").GetString());
    }

    [Theory]
    [InlineData("apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: x}\nspec:\n  rules: [\n", "policy.yaml:")]
    [InlineData("apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: x}\nspec: {}\n", "has no rules")]
    [InlineData("apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: x}\nspec:\n  rules:\n  - match: {}\n", "a rule has no name")]
    public void A_broken_policy_is_an_input_error(string policy, string message)
    {
        var r = Runner.Run("policy", "apply", "-p", _tree.Write("policy.yaml", policy), "-r", _tree.Write("r.yaml", Resources));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_resources_unknown_format_and_missing_files_are_usage_errors()
    {
        var (policy, resources) = Files();
        Assert.Equal(2, Runner.Run("policy", "apply", "-p", policy).ExitCode);
        Assert.Equal(2, Runner.Run("policy", "apply", "-p", policy, "-r", resources, "--format", "xml").ExitCode);
        Assert.Equal(2, Runner.Run("policy", "apply", "-p", policy, "-r", Path.Combine(_tree.Root, "nope.yaml")).ExitCode);
        Assert.Equal(2, Runner.Run("policy", "apply", "-p", policy, "-r", _tree.Write("bad.yaml", "kind: [\n")).ExitCode);
        Assert.Equal(2, Runner.Run("policy", "test", Path.Combine(_tree.Root, "empty-dir-that-does-not-exist")).ExitCode);
    }

    [Fact]
    public void A_cel_policy_is_skipped_with_the_reason()
    {
        var (policy, resources) = Files();
        var cel = _tree.Write("cel.yaml", "apiVersion: policies.kyverno.io/v1alpha1\nkind: ValidatingPolicy\nmetadata: {name: cel}\nspec: {}\n");
        var r = Runner.Run("policy", "apply", "-p", policy, "-p", cel, "-r", resources);
        Assert.Contains("ValidatingPolicy cel skipped: CEL ValidatingPolicy is not supported yet", r.Stderr, StringComparison.Ordinal);
    }

    private string WriteTest(string results)
    {
        var (policy, resources) = Files();
        File.Copy(policy, Path.Combine(_tree.Root, "p.yaml"));
        File.Copy(resources, Path.Combine(_tree.Root, "r.yaml"));
        return _tree.Write(".kyverno-test/kyverno-test.yaml", $"""
            apiVersion: cli.kyverno.io/v1alpha1
            kind: Test
            metadata:
              name: team-label
            policies: [../p.yaml]
            resources: [../r.yaml]
            results:
            {results}
            """);
    }

    [Fact]
    public void Policy_test_runs_kyverno_test_files_and_reports_json()
    {
        WriteTest("""
            - policy: require-team-label
              rule: check-team
              kind: Pod
              resources: [bad]
              result: fail
            - policy: require-team-label
              rule: check-team
              kind: Pod
              resources: [good]
              result: pass
            - policy: require-team-label
              rule: autogen-check-team
              kind: Deployment
              resources: [web]
              result: fail
            - policy: some-cel-policy
              isValidatingPolicy: true
              kind: Pod
              resources: [good]
              result: pass
            """);
        var table = Runner.Run("policy", "test", _tree.Root);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("3 passed, 0 failed, 1 skipped (1 tests)", table.Stdout, StringComparison.Ordinal);
        var json = Runner.Run("policy", "test", _tree.Root, "--format", "json");
        using var doc = JsonDocument.Parse(json.Stdout);
        var test = doc.RootElement.GetProperty("tests")[0];
        Assert.EndsWith("kyverno-test.yaml", test.GetProperty("path").GetString(), StringComparison.Ordinal);
        var first = test.GetProperty("results")[0];
        foreach (var field in new[] { "policy", "rule", "kind", "resource", "expected", "actual", "ok" }) Assert.True(first.TryGetProperty(field, out _), field);
        Assert.Equal((3, 0, 1), (doc.RootElement.GetProperty("summary").GetProperty("passed").GetInt32(), doc.RootElement.GetProperty("summary").GetProperty("failed").GetInt32(),
            doc.RootElement.GetProperty("summary").GetProperty("skipped").GetInt32()));
    }

    [Fact]
    public void A_wrong_expectation_fails_the_test_run_with_exit_1()
    {
        WriteTest("""
            - policy: require-team-label
              rule: check-team
              kind: Pod
              resources: [bad]
              result: pass
            """);
        var r = Runner.Run("policy", "test", _tree.Root);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("FAIL require-team-label/check-team Pod bad: expected pass, got fail", r.Stdout, StringComparison.Ordinal);
    }
}
