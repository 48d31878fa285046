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
        }
        return packages;
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
