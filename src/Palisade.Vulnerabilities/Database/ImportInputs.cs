using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Palisade.Vulnerabilities.Osv;

namespace Palisade.Vulnerabilities.Database;

/// <summary>
/// One record file (its bytes) or zip entry (<see cref="Archive"/> and <see cref="Entry"/>, inflated later), or why it
/// cannot be read; <see cref="SourceIndex"/> names its import source.
/// </summary>
internal sealed record RawItem(int SourceIndex, string Source, byte[]? Data, bool Yaml, string? Error)
{
    /// <summary>The zip the entry is in, or null for a file.</summary>
    public string? Archive { get; init; }

    /// <summary>The entry's index in the archive.</summary>
    public int Entry { get; init; }

    /// <summary>The entry's declared uncompressed size.</summary>
    public long Length { get; init; }
}

/// <summary>
/// Each parsing thread's own open handles on the import's zips (ZipArchive is not thread-safe), closed at the end of
/// the import.
/// </summary>
internal sealed class ArchiveReaders : IDisposable
{
    private readonly ThreadLocal<Dictionary<string, ZipArchive>> _open = new(() => new(StringComparer.Ordinal), trackAllValues: true);

    /// <summary>The entry's bytes, in an array rented from <see cref="ArrayPool{T}.Shared"/> (the caller returns it), of which the first <see cref="RawItem.Length"/> count.</summary>
    /// <exception cref="DatabaseImportException">The archive is corrupt, or the entry does not inflate to its declared size.</exception>
    public byte[] Read(RawItem item)
    {
        byte[]? data = null;
        try
        {
            var archives = _open.Value!;
            if (!archives.TryGetValue(item.Archive!, out var archive))
            {
                var file = new FileStream(item.Archive!, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
                try
                {
                    archives[item.Archive!] = archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: false);
                }
                catch
                {
                    file.Dispose();
                    throw;
                }
            }
            var length = (int)item.Length;
            data = ArrayPool<byte>.Shared.Rent(length + 1);
            using var stream = archive.Entries[item.Entry].Open();
            // One byte more than declared is asked for: getting it means the entry is larger than it says.
            var read = stream.ReadAtLeast(data.AsSpan(0, length + 1), length + 1, throwOnEndOfStream: false);
            if (read < length) throw new InvalidDataException($"it inflates to {read} bytes, not the {item.Length} its header declares");
            if (read > length) throw new InvalidDataException($"it inflates to more than the {item.Length} bytes its header declares");
            return data;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or ArgumentException or UnauthorizedAccessException)
        {
            if (data is not null) ArrayPool<byte>.Shared.Return(data);
            throw new DatabaseImportException($"{item.Source}: corrupt archive entry ({e.Message})", e);
        }
    }

    public void Dispose()
    {
        foreach (var archives in _open.Values)
            foreach (var archive in archives.Values)
                archive.Dispose();
        _open.Dispose();
    }
}

/// <summary>
/// Reads the import's inputs in order, in batches: record files, directories (recursively, in ordinal name order,
/// without following links) and zips. Zips are read in memory, never extracted: entry names are only used in
/// messages, the entry count and each entry's real (not declared) uncompressed size are bounded, and so is the total
/// uncompressed size of all archives. A zip that cannot be read is fatal to the import.
/// </summary>
internal static class ImportInputs
{
    private const int BatchItems = 512;
    private const int BatchBytes = 4 * 1024 * 1024;

    /// <summary>Fails early, before anything is built, when a source does not exist.</summary>
    /// <exception cref="DatabaseImportException">A source is missing.</exception>
    public static void Check(IReadOnlyList<ImportSource> sources)
    {
        if (sources.Count == 0) throw new DatabaseImportException("nothing to import: give OSV files, directories or zips");
        foreach (var s in sources)
            if (!File.Exists(s.Path) && !Directory.Exists(s.Path)) throw new DatabaseImportException($"{s.Path}: no such file or directory");
    }

    public static IEnumerable<List<RawItem>> Read(IReadOnlyList<ImportSource> sources, ImportOptions options, CancellationToken cancellationToken)
    {
        var batch = new List<RawItem>(BatchItems);
        var batchBytes = 0L;
        var archiveBytes = 0L;
        for (var i = 0; i < sources.Count; i++)
        {
            foreach (var item in ReadSource(i, sources[i].Path, options, () => archiveBytes, n => archiveBytes += n))
            {
                cancellationToken.ThrowIfCancellationRequested();
                batch.Add(item);
                batchBytes += item.Data?.Length ?? item.Length;
                if (batch.Count >= BatchItems || batchBytes >= BatchBytes)
                {
                    yield return batch;
                    batch = new List<RawItem>(BatchItems);
                    batchBytes = 0;
                }
            }
        }
        if (batch.Count > 0) yield return batch;
    }

    private static IEnumerable<RawItem> ReadSource(int index, string path, ImportOptions options, Func<long> total, Action<long> add)
    {
        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path, "*", new EnumerationOptions
            {
                RecurseSubdirectories = true,
                AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden | FileAttributes.System,
                IgnoreInaccessible = false,
                ReturnSpecialDirectories = false,
            }).Where(f => OsvFiles.IsRecordFile(f) || IsZip(f)).Order(StringComparer.Ordinal);
            foreach (var f in files)
                foreach (var item in ReadFile(index, f, options, total, add))
                    yield return item;
        }
        else
        {
            foreach (var item in ReadFile(index, path, options, total, add)) yield return item;
        }
    }

    private static bool IsZip(string path) => path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<RawItem> ReadFile(int index, string path, ImportOptions options, Func<long> total, Action<long> add)
    {
        if (IsZip(path))
        {
            foreach (var item in ReadZip(index, path, options, total, add)) yield return item;
            yield break;
        }
        byte[]? data = null;
        string? error = null;
        try
        {
            data = OsvFiles.ReadBounded(path, options.Limits.MaxRecordBytes);
        }
        catch (OsvFormatException e)
        {
            error = e.Problem;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = "cannot read: " + e.Message;
        }
        yield return new RawItem(index, path, data, OsvFiles.IsYaml(path), error);
    }

    private static IEnumerable<RawItem> ReadZip(int index, string path, ImportOptions options, Func<long> total, Action<long> add)
    {
        // The entries are only listed here; the parsing threads inflate them (see ArchiveReaders), each from its own
        // handle on the archive. Every limit is checked against the sizes the central directory declares, and an
        // entry that does not inflate to exactly its declared size makes the archive corrupt: so the declared sizes
        // bound all memory use.
        List<(string Name, long Length)> entries;
        try
        {
            using var archive = ZipFile.OpenRead(path);
            var count = archive.Entries.Count;
            if (count > options.MaxArchiveEntries)
                throw new DatabaseImportException($"{path}: the archive has {count} entries, over the limit of {options.MaxArchiveEntries}");
            entries = new List<(string, long)>(count);
            foreach (var e in archive.Entries) entries.Add((e.FullName, e.Length));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or NotSupportedException or UnauthorizedAccessException)
        {
            throw new DatabaseImportException($"{path}: not a readable zip archive ({e.Message})", e);
        }
        for (var i = 0; i < entries.Count; i++)
        {
            var (name, length) = entries[i];
            if (name.EndsWith('/') || !OsvFiles.IsRecordFile(name)) continue;
            var source = path + "!" + Printable(name);
            if (length > options.Limits.MaxRecordBytes)
            {
                yield return new RawItem(index, source, null, false, $"the entry is {length} bytes uncompressed, over the limit of {options.Limits.MaxRecordBytes}");
                continue;
            }
            add(length);
            if (total() > options.MaxArchiveBytes)
                throw new DatabaseImportException($"{path}: the archives inflate to more than {options.MaxArchiveBytes} bytes, the limit for one import");
            yield return new RawItem(index, source, null, OsvFiles.IsYaml(name), null) { Archive = path, Entry = i, Length = length };
        }
    }

    /// <summary>An entry name safe to print: control characters shown as \uXXXX, at most 200 characters.</summary>
    private static string Printable(string name)
    {
        var sb = new StringBuilder(Math.Min(name.Length, 200));
        foreach (var ch in name)
        {
            if (sb.Length >= 200) { sb.Append("..."); break; }
            if (char.IsControl(ch)) sb.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
            else sb.Append(ch);
        }
        return sb.ToString();
    }
}
