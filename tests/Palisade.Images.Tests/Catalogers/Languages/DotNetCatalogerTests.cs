using System.Text;
using Palisade.Images.Catalogers;
using Palisade.Images.Catalogers.DotNet;
using Palisade.Images.Tests.Catalogers;
using static Palisade.Images.Tests.Catalogers.Languages.LanguageCatalogerTestKit;

namespace Palisade.Images.Tests.Catalogers.Languages;

public sealed class DotNetCatalogerTests
{
    private const string Deps = """
        {
          "runtimeTarget": { "name": ".NETCoreApp,Version=v8.0", "signature": "" },
          "targets": { ".NETCoreApp,Version=v8.0": {} },
          "libraries": {
            "MyApp/1.0.0": { "type": "project", "serviceable": false, "sha512": "" },
            "Newtonsoft.Json/13.0.3": { "type": "package", "serviceable": true, "path": "newtonsoft.json/13.0.3" },
            "My.Shared/2.1.0-beta+build": { "type": "project" },
            "Microsoft.AspNetCore.DataProtection/10.0.0.0": { "type": "referenceassembly" },
            "newtonsoft.json/13.0.3": { "type": "package" }
          }
        }
        """;

    private const string PackagesLock = """
        {
          "version": 1,
          "dependencies": {
            "net8.0": {
              "AutoMapper": { "type": "Direct", "requested": "[13.0.1, )", "resolved": "13.0.1" },
              "Microsoft.Extensions.Options": { "type": "Transitive", "resolved": "9.0.0" },
              "Serilog": { "type": "CentralTransitive", "requested": "[3.0.0, )", "resolved": "3.1.1" },
              "MyLib": { "type": "Project", "dependencies": { "AutoMapper": "[13.0.1, )" } }
            },
            "net8.0/linux-x64": {
              "AutoMapper": { "type": "Direct", "requested": "[13.0.1, )", "resolved": "13.0.1" }
            },
            "net48": {
              "log4net": { "type": "Direct", "requested": "[1.2.15, )", "resolved": "1.2.15" }
            }
          }
        }
        """;

    [Fact]
    public void Deps_json_reports_packages_and_referenced_projects_but_not_the_app_itself()
    {
        var packages = Parse(new DotNetDepsCataloger(), "app/MyApp.deps.json", Deps);
        Assert.Equal(["Newtonsoft.Json", "My.Shared"], packages.Select(p => p.Name));
        Assert.Equal(["pkg:nuget/Newtonsoft.Json@13.0.3", "pkg:nuget/My.Shared@2.1.0-beta%2Bbuild"], packages.Select(p => p.Purl));
        Assert.All(packages, p => Assert.Equal("nuget", p.Type));
        Assert.All(packages, p => Assert.Equal("app/MyApp.deps.json", p.FoundIn));
    }

    [Fact]
    public void Deps_json_named_unlike_its_project_skips_the_first_project_library()
    {
        var packages = Parse(new DotNetDepsCataloger(), "renamed.deps.json", Deps);
        Assert.DoesNotContain(packages, p => p.Name == "MyApp");
        Assert.Contains(packages, p => p.Name == "My.Shared");
    }

    [Fact]
    public void Deps_json_without_libraries_has_no_packages()
    {
        Assert.Empty(Parse(new DotNetDepsCataloger(), "x.deps.json", """{ "runtimeTarget": {} }"""));
    }

    [Theory]
    [InlineData("app/MyApp.deps.json", true)]
    [InlineData("MyApp.DEPS.JSON", true)]
    [InlineData(".deps.json", false)]
    [InlineData("app/MyApp.runtimeconfig.json", false)]
    [InlineData("app/deps.json.bak", false)]
    public void Deps_json_cataloger_wants_files_ending_in_deps_json(string path, bool wanted)
    {
        Assert.Equal(wanted, new DotNetDepsCataloger().Wants(path));
    }

    [Fact]
    public void Packages_lock_reports_resolved_versions_of_every_framework_once_and_skips_projects()
    {
        var packages = Parse(new DotNetPackagesLockCataloger(), "src/packages.lock.json", PackagesLock);
        Assert.Equal(
            ["AutoMapper@13.0.1", "Microsoft.Extensions.Options@9.0.0", "Serilog@3.1.1", "log4net@1.2.15"],
            packages.Select(p => $"{p.Name}@{p.Version}"));
        Assert.Equal("pkg:nuget/AutoMapper@13.0.1", packages[0].Purl);
    }

    [Theory]
    [InlineData("packages.lock.json", true)]
    [InlineData("src/app/packages.lock.json", true)]
    [InlineData("src/app/package-lock.json", false)]
    [InlineData("src/app/my-packages.lock.json", false)]
    public void Packages_lock_cataloger_wants_packages_lock_json(string path, bool wanted)
    {
        Assert.Equal(wanted, new DotNetPackagesLockCataloger().Wants(path));
    }

    [Fact]
    public void Catalog_records_where_each_package_was_found_and_its_layer()
    {
        var source = new DictionarySource(new Dictionary<string, string>
        {
            ["app/MyApp.deps.json"] = Deps,
            ["src/packages.lock.json"] = PackagesLock,
        }, "sha256:layer");
        var result = CatalogRunner.Run(source, LanguageCatalogers.All);
        Assert.Empty(result.Errors);
        Assert.Contains(result.Packages, p => p.Name == "Newtonsoft.Json" && p.FoundIn == "app/MyApp.deps.json" && p.LayerDigest == "sha256:layer");
        Assert.Contains(result.Packages, p => p.Name == "log4net" && p.FoundIn == "src/packages.lock.json" && p.LayerDigest == "sha256:layer");
    }

    [Fact]
    public void Invalid_json_is_refused_with_its_line()
    {
        var e = Refuses(new DotNetDepsCataloger(), "a.deps.json", "{\n  \"libraries\": {\n    \"A/1\": { \"type\": \"package\" \n  }\n");
        Assert.NotNull(e.Line);
    }

    [Fact]
    public void Bogus_text_is_refused()
    {
        Refuses(new DotNetDepsCataloger(), "a.deps.json", "bogus deps.json");
        Refuses(new DotNetPackagesLockCataloger(), "packages.lock.json", "\"i am bogus\"");
    }

    [Fact]
    public void A_library_key_without_a_version_is_refused_with_its_line()
    {
        var e = Refuses(new DotNetDepsCataloger(), "a.deps.json", "{\n\"libraries\": {\n\"NoVersion\": { \"type\": \"package\" }\n}\n}");
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void Wrongly_typed_sections_are_refused()
    {
        Refuses(new DotNetDepsCataloger(), "a.deps.json", """{ "libraries": [1, 2] }""");
        Refuses(new DotNetDepsCataloger(), "a.deps.json", """{ "libraries": { "A/1": "package" } }""");
        Refuses(new DotNetPackagesLockCataloger(), "packages.lock.json", """{ "version": 1 }""");
        Refuses(new DotNetPackagesLockCataloger(), "packages.lock.json", """{ "dependencies": { "net8.0": [] } }""");
        Refuses(new DotNetPackagesLockCataloger(), "packages.lock.json", """{ "dependencies": { "net8.0": { "A": 1 } } }""");
    }

    [Fact]
    public void Deeply_nested_json_is_refused_quickly()
    {
        var nested = new string('[', 200_000) + new string(']', 200_000);
        Refuses(new DotNetDepsCataloger(), "a.deps.json", nested);
        Refuses(new DotNetPackagesLockCataloger(), "packages.lock.json", "{\"dependencies\":" + nested + "}");
    }

    [Fact]
    public void A_100_megabyte_file_is_refused_without_parsing()
    {
        var e = Refuses(new DotNetPackagesLockCataloger(), "packages.lock.json", Huge((byte)' '));
        Assert.Contains("limit", e.Message, StringComparison.Ordinal);
        Refuses(new DotNetDepsCataloger(), "a.deps.json", Huge((byte)'['));
    }

    [Fact]
    public void Many_packages_parse_in_bounded_time()
    {
        var sb = new StringBuilder("{\"libraries\":{");
        for (var i = 0; i < 100_000; i++) sb.Append(i == 0 ? "" : ",").Append("\"P").Append(i).Append("/1.0.0\":{\"type\":\"package\"}");
        sb.Append("}}");
        var packages = Parse(new DotNetDepsCataloger(), "big.deps.json", sb.ToString());
        Assert.Equal(100_000, packages.Count);
    }

    [Fact]
    public void Empty_files_have_no_packages()
    {
        Assert.Empty(Parse(new DotNetDepsCataloger(), "a.deps.json", ""));
        Assert.Empty(Parse(new DotNetPackagesLockCataloger(), "packages.lock.json", ""));
    }
}
