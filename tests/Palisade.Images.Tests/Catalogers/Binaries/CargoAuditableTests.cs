using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Palisade.Images.Catalogers;
using Palisade.Images.Catalogers.Binaries;
using Palisade.Images.Layers;

namespace Palisade.Images.Tests.Catalogers.Binaries;

/// <summary>
/// Rust binaries carrying a cargo-auditable dependency list. cargo-auditable itself cannot be installed here (crates.io is
/// not reachable), so the tests do what it does: zlib-compress the JSON and link it into a real ELF executable as the
/// <c>.dep-v0</c> section (with binutils' objcopy).
/// </summary>
public sealed class CargoAuditableTests
{
    private const string Audit = """
        {"packages":[
          {"name":"hello","version":"0.1.0","source":"local","dependencies":[1,2],"root":true},
          {"name":"serde","version":"1.0.215","source":"crates.io","dependencies":[3]},
          {"name":"forked","version":"0.3.0","source":"git"},
          {"name":"serde_derive","version":"1.0.215","source":"crates.io","kind":"build"}
        ]}
        """;

    internal static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal)) z.Write(data);
        return output.ToArray();
    }

    /// <summary>A copy of a real ELF executable with <paramref name="section"/> added as .dep-v0.</summary>
    internal static byte[] WithSection(byte[] section)
    {
        var dir = Directory.CreateTempSubdirectory("palisade-audit-").FullName;
        try
        {
            var data = Path.Combine(dir, "dep-v0");
            File.WriteAllBytes(data, section);
            var output = Path.Combine(dir, "app");
            var start = new ProcessStartInfo("objcopy") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "--add-section", ".dep-v0=" + data, "--set-section-flags", ".dep-v0=noload,readonly", "/bin/true", output })
                start.ArgumentList.Add(a);
            using var p = Process.Start(start)!;
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, "objcopy: " + err);
            return File.ReadAllBytes(output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Every_crate_is_reported_with_its_dependencies()
    {
        var metadata = ExecutableInspector.Inspect(WithSection(Zlib(Encoding.UTF8.GetBytes(Audit))))!;
        Assert.Equal(ExecutableFormat.Elf, metadata.Format);
        Assert.Null(metadata.Go);
        var packages = new CargoAuditableCataloger().CatalogExecutable("usr/bin/hello", metadata, "sha256:l1");
        Assert.Equal(
            ["hello 0.1.0 pkg:cargo/hello@0.1.0", "serde 1.0.215 pkg:cargo/serde@1.0.215", "forked 0.3.0 pkg:cargo/forked@0.3.0", "serde_derive 1.0.215 pkg:cargo/serde_derive@1.0.215"],
            packages.Select(p => $"{p.Name} {p.Version} {p.Purl}"));
        Assert.Equal([new PackageKey("serde", "1.0.215"), new PackageKey("forked", "0.3.0")], packages[0].DependsOn);
        Assert.Equal([new PackageKey("serde_derive", "1.0.215")], packages[1].DependsOn);
        Assert.Equal("build", metadata.Cargo![3].Kind);
        Assert.True(metadata.Cargo[0].Root);
        Assert.All(packages, p => Assert.Equal(("usr/bin/hello", "sha256:l1"), (p.FoundIn, p.LayerDigest)));
    }

    [Fact]
    public void A_rust_binary_in_an_image_layer_is_cataloged()
    {
        var layer = new TarBuilder().File("usr/bin/hello", WithSection(Zlib(Encoding.UTF8.GetBytes(Audit)))).Tar();
        var applier = new LayerApplier(new CaptureRule((path, _) => CatalogRunner.Wants(path)) { InspectExecutables = true });
        applier.Apply(new MemoryStream(TestImages.Gzip(layer)), "sha256:l1");
        var result = CatalogRunner.Run(new TreeCatalogSource(applier.Tree));
        Assert.Empty(result.Errors);
        Assert.Equal(4, result.Packages.Count(p => p.Type == "cargo" && p.FoundIn == "usr/bin/hello" && p.LayerDigest == "sha256:l1"));
    }

    public static TheoryData<string, byte[]> BadSections() => new()
    {
        { "not zlib data", Encoding.UTF8.GetBytes("{\"packages\":[]}") },
        { "invalid JSON", Zlib("{\"packages\":[{\"name\":"u8.ToArray()) },
        { "no \"packages\" array", Zlib("{\"crates\":[]}"u8.ToArray()) },
        { "without a version", Zlib("{\"packages\":[{\"name\":\"a\"}]}"u8.ToArray()) },
        { "not in the list", Zlib("{\"packages\":[{\"name\":\"a\",\"version\":\"1\",\"dependencies\":[5]}]}"u8.ToArray()) },
        { "inflates past", Zlib(new byte[CargoAuditInfo.MaxJsonBytes + 1]) },
    };

    /// <summary>Each is a clear error for that binary (through the runner: the scan goes on).</summary>
    [Theory]
    [MemberData(nameof(BadSections))]
    public void A_bad_dependency_section_is_an_error_for_that_file(string expected, byte[] section)
    {
        var metadata = ExecutableInspector.Inspect(WithSection(section))!;
        Assert.Contains(expected, metadata.CargoError, StringComparison.Ordinal);
        var layer = new TarBuilder().File("usr/bin/bad", WithSection(section)).File("var/lib/dpkg/status", "Package: a\nStatus: install ok installed\nVersion: 1\n").Tar();
        var applier = new LayerApplier(new CaptureRule((path, _) => CatalogRunner.Wants(path)) { InspectExecutables = true });
        applier.Apply(new MemoryStream(layer), "sha256:l1");
        var result = CatalogRunner.Run(new TreeCatalogSource(applier.Tree));
        var error = Assert.Single(result.Errors);
        Assert.Equal(("cargo-auditable", "usr/bin/bad"), (error.Cataloger, error.Path));
        Assert.Contains(result.Packages, p => p.Name == "a");
    }
}
