using System.Diagnostics;
using Palisade.Images.Catalogers;
using Palisade.Images.Layers;
using Palisade.Images.References;
using Palisade.Images.Registry;
using Palisade.Images.Sources;

namespace Palisade.Images.Tests;

/// <summary>
/// A real Debian bookworm image (mmdebstrap minbase, packed by umoci; built once by tests/tools/build-debian-image.sh
/// and cached in ~/.cache/palisade-tests) and the same image with a package purged in a second layer.
/// </summary>
public sealed class DebianImageFixture
{
    public DebianImageFixture()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Dir = Path.Combine(string.IsNullOrEmpty(home) ? Path.GetTempPath() : home, ".cache", "palisade-tests", "debian-bookworm");
        var root = SchemaCheck.Root();
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(root, "tests", "tools", "build-debian-image.sh"));
        start.ArgumentList.Add(Dir);
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"build-debian-image.sh failed ({p.ExitCode}): {stderr.Result}");
        Expected = Read("dpkg-query.txt");
        ExpectedPurged = Read("dpkg-query-purged.txt");
        PurgedPackage = File.ReadAllText(Path.Combine(Dir, "purged-package.txt")).Trim();
    }

    public string Dir { get; }
    public IReadOnlyList<string> Expected { get; }
    public IReadOnlyList<string> ExpectedPurged { get; }
    public string PurgedPackage { get; }

    private List<string> Read(string name) => [.. File.ReadAllLines(Path.Combine(Dir, name)).Where(l => l.Length > 0).Order(StringComparer.Ordinal)];
}

/// <summary>
/// End to end: the real image read from its OCI layout, a docker-archive and two real registries (anonymous and
/// Basic-auth, pushed by skopeo) gives exactly the packages `dpkg-query -W` lists for its root filesystem.
/// </summary>
public sealed class DebianImageTests(DebianImageFixture image, RegistryFixture registry) : IClassFixture<DebianImageFixture>, IClassFixture<RegistryFixture>
{
    private static readonly CaptureRule Wanted = new((path, _) => CatalogRunner.Wants(path));

    private static List<string> Packages(ResolvedImage resolved)
    {
        var result = CatalogRunner.Run(new TreeCatalogSource(resolved.ReadFileSystem(Wanted)));
        Assert.Empty(result.Errors);
        Assert.Equal("debian", result.Os?.Id);
        return [.. result.Packages.Where(p => p.Type == "deb").Select(p => $"{p.Name}\t{p.Version}\t{p.Architecture}").Order(StringComparer.Ordinal)];
    }

    private RegistryClient Client(RegistryCredentials? credentials = null) => new(new RegistryOptions
    {
        InsecureHosts = new HashSet<string>([registry.Anonymous, registry.Authenticated]),
        Credentials = credentials,
        CacheDirectory = null,
        DockerConfigPath = Path.Combine(registry.Root, "no-docker-config.json"),
    });

    private void Push(string tag, string target, bool auth)
    {
        var start = new ProcessStartInfo("skopeo") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--insecure-policy", "copy", "--quiet", "--dest-tls-verify=false" }) start.ArgumentList.Add(a);
        if (auth)
        {
            start.ArgumentList.Add("--dest-creds");
            start.ArgumentList.Add($"{RegistryFixture.User}:{RegistryFixture.Password}");
        }
        start.ArgumentList.Add($"oci:{Path.Combine(image.Dir, "layout")}:{tag}");
        start.ArgumentList.Add("docker://" + target);
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err.Result);
    }

    [Fact]
    public void Layout_docker_archive_and_both_registries_give_exactly_the_packages_dpkg_lists()
    {
        Assert.True(image.Expected.Count > 50, "the minbase image has its ~90 packages");
        Assert.Equal(image.Expected, Packages(ImageSources.Open($"oci:{Path.Combine(image.Dir, "layout")}:bookworm")));
        Assert.Equal(image.Expected, Packages(ImageSources.Open($"docker-archive:{Path.Combine(image.Dir, "bookworm.tar")}")));
        Push("bookworm", $"{registry.Anonymous}/debian/base:bookworm", auth: false);
        Push("bookworm", $"{registry.Authenticated}/debian/base:bookworm", auth: true);
        using (var anonymous = Client())
            Assert.Equal(image.Expected, Packages(anonymous.Open(ImageName.Parse($"{registry.Anonymous}/debian/base:bookworm"))));
        using (var user = Client(new RegistryCredentials(RegistryFixture.User, RegistryFixture.Password)))
            Assert.Equal(image.Expected, Packages(user.Open(ImageName.Parse($"{registry.Authenticated}/debian/base:bookworm"))));
    }

    [Fact]
    public void The_images_sboms_validate_against_the_cyclonedx_and_spdx_schemas()
    {
        var resolved = ImageSources.Open($"oci:{Path.Combine(image.Dir, "layout")}:bookworm");
        var result = CatalogRunner.Run(new TreeCatalogSource(resolved.ReadFileSystem(Wanted)));
        var subject = new Sbom.SbomSubject("debian", "bookworm", "container", resolved.ManifestDigest, result.Packages);
        var dir = Path.Combine(Path.GetTempPath(), "palisade-debian-sbom-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var cdx = Path.Combine(dir, "bom.cdx.json");
            var spdx = Path.Combine(dir, "bom.spdx.json");
            using (var f = File.Create(cdx)) Sbom.SbomWriters.WriteCycloneDx(f, subject);
            using (var f = File.Create(spdx)) Sbom.SbomWriters.WriteSpdx(f, subject);
            var (exit, output) = SchemaCheck.Validate(SchemaCheck.Shared("cyclonedx-spec", "schema", "bom-1.6.schema.json"), cdx);
            Assert.True(exit == 0, output);
            (exit, output) = SchemaCheck.Validate(SchemaCheck.Shared("spdx-spec", "v2.3.1", "schemas", "spdx-schema.json"), spdx);
            Assert.True(exit == 0, output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_package_purged_in_a_later_layer_is_gone_from_the_image()
    {
        var layout = ImageSources.Open($"oci:{Path.Combine(image.Dir, "layout")}:bookworm-purged");
        Assert.Equal(2, layout.Layers.Count);
        var packages = Packages(layout);
        Assert.Equal(image.ExpectedPurged, packages);
        Assert.DoesNotContain(packages, p => p.StartsWith(image.PurgedPackage + "\t", StringComparison.Ordinal));
        Assert.Contains(image.Expected, p => p.StartsWith(image.PurgedPackage + "\t", StringComparison.Ordinal));
        Push("bookworm-purged", $"{registry.Anonymous}/debian/purged:1", auth: false);
        using var client = Client();
        Assert.Equal(image.ExpectedPurged, Packages(client.Open(ImageName.Parse($"{registry.Anonymous}/debian/purged:1"))));
    }
}
