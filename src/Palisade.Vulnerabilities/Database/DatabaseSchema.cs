namespace Palisade.Vulnerabilities.Database;

/// <summary>
/// The SQLite schema. <c>affected</c> is a WITHOUT ROWID table whose primary key (ecosystem base, normalised name,
/// ecosystem as written, record) is the covering index of lookups: finding the advisories of a package is one seek
/// and a short range scan, then a rowid fetch of each record. Beside each record's compressed JSON, <c>matching</c>
/// holds what matching reads of it in a compact form (<see cref="MatchBlob"/>): its <c>brief</c> (what a finding
/// reports) and its affected <c>entries</c> per package; <c>rated</c> holds the severity of the records that rate
/// their vulnerability themselves, by id and by alias (where a finding without a severity of its own borrows one).
/// Matching so never decompresses or parses a record.
/// </summary>
internal static class DatabaseSchema
{
    /// <summary>
    /// The schema version this code reads and writes (meta key <c>schema_version</c>). 1: records and lookup rows only;
    /// 2: <c>matching</c> and <c>rated</c> (matching's compact data), which replace the <c>summary</c>,
    /// <c>aliases</c> and <c>severity</c> columns of <c>vulnerabilities</c>.
    /// </summary>
    public const int Version = 2;

    public const string Create = """
        CREATE TABLE meta(
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE sources(
          source TEXT PRIMARY KEY,
          imported TEXT NOT NULL,
          records INTEGER NOT NULL,
          errors INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE ecosystems(
          ecosystem TEXT PRIMARY KEY,
          records INTEGER NOT NULL,
          withdrawn INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE vulnerabilities(
          vid INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          modified TEXT,
          published TEXT,
          withdrawn TEXT,
          lint TEXT,
          record BLOB NOT NULL
        );
        CREATE TABLE matching(
          vid INTEGER PRIMARY KEY,
          id TEXT NOT NULL,
          brief BLOB NOT NULL,
          entries BLOB NOT NULL
        );
        CREATE TABLE affected(
          base TEXT NOT NULL,
          name TEXT NOT NULL,
          ecosystem TEXT NOT NULL,
          vid INTEGER NOT NULL,
          PRIMARY KEY(base, name, ecosystem, vid)
        ) WITHOUT ROWID;
        CREATE TABLE rated(
          alias TEXT NOT NULL,
          id TEXT NOT NULL,
          severity BLOB NOT NULL,
          PRIMARY KEY(alias, id)
        ) WITHOUT ROWID;
        CREATE TABLE aliases(
          alias TEXT NOT NULL,
          vid INTEGER NOT NULL,
          PRIMARY KEY(alias, vid)
        ) WITHOUT ROWID;
        """;
}
