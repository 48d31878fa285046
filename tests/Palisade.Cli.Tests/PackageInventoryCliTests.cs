using System.Text.Json;
using Palisade.Cli.Tests.Infrastructure;
using Palisade.Reporting.Json;

namespace Palisade.Cli.Tests;

/// <summary>`palisade scan DIR` lists the packages of the lock files it finds, with the same catalogers as `palisade sbom`.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class PackageInventoryCliTests : IDisposable
{
    private readonly TempTree _tree = new();

    public PackageInventoryCliTests()
    {
        _tree.Write("requirements.txt", "requests==2.31.0\nflask==3.0.0  # web\n");
        _tree.Write("web/package-lock.json", """
            {"lockfileVersion": 3, "packages": {"": {"name": "web"},
              "node_modules/left-pad": {"version": "1.3.0"},
              "node_modules/@scope/pkg": {"version": "2.0.0-beta.1"}}}
            """);
        _tree.Write("web/node_modules/left-pad/package.json", """{"name": "left-pad", "version": "1.3.0"}""");
        _tree.Write("svc/Cargo.lock", "version = 3\n\n[[package]]\nname = \"serde\"\nversion = \"1.0.215\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n");
    }

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Json_lists_each_lock_file_with_its_packages_and_reads_back()
    {
        var r = Runner.Run("scan", _tree.Root, "-f", "json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var inventories = doc.RootElement.GetProperty("results").EnumerateArray()
            .Where(t => t.TryGetProperty("packages", out _))
            .ToDictionary(t => t.GetProperty("target").GetString()!, t => t.GetProperty("packages").EnumerateArray().Select(p => p.GetProperty("purl").GetString()).ToList());
        Assert.Equal(["requirements.txt", "svc/Cargo.lock", "web/package-lock.json"], inventories.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["pkg:npm/left-pad@1.3.0", "pkg:npm/%40scope/pkg@2.0.0-beta.1"], inventories["web/package-lock.json"]);
        Assert.Equal(["pkg:cargo/serde@1.0.215"], inventories["svc/Cargo.lock"]);
        Assert.Equal(5, doc.RootElement.GetProperty("summary").GetProperty("packages").GetInt32());
        var back = JsonReportReader.Read(r.Stdout);
        Assert.Equal(5, back.Results.Sum(t => t.Packages.Count));
    }

    [Fact]
    public void The_table_summarises_the_packages_by_type()
    {
        var r = Runner.Run("scan", _tree.Root);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Packages: 5 (npm 2, pypi 2, cargo 1) in 3 lock files and package databases", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_and_secrets_do_not_list_packages()
    {
        Assert.DoesNotContain("Packages:", Runner.Run("config", _tree.Root).Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Packages:", Runner.Run("secrets", _tree.Root).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_lock_file_is_an_input_error_with_its_line_and_the_others_are_still_listed()
    {
        _tree.Write("broken/Cargo.lock", "[[package]]\nname = \"x\"\nversion = \n");
        var r = Runner.Run("scan", _tree.Root, "-f", "json");
        Assert.Equal(2, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var broken = doc.RootElement.GetProperty("results").EnumerateArray().Single(t => t.GetProperty("target").GetString() == "broken/Cargo.lock");
        var error = Assert.Single(broken.GetProperty("errors").EnumerateArray());
        Assert.Equal(3, error.GetProperty("location").GetProperty("startLine").GetInt32());
        Assert.Contains("missing value", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(5, doc.RootElement.GetProperty("summary").GetProperty("packages").GetInt32());
    }
}
