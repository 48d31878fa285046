using Palisade.Artifacts.FileSystem;
using Palisade.Core.Findings;
using Palisade.Core.Rules;

namespace Palisade.Cli.Scanning;

/// <summary>Runs the registered scanners over one or more roots and assembles one report.</summary>
public static class ScanRunner
{
    /// <summary>Every scanner Palisade has, in the order their results are reported.</summary>
    public static IReadOnlyList<IScanner> Scanners { get; } = [new KubernetesConfigScanner(), new DockerfileConfigScanner(), new SecretFileScanner(), new PackageInventoryScanner()];

    public static IReadOnlyList<RuleMetadata> AllRules { get; } = Scanners.SelectMany(s => s.Rules).ToList();

    public static ScanReport Run(IReadOnlyList<string> roots, IReadOnlyList<IScanner> scanners, ScanSettings settings, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(scanners);
        var report = new ScanReport { Tool = ToolInfo.Current };
        foreach (var rule in scanners.SelectMany(s => s.Rules)) report.Rules.TryAdd(rule.Id, rule);
        foreach (var root in roots)
        {
            progress?.Invoke($"Reading {root}");
            var walkErrors = new List<ScanError>();
            var files = DirectoryWalker.Walk(root, (path, message) => walkErrors.Add(new ScanError($"cannot read directory: {message}", new SourceLocation(path, 0, 0)))).ToList();
            var input = new ScanInput(root, files);
            var prefix = roots.Count > 1 ? PrefixFor(root) : null;
            var results = new List<TargetResult>();
            if (walkErrors.Count > 0)
            {
                var walk = new TargetResult(".", "filesystem");
                walk.Errors.AddRange(walkErrors);
                results.Add(walk);
            }
            foreach (var scanner in scanners)
            {
                progress?.Invoke($"Scanning {root}: {scanner.Name}");
                results.AddRange(scanner.Scan(input, settings));
            }
            foreach (var r in results) report.Results.Add(prefix is null ? r : Prefixed(r, prefix));
        }
        return report;
    }

    /// <summary>
    /// What a root's paths are prefixed with when several roots are scanned: the root as given (its directory for
    /// a file), '/'-separated, without a leading "./"; empty for the current directory.
    /// </summary>
    public static string PrefixFor(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var p = root.Replace('\\', '/');
        if (p.Length > 1) p = p.TrimEnd('/');
        while (p.StartsWith("./", StringComparison.Ordinal)) p = p[2..];
        if (File.Exists(root)) p = Path.GetDirectoryName(p)?.Replace('\\', '/') ?? "";
        return p == "." ? "" : p;
    }

    private static TargetResult Prefixed(TargetResult r, string prefix)
    {
        string Fix(string path) => prefix.Length == 0 ? path : path == "." ? prefix : prefix + "/" + path;
        var copy = new TargetResult(Fix(r.Target), r.Type);
        copy.Findings.AddRange(r.Findings.Select(f => f with { Location = f.Location is null ? null : f.Location with { Path = Fix(f.Location.Path) } }));
        copy.Errors.AddRange(r.Errors.Select(e => e with { Location = e.Location is null ? null : e.Location with { Path = Fix(e.Location.Path) } }));
        copy.Packages.AddRange(r.Packages);
        return copy;
    }
}
