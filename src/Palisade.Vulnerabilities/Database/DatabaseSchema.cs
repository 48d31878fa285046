namespace Palisade.Vulnerabilities.Database;

/// <summary>
/// The SQLite schema. <c>affected</c> is a WITHOUT ROWID table whose primary key (ecosystem base, normalised name,
/// ecosystem as written, record) is the covering index of lookups: finding the advisories of a package is one seek
/// and a short range scan, then a rowid fetch of each record.
/// </summary>
internal static class DatabaseSchema
{
    /// <summary>The schema version this code reads and writes (meta key <c>schema_version</c>).</summary>
    public const int Version = 1;

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
          summary TEXT,
          aliases TEXT,
          severity TEXT,
          lint TEXT,
          record BLOB NOT NULL
        );
        CREATE TABLE affected(
          base TEXT NOT NULL,
          name TEXT NOT NULL,
          ecosystem TEXT NOT NULL,
          vid INTEGER NOT NULL,
          PRIMARY KEY(base, name, ecosystem, vid)
        ) WITHOUT ROWID;
        CREATE TABLE aliases(
          alias TEXT NOT NULL,
          vid INTEGER NOT NULL,
          PRIMARY KEY(alias, vid)
        ) WITHOUT ROWID;
        """;
}
