using System.Text;
using LibGit2Sharp;
using Palisade.Core.Findings;

namespace Palisade.Secrets.Sources;

public sealed record GitScanOptions
{
    /// <summary>Stop at this commit (it and its ancestors are not scanned): for scanning only what is new.</summary>
    public string? SinceCommit { get; init; }

    /// <summary>Scan at most this many commits (newest first).</summary>
    public int? MaxCommits { get; init; }

    /// <summary>Files larger than this (in a commit) are skipped.</summary>
    public long MaxFileBytes { get; init; } = 10L * 1024 * 1024;
}

/// <summary>The lines one commit added to one file, with their line numbers in the new file.</summary>
public sealed record AddedHunk(string Path, int FirstLine, string Text, IReadOnlyList<int> LineNumbers);

/// <summary>A commit with the lines it added, file by file.</summary>
public sealed record CommitChanges(CommitInfo Commit, IReadOnlyList<AddedHunk> Hunks);

/// <summary>
/// Every commit reachable from every ref (branches, tags, remotes, stash), newest first, each with the lines it
/// added compared with its first parent (the whole tree for a root commit). Binary and oversized blobs are skipped.
/// </summary>
public static class GitHistory
{
    public static IEnumerable<CommitChanges> Commits(string repositoryPath, GitScanOptions? options = null)
    {
        options ??= new GitScanOptions();
        var discovered = Repository.Discover(repositoryPath) ?? throw new RepositoryNotFoundException($"not a git repository: {repositoryPath}");
        using var repo = new Repository(discovered);
        var tips = repo.Refs.Select(r => r.ResolveToDirectReference()?.Target).OfType<Commit>().Distinct().ToList();
        if (repo.Head.Tip is { } head && !tips.Contains(head)) tips.Add(head);
        if (tips.Count == 0) yield break;
        var filter = new CommitFilter { IncludeReachableFrom = tips, SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Time };
        if (options.SinceCommit is { } since)
        {
            var stop = repo.Lookup<Commit>(since) ?? throw new ArgumentException($"unknown commit: {since}");
            filter.ExcludeReachableFrom = stop;
        }
        var count = 0;
        foreach (var commit in repo.Commits.QueryBy(filter))
        {
            if (options.MaxCommits is { } max && count++ >= max) yield break;
            var info = new CommitInfo(commit.Sha, commit.Author.Name, commit.Author.Email, commit.Author.When, commit.MessageShort);
            yield return new CommitChanges(info, AddedHunks(repo, commit, options).ToList());
        }
    }

    private static IEnumerable<AddedHunk> AddedHunks(Repository repo, Commit commit, GitScanOptions options)
    {
        var parents = commit.Parents.ToList();
        if (parents.Count <= 1) return AddedHunks(repo, commit, parents.FirstOrDefault(), options);
        // A merge adds only what none of its parents had (conflict resolutions, "evil" merges): the lines added
        // compared with every parent.
        var perParent = parents.Select(p => AddedHunks(repo, commit, p, options).ToList()).ToList();
        var common = perParent.Skip(1).Aggregate(
            perParent[0].SelectMany(Lines).ToHashSet(),
            (acc, hunks) => { acc.IntersectWith(hunks.SelectMany(Lines)); return acc; });
        return perParent[0].SelectMany(h => Split(h, common)).ToList();
    }

    private static IEnumerable<(string, int, string)> Lines(AddedHunk h)
    {
        var texts = h.Text.Split('\n');
        for (var i = 0; i < texts.Length; i++) yield return (h.Path, h.LineNumbers.Count > i ? h.LineNumbers[i] : h.FirstLine + i, texts[i]);
    }

    /// <summary>The parts of a hunk whose lines are in <paramref name="keep"/>, as hunks of consecutive lines.</summary>
    private static IEnumerable<AddedHunk> Split(AddedHunk h, HashSet<(string, int, string)> keep)
    {
        var run = new List<(int Line, string Text)>();
        foreach (var (path, line, text) in Lines(h))
        {
            if (keep.Contains((path, line, text)) && (run.Count == 0 || run[^1].Line == line - 1))
            {
                run.Add((line, text));
                continue;
            }
            if (run.Count > 0) yield return new AddedHunk(h.Path, run[0].Line, string.Join('\n', run.Select(r => r.Text)), run.Select(r => r.Line).ToList());
            run.Clear();
            if (keep.Contains((path, line, text))) run.Add((line, text));
        }
        if (run.Count > 0) yield return new AddedHunk(h.Path, run[0].Line, string.Join('\n', run.Select(r => r.Text)), run.Select(r => r.Line).ToList());
    }

    private static IEnumerable<AddedHunk> AddedHunks(Repository repo, Commit commit, Commit? parent, GitScanOptions options)
    {
        var changes = repo.Diff.Compare<TreeChanges>(parent?.Tree, commit.Tree, new CompareOptions { Similarity = SimilarityOptions.None });
        foreach (var change in changes)
        {
            if (change.Status is not (ChangeKind.Added or ChangeKind.Modified or ChangeKind.Renamed or ChangeKind.Copied or ChangeKind.TypeChanged)) continue;
            if (change.Mode == Mode.GitLink || change.Mode == Mode.SymbolicLink) continue;
            var blob = repo.Lookup<Blob>(change.Oid);
            if (blob is null || blob.IsBinary || blob.Size > options.MaxFileBytes) continue;
            if (change.Status == ChangeKind.Added || parent is null)
            {
                var text = blob.GetContentText(Encoding.UTF8);
                yield return new AddedHunk(change.Path, 1, text, []);
                continue;
            }
            var oldBlob = repo.Lookup<Blob>(change.OldOid);
            if (oldBlob is null) continue;
            var patch = repo.Diff.Compare(oldBlob, blob, new CompareOptions { ContextLines = 0 });
            foreach (var hunk in Hunks(change.Path, patch.Patch)) yield return hunk;
        }
    }

    /// <summary>Added lines of a unified diff, grouped by hunk, with their line numbers in the new file.</summary>
    internal static IEnumerable<AddedHunk> Hunks(string path, string patch)
    {
        var newLine = 0;
        var lines = new List<string>();
        var numbers = new List<int>();
        foreach (var raw in patch.Split('\n'))
        {
            if (raw.StartsWith("@@", StringComparison.Ordinal))
            {
                if (lines.Count > 0) yield return Flush();
                var plus = raw.IndexOf('+', 2);
                var end = raw.IndexOfAny([',', ' '], plus + 1);
                newLine = int.Parse(raw.AsSpan(plus + 1, end - plus - 1), System.Globalization.CultureInfo.InvariantCulture);
                continue;
            }
            if (raw.StartsWith("+++", StringComparison.Ordinal) || raw.StartsWith("---", StringComparison.Ordinal)) continue;
            if (raw.StartsWith('+'))
            {
                if (numbers.Count > 0 && numbers[^1] != newLine - 1 && lines.Count > 0) yield return Flush();
                lines.Add(raw[1..]);
                numbers.Add(newLine);
                newLine++;
            }
            else if (raw.StartsWith(' '))
            {
                newLine++;
            }
        }
        if (lines.Count > 0) yield return Flush();

        AddedHunk Flush()
        {
            var hunk = new AddedHunk(path, numbers[0], string.Join('\n', lines), [.. numbers]);
            lines.Clear();
            numbers.Clear();
            return hunk;
        }
    }
}
