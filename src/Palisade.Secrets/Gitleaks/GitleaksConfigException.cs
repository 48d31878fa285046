namespace Palisade.Secrets.Gitleaks;

/// <summary>
/// A gitleaks configuration that cannot be used: not valid TOML, a value of the wrong type, a rule without an id or
/// without regex and path, an invalid regex, an unknown allowlist condition or regexTarget, a secretGroup the regex
/// does not have, a missing or cyclic <c>[extend]</c> path. The message names the file and, where there is one, the rule.
/// </summary>
public sealed class GitleaksConfigException : Exception
{
    public GitleaksConfigException()
        : base("invalid gitleaks configuration")
    {
    }

    public GitleaksConfigException(string message)
        : base(message)
    {
    }

    public GitleaksConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
