using Newtonsoft.Json.Linq;
using Palisade.Policy.Model;

namespace Palisade.Policy.Engine;

/// <summary>What one rule said about one resource (Kyverno's result words).</summary>
public enum RuleStatus
{
    /// <summary>The resource satisfied the rule (a mutation applied counts as pass).</summary>
    Pass,

    /// <summary>The resource violated the rule.</summary>
    Fail,

    /// <summary>The rule matched but did not apply: preconditions false, a conditional or global anchor not met, or a rule type Palisade does not evaluate yet.</summary>
    Skip,

    /// <summary>The rule could not be evaluated (a variable that does not resolve, a malformed pattern ...).</summary>
    Error,

    /// <summary>A failing rule that the policy marks as a warning (Kyverno's <c>policies.kyverno.io/scored: "false"</c>).</summary>
    Warn,
}

/// <summary>One rule's verdict on one resource, with the message a user reads and, for mutate rules, the mutated resource.</summary>
public sealed record RuleResult(KyvernoPolicy Policy, PolicyRule Rule, JObject Resource, RuleStatus Status, string Message)
{
    public string ResourceKind => (string?)Resource["kind"] ?? "";

    public string ResourceName => (string?)Resource["metadata"]?["name"] ?? "";

    public string ResourceNamespace => (string?)Resource["metadata"]?["namespace"] ?? "";

    /// <summary>Audit or Enforce for this rule (a rule's own failureAction overrides the policy's).</summary>
    public FailureAction Action => Rule.FailureAction ?? Policy.FailureAction;

    /// <summary>For mutate rules that changed the resource: the resource after the patch.</summary>
    public JObject? Patched { get; init; }

    /// <summary>Whether this result blocks admission: a failure of an Enforce rule.</summary>
    public bool Blocks => Status == RuleStatus.Fail && Action == FailureAction.Enforce;
}
