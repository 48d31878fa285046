using System.Globalization;
using Palisade.Core.Findings;
using Palisade.Core.Text;

namespace Palisade.Core.Ignore;

/// <summary>One line of a .palisadeignore file: <c>RULE-ID [path:GLOB] [exp:YYYY-MM-DD]</c>.</summary>
public sealed record IgnoreEntry(string RuleId, string? PathGlob, DateOnly? Expires, string Source, int Line)
{
    public bool IsExpired(DateOnly today) => Expires is { } e && today > e;

    public bool Matches(Finding finding, string target)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (!RuleIdMatches(finding.RuleId)) return false;
        if (PathGlob is null) return true;
        var path = finding.Location?.Path ?? target;
        return Glob.IsMatch(PathGlob, path);
    }

    private bool RuleIdMatches(string ruleId) =>
        RuleId.Contains('*', StringComparison.Ordinal)
            ? Glob.IsMatch(RuleId.ToUpperInvariant(), ruleId.ToUpperInvariant())
            : string.Equals(RuleId, ruleId, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Thrown for an ignore file that cannot be read; the message names the file and line.</summary>
public sealed class IgnoreFileException(string message) : Exception(message);

/// <summary>The parsed contents of one or more ignore files.</summary>
public sealed class IgnoreFile
{
    public IReadOnlyList<IgnoreEntry> Entries { get; }

    public IgnoreFile(IReadOnlyList<IgnoreEntry> entries) => Entries = entries;

    public static IgnoreFile Empty { get; } = new([]);

    public static IgnoreFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IgnoreFileException($"cannot read ignore file {path}: {e.Message}");
        }
        return Parse(text, path);
    }

    public static IgnoreFile Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<IgnoreEntry>();
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw;
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0) line = line[..hash];
            line = line.Trim();
            if (line.Length == 0) continue;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (IsOption(parts[0], "path:") || IsOption(parts[0], "exp:"))
                throw new IgnoreFileException($"{source}:{lineNo}: missing rule id before '{parts[0]}' (expected RULE-ID [path:GLOB] [exp:YYYY-MM-DD])");
            string? glob = null;
            DateOnly? exp = null;
            foreach (var part in parts.Skip(1))
            {
                if (IsOption(part, "path:"))
                {
                    if (glob is not null) throw new IgnoreFileException($"{source}:{lineNo}: more than one path: glob");
                    glob = part[5..];
                    if (glob.Length == 0) throw new IgnoreFileException($"{source}:{lineNo}: empty path: glob");
                }
                else if (IsOption(part, "exp:"))
                {
                    if (exp is not null) throw new IgnoreFileException($"{source}:{lineNo}: more than one exp: date");
                    if (!DateOnly.TryParseExact(part[4..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                        throw new IgnoreFileException($"{source}:{lineNo}: invalid expiry '{part[4..]}' (expected exp:YYYY-MM-DD)");
                    exp = d;
                }
                else
                {
                    throw new IgnoreFileException($"{source}:{lineNo}: unexpected '{part}' (expected path:GLOB or exp:YYYY-MM-DD)");
                }
            }
            entries.Add(new IgnoreEntry(parts[0], glob, exp, source, lineNo));
        }
        return new IgnoreFile(entries);
    }

    private static bool IsOption(string token, string name) => token.StartsWith(name, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The same entries, scoped to the directory <paramref name="prefix"/> (a '/'-separated path as it appears at
    /// the start of reported paths): for an ignore file that belongs to one of several scan roots, whose findings
    /// are reported as <c>prefix/relative-path</c>. Anchored globs are resolved below the prefix, unanchored globs
    /// match at any depth below it, and entries without a glob apply to everything below it. An empty prefix
    /// (or ".") changes nothing.
    /// </summary>
    public IgnoreFile Rebase(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var p = prefix.Replace('\\', '/').TrimEnd('/');
        if (p.StartsWith("./", StringComparison.Ordinal)) p = p[2..];
        if (p.Length == 0 || p == ".") return this;
        var root = Glob.Escape(p);
        return new IgnoreFile([.. Entries.Select(e => e with { PathGlob = RebaseGlob(root, e.PathGlob) })]);
    }

    private static string RebaseGlob(string root, string? glob)
    {
        if (glob is null) return root + "/**";
        var g = glob.Replace('\\', '/');
        if (g.StartsWith("./", StringComparison.Ordinal)) g = g[2..];
        var anchored = g.StartsWith('/') || g.TrimEnd('/').Contains('/', StringComparison.Ordinal);
        return anchored ? root + "/" + g.TrimStart('/') : root + "/**/" + g;
    }

    public IgnoreFile Merge(IgnoreFile other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new IgnoreFile([.. Entries, .. other.Entries]);
    }

    /// <summary>Entries that have expired by <paramref name="today"/>; they no longer suppress anything.</summary>
    public IEnumerable<IgnoreEntry> Expired(DateOnly today) => Entries.Where(e => e.IsExpired(today));

    /// <summary>Whether an active (unexpired) entry suppresses the finding.</summary>
    public bool Suppresses(Finding finding, string target, DateOnly today) =>
        Entries.Any(e => !e.IsExpired(today) && e.Matches(finding, target));
}
