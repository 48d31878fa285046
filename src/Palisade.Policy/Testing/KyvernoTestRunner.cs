using Newtonsoft.Json.Linq;
using Palisade.Policy.Documents;
using Palisade.Policy.Engine;
using Palisade.Policy.Matching;
using Palisade.Policy.Model;

namespace Palisade.Policy.Testing;

/// <summary>One checked expectation: what the test expects and what the engine said.</summary>
/// <param name="Actual">The engine's result word, or "none" when the rule did not apply to the resource at all.</param>
/// <param name="Skipped">Why the expectation was not checked (a policy type Palisade does not evaluate yet), or null.</param>
public sealed record TestOutcome(string Policy, string? Rule, string Kind, string Resource, string Expected, string Actual, bool Ok, string? Skipped, string Detail);

/// <summary>The outcomes of one kyverno-test.yaml, or the error that stopped it.</summary>
public sealed record TestRun(string Path, string Name, IReadOnlyList<TestOutcome> Outcomes, string? Error)
{
    public int Passed => Outcomes.Count(o => o.Skipped is null && o.Ok);

    public int Failed => Outcomes.Count(o => o.Skipped is null && !o.Ok) + (Error is null ? 0 : 1);

    public int Skipped => Outcomes.Count(o => o.Skipped is not null);
}

/// <summary>
/// Runs kyverno-test.yaml files the way the Kyverno CLI's <c>test</c> command does: every policy against every
/// resource (values and userinfo applied), then each expected result compared with the engine's result for that
/// policy, rule, kind and resource; for mutate rules the mutated resource is compared with the patched resource file.
/// </summary>
public static class KyvernoTestRunner
{
    public static TestRun Run(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        KyvernoTestFile test;
        try
        {
            test = KyvernoTestFile.Read(path);
        }
        catch (PolicyDocumentException e)
        {
            return new TestRun(path, System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(path)) ?? path, [], e.Message);
        }
        try
        {
            return Run(test);
        }
        catch (PolicyDocumentException e)
        {
            return new TestRun(path, test.Name, [], e.Message);
        }
    }

    public static TestRun Run(KyvernoTestFile test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var policies = PolicyLoader.Load(test.Policies);
        if (policies.Errors.Count > 0) return new TestRun(test.Path, test.Name, [], string.Join("; ", policies.Errors));
        var resources = test.Resources.SelectMany(ReadResources).ToList();
        var values = test.Variables is null ? ValuesFile.Empty : ValuesFile.Read(test.Variables);
        var admission = test.UserInfo is null ? AdmissionInfo.Default : UserInfoFile.Read(test.UserInfo);
        var results = new List<RuleResult>();
        foreach (var resource in resources)
        {
            var request = RequestFor(resource, values, admission);
            results.AddRange(PolicyEngine.Apply(policies.Policies, request));
        }
        var outcomes = new List<TestOutcome>();
        foreach (var e in test.Results)
        {
            foreach (var resourceName in e.Resources)
                outcomes.Add(Check(e, resourceName, policies, results, resources));
        }
        return new TestRun(test.Path, test.Name, outcomes, null);
    }

    /// <summary>
    /// The admission request the Kyverno CLI simulates for a resource: the requester, the namespace's labels from the
    /// values file (a Namespace's own), and the values for each policy rule.
    /// </summary>
    public static EngineRequest RequestFor(JObject resource, ValuesFile values, AdmissionInfo admission)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(values);
        var name = (string?)resource["metadata"]?["name"] ?? "";
        var ns = (string?)resource["metadata"]?["namespace"];
        return new EngineRequest(resource)
        {
            Admission = admission,
            NamespaceLabels = ns is not null && values.NamespaceLabels.TryGetValue(ns, out var labels) ? labels
                : (string?)resource["kind"] == "Namespace" && values.NamespaceLabels.TryGetValue(name, out var own) ? own : null,
            Values = (policy, rule) => MergeValues(values, policy, rule, name),
        };
    }

    /// <summary>The values for one policy rule and resource: global, then the rule's, then the resource's (later ones win).</summary>
    public static JObject? MergeValues(ValuesFile values, string policy, string rule, string resource)
    {
        ArgumentNullException.ThrowIfNull(values);
        JObject? merged = null;
        foreach (var part in new[]
        {
            values.Global.HasValues ? values.Global : null,
            values.RuleValues.GetValueOrDefault((policy, rule)),
            values.ResourceValues.GetValueOrDefault((policy, resource)),
        })
        {
            if (part is null) continue;
            merged ??= [];
            foreach (var p in part.Properties()) merged[p.Name] = p.Value.DeepClone();
        }
        return merged;
    }

    /// <summary>
    /// Every object of a resource file (a List's items too), with <c>metadata.namespace</c> set to "default" on
    /// namespaced objects that have none, as <c>kubectl apply</c> (and the Kyverno CLI) would place them.
    /// </summary>
    public static IEnumerable<JObject> ReadResources(string file)
    {
        foreach (var doc in PolicyDocuments.ReadFile(file))
        {
            if (doc is not JObject obj) continue;
            if ((string?)obj["kind"] is { } kind && kind.EndsWith("List", StringComparison.Ordinal) && obj["items"] is JArray items)
            {
                foreach (var item in items.OfType<JObject>()) yield return DefaultNamespace(item);
            }
            else
            {
                yield return DefaultNamespace(obj);
            }
        }
    }

    private static JObject DefaultNamespace(JObject obj)
    {
        var apiVersion = (string?)obj["apiVersion"] ?? "";
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        if (obj["metadata"] is JObject metadata && metadata["namespace"] is null or { Type: JTokenType.Null } &&
            !Kubernetes.Manifests.KubernetesObject.IsClusterScopedKind(group, (string?)obj["kind"] ?? ""))
            metadata["namespace"] = "default";
        return obj;
    }

    private static TestOutcome Check(TestExpectation e, string resourceName, PolicySet policies, List<RuleResult> results, List<JObject> resources)
    {
        string? ns = null;
        var name = resourceName;
        var slash = resourceName.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            ns = resourceName[..slash];
            name = resourceName[(slash + 1)..];
        }
        // Entries flagged isValidatingPolicy, isGeneratingPolicy ... name CEL and other policy types; isMutatingPolicy
        // entries that name a ClusterPolicy are classic mutate rules, which Palisade runs.
        if (e.PolicyType is { } type && (type != "isMutatingPolicy" || policies.Find(e.Policy) is null))
            return new TestOutcome(e.Policy, e.Rule, e.Kind, resourceName, e.Result, "-", false, $"policies flagged {type} are not supported yet", "");
        var policy = policies.Find(e.Policy);
        if (policy is null)
        {
            var unsupported = policies.Unsupported.FirstOrDefault(u => u.Name == e.Policy);
            return unsupported is not null
                ? new TestOutcome(e.Policy, e.Rule, e.Kind, resourceName, e.Result, "-", false, unsupported.Reason, "")
                : new TestOutcome(e.Policy, e.Rule, e.Kind, resourceName, e.Result, "none", false, null, $"no policy named {e.Policy} in the test's policy files");
        }
        var rule = e.Rule ?? "";
        // Legacy expectations name auto-generated rules "autogen-RULE" / "autogen-cronjob-RULE".
        foreach (var prefix in new[] { "autogen-cronjob-", "autogen-" })
        {
            if (rule.StartsWith(prefix, StringComparison.Ordinal) && policy.Rules.All(r => r.Name != rule))
            {
                rule = rule[prefix.Length..];
                break;
            }
        }
        if (policy.Rules.FirstOrDefault(r => r.Name == rule) is { Type: RuleType.Generate or RuleType.VerifyImages } unsupportedRule)
            return new TestOutcome(e.Policy, e.Rule, e.Kind, resourceName, e.Result, "-", false,
                unsupportedRule.Type == RuleType.Generate ? "generate rules are not supported yet" : "verifyImages rules are not supported yet", "");
        var found = results.Where(r => r.Policy == policy && (e.Rule is null || r.Rule.Name == rule) && r.ResourceKind == e.Kind && r.ResourceName == name &&
            (ns is null || r.ResourceNamespace == ns || (r.ResourceNamespace.Length == 0 && ns == "default"))).ToList();
        if (found.Count == 0)
        {
            // A rule that does not apply to a resource gives Kyverno's CLI nothing to report; a "skip" expectation is met.
            var ok = e.Result == "skip";
            var exists = resources.Any(r => (string?)r["kind"] == e.Kind && (string?)r["metadata"]?["name"] == name);
            return new TestOutcome(e.Policy, e.Rule, e.Kind, resourceName, e.Result, "none", ok, null,
                exists ? "the rule did not apply to the resource" : $"no {e.Kind} named {resourceName} in the test's resources");
        }
        // One rule may give several results for one resource (several foreach entries): fail wins, then pass, then skip.
        var actual = found.Any(r => r.Status == RuleStatus.Fail) ? found.First(r => r.Status == RuleStatus.Fail)
            : found.FirstOrDefault(r => r.Status == RuleStatus.Error) ?? found.FirstOrDefault(r => r.Status == RuleStatus.Pass) ?? found[0];
        var word = Word(actual.Status);
        var detail = actual.Message;
        // A mutate rule that applied passes only if it produced the expected patched resource; otherwise the Kyverno
        // CLI reports it as failed (so a test may expect "fail" for a patch that must not produce that resource).
        if (e.PatchedResource is not null && actual.Rule.Type == RuleType.Mutate && actual.Status == RuleStatus.Pass)
        {
            var expected = ReadResources(e.PatchedResource).FirstOrDefault(r => (string?)r["kind"] == e.Kind && (string?)r["metadata"]?["name"] == name);
            // The expected file holds the resource after all of the policy's rules, as the Kyverno CLI compares it.
            var patched = results.LastOrDefault(r => r.Policy == policy && r.Patched is not null && r.ResourceKind == e.Kind && r.ResourceName == name &&
                (ns is null || r.ResourceNamespace == ns))?.Patched ?? actual.Resource;
            if (expected is null)
            {
                word = "fail";
                detail = $"{e.PatchedResource} has no {e.Kind} {name}";
            }
            else if (!JToken.DeepEquals(Normalize(expected), Normalize(patched)))
            {
                word = "fail";
                detail = "the mutated resource differs from " + System.IO.Path.GetFileName(e.PatchedResource) + ": " + FirstDifference(Normalize(expected), Normalize(patched), "");
            }
        }
        return new TestOutcome(e.Policy, e.Rule, e.Kind, resourceName, e.Result, word, word == e.Result, null, detail);
    }

    /// <summary>
    /// The form a patched file and a mutated resource are compared in, as the API server would store them: numbers by
    /// value (1 and 1.0 alike), and null values and empty maps and lists left out.
    /// </summary>
    private static JToken Normalize(JToken token) => token switch
    {
        JObject o => new JObject(o.Properties().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new JProperty(p.Name, Normalize(p.Value))).Where(p => !IsEmpty(p.Value))),
        JArray a => new JArray(a.Select(Normalize)),
        JValue { Type: JTokenType.Integer } v => new JValue(Convert.ToDouble(v.Value, System.Globalization.CultureInfo.InvariantCulture)),
        _ => token.DeepClone(),
    };

    private static bool IsEmpty(JToken t) => t.Type == JTokenType.Null || (t is JObject { Count: 0 }) || (t is JArray { Count: 0 });

    /// <summary>Where two JSON trees first differ, as a path with both values.</summary>
    private static string FirstDifference(JToken expected, JToken actual, string path)
    {
        if (expected is JObject eo && actual is JObject ao)
        {
            foreach (var p in eo.Properties())
            {
                if (ao[p.Name] is not { } av) return $"{path}/{p.Name} missing";
                if (!JToken.DeepEquals(p.Value, av)) return FirstDifference(p.Value, av, path + "/" + p.Name);
            }
            var extra = ao.Properties().FirstOrDefault(p => eo[p.Name] is null);
            return extra is null ? path : $"{path}/{extra.Name} not expected";
        }
        if (expected is JArray ea && actual is JArray aa)
        {
            if (ea.Count != aa.Count) return $"{path}: {aa.Count} items, expected {ea.Count}";
            for (var i = 0; i < ea.Count; i++)
                if (!JToken.DeepEquals(ea[i], aa[i])) return FirstDifference(ea[i], aa[i], $"{path}/{i}");
            return path;
        }
        return $"{path}: {actual.ToString(Newtonsoft.Json.Formatting.None)}, expected {expected.ToString(Newtonsoft.Json.Formatting.None)}";
    }

    public static string Word(RuleStatus status) => status switch
    {
        RuleStatus.Pass => "pass",
        RuleStatus.Fail => "fail",
        RuleStatus.Skip => "skip",
        RuleStatus.Warn => "warn",
        _ => "error",
    };
}
