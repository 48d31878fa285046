using System.IO.Compression;
using System.Text;

namespace Palisade.Images.Catalogers.Java;

/// <summary>
/// Java archives (jar, war, ear, par, sar, nar, jpi, hpi, lpkg): one package per META-INF/maven/**/pom.properties, or,
/// when an archive has none, one package from META-INF/MANIFEST.MF and the file name; archives nested inside (a war's
/// WEB-INF/lib/*.jar, a Spring Boot jar's BOOT-INF/lib/*.jar) are read from memory the same way.
/// </summary>
/// <remarks>
/// Zip bombs and hostile nesting cost bounded work: the archive itself may be at most 64 MB, every entry read is cut
/// off at 64 MB and all entries read from one top-level archive at 256 MB in total (counted while decompressing; the
/// sizes the zip declares are not trusted), and archives nested more than 4 deep are refused. Exceeding a limit is a
/// <see cref="CatalogerException"/>. A nested archive that is not a readable zip is skipped (its container's own
/// packages are still reported); a corrupt top-level archive is a <see cref="CatalogerException"/>.
/// </remarks>
public sealed class JavaArchiveCataloger : DatabaseFileCataloger
{
    /// <summary>The largest archive (top-level file or one entry) read, in bytes.</summary>
    public const long MaxEntryBytes = 64L * 1024 * 1024;

    /// <summary>The most uncompressed bytes read from one top-level archive and everything nested in it.</summary>
    public const long MaxTotalBytes = 256L * 1024 * 1024;

    /// <summary>How many archives deep nesting is followed (the top-level archive is depth 0).</summary>
    public const int MaxDepth = 4;

    private static readonly string[] Extensions = [".jar", ".war", ".ear", ".par", ".sar", ".nar", ".jpi", ".hpi", ".lpkg"];

    public override string Name => "java-archive";

    public override bool Wants(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return IsArchiveName(path);
    }

    private static bool IsArchiveName(string path)
    {
        var slash = path.LastIndexOf('/');
        var file = slash < 0 ? path : path[(slash + 1)..];
        return file.Length > 4 && Extensions.Any(e => file.EndsWith(e, StringComparison.OrdinalIgnoreCase) && file.Length > e.Length);
    }

    /// <summary>Parses manifest text (see <see cref="JavaManifest.Parse"/>).</summary>
    public static JavaManifest ParseManifest(string text) => JavaManifest.Parse(text);

    /// <summary>Parses pom.properties text (see <see cref="PomProperties.Parse"/>).</summary>
    public static PomProperties ParsePomProperties(string text) => PomProperties.Parse(text);

    protected override IReadOnlyList<PackageRecord> Parse(string path, byte[] content, string? layerDigest, OsRelease? os)
    {
        if (content.LongLength > MaxEntryBytes)
            throw new CatalogerException(FormattableString.Invariant($"archive is {content.LongLength} bytes, over the {MaxEntryBytes / (1024 * 1024)} MB limit"), path);
        var packages = new List<PackageRecord>();
        var budget = new Budget(path);
        try
        {
            ReadArchive(path, FileName(path), content, 0, budget, layerDigest, packages);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or ArgumentException or OverflowException)
        {
            throw new CatalogerException("not a readable zip archive: " + e.Message, path, null, e);
        }
        var seen = new HashSet<(string Purl, string FoundIn)>();
        return packages.Where(p => seen.Add((p.Purl, p.FoundIn))).ToList();
    }

    private sealed class Budget(string path)
    {
        public string Path { get; } = path;

        public long Remaining { get; set; } = MaxTotalBytes;
    }

    private static void ReadArchive(string foundIn, string fileName, byte[] content, int depth, Budget budget, string? layerDigest, List<PackageRecord> packages)
    {
        using var stream = new MemoryStream(content, writable: false);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        string? manifestText = null;
        var poms = new List<(string Entry, PomProperties Pom)>();
        var nested = new List<ZipArchiveEntry>();
        foreach (var entry in zip.Entries)
        {
            var name = entry.FullName.Replace('\\', '/');
            if (name.EndsWith('/')) continue;
            if (manifestText is null && name.Equals("META-INF/MANIFEST.MF", StringComparison.OrdinalIgnoreCase))
                manifestText = Encoding.UTF8.GetString(ReadEntry(entry, budget, foundIn));
            else if (name.StartsWith("META-INF/maven/", StringComparison.OrdinalIgnoreCase) && name.EndsWith("/pom.properties", StringComparison.OrdinalIgnoreCase))
                poms.Add((name, PomProperties.Parse(Encoding.UTF8.GetString(ReadEntry(entry, budget, foundIn)))));
            else if (IsArchiveName(name))
                nested.Add(entry);
        }

        var manifest = manifestText is null ? null : JavaManifest.Parse(manifestText);
        AddPackages(foundIn, fileName, manifest, poms, layerDigest, packages);

        foreach (var entry in nested.OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            var nestedPath = foundIn + ":" + entry.FullName.Replace('\\', '/');
            if (depth + 1 > MaxDepth)
                throw new CatalogerException(FormattableString.Invariant($"archives nested more than {MaxDepth} deep ({nestedPath})"), budget.Path);
            byte[] bytes;
            try
            {
                bytes = ReadEntry(entry, budget, nestedPath);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
            {
                continue;
            }
            var found = new List<PackageRecord>();
            try
            {
                ReadArchive(nestedPath, FileName(entry.FullName), bytes, depth + 1, budget, layerDigest, found);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or ArgumentException or OverflowException)
            {
                continue; // not a zip (or a damaged one): skip it, keep the container's packages
            }
            packages.AddRange(found);
        }
    }

    /// <summary>Decompresses one entry, counting the bytes actually produced against the per-entry and total limits.</summary>
    private static byte[] ReadEntry(ZipArchiveEntry entry, Budget budget, string where)
    {
        using var input = entry.Open();
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        long total = 0;
        int n;
        while ((n = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += n;
            if (total > MaxEntryBytes)
                throw new CatalogerException(FormattableString.Invariant($"entry {entry.FullName} in {where} decompresses to more than {MaxEntryBytes / (1024 * 1024)} MB (zip bomb?)"), budget.Path);
            if (total > budget.Remaining)
                throw new CatalogerException(FormattableString.Invariant($"archive decompresses to more than {MaxTotalBytes / (1024 * 1024)} MB in total (zip bomb?) at {where}:{entry.FullName}"), budget.Path);
            output.Write(buffer, 0, n);
        }
        budget.Remaining -= total;
        return output.ToArray();
    }

    private static void AddPackages(string foundIn, string fileName, JavaManifest? manifest, List<(string Entry, PomProperties Pom)> poms, string? layerDigest, List<PackageRecord> packages)
    {
        var licenses = Licenses(manifest?.Get("Bundle-License"));
        var (stemName, stemVersion) = SplitFileName(fileName);
        var usable = poms.Where(p => p.Pom.ArtifactId is not null).OrderBy(p => p.Entry, StringComparer.Ordinal).ToList();
        if (usable.Count > 0)
        {
            foreach (var (_, pom) in usable)
            {
                var artifact = pom.ArtifactId!;
                // the manifest describes the archive itself: its licence belongs to the pom that is the archive
                var isSelf = usable.Count == 1 || string.Equals(artifact, stemName, StringComparison.OrdinalIgnoreCase);
                packages.Add(Package(pom.GroupId, artifact, pom.Version ?? "", isSelf ? licenses : [], foundIn, layerDigest));
            }
            return;
        }

        if (manifest is null && stemVersion is null) return;
        var group = GroupFrom(manifest);
        var name = NameFrom(manifest, stemName, stemVersion, group);
        if (string.IsNullOrEmpty(name)) return;
        var version = manifest?.Get("Implementation-Version") ?? manifest?.Get("Bundle-Version") ?? manifest?.Get("Plugin-Version")
            ?? manifest?.Get("Specification-Version") ?? manifest?.GetAnySection("Implementation-Version") ?? stemVersion ?? "";
        packages.Add(Package(group, name, version, licenses, foundIn, layerDigest));
    }

    private static PackageRecord Package(string? group, string artifact, string version, IReadOnlyList<string> licenses, string foundIn, string? layerDigest)
    {
        var purl = PackageUrl.Build("maven", string.IsNullOrEmpty(group) ? artifact : group, artifact, version);
        return new PackageRecord(artifact, version, "maven", purl, licenses, null, null, null, foundIn, layerDigest);
    }

    /// <summary>The name: the file name's when it carries a version, else the manifest's, else the bare file name.</summary>
    private static string? NameFrom(JavaManifest? manifest, string stemName, string? stemVersion, string? group)
    {
        string Strip(string n) =>
            group is not null && n.Length > group.Length + 1 && n.StartsWith(group + ".", StringComparison.Ordinal) ? n[(group.Length + 1)..] : n;

        if (stemVersion is not null && stemName.Length > 0) return Strip(stemName);
        if (manifest is not null)
        {
            if (manifest.Get("Bundle-SymbolicName") is { } symbolic)
            {
                var s = symbolic.Split(';')[0].Trim();
                if (s.Length > 0 && !s.Contains(' ', StringComparison.Ordinal)) return Strip(s);
            }
            foreach (var key in (string[])["Short-Name", "Extension-Name", "Implementation-Title", "Specification-Title", "Bundle-Name"])
            {
                if (manifest.Get(key) is { } v && !v.Any(char.IsWhiteSpace)) return Strip(v);
            }
        }
        return stemName.Length > 0 && !char.IsDigit(stemName[0]) ? Strip(stemName) : manifest?.Get("Implementation-Title");
    }

    /// <summary>A Maven group id from the manifest, when a field holds something that looks like one (reverse domain).</summary>
    private static string? GroupFrom(JavaManifest? manifest)
    {
        if (manifest is null) return null;
        if (manifest.Get("Group-Id") is { } jenkins && LooksLikeGroup(jenkins)) return jenkins;
        if (manifest.Get("Implementation-Vendor-Id") is { } vendor && LooksLikeGroup(vendor)) return vendor;
        if (manifest.Get("Automatic-Module-Name") is { } module)
        {
            var dot = module.LastIndexOf('.');
            if (dot > 0 && LooksLikeGroup(module[..dot])) return module[..dot];
        }
        return null;
    }

    private static bool LooksLikeGroup(string value) =>
        value.Contains('.', StringComparison.Ordinal) && value.Length <= 200 &&
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') &&
        !value.StartsWith('.') && !value.EndsWith('.');

    /// <summary>"commons-lang3-3.12.0.jar" is ("commons-lang3", "3.12.0"): the version starts at the first '-' before a digit.</summary>
    internal static (string Name, string? Version) SplitFileName(string fileName)
    {
        var dot = fileName.LastIndexOf('.');
        var stem = dot > 0 ? fileName[..dot] : fileName;
        for (var i = 1; i + 1 < stem.Length; i++)
        {
            if (stem[i] == '-' && char.IsAsciiDigit(stem[i + 1])) return (stem[..i], stem[(i + 1)..]);
        }
        return (stem, null);
    }

    private static string FileName(string path)
    {
        var p = path.Replace('\\', '/');
        var slash = p.LastIndexOf('/');
        return slash < 0 ? p : p[(slash + 1)..];
    }

    /// <summary>Bundle-License: comma-separated licences, each optionally followed by ";description=...;link=...".</summary>
    private static IReadOnlyList<string> Licenses(string? field)
    {
        if (string.IsNullOrWhiteSpace(field)) return [];
        var result = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        foreach (var c in field + ",")
        {
            if (c == '"') quoted = !quoted;
            if (c == ',' && !quoted)
            {
                var license = sb.ToString().Split(';')[0].Trim().Trim('"').Trim();
                if (license.Length > 0 && !result.Contains(license, StringComparer.Ordinal)) result.Add(license);
                sb.Clear();
                continue;
            }
            sb.Append(c);
        }
        return result;
    }
}
