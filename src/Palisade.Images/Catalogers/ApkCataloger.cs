namespace Palisade.Images.Catalogers;

/// <summary>
/// Alpine (and Wolfi) packages from apk's lib/apk/db/installed: one paragraph per package, single-letter keys compared
/// exactly (P name, V version, A architecture, o origin, L licence; lower-case letters are other fields).
/// </summary>
public sealed class ApkCataloger : DatabaseFileCataloger
{
    private const string InstalledFile = "lib/apk/db/installed";

    public override string Name => "apk";

    public override bool Wants(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path == InstalledFile;
    }

    protected override IReadOnlyList<PackageRecord> Parse(string path, byte[] content, string? layerDigest, OsRelease? os)
    {
        var stanzas = StanzaParser.Parse(content, path);
        if (stanzas.Count > 0 && !stanzas.Any(s => s.Has("P", StringComparison.Ordinal)))
            throw new CatalogerException("no \"P:\" field in any entry: not an apk installed database", path, stanzas[0].Line);
        var packages = new List<PackageRecord>();
        foreach (var stanza in stanzas)
        {
            var name = stanza.Get("P", StringComparison.Ordinal)?.Trim();
            if (string.IsNullOrEmpty(name)) continue;
            var version = stanza.Get("V", StringComparison.Ordinal)?.Trim() ?? "";
            var arch = NullIfEmpty(stanza.Get("A", StringComparison.Ordinal));
            var origin = NullIfEmpty(stanza.Get("o", StringComparison.Ordinal));
            var purl = PackageUrl.Build("apk", os?.Id ?? "alpine", name, version, [
                new("arch", arch),
                new("distro", os?.Distro),
                new("upstream", origin),
            ]);
            packages.Add(new PackageRecord(name, version, "apk", purl, SplitLicenses(stanza.Get("L", StringComparison.Ordinal)), origin, null, arch, path, layerDigest));
        }
        return packages;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
