using Newtonsoft.Json.Linq;
using Palisade.Policy.Model;
using Palisade.Policy.Variables;

namespace Palisade.Policy.Engine;

/// <summary>
/// The variables a rule sees: the admission request, the values a values file supplies (they win over the rule's
/// context entries of the same name, as in the Kyverno CLI), then the rule's <c>context</c> entries in order:
/// <c>variable</c> entries are computed; <c>configMap</c>, <c>apiCall</c>, <c>imageRegistry</c> and
/// <c>globalReference</c> entries need a cluster or registry, so their values must come from the values file.
/// </summary>
internal static class RuleContexts
{
    /// <summary>Names the values file gave for the rule being evaluated on this thread (its context entries of those names are not loaded).</summary>
    [ThreadStatic]
    private static HashSet<string>? _supplied;

    /// <summary>The variables document of a request (before any rule's values or context entries).</summary>
    public static PolicyContext Create(EngineRequest request)
    {
        var admission = request.Admission;
        var user = new RequestUser
        {
            Username = admission.Username.Length > 0 ? admission.Username : null,
            Groups = admission.Groups.Count > 0 ? admission.Groups : null,
            Roles = admission.Roles,
            ClusterRoles = admission.ClusterRoles,
        };
        // An UPDATE simulated without the old object (a values file setting request.operation) compares the object
        // with itself, as the Kyverno CLI does.
        var old = request.OldResource ?? (admission.Operation == "UPDATE" ? request.Resource : null);
        return new PolicyContext(request.Resource, admission.Operation, old, user);
    }

    /// <summary>
    /// A rule's variables, in the scope the caller opened: the values file's (they win over context entries of the
    /// same name), then the rule's context entries.
    /// </summary>
    public static void Load(PolicyContext context, PolicyRule rule, JObject? values)
    {
        var supplied = new HashSet<string>(StringComparer.Ordinal);
        if (values is not null)
        {
            foreach (var p in values.Properties())
            {
                try
                {
                    context.SetVariable(p.Name, p.Value);
                }
                catch (ArgumentException e)
                {
                    throw new PolicyEvaluationException($"values: {e.Message}", e);
                }
                supplied.Add(p.Name.Split('.')[0]);
            }
        }
        _supplied = supplied;
        LoadEntries(rule.Context, context);
    }

    /// <summary>Loads context entries (the rule's, or a foreach declaration's) into the current scope.</summary>
    public static void LoadEntries(JArray? entries, PolicyContext context)
    {
        if (entries is null) return;
        var supplied = _supplied;
        foreach (var entry in entries.OfType<JObject>())
        {
            var name = (string?)entry["name"] ?? throw new PolicyEvaluationException("a context entry has no name");
            if (supplied?.Contains(name) == true) continue;
            try
            {
                if (entry["variable"] is JObject variable)
                {
                    context.AddVariable(name, variable["value"], (string?)variable["jmesPath"], variable["default"]);
                }
                else
                {
                    var type = entry.Properties().Select(p => p.Name).FirstOrDefault(n => n is "configMap" or "apiCall" or "imageRegistry" or "globalReference") ?? "unknown";
                    throw new PolicyEvaluationException($"context entry \"{name}\" ({type}) needs a cluster or registry: give its value in a values file");
                }
            }
            catch (VariableException e)
            {
                throw new PolicyEvaluationException($"context entry \"{name}\": {e.Message}", e);
            }
        }
    }
}
