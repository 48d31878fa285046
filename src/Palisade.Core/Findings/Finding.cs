using Palisade.Core.Rules;

namespace Palisade.Core.Findings;

/// <summary>A control in a compliance framework that a rule maps to, e.g. ("CIS Kubernetes", "5.2.2").</summary>
public sealed record ComplianceControl(string Framework, string Id);

/// <summary>The Kubernetes (or other) object a finding is about.</summary>
public sealed record ResourceRef(string? ApiVersion, string? Kind, string? Namespace, string? Name)
{
    public override string ToString()
    {
        var ns = string.IsNullOrEmpty(Namespace) ? "" : Namespace + "/";
        return $"{Kind}/{ns}{Name}";
    }
}

/// <summary>Where in a file something is: a path relative to the scan root, 1-based inclusive lines (and columns, 0 when unknown).</summary>
public sealed record SourceLocation(string Path, int StartLine, int EndLine)
{
    /// <summary>1-based column where the finding starts on <see cref="StartLine"/>; 0 when unknown.</summary>
    public int StartColumn { get; init; }

    /// <summary>1-based column just past the end on <see cref="EndLine"/>; 0 when unknown.</summary>
    public int EndColumn { get; init; }

    public override string ToString() => StartLine > 0 ? $"{Path}:{StartLine}" : Path;
}

/// <summary>One problem found by any detector. Every scanner in Palisade produces these.</summary>
public sealed record Finding
{
    public required string RuleId { get; init; }
    public required Severity Severity { get; init; }
    public required string Title { get; init; }
    public required string Message { get; init; }
    public ResourceRef? Resource { get; init; }
    public SourceLocation? Location { get; init; }
    public string Remediation { get; init; } = "";
    public IReadOnlyList<string> References { get; init; } = [];
    public IReadOnlyList<ComplianceControl> Controls { get; init; } = [];

    /// <summary>A stable identity for baselines and deduplication (secrets: <c>commit:path:rule:line</c>); null when the reporter should derive one.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>For secret findings: the secret as it may be shown (redacted) and its entropy.</summary>
    public SecretEvidence? Secret { get; init; }

    /// <summary>For findings in git history: the commit that introduced them.</summary>
    public CommitInfo? Commit { get; init; }

    /// <summary>For vulnerability findings: the package, its installed and fixed versions, aliases and scores.</summary>
    public VulnerabilityEvidence? Vulnerability { get; init; }
}

/// <summary>Whether a vulnerability has a fix in the package's ecosystem or distribution.</summary>
public enum FixStatus
{
    /// <summary>A fixed version exists (<see cref="VulnerabilityEvidence.FixedVersions"/>).</summary>
    Fixed,

    /// <summary>No fixed version yet.</summary>
    Affected,
}

/// <summary>What a vulnerability finding is about: which package at which version, and what fixes it.</summary>
/// <param name="Package">The package name as its ecosystem writes it (for OS packages, the binary package).</param>
/// <param name="Purl">The package URL of the installed package.</param>
/// <param name="Ecosystem">The OSV ecosystem the advisory came from ("Debian:12", "PyPI", "Go").</param>
/// <param name="Aliases">Other ids of the same vulnerability (CVE, GHSA, PYSEC, DSA ...), merged into this finding.</param>
/// <param name="Layer">The image layer that added the package, when scanning an image.</param>
/// <param name="SeveritySource">Where the severity came from: "CVSS:3.1", "CVSS:4.0", a database's own rating, or "none".</param>
public sealed record VulnerabilityEvidence(
    string Package,
    string InstalledVersion,
    IReadOnlyList<string> FixedVersions,
    FixStatus Status,
    string Purl,
    string Ecosystem,
    IReadOnlyList<string> Aliases,
    string? Layer,
    string? CvssVector,
    double? CvssScore,
    string SeveritySource);

/// <summary>What may be shown of a found secret: never the secret itself.</summary>
public sealed record SecretEvidence(string Redacted, double Entropy)
{
    /// <summary>In an image: the digest of the layer whose file holds the secret.</summary>
    public string? Layer { get; init; }

    /// <summary>
    /// In an image: a later layer deleted or replaced the file, so the secret is not in the final filesystem but still
    /// in the image (anyone who pulls it can read the layer).
    /// </summary>
    public bool RemovedInLaterLayer { get; init; }
}

/// <summary>A git commit a finding was introduced in.</summary>
public sealed record CommitInfo(string Sha, string Author, string Email, DateTimeOffset Date, string Message);

/// <summary>Something that stopped part of a scan (a file that could not be parsed, say).</summary>
public sealed record ScanError(string Message, SourceLocation? Location);

/// <summary>A package found in a lock file or package database: what vulnerability matching works from.</summary>
/// <param name="Type">The package-url type ("npm", "pypi", "cargo", "golang", "nuget", "deb" ...).</param>
/// <param name="Purl">The package URL; empty for packages that are not published (workspace and path crates).</param>
public sealed record PackageRef(string Name, string Version, string Type, string Purl);

/// <summary>The findings and errors of one scanned target (usually one file).</summary>
public sealed class TargetResult(string target, string type)
{
    public string Target { get; } = target;

    /// <summary>What kind of target: "kubernetes", "dockerfile", "secrets", ...</summary>
    public string Type { get; } = type;

    public List<Finding> Findings { get; } = [];
    public List<ScanError> Errors { get; } = [];

    /// <summary>For lock files and package databases: the packages they list.</summary>
    public List<PackageRef> Packages { get; } = [];
}

/// <summary>Everything one run of Palisade found, the input of every reporter.</summary>
public sealed class ScanReport
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required ToolInfo Tool { get; init; }
    public List<TargetResult> Results { get; } = [];

    /// <summary>The rules that were evaluated, by id (for reporters that describe rules, such as SARIF).</summary>
    public Dictionary<string, RuleMetadata> Rules { get; } = new(StringComparer.Ordinal);

    public IEnumerable<Finding> AllFindings => Results.SelectMany(r => r.Findings);
    public IEnumerable<ScanError> AllErrors => Results.SelectMany(r => r.Errors);
}

public sealed record ToolInfo(string Name, string Version)
{
    public static ToolInfo Current { get; } = new("palisade", PalisadeVersion.Current);
}
