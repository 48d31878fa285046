using System.Globalization;
using System.Text.RegularExpressions;

namespace Palisade.Vulnerabilities.Versions;

/// <summary>
/// A Go module version (golang.org/x/mod/semver): <c>vMAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]]</c>; <c>v1</c> and
/// <c>v1.2</c> are shorthands for <c>v1.0.0</c> and <c>v1.2.0</c>. The <c>v</c> may be left out (OSV writes Go
/// versions as <c>1.2.3</c>).
/// </summary>
/// <param name="Major">The major number.</param>
/// <param name="Minor">The minor number.</param>
/// <param name="Patch">The patch number.</param>
/// <param name="Prerelease">The pre-release ("" when none).</param>
/// <param name="Build">The build metadata ("" when none), e.g. <c>incompatible</c>.</param>
public sealed record GoVersion(string Major, string Minor, string Patch, string Prerelease, string Build)
{
    /// <summary>Inputs longer than this are refused.</summary>
    public const int MaxLength = 1024;

    /// <summary>Parses a version, with or without the leading <c>v</c>.</summary>
    /// <exception cref="FormatException">Not a Go semantic version.</exception>
    public static GoVersion Parse(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return TryParse(version, out var v) ? v! : throw new FormatException($"'{ComparatorList.Shorten(version)}' is not a valid Go module version");
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? version, out GoVersion? result)
    {
        result = null;
        if (version is null || version.Length == 0 || version.Length > MaxLength) return false;
        var s = version[0] == 'v' ? version[1..] : version;
        var build = "";
        var plus = s.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            build = s[(plus + 1)..];
            s = s[..plus];
            if (!SemVerText.IsIdentifiers(build, prerelease: false)) return false;
        }
        var pre = "";
        var dash = s.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            pre = s[(dash + 1)..];
            s = s[..dash];
            if (!SemVerText.IsIdentifiers(pre, prerelease: true)) return false;
        }
        var parts = s.Split('.');
        if (parts.Length > 3 || parts.Any(p => !SemVerText.IsNumber(p))) return false;
        // The shorthands v1 and v1.2 take no pre-release or build suffix.
        if (parts.Length < 3 && (dash >= 0 || plus >= 0)) return false;
        result = new GoVersion(parts[0], parts.Length > 1 ? parts[1] : "0", parts.Length > 2 ? parts[2] : "0", pre, build);
        return true;
    }

    /// <summary>The canonical spelling: <c>vX.Y.Z[-pre]</c>, keeping <c>+incompatible</c> (other build metadata is dropped).</summary>
    public override string ToString() =>
        $"v{Major}.{Minor}.{Patch}" + (Prerelease.Length > 0 ? "-" + Prerelease : "") + (Build == "incompatible" ? "+incompatible" : "");

    /// <summary>Semantic version precedence (build metadata ignored).</summary>
    public int CompareTo(GoVersion other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var c = NumericText.Compare(Major, other.Major);
        if (c == 0) c = NumericText.Compare(Minor, other.Minor);
        if (c == 0) c = NumericText.Compare(Patch, other.Patch);
        return c != 0 ? c : SemVerText.ComparePrerelease(Prerelease, other.Prerelease);
    }

    private static readonly Regex PseudoPrerelease = new(
        @"^(?<base>(?:[0-9A-Za-z.-]*\.)?0\.)?(?<time>[0-9]{14})-(?<rev>[0-9A-Za-z]+)$",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture);

    private Match? PseudoMatch()
    {
        if (Prerelease.Length > 256) return null;
        var m = PseudoPrerelease.Match(Prerelease);
        if (!m.Success) return null;
        // vX.0.0-TIME-REV has no base; vX.Y.Z-0.TIME-REV and vX.Y.Z-PRE.0.TIME-REV have one.
        if (!m.Groups["base"].Success && (Minor != "0" || Patch != "0")) return null;
        return m;
    }

    /// <summary>
    /// Whether this is a pseudo-version (<c>v0.0.0-20191109021931-daa7c04131f5</c>,
    /// <c>v1.2.4-0.20191109021931-daa7c04131f5</c> or <c>v1.2.3-pre.0.20191109021931-daa7c04131f5</c>).
    /// </summary>
    public bool IsPseudoVersion => PseudoMatch() is not null;

    /// <summary>The commit time of a pseudo-version (UTC), or null.</summary>
    public DateTime? PseudoVersionTime
    {
        get
        {
            var m = PseudoMatch();
            if (m is null) return null;
            return DateTime.TryParseExact(m.Groups["time"].Value, "yyyyMMddHHmmss", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : null;
        }
    }

    /// <summary>The revision (commit hash prefix) of a pseudo-version, or null.</summary>
    public string? PseudoVersionRevision => PseudoMatch()?.Groups["rev"].Value;
}

/// <summary>
/// Go modules as a <see cref="IVersionScheme"/>: <see cref="GoVersion"/> precedence, where pseudo-versions order as the
/// pre-releases they are and <c>+incompatible</c> is build metadata.
/// </summary>
/// <remarks>
/// Like golang.org/x/mod/semver, <see cref="Compare"/> orders invalid versions before every valid one and equal to each
/// other, so it never throws. <see cref="Satisfies"/> takes a <see cref="ComparatorList"/> whose versions (and the
/// version tested) must be valid.
/// </remarks>
public sealed class GoVersionScheme : IParsedVersionScheme
{
    /// <summary>The shared instance.</summary>
    public static GoVersionScheme Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "go";

    /// <inheritdoc />
    public int Compare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        GoVersion.TryParse(a, out var x);
        GoVersion.TryParse(b, out var y);
        return Order(x, y);
    }

    /// <summary>Invalid versions (null) before every valid one and equal to each other.</summary>
    private static int Order(GoVersion? x, GoVersion? y) => x is null || y is null ? (x is null) == (y is null) ? 0 : x is null ? -1 : 1 : x.CompareTo(y);

    object? IParsedVersionScheme.ParseForCompare(string version) => GoVersion.TryParse(version, out var v) ? v : null;

    int? IParsedVersionScheme.CompareParsed(object? a, object? b) => Order(a as GoVersion, b as GoVersion);

    /// <inheritdoc />
    public bool IsValid(string version) => GoVersion.TryParse(version, out _);

    /// <inheritdoc />
    public string Normalize(string version) => GoVersion.Parse(version).ToString();

    /// <inheritdoc />
    public bool Satisfies(string version, string range) =>
        ComparatorList.Satisfies(version, range, Compare, v => GoVersion.Parse(v));
}
