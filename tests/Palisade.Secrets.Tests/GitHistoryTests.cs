using Palisade.Secrets.Engine;
using Palisade.Secrets.Rules;
using Palisade.Secrets.Scanning;
using Palisade.Secrets.Sources;

namespace Palisade.Secrets.Tests;

/// <summary>Secrets in git history, on real repositories made with the git command line.</summary>
public sealed class GitHistoryTests : IDisposable
{
    private readonly GitTestRepo _repo = new();
    private static readonly SecretRuleSet Rules = new(BuiltinRules.All);

    // Built at run time so that no scanner (ours included) flags this test file itself.
    private static readonly string Token = "ghp_" + "Zq3vN8kL2mR7tY4wB9cX1dF6gH5jK0pQsTuV";
    private static readonly string Stripe = "sk_" + "live_" + "51HcXq2LkRt7y8PzWmN3vB6dQ";

    public void Dispose() => _repo.Dispose();

    private static SecretScanOptions Options => new() { Rules = Rules };

    [Fact]
    public void A_secret_added_and_later_removed_is_found_in_the_commit_that_added_it()
    {
        _repo.Write("app/settings.py", "DEBUG = False\n");
        _repo.Commit("initial", "2024-01-01T10:00:00+00:00");
        _repo.Write("app/settings.py", "DEBUG = False\nGITHUB_TOKEN = \"" + Token + "\"\nNAME = 'x'\n");
        var leak = _repo.Commit("add token", "2024-01-02T10:00:00+00:00");
        _repo.Write("app/settings.py", "DEBUG = False\nNAME = 'x'\n");
        _repo.Commit("remove token", "2024-01-03T10:00:00+00:00");

        // The working tree is clean...
        Assert.Empty(SecretsScanner.ScanFiles(Palisade.Artifacts.FileSystem.DirectoryWalker.Walk(_repo.Root), Options).SelectMany(r => r.Findings));
        // ...but history is not.
        var findings = GitSecretsScanner.Scan(_repo.Root, Options).SelectMany(r => r.Findings).ToList();
        var f = Assert.Single(findings, x => x.RuleId == "github-pat");
        Assert.Equal("app/settings.py", f.Location!.Path);
        Assert.Equal(2, f.Location.StartLine);
        Assert.Equal(leak, f.Commit!.Sha);
        Assert.Equal("Alice Example", f.Commit.Author);
        Assert.Equal("alice@example.com", f.Commit.Email);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 10, 0, 0, TimeSpan.Zero), f.Commit.Date);
        Assert.Equal($"{leak}:app/settings.py:github-pat:2", f.Fingerprint);
        Assert.DoesNotContain(Token, f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_are_those_of_the_file_in_that_commit_for_modified_files()
    {
        _repo.Write("config.yaml", string.Concat(Enumerable.Range(1, 30).Select(i => $"key{i}: value{i}\n")));
        _repo.Commit("base");
        var lines = File.ReadAllLines(Path.Combine(_repo.Root, "config.yaml")).ToList();
        lines.Insert(20, "stripe: " + Stripe);
        _repo.Write("config.yaml", string.Join('\n', lines) + "\n");
        _repo.Commit("stripe");
        var f = Assert.Single(GitSecretsScanner.Scan(_repo.Root, Options).SelectMany(r => r.Findings), x => x.RuleId == "stripe-secret-key");
        Assert.Equal(21, f.Location!.StartLine);
    }

    [Fact]
    public void Every_ref_is_scanned_including_unmerged_branches_and_tags()
    {
        _repo.Write("README.md", "hello\n");
        _repo.Commit("initial");
        _repo.Git("checkout", "-q", "-b", "feature");
        _repo.Write("deploy.sh", "export GH=" + Token + "\n");
        var feature = _repo.Commit("feature work");
        _repo.Git("checkout", "-q", "main");
        var f = Assert.Single(GitSecretsScanner.Scan(_repo.Root, Options).SelectMany(r => r.Findings));
        Assert.Equal(feature, f.Commit!.Sha);
    }

    [Fact]
    public void Since_commit_and_max_commits_limit_the_history()
    {
        _repo.Write("a.env", "T=" + Token + "\n");
        var first = _repo.Commit("one");
        _repo.Write("b.env", "S=" + Stripe + "\n");
        _repo.Commit("two");
        _repo.Write("c.txt", "nothing\n");
        _repo.Commit("three");

        var since = GitSecretsScanner.Scan(_repo.Root, Options, new GitScanOptions { SinceCommit = first }).SelectMany(r => r.Findings).ToList();
        Assert.Equal(["stripe-secret-key"], since.Select(f => f.RuleId));
        var newest = GitSecretsScanner.Scan(_repo.Root, Options, new GitScanOptions { MaxCommits = 1 }).SelectMany(r => r.Findings).ToList();
        Assert.Empty(newest);
        var two = GitSecretsScanner.Scan(_repo.Root, Options, new GitScanOptions { MaxCommits = 2 }).SelectMany(r => r.Findings).ToList();
        Assert.Equal(["stripe-secret-key"], two.Select(f => f.RuleId));
    }

    [Fact]
    public void Binary_blobs_are_skipped_and_merges_do_not_report_twice()
    {
        _repo.Write("logo.bin", "\0\0" + Token);
        _repo.Write("x.txt", "base\n");
        _repo.Commit("binary");
        _repo.Git("checkout", "-q", "-b", "side");
        _repo.Write("side.txt", "T=" + Token + "\n");
        _repo.Commit("side");
        _repo.Git("checkout", "-q", "main");
        _repo.Write("main.txt", "m\n");
        _repo.Commit("main");
        _repo.Git("merge", "-q", "--no-edit", "side");
        var findings = GitSecretsScanner.Scan(_repo.Root, Options).SelectMany(r => r.Findings).ToList();
        var f = Assert.Single(findings);
        Assert.Equal("side.txt", f.Location!.Path);
    }

    [Fact]
    public void A_secret_added_while_resolving_a_merge_is_found_in_the_merge()
    {
        _repo.Write("conf.txt", "a\n");
        _repo.Commit("base");
        _repo.Git("checkout", "-q", "-b", "side");
        _repo.Write("conf.txt", "side\n");
        _repo.Commit("side");
        _repo.Git("checkout", "-q", "main");
        _repo.Write("conf.txt", "main\n");
        _repo.Commit("main");
        try { _repo.Git("merge", "-q", "side"); } catch (InvalidOperationException) { /* conflict expected */ }
        _repo.Write("conf.txt", "resolved\nTOKEN=" + Token + "\n");
        var merge = _repo.Commit("merge with resolution");
        var f = Assert.Single(GitSecretsScanner.Scan(_repo.Root, Options).SelectMany(r => r.Findings));
        Assert.Equal(merge, f.Commit!.Sha);
        Assert.Equal(2, f.Location!.StartLine);
    }

    [Fact]
    public void Not_a_repository_is_a_clear_error()
    {
        var dir = Directory.CreateTempSubdirectory("palisade-nogit-").FullName;
        try
        {
            Assert.Throws<LibGit2Sharp.RepositoryNotFoundException>(() => GitSecretsScanner.Scan(dir, Options));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Unified_diff_hunks_give_new_file_line_numbers()
    {
        const string patch = "--- a/f\n+++ b/f\n@@ -1,0 +2,2 @@\n+two\n+three\n@@ -10 +12 @@\n-old\n+twelve\n";
        var hunks = GitHistory.Hunks("f", patch).ToList();
        Assert.Equal([(2, "two\nthree"), (12, "twelve")], hunks.Select(h => (h.FirstLine, h.Text)));
    }
}
