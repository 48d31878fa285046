namespace Palisade.Images.Catalogers;

/// <summary>
/// A package database that cannot be read or understood (corrupt, binary, over a size limit). The message names the file
/// and, when known, the line; callers report it as a finding about the scan rather than a crash.
/// </summary>
public sealed class CatalogerException : Exception
{
    public CatalogerException()
    {
    }

    public CatalogerException(string message) : base(message)
    {
    }

    public CatalogerException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public CatalogerException(string message, string? path, int? line = null, Exception? innerException = null)
        : base(Describe(message, path, line), innerException)
    {
        Path = path;
        Line = line;
    }

    /// <summary>The database file at fault (normalised, relative to the scanned root), when known.</summary>
    public string? Path { get; }

    /// <summary>The 1-based line at fault, when known.</summary>
    public int? Line { get; }

    private static string Describe(string message, string? path, int? line) =>
        path is null ? message : line is null ? $"{path}: {message}" : FormattableString.Invariant($"{path}:{line}: {message}");
}
