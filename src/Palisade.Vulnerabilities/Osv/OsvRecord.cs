namespace Palisade.Vulnerabilities.Osv;

/// <summary>
/// One OSV advisory (https://ossf.github.io/osv-schema/): what is affected, how badly, and where to read more.
/// Lists are never null (an absent field is an empty list); <c>ecosystem_specific</c> and <c>database_specific</c>
/// are kept as their raw JSON text.
/// </summary>
public sealed record OsvRecord
{
    /// <summary>The unique identifier, <c>DB-ENTRYID</c> (e.g. <c>GHSA-vp9c-fpxx-744v</c>, <c>GO-2024-2963</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The OSV schema version the record was written with (absent means 1.0.0).</summary>
    public string? SchemaVersion { get; init; }

    /// <summary>When the record last changed (UTC); of two records with the same id, the later one is authoritative.</summary>
    public DateTimeOffset? Modified { get; init; }

    /// <summary>When the record was published (UTC).</summary>
    public DateTimeOffset? Published { get; init; }

    /// <summary>When the record was withdrawn (UTC); null while it stands.</summary>
    public DateTimeOffset? Withdrawn { get; init; }

    /// <summary>IDs of the same vulnerability in other databases.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>IDs of closely related (not identical) vulnerabilities.</summary>
    public IReadOnlyList<string> Related { get; init; } = [];

    /// <summary>IDs of the upstream vulnerabilities this (typically distribution) record refers to.</summary>
    public IReadOnlyList<string> Upstream { get; init; } = [];

    /// <summary>A one-line summary (plain text).</summary>
    public string? Summary { get; init; }

    /// <summary>Details (CommonMark).</summary>
    public string? Details { get; init; }

    /// <summary>Severity scores of the whole vulnerability.</summary>
    public IReadOnlyList<OsvSeverity> Severity { get; init; } = [];

    /// <summary>The affected packages and their versions.</summary>
    public IReadOnlyList<OsvAffected> Affected { get; init; } = [];

    /// <summary>Links to advisories, fixes, reports.</summary>
    public IReadOnlyList<OsvReference> References { get; init; } = [];

    /// <summary>Who found, reported or fixed it.</summary>
    public IReadOnlyList<OsvCredit> Credits { get; init; } = [];

    /// <summary>The top-level <c>database_specific</c> object as raw JSON, or null.</summary>
    public string? DatabaseSpecific { get; init; }

    /// <summary>Whether the record has been withdrawn.</summary>
    public bool IsWithdrawn => Withdrawn is not null;
}

/// <summary>A severity score: <see cref="Type"/> says how to read <see cref="Score"/> (a CVSS vector, an Ubuntu priority...).</summary>
public sealed record OsvSeverity(string Type, string Score)
{
    /// <summary>A CVSS v2 vector.</summary>
    public const string CvssV2 = "CVSS_V2";

    /// <summary>A CVSS v3.0 or v3.1 vector (<c>CVSS:3.1/...</c>).</summary>
    public const string CvssV3 = "CVSS_V3";

    /// <summary>A CVSS v4.0 vector (<c>CVSS:4.0/...</c>).</summary>
    public const string CvssV4 = "CVSS_V4";

    /// <summary>An Ubuntu priority: negligible, low, medium, high or critical.</summary>
    public const string Ubuntu = "Ubuntu";
}

/// <summary>A package in an ecosystem. <see cref="Ecosystem"/> is as written, release suffix included (<c>Debian:12</c>).</summary>
public sealed record OsvPackage(string Ecosystem, string Name, string? Purl);

/// <summary>One affected package with the ranges and explicit versions that are vulnerable.</summary>
public sealed record OsvAffected
{
    /// <summary>The package; null only for records that describe GIT ranges alone.</summary>
    public OsvPackage? Package { get; init; }

    /// <summary>Severity specific to this package (then the record has no top-level severity).</summary>
    public IReadOnlyList<OsvSeverity> Severity { get; init; } = [];

    /// <summary>Affected version ranges.</summary>
    public IReadOnlyList<OsvRange> Ranges { get; init; } = [];

    /// <summary>Explicitly listed affected versions.</summary>
    public IReadOnlyList<string> Versions { get; init; } = [];

    /// <summary>The <c>ecosystem_specific</c> object as raw JSON, or null.</summary>
    public string? EcosystemSpecific { get; init; }

    /// <summary>The <c>database_specific</c> object as raw JSON, or null.</summary>
    public string? DatabaseSpecific { get; init; }
}

/// <summary>A range of affected versions: a timeline of events under one version ordering.</summary>
public sealed record OsvRange
{
    /// <summary>Semantic versions (SemVer 2.0 precedence).</summary>
    public const string Semver = "SEMVER";

    /// <summary>Versions in the ecosystem's own ordering (dpkg, apk, PEP 440, ...).</summary>
    public const string Ecosystem = "ECOSYSTEM";

    /// <summary>Full git commit hashes of <see cref="Repo"/>.</summary>
    public const string Git = "GIT";

    /// <summary><c>SEMVER</c>, <c>ECOSYSTEM</c> or <c>GIT</c> (other values are kept as written).</summary>
    public required string Type { get; init; }

    /// <summary>The repository URL (required for GIT ranges).</summary>
    public string? Repo { get; init; }

    /// <summary>The events in the order written.</summary>
    public IReadOnlyList<OsvEvent> Events { get; init; } = [];

    /// <summary>The range's <c>database_specific</c> object as raw JSON, or null.</summary>
    public string? DatabaseSpecific { get; init; }
}

/// <summary>What an event in a range's timeline says.</summary>
public enum OsvEventKind
{
    /// <summary>The vulnerability starts at this version (<c>"0"</c>: before every version).</summary>
    Introduced,

    /// <summary>This version fixes it.</summary>
    Fixed,

    /// <summary>The last version known to be affected (inclusive).</summary>
    LastAffected,

    /// <summary>An upper bound of the range (<c>"*"</c>: infinity).</summary>
    Limit,
}

/// <summary>One event of a range: a kind and a version (or commit).</summary>
public sealed record OsvEvent(OsvEventKind Kind, string Version);

/// <summary>A link: <see cref="Type"/> is ADVISORY, ARTICLE, FIX, REPORT, WEB, ... as written.</summary>
public sealed record OsvReference(string Type, string Url);

/// <summary>A credited person or organisation.</summary>
public sealed record OsvCredit
{
    /// <summary>The name, handle or organisation as the credited party prefers.</summary>
    public required string Name { get; init; }

    /// <summary>URLs (or mailto:) to reach them.</summary>
    public IReadOnlyList<string> Contact { get; init; } = [];

    /// <summary>FINDER, REPORTER, ANALYST, ... as written, or null.</summary>
    public string? Type { get; init; }
}
