namespace Palisade.Images.Catalogers;

/// <summary>
/// Debian packages from dpkg's status database: var/lib/dpkg/status, and distroless images' one-file-per-package
/// var/lib/dpkg/status.d/* (control-file companions such as *.md5sums are skipped). When an entry has a Status field
/// only installed packages count (state "installed": "install ok installed", "hold ok installed"); half-installed,
/// config-files-only and not-installed entries are ignored. Entries with an empty Package are ignored.
/// </summary>
public sealed class DpkgCataloger : DatabaseFileCataloger
{
    private const string StatusFile = "var/lib/dpkg/status";
    private const string StatusDir = "var/lib/dpkg/status.d/";

    private static readonly string[] CompanionSuffixes =
        [".md5sums", ".preinst", ".postinst", ".prerm", ".postrm", ".conffiles", ".list", ".triggers", ".shlibs", ".symbols", ".templates", ".config"];

    public override string Name => "dpkg";

    public override bool Wants(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == StatusFile) return true;
        if (!path.StartsWith(StatusDir, StringComparison.Ordinal)) return false;
        var file = path[StatusDir.Length..];
        return file.Length > 0 && !file.Contains('/', StringComparison.Ordinal) && !file.StartsWith('.') &&
            !CompanionSuffixes.Any(s => file.EndsWith(s, StringComparison.Ordinal));
    }

    protected override IReadOnlyList<PackageRecord> Parse(string path, byte[] content, string? layerDigest, OsRelease? os)
    {
        var stanzas = StanzaParser.Parse(content, path);
        if (stanzas.Count > 0 && !stanzas.Any(s => s.Has("Package")))
            throw new CatalogerException("no \"Package:\" field in any entry: not a dpkg status database", path, stanzas[0].Line);
        var packages = new List<PackageRecord>();
        var relations = new List<string?>();
        foreach (var stanza in stanzas)
        {
            var name = stanza.Get("Package")?.Trim();
            if (string.IsNullOrEmpty(name)) continue;
            if (stanza.Get("Status") is { } status && !IsInstalled(status)) continue;
            var version = stanza.Get("Version")?.Trim() ?? "";
            var arch = NullIfEmpty(stanza.Get("Architecture"));
            var (sourceName, sourceVersion) = ParseSource(stanza.Get("Source"));
            var purl = PackageUrl.Build("deb", os?.Id ?? "debian", name, version, [
                new("arch", arch),
                new("distro", os?.Distro),
                new("upstream", sourceName),
            ]);
            packages.Add(new PackageRecord(name, version, "deb", purl, SplitLicenses(stanza.Get("License")), sourceName, sourceVersion, arch, path, layerDigest));
            relations.Add(string.Join(", ", new[] { stanza.Get("Pre-Depends"), stanza.Get("Depends") }.Where(d => !string.IsNullOrWhiteSpace(d))) + "\u0000" + stanza.Get("Provides"));
        }
        return WithDependencies(packages, relations);
    }

    /// <summary>
    /// Pre-Depends and Depends, resolved among the installed packages: of "a | b" the first alternative installed (or
    /// provided, through Provides, by an installed package); version constraints and ":any" qualifiers are dropped.
    /// </summary>
    private static List<PackageRecord> WithDependencies(List<PackageRecord> packages, List<string?> relations)
    {
        var byName = new Dictionary<string, PackageKey>(StringComparer.Ordinal);
        var provides = new Dictionary<string, PackageKey>(StringComparer.Ordinal);
        for (var i = 0; i < packages.Count; i++)
        {
            var key = new PackageKey(packages[i].Name, packages[i].Version);
            byName.TryAdd(packages[i].Name, key);
            var provided = relations[i]![(relations[i]!.IndexOf('\u0000', StringComparison.Ordinal) + 1)..];
            foreach (var p in provided.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) provides.TryAdd(BareName(p), key);
        }
        for (var i = 0; i < packages.Count; i++)
        {
            var depends = relations[i]![..relations[i]!.IndexOf('\u0000', StringComparison.Ordinal)];
            if (depends.Length == 0) continue;
            var deps = new List<PackageKey>();
            foreach (var group in depends.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                foreach (var alternative in group.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var name = BareName(alternative);
                    if (!byName.TryGetValue(name, out var found) && !provides.TryGetValue(name, out found)) continue;
                    if (found.Name != packages[i].Name && !deps.Contains(found)) deps.Add(found);
                    break;
                }
            }
            packages[i] = packages[i] with { DependsOn = deps };
        }
        return packages;
    }

    /// <summary>"libc6:any (>= 2.34)" -> "libc6".</summary>
    private static string BareName(string relation)
    {
        var end = relation.IndexOfAny([' ', '(', ':', '\t', '[', '<']);
        return end < 0 ? relation : relation[..end];
    }

    /// <summary>Status is "want flag state"; the package is on disk when the state is "installed".</summary>
    public static bool IsInstalled(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var words = status.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 3 && words[2] == "installed" && words[0] is not ("deinstall" or "purge");
    }

    /// <summary>"Source: name" or "Source: name (version)".</summary>
    public static (string? Name, string? Version) ParseSource(string? field)
    {
        if (string.IsNullOrWhiteSpace(field)) return (null, null);
        var text = field.Trim();
        var open = text.IndexOf('(', StringComparison.Ordinal);
        if (open < 0) return (text, null);
        var close = text.IndexOf(')', open);
        var name = NullIfEmpty(text[..open]);
        var version = NullIfEmpty(close < 0 ? text[(open + 1)..] : text[(open + 1)..close]);
        return (name, version);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
