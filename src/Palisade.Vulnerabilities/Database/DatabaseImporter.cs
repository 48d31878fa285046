using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Palisade.Core.Findings;
using Palisade.Vulnerabilities.Matching;
using Palisade.Vulnerabilities.Osv;

namespace Palisade.Vulnerabilities.Database;

/// <summary>
/// Imports OSV records into the SQLite database ATOMICALLY: the new database is built aside (a copy of the current
/// one when merging, else an empty one) in one transaction with journalling and syncing off, synced to disk, then
/// renamed over the database. An import that fails or is killed leaves the previous database as it was (the aside
/// file it leaves behind is removed by the next import). Of two records with the same id, the later
/// <c>modified</c> wins; withdrawn records are stored and marked. Records that cannot be read are skipped and listed;
/// the import fails only when no record at all was valid, or on input it cannot read (a corrupt zip, a limit). A
/// database of an older schema version cannot be merged into: it is rebuilt from the import's input alone.
/// </summary>
public static class DatabaseImporter
{
    /// <summary>Imports <paramref name="sources"/> into the database at <paramref name="databasePath"/> (created when missing).</summary>
    /// <exception cref="DatabaseImportException">The import could not finish; the database is unchanged.</exception>
    /// <exception cref="VulnerabilityDatabaseException">The existing file is not a Palisade database, or one of a newer schema.</exception>
    public static ImportResult Import(string databasePath, IReadOnlyList<ImportSource> sources, ImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(databasePath);
        ArgumentNullException.ThrowIfNull(sources);
        var path = Path.GetFullPath(databasePath);
        ImportInputs.Check(sources);
        using var held = DatabaseLock.Acquire(path);
        return ImportLocked(path, sources, options ?? new ImportOptions(), cancellationToken);
    }

    /// <summary>The import proper, with the database's lock held by the caller.</summary>
    internal static ImportResult ImportLocked(string path, IReadOnlyList<ImportSource> sources, ImportOptions options, CancellationToken cancellationToken)
    {
        ImportInputs.Check(sources);
        var clock = Stopwatch.StartNew();
        var aside = DatabaseLock.AsidePath(path, ".tmp");
        try
        {
            var merging = !options.Fresh && File.Exists(path);
            var older = merging ? OlderSchema(path) : null;
            if (older is not null) merging = false;
            if (merging) File.Copy(path, aside);
            Writer writer;
            using (var connection = VulnerabilityDatabase.OpenConnection(aside, readOnly: false))
            {
                Execute(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-262144;");
                if (merging) VulnerabilityDatabase.CheckSchema(connection, path);
                else Execute(connection, DatabaseSchema.Create);
                using var transaction = connection.BeginTransaction();
                writer = new Writer(connection, transaction, options, sources);
                try
                {
                    Run(sources, options, writer, cancellationToken);
                    if (writer.Valid == 0)
                        throw new DatabaseImportException(writer.Read == 0
                            ? "no OSV records found in the input (.json, .yaml or .yml files, or zips of them)"
                            : $"no valid OSV record in the input ({writer.Invalid} invalid; first: {writer.Errors[0]})");
                    writer.Finish();
                    transaction.Commit();
                }
                finally
                {
                    writer.Dispose();
                }
            }
            using (var file = new FileStream(aside, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) file.Flush(flushToDisk: true);
            File.Move(aside, path, overwrite: true);
            return writer.Result(path, clock.Elapsed) with { RebuiltFromSchema = older };
        }
        catch (SqliteException e)
        {
            TryDelete(aside);
            throw new DatabaseImportException($"{path}: the database could not be written: {e.Message}", e);
        }
        catch
        {
            TryDelete(aside);
            throw;
        }
    }

    /// <summary>
    /// The schema version of the Palisade database at <paramref name="path"/> when it is older than this code's, else
    /// null (this version, a newer one or not a Palisade database: the merge reports those).
    /// </summary>
    private static int? OlderSchema(string path)
    {
        try
        {
            using var connection = VulnerabilityDatabase.OpenConnection(path, readOnly: true);
            var version = VulnerabilityDatabase.SchemaVersion(connection, path);
            return version < DatabaseSchema.Version ? version : null;
        }
        catch (VulnerabilityDatabaseException)
        {
            return null;
        }
    }

    private static void Run(IReadOnlyList<ImportSource> sources, ImportOptions options, Writer writer, CancellationToken cancellationToken)
    {
        // The calling thread reads the input and writes the database; parsing runs on the thread pool, a few batches
        // ahead, and batches are written in input order (so ties between equal ids resolve the same way every time).
        var ahead = Math.Max(2, options.Parallelism * 2);
        var pending = new Queue<Task<ParsedItem[]>>();
        using var archives = new ArchiveReaders();
        try
        {
            foreach (var batch in ImportInputs.Read(sources, options, cancellationToken))
            {
                var items = batch;
                pending.Enqueue(Task.Run(() => Parse(items, options, archives), cancellationToken));
                while (pending.Count >= ahead) writer.Write(Await(pending.Dequeue()));
            }
            while (pending.Count > 0) writer.Write(Await(pending.Dequeue()));
        }
        finally
        {
            foreach (var task in pending)
            {
                try
                {
                    task.Wait(CancellationToken.None);
                }
                catch (AggregateException)
                {
                    // Failing anyway: the first error is the one reported.
                }
            }
        }
    }

    /// <summary>
    /// A task's result, blocking on its wait handle rather than spinning first: on a small machine the spinning
    /// takes the CPU the parsing threads need.
    /// </summary>
    private static T Await<T>(Task<T> task)
    {
        if (!task.IsCompleted) ((IAsyncResult)task).AsyncWaitHandle.WaitOne();
        return task.GetAwaiter().GetResult();
    }

    private static ParsedItem[] Parse(List<RawItem> items, ImportOptions options, ArchiveReaders archives)
    {
        var result = new ParsedItem[items.Count];
        for (var i = 0; i < items.Count; i++) result[i] = Parse(items[i], options, archives);
        return result;
    }

    private static ParsedItem Parse(RawItem item, ImportOptions options, ArchiveReaders archives)
    {
        if (item.Error is not null) return ParsedItem.Failed(item, item.Error);
        var data = item.Archive is null ? item.Data : archives.Read(item);
        if (data is null) return ParsedItem.Failed(item, "unreadable");
        try
        {
            ReadOnlySpan<byte> json = item.Archive is null ? data : data.AsSpan(0, (int)item.Length);
            OsvRecord record;
            if (item.Yaml)
            {
                json = OsvYamlReader.ToJson(json, item.Source, options.Limits);
                record = OsvJsonReader.Read(json, item.Source, options.Limits, lenient: true, light: true);
            }
            else
            {
                if (json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) json = json[3..];
                record = OsvJsonReader.Read(json, item.Source, options.Limits, lenient: false, light: true);
            }
            var lint = OsvLinter.Lint(record);
            var aliases = RecordKeys.Aliases(record);
            var errors = lint.Where(i => i.Level == OsvLintLevel.Error).ToList();
            if (errors.Count > 0 && options.RejectLintErrors)
                return ParsedItem.Failed(item, "rejected: " + string.Join("; ", errors));
            var blob = RecordBlob.Encode(json);
            var keys = RecordKeys.Affected(record);
            var brief = AdvisoryBrief.Of(record);
            // Only what the database's columns and lookup rows need is kept: the model itself is dropped here.
            return new ParsedItem
            {
                SourceIndex = item.SourceIndex,
                Source = item.Source,
                Id = record.Id,
                ModifiedTicks = record.Modified?.UtcTicks ?? long.MinValue,
                Modified = Time(record.Modified),
                Published = Time(record.Published),
                Withdrawn = Time(record.Withdrawn),
                Keys = keys,
                Entries = MatchBlob.EncodeEntries(record, keys),
                Brief = MatchBlob.Encode(brief),
                Rated = record.IsWithdrawn || brief.Severity == SeverityFacts.None ? null : MatchBlob.Encode(brief.Severity),
                Aliases = aliases,
                LintCodes = errors.Count == 0 ? null : string.Join(' ', errors.Select(i => i.Code).Distinct()),
                LintErrors = errors,
                Blob = blob,
            };
        }
        catch (OsvFormatException e)
        {
            return ParsedItem.Failed(item, e.Problem);
        }
        finally
        {
            if (item.Archive is not null) ArrayPool<byte>.Shared.Return(data);
        }
    }

    private static string? Time(DateTimeOffset? t) => t is { } v ? OsvJsonWriter.FormatTime(v) : null;

    internal static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The next import removes it.
        }
    }

    /// <summary>A parsed record ready to store, or why its input could not be read.</summary>
    private sealed class ParsedItem
    {
        public int SourceIndex { get; init; }
        public required string Source { get; init; }
        public string? Error { get; init; }
        public string? Id { get; init; }
        public long ModifiedTicks { get; init; }
        public string? Modified { get; init; }
        public string? Published { get; init; }
        public string? Withdrawn { get; init; }
        public string? LintCodes { get; init; }
        public RecordKeys.Key[] Keys { get; init; } = [];

        /// <summary>The record's affected entries per package (<see cref="MatchBlob"/>).</summary>
        public byte[] Entries { get; init; } = [];

        /// <summary>What a finding reports of the record (<see cref="MatchBlob"/>).</summary>
        public byte[] Brief { get; init; } = [];

        /// <summary>The record's own severity evidence when it has some and stands (<see cref="MatchBlob"/>), else null.</summary>
        public byte[]? Rated { get; init; }
        public string[] Aliases { get; init; } = [];
        public IReadOnlyList<OsvLintIssue> LintErrors { get; init; } = [];
        public byte[] Blob { get; init; } = [];

        public static ParsedItem Failed(RawItem item, string error) => new() { SourceIndex = item.SourceIndex, Source = item.Source, Error = error };
    }

    /// <summary>Writes parsed records into the aside database, in one transaction, with prepared commands.</summary>
    private sealed class Writer : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteTransaction _transaction;
        private readonly ImportOptions _options;
        private readonly IReadOnlyList<ImportSource> _sources;
        private readonly Dictionary<string, (long Vid, long Modified)> _existing = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (long Records, long Withdrawn)> _ecosystems = new(StringComparer.Ordinal);
        private readonly long[] _sourceRecords;
        private readonly long[] _sourceErrors;
        private readonly List<ImportError> _errors = [];
        private readonly List<FlaggedRecord> _flagged = [];
        private readonly RawStatement _insert, _update, _insertAffected, _deleteAffected, _insertAlias, _deleteAlias, _matching, _insertRated, _deleteRated;
        private readonly SqliteCommand _select;
        private long _nextVid = 1;
        private bool _recount;
        private long _lastProgress;

        public long Read { get; private set; }
        public long Valid { get; private set; }
        public long Invalid { get; private set; }
        public IReadOnlyList<ImportError> Errors => _errors;
        private long _inserted, _updated, _notNewer, _withdrawn;

        public Writer(SqliteConnection connection, SqliteTransaction transaction, ImportOptions options, IReadOnlyList<ImportSource> sources)
        {
            _connection = connection;
            _transaction = transaction;
            _options = options;
            _sources = sources;
            _sourceRecords = new long[sources.Count];
            _sourceErrors = new long[sources.Count];
            LoadExisting();
            // Parameters by position: ?1 vid, ?2 id, ?3 modified, ?4 published, ?5 withdrawn, ?6 lint, ?7 record.
            _insert = new RawStatement(connection, "INSERT INTO vulnerabilities(vid, id, modified, published, withdrawn, lint, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
            _update = new RawStatement(connection, "UPDATE vulnerabilities SET id=?2, modified=?3, published=?4, withdrawn=?5, lint=?6, record=?7 WHERE vid=?1");
            _insertAffected = new RawStatement(connection, "INSERT OR IGNORE INTO affected(base, name, ecosystem, vid) VALUES (?1, ?2, ?3, ?4)");
            _deleteAffected = new RawStatement(connection, "DELETE FROM affected WHERE base=?1 AND name=?2 AND ecosystem=?3 AND vid=?4");
            _insertAlias = new RawStatement(connection, "INSERT OR IGNORE INTO aliases(alias, vid) VALUES (?1, ?2)");
            _deleteAlias = new RawStatement(connection, "DELETE FROM aliases WHERE alias=?1 AND vid=?2");
            _matching = new RawStatement(connection, "INSERT OR REPLACE INTO matching(vid, id, brief, entries) VALUES (?1, ?2, ?3, ?4)");
            _insertRated = new RawStatement(connection, "INSERT OR REPLACE INTO rated(alias, id, severity) VALUES (?1, ?2, ?3)");
            _deleteRated = new RawStatement(connection, "DELETE FROM rated WHERE alias=?1 AND id=?2");
            _select = Prepare("SELECT id, record, withdrawn, lint FROM vulnerabilities WHERE vid=$vid", "$vid");
        }

        public void Dispose()
        {
            foreach (var c in (RawStatement[])[_insert, _update, _insertAffected, _deleteAffected, _insertAlias, _deleteAlias, _matching, _insertRated, _deleteRated]) c.Dispose();
            _select.Dispose();
        }

        private SqliteCommand Prepare(string sql, params string[] parameters)
        {
            var command = _connection.CreateCommand();
            command.Transaction = _transaction;
            command.CommandText = sql;
            foreach (var p in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = p });
            command.Prepare();
            return command;
        }

        private void LoadExisting()
        {
            using (var command = _connection.CreateCommand())
            {
                command.Transaction = _transaction;
                command.CommandText = "SELECT id, vid, modified FROM vulnerabilities";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var vid = reader.GetInt64(1);
                    _existing[reader.GetString(0)] = (vid, reader.IsDBNull(2) ? long.MinValue : ParseTime(reader.GetString(2)));
                    _nextVid = Math.Max(_nextVid, vid + 1);
                }
            }
            using (var command = _connection.CreateCommand())
            {
                command.Transaction = _transaction;
                command.CommandText = "SELECT key, value FROM meta WHERE key IN ('withdrawn', 'flagged')";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var n = long.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
                    if (reader.GetString(0) == "withdrawn") _totalWithdrawn = n;
                    else _totalFlagged = n;
                }
            }
            using (var command = _connection.CreateCommand())
            {
                command.Transaction = _transaction;
                command.CommandText = "SELECT ecosystem, records, withdrawn FROM ecosystems";
                using var reader = command.ExecuteReader();
                while (reader.Read()) _ecosystems[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
            }
        }

        private static long ParseTime(string s) =>
            DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t.UtcTicks : long.MinValue;

        public void Write(ParsedItem[] batch)
        {
            foreach (var item in batch)
            {
                Read++;
                if (item.Id is not { } id)
                {
                    Invalid++;
                    _sourceErrors[item.SourceIndex]++;
                    if (_errors.Count < _options.MaxErrorsKept) _errors.Add(new ImportError(item.Source, item.Error ?? "unreadable"));
                    continue;
                }
                Valid++;
                _sourceRecords[item.SourceIndex]++;
                var withdrawn = item.Withdrawn is not null;
                if (withdrawn) _withdrawn++;
                var modified = item.ModifiedTicks;
                long vid;
                if (_existing.TryGetValue(id, out var old))
                {
                    if (modified <= old.Modified)
                    {
                        _notNewer++;
                        continue;
                    }
                    vid = old.Vid;
                    Remove(vid);
                    Bind(_update, vid, item).Run();
                    _updated++;
                }
                else
                {
                    vid = _nextVid++;
                    Bind(_insert, vid, item).Run();
                    _inserted++;
                }
                _existing[id] = (vid, modified);
                if (item.LintErrors.Count > 0)
                {
                    _flaggedCount++;
                    if (_flagged.Count < _options.MaxErrorsKept) _flagged.Add(new FlaggedRecord(item.Source, id, item.LintErrors));
                }
                foreach (var key in item.Keys) _insertAffected.Text(1, key.Base).Text(2, key.Name).Text(3, key.Ecosystem).Int(4, vid).Run();
                _matching.Int(1, vid).Text(2, id).Blob(3, item.Brief).Blob(4, item.Entries).Run();
                if (item.Rated is { } rated) _insertRated.Text(1, id).Text(2, id).Blob(3, rated).Run();
                foreach (var alias in item.Aliases)
                {
                    _insertAlias.Text(1, alias).Int(2, vid).Run();
                    if (item.Rated is not null) _insertRated.Text(1, alias).Text(2, id).Blob(3, item.Rated).Run();
                }
                Count(item.Keys, withdrawn, +1);
                if (withdrawn) _totalWithdrawn++;
                if (item.LintErrors.Count > 0) _totalFlagged++;
            }
            if (_options.Progress is { } progress && Read - _lastProgress >= 1000 && batch.Length > 0)
            {
                _lastProgress = Read;
                progress(new ImportProgress(Read, batch[^1].Source));
            }
        }

        private long _flaggedCount, _totalWithdrawn, _totalFlagged;

        private static RawStatement Bind(RawStatement statement, long vid, ParsedItem item)
        {
            return statement.Int(1, vid).Text(2, item.Id).Text(3, item.Modified).Text(4, item.Published).Text(5, item.Withdrawn)
                .Text(6, item.LintCodes).Blob(7, item.Blob);
        }

        /// <summary>Removes the lookup rows of a stored record about to be replaced.</summary>
        private void Remove(long vid)
        {
            _select.Parameters[0].Value = vid;
            string id;
            byte[] blob;
            bool withdrawn;
            using (var reader = _select.ExecuteReader())
            {
                if (!reader.Read()) return;
                id = reader.GetString(0);
                blob = (byte[])reader.GetValue(1);
                withdrawn = !reader.IsDBNull(2);
                if (withdrawn) _totalWithdrawn--;
                if (!reader.IsDBNull(3)) _totalFlagged--;
            }
            OsvRecord old;
            try
            {
                old = OsvJsonReader.Read(RecordBlob.Decode(blob, id, _options.Limits.MaxRecordBytes), "database record " + id, _options.Limits, lenient: true);
            }
            catch (OsvFormatException)
            {
                // A damaged stored record: remove its rows the slow way, and count ecosystems again at the end.
                DatabaseImporter.Execute(_connection, "DELETE FROM affected WHERE vid=" + vid.ToString(CultureInfo.InvariantCulture) +
                    "; DELETE FROM aliases WHERE vid=" + vid.ToString(CultureInfo.InvariantCulture), _transaction);
                using (var rated = _connection.CreateCommand())
                {
                    rated.Transaction = _transaction;
                    rated.CommandText = "DELETE FROM rated WHERE id=$id";
                    rated.Parameters.AddWithValue("$id", id);
                    rated.ExecuteNonQuery();
                }
                _recount = true;
                return;
            }
            var keys = RecordKeys.Affected(old);
            foreach (var key in keys) _deleteAffected.Text(1, key.Base).Text(2, key.Name).Text(3, key.Ecosystem).Int(4, vid).Run();
            foreach (var alias in RecordKeys.Aliases(old))
            {
                _deleteAlias.Text(1, alias).Int(2, vid).Run();
                _deleteRated.Text(1, alias).Text(2, id).Run();
            }
            _deleteRated.Text(1, id).Text(2, id).Run();
            Count(keys, withdrawn, -1);
        }

        private void Count(RecordKeys.Key[] keys, bool withdrawn, int delta)
        {
            for (var i = 0; i < keys.Length; i++)
            {
                var key = keys[i].Base;
                var seen = false;
                for (var j = 0; j < i && !seen; j++) seen = keys[j].Base == key;
                if (seen) continue;
                _ecosystems.TryGetValue(key, out var c);
                _ecosystems[key] = (c.Records + delta, c.Withdrawn + (withdrawn ? delta : 0));
            }
        }

        /// <summary>Records the import in meta, sources and ecosystems.</summary>
        public void Finish()
        {
            var now = OsvJsonWriter.FormatTime(DateTimeOffset.UtcNow);
            using (var meta = _connection.CreateCommand())
            {
                meta.Transaction = _transaction;
                meta.CommandText = """
                    INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', $schema), ('last_update', $now), ('palisade_version', $version),
                      ('advisories', $advisories), ('withdrawn', $withdrawn), ('flagged', $flagged);
                    INSERT OR IGNORE INTO meta(key, value) VALUES ('created', $now);
                    """;
                meta.Parameters.AddWithValue("$schema", DatabaseSchema.Version.ToString(CultureInfo.InvariantCulture));
                meta.Parameters.AddWithValue("$now", now);
                meta.Parameters.AddWithValue("$version", PalisadeVersion.Current);
                meta.Parameters.AddWithValue("$advisories", _existing.Count.ToString(CultureInfo.InvariantCulture));
                meta.Parameters.AddWithValue("$withdrawn", _totalWithdrawn.ToString(CultureInfo.InvariantCulture));
                meta.Parameters.AddWithValue("$flagged", _totalFlagged.ToString(CultureInfo.InvariantCulture));
                meta.ExecuteNonQuery();
            }
            using (var source = _connection.CreateCommand())
            {
                source.Transaction = _transaction;
                source.CommandText = "INSERT OR REPLACE INTO sources(source, imported, records, errors) VALUES ($source, $now, $records, $errors)";
                var s = source.Parameters.Add(new SqliteParameter { ParameterName = "$source" });
                source.Parameters.AddWithValue("$now", now);
                var r = source.Parameters.Add(new SqliteParameter { ParameterName = "$records" });
                var e = source.Parameters.Add(new SqliteParameter { ParameterName = "$errors" });
                for (var i = 0; i < _sources.Count; i++)
                {
                    s.Value = _sources[i].Label ?? Path.GetFullPath(_sources[i].Path);
                    r.Value = _sourceRecords[i];
                    e.Value = _sourceErrors[i];
                    source.ExecuteNonQuery();
                }
            }
            DatabaseImporter.Execute(_connection, "DELETE FROM ecosystems", _transaction);
            if (_recount)
            {
                DatabaseImporter.Execute(_connection, """
                    INSERT OR REPLACE INTO meta(key, value)
                    SELECT 'withdrawn', CAST(COUNT(withdrawn) AS TEXT) FROM vulnerabilities
                    UNION ALL SELECT 'flagged', CAST(COUNT(lint) AS TEXT) FROM vulnerabilities
                    """, _transaction);
                DatabaseImporter.Execute(_connection, """
                    INSERT INTO ecosystems(ecosystem, records, withdrawn)
                    SELECT a.base, COUNT(DISTINCT a.vid), COUNT(DISTINCT CASE WHEN v.withdrawn IS NOT NULL THEN a.vid END)
                    FROM affected a JOIN vulnerabilities v ON v.vid = a.vid GROUP BY a.base
                    """, _transaction);
                return;
            }
            using var insert = _connection.CreateCommand();
            insert.Transaction = _transaction;
            insert.CommandText = "INSERT INTO ecosystems(ecosystem, records, withdrawn) VALUES ($e, $r, $w)";
            var pe = insert.Parameters.Add(new SqliteParameter { ParameterName = "$e" });
            var pr = insert.Parameters.Add(new SqliteParameter { ParameterName = "$r" });
            var pw = insert.Parameters.Add(new SqliteParameter { ParameterName = "$w" });
            foreach (var (ecosystem, (records, withdrawn)) in _ecosystems)
            {
                if (records <= 0) continue;
                pe.Value = ecosystem;
                pr.Value = records;
                pw.Value = withdrawn;
                insert.ExecuteNonQuery();
            }
        }

        public ImportResult Result(string path, TimeSpan elapsed) => new(path, new ImportStatistics
        {
            Read = Read,
            Valid = Valid,
            Inserted = _inserted,
            Updated = _updated,
            NotNewer = _notNewer,
            Invalid = Invalid,
            Flagged = _flaggedCount,
            Withdrawn = _withdrawn,
            TotalInDatabase = _existing.Count,
            Elapsed = elapsed,
        }, _errors, _flagged);
    }
}
