using System.Runtime.CompilerServices;
using Newtonsoft.Json.Linq;
using Palisade.Policy.Matching;
using Palisade.Policy.Model;
using Palisade.Policy.Variables;

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
    public static IReadOnlyList<RuleResult> Apply(KyvernoPolicy policy, EngineRequest request) => Apply([policy], request);

    /// <summary>
    /// Every applicable rule's result of several policies for one resource. Each policy sees the resource as
    /// requested (mutations of one policy carry on to its later rules only); the variables document is built once
    /// and shared while the resource stays the same.
    /// </summary>
    public static IReadOnlyList<RuleResult> Apply(IEnumerable<KyvernoPolicy> policies, EngineRequest request)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(request);
        var results = new List<RuleResult>();
        var contexts = new ContextCache(request);
        foreach (var policy in policies)
        {
            // A namespaced Policy only sees its own namespace's resources.
            if (policy.Namespace is { } policyNs && ((string?)request.Resource["metadata"]?["namespace"] ?? "default") != policyNs) continue;
            var resource = request.Resource;
            foreach (var rule in RulesOf(policy))
            {
                var values = request.Values?.Invoke(policy.Key, rule.Name) ?? (policy.IsNamespaced ? request.Values?.Invoke(policy.Name, rule.Name) : null);
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
                var context = contexts.For(resource, admission);
                using (context.EnterScope())
                {
                    try
                    {
                        RuleContexts.Load(context, rule, values);
                        result = RuleHandlers.Evaluate(policy, rule, resource, context);
                    }
                    catch (PolicyEvaluationException e)
                    {
                        result = new RuleResult(policy, rule, resource, RuleStatus.Error, e.Message);
                    }
                }
                results.Add(result);
                if (result.Patched is { } patched) resource = patched;  // later mutate rules see earlier rules' changes
            }
        }
        return results;
    }

    /// <summary>The variables document for the current resource and operation, rebuilt only when either changes.</summary>
    private sealed class ContextCache(EngineRequest request)
    {
        private PolicyContext? _context;
        private JObject? _resource;
        private AdmissionInfo? _admission;

        public PolicyContext For(JObject resource, AdmissionInfo admission)
        {
            if (_context is null || !ReferenceEquals(_resource, resource) || _admission != admission)
            {
                _context = RuleContexts.Create(request with { Resource = resource, Admission = admission });
                _resource = resource;
                _admission = admission;
            }
            return _context;
        }
    }
}

/// <summary>A rule could not be evaluated: a variable that does not resolve, a malformed pattern or condition.</summary>
public sealed class PolicyEvaluationException(string message, Exception? inner = null) : Exception(message, inner);
