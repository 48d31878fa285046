namespace Palisade.Secrets.Toml;

/// <summary>The text is not valid TOML v1.0.0. <see cref="Exception.Message"/> reads "line 12, column 5: expected '=' after key".</summary>
public sealed class TomlParseException : Exception
{
    /// <summary>An error at a 1-based line and column.</summary>
    public TomlParseException(string reason, int line, int column)
        : base($"line {line}, column {column}: {reason}")
    {
        Reason = reason;
        Line = line;
        Column = column;
    }

    /// <summary>An error without a position.</summary>
    public TomlParseException()
        : this("invalid TOML", 1, 1)
    {
    }

    /// <summary>An error without a position.</summary>
    public TomlParseException(string message)
        : this(message, 1, 1)
    {
    }

    /// <summary>An error without a position, wrapping another.</summary>
    public TomlParseException(string message, Exception innerException)
        : base($"line 1, column 1: {message}", innerException)
    {
        Reason = message;
        Line = 1;
        Column = 1;
    }

    /// <summary>The 1-based line of the error.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the error, in UTF-16 code units (a tab counts as one).</summary>
    public int Column { get; }

    /// <summary>The message without the position prefix.</summary>
    public string Reason { get; } = "";
}

/// <summary>A typed getter of <see cref="TomlTable"/> found a value of another type.</summary>
public sealed class TomlTypeException : Exception
{
    /// <summary>Key <paramref name="key"/> holds a <paramref name="actual"/> where a <paramref name="expected"/> was expected.</summary>
    public TomlTypeException(string key, string expected, string actual)
        : base($"TOML key '{key}' is {TomlValue.WithArticle(actual)}, expected {TomlValue.WithArticle(expected)}")
    {
        Key = key;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>A type error without details.</summary>
    public TomlTypeException()
        : this("", "value", "value")
    {
    }

    /// <summary>A type error with a message only.</summary>
    public TomlTypeException(string message)
        : base(message)
    {
    }

    /// <summary>A type error with a message, wrapping another.</summary>
    public TomlTypeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The key looked up.</summary>
    public string Key { get; } = "";

    /// <summary>The type asked for.</summary>
    public string Expected { get; } = "";

    /// <summary>The type found.</summary>
    public string Actual { get; } = "";
}
