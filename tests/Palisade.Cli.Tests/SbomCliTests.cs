using System.Text.Json;
using Palisade.Cli.Tests.Infrastructure;

namespace Palisade.Cli.Tests;

/// <summary>`palisade sbom`: formats, several outputs in one run, and clear errors for what it cannot read.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SbomCliTests : IDisposable
{
    private readonly TempTree _tree = new();

    public SbomCliTests()
    {
        _tree.Write("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
        _tree.Write("var/lib/dpkg/status", "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nSource: zlib\nVersion: 1:1.2.13.dfsg-1\n\n" +
            "Package: gone\nStatus: deinstall ok config-files\nVersion: 1.0\n");
        _tree.Write("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\nA:x86_64\no:musl\nL:MIT\n\n");
    }

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void A_root_filesystem_gives_its_installed_packages_as_json()
    {
        var r = Runner.Run("sbom", "dir:" + _tree.Root, "-o", "json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var purls = doc.RootElement.GetProperty("packages").EnumerateArray().Select(p => p.GetProperty("purl").GetString()).ToList();
        Assert.Contains("pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib", purls);
        Assert.Equal(2, purls.Count);
    }

    [Fact]
    public void Several_formats_are_written_in_one_run()
    {
        var cdx = Path.Combine(_tree.Root, "..", $"sbom-{Guid.NewGuid():N}.cdx.json");
        var spdx = Path.Combine(_tree.Root, "..", $"sbom-{Guid.NewGuid():N}.spdx.json");
        try
        {
            var r = Runner.Run("sbom", _tree.Root, "-o", "table", "-o", "cyclonedx-json=" + cdx, "-o", "spdx-json=" + spdx, "--deterministic");
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Contains("zlib1g", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("\"specVersion\": \"1.6\"", File.ReadAllText(cdx), StringComparison.Ordinal);
            Assert.Contains("\"spdxVersion\": \"SPDX-2.3\"", File.ReadAllText(spdx), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(cdx);
            File.Delete(spdx);
        }
    }

    [Fact]
    public void An_unknown_format_is_a_usage_error()
    {
        var r = Runner.Run("sbom", _tree.Root, "-o", "xml");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown SBOM format", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_registry_is_an_input_error_naming_it()
    {
        var r = Runner.Run("sbom", "127.0.0.1:1/shop/api:1.0", "--insecure-registry", "127.0.0.1:1", "-o", "json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("127.0.0.1:1", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Neither_a_directory_nor_a_reference_is_a_usage_error()
    {
        var r = Runner.Run("sbom", "Not A/Valid Reference");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not an image reference", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_image_source_is_a_usage_error_with_the_reason()
    {
        var r = Runner.Run("sbom", "oci:" + _tree.Root);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("index.json", r.Stderr, StringComparison.Ordinal);
    }
}
