namespace Palisade.Secrets.Toml;

/// <summary>Entry point of the TOML v1.0.0 reader.</summary>
/// <remarks>
/// <para>Choices where the spec leaves room, or where .NET cannot represent a value:</para>
/// <list type="bullet">
/// <item>The input is a .NET string: decoding bytes (and rejecting invalid UTF-8) is the caller's job; unpaired
/// surrogates in strings and comments are rejected; a leading U+FEFF byte order mark is skipped.</item>
/// <item>Newlines inside multi-line strings are read as LF, whether written LF or CRLF.</item>
/// <item>Integers must fit in 64 bits (others are errors, as the spec allows); floats too large for a double become infinity.</item>
/// <item>Date-times keep their raw text; a leap second (<c>:60</c>) or year 0 is accepted, with the parts .NET cannot hold left null.</item>
/// <item>TOML 1.1 additions (<c>\e</c> and <c>\xHH</c> escapes, newlines and trailing commas in inline tables,
/// times without seconds) are errors, as TOML 1.0 requires.</item>
/// <item>Reading only: there is no writer, and values carry no source positions.</item>
/// </list>
/// </remarks>
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
