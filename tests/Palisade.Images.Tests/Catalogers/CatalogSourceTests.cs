using System.Diagnostics;
using System.Formats.Tar;
using System.Text;
using Palisade.Images.Catalogers;
using Palisade.Images.Layers;

namespace Palisade.Images.Tests.Catalogers;

public sealed class TreeCatalogSourceTests
{
    private static byte[] Tar(params (string Name, string? Content, string? Link)[] entries)
    {
        var ms = new MemoryStream();
        using (var writer = new TarWriter(ms, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content, link) in entries)
            {
                if (link is not null)
                {
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = link });
                }
                else if (content is null)
                {
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, name));
                }
                else
                {
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
                }
            }
        }
        return ms.ToArray();
    }

    private static VirtualFileTree Image(params byte[][] layers)
    {
        var applier = new LayerApplier(new CaptureRule((p, s) => true));
        var i = 0;
        foreach (var layer in layers) applier.Apply(new MemoryStream(layer), $"sha256:layer{i++}");
        return applier.Tree;
    }

    [Fact]
    public void Catalogs_a_debian_image_across_layers_with_a_symlinked_os_release()
    {
        var base0 = Tar(
            ("usr/lib/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n", null),
            ("etc/os-release", null, "../usr/lib/os-release"),
            ("var/lib/dpkg/status", "Package: base-files\nStatus: install ok installed\nVersion: 12.4\nArchitecture: amd64\n", null));
        var layer1 = Tar(
            ("var/lib/dpkg/status", "Package: base-files\nStatus: install ok installed\nVersion: 12.4\nArchitecture: amd64\n\nPackage: curl\nStatus: install ok installed\nSource: curl\nVersion: 7.88.1-10\nArchitecture: amd64\n", null),
            ("var/lib/dpkg/status.d/", null, null),
            ("var/lib/dpkg/status.d/tzdata", "Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n", null),
            ("var/lib/dpkg/status.d/tzdata.md5sums", "abc  usr/share/zoneinfo/UTC\n", null));
        var source = new TreeCatalogSource(Image(base0, layer1));

        Assert.Contains("etc/os-release", source.Files);
        Assert.Equal(source.Files.Order(StringComparer.Ordinal), source.Files);
        Assert.Null(source.Read("var/lib/dpkg"));  // a directory has no bytes
        Assert.Null(source.Read("no/such/file"));

        var result = CatalogRunner.Run(source);
        Assert.Empty(result.Errors);
        Assert.Equal("debian-12", result.Os!.Distro);
        var byName = result.Packages.ToDictionary(p => p.Name);
        Assert.Equal(["base-files", "curl", "tzdata"], byName.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("sha256:layer1", byName["curl"].LayerDigest);
        Assert.Equal("var/lib/dpkg/status", byName["curl"].FoundIn);
        Assert.Equal("var/lib/dpkg/status.d/tzdata", byName["tzdata"].FoundIn);
        Assert.Equal("pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12&upstream=curl", byName["curl"].Purl);
        Assert.Equal("pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all&distro=debian-12", byName["tzdata"].Purl);
    }

    [Fact]
    public void Catalogs_an_alpine_image_and_a_corrupt_database_becomes_an_error()
    {
        var good = Tar(
            ("etc/os-release", "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.18.0\n", null),
            ("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\nA:x86_64\nL:MIT\no:musl\n\nP:busybox\nV:1.36.1-r2\nA:x86_64\no:busybox\n", null));
        var result = CatalogRunner.Run(new TreeCatalogSource(Image(good)));
        Assert.Empty(result.Errors);
        Assert.Equal(["musl", "busybox"], result.Packages.Select(p => p.Name));
        Assert.Equal("pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.18.0&upstream=musl", result.Packages[0].Purl);
        Assert.Equal("sha256:layer0", result.Packages[0].LayerDigest);

        var corrupt = Tar(("lib/apk/db/installed", "\u0001\u0002 not a database", null));
        var bad = CatalogRunner.Run(new TreeCatalogSource(Image(good, corrupt)));
        Assert.Empty(bad.Packages);
        var error = Assert.Single(bad.Errors);
        Assert.Equal("apk", error.Cataloger);
        Assert.StartsWith("lib/apk/db/installed:1:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_whose_bytes_were_not_captured_read_as_null()
    {
        var applier = new LayerApplier(new CaptureRule((p, s) => p == "etc/os-release"));
        applier.Apply(new MemoryStream(Tar(("etc/os-release", "ID=debian\n", null), ("var/lib/dpkg/status", "Package: a\n", null))));
        var source = new TreeCatalogSource(applier.Tree);
        Assert.Null(source.Read("var/lib/dpkg/status"));
        var result = CatalogRunner.Run(source);
        Assert.Empty(result.Packages);
        Assert.Empty(result.Errors);
    }
}

public sealed class DirectoryCatalogSourceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("palisade-catalog-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("palisade-outside-").FullName;

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    private void Write(string rel, string text)
    {
        var full = Path.Combine(_root, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    private void Link(string rel, string target)
    {
        var full = Path.Combine(_root, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.CreateSymbolicLink(full, target);
    }

    [Fact]
    public void Lists_and_reads_a_root_filesystem_resolving_links_inside_it()
    {
        Write("usr/lib/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
        Link("etc/os-release", "/usr/lib/os-release");  // absolute: starts at the root, not the host's /
        Write("var/lib/dpkg/status", "Package: bash\nStatus: install ok installed\nVersion: 5.2.15-2+b2\nArchitecture: amd64\n");
        Link("var/lib/dpkg/status.d", "../../../usr/share/dpkg-status");
        Write("usr/share/dpkg-status/zlib1g", "Package: zlib1g\nVersion: 1:1.2.13.dfsg-1\nArchitecture: amd64\n");

        var source = new DirectoryCatalogSource(_root);
        Assert.Contains("etc/os-release", source.Files);
        Assert.DoesNotContain(source.Files, f => f.StartsWith("var/lib/dpkg/status.d/", StringComparison.Ordinal));  // symlinked dirs are not walked
        Assert.Equal("ID=debian\nVERSION_ID=\"12\"\n", Encoding.UTF8.GetString(source.Read("/etc/os-release")!));
        Assert.NotNull(source.Read("var/lib/dpkg/status.d/zlib1g"));
        Assert.Null(source.LayerDigestOf("etc/os-release"));

        var result = CatalogRunner.Run(source);
        Assert.Empty(result.Errors);
        Assert.Equal("pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12", Assert.Single(result.Packages).Purl);
    }

    [Fact]
    public void Links_that_climb_out_of_the_root_or_loop_are_skipped()
    {
        File.WriteAllText(Path.Combine(_outside, "secret"), "Package: stolen\nVersion: 1\n");
        var rel = Path.GetRelativePath(Path.Combine(_root, "var/lib/dpkg"), Path.Combine(_outside, "secret"));
        Link("var/lib/dpkg/status", rel);
        Link("lib/apk/db/installed", "../../../../../../../../../../.." + Path.Combine(_outside, "secret"));
        Link("loop/a", "b");
        Link("loop/b", "a");

        var source = new DirectoryCatalogSource(_root);
        Assert.Empty(source.Files);
        Assert.Null(source.Read("var/lib/dpkg/status"));
        Assert.Null(source.Read("loop/a"));
        Assert.Null(source.Read("../" + Path.GetFileName(_outside) + "/secret"));  // normalised at the root: no escape
        var result = CatalogRunner.Run(source);
        Assert.Empty(result.Packages);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Oversized_files_are_a_clear_error()
    {
        Write("var/lib/dpkg/status", "Package: bash\nVersion: 5\n");
        var result = CatalogRunner.Run(new DirectoryCatalogSource(_root, maxFileBytes: 8));
        Assert.Empty(result.Packages);
        Assert.Contains("limit", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fifo_in_place_of_the_database_is_not_opened()
    {
        if (!OperatingSystem.IsLinux()) return;
        Directory.CreateDirectory(Path.Combine(_root, "var/lib/dpkg"));
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [Path.Combine(_root, "var/lib/dpkg/status")]) { UseShellExecute = false }))
        {
            if (mkfifo is null) return;
            mkfifo.WaitForExit();
            if (mkfifo.ExitCode != 0) return;
        }
        var result = await Task.Run(() => CatalogRunner.Run(new DirectoryCatalogSource(_root))).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(result.Packages);
    }

    [Fact]
    public void A_missing_root_is_refused() =>
        Assert.Throws<DirectoryNotFoundException>(() => new DirectoryCatalogSource(Path.Combine(_root, "nope")));
}
