using System.Text;
using Palisade.Images.Catalogers.Go;
using static Palisade.Images.Tests.Catalogers.Languages.LanguageCatalogerTestKit;

namespace Palisade.Images.Tests.Catalogers.Languages;

public sealed class GoModCatalogerTests
{
    private const string GoMod = """
        // a leading comment
        module example.com/app

        go 1.22

        toolchain go1.22.4

        godebug default=go1.21

        require github.com/pierrec/lz4/v4 v4.1.21

        require (
        	github.com/klauspost/compress v1.17.11 // indirect
        	"github.com/quoted/path" v1.0.0
        	golang.org/x/text v0.3.0
        	github.com/local/fork v1.2.3
        	github.com/old/name v0.1.0
        	github.com/excluded/mod v0.9.0
        	//github.com/commented/out v9.9.9
        	rsc.io v1.0.0
        )

        replace golang.org/x/text v0.3.0 => golang.org/x/text v0.3.8
        replace golang.org/x/text => golang.org/x/text v0.0.1

        replace (
        	github.com/local/fork => ../fork
        	github.com/old/name=>github.com/new/name v0.2.0
        )

        exclude github.com/excluded/mod v0.9.0

        retract [v1.0.0, v1.0.5] // broken

        tool golang.org/x/tools/cmd/stringer
        """;

    [Fact]
    public void Requires_with_replacements_and_exclusions_applied()
    {
        var packages = Parse(new GoModCataloger(), "go.mod", GoMod);
        Assert.Equal(
            [
                "github.com/pierrec/lz4/v4@v4.1.21",
                "github.com/klauspost/compress@v1.17.11",
                "github.com/quoted/path@v1.0.0",
                "golang.org/x/text@v0.3.8",
                "github.com/new/name@v0.2.0",
                "rsc.io@v1.0.0",
            ],
            packages.Select(p => $"{p.Name}@{p.Version}"));
        Assert.Equal("pkg:golang/github.com/pierrec/lz4/v4@v4.1.21", packages[0].Purl);
        Assert.Equal("pkg:golang/rsc.io@v1.0.0", packages[^1].Purl);
        Assert.All(packages, p => Assert.Equal("golang", p.Type));
    }

    [Theory]
    [InlineData("github.com/CycloneDX/cyclonedx-go", "v0.6.0", "pkg:golang/github.com/CycloneDX/cyclonedx-go@v0.6.0")]
    [InlineData("github.com/aws/aws-sdk-go-v2", null, "pkg:golang/github.com/aws/aws-sdk-go-v2")]
    [InlineData("gopkg.in/yaml.v3", "v3.0.1", "pkg:golang/gopkg.in/yaml.v3@v3.0.1")]
    [InlineData("example.com/a+b", "v1.0.0+incompatible", "pkg:golang/example.com/a%2Bb@v1.0.0%2Bincompatible")]
    public void Purls_put_all_but_the_last_path_element_in_the_namespace(string module, string? version, string purl)
    {
        Assert.Equal(purl, GoModCataloger.Purl(module, version));
    }

    [Fact]
    public void A_module_block_and_an_empty_file_are_accepted()
    {
        Assert.Empty(Parse(new GoModCataloger(), "go.mod", "module (\n  example.com/x\n)\n\ngo 1.14\n"));
        Assert.Empty(Parse(new GoModCataloger(), "go.mod", "\n// only comments\n"));
    }

    [Theory]
    [InlineData("go.mod", true)]
    [InlineData("src/app/go.mod", true)]
    [InlineData("src/app/go.sum", false)]
    [InlineData("src/app/xgo.mod", false)]
    public void Wants_go_mod_files(string path, bool wanted)
    {
        Assert.Equal(wanted, new GoModCataloger().Wants(path));
    }

    [Theory]
    [InlineData("module x\n\nruire (\n\ta v1\n)\n", 3)]
    [InlineData("module x\nrequire (\n\ta v1\n", 2)]
    [InlineData("module x\nrequire a\n", 2)]
    [InlineData("module x\nrequire (\n\ta v1 extra\n)\n", 3)]
    [InlineData("module x\nreplace a v1 b v2\n", 2)]
    [InlineData("module x\nreplace a => \n", 2)]
    [InlineData("module x\nrequire \"a v1\n", 2)]
    [InlineData("module x\nrequire (\n) extra\n", 3)]
    [InlineData("module x\nrequire a (v1)\n", 2)]
    public void Malformed_go_mod_files_are_refused_with_the_line(string text, int line)
    {
        var e = Refuses(new GoModCataloger(), "go.mod", text);
        Assert.Equal(line, e.Line);
    }

    [Fact]
    public void Binary_content_is_refused()
    {
        Refuses(new GoModCataloger(), "go.mod", [(byte)'m', 0, 1, 2]);
    }

    [Fact]
    public void A_100_megabyte_file_is_refused()
    {
        Refuses(new GoModCataloger(), "go.mod", Huge((byte)'('));
    }

    [Fact]
    public void A_long_line_and_many_requires_parse_in_bounded_time()
    {
        var sb = new StringBuilder("module x\n// ").Append('(', 5_000_000).Append("\nrequire (\n");
        for (var i = 0; i < 100_000; i++) sb.Append("\texample.com/m").Append(i).Append(" v1.0.0 // indirect\n");
        sb.Append(")\n");
        Assert.Equal(100_000, Parse(new GoModCataloger(), "go.mod", sb.ToString()).Count);
    }

    [Fact]
    public void Many_replaces_do_not_make_the_work_quadratic_in_practice()
    {
        var sb = new StringBuilder("module x\nrequire (\n");
        for (var i = 0; i < 3_000; i++) sb.Append("\texample.com/m").Append(i).Append(" v1.0.0\n");
        sb.Append(")\nreplace (\n");
        for (var i = 0; i < 3_000; i++) sb.Append("\texample.com/m").Append(i).Append(" => example.com/n").Append(i).Append(" v2.0.0\n");
        sb.Append(")\n");
        var packages = Parse(new GoModCataloger(), "go.mod", sb.ToString());
        Assert.Equal(3_000, packages.Count);
        Assert.All(packages, p => Assert.StartsWith("example.com/n", p.Name, StringComparison.Ordinal));
    }
}
