using System.Globalization;
using Palisade.Images.Catalogers;

namespace Palisade.Vulnerabilities.Matching;

/// <summary>
/// Where to look a package up in OSV data: the ecosystems an advisory for it may be filed under (most specific first),
/// the name the advisories use, and the version to compare.
/// </summary>
/// <param name="Ecosystems">"Debian:12"; "Ubuntu:22.04:LTS", "Ubuntu:22.04"; "PyPI" ...</param>
/// <param name="Name">OS packages: the source package (advisories are filed by source package); Maven: group:artifact;
/// Go and npm: the full module / scoped name.</param>
/// <param name="Version">OS packages: the source package's version when the database records one, else the binary's.</param>
public sealed record AdvisoryKey(IReadOnlyList<string> Ecosystems, string Name, string Version);

/// <summary>Maps catalogued packages to the ecosystems, names and versions OSV advisories use.</summary>
public static class AdvisoryKeys
{
    /// <summary>purl types of language ecosystems, to OSV ecosystem names.</summary>
    private static readonly Dictionary<string, string> LanguageEcosystems = new(StringComparer.Ordinal)
    {
        ["npm"] = "npm",
        ["pypi"] = "PyPI",
        ["cargo"] = "crates.io",
        ["golang"] = "Go",
        ["nuget"] = "NuGet",
        ["maven"] = "Maven",
        ["gem"] = "RubyGems",
        ["composer"] = "Packagist",
        ["hex"] = "Hex",
        ["pub"] = "Pub",
        ["hackage"] = "Hackage",
        ["swift"] = "SwiftURL",
        ["cran"] = "CRAN",
        ["julia"] = "Julia",
    };

    /// <summary>The key for a package, or null when its ecosystem has no OSV data Palisade can match (or no version).</summary>
    public static AdvisoryKey? For(PackageRecord package, OsRelease? os = null)
    {
        ArgumentNullException.ThrowIfNull(package);
        var purl = PackageUrl.TryParse(package.Purl);
        if (purl is null) return null;
        if (LanguageEcosystems.TryGetValue(purl.Type, out var ecosystem))
        {
            var version = purl.Version ?? package.Version;
            if (string.IsNullOrEmpty(version)) return null;
            var name = purl.Type switch
            {
                "maven" when purl.Namespace is not null => purl.Namespace + ":" + purl.Name,
                "golang" or "npm" or "composer" when purl.Namespace is not null => purl.Namespace + "/" + purl.Name,
                _ => purl.Name,
            };
            if (purl.Type == "golang" && name == "stdlib" && version.StartsWith("go", StringComparison.Ordinal)) version = version[2..];
            return new AdvisoryKey([ecosystem], name, version);
        }
        var distro = purl.Qualifier("distro") ?? os?.Distro;
        var ecosystems = purl.Type switch
        {
            "deb" or "apk" or "rpm" => OsEcosystems(distro, purl.Namespace),
            _ => [],
        };
        if (ecosystems.Count == 0) return null;
        var source = package.SourceName ?? purl.Qualifier("upstream") ?? package.Name;
        var at = source.IndexOf('@', StringComparison.Ordinal);
        if (at > 0) source = source[..at];  // "upstream=openssl@3.0.11-1" (purl spec form)
        var installed = package.SourceVersion ?? package.Version;
        if (purl.Type == "rpm" && purl.Qualifier("epoch") is { } epoch && !installed.Contains(':', StringComparison.Ordinal)) installed = epoch + ":" + installed;
        return string.IsNullOrEmpty(installed) ? null : new AdvisoryKey(ecosystems, source, installed);
    }

    /// <summary>os-release IDs that contain a '-', so that "opensuse-tumbleweed" alone is not read as ID "opensuse", version "tumbleweed".</summary>
    private static readonly string[] DashedIds = ["opensuse-leap-micro", "opensuse-leap", "opensuse-tumbleweed", "sle-micro"];

    /// <summary>
    /// OSV ecosystems for a distribution, from a purl "distro" qualifier or os-release ("debian-12", "ubuntu-22.04",
    /// "alpine-3.20.3", "debian-12.5"): Debian by major release, Ubuntu by release (LTS form first), Alpine by branch,
    /// AlmaLinux, Rocky Linux and Azure Linux by major release, Photon OS by "major.0", Mageia by release, openSUSE and
    /// SUSE by the product name their os-release PRETTY_NAME gives ("openSUSE:Leap 15.5", "openSUSE:Tumbleweed",
    /// "SUSE:Linux Enterprise Server 15 SP3", "SUSE:Linux Enterprise Micro 5.3"), and the rolling distributions
    /// (Wolfi, Chainguard, MinimOS, Echo) without a release. Distributions OSV has no ecosystem for (Amazon Linux, Oracle
    /// Linux, Fedora, CentOS, CBL-Mariner, Bottlerocket ...) and Red Hat, whose OSV ecosystems name CPE product streams
    /// an os-release cannot give, have none.
    /// </summary>
    public static IReadOnlyList<string> OsEcosystems(string? distro, string? purlNamespace = null)
    {
        if (string.IsNullOrEmpty(distro)) return [];
        var whole = distro.ToLowerInvariant();
        var dash = DashedIds.Contains(whole, StringComparer.Ordinal) ? -1 : distro.LastIndexOf('-');  // versions hold no '-'
        var id = (dash < 0 ? distro : distro[..dash]).ToLowerInvariant();
        var version = dash < 0 ? "" : distro[(dash + 1)..];
        if (id.Length == 0 && purlNamespace is not null) id = purlNamespace;
        var parts = version.Split('.');
        var major = parts[0].Length > 0 && parts[0].All(char.IsAsciiDigit) ? parts[0] : null;
        var majorMinor = major is not null && parts.Length >= 2 ? parts[0] + "." + parts[1] : null;
        switch (id)
        {
            case "debian" when major is not null:
                return ["Debian:" + major];
            case "ubuntu" when majorMinor is not null:
                // OSV files Ubuntu advisories under "Ubuntu:22.04:LTS" for LTS releases (April of even years), else "Ubuntu:23.10".
                var lts = parts[1] == "04" && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year % 2 == 0;
                return lts ? ["Ubuntu:" + majorMinor + ":LTS", "Ubuntu:" + majorMinor] : ["Ubuntu:" + majorMinor];
            case "alpine" when majorMinor is not null:
                return ["Alpine:v" + majorMinor];
            case "rocky" when major is not null:
                return ["Rocky Linux:" + major];
            case "almalinux" when major is not null:
                return ["AlmaLinux:" + major];
            case "azurelinux" when major is not null:
                return ["Azure Linux:" + major];
            case "photon" when major is not null:
                return ["Photon OS:" + major + ".0"];
            case "mageia" when major is not null:
                return ["Mageia:" + major];
            case "opensuse-leap" when majorMinor is not null:
                return ["openSUSE:Leap " + majorMinor];
            case "opensuse-leap-micro" when majorMinor is not null:
                return ["openSUSE:Leap Micro " + majorMinor];
            case "opensuse-tumbleweed":
                return ["openSUSE:Tumbleweed"];
            case "sles" when major is not null:
                // VERSION_ID "15.3" is "SUSE Linux Enterprise Server 15 SP3"; "15" the release without a service pack.
                return ["SUSE:Linux Enterprise Server " + major + (parts.Length >= 2 && parts[1] != "0" ? " SP" + parts[1] : "")];
            case "sle-micro" when majorMinor is not null:
                return ["SUSE:Linux Enterprise Micro " + majorMinor];
            case "wolfi":
                return ["Wolfi"];
            case "chainguard":
                return ["Chainguard"];
            case "minimos":
                return ["MinimOS"];
            case "echo":
                return ["Echo"];
            default:
                return [];
        }
    }
}
