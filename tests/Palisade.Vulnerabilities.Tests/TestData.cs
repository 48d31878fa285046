using System.IO.Compression;
using System.Text;

namespace Palisade.Vulnerabilities.Tests;

/// <summary>The shared conformance data, temporary folders, and small OSV records and zips made for tests.</summary>
public static class TestData
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Osv => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "conformance", "osv"));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find Palisade.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>The real Go vulnerability database records (JSON).</summary>
    public static IReadOnlyList<string> GoRecords() =>
        Directory.GetFiles(Path.Combine(Osv, "golang-vulndb", "data", "osv"), "*.json").Order(StringComparer.Ordinal).ToList();

    /// <summary>The real PyPA advisory database records (YAML).</summary>
    public static IReadOnlyList<string> PypaRecords() =>
        Directory.GetFiles(Path.Combine(Osv, "pypa-advisory-database"), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

    /// <summary>A small OSV record affecting one package.</summary>
    public static string Record(string id, string ecosystem = "PyPI", string name = "demo-lib", string modified = "2024-01-01T00:00:00Z",
        string? withdrawn = null, string fixedVersion = "1.2.0", string? alias = null) =>
        $$"""
        {
          "schema_version": "1.6.0",
          "id": "{{id}}",
          "modified": "{{modified}}",
          "published": "2023-06-01T00:00:00Z",
          {{(withdrawn is null ? "" : $"\"withdrawn\": \"{withdrawn}\",")}}
          "aliases": [{{(alias is null ? "" : $"\"{alias}\"")}}],
          "summary": "Demo vulnerability {{id}}",
          "details": "Details of {{id}}.",
          "affected": [{
            "package": {"ecosystem": "{{ecosystem}}", "name": "{{name}}"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "{{fixedVersion}}"}]}]
          }]
        }
        """;

    /// <summary>Writes a zip of (entry name, text) pairs.</summary>
    public static string Zip(string path, IEnumerable<(string Name, string Text)> entries)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var (name, text) in entries)
        {
            using var s = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
            s.Write(Encoding.UTF8.GetBytes(text));
        }
        return path;
    }

    /// <summary>
    /// A zip of <paramref name="count"/> records made from the real Go records with new ids (<c>GO-…-Xn</c>), as
    /// OSV's all.zip is: one <c>ID.json</c> per record.
    /// </summary>
    public static string MultipliedGoZip(string path, int count, string idSuffix = "X")
    {
        var originals = GoRecords().Select(f => (Id: Path.GetFileNameWithoutExtension(f), Text: File.ReadAllText(f))).ToList();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        for (var i = 0; i < count; i++)
        {
            var (id, text) = originals[i % originals.Count];
            var newId = $"{id}-{idSuffix}{i}";
            using var s = zip.CreateEntry(newId + ".json", CompressionLevel.Fastest).Open();
            s.Write(Encoding.UTF8.GetBytes(text.Replace($"\"id\": \"{id}\"", $"\"id\": \"{newId}\"", StringComparison.Ordinal)));
        }
        return path;
    }
}

/// <summary>A temporary directory, deleted on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("palisade-vuln-").FullName;

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string Write(string relative, string text)
    {
        var full = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
