using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Palisade.Policy.Matching;
using Palisade.Policy.Model;

namespace Palisade.Policy.Autogen;

/// <summary>
/// Kyverno's auto-generated rules: a rule written only for Pods also applies to the pod templates of workload
/// controllers. Controllers come from the policy's <c>pod-policies.kyverno.io/autogen-controllers</c> annotation
/// (default DaemonSet, Deployment, Job, StatefulSet, ReplicaSet, ReplicationController and CronJob; <c>none</c> turns
/// it off). No rules are generated when the rule matches other kinds besides Pods, or its match/exclude names
/// resources or selects them by labels, or it is a mutate rule with JSON patches or a generate rule. The generated
/// rule is the original rewritten as Kyverno rewrites it: kinds replaced, patterns and strategic-merge patches
/// wrapped in <c>spec.template</c> (CronJob: <c>spec.jobTemplate.spec.template</c>), and variable paths
/// <c>request.object.spec</c> / <c>request.object.metadata</c> moved into the template.
/// </summary>
public static class Autogen
{
    public const string Annotation = "pod-policies.kyverno.io/autogen-controllers";

    /// <summary>Controllers whose pod template is at spec.template.</summary>
    public static IReadOnlyList<string> TemplateControllers { get; } = ["DaemonSet", "Deployment", "Job", "StatefulSet", "ReplicaSet", "ReplicationController"];

    /// <summary>The controllers a policy generates rules for.</summary>
    public static IReadOnlyList<string> Controllers(KyvernoPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!policy.Annotations.TryGetValue(Annotation, out var text)) return [.. TemplateControllers, "CronJob"];
        if (text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)) return [];
        var wanted = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (wanted.Any(w => w.Equals("all", StringComparison.OrdinalIgnoreCase))) return [.. TemplateControllers, "CronJob"];
        return [.. TemplateControllers.Concat(["CronJob"]).Where(c => wanted.Contains(c, StringComparer.OrdinalIgnoreCase))];
    }

    /// <summary>Whether rules may be generated from this rule.</summary>
    public static bool CanGenerate(PolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Type is not (RuleType.Validate or RuleType.Mutate)) return false;
        if (rule.Type == RuleType.Mutate && rule.Body?["patchesJson6902"] is not null) return false;
        var matchKinds = Filters(rule.Match).SelectMany(f => ResourceMatcher.Strings(f["resources"]?["kinds"])).ToList();
        if (matchKinds.Count == 0 || matchKinds.Any(k => KindSelector.Parse(k) is not { Kind: "Pod", Subresource: null })) return false;
        foreach (var f in Filters(rule.Match).Concat(Filters(rule.Exclude)))
        {
            if (f["resources"] is not JObject r) continue;
            if (r["name"] is { Type: JTokenType.String } || r["names"] is JArray { Count: > 0 } || r["selector"] is JObject) return false;
            if (ResourceMatcher.Strings(r["kinds"]).Any(k => KindSelector.Parse(k).Kind != "Pod")) return false;
        }
        return true;
    }

    /// <summary>The policy's rules followed by the rules generated from them (for template controllers, then for CronJob).</summary>
    public static IReadOnlyList<PolicyRule> Expand(KyvernoPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var controllers = Controllers(policy);
        var rules = new List<PolicyRule>(policy.Rules);
        if (controllers.Count == 0) return rules;
        var templates = controllers.Where(c => c != "CronJob").ToList();
        foreach (var rule in policy.Rules.Where(CanGenerate))
        {
            if (templates.Count > 0) rules.Add(Generate(rule, templates, cronJob: false));
            if (controllers.Contains("CronJob")) rules.Add(Generate(rule, ["CronJob"], cronJob: true));
        }
        return rules;
    }

    private static IEnumerable<JObject> Filters(JToken? block)
    {
        if (block is not JObject b) yield break;
        foreach (var key in new[] { "any", "all" })
            if (b[key] is JArray list)
                foreach (var f in list.OfType<JObject>()) yield return f;
        if (b["resources"] is not null || b["subjects"] is not null) yield return b;
    }

    private static PolicyRule Generate(PolicyRule rule, IReadOnlyList<string> kinds, bool cronJob)
    {
        // Kyverno rewrites the rule's JSON text: variable paths move into the pod template.
        var text = rule.Document.ToString(Formatting.None);
        var spec = cronJob ? "request.object.spec.jobTemplate.spec.template.spec" : "request.object.spec.template.spec";
        var meta = cronJob ? "request.object.spec.jobTemplate.spec.template.metadata" : "request.object.spec.template.metadata";
        text = text.Replace("request.object.spec", spec, StringComparison.Ordinal).Replace("request.object.metadata", meta, StringComparison.Ordinal)
            .Replace("request.oldObject.spec", spec.Replace("request.object", "request.oldObject", StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("request.oldObject.metadata", meta.Replace("request.object", "request.oldObject", StringComparison.Ordinal), StringComparison.Ordinal);
        var doc = JObject.Parse(text);
        doc["name"] = (cronJob ? "autogen-cronjob-" : "autogen-") + rule.Name;
        foreach (var block in new[] { doc["match"], doc["exclude"] })
            foreach (var f in Filters(block))
                if (f["resources"] is JObject r && r["kinds"] is not null)
                    r["kinds"] = new JArray(kinds);
        if (doc["validate"] is JObject validate)
        {
            if (validate["pattern"] is { } pattern) validate["pattern"] = Wrap(pattern, cronJob);
            if (validate["anyPattern"] is JArray any) validate["anyPattern"] = new JArray(any.Select(p => Wrap(p, cronJob)));
        }
        if (doc["mutate"] is JObject mutate)
        {
            if (mutate["patchStrategicMerge"] is { } patch) mutate["patchStrategicMerge"] = Wrap(patch, cronJob);
        }
        var body = (JToken?)doc["validate"] ?? doc["mutate"];
        return new PolicyRule
        {
            Name = rule.Name,
            Type = rule.Type,
            Match = doc["match"],
            Exclude = doc["exclude"],
            Preconditions = doc["preconditions"],
            Context = doc["context"] as JArray,
            Body = body,
            FailureAction = rule.FailureAction,
            AutogenFor = (string)doc["name"]!,
            Document = doc,
        };
    }

    /// <summary>
    /// A pod-level pattern or patch, moved under the controller's pod template (foreach bodies are about list
    /// elements, which the rewritten list path already points into, so they stay as they are).
    /// </summary>
    public static JToken Wrap(JToken podLevel, bool cronJob)
    {
        ArgumentNullException.ThrowIfNull(podLevel);
        var template = new JObject { ["template"] = podLevel.DeepClone() };
        return cronJob
            ? new JObject { ["spec"] = new JObject { ["jobTemplate"] = new JObject { ["spec"] = template } } }
            : new JObject { ["spec"] = template };
    }
}
