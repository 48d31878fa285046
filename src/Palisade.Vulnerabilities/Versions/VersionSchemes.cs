namespace Palisade.Vulnerabilities.Versions;

/// <summary>Finds the <see cref="IVersionScheme"/> for a scheme name or an OSV ecosystem.</summary>
public static class VersionSchemes
{
    /// <summary>Every scheme, by name.</summary>
    public static IReadOnlyList<IVersionScheme> All { get; } =
    [
        DebianVersionScheme.Instance,
        AlpineVersionScheme.Instance,
        RpmVersionScheme.Instance,
        NpmSemverScheme.Instance,
        Pep440Scheme.Instance,
        MavenVersionScheme.Instance,
        NuGetVersionScheme.Instance,
        GoVersionScheme.Instance,
        CratesVersionScheme.Instance,
    ];

    /// <summary>The scheme names, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(s => s.Name).ToArray();

    // OSV ecosystem (the part before ':') → scheme. Only ecosystems whose version scheme is one of ours.
    private static readonly Dictionary<string, IVersionScheme> Ecosystems = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Debian"] = DebianVersionScheme.Instance,
        ["Ubuntu"] = DebianVersionScheme.Instance,
        ["Echo"] = DebianVersionScheme.Instance,
        ["Alpine"] = AlpineVersionScheme.Instance,
        ["Alpaquita"] = AlpineVersionScheme.Instance,
        ["BellSoft Hardened Containers"] = AlpineVersionScheme.Instance,
        ["Chainguard"] = AlpineVersionScheme.Instance,
        ["MinimOS"] = AlpineVersionScheme.Instance,
        ["Wolfi"] = AlpineVersionScheme.Instance,
        ["Red Hat"] = RpmVersionScheme.Instance,
        ["AlmaLinux"] = RpmVersionScheme.Instance,
        ["Rocky Linux"] = RpmVersionScheme.Instance,
        ["SUSE"] = RpmVersionScheme.Instance,
        ["openSUSE"] = RpmVersionScheme.Instance,
        ["Azure Linux"] = RpmVersionScheme.Instance,
        ["Mageia"] = RpmVersionScheme.Instance,
        ["openEuler"] = RpmVersionScheme.Instance,
        ["Photon OS"] = RpmVersionScheme.Instance,
        ["npm"] = NpmSemverScheme.Instance,
        ["PyPI"] = Pep440Scheme.Instance,
        ["Maven"] = MavenVersionScheme.Instance,
        ["NuGet"] = NuGetVersionScheme.Instance,
        ["Go"] = GoVersionScheme.Instance,
        ["crates.io"] = CratesVersionScheme.Instance,
    };

    /// <summary>The OSV ecosystems (without a release suffix) that have a scheme.</summary>
    public static IReadOnlyCollection<string> KnownEcosystems => Ecosystems.Keys;

    /// <summary>
    /// The scheme for an OSV ecosystem such as <c>Debian:12</c>, <c>Alpine:v3.20</c>, <c>Red Hat:...</c> or <c>npm</c>:
    /// the part before the first ':' decides (case-insensitively). Null for ecosystems without a known scheme.
    /// </summary>
    public static IVersionScheme? ForEcosystem(string? osvEcosystem)
    {
        if (string.IsNullOrWhiteSpace(osvEcosystem)) return null;
        var colon = osvEcosystem.IndexOf(':', StringComparison.Ordinal);
        var name = (colon >= 0 ? osvEcosystem[..colon] : osvEcosystem).Trim();
        return Ecosystems.GetValueOrDefault(name);
    }

    /// <summary>The scheme with this name (deb, apk, rpm, semver, pep440, maven, nuget, go, crates); null when unknown.</summary>
    public static IVersionScheme? ForName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var n = name.Trim();
        return All.FirstOrDefault(s => string.Equals(s.Name, n, StringComparison.OrdinalIgnoreCase));
    }
}
