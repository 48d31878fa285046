using System.Text;

namespace Palisade.Images.Catalogers.Python;

/// <summary>The Python package catalogers: installed distributions and the lock and requirements files of projects.</summary>
public static class PythonCatalogers
{
    public static IReadOnlyList<IPackageCataloger> All { get; } =
    [
        new PythonInstalledCataloger(),
        new RequirementsTxtCataloger(),
        new PoetryLockCataloger(),
        new PipfileLockCataloger(),
        new PdmLockCataloger(),
        new UvLockCataloger(),
    ];
}

/// <summary>Helpers the Python catalogers share: PEP 503 names, pypi purls, text decoding.</summary>
internal static class PythonPackages
{
    public const string PurlType = "pypi";

    /// <summary>
    /// The PEP 503 normalised form of a project name: lower case, every run of '-', '_' and '.' replaced by one '-'
    /// ("FrIeNdLy-_-bArD" → "friendly-bard").
    /// </summary>
    public static string NormalizeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length);
        var inRun = false;
        foreach (var c in name.Trim())
        {
            if (c is '-' or '_' or '.')
            {
                if (!inRun) sb.Append('-');
                inRun = true;
                continue;
            }
            inRun = false;
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    /// <summary>A pypi package record; the name is normalised, the version kept as written (trimmed).</summary>
    public static PackageRecord Create(string name, string? version, IReadOnlyList<string> licenses, string path, string? layerDigest)
    {
        var normalized = NormalizeName(name);
        var v = version?.Trim() ?? "";
        return new PackageRecord(normalized, v, PurlType, PackageUrl.Build(PurlType, null, normalized, v), licenses, null, null, null, path, layerDigest);
    }

    /// <summary>
    /// Adds the record unless a package of the same name and version is already in the list (lock files repeat a package
    /// once per extras combination).
    /// </summary>
    public static void AddDistinct(List<PackageRecord> packages, HashSet<(string, string)> seen, PackageRecord record)
    {
        if (seen.Add((record.Name, record.Version))) packages.Add(record);
    }

    /// <summary>The file as UTF-8 text (byte-order mark dropped); NUL bytes mean a binary file, which is corrupt here.</summary>
    public static string Decode(byte[] content, string path, string what)
    {
        if (Array.IndexOf(content, (byte)0) >= 0) throw new CatalogerException($"binary content (NUL bytes), not {what}", path);
        var text = Encoding.UTF8.GetString(content);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    /// <summary>Whether a project name is plausible: it starts with a letter or digit and has only letters, digits, '-', '_', '.'.</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>The file name of a normalised path (after the last '/').</summary>
    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>The name of the directory holding a normalised path's file ("" at the root).</summary>
    public static string ParentName(string path)
    {
        var slash = path.LastIndexOf('/');
        if (slash <= 0) return "";
        var dir = path[..slash];
        return dir[(dir.LastIndexOf('/') + 1)..];
    }
}
