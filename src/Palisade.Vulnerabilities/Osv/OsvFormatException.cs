namespace Palisade.Vulnerabilities.Osv;

/// <summary>An OSV record that cannot be read: malformed JSON or YAML, a missing id, a field of the wrong type, over a limit.</summary>
public sealed class OsvFormatException : FormatException
{
    public OsvFormatException(string source, string problem)
        : base($"{source}: {problem}")
    {
        Origin = source;
        Problem = problem;
    }

    public OsvFormatException(string source, string problem, Exception inner)
        : base($"{source}: {problem}", inner)
    {
        Origin = source;
        Problem = problem;
    }

    /// <summary>Where the record came from (a file, <c>archive.zip!entry.json</c>, ...).</summary>
    public string Origin { get; }

    /// <summary>What is wrong, without the source.</summary>
    public string Problem { get; }
}

/// <summary>Bounds on what a reader accepts, so hostile input cannot exhaust memory or the stack.</summary>
public sealed record OsvReadLimits
{
    /// <summary>The default: 16 MiB per record, 64 levels of nesting, 1,000,000 YAML nodes after alias expansion.</summary>
    public static OsvReadLimits Default { get; } = new();

    /// <summary>The largest record accepted, in bytes (of the file, and of the JSON a YAML record turns into).</summary>
    public int MaxRecordBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>The deepest nesting of objects and arrays accepted.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>The most YAML nodes a record may have once aliases are expanded (bounds alias bombs).</summary>
    public long MaxYamlNodes { get; init; } = 1_000_000;
}
