namespace Palisade.Secrets.Engine;

/// <summary>How a secret is shown anywhere Palisade writes: its first four characters, then ****.</summary>
public static class Redaction
{
    public static string Redact(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        // Very short secrets show nothing: four characters would be most of them.
        return secret.Length <= 8 ? "****" : string.Concat(secret.AsSpan(0, 4), "****");
    }
}
