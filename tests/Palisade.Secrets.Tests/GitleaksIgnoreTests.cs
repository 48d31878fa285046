using Palisade.Core.Findings;
using Palisade.Secrets.Gitleaks;

namespace Palisade.Secrets.Tests;

/// <summary>gitleaks' .gitleaksignore: global (file:rule:line) and commit (sha:file:rule:line) fingerprints.</summary>
public sealed class GitleaksIgnoreTests
{
    private static Finding At(string path, string rule, int line, string? commit = null) => new()
    {
        RuleId = rule,
        Severity = Severity.High,
        Title = rule,
        Message = rule,
        Location = new SourceLocation(path, line, line),
        Commit = commit is null ? null : new CommitInfo(commit, "A", "a@example.com", DateTimeOffset.UnixEpoch, "m"),
    };

    [Fact]
    public void Global_and_commit_fingerprints()
    {
        var ignore = GitleaksIgnore.Parse("""
            # test comment
            53cd7a3c6eb4937f413e3c25e4a9f39289afa69e:api/ignoreCommit.go:aws-access-key:20

            api/ignoreGlobal.go:aws-access-key:20
            """);
        Assert.Equal(2, ignore.Fingerprints.Count);
        Assert.Empty(ignore.InvalidLines);

        Assert.True(ignore.IsIgnored(At("api/ignoreGlobal.go", "aws-access-key", 20)));
        Assert.True(ignore.IsIgnored(At("api/ignoreGlobal.go", "aws-access-key", 20, "0123abc")));
        Assert.False(ignore.IsIgnored(At("api/ignoreGlobal.go", "aws-access-key", 21)));
        Assert.False(ignore.IsIgnored(At("api/ignoreGlobal.go", "aws-access-token", 20)));

        Assert.True(ignore.IsIgnored(At("api/ignoreCommit.go", "aws-access-key", 20, "53cd7a3c6eb4937f413e3c25e4a9f39289afa69e")));
        Assert.False(ignore.IsIgnored(At("api/ignoreCommit.go", "aws-access-key", 20, "1b6da43b82b22e4eaa10bcf8ee591e91abbfc587")));
        Assert.False(ignore.IsIgnored(At("api/ignoreCommit.go", "aws-access-key", 20)));
    }

    [Fact]
    public void Windows_paths_are_read_with_slashes()
    {
        var dir = Path.Combine(GitleaksDir(), "testdata", "gitleaksignore", ".windowspaths");
        var ignore = GitleaksIgnore.Load(dir);
        Assert.True(ignore.IsIgnored(At("foo/bar/gitleaks-false-positive.yaml", "aws-access-token", 4)));
        Assert.True(ignore.IsIgnored(At("foo/bar/gitleaks-false-positive.yaml", "aws-access-token", 5)));
        Assert.True(ignore.IsIgnored(At("test_data/test_local_repo_three_leaks.json", "aws-access-token", 73, "b55d88dc151f7022901cda41a03d43e0e508f2b7")));
    }

    [Fact]
    public void Other_lines_are_reported_as_invalid()
    {
        var ignore = GitleaksIgnore.Parse("just-a-word\na:b\n");
        Assert.Equal(["just-a-word", "a:b"], ignore.InvalidLines);
        Assert.False(ignore.IsIgnored(At("a", "b", 1)));
    }

    [Fact]
    public void Load_reports_an_unreadable_file() =>
        Assert.Throws<GitleaksConfigException>(() => GitleaksIgnore.Load(Path.Combine(Path.GetTempPath(), "no-such-dir-palisade", ".gitleaksignore")));

    private static string GitleaksDir([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "" })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Palisade.sln")))
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "conformance", "gitleaks"));
        throw new InvalidOperationException("Palisade.sln not found above " + AppContext.BaseDirectory);
    }
}
