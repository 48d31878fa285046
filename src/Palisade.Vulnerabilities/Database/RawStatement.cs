using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Palisade.Vulnerabilities.Database;

/// <summary>
/// A prepared SQLite statement driven through SQLitePCL directly, for the import's and the lookups' hot paths (binding
/// by index, no per-call ADO.NET parameter lookups or copies). Runs on the connection's own handle, so inside its
/// transaction.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    /// <summary>Binds text (null as SQL NULL) to the 1-based parameter <paramref name="index"/>.</summary>
    public RawStatement Text(int index, string? value)
    {
        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text(_statement, index, value));
        return this;
    }

    public RawStatement Int(int index, long value)
    {
        Check(raw.sqlite3_bind_int64(_statement, index, value));
        return this;
    }

    public RawStatement Blob(int index, ReadOnlySpan<byte> value)
    {
        Check(raw.sqlite3_bind_blob(_statement, index, value));
        return this;
    }

    /// <summary>Runs the statement to completion and resets it for the next use.</summary>
    public void Run()
    {
        var rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW) Check(rc);
    }

    /// <summary>Steps a query: true with a row to read (<see cref="ColumnBlob"/>, <see cref="ColumnText"/>), false when done (and reset for the next use).</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW) return true;
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE) Check(rc);
        return false;
    }

    /// <summary>The bytes of a column of the current row (valid until the next step).</summary>
    public ReadOnlySpan<byte> ColumnBlob(int index) => raw.sqlite3_column_blob(_statement, index);

    /// <summary>The text of a column of the current row.</summary>
    public string ColumnText(int index) => System.Text.Encoding.UTF8.GetString(raw.sqlite3_column_blob(_statement, index));

    /// <summary>Abandons the rows not read yet, for the next use.</summary>
    public void Reset() => raw.sqlite3_reset(_statement);

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Dispose() => _statement.Dispose();
}
