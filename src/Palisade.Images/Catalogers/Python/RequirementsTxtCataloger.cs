using System.Text;

namespace Palisade.Images.Catalogers.Python;

/// <summary>
/// Pinned requirements from pip requirements files (*requirements*.txt, and *.txt files in a "requirements" directory):
/// only lines that pin one version with "==" or "===" count ("name==1.0", "name[extra] == 1.0", "name==1.0 ; markers",
/// "name==1.0 --hash=..."); ranges, wildcards ("==2.*"), bare names, URLs and paths are not pinned and are skipped, as are
/// comments and option lines (-r, -e, -c, --index-url, ...). A backslash at the end of a line joins it to the next.
/// </summary>
public sealed class RequirementsTxtCataloger : DatabaseFileCataloger
{
    public override string Name => "python-requirements";

    public override bool Wants(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = PythonPackages.FileName(path);
        if (!file.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)) return false;
        return file.Contains("requirements", StringComparison.OrdinalIgnoreCase) ||
            PythonPackages.ParentName(path).Equals("requirements", StringComparison.OrdinalIgnoreCase);
    }

    protected override IReadOnlyList<PackageRecord> Parse(string path, byte[] content, string? layerDigest, OsRelease? os)
    {
        var text = PythonPackages.Decode(content, path, "a requirements file");
        var packages = new List<PackageRecord>();
        var seen = new HashSet<(string, string)>();
        foreach (var line in LogicalLines(text))
        {
            if (Pinned(line) is { } pin)
                PythonPackages.AddDistinct(packages, seen, PythonPackages.Create(pin.Name, pin.Version, [], path, layerDigest));
        }
        return packages;
    }

    /// <summary>Lines with backslash continuations joined.</summary>
    private static IEnumerable<string> LogicalLines(string text)
    {
        var sb = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.EndsWith('\r') ? raw[..^1] : raw;
            if (line.EndsWith('\\'))
            {
                sb.Append(line, 0, line.Length - 1).Append(' ');
                continue;
            }
            sb.Append(line);
            yield return sb.ToString();
            sb.Clear();
        }
        if (sb.Length > 0) yield return sb.ToString();
    }

    /// <summary>The name and version a requirement line pins, or null when it pins none.</summary>
    internal static (string Name, string Version)? Pinned(string line)
    {
        var s = StripComment(line).Trim();
        if (s.Length == 0 || s[0] == '-') return null;
        var semicolon = s.IndexOf(';', StringComparison.Ordinal);
        if (semicolon >= 0) s = s[..semicolon];
        var option = IndexOfOption(s);
        if (option >= 0) s = s[..option];
        s = s.Trim();

        var i = 0;
        while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] is '-' or '_' or '.')) i++;
        var name = s[..i];
        if (!PythonPackages.IsValidName(name)) return null;
        var rest = s[i..].TrimStart();
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) return null;
            rest = rest[(close + 1)..].TrimStart();
        }
        if (rest.StartsWith('(') && rest.EndsWith(')')) rest = rest[1..^1];
        if (rest.Length == 0 || rest[0] is '@' or ':' or '/') return null;
        foreach (var clause in rest.Split(','))
        {
            var c = clause.Trim();
            string version;
            if (c.StartsWith("===", StringComparison.Ordinal)) version = c[3..];
            else if (c.StartsWith("==", StringComparison.Ordinal)) version = c[2..];
            else continue;
            version = version.TrimStart();
            var end = version.IndexOfAny([' ', '\t']);
            if (end >= 0) version = version[..end];
            if (version.Length > 0 && version.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '+' or '!' or '-' or '_'))
                return (name, version);
        }
        return null;
    }

    /// <summary>The line without a comment: '#' at the start or after whitespace (a '#' inside a URL is kept).</summary>
    private static string StripComment(string line)
    {
        for (var i = 0; i < line.Length; i++)
            if (line[i] == '#' && (i == 0 || line[i - 1] is ' ' or '\t')) return line[..i];
        return line;
    }

    /// <summary>Where a trailing per-requirement option ("--hash=...") starts, or -1.</summary>
    private static int IndexOfOption(string s)
    {
        for (var i = 1; i + 1 < s.Length; i++)
            if (s[i] == '-' && s[i + 1] == '-' && s[i - 1] is ' ' or '\t') return i;
        return -1;
    }
}
