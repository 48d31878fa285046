using System.Diagnostics;
using System.Security.Cryptography;
using Palisade.Images.Catalogers;
using Palisade.Images.Catalogers.Binaries;
using Palisade.Images.Layers;

namespace Palisade.Images.Tests.Catalogers.Binaries;

/// <summary>
/// Real Go binaries built for the tests by tests/tools/build-go-binaries.sh with Debian's Go toolchain (ELF amd64 and 386,
/// PE, Mach-O; a module replacement, a local replacement, -X version flag, VCS stamping), offline from a file proxy.
/// </summary>
public sealed class GoBinariesFixture : IDisposable
{
    public GoBinariesFixture()
    {
        Dir = Path.Combine(Path.GetTempPath(), "palisade-go-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(SchemaCheck.Root(), "tests", "tools", "build-go-binaries.sh"));
        start.ArgumentList.Add(Dir);
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"build-go-binaries.sh failed ({p.ExitCode}): {stderr.Result}");
    }

    public string Dir { get; }

    public string Bin(string name) => Path.Combine(Dir, "bin", name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed class GoBinaryTests(GoBinariesFixture fixture) : IClassFixture<GoBinariesFixture>
{
    /// <summary>What `go version -m` printed, as (go version, lines "path\t...", "mod\t...", "dep\t...", "=>\t...", "build\t...").</summary>
    private static (string GoVersion, List<string> Lines) Expected(string text)
    {
        var lines = text.Split('\n');
        var version = lines[0][(lines[0].IndexOf(": ", StringComparison.Ordinal) + 2)..].Trim();
        var rest = lines.Skip(1).Select(l => l.TrimStart('\t').TrimEnd('\t')).Where(l => l.Length > 0).ToList();
        return (version, rest);
    }

    /// <summary>The same lines, printed from what Palisade read.</summary>
    private static List<string> Lines(GoBuildInfo info)
    {
        static string Mod(string kind, GoModule m) => m.Sum is null ? $"{kind}\t{m.Path}\t{m.Version}" : $"{kind}\t{m.Path}\t{m.Version}\t{m.Sum}";
        var lines = new List<string>();
        if (info.Path is not null) lines.Add("path\t" + info.Path);
        if (info.Main is not null) lines.Add(Mod("mod", info.Main));
        foreach (var d in info.Deps)
        {
            lines.Add(Mod("dep", d));
            if (d.Replace is not null) lines.Add(Mod("=>", d.Replace));
        }
        foreach (var (k, v) in info.Settings)
        {
            var needsQuote = v.Any(c => c is ' ' or '\t' or '"' or '\r' or '\n' or '`') || k.Contains('=', StringComparison.Ordinal);
            lines.Add("build\t" + k + "=" + (needsQuote ? "\"" + v.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : v));
        }
        return lines;
    }

    [Theory]
    [InlineData("app-linux", ExecutableFormat.Elf)]
    [InlineData("app-386", ExecutableFormat.Elf)]
    [InlineData("app-vcs", ExecutableFormat.Elf)]
    [InlineData("app-windows.exe", ExecutableFormat.Pe)]
    [InlineData("app-darwin", ExecutableFormat.MachO)]
    public void Build_information_equals_what_go_version_m_prints(string name, ExecutableFormat format)
    {
        var bytes = File.ReadAllBytes(fixture.Bin(name));
        var (goVersion, lines) = Expected(File.ReadAllText(fixture.Bin(name) + ".txt"));
        var metadata = ExecutableInspector.Inspect(bytes);
        Assert.NotNull(metadata);
        Assert.Equal(format, metadata.Format);
        Assert.Null(metadata.GoError);
        Assert.Equal(goVersion, metadata.Go!.GoVersion);
        Assert.Equal(lines, Lines(metadata.Go));
        Assert.Contains(lines, l => l.StartsWith("dep\t", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("app-linux")]
    [InlineData("app-windows.exe")]
    [InlineData("app-darwin")]
    public void A_binary_too_large_to_buffer_is_scanned_as_it_streams_with_the_same_result(string name)
    {
        var bytes = File.ReadAllBytes(fixture.Bin(name));
        var whole = ExecutableInspector.Inspect(bytes)!;
        // A stream that returns few bytes per read, and a buffer limit far below the file's size.
        using var stream = new TrickleStream(bytes, 7919);
        var streamed = new ExecutableInspector(maxBufferedBytes: 4096).Inspect(stream, bytes.Length);
        Assert.NotNull(streamed);
        Assert.Equal(Lines(whole.Go!), Lines(streamed.Go!));
        Assert.Equal(bytes.Length, stream.Position);
    }

    public static TheoryData<string> DebianGoPrograms() =>
        new(new[] { "/usr/bin/skopeo", "/usr/bin/docker-registry", "/usr/bin/umoci", "/usr/lib/go-1.19/bin/go" }.Where(File.Exists));

    /// <summary>Debian builds its Go programs in GOPATH mode: a path, build settings and the toolchain, no modules.</summary>
    [Theory]
    [MemberData(nameof(DebianGoPrograms))]
    public void Debian_built_Go_programs_read_as_go_version_m_reads_them(string program)
    {
        var start = new ProcessStartInfo("go") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("version");
        start.ArgumentList.Add("-m");
        start.ArgumentList.Add(program);
        using var p = Process.Start(start)!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        var (goVersion, lines) = Expected(text);
        var metadata = ExecutableInspector.Inspect(File.ReadAllBytes(program));
        Assert.Equal(goVersion, metadata!.Go!.GoVersion);
        Assert.Equal(lines, Lines(metadata.Go));
        var packages = new GoBinaryCataloger().CatalogExecutable(program, metadata, null);
        var stdlib = Assert.Single(packages);
        Assert.Equal("stdlib", stdlib.Name);
        Assert.Equal(goVersion.Split(' ')[0], stdlib.Version);
    }

    [Fact]
    public void Cataloger_reports_modules_replacements_stdlib_and_the_version_from_the_linker_flag()
    {
        var metadata = ExecutableInspector.Inspect(File.ReadAllBytes(fixture.Bin("app-linux")))!;
        var packages = new GoBinaryCataloger().CatalogExecutable("usr/local/bin/app", metadata, "sha256:ab");
        Assert.Equal(
            [
                "example.com/palisade/testapp v3.4.5 pkg:golang/example.com/palisade/testapp@v3.4.5",
                "example.com/greet v1.2.3 pkg:golang/example.com/greet@v1.2.3",
                "example.com/newcolor v1.1.0 pkg:golang/example.com/newcolor@v1.1.0",
                "example.com/util v0.4.0-rc.1 pkg:golang/example.com/util@v0.4.0-rc.1",
                "stdlib go1.19.8 pkg:golang/stdlib@1.19.8",
            ],
            packages.Select(p => $"{p.Name} {p.Version} {p.Purl}"));
        Assert.All(packages, p => Assert.Equal(("usr/local/bin/app", "sha256:ab", "golang"), (p.FoundIn, p.LayerDigest, p.Type)));
        Assert.Equal(packages.Skip(1).Select(p => new PackageKey(p.Name, p.Version)), packages[0].DependsOn);
    }

    [Fact]
    public void A_main_module_built_from_a_checkout_gets_a_pseudo_version_from_the_recorded_commit()
    {
        var metadata = ExecutableInspector.Inspect(File.ReadAllBytes(fixture.Bin("app-vcs")))!;
        var revision = metadata.Go!.Setting("vcs.revision")!;
        var main = new GoBinaryCataloger().CatalogExecutable("app", metadata, null)[0];
        Assert.Equal("v0.0.0-20240506070809-" + revision[..12], main.Version);
    }

    [Fact]
    public void Go_binaries_in_an_image_layer_are_found_with_the_layer_that_added_them()
    {
        var binary = File.ReadAllBytes(fixture.Bin("app-linux"));
        var lower = new TarBuilder().File("etc/os-release", "ID=debian\n").File("usr/bin/app", binary).File("usr/bin/old", binary).Tar();
        var upper = new TarBuilder().File("usr/bin/.wh.old", "").File("opt/tool", File.ReadAllBytes(fixture.Bin("app-386"))).Tar();
        var applier = new LayerApplier(new CaptureRule((path, _) => CatalogRunner.Wants(path)) { InspectExecutables = true });
        applier.Apply(new MemoryStream(lower), "sha256:lower");
        applier.Apply(new MemoryStream(upper), "sha256:upper");
        var result = CatalogRunner.Run(new TreeCatalogSource(applier.Tree));
        Assert.Empty(result.Errors);
        var go = result.Packages.Where(p => p.Type == "golang").ToList();
        Assert.Equal(["opt/tool", "usr/bin/app"], go.Select(p => p.FoundIn).Distinct().Order(StringComparer.Ordinal));
        Assert.All(go.Where(p => p.FoundIn == "opt/tool"), p => Assert.Equal("sha256:upper", p.LayerDigest));
        Assert.All(go.Where(p => p.FoundIn == "usr/bin/app"), p => Assert.Equal("sha256:lower", p.LayerDigest));
    }

    [Fact]
    public void Go_binaries_in_a_directory_are_found_without_reading_other_files_whole()
    {
        var dir = Path.Combine(fixture.Dir, "rootfs");
        Directory.CreateDirectory(Path.Combine(dir, "bin"));
        File.Copy(fixture.Bin("app-darwin"), Path.Combine(dir, "bin", "tool"), overwrite: true);
        File.WriteAllText(Path.Combine(dir, "bin", "script.sh"), "#!/bin/sh\necho MZ\n");
        File.WriteAllBytes(Path.Combine(dir, "bin", "fake.exe"), [(byte)'M', (byte)'Z', .. new byte[200]]);
        var result = CatalogRunner.Run(new DirectoryCatalogSource(dir));
        Assert.Empty(result.Errors);
        Assert.Contains(result.Packages, p => p is { Name: "example.com/greet", FoundIn: "bin/tool" });
    }

    /// <summary>Truncations and random corruption of real binaries: a clear per-file error or nothing, never an exception.</summary>
    [Theory]
    [InlineData("app-linux")]
    [InlineData("app-386")]
    [InlineData("app-windows.exe")]
    [InlineData("app-darwin")]
    public void Truncated_and_corrupted_binaries_never_throw(string name)
    {
        var bytes = File.ReadAllBytes(fixture.Bin(name));
        var info = ExecutableImage.Read(bytes)!;
        var blob = info.Section(".go.buildinfo") ?? info.Section("__DATA,__go_buildinfo");
        var cuts = new List<int> { 4, 63, 64, 200, 4096, bytes.Length / 2, bytes.Length - 1 };
        if (blob is not null) cuts.AddRange(Enumerable.Range(0, 80).Select(i => (int)blob.FileOffset + i * 7));
        foreach (var cut in cuts.Where(c => c > 0 && c < bytes.Length))
        {
            _ = ExecutableInspector.Inspect(bytes.AsSpan(0, cut));
            using var s = new MemoryStream(bytes, 0, cut);
            _ = new ExecutableInspector(1024).Inspect(s, cut);
        }
        var random = new Random(1234);
        var headerEnd = Math.Min(bytes.Length, 4096);
        for (var i = 0; i < 300; i++)
        {
            var copy = (byte[])bytes.Clone();
            for (var j = 0; j < 8; j++)
            {
                // Mostly the headers and the build-information blob: that is where a parser can be led astray.
                var at = random.Next(3) switch
                {
                    0 when blob is not null => (int)blob.FileOffset + random.Next(64),
                    1 => random.Next(headerEnd),
                    _ => random.Next(copy.Length),
                };
                copy[Math.Min(at, copy.Length - 1)] = (byte)random.Next(256);
            }
            var metadata = ExecutableInspector.Inspect(copy);
            if (metadata is not null)
            {
                try
                {
                    _ = new GoBinaryCataloger().CatalogExecutable("x", metadata, null);
                }
                catch (CatalogerException)
                {
                }
            }
        }
    }

    [Fact]
    public void A_corrupt_build_information_blob_is_a_cataloger_error_naming_the_file()
    {
        var bytes = File.ReadAllBytes(fixture.Bin("app-linux"));
        var blob = ExecutableImage.Read(bytes)!.Section(".go.buildinfo")!;
        bytes[blob.FileOffset + 32] = 0xFF;  // the version string's length: now runs past the end
        bytes[blob.FileOffset + 33] = 0xFF;
        bytes[blob.FileOffset + 34] = 0x7F;
        var metadata = ExecutableInspector.Inspect(bytes)!;
        Assert.NotNull(metadata.GoError);
        var e = Assert.Throws<CatalogerException>(() => new GoBinaryCataloger().CatalogExecutable("usr/bin/app", metadata, null));
        Assert.StartsWith("usr/bin/app: Go build info:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_that_are_not_executables_are_not_inspected()
    {
        Assert.Null(ExecutableInspector.Inspect("#!/bin/sh\necho hello world, this is long enough to be inspected ok\n"u8));
        Assert.Null(ExecutableInspector.Inspect(RandomNumberGenerator.GetBytes(100_000)));
        Assert.Null(ExecutableInspector.Inspect(File.ReadAllBytes("/bin/sh".Length > 0 && File.Exists("/bin/dash") ? "/bin/dash" : "/bin/sh")));
    }

    /// <summary>Returns at most a few bytes per read, like a decompressing layer stream.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);
    }
}
