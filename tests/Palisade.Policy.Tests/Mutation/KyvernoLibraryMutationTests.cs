using System.Text.RegularExpressions;
using DevLab.JmesPath;
using Newtonsoft.Json.Linq;
using Palisade.Policy.Documents;
using Palisade.Policy.Mutation;
using Palisade.Policy.Testing;
using Xunit.Abstractions;

namespace Palisade.Policy.Tests.Mutation;

/// <summary>
/// The real mutate cases of the Kyverno policy library (../shared/conformance/kyverno-policies): every kyverno-test.yaml
/// result with <c>patchedResources</c>. The policy's mutate rules are applied in order to the test resource and the
/// outcome compared with the expected file as the Kyverno CLI compares it (empty maps, empty lists and nulls tidied away
/// on both sides; a missing namespace read as "default"); <c>fail</c> results must differ, <c>pass</c> rules must change
/// the resource and <c>skip</c> rules must not.
/// <para>
/// This is a test of the patches, not of the engine: a small stand-in runs what surrounds them. It expands
/// <c>foreach</c> (JSON patches in ascending order, strategic merge patches in descending order unless <c>order</c> says
/// otherwise, as Kyverno does since kyverno/kyverno#7336), substitutes <c>{{ }}</c> with JMESPath over the request, the
/// element and the test's Values file, and takes the few things it cannot evaluate from <see cref="HandValues"/> and
/// <see cref="ElementPreconditions"/>. Rule-level preconditions are not evaluated: a result decided by one is listed in
/// <see cref="DecidedByPrecondition"/> and left out.
/// </para>
/// </summary>
public sealed class KyvernoLibraryMutationTests(ITestOutputHelper output)
{
    private static readonly string Library = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "conformance", "kyverno-policies"));

    /// <summary>Expressions using Kyverno-only JMESPath functions, valued by hand from the test's Values file.</summary>
    private static readonly Dictionary<string, JToken> HandValues = new(StringComparer.Ordinal)
    {
        // other/dns-policy-and-dns-config: values.yaml's ClusterConfiguration has "clusterName: mycluster".
        ["dictionary.data.ClusterConfiguration | parse_yaml(@).clusterName"] = "mycluster",
    };

    /// <summary>Foreach preconditions, written out by hand (policy/rule/foreach index, nested index after a dot).</summary>
    private static readonly Dictionary<string, Func<JObject, JToken, bool>> ElementPreconditions = new(StringComparer.Ordinal)
    {
        // key: SETFCAP / SETUID, operator: AnyNotIn, value: "{{ element.securityContext.capabilities.drop[] || `[]` }}"
        ["add-capabilities/add-setfcap-setuid/0"] = (_, e) => !Drops(e, "SETFCAP"),
        ["add-capabilities/add-setfcap-setuid/1"] = (_, e) => !Drops(e, "SETUID"),
        // key: hostPath, operator: AnyIn, value: "{{ element.keys(@) }}"
        ["remove-hostpath-volumes/remove-hostpath-all/0"] = (_, e) => e["hostPath"] is not null,
        // key: "{{element.name}}", operator: AnyIn, value: "{{ hostpathvolnames }}" (request.object.spec.volumes[?hostPath].name)
        ["remove-hostpath-volumes/remove-hostpath-all/1.0"] = (r, e) =>
            (r["spec"]?["volumes"] as JArray ?? []).Any(v => v["hostPath"] is not null && (string?)v["name"] == (string?)e["name"]),
    };

    /// <summary>Results whose outcome a rule-level precondition decides (the stand-in does not evaluate those).</summary>
    private static readonly Dictionary<string, string> DecidedByPrecondition = new(StringComparer.Ordinal)
    {
        ["add-imagepullsecrets-for-containers-and-initcontainers/myapp-pod-4"] =
            "skip because no image is from corp.reg.com (precondition over the built-in images variable)",
    };

    [Fact]
    public void The_library_mutate_results_are_reproduced()
    {
        var tests = KyvernoTestFile.Find([Library]).Select(KyvernoTestFile.Read).Where(t => t.Results.Any(r => r.PatchedResource is not null)).ToList();
        Assert.True(tests.Count >= 20, "too few mutate tests: is ../shared/conformance/kyverno-policies present?");
        int total = 0, reproduced = 0;
        var failures = new List<string>();
        foreach (var test in tests)
        {
            var policies = test.Policies.SelectMany(p => PolicyDocuments.ReadFile(p)).OfType<JObject>().ToList();
            var resources = test.Resources.SelectMany(p => PolicyDocuments.ReadFile(p)).OfType<JObject>().ToList();
            var values = test.Variables is null ? ValuesFile.Empty : ValuesFile.Read(test.Variables);
            foreach (var result in test.Results.Where(r => r.PatchedResource is not null))
            {
                foreach (var name in result.Resources)
                {
                    total++;
                    var label = $"{result.Policy}/{name}";
                    if (DecidedByPrecondition.TryGetValue(label, out var why))
                    {
                        output.WriteLine($"left out {label}: {why}");
                        continue;
                    }
                    var problem = Check(policies, resources, values, result, name);
                    if (problem is null) reproduced++;
                    else failures.Add($"{label} ({result.Rule}): {problem}");
                }
            }
        }
        output.WriteLine($"{reproduced}/{total} library mutate results reproduced");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        Assert.Equal(total - DecidedByPrecondition.Count, reproduced);
    }

    private static string? Check(List<JObject> policies, List<JObject> resources, ValuesFile values, TestExpectation result, string name)
    {
        var policy = policies.Single(p => (string?)p["metadata"]?["name"] == result.Policy.Split('/')[^1]);
        var resource = resources.Single(r => Named(r, name) && (string?)r["kind"] == result.Kind);
        var expected = PolicyDocuments.ReadFile(result.PatchedResource!).OfType<JObject>().Single();
        var changedByRule = new Dictionary<string, bool>(StringComparer.Ordinal);
        var patched = resource;
        foreach (var rule in (policy["spec"]?["rules"] as JArray ?? []).OfType<JObject>().Where(r => r["mutate"] is JObject))
        {
            var ruleName = (string?)rule["name"] ?? "";
            var context = Context(patched, values.RuleValues.TryGetValue((result.Policy, ruleName), out var v) ? v : null);
            var after = ApplyRule(patched, (JObject)rule["mutate"]!, context, $"{result.Policy}/{ruleName}");
            changedByRule[ruleName] = MutationResult.HasChanges(patched, after);
            patched = after;
        }
        var same = JsonEquality.Equal(Tidy(expected), Tidy(patched));
        if (result.Result == "fail") return same ? "expected a different patched resource" : null;
        if (!same) return $"patched resource differs\nexpected:\n{Tidy(expected)}\nactual:\n{Tidy(patched)}";
        if (result.Rule is { } r && changedByRule.TryGetValue(r, out var changed) && changed != (result.Result == "pass"))
            return $"rule status {(changed ? "pass" : "skip")}, expected {result.Result}";
        return null;
    }

    private static JObject ApplyRule(JObject resource, JObject mutate, JObject context, string rule)
    {
        if (mutate["foreach"] is JArray loops)
        {
            for (var i = 0; i < loops.Count; i++) resource = Foreach(resource, (JObject)loops[i], context, $"{rule}/{i}", []);
            return resource;
        }
        return ApplyPatch(resource, mutate, context);
    }

    private static JObject Foreach(JObject resource, JObject loop, JObject context, string id, List<int> indices)
    {
        var list = Evaluate(context, ((string?)loop["list"] ?? "").Trim()) as JArray ?? [];
        var descending = (string?)loop["order"] == "Descending" || (loop["order"] is null && loop["patchStrategicMerge"] is not null);
        var order = Enumerable.Range(0, list.Count);
        foreach (var i in descending ? order.Reverse() : order)
        {
            var element = list[i];
            if (ElementPreconditions.TryGetValue(id, out var holds) && !holds((JObject)context["request"]!["object"]!, element)) continue;
            var scope = (JObject)context.DeepClone();
            scope["element"] = element.DeepClone();
            scope["elementIndex"] = i;
            var levels = indices.Append(i).ToList();
            for (var level = 0; level < levels.Count; level++) scope[$"elementIndex{level}"] = levels[level];
            if (loop["foreach"] is JArray nested)
            {
                for (var n = 0; n < nested.Count; n++) resource = Foreach(resource, (JObject)nested[n], scope, $"{id}.{n}", levels);
            }
            else
            {
                resource = ApplyPatch(resource, loop, scope);
            }
        }
        return resource;
    }

    private static JObject ApplyPatch(JObject resource, JObject spec, JObject context)
    {
        if (spec["patchStrategicMerge"] is { } overlay) return StrategicMerge.Apply(resource, Substitute(overlay, context));
        if (spec["patchesJson6902"] is { Type: JTokenType.String } ops) return Json6902.Apply(resource, Interpolate((string)ops!, context));
        throw new InvalidOperationException("no patch in " + spec);
    }

    /// <summary>The variables the stand-in knows: request.object (the resource as the rule sees it) and the Values file's rule values.</summary>
    private static JObject Context(JObject resource, JObject? ruleValues)
    {
        var context = new JObject { ["request"] = new JObject { ["object"] = resource.DeepClone(), ["operation"] = "CREATE" } };
        foreach (var (key, value) in ruleValues ?? [])
        {
            var parts = key.Split('.');
            var at = context;
            foreach (var part in parts[..^1]) at = (JObject)(at[part] ??= new JObject());
            at[parts[^1]] = value?.DeepClone();
        }
        return context;
    }

    private static readonly Regex Variable = new(@"\{\{\s*(.*?)\s*\}\}", RegexOptions.Compiled, TimeSpan.FromSeconds(1));

    private static JToken Substitute(JToken token, JObject context) => token switch
    {
        JObject o => new JObject(o.Properties().Select(p => new JProperty(Interpolate(p.Name, context), Substitute(p.Value, context)))),
        JArray a => new JArray(a.Select(e => Substitute(e, context))),
        JValue { Type: JTokenType.String } s when Variable.Match((string)s!) is { Success: true } m && m.Length == ((string)s!).Length => Evaluate(context, m.Groups[1].Value),
        JValue { Type: JTokenType.String } s => Interpolate((string)s!, context),
        _ => token.DeepClone(),
    };

    private static string Interpolate(string text, JObject context) =>
        Variable.Replace(text, m => Evaluate(context, m.Groups[1].Value) is JValue { Type: JTokenType.String } s ? (string)s! : Evaluate(context, m.Groups[1].Value).ToString(Newtonsoft.Json.Formatting.None));

    private static JToken Evaluate(JObject context, string expression) =>
        HandValues.TryGetValue(expression, out var hand) ? hand : JToken.Parse(new JmesPath().Transform(context.ToString(Newtonsoft.Json.Formatting.None), expression));

    private static bool Drops(JToken container, string capability) =>
        (container["securityContext"]?["capabilities"]?["drop"] as JArray ?? []).Any(c => (string?)c == capability);

    private static bool Named(JObject resource, string name)
    {
        var parts = name.Split('/');
        var ns = (string?)resource["metadata"]?["namespace"] ?? "default";
        return (string?)resource["metadata"]?["name"] == parts[^1] && (parts.Length == 1 || parts[0] == ns);
    }

    /// <summary>What the Kyverno CLI compares: nulls, empty maps and empty lists removed; an object without a namespace is in "default".</summary>
    private static JToken Tidy(JObject resource)
    {
        var copy = (JObject)resource.DeepClone();
        if (copy["metadata"] is JObject meta && meta["namespace"] is null) meta["namespace"] = "default";
        return TidyToken(copy) ?? new JObject();
    }

    private static JToken? TidyToken(JToken token)
    {
        switch (token)
        {
            case JObject o:
                var map = new JObject();
                foreach (var p in o.Properties())
                    if (TidyToken(p.Value) is { } v) map[p.Name] = v;
                return map.Count == 0 ? null : map;
            case JArray a:
                var list = new JArray(a.Select(TidyToken).Where(v => v is not null));
                return list.Count == 0 ? null : list;
            default:
                return token.Type == JTokenType.Null ? null : token;
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find Palisade.sln above " + AppContext.BaseDirectory);
    }
}
