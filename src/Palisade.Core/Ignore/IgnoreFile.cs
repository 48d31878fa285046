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
            string? glob = null;
            DateOnly? exp = null;
            foreach (var part in parts.Skip(1))
            {
                if (part.StartsWith("path:", StringComparison.OrdinalIgnoreCase))
                {
                    glob = part[5..];
                    if (glob.Length == 0) throw new IgnoreFileException($"{source}:{lineNo}: empty path: glob");
                }
                else if (part.StartsWith("exp:", StringComparison.OrdinalIgnoreCase))
                {
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
