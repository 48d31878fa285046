using System.Text.Json;
using Palisade.Core.Findings;
using Palisade.Vulnerabilities.Cvss;
using Palisade.Vulnerabilities.Osv;

namespace Palisade.Vulnerabilities.Matching;

/// <summary>The best score of one CVSS version in a severity list: the score, its rating, "CVSS:3.1" and the vector.</summary>
internal sealed record CvssFact(double Score, Severity Severity, string Source, string Vector);

/// <summary>
/// The severity evidence of a record (its top-level <c>severity</c> and <c>database_specific</c>) or of one affected
/// entry (its <c>severity</c>, <c>ecosystem_specific</c> and <c>database_specific</c>), reduced to what
/// <see cref="VulnerabilityMatcher"/> weighs: per CVSS version the highest score (the first of equal ones), the first
/// Ubuntu priority, and the database's own rating (a <c>severity</c> word in a <c>*_specific</c> object).
/// </summary>
internal sealed record SeverityFacts(CvssFact? V3, CvssFact? V4, CvssFact? V2, Severity? Ubuntu, Severity? Rated)
{
    /// <summary>No evidence (an affected entry's place when a record is used without one).</summary>
    public static SeverityFacts None { get; } = new(null, null, null, null, null);

    /// <summary>The facts of a severity list and the <c>*_specific</c> objects that may rate it (the first rating wins).</summary>
    public static SeverityFacts From(IReadOnlyList<OsvSeverity> severity, string? specific, string? secondSpecific = null)
    {
        CvssFact? v3 = null, v4 = null, v2 = null;
        Severity? ubuntu = null;
        foreach (var s in severity)
        {
            switch (s.Type)
            {
                case OsvSeverity.CvssV3:
                    v3 = Higher(v3, s);
                    break;
                case OsvSeverity.CvssV4:
                    v4 = Higher(v4, s);
                    break;
                case OsvSeverity.CvssV2:
                    v2 = Higher(v2, s);
                    break;
                case OsvSeverity.Ubuntu:
                    ubuntu ??= Rating(s.Score);
                    break;
            }
        }
        var rated = RatingIn(specific) ?? RatingIn(secondSpecific);
        return v3 is null && v4 is null && v2 is null && ubuntu is null && rated is null ? None : new SeverityFacts(v3, v4, v2, ubuntu, rated);
    }

    /// <summary>This version's fact of a rank: 0 v3.x, 1 v4.0, 2 v2.</summary>
    public CvssFact? Rank(int rank) => rank switch
    {
        0 => V3,
        1 => V4,
        _ => V2,
    };

    /// <summary>The higher of two facts; the first when equal (or when the second is none).</summary>
    public static CvssFact? Higher(CvssFact? first, CvssFact? second) => second is not null && (first is null || second.Score > first.Score) ? second : first;

    private static CvssFact? Higher(CvssFact? best, OsvSeverity s) =>
        CvssScore.TryCalculateOsv(s.Type, s.Score, out var result)
            ? Higher(best, new CvssFact(result.BaseScore, result.Severity, "CVSS:" + CvssScore.VersionName(result.Version), s.Score))
            : best;

    /// <summary>The rating a <c>*_specific</c> object gives as its <c>severity</c> string, or null.</summary>
    private static Severity? RatingIn(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("severity", out var s) && s.ValueKind == JsonValueKind.String
                ? Rating(s.GetString()!)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>GHSA (CRITICAL, HIGH, MODERATE, LOW), Ubuntu (critical, high, medium, low, negligible) and similar words.</summary>
    private static Severity? Rating(string text) => text.Trim().ToUpperInvariant() switch
    {
        "CRITICAL" => Severity.Critical,
        "HIGH" or "IMPORTANT" => Severity.High,
        "MODERATE" or "MEDIUM" => Severity.Medium,
        "LOW" => Severity.Low,
        "NEGLIGIBLE" or "UNIMPORTANT" or "NONE" => Severity.Info,
        _ => null,
    };
}

/// <summary>A link a finding lists, with the rank it sorts by (0 ADVISORY, 1 WEB, 2 the rest).</summary>
internal readonly record struct RankedReference(int Rank, string Url);

/// <summary>
/// What a finding reports of one advisory, without its affected entries: id, aliases, whether it is withdrawn, the
/// texts its title comes from, its first references and its severity evidence. Stored per advisory at import, so a
/// match never reads whole records.
/// </summary>
internal sealed record AdvisoryBrief(
    string Id,
    IReadOnlyList<string> Aliases,
    bool Withdrawn,
    string? Summary,
    string? DetailsLine,
    IReadOnlyList<RankedReference> References,
    SeverityFacts Severity)
{
    /// <summary>The most references a finding lists (and so the most one advisory can contribute).</summary>
    public const int MaxReferences = 5;

    /// <summary>The brief of a record.</summary>
    public static AdvisoryBrief Of(OsvRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var summary = string.IsNullOrWhiteSpace(record.Summary) ? null : record.Summary.Trim();
        string? line = null;
        // The details only title a finding when no advisory of it has a summary: with one of its own, never.
        if (summary is null && !string.IsNullOrWhiteSpace(record.Details))
        {
            var text = record.Details.AsSpan().Trim();
            var end = text.IndexOf('\n');
            var first = (end < 0 ? text : text[..end]).Trim();
            line = first.Length <= 120 ? first.ToString() : string.Concat(first[..117], "...");
        }
        var references = new RankedReference[record.References.Count];
        for (var i = 0; i < references.Length; i++) references[i] = new RankedReference(RankOf(record.References[i].Type), record.References[i].Url);
        return new AdvisoryBrief(record.Id, record.Aliases, record.IsWithdrawn, summary, line, TopReferences(references), SeverityFacts.From(record.Severity, record.DatabaseSpecific));
    }

    /// <summary>
    /// The references a finding lists: ADVISORY links first, then WEB, then the rest (in the order written within a
    /// rank), each URL once, at most <see cref="MaxReferences"/>. Over one advisory's references or over the first
    /// references of several advisories in turn, the result is the same.
    /// </summary>
    public static IReadOnlyList<RankedReference> TopReferences(IReadOnlyList<RankedReference> references)
    {
        var top = new List<RankedReference>(Math.Min(MaxReferences, references.Count));
        for (var rank = 0; rank <= LastRank && top.Count < MaxReferences; rank++)
        {
            foreach (var r in references)
            {
                if (r.Rank != rank || Listed(top, r.Url)) continue;
                top.Add(r);
                if (top.Count == MaxReferences) break;
            }
        }
        return top;
    }

    private static bool Listed(List<RankedReference> top, string url)
    {
        foreach (var t in top)
            if (t.Url == url) return true;
        return false;
    }

    /// <summary>The title of a finding: the first summary, else the first line of the first details (120 characters at most).</summary>
    public static string TitleOf(IEnumerable<AdvisoryBrief> briefs)
    {
        var list = briefs as IReadOnlyList<AdvisoryBrief> ?? briefs.ToList();
        return list.Select(b => b.Summary).FirstOrDefault(s => s is not null) ?? list.Select(b => b.DetailsLine).FirstOrDefault(d => d is not null) ?? "";
    }

    /// <summary>The rank of the references that are neither ADVISORY nor WEB.</summary>
    public const int LastRank = 2;

    private static int RankOf(string type) => type == "ADVISORY" ? 0 : type == "WEB" ? 1 : LastRank;
}

/// <summary>A SEMVER or ECOSYSTEM range of an affected entry (GIT ranges name commits, not versions, and are not kept).</summary>
internal sealed record EntryRange(bool Semver, IReadOnlyList<RangeEvent> Events);

/// <summary>One affected entry of an advisory as matching reads it: its listed versions, its version ranges, its severity evidence.</summary>
internal sealed record AffectedEntry(IReadOnlyList<string> Versions, IReadOnlyList<EntryRange> Ranges, SeverityFacts Severity)
{
    /// <summary>The entry as matching reads it.</summary>
    public static AffectedEntry Of(OsvAffected affected)
    {
        ArgumentNullException.ThrowIfNull(affected);
        var ranges = new List<EntryRange>(affected.Ranges.Count);
        foreach (var range in affected.Ranges)
        {
            if (range.Type is not (OsvRange.Semver or OsvRange.Ecosystem)) continue;
            var events = new RangeEvent[range.Events.Count];
            for (var i = 0; i < events.Length; i++)
            {
                var e = range.Events[i];
                events[i] = new RangeEvent(e.Kind switch
                {
                    OsvEventKind.Introduced => RangeEventKind.Introduced,
                    OsvEventKind.Fixed => RangeEventKind.Fixed,
                    OsvEventKind.LastAffected => RangeEventKind.LastAffected,
                    _ => RangeEventKind.Limit,
                }, e.Version);
            }
            ranges.Add(new EntryRange(range.Type == OsvRange.Semver, events));
        }
        return new AffectedEntry(affected.Versions, ranges, SeverityFacts.From(affected.Severity, affected.EcosystemSpecific, affected.DatabaseSpecific));
    }

    /// <summary>
    /// The entries of a record about one package: those whose ecosystem is <paramref name="ecosystem"/> (ignoring case)
    /// and whose name normalises to <paramref name="normalizedName"/>, in the order written.
    /// </summary>
    public static List<AffectedEntry> For(OsvRecord record, string ecosystem, string normalizedName)
    {
        var entries = new List<AffectedEntry>(1);
        foreach (var affected in record.Affected)
        {
            if (affected.Package is not { } p || !string.Equals(p.Ecosystem, ecosystem, StringComparison.OrdinalIgnoreCase) ||
                PackageNames.Normalize(ecosystem, p.Name) != normalizedName)
                continue;
            entries.Add(Of(affected));
        }
        return entries;
    }
}

/// <summary>
/// An advisory that may lend its severity to a vulnerability found through another advisory: its id and its own
/// severity evidence (an advisory without any lends nothing).
/// </summary>
internal sealed record RatedAdvisory(string Id, SeverityFacts Severity);

/// <summary>An advisory filed for a looked-up package, with its entries about that package.</summary>
internal sealed record MatchCandidate(AdvisoryBrief Advisory, IReadOnlyList<AffectedEntry> Entries);
