using System.Text.RegularExpressions;

namespace Palisade.Reporting.Sarif;

/// <summary>Turns a finding's path into a SARIF artifact URI.</summary>
internal static partial class SarifArtifactUri
{
    /// <summary>
    /// A relative path becomes a relative URI reference (forward slashes, each segment percent-encoded, so spaces,
    /// '#', '%', ':' and non-ASCII text survive) to be resolved against <c>%SRCROOT%</c>; an absolute path becomes
    /// a <c>file:</c> URI with no base.
    /// </summary>
    public static (string Uri, bool IsRelative) FromPath(string path)
    {
        var normalized = path.Replace('\\', '/');
        if (WindowsDrive().IsMatch(normalized))
        {
            return ("file:///" + normalized[..2] + "/" + EncodeSegments(normalized[3..]), false);
        }
        if (normalized.StartsWith('/'))
        {
            return ("file:///" + EncodeSegments(normalized.TrimStart('/')), false);
        }
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }
        return (EncodeSegments(normalized), true);
    }

    private static string EncodeSegments(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    [GeneratedRegex("^[A-Za-z]:/")]
    private static partial Regex WindowsDrive();
}
