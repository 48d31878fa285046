namespace Palisade.Vulnerabilities.Database;

/// <summary>Where the vulnerability database lives by default.</summary>
public static class DatabasePaths
{
    /// <summary>The database's file name.</summary>
    public const string FileName = "palisade.db";

    /// <summary>
    /// The default database: <c>$XDG_CACHE_HOME/palisade/db/palisade.db</c>, or <c>~/.cache/palisade/db/palisade.db</c>
    /// when XDG_CACHE_HOME is not set.
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither XDG_CACHE_HOME nor a home directory is known.</exception>
    public static string Default()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg)) return Path.Combine(xdg, "palisade", "db", FileName);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (string.IsNullOrEmpty(home)) throw new InvalidOperationException("no home directory and no XDG_CACHE_HOME: give the database path explicitly");
        return Path.Combine(home, ".cache", "palisade", "db", FileName);
    }
}
