namespace Palisade.Artifacts.FileSystem;

/// <summary>A regular file found under a scan root.</summary>
/// <param name="FullPath">Absolute path on disk.</param>
/// <param name="RelativePath">Path relative to the scan root, '/'-separated (the name reports use).</param>
/// <param name="Length">Size in bytes.</param>
public sealed record WalkedFile(string FullPath, string RelativePath, long Length);

/// <summary>
/// Enumerates the regular files under a directory in a stable (ordinal) order. Never follows directory
/// symlinks (no loops, no escaping the root), skips VCS and dependency folders, and reports unreadable
/// directories instead of failing.
/// </summary>
public static class DirectoryWalker
{
    public static IReadOnlySet<string> DefaultSkippedDirectories { get; } =
        new HashSet<string>(StringComparer.Ordinal) { ".git", ".hg", ".svn", "node_modules", ".terraform", ".idea", ".vs" };

    /// <param name="root">A directory, or a single file (yielded with its file name as relative path).</param>
    /// <param name="onError">Called with a relative path and message for directories that cannot be read.</param>
    public static IEnumerable<WalkedFile> Walk(string root, Action<string, string>? onError = null, IReadOnlySet<string>? skipDirectories = null, GitIgnore? ignore = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        skipDirectories ??= DefaultSkippedDirectories;
        var full = Path.GetFullPath(root);
        if (File.Exists(full))
        {
            yield return new WalkedFile(full, Path.GetFileName(full), new FileInfo(full).Length);
            yield break;
        }
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"no such file or directory: {root}");

        var pending = new Stack<(string Full, string Rel)>();
        pending.Push((full, ""));
        while (pending.Count > 0)
        {
            var (dir, rel) = pending.Pop();
            FileSystemInfo[] entries;
            try
            {
                entries = new DirectoryInfo(dir).GetFileSystemInfos();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                onError?.Invoke(rel.Length == 0 ? "." : rel, e.Message);
                continue;
            }
            Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Name, b.Name));
            var subdirs = new List<(string, string)>();
            foreach (var e in entries)
            {
                var childRel = rel.Length == 0 ? e.Name : rel + "/" + e.Name;
                if (e is DirectoryInfo d)
                {
                    if (d.LinkTarget is not null || skipDirectories.Contains(d.Name)) continue;
                    if (ignore?.IsIgnored(childRel, isDirectory: true) == true) continue;
                    subdirs.Add((d.FullName, childRel));
                }
                else if (e is FileInfo f)
                {
                    if (ignore?.IsIgnored(childRel, isDirectory: false) == true) continue;
                    FileInfo target = f;
                    if (f.LinkTarget is not null)
                    {
                        // Follow file symlinks only when they stay inside the scan root and point at a regular file.
                        var resolved = f.ResolveLinkTarget(returnFinalTarget: true);
                        if (resolved is not FileInfo rf || !rf.Exists || !IsUnder(rf.FullName, full)) continue;
                        target = rf;
                    }
                    if ((target.Attributes & (FileAttributes.Device | FileAttributes.Directory)) != 0) continue;
                    yield return new WalkedFile(f.FullName, childRel, target.Length);
                }
            }
            for (var i = subdirs.Count - 1; i >= 0; i--) pending.Push(subdirs[i]);
        }
    }

    private static bool IsUnder(string path, string root) =>
        path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);
}
