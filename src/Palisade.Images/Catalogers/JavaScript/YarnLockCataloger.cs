namespace Palisade.Images.Catalogers.JavaScript;

/// <summary>
/// Yarn lock files (yarn.lock outside node_modules), both the classic v1 text format
/// (<c>"a@^1", a@~1:</c> headers, <c>version "1.2.3"</c> fields) and the berry (v2+) YAML-like one
/// (<c>"a@npm:^1, a@npm:~1":</c> headers, <c>version: 1.2.3</c>, <c>resolution: "a@npm:1.2.3"</c>). The name comes from the
/// entry's first descriptor (an <c>npm:real@range</c> alias names the real package); in v1 a registry tarball URL in
/// "resolved" (<c>.../NAME/-/FILE.tgz</c>) names the package actually installed. Berry workspace entries (the project
/// itself) and the __metadata block are skipped. One record per name@version.
/// </summary>
public sealed class YarnLockCataloger : DatabaseFileCataloger
{
    public override string Name => "yarn-lock";

    public override bool Wants(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Npm.FileName(path) == "yarn.lock" && !Npm.IsInsideNodeModules(path);
    }

    private sealed class Entry(string header, int line)
    {
        public string Header { get; } = header;
        public int Line { get; } = line;
        public string? Version { get; set; }
        public string? Resolved { get; set; }
        public string? Resolution { get; set; }
        public int FieldIndent { get; set; } = -1;
    }

    protected override IReadOnlyList<PackageRecord> Parse(string path, byte[] content, string? layerDigest, OsRelease? os)
    {
        var text = Npm.DecodeText(content, path);
        var entries = new List<Entry>();
        Entry? current = null;
        var lineNo = 0;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            lineNo++;
            var line = raw.TrimEnd();
            var trimmed = line.TrimStart();
            if (trimmed.IsEmpty || trimmed[0] == '#') continue;
            var indent = line.Length - trimmed.Length;
            if (indent == 0)
            {
                if (line[^1] != ':') throw new CatalogerException($"expected an entry header ending in ':' but found \"{Excerpt(line)}\"", path, lineNo);
                current = new Entry(line[..^1].ToString(), lineNo);
                entries.Add(current);
                continue;
            }
            if (current is null) throw new CatalogerException("indented line before any entry header", path, lineNo);
            if (current.FieldIndent < 0) current.FieldIndent = indent;
            if (indent != current.FieldIndent) continue; // nested maps: dependencies, bin, peerDependenciesMeta ...
            if (ReadField(trimmed) is not { } field)
                throw new CatalogerException($"malformed field \"{Excerpt(trimmed)}\"", path, lineNo);
            switch (field.Key)
            {
                case "version": current.Version = field.Value; break;
                case "resolved": current.Resolved = field.Value; break;
                case "resolution": current.Resolution = field.Value; break;
            }
        }

        var packages = new List<PackageRecord>();
        var seen = new HashSet<(string, string)>();
        foreach (var entry in entries)
        {
            if (ToPackage(entry) is { } package) Npm.AddUnique(packages, seen, Npm.Record(package.Name, package.Version, [], path, layerDigest));
        }
        return packages;
    }

    private static (string Name, string Version)? ToPackage(Entry entry)
    {
        if (string.IsNullOrWhiteSpace(entry.Version)) return null;
        var first = entry.Header.Split(',', 2)[0].Trim().Trim('"', '\'').Trim();
        if (first == "__metadata") return null;
        if (Npm.SplitAtVersion(first) is not { } spec) return null;
        var (name, range) = spec;
        if (range.StartsWith("workspace:", StringComparison.Ordinal) ||
            entry.Resolution?.Contains("@workspace:", StringComparison.Ordinal) == true) return null;
        if (range.StartsWith("npm:", StringComparison.Ordinal) && Npm.SplitAtVersion(range[4..]) is { } alias) name = alias.Name;
        if (RegistryName(entry.Resolved) is { } installed) name = installed;
        return Npm.IsValidName(name) ? (name, entry.Version.Trim()) : null;
    }

    /// <summary>The package name in a registry tarball URL: https://host/NAME/-/FILE.tgz or https://host/@SCOPE/NAME/-/FILE.tgz.</summary>
    private static string? RegistryName(string? resolved)
    {
        if (resolved is null || !Uri.TryCreate(resolved, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return null;
        var pathPart = Uri.UnescapeDataString(uri.AbsolutePath);
        var dash = pathPart.IndexOf("/-/", StringComparison.Ordinal);
        if (dash <= 1) return null;
        var segments = pathPart[1..dash].Split('/');
        var name = segments.Length >= 2 && segments[^2].StartsWith('@') ? segments[^2] + "/" + segments[^1] : segments[^1];
        return Npm.IsValidName(name) ? name : null;
    }

    /// <summary>A field line: v1 <c>key value</c> / <c>"key" "value"</c>, or berry <c>key: value</c>; the value unquoted.</summary>
    private static (string Key, string Value)? ReadField(ReadOnlySpan<char> line)
    {
        string key;
        ReadOnlySpan<char> rest;
        if (line[0] is '"' or '\'')
        {
            var close = line[1..].IndexOf(line[0]);
            if (close < 0) return null;
            key = line.Slice(1, close).ToString();
            rest = line[(close + 2)..];
        }
        else
        {
            var end = line.IndexOfAny(' ', ':');
            if (end < 0) return null;
            key = line[..end].ToString();
            rest = line[end..];
        }
        if (rest.StartsWith(":")) rest = rest[1..];
        rest = rest.Trim();
        if (rest.Length >= 2 && rest[0] is '"' or '\'' && rest[^1] == rest[0]) rest = rest[1..^1];
        return (key, rest.ToString());
    }

    private static string Excerpt(ReadOnlySpan<char> s) => s.Length <= 60 ? s.ToString() : s[..60].ToString() + "...";
}
