namespace Palisade.Vulnerabilities.Database;

/// <summary>The vulnerability database cannot be used: not a Palisade database, another schema version, damaged.</summary>
public class VulnerabilityDatabaseException : Exception
{
    public VulnerabilityDatabaseException(string message) : base(message) { }

    public VulnerabilityDatabaseException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>There is no database at the path yet (import or update first).</summary>
public sealed class DatabaseMissingException(string path)
    : VulnerabilityDatabaseException($"no vulnerability database at {path}: run 'palisade db update' or 'palisade db import PATH' first")
{
    /// <summary>The path that has no database.</summary>
    public string DatabasePath { get; } = path;
}

/// <summary>
/// An import (or update) that could not finish: unreadable or corrupt input, an archive over a limit, no valid record
/// at all, another import holding the lock, a failed download. The previous database is left as it was.
/// </summary>
public sealed class DatabaseImportException : Exception
{
    public DatabaseImportException(string message) : base(message) { }

    public DatabaseImportException(string message, Exception inner) : base(message, inner) { }
}
