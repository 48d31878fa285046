using System.Text;

namespace Palisade.Images.Catalogers.Python;

/// <summary>
/// Installed Python distributions: a wheel install's *.dist-info/METADATA, a setuptools install's *.egg-info/PKG-INFO, or
/// an *.egg-info file (directory names compared ignoring case, so DIST-INFO and EGG-INFO count too). These are RFC 822
/// style headers (Name, Version, License, License-Expression, Classifier; a line starting with whitespace continues the
/// previous header); the headers end at the first blank line, except inside a Description whose indented continuation
/// goes on after blank lines (old PKG-INFO files), and everything after them (the long description) is ignored.
/// Licences: License-Expression when present, else a one-line License that is not "UNKNOWN", else the names of the
/// "License ::" classifiers ("License :: OSI Approved :: BSD License" gives "BSD License").
/// </summary>
public sealed class PythonInstalledCataloger : DatabaseFileCataloger
{
    /// <summary>A License header longer than this is the licence's full text, not its name.</summary>
    private const int MaxLicenseNameLength = 120;

    public override string Name => "python-installed";

    public override bool Wants(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = PythonPackages.FileName(path);
        if (file.EndsWith(".egg-info", StringComparison.OrdinalIgnoreCase)) return true;
        var parent = PythonPackages.ParentName(path);
        return (file.Equals("METADATA", StringComparison.OrdinalIgnoreCase) && parent.EndsWith("dist-info", StringComparison.OrdinalIgnoreCase)) ||
            (file.Equals("PKG-INFO", StringComparison.OrdinalIgnoreCase) && parent.EndsWith("egg-info", StringComparison.OrdinalIgnoreCase));
    }

    protected override IReadOnlyList<PackageRecord> Parse(string path, byte[] content, string? layerDigest, OsRelease? os)
    {
        var text = PythonPackages.Decode(content, path, "Python package metadata");
        var headers = ReadHeaders(text);
        var name = Get(headers, "Name");
        if (string.IsNullOrWhiteSpace(name)) throw new CatalogerException("no \"Name:\" header: not Python package metadata", path, 1);
        name = name.Trim();
        if (!PythonPackages.IsValidName(name)) throw new CatalogerException($"invalid package name \"{Clip(name)}\"", path, 1);
        return [PythonPackages.Create(name, Get(headers, "Version"), Licenses(headers), path, layerDigest)];
    }

    /// <summary>The header fields in order (duplicates kept, as Classifier repeats).</summary>
    internal static List<KeyValuePair<string, string>> ReadHeaders(string text)
    {
        var headers = new List<KeyValuePair<string, string>>();
        string? key = null;
        StringBuilder? value = null;
        var pos = 0;

        void End()
        {
            if (key is not null) headers.Add(new(key, value!.ToString()));
            key = null;
            value = null;
        }

        while (pos < text.Length)
        {
            var (line, next) = LineAt(text, pos);
            if (string.IsNullOrWhiteSpace(line))
            {
                // Blank lines end the headers, unless an indented Description goes on after them.
                if (!string.Equals(key, "Description", StringComparison.OrdinalIgnoreCase)) break;
                var resume = next;
                var blanks = 1;
                string following = "";
                while (resume < text.Length)
                {
                    (following, var after) = LineAt(text, resume);
                    if (!string.IsNullOrWhiteSpace(following)) break;
                    blanks++;
                    resume = after;
                }
                if (resume >= text.Length || following[0] is not (' ' or '\t')) break;
                value!.Append('\n', blanks);
                pos = resume;
                continue;
            }
            pos = next;
            if (line[0] is ' ' or '\t')
            {
                if (key is null) break;
                value!.Append('\n').Append(line.Trim());
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line.AsSpan(0, colon).ContainsAny(' ', '\t')) break; // not a header: the body began without a blank line
            End();
            key = line[..colon];
            value = new StringBuilder(line[(colon + 1)..].Trim());
        }
        End();
        return headers;
    }

    private static (string Line, int Next) LineAt(string text, int pos)
    {
        var nl = text.IndexOf('\n', pos);
        var end = nl < 0 ? text.Length : nl;
        var line = text[pos..end];
        if (line.EndsWith('\r')) line = line[..^1];
        return (line, nl < 0 ? text.Length : nl + 1);
    }

    private static string? Get(List<KeyValuePair<string, string>> headers, string key)
    {
        foreach (var h in headers)
            if (string.Equals(h.Key, key, StringComparison.OrdinalIgnoreCase)) return h.Value;
        return null;
    }

    private static List<string> Licenses(List<KeyValuePair<string, string>> headers)
    {
        var expression = Get(headers, "License-Expression")?.Trim();
        if (!string.IsNullOrEmpty(expression)) return [expression];
        var license = Get(headers, "License")?.Trim();
        if (!string.IsNullOrEmpty(license) && !license.Contains('\n', StringComparison.Ordinal) && license.Length <= MaxLicenseNameLength &&
            !license.Equals("UNKNOWN", StringComparison.OrdinalIgnoreCase))
            return [license];
        var fromClassifiers = new List<string>();
        foreach (var h in headers)
        {
            if (!string.Equals(h.Key, "Classifier", StringComparison.OrdinalIgnoreCase)) continue;
            var parts = h.Value.Split("::", StringSplitOptions.TrimEntries);
            if (parts.Length < 2 || parts[0] != "License") continue;
            var last = parts[^1];
            if (last.Length == 0 || last == "OSI Approved" || fromClassifiers.Contains(last)) continue;
            fromClassifiers.Add(last);
        }
        return fromClassifiers;
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "...";
}
