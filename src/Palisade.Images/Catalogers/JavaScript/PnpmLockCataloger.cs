namespace Palisade.Images.Catalogers.JavaScript;

/// <summary>
/// pnpm lock files (pnpm-lock.yaml outside node_modules), every YAML document of the file: the keys of "packages" (and of
/// v9 "snapshots") in the v5 form <c>/name/1.0.0_peer</c>, the v6 form <c>/name@1.0.0(peer@2.0.0)</c> and the v9 form
/// <c>name@1.0.0(peer@2.0.0)</c>, peer suffixes dropped and explicit name/version fields preferred; plus the direct
/// dependencies (top-level "dependencies", "devDependencies", "optionalDependencies" before v9, and those of each
/// "importers" project), whose values are a version or a map with "version". Local links (link:, file:, workspace:)
/// and URL versions are skipped. One record per name@version.
/// </summary>
public sealed class PnpmLockCataloger : DatabaseFileCataloger
{
    private static readonly string[] DependencyKinds = ["dependencies", "devDependencies", "optionalDependencies", "packageManagerDependencies"];

    public override string Name => "pnpm-lock";

    public override bool Wants(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Npm.FileName(path) == "pnpm-lock.yaml" && !Npm.IsInsideNodeModules(path);
    }

    protected override IReadOnlyList<PackageRecord> Parse(string path, byte[] content, string? layerDigest, OsRelease? os)
    {
        var documents = MiniYaml.ReadDocuments(Npm.DecodeText(content, path), path);
        var packages = new List<PackageRecord>();
        var seen = new HashSet<(string, string)>();
        void Add((string Name, string Version)? package)
        {
            if (package is { } p) Npm.AddUnique(packages, seen, Npm.Record(p.Name, p.Version, [], path, layerDigest));
        }

        foreach (var doc in documents)
        {
            var slashKeys = SlashKeys(doc["lockfileVersion"]?.Scalar);
            foreach (var section in (ReadOnlySpan<string>)["packages", "snapshots"])
            {
                if (doc[section] is not { IsMap: true } map) continue;
                foreach (var (key, entry) in map.Entries)
                {
                    var fromKey = ParseKey(key, slashKeys);
                    if (entry is { IsMap: true } && entry["name"]?.Scalar is { } explicitName && entry["version"]?.Scalar is { } explicitVersion)
                        fromKey = Checked(explicitName, explicitVersion);
                    Add(fromKey);
                }
            }
            ReadDependencies(doc, slashKeys, Add);
            if (doc["importers"] is { IsMap: true } importers)
            {
                foreach (var (_, importer) in importers.Entries)
                {
                    if (importer.IsMap) ReadDependencies(importer, slashKeys, Add);
                }
            }
        }
        return packages;
    }

    private static void ReadDependencies(YamlNode owner, bool slashKeys, Action<(string, string)?> add)
    {
        foreach (var kind in DependencyKinds)
        {
            if (owner[kind] is not { IsMap: true } deps) continue;
            foreach (var (name, value) in deps.Entries)
            {
                var version = value.IsMap ? value["version"]?.Scalar : value.Scalar;
                if (version is null) continue;
                version = version.Trim();
                // An alias or non-registry dependency points at a package key: "/real/1.0.0", "/real@1.0.0", "real@1.0.0".
                var bare = slashKeys ? StripPeers(version) : version[..CutIndex(version)];
                if (version.StartsWith('/') || bare.IndexOf('@', 1) > 0)
                    add(ParseKey(version, slashKeys));
                else
                    add(Checked(name, StripPeers(version)));
            }
        }
    }

    /// <summary>Whether package keys use the v5 "/name/version" form (lockfileVersion below 6).</summary>
    private static bool SlashKeys(string? lockfileVersion)
    {
        if (string.IsNullOrWhiteSpace(lockfileVersion)) return false;
        var major = lockfileVersion.Trim().Split('.')[0];
        return int.TryParse(major, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var m) && m < 6;
    }

    private static (string Name, string Version)? ParseKey(string key, bool slashKeys)
    {
        var k = key.Trim();
        if (k.StartsWith('/')) k = k[1..];
        if (k.Length == 0) return null;
        if (slashKeys && k.IndexOf('@', 1) is var at && (at < 0 || at > SlashVersionStart(k)))
        {
            var start = SlashVersionStart(k);
            if (start < 0) return null;
            return Checked(k[..(start - 1)], StripPeers(k[start..]));
        }
        k = k[..CutIndex(k)];
        return Npm.SplitAtVersion(k) is { } split ? Checked(split.Name, split.Range) : null;
    }

    /// <summary>Where the version starts in "name/1.0.0" or "@scope/name/1.0.0"; -1 when there is no version segment.</summary>
    private static int SlashVersionStart(string k)
    {
        var slash = k.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return -1;
        if (k[0] == '@')
        {
            slash = k.IndexOf('/', slash + 1);
            if (slash < 0) return -1;
        }
        return slash + 1;
    }

    /// <summary>The end of the part before a peer suffix: the first '(' (v6+).</summary>
    private static int CutIndex(string s)
    {
        var paren = s.IndexOf('(', StringComparison.Ordinal);
        return paren < 0 ? s.Length : paren;
    }

    /// <summary>"1.0.0(peer@2.0.0)" or the v5 "1.0.0_peer@2.0.0" without its peer suffix.</summary>
    private static string StripPeers(string version)
    {
        version = version[..CutIndex(version)];
        var underscore = version.IndexOf('_', StringComparison.Ordinal);
        return underscore < 0 ? version : version[..underscore];
    }

    private static (string Name, string Version)? Checked(string name, string version)
    {
        name = name.Trim();
        version = version.Trim();
        if (version.Length == 0 || version.Contains("://", StringComparison.Ordinal) || version.Contains('/', StringComparison.Ordinal) ||
            version.StartsWith("link:", StringComparison.Ordinal) || version.StartsWith("file:", StringComparison.Ordinal) ||
            version.StartsWith("workspace:", StringComparison.Ordinal)) return null;
        return Npm.IsValidName(name) ? (name, version) : null;
    }
}
