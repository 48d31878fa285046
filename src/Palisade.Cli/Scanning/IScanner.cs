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
}

/// <summary>A domain engine, registered with the CLI (Trivy-style analyzers: small, independent, registered).</summary>
public interface IScanner
{
    string Name { get; }
    ScannerCategory Category { get; }
    IReadOnlyList<RuleMetadata> Rules { get; }
    IReadOnlyList<TargetResult> Scan(ScanInput input, ScanSettings settings);
}
