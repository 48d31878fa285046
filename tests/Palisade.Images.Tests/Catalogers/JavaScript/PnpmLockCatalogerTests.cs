using System.Text;
using Palisade.Images.Catalogers;
using Palisade.Images.Catalogers.JavaScript;

namespace Palisade.Images.Tests.Catalogers.JavaScript;

public sealed class PnpmLockCatalogerTests
{
    private static IReadOnlyList<PackageRecord> Parse(string text) =>
        new PnpmLockCataloger().CatalogFile("repo/pnpm-lock.yaml", Encoding.UTF8.GetBytes(text), "sha256:p", null);

    private static List<string> Ids(string text) => Parse(text).Select(p => $"{p.Name}@{p.Version}").ToList();

    [Fact]
    public void A_v5_lock_reads_slash_keys_with_peer_suffixes_and_direct_dependencies()
    {
        var ids = Ids("""
            lockfileVersion: 5.4

            specifiers:
              acorn: ^8.8.0

            dependencies:
              acorn: 8.8.0
              acorn-jsx: 5.3.2_acorn@8.8.0
              aliased: /real-name/2.0.0
              local: link:../local

            devDependencies:
              '@types/node': 18.6.4

            packages:
              /acorn-jsx/5.3.2_acorn@8.8.0:
                resolution: {integrity: sha512-rq9s}
                peerDependencies:
                  acorn: ^6.0.0 || ^7.0.0 || ^8.0.0
                dependencies:
                  acorn: 8.8.0

              /@babel/core/7.21.4_x+y@1.0.0:
                resolution: {integrity: sha512-abc}
                transitivePeerDependencies:
                  - supports-color
                dev: true
            """);
        Assert.Equal(["acorn-jsx@5.3.2", "@babel/core@7.21.4", "acorn@8.8.0", "real-name@2.0.0", "@types/node@18.6.4"], ids);
    }

    [Fact]
    public void A_v6_lock_reads_at_keys_and_dependency_maps()
    {
        var packages = Parse("""
            lockfileVersion: '6.0'

            dependencies:
              '@testing-library/react':
                specifier: ^13.4.0
                version: 13.4.0(react-dom@18.2.0)(react@18.2.0)
              react:
                specifier: ^18.2.0
                version: 18.2.0

            packages:
              /@babel/core@7.21.4:
                resolution: {integrity: sha512-qt}
                engines: {node: '>=6.9.0'}
                dev: false

              /react-dom@18.2.0(react@18.2.0):
                resolution: {integrity: sha512-6}
            """);
        Assert.Equal(["@babel/core@7.21.4", "react-dom@18.2.0", "@testing-library/react@13.4.0", "react@18.2.0"], packages.Select(p => $"{p.Name}@{p.Version}"));
        Assert.Equal("pkg:npm/%40babel/core@7.21.4", packages[0].Purl);
        Assert.All(packages, p => Assert.Equal("repo/pnpm-lock.yaml", p.FoundIn));
    }

    [Fact]
    public void A_multi_document_v9_lock_reads_packages_snapshots_and_importers_of_every_document()
    {
        var ids = Ids("""
            ---
            lockfileVersion: '9.0'

            importers:

              .:
                packageManagerDependencies:
                  pnpm:
                    specifier: 12.0.0-rc.3
                    version: 12.0.0-rc.3

            packages:

              '@pnpm/exe.linux-x64@12.0.0-rc.3':
                resolution: {integrity: sha512-x}
                cpu: [x64]

              pnpm@12.0.0-rc.3:
                resolution: {integrity: sha512-y}

            snapshots:

              pnpm@12.0.0-rc.3:
                optionalDependencies:
                  '@pnpm/exe.linux-x64': 12.0.0-rc.3

            ---
            lockfileVersion: '9.0'

            importers:
              .:
                dependencies:
                  minimist:
                    specifier: 1.2.0
                    version: 1.2.0
                  string-width-cjs:
                    specifier: npm:string-width@^4.2.0
                    version: string-width@4.2.3
                  sibling:
                    specifier: workspace:*
                    version: link:../sibling

            packages:
              minimist@1.2.0:
                resolution: {integrity: sha512-z}
              'tarball@https://example.com/t.tgz':
                resolution: {tarball: https://example.com/t.tgz}
                name: tarball
                version: 3.1.0
              'git-dep@https://codeload.github.com/x/y/tar.gz/abc':
                resolution: {tarball: https://codeload.github.com/x/y/tar.gz/abc}
            """);
        Assert.Equal(["@pnpm/exe.linux-x64@12.0.0-rc.3", "pnpm@12.0.0-rc.3", "minimist@1.2.0", "tarball@3.1.0", "string-width@4.2.3"], ids);
    }

    [Theory]
    [InlineData("lockfileVersion: 5.4\n\nspecifi\n", 3)]
    [InlineData("lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    x: 1\n   y: 2\n", 5)]
    [InlineData("lockfileVersion: '9.0'\npackages:\n\ta@1.0.0: {}\n", 3)]
    [InlineData("packages:\n  - a\n  b: 1\n", 3)]
    public void Malformed_yaml_is_an_error_with_the_line(string text, int line)
    {
        var e = Assert.Throws<CatalogerException>(() => Parse(text));
        Assert.Equal("repo/pnpm-lock.yaml", e.Path);
        Assert.Equal(line, e.Line);
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_crash()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 5_000; i++) sb.Append(' ', i).Append("k:\n");
        var e = Assert.Throws<CatalogerException>(() => Parse(sb.ToString()));
        Assert.Contains("deeper", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_content_is_an_error() =>
        Assert.Throws<CatalogerException>(() => new PnpmLockCataloger().CatalogFile("pnpm-lock.yaml", [0, 1, 2, 3], null, null));

    [Fact]
    public void A_large_lock_is_read_in_bounded_time()
    {
        var sb = new StringBuilder("lockfileVersion: '9.0'\n\npackages:\n");
        for (var i = 0; i < 100_000; i++) sb.Append("  p").Append(i).Append("@1.0.0:\n    resolution: {integrity: sha512-x}\n    engines: {node: '>=8'}\n\n");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(100_000, Parse(sb.ToString()).Count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20));
    }

    [Theory]
    [InlineData("pnpm-lock.yaml", true)]
    [InlineData("srv/pnpm-lock.yaml", true)]
    [InlineData("srv/node_modules/.pnpm/lock.yaml", false)]
    [InlineData("srv/node_modules/x/pnpm-lock.yaml", false)]
    public void It_wants_pnpm_lock_files_outside_node_modules(string path, bool wanted) =>
        Assert.Equal(wanted, new PnpmLockCataloger().Wants(path));
}
