namespace Palisade.Policy.Variables;

/// <summary>
/// A variable that cannot be resolved: a JMESPath syntax error, a key that does not exist (Kyverno's
/// <c>Unknown key "x" in path</c>), a JMESPath function error, or a substitution that does not terminate.
/// The message names the variable and, for substitution in a document, the path of the field.
/// </summary>
public class VariableException : Exception
{
    /// <summary>Creates an exception.</summary>
    public VariableException(string message, string? variable = null, string? path = null, bool notFound = false, Exception? inner = null)
        : base(message, inner)
    {
        Variable = variable;
        Path = path;
        NotFound = notFound;
    }

    /// <summary>The variable's JMESPath text, when the error is about one variable.</summary>
    public string? Variable { get; }

    /// <summary>The JSON pointer of the field being substituted (<c>/spec/containers/0/image</c>), when known.</summary>
    public string? Path { get; }

    /// <summary>Whether the variable failed because a key it names does not exist.</summary>
    public bool NotFound { get; }
}

/// <summary>An error raised by one of Kyverno's JMESPath functions (the message starts with <c>JMESPath function 'name':</c>).</summary>
public sealed class JmesPathFunctionException(string function, string message, Exception? inner = null)
    : Exception($"JMESPath function '{function}': {message}", inner)
{
    /// <summary>The function that failed.</summary>
    public string Function { get; } = function;
}
