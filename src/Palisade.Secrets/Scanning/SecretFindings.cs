using Palisade.Core.Findings;
using Palisade.Core.Rules;
using Palisade.Secrets.Engine;

namespace Palisade.Secrets.Scanning;

/// <summary>Rule metadata and findings for secret rules: the one place a secret becomes a report entry (redacted).</summary>
public static class SecretFindings
{
    public const string TargetType = "secrets";

    private static readonly ComplianceControl[] Controls =
    [
        new("PCI DSS 4.0", "8.6.2"),
        new("NSA/CISA Kubernetes Hardening Guide", "Network separation: secrets"),
        new("CIS Docker Benchmark", "4.10"),
    ];

    private const string Remediation = """
        Treat the secret as compromised: revoke or rotate it at the provider first, then remove it from the file. If it was ever committed, it stays in git history (and every clone and fork): rotating it is what protects you; rewriting history (git filter-repo) only limits further exposure. Load credentials at run time from a secret store (Vault, cloud secret managers, External Secrets, sealed secrets) or the CI's secret variables instead.
        """;

    public static RuleMetadata Metadata(SecretRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new RuleMetadata
        {
            Id = rule.Id,
            Title = rule.Description,
            Severity = rule.Severity,
            Description = $"A {rule.Description} is written in the scanned text. Anyone who can read the file, the repository or its history can use it.",
            Remediation = Remediation,
            References = ["https://cwe.mitre.org/data/definitions/798.html", "https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/"],
            Controls = Controls,
            Groups = ["secrets", .. rule.Tags],
            TargetType = TargetType,
        };
    }

    public static Finding ToFinding(RuleMetadata rule, SecretMatch match, string path, CommitInfo? commit = null, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(match);
        var redacted = Redaction.Redact(match.Secret);
        var where = context is null ? "" : $" ({context})";
        var message = match.Rule.Regex is null ? $"{rule.Title}: {path} should not be committed" : $"{rule.Title}{where}: {redacted}";
        var fingerprint = $"{(commit is null ? "" : commit.Sha + ":")}{path}:{rule.Id}:{match.StartLine}";
        return rule.ToFinding(message, null, new SourceLocation(path, match.StartLine, match.EndLine) { StartColumn = match.StartColumn, EndColumn = match.EndColumn }) with
        {
            Fingerprint = fingerprint,
            Secret = new SecretEvidence(redacted, match.Entropy),
            Commit = commit,
        };
    }
}
