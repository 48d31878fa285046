using System.Text;

namespace Palisade.Images.Catalogers;

/// <summary>A parsed package URL: type (lower case), namespace, name and version percent-decoded, qualifiers by key.</summary>
public sealed record ParsedPackageUrl(string Type, string? Namespace, string Name, string? Version, IReadOnlyDictionary<string, string> Qualifiers, string? Subpath)
{
    /// <summary>A qualifier's value ("distro", "arch", "upstream" ...), or null.</summary>
    public string? Qualifier(string key) => Qualifiers.GetValueOrDefault(key);
}

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

    /// <summary>Parses a package URL per the purl specification; null when it is not one.</summary>
    public static ParsedPackageUrl? TryParse(string? purl)
    {
        if (string.IsNullOrEmpty(purl) || purl.Length > 8192 || !purl.StartsWith("pkg:", StringComparison.OrdinalIgnoreCase)) return null;
        var rest = purl[4..].TrimStart('/');
        string? subpath = null;
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            subpath = Decode(rest[(hash + 1)..].Trim('/'));
            rest = rest[..hash];
        }
        var qualifiers = new Dictionary<string, string>(StringComparer.Ordinal);
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            foreach (var pair in rest[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) return null;
                var value = Decode(pair[(eq + 1)..]);
                if (value is null) return null;
                if (value.Length > 0) qualifiers[pair[..eq].ToLowerInvariant()] = value;
            }
            rest = rest[..question];
        }
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0) return null;
        var type = rest[..slash].ToLowerInvariant();
        if (!type.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '+' or '-') || !char.IsAsciiLetter(type[0])) return null;
        rest = rest[(slash + 1)..].TrimEnd('/');
        string? version = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            version = Decode(rest[(at + 1)..]);
            if (version is null) return null;
            rest = rest[..at];
        }
        var segments = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0) return null;
        var decoded = segments.Select(Decode).ToList();
        if (decoded.Any(d => d is null)) return null;
        var name = decoded[^1]!;
        var ns = decoded.Count > 1 ? string.Join('/', decoded.Take(decoded.Count - 1)) : null;
        if (name.Length == 0) return null;
        return new ParsedPackageUrl(type, ns, name, string.IsNullOrEmpty(version) ? null : version, qualifiers, string.IsNullOrEmpty(subpath) ? null : subpath);
    }

    /// <summary>Percent-decoding as UTF-8; null for malformed escapes.</summary>
    private static string? Decode(string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal)) return value;
        var raw = Encoding.UTF8.GetBytes(value);
        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != (byte)'%')
            {
                bytes.Add(raw[i]);
                continue;
            }
            if (i + 2 >= raw.Length || !byte.TryParse(Encoding.ASCII.GetString(raw, i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var b)) return null;
            bytes.Add(b);
            i += 2;
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
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
