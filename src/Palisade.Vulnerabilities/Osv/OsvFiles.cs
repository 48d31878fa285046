namespace Palisade.Vulnerabilities.Osv;

/// <summary>OSV record files: which files are records (by extension), and reading one as JSON or YAML.</summary>
public static class OsvFiles
{
    /// <summary>Whether a file name is an OSV record by its extension: <c>.json</c>, <c>.yaml</c> or <c>.yml</c>.</summary>
    public static bool IsRecordFile(string name) => IsJson(name) || IsYaml(name);

    /// <summary>Whether a file name ends in <c>.json</c> (any case).</summary>
    public static bool IsJson(string name) => name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a file name ends in <c>.yaml</c> or <c>.yml</c> (any case).</summary>
    public static bool IsYaml(string name) =>
        name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a record file, as YAML for <c>.yaml</c>/<c>.yml</c> and as JSON otherwise.</summary>
    /// <exception cref="OsvFormatException">The file is not a readable OSV record.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static OsvRecord Read(string path, OsvReadLimits? limits = null) =>
        IsYaml(path) ? OsvYamlReader.ReadFile(path, limits) : OsvJsonReader.ReadFile(path, limits);

    /// <summary>Reads a whole file, refusing one larger than <paramref name="maxBytes"/> before reading it.</summary>
    /// <exception cref="OsvFormatException">The file is over the limit.</exception>
    internal static byte[] ReadBounded(string path, int maxBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var length = stream.Length;
        if (length > maxBytes) throw new OsvFormatException(path, $"the record is {length} bytes, over the limit of {maxBytes}");
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
