using System.Text.RegularExpressions;
using Palisade.Core.Findings;

namespace Palisade.Secrets.Engine;

/// <summary>What an allowlist regex is matched against (gitleaks' regexTarget).</summary>
public enum AllowlistTarget
{
    Secret,
    Match,
    Line,
}

/// <summary>
/// An allowlist (gitleaks' <c>[[rules.allowlists]]</c> / <c>[allowlist]</c>): a finding is allowed when any
/// criterion holds (condition OR, the default) or when every given criterion holds (AND).
/// </summary>
public sealed class SecretAllowlist
{
    public string? Description { get; init; }
    public bool RequireAll { get; init; }
    public AllowlistTarget RegexTarget { get; init; } = AllowlistTarget.Secret;
    public IReadOnlyList<Regex> Regexes { get; init; } = [];
    public IReadOnlyList<Regex> Paths { get; init; } = [];

    /// <summary>Words (compared case-insensitively); a secret containing one is allowed.</summary>
    public IReadOnlyList<string> StopWords { get; init; } = [];

    public IReadOnlyList<string> Commits { get; init; } = [];

    public bool IsEmpty => Regexes.Count == 0 && Paths.Count == 0 && StopWords.Count == 0 && Commits.Count == 0;

    public bool PathAllowed(string path) => Paths.Any(p => p.IsMatch(path));

    public bool CommitAllowed(string? commit) => commit is not null && Commits.Any(c => string.Equals(c, commit, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the file or commit alone is allowed (checked before any regex runs).</summary>
    public bool AllowsFragment(string path, string? commit)
    {
        if (RequireAll)
        {
            // With AND, a path or commit alone decides only when it is the only criterion.
            var checks = new List<bool>();
            if (Commits.Count > 0) checks.Add(CommitAllowed(commit));
            if (Paths.Count > 0) checks.Add(PathAllowed(path));
            return checks.Count > 0 && Regexes.Count == 0 && StopWords.Count == 0 && checks.All(c => c);
        }
        return CommitAllowed(commit) || PathAllowed(path);
    }

    public bool AllowsFinding(string secret, string match, string line, string path, string? commit)
    {
        var target = RegexTarget switch
        {
            AllowlistTarget.Match => match,
            AllowlistTarget.Line => line,
            _ => secret,
        };
        var regexAllowed = Regexes.Any(r => r.IsMatch(target));
        var stopword = StopWords.Any(w => secret.Contains(w, StringComparison.OrdinalIgnoreCase));
        var commitAllowed = CommitAllowed(commit);
        var pathAllowed = PathAllowed(path);
        if (!RequireAll) return commitAllowed || pathAllowed || regexAllowed || stopword;
        var checks = new List<bool>();
        if (Commits.Count > 0) checks.Add(commitAllowed);
        if (Paths.Count > 0) checks.Add(pathAllowed);
        if (Regexes.Count > 0) checks.Add(regexAllowed);
        if (StopWords.Count > 0) checks.Add(stopword);
        return checks.Count > 0 && checks.All(c => c);
    }
}

/// <summary>
/// A secret-detection rule: a regex with an optional secret group, keywords for the prefilter, an entropy
/// threshold, a path filter and allowlists. Built-in rules and gitleaks configurations produce the same type.
/// </summary>
public sealed class SecretRule
{
    public required string Id { get; init; }
    public required string Description { get; init; }

    private Regex? _regex;
    private Lazy<Regex>? _lazyRegex;

    /// <summary>The pattern; null for a path-only rule (a file that should never be committed).</summary>
    public Regex? Regex
    {
        get => _regex ?? _lazyRegex?.Value;
        init => _regex = value;
    }

    /// <summary>
    /// Builds <see cref="Regex"/> on first use (once, whichever thread asks first). A linear-time regex costs milliseconds
    /// to build; a run that never meets a rule's keywords never pays for it (a pre-commit hook on a few files).
    /// </summary>
    public Func<Regex> RegexBuilder
    {
        init => _lazyRegex = new Lazy<Regex>(value, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Which capture group is the secret; 0 = the first non-empty group, or the whole match.</summary>
    public int SecretGroup { get; init; }

    /// <summary>Minimum Shannon entropy of the secret (exclusive); 0 = none.</summary>
    public double Entropy { get; init; }

    /// <summary>Lower-case keywords: the rule runs only on text containing one of them (none = always).</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    public Regex? Path { get; init; }

    public IReadOnlyList<SecretAllowlist> Allowlists { get; init; } = [];

    public Severity Severity { get; init; } = Severity.High;

    /// <summary>A further test of a candidate (secret, whole match): e.g. that a JWT is a Kubernetes service-account token.</summary>
    public Func<string, string, bool>? Validate { get; init; }

    /// <summary>Whether values that look like placeholders (EXAMPLE, xxxx, ${VAR}, &lt;password&gt;) are skipped (built-in rules).</summary>
    public bool SkipPlaceholders { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// Whether every match starts on the line of one of the rule's keywords and ends within two lines after it, so that
    /// the regex needs to read only those lines (built-in single-line rules). False (gitleaks' semantics): the regex reads
    /// the whole text whenever a keyword occurs anywhere in it.
    /// </summary>
    public bool LineScoped { get; init; }

    /// <summary>
    /// A test of each keyword occurrence before any regex runs (built-in rules whose keywords are common words: "token"
    /// must be followed by an assignment for the generic rule to match). Null: every occurrence counts.
    /// </summary>
    public HitFilter? HitFilter { get; init; }
}
