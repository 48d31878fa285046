using Newtonsoft.Json.Linq;
using Palisade.Policy.Model;
using Palisade.Policy.Mutation;
using Palisade.Policy.Patterns;
using Palisade.Policy.Variables;

namespace Palisade.Policy.Engine;

/// <summary>One handler per rule type, as Kyverno's engine has: validate (pattern, anyPattern, deny, podSecurity, foreach) and mutate (patchStrategicMerge, patchesJson6902, foreach).</summary>
internal static class RuleHandlers
{
    public static RuleResult Evaluate(KyvernoPolicy policy, PolicyRule rule, JObject resource, PolicyContext context)
    {
        if (rule.Preconditions is { } preconditions && !Conditions.Hold(preconditions, context))
            return new RuleResult(policy, rule, resource, RuleStatus.Skip, "preconditions not met");
        return rule.Type switch
        {
            RuleType.Validate => Validate(policy, rule, resource, context),
            RuleType.Mutate => Mutate(policy, rule, resource, context),
            RuleType.Generate => new RuleResult(policy, rule, resource, RuleStatus.Skip, "generate rules are not supported yet"),
            RuleType.VerifyImages => new RuleResult(policy, rule, resource, RuleStatus.Skip, "verifyImages rules are not supported yet"),
            _ => new RuleResult(policy, rule, resource, RuleStatus.Error, $"rule {rule.Name} has no validate, mutate, generate or verifyImages"),
        };
    }

    // ---- validate -------------------------------------------------------------------------------------------

    private static RuleResult Validate(KyvernoPolicy policy, PolicyRule rule, JObject resource, PolicyContext context)
    {
        var body = (JObject)rule.Body!;
        var message = Message(body["message"], context);
        RuleResult Result(RuleStatus status, string text) => new(policy, rule, resource, status, text);
        if (body["foreach"] is JArray each)
        {
            var (status, detail) = ValidateForeach(each, resource, context, message, 0);
            return Result(status, status == RuleStatus.Fail ? Failed(message, rule, detail) : detail);
        }
        if (body["podSecurity"] is JObject podSecurity)
        {
            var (status, detail) = PodSecurityRule.Evaluate(podSecurity, resource);
            return Result(status, status == RuleStatus.Fail ? $"Validation rule '{rule.Name}' failed. It violates PodSecurity \"{detail}" : detail);
        }
        var (outcome, text) = ValidateOne(body, resource, context);
        return outcome switch
        {
            RuleStatus.Fail => Result(RuleStatus.Fail, Failed(message, rule, text)),
            RuleStatus.Pass => Result(RuleStatus.Pass, $"validation rule '{rule.Name}' passed."),
            _ => Result(outcome, text),
        };
    }

    private static string Failed(string message, PolicyRule rule, string detail) =>
        detail.Length == 0 ? $"validation error: {message}" : $"validation error: {message} rule {rule.AutogenFor ?? rule.Name} {detail}";

    /// <summary>A validate body's pattern, anyPattern or deny on one subject (the resource, or a foreach element).</summary>
    private static (RuleStatus Status, string Detail) ValidateOne(JObject body, JToken? subject, PolicyContext context)
    {
        if (body["pattern"] is { } rawPattern)
        {
            var pattern = Substitute(rawPattern, context);
            var r = PatternValidator.Validate(subject, pattern);
            return r.Outcome switch
            {
                PatternOutcome.Pass => (RuleStatus.Pass, ""),
                PatternOutcome.Skip => (RuleStatus.Skip, r.Message.Length > 0 ? r.Message : "conditional anchor not satisfied"),
                _ => (RuleStatus.Fail, $"failed at path {r.Path}"),
            };
        }
        if (body["anyPattern"] is JArray rawAny)
        {
            var patterns = rawAny.Select(p => Substitute(p, context)).ToList();
            var r = PatternValidator.ValidateAny(subject, patterns);
            return r.Outcome switch
            {
                PatternOutcome.Pass => (RuleStatus.Pass, ""),
                PatternOutcome.Skip => (RuleStatus.Skip, "every pattern was skipped"),
                _ => (RuleStatus.Fail, "failed: " + string.Join("; ", r.Results.Select((x, i) => $"anyPattern[{i}] failed at path {x.Path}"))),
            };
        }
        if (body["deny"] is { } deny)
        {
            var conditions = deny["conditions"];
            // "deny: {}" (no conditions) denies every matching request.
            var denied = conditions is null || conditions.Type == JTokenType.Null || Conditions.Hold(conditions, context);
            return denied ? (RuleStatus.Fail, "") : (RuleStatus.Pass, "");
        }
        if (body["cel"] is not null) return (RuleStatus.Skip, "CEL validation is not supported yet");
        if (body["manifests"] is not null) return (RuleStatus.Skip, "manifest signature validation is not supported yet");
        if (body["assert"] is not null) return (RuleStatus.Skip, "assertion trees are not supported yet");
        throw new PolicyEvaluationException("validate has no pattern, anyPattern, deny, podSecurity or foreach");
    }

    /// <summary>
    /// foreach: each declaration's list (a JMESPath expression) gives elements; each element, with
    /// <c>element</c>/<c>elementIndex</c> set, its own context and preconditions, is checked (the element by default,
    /// the whole resource with <c>elementScope: false</c>). One failing element fails the rule; when no element was
    /// checked the rule is skipped.
    /// </summary>
    private static (RuleStatus Status, string Detail) ValidateForeach(JArray declarations, JToken resource, PolicyContext context, string message, int nesting)
    {
        var applied = 0;
        foreach (var declaration in declarations.OfType<JObject>())
        {
            var elements = ListOf(declaration, context);
            for (var i = 0; i < elements.Count; i++)
            {
                using var scope = context.EnterScope();
                context.SetElement(elements[i], i, nesting);
                RuleContexts.LoadEntries(declaration["context"] as JArray, context);
                if (declaration["preconditions"] is { } pre && !Conditions.Hold(pre, context)) continue;
                (RuleStatus Status, string Detail) r;
                if (declaration["foreach"] is JArray nested)
                {
                    r = ValidateForeach(nested, resource, context, message, nesting + 1);
                }
                else
                {
                    var elementScope = declaration["elementScope"] is not { Type: JTokenType.Boolean } scopeFlag || (bool)scopeFlag;
                    var subject = elementScope && declaration["deny"] is null ? elements[i] : elementScope ? elements[i] : resource;
                    r = ValidateOne(declaration, subject, context);
                }
                if (r.Status == RuleStatus.Skip) continue;
                applied++;
                if (r.Status == RuleStatus.Fail) return (RuleStatus.Fail, r.Detail.Length > 0 ? $"{r.Detail} (foreach element {i})" : "");
                if (r.Status == RuleStatus.Error) return r;
            }
        }
        return applied == 0 ? (RuleStatus.Skip, "rule skipped: no foreach element applied") : (RuleStatus.Pass, "");
    }

    private static List<JToken> ListOf(JObject declaration, PolicyContext context)
    {
        var list = (string?)declaration["list"] ?? throw new PolicyEvaluationException("foreach without list");
        JToken? value;
        try
        {
            // A list that is not there (no initContainers ...) has no elements.
            value = VariableResolver.Evaluate(Unbrace(list), context, strict: false);
        }
        catch (VariableException e)
        {
            throw new PolicyEvaluationException($"foreach list \"{list}\": {e.Message}", e);
        }
        return value switch
        {
            JArray a => [.. a],
            null or { Type: JTokenType.Null } => [],
            JObject o => [.. o.Properties().Select(p => (JToken)new JObject { ["key"] = p.Name, ["value"] = p.Value })],
            _ => throw new PolicyEvaluationException($"foreach list \"{list}\" is not a list"),
        };
    }

    /// <summary>A foreach list may be written with or without {{ }}.</summary>
    private static string Unbrace(string list)
    {
        var t = list.Trim();
        return t.StartsWith("{{", StringComparison.Ordinal) && t.EndsWith("}}", StringComparison.Ordinal) ? t[2..^2].Trim() : t;
    }

    // ---- mutate ---------------------------------------------------------------------------------------------

    private static RuleResult Mutate(KyvernoPolicy policy, PolicyRule rule, JObject resource, PolicyContext context)
    {
        var body = (JObject)rule.Body!;
        if (body["targets"] is JArray { Count: > 0 }) return new RuleResult(policy, rule, resource, RuleStatus.Skip, "mutate rules on existing resources (targets) are not supported yet");
        var patched = body["foreach"] is JArray each ? MutateForeach(each, resource, context, 0) : Patch(body, resource, context);
        if (MutationResult.HasChanges(resource, patched))
            return new RuleResult(policy, rule, resource, RuleStatus.Pass, $"mutated {(string?)resource["kind"]}/{(string?)resource["metadata"]?["name"]}") { Patched = patched };
        return new RuleResult(policy, rule, resource, RuleStatus.Skip, "the patch changed nothing");
    }

    private static JObject Patch(JObject body, JObject resource, PolicyContext context)
    {
        var result = resource;
        try
        {
            if (body["patchStrategicMerge"] is { } merge) result = StrategicMerge.Apply(result, Substitute(merge, context));
            if ((string?)body["patchesJson6902"] is { } json) result = Json6902.Apply(result, SubstituteText(json, context));
        }
        catch (PatchException e)
        {
            throw new PolicyEvaluationException("mutate: " + e.Message, e);
        }
        return result;
    }

    private static JObject MutateForeach(JArray declarations, JObject resource, PolicyContext context, int nesting)
    {
        var current = resource;
        foreach (var declaration in declarations.OfType<JObject>())
        {
            var elements = ListOf(declaration, context);
            // Kyverno's order: an explicit "order: Ascending|Descending", else strategic-merge patches from the last
            // element back (each merge puts its element first, so the list keeps its order) and JSON patches forward.
            var descending = (string?)declaration["order"] is { } order
                ? order.Equals("Descending", StringComparison.OrdinalIgnoreCase)
                : declaration["patchesJson6902"] is null;
            var indexes = descending ? Enumerable.Range(0, elements.Count).Reverse() : Enumerable.Range(0, elements.Count);
            foreach (var i in indexes)
            {
                using var scope = context.EnterScope();
                context.SetElement(elements[i], i, nesting);
                RuleContexts.LoadEntries(declaration["context"] as JArray, context);
                if (declaration["preconditions"] is { } pre && !Conditions.Hold(pre, context)) continue;
                current = declaration["foreach"] is JArray nested ? MutateForeach(nested, current, context, nesting + 1) : Patch(declaration, current, context);
            }
        }
        return current;
    }

    // ---- shared ---------------------------------------------------------------------------------------------

    internal static JToken Substitute(JToken template, PolicyContext context)
    {
        try
        {
            return VariableResolver.Substitute(template, context);
        }
        catch (VariableException e)
        {
            throw new PolicyEvaluationException(e.Message, e);
        }
    }

    private static string SubstituteText(string text, PolicyContext context)
    {
        var value = Substitute(new JValue(text), context);
        return value.Type == JTokenType.String ? (string)value! : value.ToString(Newtonsoft.Json.Formatting.None);
    }

    /// <summary>The rule's message with variables substituted; one that cannot be resolved is shown as written.</summary>
    private static string Message(JToken? message, PolicyContext context)
    {
        if (message is null || message.Type == JTokenType.Null) return "";
        try
        {
            var value = VariableResolver.Substitute(message, context);
            return value.Type == JTokenType.String ? ((string)value!).Trim() : value.ToString(Newtonsoft.Json.Formatting.None);
        }
        catch (VariableException)
        {
            return ((string?)message ?? "").Trim();
        }
    }
}

/// <summary>Preconditions and deny conditions: <c>any</c> (one must hold) and <c>all</c> (every one), or a plain list (all).</summary>
internal static class Conditions
{
    public static bool Hold(JToken block, PolicyContext context)
    {
        switch (block)
        {
            case JArray list:
                return list.All(c => One(c, context));
            case JObject o:
                var any = o["any"] as JArray;
                var all = o["all"] as JArray;
                if (any is null && all is null) return true;
                if (any is { Count: > 0 } && !any.Any(c => One(c, context))) return false;
                return all is null || all.All(c => One(c, context));
            default:
                return true;
        }
    }

    private static bool One(JToken condition, PolicyContext context)
    {
        if (condition is not JObject c) throw new PolicyEvaluationException("a condition is not a mapping");
        var op = (string?)c["operator"] ?? throw new PolicyEvaluationException("a condition has no operator");
        JToken? key, value;
        try
        {
            key = c["key"] is { } k ? VariableResolver.Substitute(k, context, SubstitutionOptions.Preconditions) : null;
            value = c["value"] is { } v ? VariableResolver.Substitute(v, context, SubstitutionOptions.Preconditions) : null;
        }
        catch (VariableException e)
        {
            throw new PolicyEvaluationException("condition: " + e.Message, e);
        }
        try
        {
            return ConditionOperators.Evaluate(op, key, value);
        }
        catch (ConditionException e)
        {
            throw new PolicyEvaluationException(e.Message, e);
        }
    }
}
