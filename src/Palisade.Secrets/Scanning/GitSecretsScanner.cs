using Palisade.Core.Findings;
using Palisade.Secrets.Engine;
using Palisade.Secrets.Sources;

namespace Palisade.Secrets.Scanning;

/// <summary>Scans every line added by every commit on every ref; a finding names the commit that introduced it.</summary>
public static class GitSecretsScanner
{
    public static IReadOnlyList<TargetResult> Scan(string repositoryPath, SecretScanOptions options, GitScanOptions? git = null, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (set, meta) = SecretsScanner.Selected(options);
        var byPath = new Dictionary<string, TargetResult>(StringComparer.Ordinal);
        var commits = 0;
        // Reading history is one thread (libgit2 repository objects are not shared); detection runs in parallel per commit batch.
        var history = (git ?? new GitScanOptions()) with { MaxFileBytes = options.MaxFileBytes };
        foreach (var batch in GitHistory.Commits(repositoryPath, history).Chunk(64))
        {
            var found = new List<Finding>[batch.Length];
            Parallel.For(0, batch.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism) }, i =>
            {
                var list = new List<Finding>();
                foreach (var hunk in batch[i].Hunks)
                {
                    var result = SecretsScanner.ScanText(hunk.Text, hunk.Path, set, meta, batch[i].Commit);
                    foreach (var f in result.Findings) list.Add(Shift(f, hunk));
                }
                found[i] = list;
            });
            foreach (var f in found.SelectMany(x => x))
            {
                var path = f.Location!.Path;
                if (!byPath.TryGetValue(path, out var r)) byPath[path] = r = new TargetResult(path, SecretFindings.TargetType);
                r.Findings.Add(f);
            }
            commits += batch.Length;
            progress?.Invoke(commits);
        }
        return byPath.Values.OrderBy(r => r.Target, StringComparer.Ordinal).ToList();
    }

    /// <summary>Moves a finding from hunk-relative lines to the file's lines in that commit.</summary>
    private static Finding Shift(Finding f, AddedHunk hunk)
    {
        var loc = f.Location!;
        int Map(int line) => hunk.LineNumbers.Count >= line && line >= 1 ? hunk.LineNumbers[line - 1] : hunk.FirstLine + line - 1;
        var start = Map(loc.StartLine);
        var end = Map(loc.EndLine);
        var fingerprint = $"{f.Commit!.Sha}:{loc.Path}:{f.RuleId}:{start}";
        return f with { Location = loc with { StartLine = start, EndLine = end }, Fingerprint = fingerprint };
    }
}
