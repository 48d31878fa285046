namespace Palisade.Secrets.Toml;

/// <summary>Entry point of the TOML v1.0.0 reader.</summary>
public static class TomlDocument
{
    /// <summary>
    /// How deeply tables and arrays may nest (counting header key parts, dotted key parts, arrays and inline tables):
    /// deeper documents are rejected with a <see cref="TomlParseException"/> rather than risking the stack.
    /// </summary>
    public const int MaxNestingDepth = 128;

    /// <summary>
    /// Parses a TOML v1.0.0 document into its root table. Any invalid input raises <see cref="TomlParseException"/>
    /// (with line and column) and nothing else. Runs in time linear in the input's length.
    /// </summary>
    public static TomlTable Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TomlParser(text).ParseDocument();
    }
}
