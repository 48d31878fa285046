using System.Text;
using System.Text.RegularExpressions;

namespace Palisade.Core.Secrets;

/// <summary>The kinds of static cloud credential the checks recognise.</summary>
public enum CloudCredential
{
    AwsAccessKeyId,
    AwsSecretAccessKey,
    GcpServiceAccountKey,
    AzureStorageKey,
}

/// <summary>
/// Recognises secret-looking names and values in configuration (env vars, ConfigMap and Secret data).
/// Placeholders (<c>${VAR}</c>, <c>$(VAR)</c>, <c>&lt;password&gt;</c>, <c>{{ .Values.x }}</c>, documented
/// example keys) are never reported.
/// </summary>
public static partial class SecretHeuristics
{
    private static readonly HashSet<string> SecretTokens = new(StringComparer.Ordinal)
    {
        "PASSWORD", "PASSWD", "PASS", "PWD", "SECRET", "SECRETS", "TOKEN", "APIKEY", "CREDENTIAL", "CREDENTIALS",
        "PRIVATEKEY", "PASSPHRASE", "AUTHTOKEN", "ACCESSTOKEN", "CLIENTSECRET",
    };

    private static readonly HashSet<string> KeyQualifiers = new(StringComparer.Ordinal) { "API", "ACCESS", "PRIVATE", "SECRET", "AUTH", "SIGNING", "ENCRYPTION", "MASTER" };

    private static readonly HashSet<string> NonSecretSuffixes = new(StringComparer.Ordinal)
    {
        "FILE", "PATH", "DIR", "URL", "URI", "ENDPOINT", "HOST", "PORT", "NAME", "REF", "LENGTH", "LEN", "TTL", "TIMEOUT",
        "EXPIRY", "EXPIRES", "ENABLED", "DISABLED", "TYPE", "HEADER", "ALGORITHM", "ALG", "POLICY", "MIN", "MAX", "ID",
        "VERSION", "FORMAT", "MODE", "LOCATION", "SECONDS", "MINUTES", "HOURS", "DAYS", "COUNT", "SIZE", "ROTATION", "ISSUER", "AUDIENCE",
    };

    /// <summary>Splits <c>dbPassword</c>, <c>DB_PASSWORD</c>, <c>db-password</c> into upper-case tokens.</summary>
    public static IReadOnlyList<string> Tokens(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var tokens = new List<string>();
        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush();
                continue;
            }
            if (char.IsUpper(c) && i > 0 && char.IsLower(name[i - 1])) Flush();
            sb.Append(char.ToUpperInvariant(c));
        }
        Flush();
        return tokens;

        void Flush()
        {
            if (sb.Length > 0) tokens.Add(sb.ToString());
            sb.Clear();
        }
    }

    /// <summary>Whether a key or variable name says it holds a secret (PASSWORD, API_KEY, clientSecret ...).</summary>
    public static bool IsSecretName(string name)
    {
        var t = Tokens(name);
        if (t.Count == 0 || NonSecretSuffixes.Contains(t[^1])) return false;
        for (var i = 0; i < t.Count; i++)
        {
            if (SecretTokens.Contains(t[i])) return true;
            if (t[i] == "KEY" && i > 0 && KeyQualifiers.Contains(t[i - 1])) return true;
        }
        return false;
    }

    /// <summary>Whether a value is a placeholder or reference rather than a literal secret.</summary>
    public static bool IsPlaceholder(string value)
    {
        var v = value.Trim();
        if (v.Length < 4) return true;
        if (v is "true" or "false" or "null" or "none" or "None" or "yes" or "no") return true;
        if (v.All(c => char.IsDigit(c) || c == '.')) return true;
        if (PlaceholderRegex().IsMatch(v)) return true;
        var upper = v.ToUpperInvariant();
        return upper.Contains("EXAMPLE", StringComparison.Ordinal) || upper.Contains("CHANGE_ME_IN", StringComparison.Ordinal) ||
               upper.Trim('X', '*', '-', '.').Length == 0 || upper is "REDACTED" or "PLACEHOLDER" or "DUMMY";
    }

    [GeneratedRegex(@"^(\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*|<[^>]*>|\{\{.*\}\}|%\([^)]*\)s|%[A-Za-z_]+%|@@[A-Z_]+@@|\[\[.*\]\])$", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderRegex();

    /// <summary>A URL with a password in its userinfo (postgres://user:pass@host/db), when the password is literal.</summary>
    public static bool HasUrlCredentials(string value)
    {
        foreach (Match m in UrlCredentialsRegex().Matches(value))
            if (!IsPlaceholder(m.Groups["pw"].Value)) return true;
        return false;
    }

    [GeneratedRegex(@"[a-zA-Z][a-zA-Z0-9+.\-]{1,20}://[^:/@\s""']{1,100}:(?<pw>[^@/\s""']{1,200})@", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UrlCredentialsRegex();

    [GeneratedRegex(@"(?<![A-Z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex AwsAccessKeyIdRegex();

    [GeneratedRegex(@"^[A-Za-z0-9/+]{40}$", RegexOptions.CultureInvariant)]
    private static partial Regex AwsSecretRegex();

    [GeneratedRegex(@"AccountKey=(?<key>[A-Za-z0-9+/]{86}==)", RegexOptions.CultureInvariant)]
    private static partial Regex AzureAccountKeyRegex();

    [GeneratedRegex(@"^[A-Za-z0-9+/]{86}==$", RegexOptions.CultureInvariant)]
    private static partial Regex AzureKeyRegex();

    [GeneratedRegex(@"""type""\s*:\s*""service_account""", RegexOptions.CultureInvariant)]
    private static partial Regex GcpTypeRegex();

    /// <summary>Static cloud credentials in a named value, if any.</summary>
    public static CloudCredential? FindCloudCredential(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains("EXAMPLE", StringComparison.OrdinalIgnoreCase)) return null;
        if (AwsAccessKeyIdRegex().IsMatch(value)) return CloudCredential.AwsAccessKeyId;
        var tokens = Tokens(name);
        if (tokens.Contains("SECRET") && (tokens.Contains("AWS") || tokens.Contains("ACCESS")) && AwsSecretRegex().IsMatch(value.Trim()))
            return CloudCredential.AwsSecretAccessKey;
        if (GcpTypeRegex().IsMatch(value) && value.Contains("\"private_key\"", StringComparison.Ordinal))
            return CloudCredential.GcpServiceAccountKey;
        if (AzureAccountKeyRegex().IsMatch(value)) return CloudCredential.AzureStorageKey;
        if ((tokens.Contains("AZURE") || tokens.Contains("STORAGE") || tokens.Contains("ACCOUNT")) && tokens.Contains("KEY") && AzureKeyRegex().IsMatch(value.Trim()))
            return CloudCredential.AzureStorageKey;
        return null;
    }

    public static string Describe(CloudCredential c) => c switch
    {
        CloudCredential.AwsAccessKeyId => "an AWS access key id",
        CloudCredential.AwsSecretAccessKey => "an AWS secret access key",
        CloudCredential.GcpServiceAccountKey => "a GCP service-account JSON key",
        _ => "an Azure storage account key",
    };

    /// <summary>Decodes a Secret's base64 data value; null when it is not valid base64 or not text.</summary>
    public static string? DecodeBase64(string value)
    {
        var buffer = new byte[(value.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(value.Trim(), buffer, out var n)) return null;
        try
        {
            return new UTF8Encoding(false, true).GetString(buffer, 0, n);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
