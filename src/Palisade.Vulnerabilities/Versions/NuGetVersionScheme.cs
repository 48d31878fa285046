using NuGet.Versioning;

namespace Palisade.Vulnerabilities.Versions;

/// <summary>
/// NuGet versions and ranges, delegated to NuGet.Versioning: up to four numeric parts (missing ones are 0, leading
/// zeros ignored), SemVer 2.0 pre-release labels compared case-insensitively, build metadata ignored; ranges
/// <c>1.0</c> (at least 1.0), <c>[1.0]</c>, <c>[1.0,2.0)</c>, <c>(,2.0]</c>.
/// </summary>
public sealed class NuGetVersionScheme : IParsedVersionScheme
{
    /// <summary>The shared instance.</summary>
    public static NuGetVersionScheme Instance { get; } = new();

    /// <summary>Inputs longer than this are refused before they reach NuGet.Versioning.</summary>
    public const int MaxLength = 4096;

    /// <inheritdoc />
    public string Name => "nuget";

    /// <summary>Parses a NuGet version.</summary>
    /// <exception cref="FormatException">Not a NuGet version.</exception>
    public static NuGetVersion ParseVersion(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.Length > MaxLength || !NuGetVersion.TryParse(version, out var v))
            throw new FormatException($"'{ComparatorList.Shorten(version)}' is not a valid NuGet version");
        return v;
    }

    /// <summary>Parses a NuGet version range.</summary>
    /// <exception cref="FormatException">Not a NuGet version range.</exception>
    public static VersionRange ParseRange(string range)
    {
        ArgumentNullException.ThrowIfNull(range);
        if (range.Length > MaxLength || !VersionRange.TryParse(range, out var r))
            throw new FormatException($"'{ComparatorList.Shorten(range)}' is not a valid NuGet version range");
        return r;
    }

    /// <inheritdoc />
    public int Compare(string a, string b) => Math.Sign(VersionComparer.Default.Compare(ParseVersion(a), ParseVersion(b)));

    /// <inheritdoc />
    public bool IsValid(string version) => version is not null && version.Length <= MaxLength && NuGetVersion.TryParse(version, out _);

    object? IParsedVersionScheme.ParseForCompare(string version) => IsValid(version) ? ParseVersion(version) : null;

    int? IParsedVersionScheme.CompareParsed(object? a, object? b) =>
        a is NuGetVersion x && b is NuGetVersion y ? Math.Sign(VersionComparer.Default.Compare(x, y)) : null;

    /// <inheritdoc />
    public string Normalize(string version) => ParseVersion(version).ToNormalizedString();

    /// <inheritdoc />
    public bool Satisfies(string version, string range) => ParseRange(range).Satisfies(ParseVersion(version));
}
