namespace Palisade.Kubernetes.Yaml;

/// <summary>A document that cannot be read: syntax errors, alias bombs, duplicate keys, too deep nesting.</summary>
public sealed class DocumentException(string message, int line, int column) : Exception(message)
{
    public int Line { get; } = line;
    public int Column { get; } = column;
}

/// <summary>Bounds that keep hostile input from exhausting memory or the stack.</summary>
public sealed record DocumentLimits
{
    public static DocumentLimits Default { get; } = new();

    /// <summary>Deepest nesting of mappings and sequences accepted.</summary>
    public int MaxDepth { get; init; } = 256;

    /// <summary>
    /// Most nodes a document may expand to through aliases. Documents without aliases are bounded by their
    /// size alone; this only stops alias expansion ("billion laughs").
    /// </summary>
    public long MaxExpandedNodes { get; init; } = 1_000_000;
}
