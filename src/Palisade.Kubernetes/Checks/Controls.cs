using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks;

/// <summary>
/// Compliance controls the Kubernetes checks map to. CIS ids follow the CIS Kubernetes Benchmark v1.9
/// numbering; NSA/CISA ids name sections of the Kubernetes Hardening Guide v1.2; PSS ids name the level.
/// </summary>
public static class Controls
{
    public const string CisFramework = "CIS Kubernetes Benchmark";
    public const string NsaFramework = "NSA/CISA Kubernetes Hardening Guide";
    public const string PssFramework = "Pod Security Standards";

    public static ComplianceControl Cis(string id) => new(CisFramework, id);
    public static ComplianceControl Nsa(string id) => new(NsaFramework, id);

    public static ComplianceControl PssBaseline { get; } = new(PssFramework, "baseline");
    public static ComplianceControl PssRestricted { get; } = new(PssFramework, "restricted");

    public const string NsaNonRoot = "Pod security: non-root containers";
    public const string NsaImmutableFs = "Pod security: immutable container file systems";
    public const string NsaPodSecurity = "Pod security: pod security enforcement";
    public const string NsaHardenedEnv = "Pod security: hardening container environments";
    public const string NsaImages = "Pod security: building secure container images";
    public const string NsaServiceAccountTokens = "Pod security: protecting pod service account tokens";
    public const string NsaNetworkPolicies = "Network separation: network policies";
    public const string NsaResourcePolicies = "Network separation: resource policies";
    public const string NsaSecrets = "Network separation: secrets";
    public const string NsaCloud = "Network separation: protecting sensitive cloud infrastructure";
    public const string NsaAuthn = "Authentication and authorization";
    public const string NsaAuditLogging = "Audit logging and threat detection: Kubernetes native audit logging";
}
