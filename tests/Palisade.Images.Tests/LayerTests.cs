using System.IO.Compression;
using System.Text;
using Palisade.Images.Layers;

namespace Palisade.Images.Tests;

/// <summary>Layers applied to the virtual file tree: formats, whiteouts, links, and what every file kind becomes.</summary>
public sealed class LayerTests
{
    private static readonly CaptureRule All = new((_, _) => true);

    private static VirtualFileTree Apply(params byte[][] layers)
    {
        var applier = new LayerApplier(All);
        var i = 0;
        foreach (var l in layers) applier.Apply(new MemoryStream(l), $"sha256:layer{i++}");
        return applier.Tree;
    }

    private static string Text(VirtualFileTree tree, string path) => Encoding.UTF8.GetString(tree.Resolve(path)?.Content ?? throw new InvalidOperationException(path + " has no content"));

    [Fact]
    public void Plain_and_gzip_layers_give_the_same_tree_with_files_dirs_and_links()
    {
        var b = new TarBuilder().Dir("etc/").File("etc/os-release", "ID=debian\n").Symlink("usr/lib/os-release", "../../etc/os-release")
            .Dir("var/lib/dpkg/").File("var/lib/dpkg/status", "Package: base-files\n").Hardlink("var/lib/dpkg/status-old", "var/lib/dpkg/status");
        foreach (var layer in new[] { b.Tar(), b.Gzip() })
        {
            var tree = Apply(layer);
            Assert.Equal("ID=debian\n", Text(tree, "/etc/os-release"));
            Assert.Equal("ID=debian\n", Text(tree, "usr/lib/os-release"));
            Assert.Equal(TarEntryKind.Symlink, tree.Get("usr/lib/os-release")!.Kind);
            Assert.Equal("Package: base-files\n", Text(tree, "var/lib/dpkg/status-old"));
            Assert.Equal(TarEntryKind.Directory, tree.Get("usr/lib")!.Kind);  // implied by the symlink's path
            Assert.Equal("sha256:layer0", tree.Get("etc/os-release")!.LayerDigest);
        }
    }

    [Fact]
    public void A_whiteout_deletes_a_lower_layers_file_and_an_opaque_directory_empties_it()
    {
        var lower = new TarBuilder().File("app/keep.txt", "keep").File("app/gone.txt", "gone").File("cache/a", "a").File("cache/sub/b", "b").Tar();
        var upper = new TarBuilder().File("app/.wh.gone.txt", "").File("cache/.wh..wh..opq", "").File("cache/new", "new").Tar();
        var tree = Apply(lower, upper);
        Assert.NotNull(tree.Get("app/keep.txt"));
        Assert.Null(tree.Get("app/gone.txt"));
        Assert.Null(tree.Get("app/.wh.gone.txt"));
        Assert.Null(tree.Get("cache/a"));
        Assert.Null(tree.Get("cache/sub/b"));
        Assert.Equal("new", Text(tree, "cache/new"));
        Assert.Equal(1, tree.Get("cache/new")!.Layer);
        Assert.Equal(["new"], tree.List("cache"));
    }

    [Fact]
    public void A_whiteout_does_not_delete_what_its_own_layer_added_before_it()
    {
        var lower = new TarBuilder().File("dir/x", "old").Tar();
        var upper = new TarBuilder().File("dir/y", "mine").File("dir/.wh..wh..opq", "").File("dir/.wh.y", "").Tar();
        var tree = Apply(lower, upper);
        Assert.Null(tree.Get("dir/x"));
        Assert.Equal("mine", Text(tree, "dir/y"));
    }

    [Fact]
    public void A_later_layer_replaces_a_file_and_a_file_can_become_a_directory()
    {
        var tree = Apply(new TarBuilder().File("a", "file").File("b/c", "c").Tar(), new TarBuilder().File("a/inner", "now a dir").File("b", "now a file").Tar());
        Assert.Equal(TarEntryKind.Directory, tree.Get("a")!.Kind);
        Assert.Equal("now a dir", Text(tree, "a/inner"));
        Assert.Equal(TarEntryKind.File, tree.Get("b")!.Kind);
        Assert.Null(tree.Get("b/c"));
    }

    [Fact]
    public void Device_files_and_fifos_are_recorded_without_content()
    {
        var tree = Apply(new TarBuilder().Device("dev/null", '3').Device("dev/sda", '4').Device("run/fifo", '6').Tar());
        Assert.Equal(TarEntryKind.CharacterDevice, tree.Get("dev/null")!.Kind);
        Assert.Equal(TarEntryKind.BlockDevice, tree.Get("dev/sda")!.Kind);
        Assert.Equal(TarEntryKind.Fifo, tree.Get("run/fifo")!.Kind);
        Assert.Null(tree.Get("dev/null")!.Content);
    }

    [Fact]
    public void Long_names_from_pax_and_gnu_headers_are_read()
    {
        var deep = string.Join('/', Enumerable.Repeat("directory-name", 12)) + "/file.txt";
        var tree = Apply(new TarBuilder().Pax(new() { ["path"] = "pax/" + deep }).File("ignored-short-name", "pax").File("gnu/" + deep, "gnu").Tar());
        Assert.Equal("pax", Text(tree, "pax/" + deep));
        Assert.Equal("gnu", Text(tree, "gnu/" + deep));
    }

    [Fact]
    public void Only_the_files_the_capture_rule_wants_are_kept()
    {
        var applier = new LayerApplier(new CaptureRule((path, _) => path.EndsWith("status", StringComparison.Ordinal), MaxFileBytes: 10));
        applier.Apply(new MemoryStream(new TarBuilder().File("var/lib/dpkg/status", "0123456789").File("big/status", "01234567890").File("other", "x").Tar()));
        Assert.NotNull(applier.Tree.Get("var/lib/dpkg/status")!.Content);
        Assert.Null(applier.Tree.Get("big/status")!.Content);  // over MaxFileBytes
        Assert.Null(applier.Tree.Get("other")!.Content);
        Assert.Equal(11, applier.Tree.Get("big/status")!.Size);
    }

    [Fact]
    public void The_visitor_sees_every_file_of_every_layer_and_capture_still_works()
    {
        var seen = new List<(string Path, string Text, string? Layer)>();
        var rule = new CaptureRule((path, _) => path == "keep", MaxFileBytes: 100)
        {
            Visit = (path, content, layer) => seen.Add((path, Encoding.UTF8.GetString(content), layer)),
            VisitMaxBytes = 5,
        };
        var applier = new LayerApplier(rule);
        applier.Apply(new MemoryStream(new TarBuilder().File("keep", "kept").File("secret.env", "abc").File("large", "123456").File("empty", "").Tar()), "sha256:one");
        applier.Apply(new MemoryStream(new TarBuilder().File(".wh.secret.env", "").File("keep", "new").Tar()), "sha256:two");
        Assert.Equal(
            [("keep", "kept", "sha256:one"), ("secret.env", "abc", "sha256:one"), ("keep", "new", "sha256:two")],
            seen);  // not "large" (over VisitMaxBytes), not "empty", not whiteout markers
        Assert.Null(applier.Tree.Get("secret.env"));
        Assert.Equal("new", Text(applier.Tree, "keep"));  // read once, given to both the visitor and the capture
        Assert.Equal(6, applier.Tree.Get("large")!.Size);
    }

    [Fact]
    public void A_tar_without_end_blocks_is_read_to_its_end()
    {
        var tree = Apply(new TarBuilder().File("a", "1").File("b", "2").Tar(endBlocks: false));
        Assert.Equal("2", Text(tree, "b"));
    }

    [Fact]
    public void Zstd_and_bzip2_layers_get_a_clear_error()
    {
        var zstd = Assert.Throws<ImageFormatException>(() => Apply([0x28, 0xB5, 0x2F, 0xFD, 1, 2, 3]));
        Assert.Contains("zstd", zstd.Message, StringComparison.Ordinal);
        Assert.Contains("not supported", zstd.Message, StringComparison.Ordinal);
        Assert.Contains("bzip2", Assert.Throws<ImageFormatException>(() => Apply("BZh91AY&SY"u8.ToArray())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_gzip_stream_is_an_image_format_error()
    {
        var gz = new TarBuilder().File("a", new string('x', 10_000)).Gzip();
        gz[gz.Length / 2] ^= 0xFF;
        gz[(gz.Length / 2) + 1] ^= 0xFF;
        Assert.Throws<ImageFormatException>(() => Apply(gz));
    }

    [Fact]
    public void Empty_input_is_an_empty_layer()
    {
        Assert.Equal(0, Apply([]).Count);
        using var ms = new MemoryStream();
        using (new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
        }
        Assert.Equal(0, Apply(ms.ToArray()).Count);
    }
}
