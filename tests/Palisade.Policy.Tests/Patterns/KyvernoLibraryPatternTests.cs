using Newtonsoft.Json.Linq;
using Palisade.Policy.Documents;
using Palisade.Policy.Patterns;
using Xunit.Abstractions;

namespace Palisade.Policy.Tests.Patterns;

/// <summary>
/// Every pattern-only validate rule of the Kyverno policy library (../shared/conformance/kyverno-policies) checked
/// against the resources its kyverno-test.yaml names, with the library's expected pass/fail/skip. Only rules that
/// need nothing but patterns are taken: no variables, context, foreach, deny or exclude, preconditions at most on
/// the request operation; Pod rules are also checked on Pod controllers the way Kyverno's autogen wraps them.
/// </summary>
public sealed class KyvernoLibraryPatternTests(ITestOutputHelper output)
{
    private static readonly string[] TemplateControllers = ["Deployment", "DaemonSet", "StatefulSet", "Job", "ReplicaSet", "ReplicationController"];

    [Fact]
    public void Pattern_rules_of_the_policy_library_give_the_expected_results()
    {
        var library = LibraryRoot();
        var checkedCount = 0;
        var mismatches = new List<string>();
        foreach (var group in ReadExpectations(library).GroupBy(e => (e.TestFile, e.Policy, e.Rule)))
        {
            var testPath = Path.Combine(library, group.Key.TestFile);
            var test = PolicyDocuments.ReadFile(testPath).Single();
            var testDir = Path.GetDirectoryName(testPath)!;
            var rule = FindRule(test, testDir, group.Key.Policy, group.Key.Rule);
            if (rule is null || !IsPatternOnly(rule)) continue;
            var resources = (test["resources"] as JArray ?? []).SelectMany(p => PolicyDocuments.ReadFile(Path.Combine(testDir, (string)p!))).ToList();
            var kinds = rule.SelectTokens("match.*[*].resources.kinds[*]").Select(k => (string)k!).ToList();
            foreach (var expectation in group)
            {
                var resource = resources.FirstOrDefault(r => (string?)r["kind"] == expectation.Kind && Named(r, expectation.Resource));
                if (resource is null) continue;
                var patterns = Patterns(rule, kinds, expectation.Kind);
                if (patterns is null) continue;
                var actual = patterns.Count == 1
                    ? PatternValidator.Validate(resource, patterns[0]).Outcome
                    : PatternValidator.ValidateAny(resource, patterns).Outcome;
                checkedCount++;
                if (!string.Equals(actual.ToString(), expectation.Result, StringComparison.OrdinalIgnoreCase))
                {
                    mismatches.Add($"{expectation.Policy}/{expectation.Rule} {expectation.Kind}/{expectation.Resource}: expected {expectation.Result}, got {actual}");
                }
            }
        }
        output.WriteLine($"{checkedCount} expectations checked");
        foreach (var m in mismatches) output.WriteLine(m);
        Assert.Empty(mismatches);
        Assert.True(checkedCount > 500, $"only {checkedCount} expectations were checked");
    }

    private sealed record Expectation(string TestFile, string Policy, string Rule, string Kind, string Resource, string Result);

    private static IEnumerable<Expectation> ReadExpectations(string library) =>
        File.ReadLines(Path.Combine(library, "expected-results.jsonl"))
            .Select(JObject.Parse)
            .Where(e => e["rule"] is not null)
            .Select(e => new Expectation((string)e["test_file"]!, (string)e["policy"]!, (string)e["rule"]!, (string)e["kind"]!, (string)e["resource"]!, (string)e["result"]!));

    private static JObject? FindRule(JToken test, string testDir, string policy, string rule) =>
        (test["policies"] as JArray ?? [])
            .SelectMany(p => PolicyDocuments.ReadFile(Path.Combine(testDir, (string)p!)))
            .Where(d => (string?)d["kind"] is "ClusterPolicy" or "Policy" && (string?)d["metadata"]?["name"] == policy)
            .SelectMany(d => d["spec"]?["rules"] as JArray ?? [])
            .OfType<JObject>()
            .FirstOrDefault(r => (string?)r["name"] == rule);

    private static bool IsPatternOnly(JObject rule)
    {
        if (rule["validate"] is not JObject validate || rule["context"] is not null || rule["exclude"] is not null) return false;
        if (validate["pattern"] is null && validate["anyPattern"] is null) return false;
        if (validate.ToString().Contains("{{", StringComparison.Ordinal)) return false;
        if (rule["match"]?.SelectTokens("*[*].resources").Any(r => r.Children<JProperty>().Any(p => p.Name != "kinds")) != false) return false;
        var preconditions = rule["preconditions"];
        return preconditions is null || preconditions.SelectTokens("*[*].key").All(k => ((string?)k)?.Contains("request.operation", StringComparison.Ordinal) == true)
            && PreconditionsHoldOnCreate(preconditions);
    }

    /// <summary>The CLI evaluates as a CREATE request.</summary>
    private static bool PreconditionsHoldOnCreate(JToken preconditions)
    {
        bool Holds(JToken c) => ConditionOperators.Evaluate((string)c["operator"]!, "CREATE", c["value"]);
        var any = preconditions["any"] as JArray;
        var all = preconditions["all"] as JArray;
        return (any is null || any.Any(Holds)) && (all is null || all.All(Holds));
    }

    private static List<JToken>? Patterns(JObject rule, List<string> kinds, string kind)
    {
        var validate = rule["validate"]!;
        var patterns = validate["pattern"] is { } single ? [single] : ((JArray)validate["anyPattern"]!).ToList();
        if (kinds.Contains(kind)) return patterns;
        if (!kinds.Contains("Pod")) return null;
        if (TemplateControllers.Contains(kind)) return patterns.Select(p => (JToken)new JObject { ["spec"] = new JObject { ["template"] = p.DeepClone() } }).ToList();
        if (kind == "CronJob")
        {
            return patterns.Select(p => (JToken)new JObject
            {
                ["spec"] = new JObject { ["jobTemplate"] = new JObject { ["spec"] = new JObject { ["template"] = p.DeepClone() } } },
            }).ToList();
        }
        return null;
    }

    private static bool Named(JToken resource, string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return (string?)resource["metadata"]?["name"] == name;
        return (string?)resource["metadata"]?["namespace"] == name[..slash] && (string?)resource["metadata"]?["name"] == name[(slash + 1)..];
    }

    private static string LibraryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var library = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "conformance", "kyverno-policies"));
        Assert.True(Directory.Exists(library), $"missing {library}");
        return library;
    }
}
