using System.Text;

namespace Palisade.Images.Catalogers;

/// <summary>
/// The distribution named by os-release(5) (etc/os-release, else usr/lib/os-release): KEY=VALUE lines, values
/// optionally single- or double-quoted (backslash escapes inside double quotes), '#' comments.
/// </summary>
public sealed record OsRelease(string Id, string? VersionId, string? VersionCodename, string? PrettyName, IReadOnlyList<string> IdLike)
{
    public static readonly IReadOnlyList<string> Locations = ["etc/os-release", "usr/lib/os-release"];

    /// <summary>The purl "distro" qualifier: ID-VERSION_ID ("debian-12", "alpine-3.18.0"), or ID alone.</summary>
    public string Distro => string.IsNullOrEmpty(VersionId) ? Id : Id + "-" + VersionId;

    /// <summary>Reads the first os-release the source has that names an ID; null when none does.</summary>
    public static OsRelease? Read(ICatalogSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        foreach (var location in Locations)
        {
            byte[]? bytes;
            try
            {
                bytes = source.Read(location);
            }
            catch (CatalogerException)
            {
                continue;  // unreadable or oversized: try the next location
            }
            if (bytes is not null && Parse(Encoding.UTF8.GetString(bytes)) is { } os) return os;
        }
        return null;
    }

    /// <summary>Parses os-release text; null when it has no ID.</summary>
    public static OsRelease? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = ParseFields(text);
        var id = values.GetValueOrDefault("ID");
        if (string.IsNullOrWhiteSpace(id)) return null;
        return new OsRelease(
            id.Trim().ToLowerInvariant(),
            NullIfEmpty(values.GetValueOrDefault("VERSION_ID")),
            NullIfEmpty(values.GetValueOrDefault("VERSION_CODENAME")),
            NullIfEmpty(values.GetValueOrDefault("PRETTY_NAME")),
            (values.GetValueOrDefault("ID_LIKE") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>Every KEY=VALUE pair, unquoted; a later assignment wins, as in a shell.</summary>
    public static Dictionary<string, string> ParseFields(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            var key = line[..eq].Trim();
            if (key.Any(char.IsWhiteSpace)) continue;
            values[key] = Unquote(line[(eq + 1)..].Trim());
        }
        return values;
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'') return value[1..^1];
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            var sb = new StringBuilder(value.Length);
            for (var i = 1; i < value.Length - 1; i++)
            {
                if (value[i] == '\\' && i + 1 < value.Length - 1 && value[i + 1] is '\\' or '"' or '$' or '`') i++;
                sb.Append(value[i]);
            }
            return sb.ToString();
        }
        return value;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
