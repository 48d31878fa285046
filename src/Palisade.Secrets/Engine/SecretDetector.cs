using System.Text.RegularExpressions;
using Palisade.Core.Secrets;

namespace Palisade.Secrets.Engine;

/// <summary>A secret found in a text: where (1-based lines and columns of the match), which rule, and the secret.</summary>
public sealed record SecretMatch(SecretRule Rule, int StartLine, int StartColumn, int EndLine, int EndColumn, string Secret, string Match, double Entropy);

/// <summary>
/// Runs a rule set over one text (a file, an added hunk, a decoded value) with gitleaks' semantics: path
/// rules, keyword prefilter, regex, secret group, entropy, global then rule allowlists, and inline
/// <c>palisade:allow</c> / <c>gitleaks:allow</c> comments on the line.
/// </summary>
public static class SecretDetector
{
    private static readonly string[] InlineAllow = ["palisade:allow", "gitleaks:allow"];

    public static List<SecretMatch> Detect(SecretRuleSet set, string text, string path, string? commit = null, Action<string>? onError = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(text);
        var matches = new List<SecretMatch>();
        if (set.GlobalAllowlists.Any(a => a.AllowsFragment(path, commit))) return matches;
        int[]? newlines = null;
        foreach (var i in set.CandidateRules(text))
        {
            var rule = set.Rules[i];
            if (rule.Allowlists.Any(a => a.AllowsFragment(path, commit))) continue;
            if (rule.Path is not null)
            {
                if (!rule.Path.IsMatch(path)) continue;
                if (rule.Regex is null)
                {
                    matches.Add(new SecretMatch(rule, 1, 1, 1, 1, path, "file detected: " + path, 0));
                    continue;
                }
            }
            if (rule.Regex is null) continue;
            try
            {
                foreach (Match m in rule.Regex.Matches(text))
                {
                    newlines ??= Newlines(text);
                    if (ToMatch(set, rule, text, m, path, commit, newlines) is { } found) matches.Add(found);
                }
            }
            catch (RegexMatchTimeoutException)
            {
                onError?.Invoke($"rule {rule.Id} timed out on {path}; the rest of this file was not checked with it");
            }
        }
        return matches;
    }

    private static SecretMatch? ToMatch(SecretRuleSet set, SecretRule rule, string text, Match m, string path, string? commit, int[] newlines)
    {
        // The match without trailing newlines (a pattern ending in \n must not drag the location onto the next line).
        var matchText = m.Value.Trim('\n');
        var start = m.Index + (m.Value.Length - m.Value.TrimStart('\n').Length);
        if (matchText.Length == 0) return null;
        var end = start + matchText.Length;
        var (startLine, startCol) = Position(newlines, start);
        var (endLine, endCol) = Position(newlines, end);
        var lineStart = startLine == 1 ? 0 : newlines[startLine - 2] + 1;
        var lineEnd = endLine - 1 < newlines.Length ? newlines[endLine - 1] : text.Length;
        var line = text[lineStart..lineEnd];
        if (InlineAllow.Any(a => line.Contains(a, StringComparison.Ordinal))) return null;

        var secret = matchText;
        var groups = rule.Regex!.Match(matchText);
        if (groups.Success && groups.Groups.Count >= 2)
        {
            if (rule.SecretGroup > 0)
            {
                if (groups.Groups.Count <= rule.SecretGroup) return null;
                secret = groups.Groups[rule.SecretGroup].Value;
            }
            else
            {
                for (var g = 1; g < groups.Groups.Count; g++)
                    if (groups.Groups[g].Length > 0) { secret = groups.Groups[g].Value; break; }
            }
        }
        var entropy = Entropy.Shannon(secret);
        if (rule.Entropy > 0 && entropy <= rule.Entropy) return null;
        if (rule.SkipPlaceholders && SecretHeuristics.IsPlaceholder(secret)) return null;
        if (rule.Validate is { } validate && !validate(secret, matchText)) return null;
        foreach (var a in set.GlobalAllowlists)
            if (a.AllowsFinding(secret, matchText, line, path, commit)) return null;
        foreach (var a in rule.Allowlists)
            if (a.AllowsFinding(secret, matchText, line, path, commit)) return null;

        // Report the secret's own position when it can be found inside the match.
        var offset = matchText.IndexOf(secret, StringComparison.Ordinal);
        if (offset > 0)
        {
            (startLine, startCol) = Position(newlines, start + offset);
            (endLine, endCol) = Position(newlines, start + offset + secret.Length);
        }
        return new SecretMatch(rule, startLine, startCol, endLine, endCol, secret, matchText, entropy);
    }

    private static int[] Newlines(string text)
    {
        var list = new List<int>();
        var i = -1;
        while ((i = text.IndexOf('\n', i + 1)) >= 0) list.Add(i);
        return [.. list];
    }

    /// <summary>1-based line and column of a character offset.</summary>
    private static (int Line, int Column) Position(int[] newlines, int offset)
    {
        var idx = Array.BinarySearch(newlines, offset);
        var before = idx >= 0 ? idx : ~idx; // newlines strictly before offset
        var lineStart = before == 0 ? 0 : newlines[before - 1] + 1;
        return (before + 1, offset - lineStart + 1);
    }
}
