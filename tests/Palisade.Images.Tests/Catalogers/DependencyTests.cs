using System.Text;
using Palisade.Images.Catalogers;
using Palisade.Images.Catalogers.DotNet;
using Palisade.Images.Catalogers.JavaScript;
using Palisade.Images.Catalogers.Rust;

namespace Palisade.Images.Tests.Catalogers;

/// <summary>The dependency edges catalogers read from the databases that record them.</summary>
public sealed class DependencyTests
{
    private static Dictionary<string, List<string>> Edges(IEnumerable<PackageRecord> packages) =>
        packages.ToDictionary(p => $"{p.Name}@{p.Version}", p => p.DependsOn.Select(d => $"{d.Name}@{d.Version}").ToList());

    private static IReadOnlyList<PackageRecord> Parse(DatabaseFileCataloger cataloger, string path, string text, OsRelease? os = null) =>
        cataloger.CatalogFile(path, Encoding.UTF8.GetBytes(text), null, os);

    [Fact]
    public void Dpkg_depends_and_pre_depends_resolve_alternatives_and_virtual_packages()
    {
        const string status = """
            Package: apt
            Status: install ok installed
            Version: 2.6.1
            Pre-Depends: libc6 (>= 2.34)
            Depends: adduser | passwd, gpgv | gpgv2, libstdc++6:any (>= 11), debconf (>= 0.5) | debconf-2.0, notinstalled

            Package: libc6
            Status: install ok installed
            Version: 2.36-9
            Depends: libgcc-s1

            Package: libgcc-s1
            Status: install ok installed
            Version: 12.2.0-14
            Depends: libc6 (>= 2.35)

            Package: passwd
            Status: install ok installed
            Version: 1:4.13

            Package: gpgv
            Status: deinstall ok config-files
            Version: 2.2.40

            Package: sqv
            Status: install ok installed
            Version: 1.0
            Provides: gpgv2

            Package: libstdc++6
            Status: install ok installed
            Version: 12.2.0-14

            Package: cdebconf
            Status: install ok installed
            Version: 0.270
            Provides: debconf-2.0
            Depends: cdebconf
            """;
        var edges = Edges(Parse(new DpkgCataloger(), "var/lib/dpkg/status", status));
        Assert.Equal(["libc6@2.36-9", "passwd@1:4.13", "sqv@1.0", "libstdc++6@12.2.0-14", "cdebconf@0.270"], edges["apt@2.6.1"]);
        Assert.Equal(["libgcc-s1@12.2.0-14"], edges["libc6@2.36-9"]);
        Assert.Equal(["libc6@2.36-9"], edges["libgcc-s1@12.2.0-14"]);
        Assert.Empty(edges["cdebconf@0.270"]);  // not itself
    }

    [Fact]
    public void Apk_dependencies_resolve_through_provides()
    {
        const string installed = """
            P:musl
            V:1.2.4-r2
            p:so:libc.musl-x86_64.so.1=1

            P:busybox
            V:1.36.1-r2
            D:so:libc.musl-x86_64.so.1 !busybox-extras musl=1.2.4-r2 so:libmissing.so.1
            p:/bin/sh cmd:busybox=1.36.1-r2

            P:alpine-baselayout
            V:3.4.3-r1
            D:/bin/sh busybox>=1.30
            """;
        var edges = Edges(Parse(new ApkCataloger(), "lib/apk/db/installed", installed));
        Assert.Equal(["musl@1.2.4-r2"], edges["busybox@1.36.1-r2"]);
        Assert.Equal(["busybox@1.36.1-r2"], edges["alpine-baselayout@3.4.3-r1"]);
        Assert.Empty(edges["musl@1.2.4-r2"]);
    }

    [Fact]
    public void Npm_lock_v3_dependencies_are_found_as_node_finds_them()
    {
        const string lockfile = """
            {"lockfileVersion": 3, "packages": {
              "": {"name": "app", "dependencies": {"a": "^1", "b": "^1"}},
              "node_modules/a": {"version": "1.0.0", "dependencies": {"c": "^2", "b": "^1"}},
              "node_modules/a/node_modules/c": {"version": "2.0.0", "peerDependencies": {"b": "*"}},
              "node_modules/b": {"version": "1.1.0", "optionalDependencies": {"c": "^1", "gone": "1"}},
              "node_modules/c": {"version": "1.5.0"},
              "node_modules/d": {"version": "3.0.0", "dependencies": {"e": "npm:real-e@1.0.0"}},
              "node_modules/e": {"name": "real-e", "version": "1.0.0"}
            }}
            """;
        var edges = Edges(Parse(new NpmLockCataloger(), "package-lock.json", lockfile));
        Assert.Equal(["c@2.0.0", "b@1.1.0"], edges["a@1.0.0"]);
        Assert.Equal(["b@1.1.0"], edges["c@2.0.0"]);
        Assert.Equal(["c@1.5.0"], edges["b@1.1.0"]);
        Assert.Equal(["real-e@1.0.0"], edges["d@3.0.0"]);
    }

    [Fact]
    public void Npm_lock_v1_requires_are_found_in_the_nested_tree_then_above()
    {
        const string lockfile = """
            {"lockfileVersion": 1, "dependencies": {
              "a": {"version": "1.0.0", "requires": {"c": "^2", "b": "^1"},
                    "dependencies": {"c": {"version": "2.0.0", "requires": {"b": "*"}}}},
              "b": {"version": "1.1.0", "requires": {"c": "^1"}},
              "c": {"version": "1.5.0"}
            }}
            """;
        var edges = Edges(Parse(new NpmLockCataloger(), "package-lock.json", lockfile));
        Assert.Equal(["c@2.0.0", "b@1.1.0"], edges["a@1.0.0"]);
        Assert.Equal(["b@1.1.0"], edges["c@2.0.0"]);
        Assert.Equal(["c@1.5.0"], edges["b@1.1.0"]);
    }

    [Fact]
    public void Cargo_lock_dependencies_name_a_version_when_two_are_locked()
    {
        const string lockfile = """
            version = 3

            [[package]]
            name = "app"
            version = "0.1.0"
            dependencies = [
             "rand 0.8.5",
             "rand 0.7.3",
             "serde", # a comment
            ]

            [[package]]
            name = "rand"
            version = "0.8.5"
            source = "registry+https://github.com/rust-lang/crates.io-index"

            [[package]]
            name = "rand"
            version = "0.7.3"
            source = "registry+https://github.com/rust-lang/crates.io-index"
            dependencies = ["serde 1.0.1 (registry+https://github.com/rust-lang/crates.io-index)"]

            [[package]]
            name = "serde"
            version = "1.0.1"
            source = "registry+https://github.com/rust-lang/crates.io-index"
            """;
        var edges = Edges(Parse(new CargoLockCataloger(), "Cargo.lock", lockfile));
        Assert.Equal(["rand@0.8.5", "rand@0.7.3", "serde@1.0.1"], edges["app@0.1.0"]);
        Assert.Equal(["serde@1.0.1"], edges["rand@0.7.3"]);
    }

    [Fact]
    public void Dotnet_deps_json_dependencies_come_from_the_target()
    {
        const string deps = """
            {"runtimeTarget": {"name": ".NETCoreApp,Version=v8.0"},
             "targets": {".NETCoreApp,Version=v8.0": {
               "app/1.0.0": {"dependencies": {"Newtonsoft.Json": "13.0.3", "Serilog": "3.1.1"}},
               "Newtonsoft.Json/13.0.3": {},
               "Serilog/3.1.1": {"dependencies": {"System.Memory": "4.5.5", "Absent": "1.0.0"}},
               "System.Memory/4.5.5": {}}},
             "libraries": {
               "app/1.0.0": {"type": "project"},
               "Newtonsoft.Json/13.0.3": {"type": "package"},
               "Serilog/3.1.1": {"type": "package"},
               "system.memory/4.5.5": {"type": "package"}}}
            """;
        var edges = Edges(Parse(new DotNetDepsCataloger(), "app.deps.json", deps));
        Assert.Equal(["system.memory@4.5.5"], edges["Serilog@3.1.1"]);
        Assert.Empty(edges["Newtonsoft.Json@13.0.3"]);
    }
}
