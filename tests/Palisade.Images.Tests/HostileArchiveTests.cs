using System.IO.Compression;
using System.Text;
using Palisade.Images.Layers;

namespace Palisade.Images.Tests;

/// <summary>
/// The hostile-archive corpus: every archive is built here, byte by byte. Nothing may land outside the tree, no
/// claim in a header may make the reader allocate or wait for what is not there, and every failure is an
/// <see cref="ImageFormatException"/> with a message, never another exception.
/// </summary>
public sealed class HostileArchiveTests
{
    private static LayerApplier Apply(byte[] layer, LayerLimits? limits = null, params byte[][] more)
    {
        var applier = new LayerApplier(new CaptureRule((_, _) => true), limits);
        applier.Apply(new MemoryStream(layer));
        foreach (var m in more) applier.Apply(new MemoryStream(m));
        return applier;
    }

    [Theory]
    [InlineData("../../../../etc/passwd", "etc/passwd")]
    [InlineData("/etc/shadow", "etc/shadow")]
    [InlineData("./a/../../../b", "b")]
    [InlineData("a/./b/../c", "a/c")]
    [InlineData("..\\..\\windows\\x", "windows/x")]
    public void Paths_that_climb_out_stay_in_the_tree(string name, string expected)
    {
        var applier = Apply(new TarBuilder().File(name, "x").Tar());
        Assert.NotNull(applier.Tree.Get(expected));
        Assert.All(applier.Tree.Nodes, n => Assert.DoesNotContain("..", n.Path.Split('/')));
    }

    [Fact]
    public void Climbing_paths_are_counted()
    {
        Assert.Equal(2, Apply(new TarBuilder().File("../x", "1").File("ok/y", "2").Hardlink("z", "../../ok/y").Tar()).ContainedEscapes);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("../../../../..")]
    [InlineData("/etc/../..")]
    public void A_file_written_through_a_symlink_to_outside_lands_inside_the_tree(string target)
    {
        // The classic escape: a symlink to the host's root, then a file "through" it.
        var applier = Apply(new TarBuilder().Symlink("evil", target).File("evil/etc/cron.d/own", "* * * * * root sh").Tar());
        var node = Assert.Single(applier.Tree.Nodes, n => n.Kind == TarEntryKind.File);
        Assert.Equal("etc/cron.d/own", node.Path);
        Assert.Equal("etc/cron.d/own", applier.Tree.Resolve("evil/etc/cron.d/own")!.Path);
    }

    [Fact]
    public void A_symlink_chain_through_a_later_layer_still_resolves_inside_the_tree()
    {
        var applier = Apply(new TarBuilder().Symlink("a", "b").Tar(), null, new TarBuilder().Symlink("b", "/../../../tmp").File("a/payload", "p").Tar());
        Assert.Equal("tmp/payload", applier.Tree.Resolve("a/payload")!.Path);
    }

    [Fact]
    public void Symlink_loops_resolve_to_nothing_instead_of_hanging()
    {
        var applier = Apply(new TarBuilder().Symlink("loop1", "loop2").Symlink("loop2", "loop1").Symlink("self", "self").File("loop1/x", "never").Tar());
        Assert.Null(applier.Tree.Resolve("loop1/x"));
        Assert.Null(applier.Tree.Resolve("self"));
        Assert.DoesNotContain(applier.Tree.Nodes, n => n.Path.EndsWith('x'));
    }

    [Fact]
    public void A_hard_link_to_outside_or_to_nothing_shares_no_content()
    {
        var applier = Apply(new TarBuilder().Hardlink("passwd", "../../../../etc/passwd").Hardlink("dangling", "no/such/file").Tar());
        Assert.Null(applier.Tree.Get("passwd"));
        Assert.Null(applier.Tree.Get("dangling"));
    }

    [Fact]
    public void A_hard_link_to_a_file_inside_shares_its_content_only()
    {
        var applier = Apply(new TarBuilder().File("etc/passwd", "root:x:0:0").Hardlink("copy", "/../etc/passwd").Tar());
        Assert.Equal("root:x:0:0", Encoding.UTF8.GetString(applier.Tree.Get("copy")!.Content!));
    }

    [Fact]
    public void A_size_claim_larger_than_the_data_is_a_truncation_error_not_a_wait()
    {
        var tar = new TarBuilder().Entry("big", '0', "only a few bytes"u8.ToArray(), claimedSize: 8L << 30).Tar(endBlocks: false);
        var e = Assert.Throws<ImageFormatException>(() => Apply(tar));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_size_over_the_entry_limit_is_refused_before_reading()
    {
        var tar = new TarBuilder().Entry("huge", '0', [], claimedSize: 4L << 30).Tar();
        var e = Assert.Throws<ImageFormatException>(() => Apply(tar, new LayerLimits { MaxEntryBytes = 1L << 30 }));
        Assert.Contains("over the limit", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData('x')]
    [InlineData('L')]
    [InlineData('g')]
    public void A_giant_pax_or_long_name_record_is_refused_without_allocating_it(char type)
    {
        var tar = new TarBuilder().Entry("hdr", type, [], claimedSize: 2L << 30).Tar(endBlocks: false);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImageFormatException>(() => Apply(tar));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "allocated for the record");
        Assert.Contains("over the limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_pax_record_is_an_error()
    {
        var tar = new TarBuilder().Entry("PaxHeaders/x", 'x', "99999 path=a\n"u8.ToArray()).File("a", "1").Tar();
        Assert.Contains("PAX", Assert.Throws<ImageFormatException>(() => Apply(tar)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pax_size_that_lies_or_is_not_a_number_is_an_error()
    {
        var tar = new TarBuilder().Pax(new() { ["size"] = "-5" }).File("a", "1").Tar();
        Assert.Throws<ImageFormatException>(() => Apply(tar));
    }

    [Fact]
    public void A_path_longer_than_the_limit_is_refused()
    {
        var tar = new TarBuilder().Pax(new() { ["path"] = new string('a', 5000) }).File("x", "1").Tar();
        Assert.Contains("longer than", Assert.Throws<ImageFormatException>(() => Apply(tar)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_checksum_is_an_error_naming_the_offset()
    {
        var tar = new TarBuilder().File("a", "1").Entry("b", '0', "2"u8.ToArray(), badChecksum: true).Tar();
        var e = Assert.Throws<ImageFormatException>(() => Apply(tar));
        Assert.Contains("offset 1024", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_decompression_bomb_stops_at_the_layer_limit()
    {
        // 256 MiB of zeros in one file compress to about 250 KB; the layer limit here is 16 MiB.
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(new TarBuilder().Entry("zeros", '0', [], claimedSize: 256L << 20).Tar(endBlocks: false));
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 256; i++) gz.Write(zeros);
        }
        Assert.True(ms.Length < 4 << 20, $"compressed to {ms.Length} bytes");
        var e = Assert.Throws<ImageFormatException>(() => Apply(ms.ToArray(), new LayerLimits { MaxLayerBytes = 16L << 20 }));
        Assert.Contains("decompression bomb", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_entries_stop_at_the_entry_limit()
    {
        var b = new TarBuilder();
        for (var i = 0; i < 50; i++) b.File($"f{i}", "");
        var e = Assert.Throws<ImageFormatException>(() => Apply(b.Tar(), new LayerLimits { MaxEntries = 20 }));
        Assert.Contains("more than 20 entries", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_base256_sizes_and_garbage_numbers_are_errors()
    {
        var tar = new TarBuilder().File("a", "1").Tar();
        tar[124] = 0xFF;  // base-256, negative
        FixChecksum(tar);
        Assert.Contains("negative", Assert.Throws<ImageFormatException>(() => Apply(tar)).Message, StringComparison.Ordinal);
        var garbage = new TarBuilder().File("a", "1").Tar();
        "12x4"u8.CopyTo(garbage.AsSpan(124));
        FixChecksum(garbage);
        Assert.Throws<ImageFormatException>(() => Apply(garbage));
    }

    [Fact]
    public void Random_bytes_and_mutated_archives_fail_only_with_image_format_errors()
    {
        var random = new Random(42);
        var valid = new TarBuilder().Dir("etc/").File("etc/os-release", "ID=alpine\n").Symlink("lib/x", "/etc").Pax(new() { ["path"] = "long/" + new string('p', 200) }).File("z", "z").Tar();
        var gz = new TarBuilder().File("a", new string('q', 3000)).Gzip();
        for (var round = 0; round < 3000; round++)
        {
            byte[] input;
            if (round % 3 == 0)
            {
                input = new byte[random.Next(0, 4096)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])(round % 3 == 1 ? valid : gz).Clone();
                for (var k = random.Next(1, 8); k > 0; k--) input[random.Next(input.Length)] = (byte)random.Next(256);
                if (round % 7 == 0) input = input[..random.Next(input.Length)];
            }
            try
            {
                Apply(input, new LayerLimits { MaxLayerBytes = 1 << 20, MaxEntryBytes = 1 << 20 });
            }
            catch (ImageFormatException)
            {
            }
        }
    }

    private static void FixChecksum(byte[] tar)
    {
        for (var i = 148; i < 156; i++) tar[i] = (byte)' ';
        var sum = tar.AsSpan(0, 512).ToArray().Sum(b => b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(tar, 148);
    }
}
