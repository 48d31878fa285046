using Palisade.Core.Findings;
using Palisade.Core.Rules;

namespace Palisade.Dockerfile.Checks;

/// <summary>Metadata helpers for the Dockerfile checks (CIS Docker Benchmark v1.6 section numbers).</summary>
internal static class DockerfileRules
{
    public const string CisFramework = "CIS Docker Benchmark";
    public const string BestPractices = "https://docs.docker.com/build/building/best-practices/";
    public const string Reference = "https://docs.docker.com/reference/dockerfile/";

    public static ComplianceControl Cis(string id) => new(CisFramework, id);

    /// <summary>The NSA/CISA Kubernetes Hardening Guide section every Dockerfile rule serves.</summary>
    public static ComplianceControl NsaImages { get; } = new("NSA/CISA Kubernetes Hardening Guide", "Pod security: building secure container images");

    public static RuleMetadata Rule(string id, string title, Severity severity, string description, string remediation,
        string[] aliases, string[] references, ComplianceControl[] controls, params string[] groups) => new()
        {
            Id = id,
            Title = title,
            Severity = severity,
            Description = description,
            Remediation = remediation,
            Aliases = aliases,
            References = [.. references, .. aliases.Select(a => $"https://github.com/hadolint/hadolint/wiki/{a}")],
            Controls = [.. controls, NsaImages],
            Groups = ["dockerfile", .. groups],
            TargetType = "dockerfile",
        };

    public static string Snippet(string lead, string snippet) => $"{lead}\n\n```dockerfile\n{snippet.TrimEnd()}\n```";
}
