using System.Text;
using Palisade.Artifacts.FileSystem;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Benchmarks;

/// <summary>
/// One benchmark input: the *.yaml / *.yml files under a directory, found the way the CLI finds them
/// (<see cref="DirectoryWalker"/>, ordinal order, VCS folders skipped). Every case reads exactly these files.
/// </summary>
public sealed class Corpus
{
    private Corpus(string name, string root, IReadOnlyList<WalkedFile> files)
    {
        Name = name;
        Root = root;
        Files = files;
    }

    public string Name { get; }
    public string Root { get; }
    public IReadOnlyList<WalkedFile> Files { get; }
    public long Bytes => Files.Sum(f => f.Length);

    public static Corpus Open(string name, string root)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"corpus '{name}' not found at {root}");
        var files = DirectoryWalker.Walk(root).Where(f => IsYaml(f.RelativePath)).ToList();
        return new Corpus(name, Path.GetFullPath(root), files);
    }

    private static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>The two corpora of issue 2, from environment variables or their default places.</summary>
    public static string GeneratedPath =>
        Environment.GetEnvironmentVariable("PALISADE_BENCH_CORPUS") is { Length: > 0 } p ? p : Path.Combine(RepoRoot, "bench", ".corpus", "generated");

    public static string KyvernoPath =>
        Environment.GetEnvironmentVariable("PALISADE_BENCH_KYVERNO") is { Length: > 0 } p ? p : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "conformance", "kyverno-policies"));

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.sln"))) dir = dir.Parent;
            return dir?.FullName ?? Directory.GetCurrentDirectory();
        }
    }

    public static Corpus ByName(string name) => name switch
    {
        "generated" => Open("generated", GeneratedPath),
        "kyverno" => Open("kyverno", KyvernoPath),
        _ => throw new ArgumentException($"unknown corpus '{name}' (generated or kyverno)", nameof(name)),
    };

    internal static readonly UTF8Encoding Utf8 = new(false);
}

/// <summary>What one pass over a corpus counted (used to check that every case did the work).</summary>
public readonly record struct PassResult(long Documents, long Objects, long Errors, long Findings, long Events);

/// <summary>
/// The cases compared: (a), (b), (b'), (c), (d). All read the same files with the same <c>File.ReadAllText</c> call the loader uses
/// and fan out over files with the same degree of parallelism as <see cref="ManifestLoader"/> (by default
/// <see cref="Environment.ProcessorCount"/>), so the only difference is what happens to the text.
/// </summary>
public static class Cases
{
    public const string ParseOnly = "(a) YamlDotNet Parser events";
    public const string YamlStreamLoad = "(b) YamlDotNet YamlStream.Load";
    public const string YamlStreamKept = "(b') YamlStream.Load, all trees kept";
    public const string PalisadeLoad = "(c) Palisade ManifestLoader.Load";
    public const string PalisadeScan = "(d) Palisade config (Load + Scan)";

    public static readonly string[] All = [ParseOnly, YamlStreamLoad, YamlStreamKept, PalisadeLoad, PalisadeScan];

    public static PassResult Run(string name, Corpus corpus, int parallelism) => name switch
    {
        ParseOnly => RunParseOnly(corpus, parallelism),
        YamlStreamLoad => RunYamlStream(corpus, parallelism),
        YamlStreamKept => RunYamlStreamKept(corpus, parallelism),
        PalisadeLoad => RunLoad(corpus, parallelism),
        PalisadeScan => RunScan(corpus, parallelism),
        _ => throw new ArgumentException(name, nameof(name)),
    };

    /// <summary>(a) Read each file and pull every event through <see cref="YamlDotNet.Core.Parser"/>; nothing is built.</summary>
    public static PassResult RunParseOnly(Corpus corpus, int parallelism)
    {
        long docs = 0, errors = 0, events = 0;
        ForEachFile(corpus, parallelism, f =>
        {
            var text = File.ReadAllText(f.FullPath, Encoding.UTF8);
            long d = 0, e = 0;
            try
            {
                var parser = new YamlDotNet.Core.Parser(new StringReader(text));
                while (parser.MoveNext())
                {
                    e++;
                    if (parser.Current is YamlDotNet.Core.Events.DocumentStart) d++;
                }
            }
            catch (YamlDotNet.Core.YamlException)
            {
                Interlocked.Increment(ref errors);
            }
            Interlocked.Add(ref docs, d);
            Interlocked.Add(ref events, e);
        });
        return new PassResult(docs, 0, errors, 0, events);
    }

    /// <summary>(b) Read each file and load it into YamlDotNet's representation model (<see cref="YamlDotNet.RepresentationModel.YamlStream"/>).</summary>
    public static PassResult RunYamlStream(Corpus corpus, int parallelism)
    {
        long docs = 0, errors = 0;
        ForEachFile(corpus, parallelism, f =>
        {
            var text = File.ReadAllText(f.FullPath, Encoding.UTF8);
            var stream = new YamlDotNet.RepresentationModel.YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlDotNet.Core.YamlException)
            {
                Interlocked.Increment(ref errors);
            }
            Interlocked.Add(ref docs, stream.Documents.Count);
        });
        return new PassResult(docs, 0, errors, 0, 0);
    }

    /// <summary>
    /// (b') Like (b), but every file's YamlStream is kept until the pass ends, as Palisade keeps every tree for
    /// the cross-resource checks: the garbage collector then has to trace and promote the whole corpus.
    /// </summary>
    public static PassResult RunYamlStreamKept(Corpus corpus, int parallelism)
    {
        long errors = 0;
        var kept = new YamlDotNet.RepresentationModel.YamlStream[corpus.Files.Count];
        var index = corpus.Files.Select((f, i) => (f, i)).ToDictionary(x => x.f.FullPath, x => x.i, StringComparer.Ordinal);
        ForEachFile(corpus, parallelism, f =>
        {
            var text = File.ReadAllText(f.FullPath, Encoding.UTF8);
            var stream = new YamlDotNet.RepresentationModel.YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlDotNet.Core.YamlException)
            {
                Interlocked.Increment(ref errors);
            }
            kept[index[f.FullPath]] = stream;
        });
        return new PassResult(kept.Sum(s => (long)s.Documents.Count), 0, errors, 0, 0);
    }

    /// <summary>(c) Palisade's loader: YAML to YNode trees with lines, then Kubernetes objects.</summary>
    public static PassResult RunLoad(Corpus corpus, int parallelism)
    {
        var set = Load(corpus, parallelism);
        return new PassResult(0, set.Objects.Count, set.Files.Sum(f => f.Errors.Count), 0, 0);
    }

    /// <summary>(d) What `palisade config` does per root, minus report writing: load, then every check and the PSS.</summary>
    /// <summary>(d) What `palisade config` does: read, check and drop each file, then the cross-object checks.</summary>
    public static PassResult RunScan(Corpus corpus, int parallelism, bool countResources = true)
    {
        var results = Palisade.Kubernetes.Scanning.KubernetesScanner.Scan(corpus.Root, corpus.Files,
            new Palisade.Kubernetes.Scanning.KubernetesScanOptions { MaxParallelism = parallelism });
        return new PassResult(0, countResources ? ResourceCount(corpus) : -1, results.Sum(r => r.Errors.Count), results.Sum(r => r.Findings.Count), 0);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> ResourceCounts = new(StringComparer.Ordinal);

    /// <summary>The number of Kubernetes objects in a corpus (counted once, for the tables).</summary>
    public static int ResourceCount(Corpus corpus) => ResourceCounts.GetOrAdd(corpus.Root, _ => Load(corpus, 1).Objects.Count);

    public static ManifestSet Load(Corpus corpus, int parallelism) =>
        ManifestLoader.Load(corpus.Root, corpus.Files, new ManifestLoadOptions { MaxParallelism = parallelism });

    private static void ForEachFile(Corpus corpus, int parallelism, Action<WalkedFile> body)
    {
        if (parallelism <= 1)
        {
            foreach (var f in corpus.Files) body(f);
            return;
        }
        Parallel.ForEach(corpus.Files, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, body);
    }
}
