using System.Text;
using System.Text.Json;
using Palisade.Images.Layers;
using Palisade.Images.References;
using Palisade.Images.Sources;

namespace Palisade.Images.Registry;

/// <summary>
/// One repository's manifests and blobs. Manifests are kept in memory once fetched (by digest); blobs are downloaded
/// once into the cache directory, verified while they are written (a mismatch leaves nothing behind), and then read
/// from there.
/// </summary>
internal sealed class RegistryBlobStore(RegistryClient client, ImageName image) : IBlobStore
{
    private readonly Dictionary<string, byte[]> _manifests = new(StringComparer.Ordinal);

    /// <summary>The descriptor of a tag or digest: the manifest is fetched, its digest computed (and checked when asked for by digest).</summary>
    public Descriptor Resolve(string reference)
    {
        using var response = client.Get(image, client.ManifestUrl(image, reference), RegistryClient.ManifestMediaTypes);
        var bytes = Digests.ReadBounded(response.Content.ReadAsStream(), 16L << 20, $"manifest {image}:{reference}");
        var digest = Digests.Sha256(bytes);
        if (reference.Contains(':', StringComparison.Ordinal) && !string.Equals(reference, digest, StringComparison.Ordinal))
            throw new ImageFormatException($"digest mismatch: expected {reference}, the registry's manifest has {digest}");
        var media = response.Content.Headers.ContentType?.MediaType ?? "";
        if (media is not (ImageSources.OciIndex or ImageSources.DockerList or ImageSources.OciManifest or ImageSources.DockerManifest))
        {
            using var doc = JsonDocument.Parse(bytes);
            media = doc.RootElement.TryGetProperty("mediaType", out var m) ? m.GetString() ?? "" : "";
            if (media.Length == 0 && doc.RootElement.TryGetProperty("schemaVersion", out var v) && v.TryGetInt32(out var version) && version == 1)
                throw new ImageFormatException($"{image}: Docker schema 1 manifests are not supported (deprecated since 2019)");
        }
        lock (_manifests) _manifests[digest] = bytes;
        return new Descriptor(media, digest, bytes.LongLength, new Dictionary<string, string>(), null);
    }

    public Stream OpenManifest(string digest)
    {
        Digests.Parse(digest);
        byte[]? bytes;
        lock (_manifests) _manifests.TryGetValue(digest, out bytes);
        if (bytes is null)
        {
            Resolve(digest);
            lock (_manifests) bytes = _manifests[digest];
        }
        return new MemoryStream(bytes, writable: false);
    }

    public Stream Open(string digest, long? size = null)
    {
        var (alg, hex) = Digests.Parse(digest);
        var cacheRoot = client.Options.CacheDirectory;
        if (cacheRoot is not null)
        {
            var cached = Path.Combine(cacheRoot, alg, hex);
            if (File.Exists(cached))
                // Cached blobs were verified when written; they are checked again as they are read (the cache is a plain folder).
                return Digests.Verifying(new FileStream(cached, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), digest, size);
            Download(digest, size, cached);
            return Digests.Verifying(new FileStream(cached, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), digest, size);
        }
        var response = client.Get(image, client.BlobUrl(image, digest));
        return Digests.Verifying(new ResponseStream(response), digest, size);
    }

    private void Download(string digest, long? size, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = target + ".partial-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            using (var response = client.Get(image, client.BlobUrl(image, digest)))
            using (var source = Digests.Verifying(response.Content.ReadAsStream(), digest, size))
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var progress = client.Options.Progress;
                var total = size ?? response.Content.Headers.ContentLength;
                var buffer = new byte[1 << 16];
                long copied = 0;
                int n;
                while ((n = source.Read(buffer)) > 0)
                {
                    file.Write(buffer, 0, n);
                    copied += n;
                    progress?.Invoke(digest, copied, total);
                }
            }
            File.Move(temp, target, overwrite: true);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new ImageFormatException($"{image.Registry}: downloading {digest} failed: {e.Message}");
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>A response body that disposes its response.</summary>
    private sealed class ResponseStream(HttpResponseMessage response) : ReadOnlyStream
    {
        private readonly Stream _body = response.Content.ReadAsStream();

        public override int Read(Span<byte> buffer) => _body.Read(buffer);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _body.Dispose();
                response.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

/// <summary>Credentials from a Docker <c>config.json</c> (<c>auths</c> entries with <c>auth</c> = base64 user:password).</summary>
public static class DockerConfig
{
    public static RegistryCredentials? Find(string registry, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        path ??= Path.Combine(Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker"), "config.json");
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (!doc.RootElement.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object) return null;
            string[] keys = registry == "docker.io"
                ? ["https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io"]
                : [registry, "https://" + registry, "http://" + registry];
            foreach (var entry in auths.EnumerateObject())
            {
                var key = entry.Name.TrimEnd('/');
                if (!keys.Any(k => string.Equals(k.TrimEnd('/'), key, StringComparison.OrdinalIgnoreCase))) continue;
                if (entry.Value.TryGetProperty("auth", out var auth) && auth.GetString() is { Length: > 0 } b64)
                {
                    var text = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
                    var colon = text.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0) return new RegistryCredentials(text[..colon], text[(colon + 1)..]);
                }
                if (entry.Value.TryGetProperty("username", out var u) && entry.Value.TryGetProperty("password", out var p))
                    return new RegistryCredentials(u.GetString() ?? "", p.GetString() ?? "");
            }
            return null;
        }
        catch (Exception e) when (e is JsonException or FormatException or IOException)
        {
            throw new ImageFormatException($"{path}: cannot read registry credentials: {e.Message}");
        }
    }
}
