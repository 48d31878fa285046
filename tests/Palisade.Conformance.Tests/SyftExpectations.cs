using System.Text.Json;

namespace Palisade.Conformance.Tests;

/// <summary>One row of ../shared/conformance/syft-catalogers/expected.jsonl (see its SOURCE.md); Purl null when the row has none.</summary>
public sealed record SyftExpectation(int Line, string Cataloger, string? TestFunc, string? Case, string? Fixture, string Name, string? Version, string? Purl, bool HasExpr);

/// <summary>Reads syft's cataloger expectations and resolves their fixtures; each conformance test decides what it can check.</summary>
public static class SyftExpectations
{
    public static string Dir { get; } = Path.Combine(RepoPaths.Conformance, "syft-catalogers");

    /// <summary>The rows of the catalogers <paramref name="wanted"/> accepts, with their 1-based line numbers.</summary>
    public static IEnumerable<SyftExpectation> Read(Func<string, bool> wanted)
    {
        var n = 0;
        foreach (var line in File.ReadLines(Path.Combine(Dir, "expected.jsonl")))
        {
            n++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            var cataloger = r.GetProperty("cataloger").GetString() ?? "";
            if (!wanted(cataloger)) continue;
            string? Str(string key) => r.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var hasExpr = r.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("expr", out _));
            var purl = Str("purl");
            yield return new SyftExpectation(n, cataloger, Str("test_func"), Str("case"), Str("fixture"), Str("name") ?? "", Str("version"),
                string.IsNullOrEmpty(purl) ? null : purl, hasExpr);
        }
    }

    /// <summary>A fixture ("testdata/x" or "x") under the cataloger's copied testdata; null for an empty or climbing path.</summary>
    public static string? FixturePath(string cataloger, string fixture)
    {
        var rel = fixture.StartsWith("testdata/", StringComparison.Ordinal) ? fixture["testdata/".Length..] : fixture;
        if (rel.Length == 0 || rel.Split('/').Contains("..")) return null;
        return Path.Combine(Dir, "syft", "pkg", "cataloger", cataloger, "testdata", rel);
    }

    /// <summary>Whether a resolved fixture is in the snapshot.</summary>
    public static bool Exists(string? path) => path is not null && (File.Exists(path) || Directory.Exists(path));
}
