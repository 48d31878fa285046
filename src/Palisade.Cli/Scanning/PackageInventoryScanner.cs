using Palisade.Artifacts.FileSystem;
using Palisade.Core.Findings;
using Palisade.Core.Rules;
using Palisade.Images.Catalogers;

namespace Palisade.Cli.Scanning;

/// <summary>
/// Lists the packages in the lock files and package databases of a scanned directory (package-lock.json, yarn.lock,
/// pnpm-lock.yaml, requirements.txt, poetry.lock, Pipfile.lock, Cargo.lock, go.mod, *.deps.json, packages.lock.json,
/// Java archives, OS package databases): the same catalogers as <c>palisade sbom</c>, over the files the scan walked
/// (so node_modules and other skipped folders stay skipped). One target per file, with its packages; a file that
/// cannot be parsed is an error of that target.
/// </summary>
public sealed class PackageInventoryScanner : IScanner
{
    public string Name => "packages";
    public ScannerCategory Category => ScannerCategory.Vulnerability;
    public IReadOnlyList<RuleMetadata> Rules => [];

    public IReadOnlyList<TargetResult> Scan(ScanInput input, ScanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(input);
        var catalogers = CatalogRunner.All.OfType<DatabaseFileCataloger>().ToList();
        var source = new WalkedFilesSource(input.Files);
        if (!source.Files.Any(path => catalogers.Any(c => c.Wants(path)))) return [];
        var result = CatalogRunner.Run(source, catalogers);
        var targets = new SortedDictionary<string, TargetResult>(StringComparer.Ordinal);
        TargetResult For(string path, string type)
        {
            if (!targets.TryGetValue(path, out var target)) targets[path] = target = new TargetResult(path, type);
            return target;
        }
        foreach (var p in result.Packages) For(p.FoundIn, p.Type).Packages.Add(new PackageRef(p.Name, p.Version, p.Type, p.Purl));
        foreach (var e in result.Errors)
        {
            var error = ToScanError(e);
            For(error.Location!.Path, e.Cataloger).Errors.Add(error);
        }
        return [.. targets.Values];
    }

    /// <summary>A cataloger's error as a scan error: the file, the line when the message starts with one, the message.</summary>
    public static ScanError ToScanError(CatalogError e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var path = e.Path ?? ".";
        var message = e.Message.StartsWith(path + ":", StringComparison.Ordinal) ? e.Message[(path.Length + 1)..].TrimStart() : e.Message;
        var line = 0;
        var colon = message.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && int.TryParse(message.AsSpan(0, colon), System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            line = n;
            message = message[(colon + 1)..].TrimStart();
        }
        return new ScanError(message, new SourceLocation(path, line, line));
    }
}

/// <summary>Walked files as a catalog source: their relative paths, read from disk on demand (no executables inspected).</summary>
public sealed class WalkedFilesSource(IReadOnlyList<WalkedFile> files) : ICatalogSource
{
    private const long MaxFileBytes = 64L << 20;
    private readonly Dictionary<string, WalkedFile> _byPath = files.GroupBy(f => f.RelativePath.Replace('\\', '/'), StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public IEnumerable<string> Files => _byPath.Keys.Order(StringComparer.Ordinal);

    public byte[]? Read(string path)
    {
        if (!_byPath.TryGetValue(path, out var file)) return null;
        if (file.Length > MaxFileBytes)
            throw new CatalogerException(FormattableString.Invariant($"file is {file.Length} bytes, over the {MaxFileBytes}-byte limit"), path);
        try
        {
            return File.ReadAllBytes(file.FullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CatalogerException("cannot read: " + e.Message, path, null, e);
        }
    }

    public string? LayerDigestOf(string path) => null;

    public IEnumerable<(string Path, Images.Catalogers.Binaries.ExecutableMetadata Metadata)> Executables => [];
}
