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
        var depends = new List<string[]>();
        var byName = new Dictionary<string, PackageKey>(StringComparer.Ordinal);
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
            depends.Add(Tokens(stanza.Get("D", StringComparison.Ordinal)));
            var key = new PackageKey(name, version);
            byName.TryAdd(name, key);
            foreach (var provided in Tokens(stanza.Get("p", StringComparison.Ordinal))) byName.TryAdd(BareName(provided), key);
        }
        // D: "so:libc.musl-x86_64.so.1 busybox=1.36.1-r2 !conflict": each resolved through the names and provides (p:)
        // of the installed packages; "!" entries are conflicts, not dependencies.
        for (var i = 0; i < packages.Count; i++)
        {
            var deps = depends[i].Where(d => !d.StartsWith('!'))
                .Select(d => byName.TryGetValue(BareName(d), out var k) ? k : (PackageKey?)null)
                .OfType<PackageKey>().Where(k => k.Name != packages[i].Name).Distinct().ToList();
            if (deps.Count > 0) packages[i] = packages[i] with { DependsOn = deps };
        }
        return packages;
    }

    private static string[] Tokens(string? field) =>
        string.IsNullOrWhiteSpace(field) ? [] : field.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>"busybox=1.36" / "so:libz.so.1>=1.2" -> the name before any version operator.</summary>
    private static string BareName(string token)
    {
        var end = token.IndexOfAny(['=', '<', '>', '~']);
        return end <= 0 ? token : token[..end];
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
