using System.Buffers;
using System.Text;
using Palisade.Artifacts.FileSystem;
using Palisade.Core.Findings;
using Palisade.Core.Rules;
using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.Yaml;
using Palisade.Secrets.Engine;

namespace Palisade.Secrets.Scanning;

public sealed record SecretScanOptions
{
    public required SecretRuleSet Rules { get; init; }
    public Func<RuleMetadata, bool> RuleFilter { get; init; } = _ => true;
    public long MaxFileBytes { get; init; } = 10L * 1024 * 1024;
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>
/// Scans files for secrets: text files (binaries and oversized files skipped), plus the decoded values of
/// Kubernetes Secrets and the literal env values of workloads in manifests. Never keeps or reports a secret
/// unredacted.
/// </summary>
public static class SecretsScanner
{
    public static IReadOnlyList<TargetResult> ScanFiles(IEnumerable<WalkedFile> files, SecretScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(options);
        var rules = Selected(options);
        var list = files.ToList();
        var results = new TargetResult?[list.Count];
        Parallel.For(0, list.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism) },
            i => results[i] = ScanFile(list[i], rules, options));
        return results.OfType<TargetResult>().OrderBy(r => r.Target, StringComparer.Ordinal).ToList();
    }

    /// <summary>The rule set with --checks applied, and each rule's metadata.</summary>
    internal static (SecretRuleSet Set, Dictionary<string, RuleMetadata> Meta) Selected(SecretScanOptions options)
    {
        var meta = options.Rules.Rules.ToDictionary(r => r.Id, SecretFindings.Metadata, StringComparer.Ordinal);
        var kept = options.Rules.Rules.Where(r => options.RuleFilter(meta[r.Id])).ToList();
        var set = kept.Count == options.Rules.Rules.Count ? options.Rules : new SecretRuleSet(kept, options.Rules.GlobalAllowlists);
        return (set, meta);
    }

    private static TargetResult? ScanFile(WalkedFile file, (SecretRuleSet Set, Dictionary<string, RuleMetadata> Meta) rules, SecretScanOptions options)
    {
        if (file.Length > options.MaxFileBytes || file.Length == 0) return null;
        // A pooled buffer: a tree of many files would otherwise allocate (and collect) its whole size again.
        var buffer = ArrayPool<byte>.Shared.Rent((int)file.Length);
        try
        {
            int length;
            try
            {
                using var handle = File.OpenHandle(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.SequentialScan);
                length = 0;
                int n;
                // The file may have grown or shrunk since it was listed: read what is there, up to the listed length.
                while (length < file.Length && (n = RandomAccess.Read(handle, buffer.AsSpan(length, (int)file.Length - length), length)) > 0) length += n;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var unreadable = new TargetResult(file.RelativePath, SecretFindings.TargetType);
                unreadable.Errors.Add(new ScanError($"cannot read file: {e.Message}", new SourceLocation(file.RelativePath, 0, 0)));
                return unreadable;
            }
            return ScanContent(buffer.AsSpan(0, length), file.RelativePath, rules);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>One file's bytes (binary content skipped); null when nothing was found.</summary>
    internal static TargetResult? ScanContent(ReadOnlySpan<byte> bytes, string path, (SecretRuleSet Set, Dictionary<string, RuleMetadata> Meta) rules)
    {
        if (bytes.Length == 0 || IsBinary(bytes)) return null;
        var result = MayBeManifest(path, bytes)
            ? ScanText(Encoding.UTF8.GetString(bytes), path, rules.Set, rules.Meta)
            : ScanUtf8(bytes, path, rules.Set, rules.Meta);
        return result.Findings.Count > 0 || result.Errors.Count > 0 ? result : null;
    }

    /// <summary>A file that is not a manifest, scanned without decoding more of it than the rules need to read.</summary>
    private static TargetResult ScanUtf8(ReadOnlySpan<byte> bytes, string path, SecretRuleSet set, IReadOnlyDictionary<string, RuleMetadata> meta)
    {
        var result = new TargetResult(path, SecretFindings.TargetType);
        foreach (var m in SecretDetector.DetectUtf8(set, bytes, path, null, e => result.Errors.Add(new ScanError(e, new SourceLocation(path, 0, 0)))))
            result.Findings.Add(SecretFindings.ToFinding(meta[m.Rule.Id], m, path, null));
        Finish(result, meta);
        return result;
    }

    /// <summary><see cref="IsManifest"/> on the file's bytes, before anything is decoded.</summary>
    private static bool MayBeManifest(string path, ReadOnlySpan<byte> bytes) =>
        IsManifestPath(path) && bytes.IndexOf("apiVersion"u8) >= 0 && (bytes.IndexOf("Secret"u8) >= 0 || bytes.IndexOf("env"u8) >= 0);

    /// <summary>Whether content is binary: a NUL byte in its first 8 KB (git's rule).</summary>
    public static bool IsBinary(ReadOnlySpan<byte> bytes) => bytes[..Math.Min(bytes.Length, 8000)].Contains((byte)0);

    /// <summary>Scans one text (and, for manifests, the secrets inside Kubernetes objects).</summary>
    public static TargetResult ScanText(string text, string path, SecretRuleSet set, IReadOnlyDictionary<string, RuleMetadata> meta, CommitInfo? commit = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(meta);
        var result = new TargetResult(path, SecretFindings.TargetType);
        // Values decoded from manifests first: of two findings of one rule on one line, Finish keeps the first, and the
        // decoded value says more than the raw base64.
        if (IsManifest(path, text))
            foreach (var (m, context) in ScanManifestValues(text, path, set, commit))
                result.Findings.Add(SecretFindings.ToFinding(meta[m.Rule.Id], m, path, commit, context));
        foreach (var m in SecretDetector.Detect(set, text, path, commit?.Sha, e => result.Errors.Add(new ScanError(e, new SourceLocation(path, 0, 0)))))
            result.Findings.Add(SecretFindings.ToFinding(meta[m.Rule.Id], m, path, commit));
        Finish(result, meta);
        return result;
    }

    private static void Finish(TargetResult result, IReadOnlyDictionary<string, RuleMetadata> meta)
    {
        // One finding per rule and line: the first one found.
        var seen = new HashSet<(string, int)>();
        result.Findings.RemoveAll(f => !seen.Add((f.RuleId, f.Location!.StartLine)));
        // A generic rule adds nothing on a line where a provider-specific rule already found the secret.
        var specificLines = result.Findings.Where(f => !IsGeneric(meta, f)).Select(f => f.Location!.StartLine).ToHashSet();
        result.Findings.RemoveAll(f => IsGeneric(meta, f) && specificLines.Contains(f.Location!.StartLine));
        result.Findings.Sort((a, b) => a.Location!.StartLine != b.Location!.StartLine
            ? a.Location.StartLine.CompareTo(b.Location.StartLine)
            : string.CompareOrdinal(a.RuleId, b.RuleId));
    }

    private static bool IsGeneric(IReadOnlyDictionary<string, RuleMetadata> meta, Finding f) =>
        meta.TryGetValue(f.RuleId, out var m) && m.Groups.Contains("generic");

    private static bool IsManifestPath(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    private static bool IsManifest(string path, string text) =>
        IsManifestPath(path) &&
        text.Contains("apiVersion", StringComparison.Ordinal) && (text.Contains("Secret", StringComparison.Ordinal) || text.Contains("env", StringComparison.Ordinal));

    /// <summary>
    /// Secrets the raw text does not show: base64 <c>data</c> of Secrets (decoded), and <c>env</c> name/value pairs of
    /// workloads (scanned as <c>NAME="value"</c> so that assignment rules see the name). Lines point at the value.
    /// </summary>
    private static IEnumerable<(SecretMatch Match, string Context)> ScanManifestValues(string text, string path, SecretRuleSet set, CommitInfo? commit)
    {
        ManifestFile file;
        try
        {
            file = ManifestParser.Parse(text, path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            yield break;
        }
        foreach (var obj in file.Objects)
        {
            if (obj.Is("", "Secret"))
            {
                foreach (var (key, node) in obj.Root["data"].Entries())
                {
                    if (node.Text() is not { } b64 || Core.Secrets.SecretHeuristics.DecodeBase64(b64) is not { } decoded) continue;
                    foreach (var m in Relocate(SecretDetector.Detect(set, $"{key}={Quote(decoded)}", path, commit?.Sha), node))
                        yield return (m, $"base64 value of Secret {obj.Name} key {key}");
                }
            }
            if (obj.PodTemplate is { } pod)
            {
                foreach (var c in pod.Containers)
                    foreach (var env in c.Node["env"].Mappings())
                    {
                        if (env["name"].Text() is not { } name || env["value"].Text() is not { } value || value.Length == 0) continue;
                        foreach (var m in Relocate(SecretDetector.Detect(set, $"{name}={Quote(value)}", path, commit?.Sha), env["value"]!))
                            yield return (m, $"env {name} of container {c.Name}");
                    }
            }
        }
    }

    private static string Quote(string value) => value.Contains('\n', StringComparison.Ordinal) ? value : "\"" + value + "\"";

    /// <summary>Matches found in a derived text point at the YAML node they came from.</summary>
    private static IEnumerable<SecretMatch> Relocate(IEnumerable<SecretMatch> matches, YNode node) =>
        matches.Select(m => m with { StartLine = node.StartLine, EndLine = node.StartLine, StartColumn = node.StartColumn, EndColumn = 0 });
}

/// <summary>
/// Scans file contents handed over one at a time (the files of image layers as they stream past), with the rules
/// selected once; the same detection as <see cref="SecretsScanner.ScanFiles"/>.
/// </summary>
public sealed class SecretContentScanner
{
    private readonly (SecretRuleSet Set, Dictionary<string, RuleMetadata> Meta) _rules;

    public SecretContentScanner(SecretScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _rules = SecretsScanner.Selected(options);
    }

    /// <summary>The findings in one file's bytes, or null when there are none (or the content is binary).</summary>
    public TargetResult? Scan(ReadOnlySpan<byte> content, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return SecretsScanner.ScanContent(content, path, _rules);
    }
}
