using System.Text.RegularExpressions;
using Palisade.Artifacts.FileSystem;
using Palisade.Core.Findings;
using Palisade.Core.Rules;
using Palisade.Dockerfile.Checks;
using Palisade.Dockerfile.Model;
using Palisade.Dockerfile.Parsing;

namespace Palisade.Dockerfile.Scanning;

public sealed record DockerfileScanOptions
{
    public Func<RuleMetadata, bool> RuleFilter { get; init; } = _ => true;
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;
    public long MaxFileBytes { get; init; } = 4L * 1024 * 1024;
}

/// <summary>
/// Finds Dockerfiles and Containerfiles, parses them and runs the Dockerfile checks. Inline suppressions:
/// <c># palisade ignore=PAL-DF-003</c> (or <c># hadolint ignore=DL3007</c> for aliased rules) on the lines
/// above an instruction, and <c># palisade global ignore=...</c> / <c># hadolint global ignore=...</c> anywhere.
/// </summary>
public static partial class DockerfileScanner
{
    public const string TargetType = "dockerfile";

    public static IReadOnlyList<RuleMetadata> Rules { get; } = DockerfileChecks.All.Select(c => c.Metadata).ToList();

    /// <summary>Dockerfile, Containerfile, *.Dockerfile, *.dockerfile, Dockerfile.*, Containerfile.* (not *.dockerignore).</summary>
    public static bool IsDockerfile(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var name = Path.GetFileName(relativePath);
        if (name.EndsWith(".dockerignore", StringComparison.OrdinalIgnoreCase)) return false;
        return name.Equals("Dockerfile", StringComparison.OrdinalIgnoreCase) || name.Equals("Containerfile", StringComparison.OrdinalIgnoreCase) ||
               name.EndsWith(".dockerfile", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".containerfile", StringComparison.OrdinalIgnoreCase) ||
               name.StartsWith("Dockerfile.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Containerfile.", StringComparison.OrdinalIgnoreCase);
    }

    public static IReadOnlyList<TargetResult> Scan(IEnumerable<WalkedFile> files, DockerfileScanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        options ??= new DockerfileScanOptions();
        var candidates = files.Where(f => IsDockerfile(f.RelativePath)).ToList();
        var results = new TargetResult[candidates.Count];
        var checks = DockerfileChecks.All.Where(c => options.RuleFilter(c.Metadata)).ToList();
        Parallel.For(0, candidates.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism) },
            i => results[i] = ScanFile(candidates[i], checks, options));
        return results.OrderBy(r => r.Target, StringComparer.Ordinal).ToList();
    }

    private static TargetResult ScanFile(WalkedFile f, IReadOnlyList<DockerfileCheck> checks, DockerfileScanOptions options)
    {
        var (text, error) = FileText.Read(f, options.MaxFileBytes);
        if (text is null)
        {
            var failed = new TargetResult(f.RelativePath, TargetType);
            failed.Errors.Add(error!);
            return failed;
        }
        var dir = Path.GetDirectoryName(f.FullPath) ?? ".";
        var hasIgnore = File.Exists(Path.Combine(dir, ".dockerignore")) || File.Exists(f.FullPath + ".dockerignore");
        return ScanText(text, f.RelativePath, checks, hasIgnore);
    }

    /// <summary>Parses and checks one Dockerfile's text.</summary>
    public static TargetResult ScanText(string text, string path, IReadOnlyList<DockerfileCheck>? checks = null, bool? hasDockerignore = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        checks ??= DockerfileChecks.All;
        var result = new TargetResult(path, TargetType);
        DockerfileDocument doc;
        try
        {
            doc = DockerfileParser.Parse(text, path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            result.Errors.Add(new ScanError($"cannot parse Dockerfile: {e.GetType().Name}: {e.Message}", new SourceLocation(path, 0, 0)));
            return result;
        }
        result.Errors.AddRange(doc.Errors);
        var context = new DockerfileContext { Document = doc, HasDockerignore = hasDockerignore };
        var global = GlobalIgnores(doc);
        var byLine = doc.Instructions.GroupBy(i => i.StartLine).ToDictionary(g => g.Key, g => g.First());
        foreach (var check in checks)
        {
            var rule = check.Metadata;
            if (IsIgnored(rule, global)) continue;
            IEnumerable<DockerfileHit> hits;
            try
            {
                hits = check.Run(context).ToList();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                result.Errors.Add(new ScanError($"check {rule.Id} failed: {e.GetType().Name}: {e.Message}", new SourceLocation(path, 0, 0)));
                continue;
            }
            foreach (var hit in hits)
            {
                if (byLine.TryGetValue(hit.StartLine, out var instruction) && IsIgnored(rule, InlineIgnores(instruction))) continue;
                result.Findings.Add(rule.ToFinding(hit.Message, null, new SourceLocation(path, hit.StartLine, hit.EndLine)));
            }
        }
        result.Findings.Sort((a, b) =>
        {
            var c = a.Location!.StartLine.CompareTo(b.Location!.StartLine);
            return c != 0 ? c : string.CompareOrdinal(a.RuleId, b.RuleId);
        });
        return result;
    }

    /// <summary><c># palisade ignore=A,B</c> / <c># hadolint global ignore=A, B</c>; text after the list (a reason) is allowed.</summary>
    [GeneratedRegex(@"^#\s*(palisade|hadolint)\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_\-]+(?:\s*,\s*[A-Za-z0-9_\-]+)*)(?:\s.*)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PragmaRegex();

    private static HashSet<string> InlineIgnores(Instruction i)
    {
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in i.LeadingComments)
        {
            var m = PragmaRegex().Match(c.Trim());
            if (m.Success && !m.Groups[2].Success) AddIds(ids, m.Groups[3].Value);
        }
        return ids;
    }

    /// <summary>The global pragmas of a file: in its comment lines (not in heredoc bodies, which are scripts or files).</summary>
    private static HashSet<string> GlobalIgnores(DockerfileDocument doc)
    {
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var comment in doc.Comments)
        {
            var m = PragmaRegex().Match(comment.Text.Trim());
            if (m.Success && m.Groups[2].Success) AddIds(ids, m.Groups[3].Value);
        }
        return ids;
    }

    private static void AddIds(HashSet<string> ids, string list)
    {
        foreach (var id in list.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) ids.Add(id);
    }

    /// <summary>Ignored by its own id, or by a hadolint id the rule aliases.</summary>
    private static bool IsIgnored(RuleMetadata rule, HashSet<string> ids) =>
        ids.Count > 0 && (ids.Contains(rule.Id) || rule.Aliases.Any(ids.Contains));
}
