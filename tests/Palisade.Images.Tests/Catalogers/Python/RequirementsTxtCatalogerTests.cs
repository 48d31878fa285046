using System.Text;
using Palisade.Images.Catalogers;
using Palisade.Images.Catalogers.Python;

namespace Palisade.Images.Tests.Catalogers.Python;

public sealed class RequirementsTxtCatalogerTests
{
    private static readonly RequirementsTxtCataloger Cataloger = new();

    private static IReadOnlyList<PackageRecord> Parse(string text) =>
        Cataloger.CatalogFile("app/requirements.txt", Encoding.UTF8.GetBytes(text), null, null);

    private static List<string> NameVersions(string text) => Parse(text).Select(p => $"{p.Name}@{p.Version}").ToList();

    [Theory]
    [InlineData("requirements.txt", true)]
    [InlineData("app/requirements-dev.txt", true)]
    [InlineData("src/1-requirements-dev.txt", true)]
    [InlineData("src/extra-requirements.txt", true)]
    [InlineData("src/requirements/base.txt", true)]
    [InlineData("src/Requirements.TXT", true)]
    [InlineData("src/requirements.in", false)]
    [InlineData("site-packages/x.dist-info/top_level.txt", false)]
    [InlineData("site-packages/x.egg-info/requires.txt", false)]
    public void Wants_requirements_text_files(string path, bool wanted) => Assert.Equal(wanted, Cataloger.Wants(path));

    [Fact]
    public void Pinned_lines_with_extras_markers_hashes_and_comments_count()
    {
        Assert.Equal(
            ["flask@4.0.0", "urllib3@1.26.20", "foo@1.0.0", "someproject@5.4", "celery@4.4.7", "argh@0.26.3", "githubsampleproject@3.7.1", "friendly-bard@1.0.0", "dots-allowed@1.0.0"],
            NameVersions("""
                 flask == 4.0.0
                urllib3===1.26.20
                 foo == 1.0.0 # a comment
                SomeProject ==5.4 ; python_version < '3.8'
                celery[redis, pytest] == 4.4.7 # extras dropped
                argh==0.26.3 --hash=sha256:a9b3 --hash=sha256:e953
                GithubSampleProject == 3.7.1 @ git+https://github.com/owner/repo@releases/tag/v3.7.1
                FrIeNdLy-_-bArD == 1.0.0
                dots-._allowed == 1.0.0
                """));
    }

    [Fact]
    public void Ranges_wildcards_bare_names_urls_options_and_comments_are_skipped()
    {
        Assert.Empty(Parse("""
            # CommentedOut == 1.2.3
            sqlalchemy >= 1.0.0, <= 2.0.0, != 3.0.0
            coverage != 3.5 # not pinned
            numpyNew; sys_platform == 'win32'
            Mopidy-Dirble ~= 1.1
            requests[security] == 2.8.* ; python_version < "2.7"
            ==2.3.4
            -e https://github.com/pecan/pecan.git
            -r other-requirements.txt
            --requirements super-secretrequirements.txt
            --index-url https://example.org/simple
            pkg @ https://example.org/pkg-1.0.tar.gz
            https://example.org/pkg-1.0.tar.gz#egg=pkg==1.0
            ./local/path
            """));
    }

    [Fact]
    public void Backslash_continuations_join_lines()
    {
        Assert.Equal(["argh@0.26.2", "bar@2.0.0"], NameVersions("argh==0.26.2 \\\n  --hash=sha256:a9b3 \\\n  --hash=sha256:e953\nbar == \\\n  2.0.0\r\n"));
    }

    [Fact]
    public void Local_versions_keep_their_plus_and_duplicate_pins_are_listed_once()
    {
        var packages = Parse("local-version == 1.2.3+gcr.2\nlocal_version==1.2.3+gcr.2\nLocal.Version==1.2.4\n");
        Assert.Equal(["pkg:pypi/local-version@1.2.3%2Bgcr.2", "pkg:pypi/local-version@1.2.4"], packages.Select(p => p.Purl));
    }

    [Fact]
    public void Binary_content_is_corrupt()
    {
        var e = Assert.Throws<CatalogerException>(() => Cataloger.CatalogFile("requirements.txt", [0x66, 0x00, 0x3D], null, null));
        Assert.Equal("requirements.txt", e.Path);
    }

    [Fact]
    public void Huge_and_hostile_input_is_read_in_bounded_time()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 300_000; i++) sb.Append("a\\\n");
        sb.Append("==1.0\n");
        sb.Append(new string('[', 2_000_000)).Append('\n');
        sb.Append(new string('-', 2_000_000)).Append(" --\n");
        sb.Append("pkg").Append(new string(' ', 1_000_000)).Append("==1.0\n");
        var started = DateTime.UtcNow;
        var packages = Parse(sb.ToString());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        Assert.Equal(["pkg@1.0"], packages.Select(p => $"{p.Name}@{p.Version}"));
    }
}
