namespace Palisade.Vulnerabilities.Database;

/// <summary>
/// The lock one import or update holds on a database: <c>DB.lock</c> beside it, opened exclusively (the operating
/// system drops the lock when the process dies, so a killed import never blocks the next). Whoever holds it removes
/// the aside files (<c>DB.import-*</c>) a killed import left behind.
/// </summary>
internal sealed class DatabaseLock : IDisposable
{
    private readonly FileStream _file;

    private DatabaseLock(FileStream file) => _file = file;

    /// <summary>Takes the lock and removes stale aside files.</summary>
    /// <exception cref="DatabaseImportException">Another import or update holds the lock.</exception>
    public static DatabaseLock Acquire(string databasePath)
    {
        var directory = Path.GetDirectoryName(databasePath)!;
        Directory.CreateDirectory(directory);
        FileStream file;
        try
        {
            file = new FileStream(databasePath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new DatabaseImportException($"{databasePath}: another import or update is running (cannot lock {databasePath}.lock: {e.Message})", e);
        }
        var held = new DatabaseLock(file);
        foreach (var stale in Directory.EnumerateFiles(directory, Path.GetFileName(databasePath) + AsideMarker + "*"))
        {
            try
            {
                File.Delete(stale);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the next import; it never reads these files.
            }
        }
        return held;
    }

    /// <summary>What aside file names have after the database's name.</summary>
    public const string AsideMarker = ".import-";

    /// <summary>A new aside file name for the database, with <paramref name="suffix"/> (".tmp", ".Debian.zip").</summary>
    public static string AsidePath(string databasePath, string suffix) =>
        databasePath + AsideMarker + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8] + suffix;

    public void Dispose() => _file.Dispose();
}
