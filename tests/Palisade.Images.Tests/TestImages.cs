using System.Text;
using System.Text.Json;
using Palisade.Images.Sources;

namespace Palisade.Images.Tests;

/// <summary>Test images written as umoci and skopeo write OCI layouts: two layers (the second deletes a file of the first).</summary>
internal static class TestImages
{
    internal static readonly byte[] Base = new TarBuilder().File("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n").File("var/lib/dpkg/status", "Package: libc6\n").File("tmp/junk", "x").Tar();
    internal static readonly byte[] Upper = new TarBuilder().File("tmp/.wh.junk", "").File("app/server.js", "console.log(1)").Tar();

    internal static string Json(object o) => JsonSerializer.Serialize(o);

    internal static string ConfigFor(params byte[][] uncompressedLayers) =>
        Json(new { architecture = "amd64", os = "linux", rootfs = new { type = "layers", diff_ids = uncompressedLayers.Select(l => Digests.Sha256(l)).ToArray() } });

    /// <summary>Writes a blob into the layout and returns its descriptor.</summary>
    internal static object Blob(string layout, byte[] bytes, string mediaType, object? platform = null, Dictionary<string, string>? annotations = null)
    {
        var digest = Digests.Sha256(bytes);
        var path = Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        var d = new Dictionary<string, object> { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = bytes.LongLength };
        if (platform is not null) d["platform"] = platform;
        if (annotations is not null) d["annotations"] = annotations;
        return d;
    }

    internal static object Manifest(string layout, byte[][] layers, bool gzip = true)
    {
        var config = Blob(layout, Encoding.UTF8.GetBytes(ConfigFor(layers)), "application/vnd.oci.image.config.v1+json");
        var layerDescs = layers.Select(l => Blob(layout, gzip ? Gzip(l) : l, gzip ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.oci.image.layer.v1.tar")).ToArray();
        return new { schemaVersion = 2, mediaType = ImageSources.OciManifest, config, layers = layerDescs };
    }

    internal static byte[] Gzip(byte[] tar)
    {
        using var ms = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(ms, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) gz.Write(tar);
        return ms.ToArray();
    }

    internal static string Layout(string dir, string name = "layout", string tag = "12", bool gzip = true)
    {
        var layout = Path.Combine(dir, name);
        Directory.CreateDirectory(layout);
        File.WriteAllText(Path.Combine(layout, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        var manifest = Encoding.UTF8.GetBytes(Json(Manifest(layout, [Base, Upper], gzip)));
        var desc = Blob(layout, manifest, ImageSources.OciManifest, annotations: new() { ["org.opencontainers.image.ref.name"] = tag });
        File.WriteAllText(Path.Combine(layout, "index.json"), Json(new { schemaVersion = 2, manifests = new[] { desc } }));
        return layout;
    }

    /// <summary>A layout whose index holds one image per platform (linux/amd64 with one layer, linux/arm64/v8 with two).</summary>
    internal static string MultiPlatformLayout(string dir, string tag = "multi")
    {
        var layout = Path.Combine(dir, "multi-" + tag);
        Directory.CreateDirectory(layout);
        File.WriteAllText(Path.Combine(layout, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        var amd = Blob(layout, Encoding.UTF8.GetBytes(Json(Manifest(layout, [Base]))), ImageSources.OciManifest, new { os = "linux", architecture = "amd64" });
        var arm = Blob(layout, Encoding.UTF8.GetBytes(Json(Manifest(layout, [Base, Upper]))), ImageSources.OciManifest, new { os = "linux", architecture = "arm64", variant = "v8" });
        var index = Blob(layout, Encoding.UTF8.GetBytes(Json(new { schemaVersion = 2, mediaType = ImageSources.OciIndex, manifests = new[] { amd, arm } })), ImageSources.OciIndex,
            annotations: new() { ["org.opencontainers.image.ref.name"] = tag });
        File.WriteAllText(Path.Combine(layout, "index.json"), Json(new { schemaVersion = 2, manifests = new[] { index } }));
        return layout;
    }
}
