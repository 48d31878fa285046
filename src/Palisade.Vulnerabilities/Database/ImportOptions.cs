using System.Globalization;
using Palisade.Vulnerabilities.Osv;

namespace Palisade.Vulnerabilities.Database;

/// <summary>Something to import: a record file (.json, .yaml, .yml), a directory of them, or a zip of them (OSV's all.zip).</summary>
/// <param name="Path">The file or directory.</param>
/// <param name="Label">What the database records as the source (a download's URL); the full path when null.</param>
public sealed record ImportSource(string Path, string? Label = null);

/// <summary>How an import reads its input and what it accepts.</summary>
public sealed record ImportOptions
{
    /// <summary>Limits on each record (size, nesting, YAML nodes); a zip entry is bounded by the same record size.</summary>
    public OsvReadLimits Limits { get; init; } = OsvReadLimits.Default;

    /// <summary>The most entries a zip may have (2,000,000 by default).</summary>
    public int MaxArchiveEntries { get; init; } = 2_000_000;

    /// <summary>The most uncompressed bytes all zips of one import may hold together (16 GiB by default).</summary>
    public long MaxArchiveBytes { get; init; } = 16L * 1024 * 1024 * 1024;

    /// <summary>Skip records with lint errors (<see cref="OsvLinter"/>) instead of storing them flagged.</summary>
    public bool RejectLintErrors { get; init; }

    /// <summary>Start from an empty database instead of merging into the existing one.</summary>
    public bool Fresh { get; init; }

    /// <summary>
    /// How far parsing may run ahead of the database writer: twice this many batches are in flight on the thread pool
    /// (the calling thread lists the input and writes the database). Default: the processor count.
    /// </summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>How many errors <see cref="ImportResult.Errors"/> keeps (all are counted).</summary>
    public int MaxErrorsKept { get; init; } = 1000;

    /// <summary>Called now and then with the records processed so far; on the importing thread.</summary>
    public Action<ImportProgress>? Progress { get; init; }
}

/// <summary>Progress of an import: records processed so far, and the input being read.</summary>
public sealed record ImportProgress(long Records, string Source);

/// <summary>A record that could not be imported: where it came from and why.</summary>
public sealed record ImportError(string Source, string Reason)
{
    public override string ToString() => $"{Source}: {Reason}";
}

/// <summary>A record stored with lint errors (see <see cref="OsvLinter"/>), and marked so in the database.</summary>
public sealed record FlaggedRecord(string Source, string Id, IReadOnlyList<OsvLintIssue> Issues);

/// <summary>What an import did, and how fast.</summary>
public sealed record ImportStatistics
{
    /// <summary>Record files and archive entries read (valid or not).</summary>
    public long Read { get; init; }

    /// <summary>Records that could be read.</summary>
    public long Valid { get; init; }

    /// <summary>New ids stored.</summary>
    public long Inserted { get; init; }

    /// <summary>Stored ids replaced by a record with a later <c>modified</c>.</summary>
    public long Updated { get; init; }

    /// <summary>Records not stored because the database already has that id with the same or a later <c>modified</c>.</summary>
    public long NotNewer { get; init; }

    /// <summary>Records that could not be read (see <see cref="ImportResult.Errors"/>).</summary>
    public long Invalid { get; init; }

    /// <summary>Records stored (new or updated) with lint errors.</summary>
    public long Flagged { get; init; }

    /// <summary>Valid records that are withdrawn (stored, marked withdrawn).</summary>
    public long Withdrawn { get; init; }

    /// <summary>Advisories in the database after the import.</summary>
    public long TotalInDatabase { get; init; }

    /// <summary>Wall time of the whole import, reading through the swap.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Valid records per second of <see cref="Elapsed"/>.</summary>
    public double AdvisoriesPerSecond => Elapsed.TotalSeconds > 0 ? Valid / Elapsed.TotalSeconds : 0;

    /// <summary>One line for people: counts and rate.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Valid} advisories read ({Inserted} new, {Updated} updated, {NotNewer} not newer, {Withdrawn} withdrawn, {Flagged} flagged), " +
        $"{Invalid} invalid, in {Elapsed.TotalSeconds:F2} s ({AdvisoriesPerSecond:F0} advisories/s); {TotalInDatabase} in the database");
}

/// <summary>The outcome of a successful import.</summary>
public sealed record ImportResult(string DatabasePath, ImportStatistics Statistics, IReadOnlyList<ImportError> Errors, IReadOnlyList<FlaggedRecord> Flagged)
{
    /// <summary>
    /// When the database had an older schema version (written by an older Palisade): that version. Such a database
    /// cannot be merged into; it was rebuilt from this import's input alone.
    /// </summary>
    public int? RebuiltFromSchema { get; init; }
}
