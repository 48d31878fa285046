using System.Text;
using Palisade.Images.Catalogers;
using Palisade.Images.Catalogers.JavaScript;

namespace Palisade.Images.Tests.Catalogers.JavaScript;

public sealed class NpmCatalogerTests
{
    private static IReadOnlyList<PackageRecord> Lock(string json, string path = "app/package-lock.json") =>
        new NpmLockCataloger().CatalogFile(path, Encoding.UTF8.GetBytes(json), "sha256:layer", null);

    private static IReadOnlyList<PackageRecord> PackageJson(string json, string path = "node_modules/x/package.json") =>
        new NpmPackageJsonCataloger().CatalogFile(path, Encoding.UTF8.GetBytes(json), null, null);

    private const string V2 = """
        {
          "name": "my-app", "version": "1.0.0", "lockfileVersion": 2,
          "packages": {
            "": { "name": "my-app", "version": "1.0.0", "license": "ISC" },
            "node_modules/@types/react": { "version": "18.0.17", "license": "MIT" },
            "node_modules/case-alias": { "name": "case", "version": "1.6.3", "license": { "type": "BSD-3-Clause" } },
            "node_modules/a/node_modules/b": { "version": "2.0.0", "license": ["MIT", "Apache-2.0"] },
            "node_modules/c/node_modules/b": { "version": "2.0.0" },
            "node_modules/dual": { "version": "1.0.0", "license": "(MIT OR  Apache-2.0)" },
            "packages/workspace-a": { "name": "workspace-a", "version": "0.1.0" },
            "node_modules/workspace-a": { "resolved": "packages/workspace-a", "link": true }
          },
          "dependencies": { "ignored-when-packages-present": { "version": "9.9.9" } }
        }
        """;

    [Fact]
    public void A_v2_lock_lists_the_packages_map_without_the_root_workspaces_or_links()
    {
        var packages = Lock(V2);
        Assert.Equal(["@types/react", "case", "b", "dual"], packages.Select(p => p.Name));
        Assert.Equal(["18.0.17", "1.6.3", "2.0.0", "1.0.0"], packages.Select(p => p.Version));
        Assert.All(packages, p => Assert.Equal("npm", p.Type));
        Assert.All(packages, p => Assert.Equal("app/package-lock.json", p.FoundIn));
        Assert.All(packages, p => Assert.Equal("sha256:layer", p.LayerDigest));
    }

    [Fact]
    public void Scoped_names_get_an_encoded_namespace_in_the_purl()
    {
        var react = Lock(V2).Single(p => p.Name == "@types/react");
        Assert.Equal("pkg:npm/%40types/react@18.0.17", react.Purl);
    }

    [Fact]
    public void Licences_are_read_as_string_object_or_array_and_expressions_are_kept_whole()
    {
        var packages = Lock(V2).ToDictionary(p => p.Name);
        Assert.Equal(["MIT"], packages["@types/react"].Licenses);
        Assert.Equal(["BSD-3-Clause"], packages["case"].Licenses);
        Assert.Equal(["MIT", "Apache-2.0"], packages["b"].Licenses);
        Assert.Equal(["(MIT OR Apache-2.0)"], packages["dual"].Licenses);
    }

    [Fact]
    public void A_v1_lock_walks_the_nested_dependency_tree_and_resolves_aliases()
    {
        var packages = Lock("""
            { "lockfileVersion": 1, "dependencies": {
                "parent": { "version": "1.0.0", "dependencies": {
                    "shared": { "version": "1.0.0" },
                    "middle": { "version": "1.0.0", "dependencies": { "shared": { "version": "0.5.0" } } } } },
                "shared": { "version": "2.0.0" },
                "chai": { "version": "npm:@bundled-es-modules/chai@4.2.2" },
                "local": { "version": "file:../local" },
                "again": { "version": "1.0.0", "dependencies": { "shared": { "version": "2.0.0" } } } } }
            """);
        Assert.Equal(["parent@1.0.0", "shared@2.0.0", "@bundled-es-modules/chai@4.2.2", "again@1.0.0", "shared@1.0.0", "middle@1.0.0", "shared@0.5.0"],
            packages.Select(p => $"{p.Name}@{p.Version}"));
        Assert.Equal("pkg:npm/%40bundled-es-modules/chai@4.2.2", packages[2].Purl);
    }

    [Theory]
    [InlineData("package-lock.json", true)]
    [InlineData("srv/app/package-lock.json", true)]
    [InlineData("srv/app/npm-shrinkwrap.json", true)]
    [InlineData("srv/app/node_modules/dep/package-lock.json", false)]
    [InlineData("srv/app/node_modules/.package-lock.json", false)]
    [InlineData("srv/app/package-lock.json.bak", false)]
    public void The_lock_cataloger_wants_lock_files_outside_node_modules(string path, bool wanted) =>
        Assert.Equal(wanted, new NpmLockCataloger().Wants(path));

    [Theory]
    [InlineData("{\n  \"lockfileVersion\": 2,\n  \"packages\": {\n    \"node_modules/a\": { \"version\": \"1\" \n", 5)]
    [InlineData("{ \"a\": tru }", 1)]
    public void Malformed_lock_json_is_an_error_with_the_file_and_line(string json, int line)
    {
        var e = Assert.Throws<CatalogerException>(() => Lock(json));
        Assert.Equal("app/package-lock.json", e.Path);
        Assert.Equal(line, e.Line);
    }

    [Fact]
    public void A_lock_that_is_not_an_object_is_an_error() =>
        Assert.Throws<CatalogerException>(() => Lock("[1, 2, 3]"));

    [Fact]
    public void Deeply_nested_json_is_an_error_not_a_stack_overflow()
    {
        var deep = new StringBuilder("{\"dependencies\":");
        for (var i = 0; i < 100_000; i++) deep.Append("{\"a\":{\"version\":\"1\",\"dependencies\":");
        Assert.Throws<CatalogerException>(() => Lock(deep.ToString()));
        Assert.Throws<CatalogerException>(() => PackageJson(new string('[', 1_000_000)));
    }

    [Fact]
    public void A_huge_lock_is_read_in_bounded_time()
    {
        var sb = new StringBuilder("{\"lockfileVersion\":3,\"packages\":{\"\":{}");
        for (var i = 0; i < 200_000; i++) sb.Append(",\"node_modules/p").Append(i).Append("\":{\"version\":\"1.0.").Append(i % 7).Append("\",\"license\":\"MIT\"}");
        sb.Append("}}");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var packages = Lock(sb.ToString());
        Assert.Equal(200_000, packages.Count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void Entries_with_hostile_names_are_dropped()
    {
        var packages = Lock("""
            { "lockfileVersion": 3, "packages": {
              "node_modules/ok": { "version": "1.0.0" },
              "node_modules/bad name": { "version": "1.0.0" },
              "node_modules/x": { "name": "a/b/c", "version": "1.0.0" },
              "node_modules/noversion": { },
              "node_modules/numver": { "version": 3 } } }
            """);
        Assert.Equal(["ok"], packages.Select(p => p.Name));
    }

    [Fact]
    public void An_installed_package_json_gives_name_version_and_licences()
    {
        var p = Assert.Single(PackageJson("""
            { "name": "@actions/core", "version": "1.6.0", "licenses": [ { "type": "MIT", "url": "x" }, "Apache-2.0" ] }
            """, "usr/lib/node_modules/@actions/core/package.json"));
        Assert.Equal("@actions/core", p.Name);
        Assert.Equal("1.6.0", p.Version);
        Assert.Equal("pkg:npm/%40actions/core@1.6.0", p.Purl);
        Assert.Equal(["MIT", "Apache-2.0"], p.Licenses);
        Assert.Equal("usr/lib/node_modules/@actions/core/package.json", p.FoundIn);
    }

    [Theory]
    [InlineData("{ \"name\": \"x\" }")]
    [InlineData("{ \"version\": \"1.0.0\" }")]
    [InlineData("{ \"type\": \"module\" }")]
    [InlineData("{ \"name\": \"x\", \"version\": \"\" }")]
    public void A_package_json_without_name_or_version_gives_nothing(string json) => Assert.Empty(PackageJson(json));

    [Fact]
    public void A_package_json_that_is_not_an_object_is_an_error()
    {
        var e = Assert.Throws<CatalogerException>(() => PackageJson("\"just a string\""));
        Assert.Equal("node_modules/x/package.json", e.Path);
    }

    [Theory]
    [InlineData("node_modules/lodash/package.json", true)]
    [InlineData("usr/lib/node_modules/npm/package.json", true)]
    [InlineData("app/node_modules/@babel/core/package.json", true)]
    [InlineData("app/node_modules/a/node_modules/b/package.json", true)]
    [InlineData("app/package.json", false)]
    [InlineData("package.json", false)]
    [InlineData("app/node_modules/lodash/lib/package.json", false)]
    [InlineData("app/node_modules/@babel/package.json", false)]
    [InlineData("app/node_modules/.bin/package.json", false)]
    [InlineData("app/node_modules/a/test/fixtures/node/package.json", false)]
    public void The_package_json_cataloger_wants_only_package_folders_inside_node_modules(string path, bool wanted) =>
        Assert.Equal(wanted, new NpmPackageJsonCataloger().Wants(path));

    [Fact]
    public void All_lists_the_four_catalogers_with_distinct_names()
    {
        var names = JavaScriptCatalogers.All.Select(c => c.Name).ToList();
        Assert.Equal(4, names.Distinct().Count());
    }

    [Fact]
    public void A_root_filesystem_with_locks_and_node_modules_is_cataloged_by_all()
    {
        var source = new DictionarySource(new Dictionary<string, string>
        {
            ["app/package.json"] = "{ \"name\": \"app\", \"version\": \"1.0.0\" }",
            ["app/package-lock.json"] = "{ \"lockfileVersion\": 3, \"packages\": { \"node_modules/left-pad\": { \"version\": \"1.3.0\" } } }",
            ["app/node_modules/left-pad/package.json"] = "{ \"name\": \"left-pad\", \"version\": \"1.3.0\", \"license\": \"WTFPL\" }",
            ["app/node_modules/left-pad/yarn.lock"] = "this is not parsed: inside node_modules\n",
        }, "sha256:abc");
        var result = CatalogRunner.Run(source, JavaScriptCatalogers.All);
        Assert.Empty(result.Errors);
        Assert.Equal(["app/package-lock.json", "app/node_modules/left-pad/package.json"], result.Packages.Select(p => p.FoundIn));
        Assert.All(result.Packages, p => Assert.Equal("sha256:abc", p.LayerDigest));
    }
}
