using Palisade.Core.Findings;

namespace Palisade.Core.Rules;

/// <summary>
/// Everything a user should know about a rule: the single source for findings, `palisade checks list`,
/// docs/checks.md and SARIF rule descriptors.
/// </summary>
public sealed record RuleMetadata
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required Severity Severity { get; init; }
    public required string Description { get; init; }

    /// <summary>What to do about it; may contain a fenced YAML snippet.</summary>
    public required string Remediation { get; init; }

    public IReadOnlyList<string> References { get; init; } = [];
    public IReadOnlyList<ComplianceControl> Controls { get; init; } = [];

    /// <summary>Groups the rule belongs to, for --checks (e.g. "k8s", "pss", "dockerfile").</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>The target type the rule applies to ("kubernetes", ...).</summary>
    public required string TargetType { get; init; }

    /// <summary>Ids of other tools' rules that mean the same (hadolint's DL3002 ...): accepted in their inline suppressions.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>A finding of this rule: the rule's title, severity, remediation, references and controls, with what was found where.</summary>
    public Finding ToFinding(string message, ResourceRef? resource, SourceLocation? location) => new()
    {
        RuleId = Id,
        Severity = Severity,
        Title = Title,
        Message = message,
        Resource = resource,
        Location = location,
        Remediation = Remediation,
        References = References,
        Controls = Controls,
    };
}
