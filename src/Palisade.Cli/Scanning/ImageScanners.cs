using System.Globalization;
using Palisade.Core.Findings;
using Palisade.Core.Rules;
using Palisade.Dockerfile.Checks;
using Palisade.Dockerfile.Parsing;
using Palisade.Dockerfile.Scanning;
using Palisade.Images.Catalogers;
using Palisade.Images.Layers;
using Palisade.Images.Sources;
using Palisade.Secrets.Scanning;

namespace Palisade.Cli.Scanning;

/// <summary>What <c>--scanners</c> turns on for <c>palisade image</c> and <c>palisade fs</c>.</summary>
[Flags]
public enum ScannerKinds
{
    None = 0,
    Vuln = 1,
    Secret = 2,
    Misconfig = 4,
}

public static class ScannerKindsParser
{
    /// <summary>"vuln,secret,misconfig" (Trivy's names; "vulnerability", "secrets", "config" too).</summary>
    /// <exception cref="FormatException">An unknown or empty list.</exception>
    public static ScannerKinds Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var kinds = ScannerKinds.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            kinds |= part.ToLowerInvariant() switch
            {
                "vuln" or "vulnerability" or "vulnerabilities" => ScannerKinds.Vuln,
                "secret" or "secrets" => ScannerKinds.Secret,
                "misconfig" or "config" => ScannerKinds.Misconfig,
                _ => throw new FormatException($"unknown scanner '{part}' in --scanners (expected vuln, secret, misconfig)"),
            };
        }
        return kinds == ScannerKinds.None ? throw new FormatException("--scanners is empty (expected vuln, secret, misconfig)") : kinds;
    }
}

/// <summary>
/// Secrets in an image's layers, found while the layers stream past: every text file of every layer is scanned, so a
/// secret that a later layer deleted is still reported (it is still in the image). One finding per file, rule, line
/// and secret, with the layer that first added it, and whether the final filesystem still has it.
/// </summary>
public sealed class ImageSecretCollector
{
    private readonly SecretContentScanner _scanner;
    private readonly Dictionary<(string Path, string Rule, int Line, string Redacted), Found> _found = [];
    private readonly Dictionary<string, List<ScanError>> _errors = new(StringComparer.Ordinal);

    public ImageSecretCollector(SecretScanOptions options) => _scanner = new SecretContentScanner(options);

    /// <summary>The visitor to give the image's <see cref="CaptureRule"/>.</summary>
    public void Visit(string path, ReadOnlySpan<byte> content, string? layerDigest)
    {
        if (_scanner.Scan(content, path) is not { } result) return;
        foreach (var f in result.Findings)
        {
            var key = (path, f.RuleId, f.Location?.StartLine ?? 0, f.Secret?.Redacted ?? "");
            if (!_found.TryGetValue(key, out var found)) _found[key] = found = new Found(f, layerDigest);
            found.Layers.Add(layerDigest ?? "");
        }
        if (result.Errors.Count > 0)
        {
            if (!_errors.TryGetValue(path, out var list)) _errors[path] = list = [];
            list.AddRange(result.Errors.Where(e => !list.Contains(e)));
        }
    }

    /// <summary>The findings per file, judged against the image's final filesystem.</summary>
    public IReadOnlyList<TargetResult> Results(ICatalogSource final)
    {
        ArgumentNullException.ThrowIfNull(final);
        var byPath = new SortedDictionary<string, TargetResult>(StringComparer.Ordinal);
        TargetResult For(string path) =>
            byPath.TryGetValue(path, out var r) ? r : byPath[path] = new TargetResult(path, SecretFindings.TargetType);
        foreach (var ((path, _, _, _), found) in _found)
        {
            var finalLayer = final.LayerDigestOf(path);  // null: no such file any more
            var removed = finalLayer is null || !found.Layers.Contains(finalLayer);
            var finding = found.Finding with
            {
                Secret = found.Finding.Secret! with { Layer = found.FirstLayer, RemovedInLaterLayer = removed },
                Message = removed
                    ? string.Create(CultureInfo.InvariantCulture, $"{found.Finding.Message} (a later layer deleted or replaced the file, but the secret is still in layer {Short(found.FirstLayer)})")
                    : found.Finding.Message,
            };
            For(path).Findings.Add(finding);
        }
        foreach (var (path, errors) in _errors) For(path).Errors.AddRange(errors);
        foreach (var r in byPath.Values) r.Findings.Sort((a, b) => a.Location!.StartLine != b.Location!.StartLine ? a.Location.StartLine.CompareTo(b.Location.StartLine) : string.CompareOrdinal(a.RuleId, b.RuleId));
        return byPath.Values.ToList();
    }

    private static string Short(string? digest) => digest is null ? "(unknown)" : digest.Length > 19 ? digest[..19] : digest;

    private sealed class Found(Finding finding, string? firstLayer)
    {
        public Finding Finding { get; } = finding;
        public string? FirstLayer { get; } = firstLayer;
        public HashSet<string> Layers { get; } = new(StringComparer.Ordinal);
    }
}

/// <summary>
/// Misconfigurations of an image judged from its config: the build history rebuilt as a Dockerfile
/// (<see cref="ImageHistoryDockerfile"/>) and checked with the Dockerfile checks, except those about the base image
/// reference and the build context, which an image no longer records.
/// </summary>
public static class ImageConfigScanner
{
    private static readonly HashSet<string> NotJudgeable = new(StringComparer.Ordinal)
    {
        "PAL-DF-002", "PAL-DF-003", "PAL-DF-004", "PAL-DF-005",  // FROM: the base image is not recorded
        "PAL-DF-024",  // .dockerignore: the build context is gone
    };

    /// <summary>The checks that apply to an image config.</summary>
    public static IReadOnlyList<RuleMetadata> Rules { get; } = DockerfileChecks.All.Where(c => !NotJudgeable.Contains(c.Metadata.Id)).Select(c => c.Metadata).ToList();

    public static TargetResult Scan(string target, byte[] config, Func<RuleMetadata, bool> filter)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(filter);
        ImageConfig parsed;
        try
        {
            parsed = ImageConfig.Parse(config);
        }
        catch (ImageFormatException e)
        {
            var failed = new TargetResult(target, DockerfileScanner.TargetType);
            failed.Errors.Add(new ScanError(e.Message, new SourceLocation(target, 0, 0)));
            return failed;
        }
        var text = ImageHistoryDockerfile.Build(parsed.History.Select(h => h.CreatedBy), parsed.User, parsed.HasHealthcheck);
        var checks = DockerfileChecks.All.Where(c => !NotJudgeable.Contains(c.Metadata.Id) && filter(c.Metadata)).ToList();
        return DockerfileScanner.ScanText(text, target, checks, hasDockerignore: true);
    }
}
