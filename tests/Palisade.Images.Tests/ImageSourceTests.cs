using System.Text;
using System.Text.Json;
using Palisade.Images.Layers;
using Palisade.Images.Sources;

namespace Palisade.Images.Tests;

/// <summary>
/// Local image sources built here as the tools write them: an OCI layout (as umoci/skopeo write it), the same in a tar
/// (oci-archive) and `docker save` output (docker-archive, legacy layout with layer.tar files).
/// </summary>
public sealed class ImageSourceTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "palisade-img-" + Guid.NewGuid().ToString("N"));

    public ImageSourceTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly byte[] Base = TestImages.Base;
    private static readonly byte[] Upper = TestImages.Upper;

    private static string Json(object o) => TestImages.Json(o);

    private static string ConfigFor(params byte[][] layers) => TestImages.ConfigFor(layers);

    private static object Blob(string layout, byte[] bytes, string mediaType, object? platform = null, Dictionary<string, string>? annotations = null) =>
        TestImages.Blob(layout, bytes, mediaType, platform, annotations);

    private static object Manifest(string layout, byte[][] layers, bool gzip = true) => TestImages.Manifest(layout, layers, gzip);

    private static byte[] Gzip(byte[] tar) => TestImages.Gzip(tar);

    private string Layout(string name = "layout", string tag = "12", bool gzip = true) => TestImages.Layout(_dir, name, tag, gzip);

    private static void AssertTheImage(VirtualFileTree tree)
    {
        Assert.Equal("ID=debian\nVERSION_ID=\"12\"\n", Encoding.UTF8.GetString(tree.Resolve("etc/os-release")!.Content!));
        Assert.NotNull(tree.Resolve("app/server.js"));
        Assert.Null(tree.Get("tmp/junk"));
    }

    private static readonly CaptureRule All = new((_, _) => true);

    [Fact]
    public void An_oci_layout_is_read_with_and_without_its_tag()
    {
        var layout = Layout();
        foreach (var source in new[] { $"oci:{layout}", $"oci:{layout}:12" })
        {
            var image = ImageSources.Open(source);
            Assert.Equal(2, image.Layers.Count);
            Assert.Equal(["12"], image.Tags);
            AssertTheImage(image.ReadFileSystem(All));
        }
        Assert.Contains("no image tagged 'nope'", Assert.Throws<ImageFormatException>(() => ImageSources.Open($"oci:{layout}:nope")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_layer_whose_bytes_do_not_match_its_digest_is_an_error_naming_both_digests()
    {
        var layout = Layout(gzip: false);
        var image = ImageSources.Open($"oci:{layout}");
        var layerFile = Path.Combine(layout, "blobs", "sha256", image.Layers[1].Digest["sha256:".Length..]);
        var bytes = File.ReadAllBytes(layerFile);
        var at = bytes.AsSpan().IndexOf("console.log(1)"u8);
        "console.log(2)"u8.CopyTo(bytes.AsSpan(at));  // same size, still a valid tar
        File.WriteAllBytes(layerFile, bytes);
        var e = Assert.Throws<ImageFormatException>(() => ImageSources.Open($"oci:{layout}").ReadFileSystem(All));
        Assert.Contains("mismatch", e.Message, StringComparison.Ordinal);
        Assert.Contains(image.Layers[1].Digest, e.Message, StringComparison.Ordinal);
        Assert.Contains(Digests.Sha256(bytes), e.Message, StringComparison.Ordinal);
        // A blob of another size fails on its size, naming the digest too.
        File.WriteAllBytes(layerFile, bytes.Concat(new byte[512]).ToArray());
        Assert.Contains(image.Layers[1].Digest, Assert.Throws<ImageFormatException>(() => ImageSources.Open($"oci:{layout}").ReadFileSystem(All)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_blob_is_an_error_naming_it()
    {
        var layout = Layout();
        var image = ImageSources.Open($"oci:{layout}");
        File.Delete(Path.Combine(layout, "blobs", "sha256", image.Layers[0].Digest["sha256:".Length..]));
        Assert.Contains(image.Layers[0].Digest, Assert.Throws<ImageFormatException>(() => image.ReadFileSystem()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_index_of_several_platforms_gives_the_one_asked_for()
    {
        var layout = Path.Combine(_dir, "multi");
        Directory.CreateDirectory(layout);
        var amd = Blob(layout, Encoding.UTF8.GetBytes(Json(Manifest(layout, [Base]))), ImageSources.OciManifest, new { os = "linux", architecture = "amd64" });
        var arm = Blob(layout, Encoding.UTF8.GetBytes(Json(Manifest(layout, [Base, Upper]))), ImageSources.OciManifest, new { os = "linux", architecture = "arm64", variant = "v8" });
        var nested = Blob(layout, Encoding.UTF8.GetBytes(Json(new { schemaVersion = 2, mediaType = ImageSources.OciIndex, manifests = new[] { amd, arm } })), ImageSources.OciIndex);
        File.WriteAllText(Path.Combine(layout, "index.json"), Json(new { schemaVersion = 2, manifests = new[] { nested } }));
        Assert.Single(ImageSources.Open($"oci:{layout}", Platform.Parse("linux/amd64")).Layers);
        Assert.Equal(2, ImageSources.Open($"oci:{layout}", Platform.Parse("linux/arm64")).Layers.Count);
        Assert.Equal(2, ImageSources.Open($"oci:{layout}", Platform.Parse("linux/arm64/v8")).Layers.Count);
        var e = Assert.Throws<ImageFormatException>(() => ImageSources.Open($"oci:{layout}", Platform.Parse("linux/s390x")));
        Assert.Contains("linux/amd64, linux/arm64/v8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oci_archive_is_read_in_place()
    {
        var layout = Layout();
        var tar = new TarBuilder();
        foreach (var f in Directory.EnumerateFiles(layout, "*", SearchOption.AllDirectories))
            tar.File(Path.GetRelativePath(layout, f).Replace('\\', '/'), File.ReadAllBytes(f));
        var archive = Path.Combine(_dir, "image.oci.tar");
        File.WriteAllBytes(archive, tar.Tar());
        var image = ImageSources.Open($"oci-archive:{archive}");
        AssertTheImage(image.ReadFileSystem(All));
        Assert.Contains("gzip-compressed", Assert.Throws<ImageFormatException>(() =>
        {
            File.WriteAllBytes(archive + ".gz", Gzip(File.ReadAllBytes(archive)));
            ImageSources.Open($"oci-archive:{archive}.gz");
        }).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_docker_archive_is_read_and_its_layers_checked_against_the_configs_diff_ids()
    {
        var config = Encoding.UTF8.GetBytes(ConfigFor(Base, Upper));
        var configName = Digests.Sha256(config)["sha256:".Length..] + ".json";
        string Archive(byte[] secondLayer)
        {
            var manifest = Json(new[] { new { Config = configName, RepoTags = new[] { "shop/api:1.0" }, Layers = new[] { "aaa/layer.tar", "bbb/layer.tar" } } });
            var path = Path.Combine(_dir, $"docker-{Guid.NewGuid():N}.tar");
            File.WriteAllBytes(path, new TarBuilder().File("manifest.json", manifest).File(configName, config).File("aaa/layer.tar", Base).File("bbb/layer.tar", secondLayer).Tar());
            return path;
        }
        var image = ImageSources.Open($"docker-archive:{Archive(Upper)}");
        Assert.Equal(["shop/api:1.0"], image.Tags);
        AssertTheImage(image.ReadFileSystem(All));
        var tampered = Archive(new TarBuilder().File("app/server.js", "evil").Tar());
        var e = Assert.Throws<ImageFormatException>(() => ImageSources.Open($"docker-archive:{tampered}").ReadFileSystem(All));
        Assert.Contains("mismatch", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("oci:/no/such/dir", "no such")]
    [InlineData("docker-archive:/no/such.tar", "no such file")]
    [InlineData("nonsense:x", "unknown image source")]
    public void Bad_sources_are_clear_errors(string source, string message) =>
        Assert.Contains(message, Assert.Throws<ImageFormatException>(() => ImageSources.Open(source)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_layout_whose_index_is_not_json_or_has_no_manifests_is_an_error()
    {
        var layout = Path.Combine(_dir, "bad");
        Directory.CreateDirectory(layout);
        File.WriteAllText(Path.Combine(layout, "index.json"), "{not json");
        Assert.Contains("not valid JSON", Assert.Throws<ImageFormatException>(() => ImageSources.Open($"oci:{layout}")).Message, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(layout, "index.json"), "{\"manifests\": []}");
        Assert.Contains("empty", Assert.Throws<ImageFormatException>(() => ImageSources.Open($"oci:{layout}")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Digests_are_validated()
    {
        Assert.Throws<ImageFormatException>(() => Digests.Parse("md5:abc"));
        Assert.Throws<ImageFormatException>(() => Digests.Parse("sha256:ABC"));
        Assert.Throws<ImageFormatException>(() => Digests.Parse("sha256:" + new string('a', 63)));
        Assert.Equal(("sha256", new string('a', 64)), Digests.Parse("sha256:" + new string('a', 64)));
    }
}
