using FsCheck;
using FsCheck.Fluent;
using Palisade.Core.Text;

namespace Palisade.Core.Tests;

public sealed class GlobTests
{
    [Theory]
    [InlineData("*.yaml", "deploy.yaml", true)]
    [InlineData("*.yaml", "deploy.yml", false)]
    [InlineData("*.yaml", "k8s/prod/deploy.yaml", true)] // no '/': any depth
    [InlineData("deploy.yaml", "k8s/deploy.yaml", true)]
    [InlineData("deploy.yaml", "k8s/my-deploy.yaml", false)]
    [InlineData("k8s/*.yaml", "k8s/deploy.yaml", true)]
    [InlineData("k8s/*.yaml", "k8s/prod/deploy.yaml", false)] // '*' stays within a segment
    [InlineData("k8s/*.yaml", "other/k8s/deploy.yaml", false)] // a '/' anchors the pattern
    [InlineData("k8s/*", "k8s/prod/deploy.yaml", true)] // ... and a match on a directory covers what is below it
    public void Star_matches_within_one_segment(string pattern, string path, bool expected) =>
        Assert.Equal(expected, Glob.IsMatch(pattern, path));

    [Theory]
    [InlineData("k8s/**/deploy.yaml", "k8s/deploy.yaml", true)] // zero segments
    [InlineData("k8s/**/deploy.yaml", "k8s/a/deploy.yaml", true)]
    [InlineData("k8s/**/deploy.yaml", "k8s/a/b/c/deploy.yaml", true)]
    [InlineData("k8s/**/deploy.yaml", "other/deploy.yaml", false)]
    [InlineData("**/deploy.yaml", "deploy.yaml", true)]
    [InlineData("**/deploy.yaml", "x/y/deploy.yaml", true)]
    [InlineData("k8s/**", "k8s/a/b.yaml", true)]
    [InlineData("k8s/**", "k8s", false)]
    [InlineData("**", "anything/at/all.yaml", true)]
    [InlineData("k8s/**.yaml", "k8s/a/b.yaml", true)] // '**' not followed by '/' crosses segments
    public void Double_star_matches_any_number_of_segments(string pattern, string path, bool expected) =>
        Assert.Equal(expected, Glob.IsMatch(pattern, path));

    [Theory]
    [InlineData("app?.yaml", "app1.yaml", true)]
    [InlineData("app?.yaml", "app.yaml", false)]
    [InlineData("app?.yaml", "app12.yaml", false)]
    [InlineData("a?b", "a/b", false)] // '?' never matches a separator
    [InlineData("x/app?.yaml", "x/appZ.yaml", true)]
    public void Question_mark_matches_one_character(string pattern, string path, bool expected) =>
        Assert.Equal(expected, Glob.IsMatch(pattern, path));

    [Theory]
    [InlineData("app[abc].yaml", "appb.yaml", true)]
    [InlineData("app[abc].yaml", "appd.yaml", false)]
    [InlineData("app[a-c].yaml", "appb.yaml", true)]
    [InlineData("app[a-c].yaml", "appz.yaml", false)]
    [InlineData("app[!abc].yaml", "appd.yaml", true)]
    [InlineData("app[!abc].yaml", "appa.yaml", false)]
    [InlineData("app[^abc].yaml", "appd.yaml", true)]
    [InlineData("v[0-9][0-9].yaml", "v42.yaml", true)]
    [InlineData("v[0-9][0-9].yaml", "v4x.yaml", false)]
    [InlineData("a[/]b", "a/b", false)] // a set never contains the separator
    [InlineData("a[!x]b", "a/b", false)]
    [InlineData("a[+-0]b", "a/b", false)] // not even through a range that spans '/'
    [InlineData("a[+-0]b", "a.b", true)]
    public void Brackets_match_one_character_of_a_set(string pattern, string path, bool expected) =>
        Assert.Equal(expected, Glob.IsMatch(pattern, path));

    [Theory]
    [InlineData("[]", "[]", true)] // no closing bracket after the first member: literal
    [InlineData("[", "[", true)]
    [InlineData("a[b", "a[b", true)]
    [InlineData("[]]", "]", true)] // ']' first is a member
    [InlineData("[!]]", "x", true)]
    [InlineData("[!]]", "]", false)]
    [InlineData("[a-]", "-", true)] // '-' last is a member
    [InlineData("[-a]", "-", true)]
    [InlineData("[z-a]", "m", true)] // reversed range is read as a-z rather than rejected
    [InlineData("[\\]", "x", false)]
    [InlineData("[[]", "[", true)]
    [InlineData("[a-z-[aeiou]]", "b]", true)] // no .NET character-class subtraction sneaking in
    [InlineData("(a|b)+.yaml", "(a|b)+.yaml", true)] // regex characters are literal
    [InlineData("(a|b)+.yaml", "aa.yaml", false)]
    [InlineData("$^.{1}", "$^.{1}", true)]
    public void Odd_patterns_are_valid_and_literal_where_they_cannot_be_sets(string pattern, string path, bool expected) =>
        Assert.Equal(expected, Glob.IsMatch(pattern, path));

    [Theory]
    [InlineData("k8s/", "k8s/deploy.yaml", true)]
    [InlineData("k8s/", "apps/k8s/deploy.yaml", true)] // a directory name without other '/' matches at any depth
    [InlineData("k8s/", "k8s.yaml", false)]
    [InlineData("k8s", "k8s/prod/deploy.yaml", true)] // a name also covers a directory of that name
    [InlineData("apps/k8s/", "apps/k8s/deploy.yaml", true)]
    [InlineData("apps/k8s/", "x/apps/k8s/deploy.yaml", false)]
    [InlineData("apps/k8s", "apps/k8s/a/b.yaml", true)]
    [InlineData("apps/k8s", "apps/k8sx/b.yaml", false)]
    public void Directory_patterns_match_everything_below(string pattern, string path, bool expected) =>
        Assert.Equal(expected, Glob.IsMatch(pattern, path));

    [Theory]
    [InlineData("/deploy.yaml", "deploy.yaml", true)] // a leading '/' anchors at the root
    [InlineData("/deploy.yaml", "k8s/deploy.yaml", false)]
    [InlineData("./k8s/*.yaml", "k8s/a.yaml", true)]
    [InlineData("k8s/*.yaml", "./k8s/a.yaml", true)]
    [InlineData("k8s\\*.yaml", "k8s/a.yaml", true)] // backslashes are separators
    [InlineData("k8s/*.yaml", "k8s\\a.yaml", true)]
    [InlineData("tmp/x/a.yaml", "/tmp/x/a.yaml", true)] // absolute paths compare without their leading '/'
    [InlineData("/tmp/x/*.yaml", "/tmp/x/a.yaml", true)]
    [InlineData("Deploy.yaml", "deploy.yaml", false)] // paths are case-sensitive
    public void Anchoring_and_separators(string pattern, string path, bool expected) =>
        Assert.Equal(expected, Glob.IsMatch(pattern, path));

    [Theory]
    [InlineData("a*b?c[d]", "a*b?c[d]", "axxbzcd")]
    [InlineData("dir[1]/x", "dir[1]/x", "dir1/x")]
    [InlineData("plain/path.yaml", "plain/path.yaml", "plain/pathXyaml")]
    public void Escape_makes_a_pattern_that_matches_only_the_literal(string literal, string path, string other)
    {
        var pattern = Glob.Escape(literal);
        Assert.True(Glob.IsMatch(pattern, path));
        Assert.False(Glob.IsMatch(pattern, other));
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => Glob.IsMatch(null!, "x"));
        Assert.Throws<ArgumentNullException>(() => Glob.IsMatch("x", null!));
        Assert.Throws<ArgumentNullException>(() => Glob.Escape(null!));
    }

    private static readonly Gen<string> Segment =
        Gen.Elements('a', 'b', 'c', '1', '-', '_', '.').NonEmptyListOf().Select(cs => new string([.. cs]))
            .Where(s => s != "." && s != "..");

    private static readonly Gen<string[]> Paths = Segment.NonEmptyListOf().Select(s => s.Take(6).ToArray());

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property Every_plain_path_matches_itself_and_its_directories() =>
        Prop.ForAll(Paths.ToArbitrary(), segments =>
        {
            var path = string.Join('/', segments);
            var dirsMatch = Enumerable.Range(1, segments.Length).All(n => Glob.IsMatch(string.Join('/', segments.Take(n)), path));
            return Glob.IsMatch(path, path) && Glob.IsMatch("**", path) && dirsMatch;
        });

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property A_file_name_pattern_matches_at_any_depth() =>
        Prop.ForAll(Paths.ToArbitrary(), segments =>
            Glob.IsMatch(segments[^1], string.Join('/', segments)) && Glob.IsMatch("**/" + segments[^1], string.Join('/', segments)));

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property Star_never_crosses_a_separator() =>
        Prop.ForAll(Paths.ToArbitrary(), segments =>
        {
            var path = string.Join('/', segments);
            // "/*last" can only match a first segment ending in "last" (a directory whose contents then match too).
            return segments.Length < 2 || segments[0].EndsWith(segments[^1], StringComparison.Ordinal) || !Glob.IsMatch("/*" + segments[^1], path);
        });

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public bool Any_pattern_compiles_and_matching_never_throws(string? pattern, string? path)
    {
        _ = Glob.IsMatch(pattern ?? "", path ?? "");
        return true;
    }
}
