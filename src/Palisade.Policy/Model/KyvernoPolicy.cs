using Newtonsoft.Json.Linq;

namespace Palisade.Policy.Model;

/// <summary>What a failing validate rule does: <c>Audit</c> reports, <c>Enforce</c> blocks (and fails the CLI).</summary>
public enum FailureAction
{
    Audit,
    Enforce,
}

/// <summary>The kind of work a rule does; the engine has one handler per kind.</summary>
public enum RuleType
{
    Validate,
    Mutate,
    Generate,
    VerifyImages,
    Unknown,
}

/// <summary>
/// A <c>kyverno.io/v1</c> (or v2beta1) <c>ClusterPolicy</c> or namespaced <c>Policy</c>, as written: the rules keep
/// their JSON so every handler reads exactly what the file says.
/// </summary>
public sealed class KyvernoPolicy
{
    public required string Name { get; init; }

    /// <summary>The namespace of a <c>Policy</c>; null for a <c>ClusterPolicy</c>.</summary>
    public string? Namespace { get; init; }

    public bool IsNamespaced => Namespace is not null;

    /// <summary>How results name the policy: <c>name</c>, or <c>namespace/name</c> for a namespaced Policy.</summary>
    public string Key => Namespace is null ? Name : Namespace + "/" + Name;

    /// <summary><c>spec.validationFailureAction</c> (Audit unless it says Enforce; case-insensitive as Kyverno reads it).</summary>
    public FailureAction FailureAction { get; init; }

    public bool Background { get; init; } = true;

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    public required IReadOnlyList<PolicyRule> Rules { get; init; }

    /// <summary>The file the policy came from.</summary>
    public string Source { get; init; } = "";

    public required JObject Document { get; init; }
}

/// <summary>One rule of a policy, with its parts as the policy file gives them.</summary>
public sealed class PolicyRule
{
    public required string Name { get; init; }

    public RuleType Type { get; init; }

    public JToken? Match { get; init; }

    public JToken? Exclude { get; init; }

    public JToken? Preconditions { get; init; }

    public JArray? Context { get; init; }

    /// <summary>The rule's <c>validate</c>, <c>mutate</c>, <c>generate</c> or <c>verifyImages</c> body.</summary>
    public JToken? Body { get; init; }

    /// <summary>A per-rule <c>validate.failureAction</c> (Kyverno 1.13+), overriding the policy's.</summary>
    public FailureAction? FailureAction { get; init; }

    /// <summary>Set when the rule was generated from a Pod rule for a workload controller (autogen).</summary>
    public string? AutogenFor { get; init; }

    public required JObject Document { get; init; }
}

/// <summary>A policy document Palisade recognises but does not evaluate yet (CEL ValidatingPolicy, cleanup ...), with why.</summary>
public sealed record UnsupportedPolicy(string Kind, string Name, string Source, string Reason);
