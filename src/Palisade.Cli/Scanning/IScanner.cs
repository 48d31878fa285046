using Palisade.Artifacts.FileSystem;
using Palisade.Core.Findings;
using Palisade.Core.Rules;

namespace Palisade.Cli.Scanning;

/// <summary>What a scanner is for: `palisade config` runs Config scanners, `palisade scan` runs all.</summary>
public enum ScannerCategory
{
    Config,
    Secret,
    Vulnerability,
}

/// <summary>One scan root with its files, walked once and shared by every scanner.</summary>
public sealed record ScanInput(string Root, IReadOnlyList<WalkedFile> Files);

/// <summary>The settings every scanner may read, from the command line.</summary>
public sealed record ScanSettings
{
    public Func<RuleMetadata, bool> RuleFilter { get; init; } = _ => true;
    public Kubernetes.PodSecurity.PssLevel PssLevel { get; init; } = Kubernetes.PodSecurity.PssLevel.Restricted;
    public Kubernetes.PodSecurity.PssVersion PssVersion { get; init; } = Kubernetes.PodSecurity.PssVersion.Latest;

    /// <summary>Secret rules (from --config); the built-in rules when null.</summary>
    public Secrets.Engine.SecretRuleSet? SecretRules { get; init; }

    /// <summary>Whether the secret scanner skips files .gitignore excludes (--no-gitignore turns it off).</summary>
    public bool HonourGitignore { get; init; } = true;

    /// <summary>When set (--git), secrets are looked for in the history of the repository instead of the files.</summary>
    public Secrets.Sources.GitScanOptions? Git { get; init; }

    /// <summary>Files larger than this are skipped by the secret scanner.</summary>
    public long SecretMaxFileBytes { get; init; } = 10L * 1024 * 1024;
}

/// <summary>A domain engine, registered with the CLI (Trivy-style analyzers: small, independent, registered).</summary>
public interface IScanner
{
    string Name { get; }
    ScannerCategory Category { get; }
    IReadOnlyList<RuleMetadata> Rules { get; }
    IReadOnlyList<TargetResult> Scan(ScanInput input, ScanSettings settings);
}
