using System.Globalization;
using Palisade.Core.Findings;

namespace Palisade.Secrets.Gitleaks;

/// <summary>
/// A gitleaks <c>.gitleaksignore</c> file: one finding fingerprint per line, <c>file:rule-id:line</c> (that finding in
/// any commit, or in the files) or <c>commit:file:rule-id:line</c> (that finding in that commit). Blank lines and lines
/// starting with <c>#</c> are skipped; backslashes in the file part are read as slashes (files written on Windows).
/// </summary>
public sealed class GitleaksIgnore
{
    private readonly HashSet<string> _fingerprints;

    private GitleaksIgnore(HashSet<string> fingerprints, IReadOnlyList<string> invalid)
    {
        _fingerprints = fingerprints;
        InvalidLines = invalid;
    }

    public static GitleaksIgnore Empty { get; } = new([], []);

    /// <summary>The fingerprints, as read (after path normalisation).</summary>
    public IReadOnlyCollection<string> Fingerprints => _fingerprints;

    /// <summary>Lines that are neither of the two fingerprint forms (gitleaks warns about them and keeps them).</summary>
    public IReadOnlyList<string> InvalidLines { get; }

    /// <exception cref="GitleaksConfigException">The file cannot be read.</exception>
    public static GitleaksIgnore Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GitleaksConfigException($"{path}: cannot read the ignore file: {e.Message}", e);
        }
    }

    public static GitleaksIgnore Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var set = new HashSet<string>(StringComparer.Ordinal);
        var invalid = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split(':');
            switch (parts.Length)
            {
                case 3:
                    parts[0] = parts[0].Replace('\\', '/');
                    break;
                case 4:
                    parts[1] = parts[1].Replace('\\', '/');
                    break;
                default:
                    invalid.Add(line);
                    break;
            }
            set.Add(string.Join(':', parts));
        }
        return new GitleaksIgnore(set, invalid);
    }

    /// <summary>Whether the finding's fingerprint (with or without its commit) is listed.</summary>
    public bool IsIgnored(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (finding.Location is not { } loc || _fingerprints.Count == 0) return false;
        var global = $"{loc.Path.Replace('\\', '/')}:{finding.RuleId}:{loc.StartLine.ToString(CultureInfo.InvariantCulture)}";
        return _fingerprints.Contains(global) || (finding.Commit is { } commit && _fingerprints.Contains($"{commit.Sha}:{global}"));
    }
}
