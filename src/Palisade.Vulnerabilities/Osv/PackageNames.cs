using System.Text;

namespace Palisade.Vulnerabilities.Osv;

/// <summary>
/// Package names in the form they are compared in, per OSV ecosystem, so that a package found in an image and the
/// name an advisory gives meet in one index seek. Used both when importing advisories and when looking them up.
/// </summary>
public static class PackageNames
{
    /// <summary>
    /// The ecosystem without its release or repository suffix: the part before the first ':'
    /// (<c>Debian:12</c> → <c>Debian</c>, <c>Ubuntu:22.04:LTS</c> → <c>Ubuntu</c>, <c>Maven:https://...</c> → <c>Maven</c>).
    /// </summary>
    public static string EcosystemBase(string ecosystem)
    {
        ArgumentNullException.ThrowIfNull(ecosystem);
        var colon = ecosystem.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? ecosystem : ecosystem[..colon];
    }

    /// <summary>
    /// The name as compared: PyPI per PEP 503 (lower case, runs of <c>-_.</c> become one <c>-</c>); NuGet, Packagist
    /// and GitHub Actions case-insensitively (lower case); crates.io lower case with <c>_</c> as <c>-</c> (crates.io
    /// refuses names that differ only so); npm (scopes kept), Maven <c>group:artifact</c>, Go module paths, RubyGems
    /// and the Linux distributions (Debian, Ubuntu, Alpine, Red Hat, ...) exactly as written.
    /// </summary>
    public static string Normalize(string ecosystem, string name)
    {
        ArgumentNullException.ThrowIfNull(ecosystem);
        ArgumentNullException.ThrowIfNull(name);
        return EcosystemBase(ecosystem) switch
        {
            "PyPI" => Pep503(name),
            "NuGet" or "Packagist" or "GitHub Actions" => name.ToLowerInvariant(),
            "crates.io" => name.ToLowerInvariant().Replace('_', '-'),
            _ => name,
        };
    }

    /// <summary>PEP 503 normalisation: lower case, every run of <c>-</c>, <c>_</c> and <c>.</c> replaced by one <c>-</c>.</summary>
    public static string Pep503(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var clean = true;
        for (var i = 0; i < name.Length && clean; i++)
        {
            var ch = name[i];
            if (char.IsUpper(ch) || ch is '_' or '.' || (ch == '-' && i > 0 && name[i - 1] == '-')) clean = false;
        }
        if (clean) return name;
        var sb = new StringBuilder(name.Length);
        var inRun = false;
        foreach (var ch in name)
        {
            if (ch is '-' or '_' or '.')
            {
                if (!inRun) sb.Append('-');
                inRun = true;
                continue;
            }
            inRun = false;
            sb.Append(char.ToLowerInvariant(ch));
        }
        return sb.ToString();
    }
}
