using System.Text;

namespace Palisade.Images.Catalogers;

/// <summary>
/// Builds package URLs (pkg:TYPE/NAMESPACE/NAME@VERSION?QUALIFIERS) as the purl specification canonicalises them:
/// every segment and qualifier value percent-encoded except the unreserved characters (A-Z a-z 0-9 . - _ ~), so an
/// epoch's ':' becomes %3A and a '+' becomes %2B; qualifiers with empty values dropped, the rest sorted by key.
/// </summary>
public static class PackageUrl
{
    public static string Build(string type, string? @namespace, string name, string? version, IEnumerable<KeyValuePair<string, string?>>? qualifiers = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var sb = new StringBuilder("pkg:").Append(type.ToLowerInvariant()).Append('/');
        if (!string.IsNullOrEmpty(@namespace))
        {
            foreach (var segment in @namespace.Split('/', StringSplitOptions.RemoveEmptyEntries)) sb.Append(Encode(segment)).Append('/');
        }
        sb.Append(Encode(name));
        if (!string.IsNullOrEmpty(version)) sb.Append('@').Append(Encode(version));
        if (qualifiers is not null)
        {
            var present = qualifiers.Where(q => !string.IsNullOrEmpty(q.Value))
                .Select(q => (Key: q.Key.ToLowerInvariant(), Value: q.Value!))
                .OrderBy(q => q.Key, StringComparer.Ordinal)
                .ToList();
            for (var i = 0; i < present.Count; i++)
                sb.Append(i == 0 ? '?' : '&').Append(present[i].Key).Append('=').Append(Encode(present[i].Value));
        }
        return sb.ToString();
    }

    /// <summary>Percent-encodes everything but the unreserved characters, as UTF-8 with upper-case hex.</summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '-' or '_' or '~') sb.Append(c);
            else sb.Append('%').Append(HexUpper[b >> 4]).Append(HexUpper[b & 0xF]);
        }
        return sb.ToString();
    }

    private const string HexUpper = "0123456789ABCDEF";
}
