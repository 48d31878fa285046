using System.Collections.Concurrent;
using Palisade.Artifacts.FileSystem;
using Palisade.Core.Findings;
using Palisade.Kubernetes.Yaml;

namespace Palisade.Kubernetes.Manifests;

/// <summary>Every manifest file read from one scan root.</summary>
public sealed class ManifestSet
{
    public ManifestSet(string root, IReadOnlyList<ManifestFile> files)
    {
        Root = root;
        Files = files;
        Objects = files.SelectMany(f => f.Objects).ToList();
    }

    public string Root { get; }

    /// <summary>Files that held Kubernetes objects or could not be read, ordered by path.</summary>
    public IReadOnlyList<ManifestFile> Files { get; }

    public IReadOnlyList<KubernetesObject> Objects { get; }
}

/// <summary>Options for reading manifests from disk.</summary>
public sealed record ManifestLoadOptions
{
    public DocumentLimits Limits { get; init; } = DocumentLimits.Default;

    /// <summary>Files larger than this are reported as errors and not read.</summary>
    public long MaxFileBytes { get; init; } = 64L * 1024 * 1024;

    public int MaxParallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>Finds and parses the YAML and JSON manifests under a directory (or one file).</summary>
public static class ManifestLoader
{
    public static bool IsManifestCandidate(string relativePath)
    {
        var ext = System.IO.Path.GetExtension(relativePath);
        return ext.Equals(".yaml", StringComparison.OrdinalIgnoreCase) || ext.Equals(".yml", StringComparison.OrdinalIgnoreCase) ||
               ext.Equals(".json", StringComparison.OrdinalIgnoreCase);
    }

    public static ManifestSet Load(string root, ManifestLoadOptions? options = null) =>
        Load(root, DirectoryWalker.Walk(root), options);

    public static ManifestSet Load(string root, IEnumerable<WalkedFile> files, ManifestLoadOptions? options = null)
    {
        options ??= new ManifestLoadOptions();
        var candidates = Candidates(root, files).ToList();
        var results = new ConcurrentBag<ManifestFile>();
        Parallel.ForEach(candidates, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism) }, f =>
        {
            var mf = LoadFile(f, options);
            if (mf.Objects.Count > 0 || mf.Errors.Count > 0) results.Add(mf);
        });
        return new ManifestSet(root, results.OrderBy(r => r.Path, StringComparer.Ordinal).ToList());
    }

    /// <summary>The files that may hold manifests: YAML and JSON, except Helm chart templates.</summary>
    public static IEnumerable<WalkedFile> Candidates(string root, IEnumerable<WalkedFile> files) =>
        files.Where(f => IsManifestCandidate(f.RelativePath) && !IsHelmTemplate(root, f.RelativePath));

    public static ManifestFile LoadFile(WalkedFile f, ManifestLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(options);
        var isJson = f.RelativePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        var (text, error) = FileText.Read(f, options.MaxFileBytes);
        if (text is null)
        {
            var failed = new ManifestFile(f.RelativePath);
            failed.Errors.Add(error!);
            return failed;
        }
        ManifestFile parsed;
        try
        {
            parsed = ManifestParser.Parse(text, f.RelativePath, options.Limits);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Defence in depth: one file that trips a parser bug must not stop the scan.
            parsed = new ManifestFile(f.RelativePath);
            parsed.Errors.Add(new ScanError($"cannot parse file: {e.GetType().Name}: {e.Message}", new SourceLocation(f.RelativePath, 0, 0)));
        }
        // A .json file that is not YAML-parseable and does not mention Kubernetes fields is someone else's
        // file (tsconfig with comments, say): not our business.
        if (isJson && parsed.Objects.Count == 0 && parsed.Errors.Count > 0 && !text.Contains("\"apiVersion\"", StringComparison.Ordinal))
            return new ManifestFile(f.RelativePath);
        return parsed;
    }

    /// <summary>Files under a Helm chart's templates/ directory are Go templates, not YAML.</summary>
    private static bool IsHelmTemplate(string root, string relativePath)
    {
        var parts = relativePath.Split('/');
        for (var i = parts.Length - 2; i >= 0; i--)
        {
            if (parts[i] != "templates") continue;
            var chartDir = System.IO.Path.Combine(root, string.Join('/', parts[..i]));
            if (File.Exists(System.IO.Path.Combine(chartDir, "Chart.yaml"))) return true;
        }
        return false;
    }
}
