using System.Runtime.InteropServices;
using System.Text.Json;
using Palisade.Images.Layers;

namespace Palisade.Images.Sources;

/// <summary>os/architecture[/variant], as in an image index.</summary>
public sealed record Platform(string Os, string Architecture, string? Variant = null)
{
    /// <summary>This machine's platform (linux/amd64, linux/arm64 ...).</summary>
    public static Platform Current { get; } = new("linux", RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        System.Runtime.InteropServices.Architecture.S390x => "s390x",
        System.Runtime.InteropServices.Architecture.Ppc64le => "ppc64le",
        _ => "amd64",
    });

    public static Platform Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
            throw new ArgumentException($"invalid platform '{text}': expected os/arch[/variant], e.g. linux/arm64/v8");
        return new Platform(parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
    }

    public bool Matches(Platform other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Os == other.Os && Architecture == other.Architecture && (Variant is null || other.Variant is null || Variant == other.Variant);
    }

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}

/// <summary>A content descriptor: what a manifest or index points at.</summary>
public sealed record Descriptor(string MediaType, string Digest, long Size, IReadOnlyDictionary<string, string> Annotations, Platform? Platform)
{
    internal static Descriptor Read(JsonElement e, string where)
    {
        var digest = e.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : throw new ImageFormatException($"{where}: a descriptor has no digest");
        Digests.Parse(digest);
        var size = e.TryGetProperty("size", out var s) && s.TryGetInt64(out var n) ? n : -1;
        if (size < 0) throw new ImageFormatException($"{where}: descriptor {digest} has no valid size");
        var media = e.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (e.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object)
            foreach (var p in a.EnumerateObject())
                if (p.Value.ValueKind == JsonValueKind.String) annotations[p.Name] = p.Value.GetString()!;
        Platform? platform = null;
        if (e.TryGetProperty("platform", out var pl) && pl.ValueKind == JsonValueKind.Object &&
            pl.TryGetProperty("os", out var os) && pl.TryGetProperty("architecture", out var arch))
            platform = new Platform(os.GetString() ?? "", arch.GetString() ?? "", pl.TryGetProperty("variant", out var v) ? v.GetString() : null);
        return new Descriptor(media, digest, size, annotations, platform);
    }
}

/// <summary>An image ready to read: its manifest, config and layers, from one source.</summary>
public sealed class ResolvedImage
{
    internal ResolvedImage(string source, string? manifestDigest, byte[] config, string configDigest, IReadOnlyList<LayerRef> layers, IReadOnlyList<string> tags)
    {
        Source = source;
        ManifestDigest = manifestDigest;
        Config = config;
        ConfigDigest = configDigest;
        Layers = layers;
        Tags = tags;
        using var doc = JsonDocument.Parse(config);
        DiffIds = doc.RootElement.TryGetProperty("rootfs", out var rootfs) && rootfs.TryGetProperty("diff_ids", out var ids) && ids.ValueKind == JsonValueKind.Array
            ? ids.EnumerateArray().Select(i => i.GetString() ?? "").ToList()
            : [];
    }

    public string Source { get; }
    public string? ManifestDigest { get; }
    public byte[] Config { get; }
    public string ConfigDigest { get; }
    public IReadOnlyList<LayerRef> Layers { get; }
    public IReadOnlyList<string> Tags { get; }

    /// <summary>The config's rootfs.diff_ids: digests of the uncompressed layers.</summary>
    public IReadOnlyList<string> DiffIds { get; }

    /// <summary>Streams every layer, in order, into a file tree; each blob's digest is checked as it is read.</summary>
    public VirtualFileTree ReadFileSystem(CaptureRule? capture = null, LayerLimits? limits = null)
    {
        var applier = new LayerApplier(capture, limits);
        foreach (var layer in Layers)
        {
            using var blob = layer.Open();
            applier.Apply(new KeepOpen(blob), layer.Digest);
            Digests.Finish(blob);
        }
        return applier.Tree;
    }

    private sealed class KeepOpen(Stream inner) : ReadOnlyStream
    {

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

    }
}

/// <summary>One layer: its digest (as the source names it) and how to open its verified blob.</summary>
public sealed record LayerRef(string Digest, string MediaType, long Size, Func<Stream> Open);

/// <summary>
/// Opens images from local sources: <c>oci:DIR[:TAG]</c> (an OCI image layout), <c>oci-archive:FILE[:TAG]</c> (the same in
/// a tar), <c>docker-archive:FILE</c> (<c>docker save</c> / skopeo output). Indexes and manifest lists pick the requested
/// platform. Nothing is extracted to disk.
/// </summary>
public static class ImageSources
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    public static ResolvedImage Open(string source, Platform? platform = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        platform ??= Platform.Current;
        if (source.StartsWith("oci:", StringComparison.Ordinal))
        {
            var (dir, tag) = SplitTag(source["oci:".Length..], Directory.Exists);
            if (!Directory.Exists(dir)) throw new ImageFormatException($"{dir}: no such OCI layout directory");
            var store = new DirectoryBlobStore(dir);
            var indexPath = Path.Combine(dir, "index.json");
            if (!File.Exists(indexPath)) throw new ImageFormatException($"{dir}: not an OCI image layout (no index.json)");
            return FromLayout(source, File.ReadAllBytes(indexPath), store, tag, platform);
        }
        if (source.StartsWith("oci-archive:", StringComparison.Ordinal))
        {
            var (file, tag) = SplitTag(source["oci-archive:".Length..], File.Exists);
            var index = new TarArchiveIndex(RequireFile(file));
            if (!index.Contains("index.json")) throw new ImageFormatException($"{file}: not an OCI archive (no index.json)");
            using var s = index.Open("index.json");
            return FromLayout(source, Digests.ReadBounded(s, 16L << 20, "index.json"), new ArchiveBlobStore(index), tag, platform);
        }
        if (source.StartsWith("docker-archive:", StringComparison.Ordinal))
            return FromDockerArchive(source, RequireFile(source["docker-archive:".Length..]));
        throw new ImageFormatException($"unknown image source '{source}': use oci:DIR[:TAG], oci-archive:FILE[:TAG] or docker-archive:FILE");
    }

    private static string RequireFile(string file) => File.Exists(file) ? file : throw new ImageFormatException($"{file}: no such file");

    /// <summary>"path:tag" where the path itself may contain ':' — the tag is split off only if the rest exists.</summary>
    private static (string Path, string? Tag) SplitTag(string spec, Func<string, bool> exists)
    {
        if (exists(spec)) return (spec, null);
        var colon = spec.LastIndexOf(':');
        return colon > 0 && !spec[(colon + 1)..].Contains('/', StringComparison.Ordinal) ? (spec[..colon], spec[(colon + 1)..]) : (spec, null);
    }

    private static JsonDocument ParseJson(byte[] bytes, string what)
    {
        try
        {
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new ImageFormatException($"{what} is not valid JSON: {e.Message}");
        }
    }

    private static ResolvedImage FromLayout(string source, byte[] indexJson, IBlobStore store, string? tag, Platform platform)
    {
        using var index = ParseJson(indexJson, "index.json");
        var manifests = Manifests(index.RootElement, "index.json");
        if (tag is not null)
        {
            manifests = manifests.Where(m => m.Annotations.TryGetValue("org.opencontainers.image.ref.name", out var name) && name == tag).ToList();
            if (manifests.Count == 0) throw new ImageFormatException($"{source}: no image tagged '{tag}' in the layout");
        }
        var chosen = manifests.Count == 1 ? manifests[0] : PickPlatform(manifests, platform, source);
        return FromDescriptor(source, chosen, store, platform, depth: 0);
    }

    private static List<Descriptor> Manifests(JsonElement root, string where)
    {
        if (!root.TryGetProperty("manifests", out var list) || list.ValueKind != JsonValueKind.Array)
            throw new ImageFormatException($"{where}: no manifests");
        var result = list.EnumerateArray().Select(e => Descriptor.Read(e, where)).ToList();
        if (result.Count == 0) throw new ImageFormatException($"{where}: the manifest list is empty");
        return result;
    }

    private static Descriptor PickPlatform(List<Descriptor> manifests, Platform platform, string source)
    {
        var match = manifests.FirstOrDefault(m => m.Platform is { } p && p.Matches(platform));
        if (match is not null) return match;
        var available = string.Join(", ", manifests.Select(m => m.Platform?.ToString() ?? "(no platform)"));
        throw new ImageFormatException($"{source}: no image for {platform} (available: {available}); choose one with --platform");
    }

    /// <summary>The image a manifest or index descriptor leads to (an index picks <paramref name="platform"/>).</summary>
    public static ResolvedImage FromDescriptor(string source, Descriptor descriptor, IBlobStore store, Platform platform, int depth = 0)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(platform);
        if (depth > 4) throw new ImageFormatException($"{source}: indexes nested too deeply");
        var bytes = Digests.ReadAll(store, descriptor.Digest, manifest: true);
        using var doc = ParseJson(bytes, $"manifest {descriptor.Digest}");
        var root = doc.RootElement;
        var media = descriptor.MediaType.Length > 0 ? descriptor.MediaType
            : root.TryGetProperty("mediaType", out var m) ? m.GetString() ?? "" : "";
        if (media is OciIndex or DockerList || (media.Length == 0 && root.TryGetProperty("manifests", out _)))
        {
            var list = Manifests(root, $"index {descriptor.Digest}");
            return FromDescriptor(source, list.Count == 1 ? list[0] : PickPlatform(list, platform, source), store, platform, depth + 1);
        }
        if (!root.TryGetProperty("config", out var configElement) || !root.TryGetProperty("layers", out var layersElement) || layersElement.ValueKind != JsonValueKind.Array)
            throw new ImageFormatException($"manifest {descriptor.Digest}: not an image manifest (no config or layers)");
        var config = Descriptor.Read(configElement, $"manifest {descriptor.Digest}");
        var layers = layersElement.EnumerateArray().Select(e => Descriptor.Read(e, $"manifest {descriptor.Digest}"))
            .Select(d => new LayerRef(d.Digest, d.MediaType, d.Size, () => store.Open(d.Digest, d.Size)))
            .ToList();
        var tags = descriptor.Annotations.TryGetValue("org.opencontainers.image.ref.name", out var tag) ? new[] { tag } : [];
        return new ResolvedImage(source, descriptor.Digest, Digests.ReadAll(store, config.Digest), config.Digest, layers, tags);
    }

    private static ResolvedImage FromDockerArchive(string source, string file)
    {
        var index = new TarArchiveIndex(file);
        if (!index.Contains("manifest.json")) throw new ImageFormatException($"{file}: not a docker archive (no manifest.json)");
        byte[] manifestJson;
        using (var s = index.Open("manifest.json")) manifestJson = Digests.ReadBounded(s, 16L << 20, "manifest.json");
        using var doc = ParseJson(manifestJson, "manifest.json");
        if (doc.RootElement.ValueKind != JsonValueKind.Array || doc.RootElement.GetArrayLength() == 0)
            throw new ImageFormatException($"{file}: manifest.json lists no image");
        if (doc.RootElement.GetArrayLength() > 1)
            throw new ImageFormatException($"{file}: the archive holds {doc.RootElement.GetArrayLength()} images; save one image per archive");
        var entry = doc.RootElement[0];
        var configPath = entry.TryGetProperty("Config", out var c) ? c.GetString() : null;
        if (configPath is null || !index.Contains(configPath)) throw new ImageFormatException($"{file}: the image config is missing");
        byte[] config;
        using (var s = index.Open(configPath)) config = Digests.ReadBounded(s, 16L << 20, configPath);
        var configDigest = Digests.Sha256(config);
        if (BlobDigest(configPath) is { } named && named != configDigest)
            throw new ImageFormatException($"digest mismatch: expected {named}, content has {configDigest}");
        var layerPaths = entry.TryGetProperty("Layers", out var l) && l.ValueKind == JsonValueKind.Array
            ? l.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
            : throw new ImageFormatException($"{file}: manifest.json has no Layers");
        var image = new ResolvedImage(source, null, config, configDigest, [], []);
        if (image.DiffIds.Count != layerPaths.Count)
            throw new ImageFormatException($"{file}: {layerPaths.Count} layers but the config lists {image.DiffIds.Count} diff_ids");
        var layers = new List<LayerRef>();
        for (var i = 0; i < layerPaths.Count; i++)
        {
            var path = layerPaths[i];
            if (!index.Contains(path)) throw new ImageFormatException($"{file}: layer {path} is missing");
            // An OCI-style path names the blob's digest; a legacy layer.tar is uncompressed, so its diff_id is its digest.
            var digest = BlobDigest(path) ?? image.DiffIds[i];
            layers.Add(new LayerRef(digest, "", -1, () => Digests.Verifying(index.Open(path), digest)));
        }
        var tags = entry.TryGetProperty("RepoTags", out var t) && t.ValueKind == JsonValueKind.Array
            ? t.EnumerateArray().Select(x => x.GetString() ?? "").Where(x => x.Length > 0).ToList()
            : [];
        return new ResolvedImage(source, null, config, configDigest, layers, tags);
    }

    /// <summary>The digest a path like <c>blobs/sha256/HEX</c> names, or null.</summary>
    private static string? BlobDigest(string path)
    {
        var parts = VirtualFileTree.Normalize(path).Split('/');
        return parts.Length == 3 && parts[0] == "blobs" && parts[1] is "sha256" or "sha512" ? $"{parts[1]}:{parts[2]}" : null;
    }
}
