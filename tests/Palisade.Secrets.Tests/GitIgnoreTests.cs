using Palisade.Artifacts.FileSystem;

namespace Palisade.Secrets.Tests;

public sealed class GitIgnoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("palisade-gitignore-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private void Write(string rel, string text = "x")
    {
        var p = Path.Combine(_root, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllText(p, text);
    }

    private List<string> Walk() => DirectoryWalker.Walk(_root, ignore: new GitIgnore(_root)).Select(f => f.RelativePath).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Gitignore_semantics()
    {
        Write(".gitignore", "# comment\n*.log\n!keep.log\n/build\ndist/\ndocs/**/*.tmp\n\\#literal\nspace\\ \n");
        Write("a.log"); Write("keep.log"); Write("sub/b.log"); Write("sub/keep.log");
        Write("build/out.txt"); Write("sub/build/out.txt");
        Write("dist/x.js"); Write("sub/dist/y.js");
        Write("docs/a/b/c.tmp"); Write("docs/c.tmp"); Write("other/c.tmp");
        Write("#literal"); Write("space "); Write("src/main.cs");
        Assert.Equal([".gitignore", "keep.log", "other/c.tmp", "src/main.cs", "sub/build/out.txt", "sub/keep.log"], Walk());
    }

    [Fact]
    public void Nested_gitignore_files_apply_below_their_directory_and_later_rules_win()
    {
        Write(".gitignore", "*.secret\n");
        Write("app/.gitignore", "!allowed.secret\nlocal.txt\n");
        Write("x.secret"); Write("app/allowed.secret"); Write("app/other.secret"); Write("app/local.txt"); Write("local.txt");
        Assert.Equal([".gitignore", "app/.gitignore", "app/allowed.secret", "local.txt"], Walk());
    }

    [Fact]
    public void A_file_in_an_ignored_directory_cannot_be_re_included()
    {
        Write(".gitignore", "logs/\n!logs/keep.txt\n");
        Write("logs/keep.txt");
        var ignore = new GitIgnore(_root);
        Assert.True(ignore.IsIgnored("logs/keep.txt", isDirectory: false));
        Assert.True(ignore.IsIgnored("logs", isDirectory: true));
        Assert.False(ignore.IsIgnored("logs", isDirectory: false));
    }

    [Fact]
    public void Info_exclude_is_honoured()
    {
        Write(".git/info/exclude", "secret.env\n");
        Write("secret.env"); Write("ok.txt");
        Assert.Equal(["ok.txt"], Walk());
    }
}
