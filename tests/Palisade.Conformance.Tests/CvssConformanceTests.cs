using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Palisade.Vulnerabilities.Cvss;
using Xunit.Abstractions;

namespace Palisade.Conformance.Tests;

/// <summary>
/// Every CVSS vector in the real OSV material under ../shared/conformance/osv (OSV JSON and YAML records' severity[]
/// entries, GitHub advisory API records' cvss.vectorString, and the OSV schema's own examples) must parse, with the
/// version its OSV type names; where a score (GitHub cvss.score) or a qualitative severity (GitHub severity,
/// database_specific.severity) is published beside it, our calculator must agree.
/// </summary>
public sealed partial class CvssConformanceTests(ITestOutputHelper output)
{
    private static readonly string DataDir = Path.Combine(RepoPaths.Conformance, "osv");

    /// <summary>One vector found in a file, with its OSV type (null when the file does not give one) and what is published beside it.</summary>
    public sealed record Found(string File, string? Type, string Vector, double? PublishedScore, string? PublishedSeverity);

    [GeneratedRegex(@"-\s*type:\s*(CVSS_V[234])\s*\n\s*score:\s*(\S+)")]
    private static partial Regex YamlSeverity();

    [GeneratedRegex("\"((?:CVSS:[0-9.]+/|AV:[NAL]/AC:)[A-Za-z0-9:/]+)\"")]
    private static partial Regex QuotedVector();

    public static List<Found> FindAll()
    {
        var found = new List<Found>();
        foreach (var file in Directory.EnumerateFiles(DataDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(DataDir, file);
            switch (Path.GetExtension(file))
            {
                case ".json":
                    using (var doc = JsonDocument.Parse(File.ReadAllText(file)))
                        FromJson(rel, doc.RootElement, found);
                    break;
                case ".yaml":
                case ".yml":
                    foreach (Match m in YamlSeverity().Matches(File.ReadAllText(file)))
                        found.Add(new Found(rel, m.Groups[1].Value, m.Groups[2].Value, null, null));
                    break;
                case ".md":
                    foreach (Match m in QuotedVector().Matches(File.ReadAllText(file)))
                        found.Add(new Found(rel, null, m.Groups[1].Value, null, null));
                    break;
            }
        }

        return found;
    }

    private static void FromJson(string file, JsonElement root, List<Found> found)
    {
        if (root.ValueKind != JsonValueKind.Object) return;
        // The record's qualitative severity: GitHub's API "severity": "HIGH", or OSV database_specific.severity.
        string? recordSeverity = null;
        if (root.TryGetProperty("severity", out var s) && s.ValueKind == JsonValueKind.String) recordSeverity = s.GetString();
        else if (root.TryGetProperty("database_specific", out var ds) && ds.ValueKind == JsonValueKind.Object
                 && ds.TryGetProperty("severity", out var dss) && dss.ValueKind == JsonValueKind.String) recordSeverity = dss.GetString();
        Walk(root);

        void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    if (e.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString()!.StartsWith("CVSS_", StringComparison.Ordinal)
                        && e.TryGetProperty("score", out var score) && score.ValueKind == JsonValueKind.String)
                        found.Add(new Found(file, type.GetString(), score.GetString()!, null, recordSeverity));
                    if (e.TryGetProperty("vectorString", out var vector) && vector.ValueKind == JsonValueKind.String
                        && e.TryGetProperty("score", out var published) && published.ValueKind == JsonValueKind.Number)
                        found.Add(new Found(file, null, vector.GetString()!, published.GetDouble(), recordSeverity));
                    foreach (var p in e.EnumerateObject()) Walk(p.Value);
                    break;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray()) Walk(item);
                    break;
            }
        }
    }

    private static CvssRating? ParseRating(string? severity) => severity?.ToUpperInvariant() switch
    {
        "CRITICAL" => CvssRating.Critical,
        "HIGH" => CvssRating.High,
        "MODERATE" or "MEDIUM" => CvssRating.Medium,
        "LOW" => CvssRating.Low,
        "NONE" => CvssRating.None,
        _ => null,
    };

    [Fact]
    public void Every_cvss_vector_in_the_osv_records_parses_and_agrees_with_published_scores()
    {
        var found = FindAll();
        var parseFailures = new List<string>();
        var disagreements = new List<string>();
        int published = 0, agreed = 0, scores = 0, severities = 0;
        var versions = new Dictionary<CvssVersion, int>();
        foreach (var f in found)
        {
            CvssResult? result;
            var ok = f.Type is null ? CvssScore.TryCalculate(f.Vector, out result) : CvssScore.TryCalculateOsv(f.Type, f.Vector, out result);
            if (!ok || result is null)
            {
                parseFailures.Add($"{f.File}: {f.Type} '{f.Vector}'");
                continue;
            }

            versions[result.Version] = versions.GetValueOrDefault(result.Version) + 1;
            var rating = ParseRating(f.PublishedSeverity);
            if (f.PublishedScore is null && rating is null) continue;
            published++;
            var problems = new List<string>();
            if (f.PublishedScore is { } p)
            {
                scores++;
                if (p != result.BaseScore) problems.Add(FormattableString.Invariant($"score {result.BaseScore}, published {p}"));
            }

            if (rating is { } r)
            {
                severities++;
                if (r != result.Rating) problems.Add($"rating {result.Rating}, published {f.PublishedSeverity}");
            }

            if (problems.Count == 0) agreed++;
            else disagreements.Add($"{f.File}: '{f.Vector}': {string.Join("; ", problems)}");
        }

        var parsed = found.Count - parseFailures.Count;
        var mix = string.Join(", ", versions.OrderBy(v => v.Key).Select(v => $"{CvssScore.VersionName(v.Key)}: {v.Value}"));
        ConformanceReport.Record("CVSS vectors in OSV records parse", parsed, found.Count, $"(versions {mix})");
        ConformanceReport.Record("CVSS scores agree with published score/severity", agreed, published,
            string.Create(CultureInfo.InvariantCulture, $"({scores} published scores, {severities} published severities)"));
        output.WriteLine($"{parsed}/{found.Count} vectors parse ({mix}); {agreed}/{published} agree with what is published beside them");
        foreach (var line in parseFailures.Concat(disagreements)) output.WriteLine(line);

        Assert.True(found.Count >= 25, $"only {found.Count} vectors found under {DataDir}");
        Assert.True(published >= 8, $"only {published} vectors have a published score or severity");
        Assert.True(parseFailures.Count == 0, "vectors that do not parse:\n" + string.Join("\n", parseFailures));
        Assert.True(disagreements.Count == 0, "disagreements:\n" + string.Join("\n", disagreements));
    }
}
