using Palisade.Core.Text;

namespace Palisade.Artifacts.FileSystem;

/// <summary>
/// .gitignore semantics for a walked tree: every .gitignore applies to the directory it sits in and below
/// (and .git/info/exclude to the whole repository); patterns without a slash match at any depth, others are
/// anchored to their file's directory; a trailing slash matches directories only; the last matching pattern
/// wins and <c>!</c> re-includes.
/// </summary>
public sealed class GitIgnore
{
    private sealed record Pattern(string Glob, bool Negate, bool DirectoryOnly);

    private readonly string _root;
    private readonly Dictionary<string, IReadOnlyList<Pattern>> _byDirectory = new(StringComparer.Ordinal);

    public GitIgnore(string root)
    {
        _root = Path.GetFullPath(root);
        var exclude = Path.Combine(_root, ".git", "info", "exclude");
        var top = new List<Pattern>();
        if (File.Exists(exclude)) top.AddRange(Parse(SafeRead(exclude)));
        top.AddRange(Parse(SafeRead(Path.Combine(_root, ".gitignore"))));
        _byDirectory[""] = top;
    }

    /// <summary>Whether a path (relative to the root, '/'-separated) is ignored: it, or a directory above it.</summary>
    public bool IsIgnored(string relativePath, bool isDirectory)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var parts = relativePath.Split('/');
        for (var n = 1; n < parts.Length; n++)
            if (Matches(parts, n, isDirectory: true)) return true;
        return Matches(parts, parts.Length, isDirectory);
    }

    /// <summary>Whether the first <paramref name="count"/> parts name an ignored path (the last matching pattern wins).</summary>
    private bool Matches(string[] parts, int count, bool isDirectory)
    {
        var ignored = false;
        var dir = "";
        for (var depth = 0; depth < count; depth++)
        {
            var rest = string.Join('/', parts[depth..count]);
            foreach (var p in PatternsOf(dir))
            {
                if (p.DirectoryOnly && !isDirectory) continue;
                if (Glob.IsMatch(p.Glob, rest, matchDescendants: false)) ignored = !p.Negate;
            }
            dir = depth == 0 ? parts[0] : dir + "/" + parts[depth];
        }
        return ignored;
    }

    private IReadOnlyList<Pattern> PatternsOf(string dir)
    {
        if (_byDirectory.TryGetValue(dir, out var p)) return p;
        var file = Path.Combine(_root, dir.Replace('/', Path.DirectorySeparatorChar), ".gitignore");
        p = File.Exists(file) ? Parse(SafeRead(file)) : [];
        _byDirectory[dir] = p;
        return p;
    }

    private static string SafeRead(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static List<Pattern> Parse(string text)
    {
        var list = new List<Pattern>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            // Trailing spaces are ignored unless escaped.
            while (line.EndsWith(' ') && !line.EndsWith("\\ ", StringComparison.Ordinal)) line = line[..^1];
            line = line.Replace("\\ ", " ", StringComparison.Ordinal);
            var negate = false;
            if (line.StartsWith('!')) { negate = true; line = line[1..]; }
            else if (line.StartsWith("\\!", StringComparison.Ordinal) || line.StartsWith("\\#", StringComparison.Ordinal)) line = line[1..];
            var dirOnly = line.EndsWith('/');
            line = line.TrimEnd('/');
            if (line.Length == 0) continue;
            // A slash anywhere but the end anchors the pattern to this directory.
            if (line.Contains('/', StringComparison.Ordinal) && !line.StartsWith('/') && !line.StartsWith("**/", StringComparison.Ordinal)) line = "/" + line;
            list.Add(new Pattern(line, negate, dirOnly));
        }
        return list;
    }
}
