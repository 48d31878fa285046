using System.Runtime.CompilerServices;
using Newtonsoft.Json.Linq;
using Palisade.Policy.Matching;
using Palisade.Policy.Model;

namespace Palisade.Policy.Engine;

/// <summary>
/// Evaluates Kyverno policies on resources: for each rule (the policy's own and those auto-generated for pod
/// controllers), match and exclude, context entries, preconditions, then the rule type's handler. The CLI
/// (<c>palisade policy apply</c>, <c>policy test</c>) and the admission webhook call this same code.
/// </summary>
public static class PolicyEngine
{
    private static readonly ConditionalWeakTable<KyvernoPolicy, IReadOnlyList<PolicyRule>> Expanded = new();

    /// <summary>The policy's rules with the auto-generated ones, computed once per policy.</summary>
    public static IReadOnlyList<PolicyRule> RulesOf(KyvernoPolicy policy) =>
        Expanded.GetValue(policy, p => Autogen.Autogen.Expand(p));

    /// <summary>Every applicable rule's result for one resource (rules that do not match it give none).</summary>
    public static IReadOnlyList<RuleResult> Apply(KyvernoPolicy policy, EngineRequest request)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(request);
        var results = new List<RuleResult>();
        // A namespaced Policy only sees its own namespace's resources.
        if (policy.Namespace is { } policyNs && ((string?)request.Resource["metadata"]?["namespace"] ?? "default") != policyNs) return results;
        var resource = request.Resource;
        foreach (var rule in RulesOf(policy))
        {
            var values = request.Values?.Invoke(policy.Key, rule.Name) ?? request.Values?.Invoke(policy.Name, rule.Name);
            var admission = request.Admission;
            if (values?["request.operation"] is { Type: JTokenType.String } op) admission = admission with { Operation = (string)op! };
            var target = new MatchTarget(resource, admission, request.NamespaceLabels, request.Subresource);
            if (!ResourceMatcher.Matches(rule.Match, target)) continue;
            if (ResourceMatcher.Excludes(rule.Exclude, target))
            {
                results.Add(new RuleResult(policy, rule, resource, RuleStatus.Skip, "excluded by the rule's exclude block"));
                continue;
            }
            RuleResult result;
            try
            {
                var context = RuleContexts.Create(policy, rule, request with { Admission = admission }, values);
                result = RuleHandlers.Evaluate(policy, rule, resource, context);
            }
            catch (PolicyEvaluationException e)
            {
                result = new RuleResult(policy, rule, resource, RuleStatus.Error, e.Message);
            }
            results.Add(result);
            if (result.Patched is { } patched) resource = patched;  // later mutate rules see earlier rules' changes
        }
        return results;
    }
}

/// <summary>A rule could not be evaluated: a variable that does not resolve, a malformed pattern or condition.</summary>
public sealed class PolicyEvaluationException(string message, Exception? inner = null) : Exception(message, inner);
