using System.Text;
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
        TextIndex? index = null;
        var candidates = set.Select(text);
        foreach (var i in candidates.Rules)
        {
            var rule = set.Rules[i];
            if (!NeedsRegex(rule, path, commit, matches) || rule.Regex is not { } regex) continue;
            try
            {
                if (candidates.Ranges[i] is { } ranges)
                {
                    foreach (var (start, length) in ranges)
                        for (var m = regex.Match(text, start, length); m.Success; m = m.NextMatch())
                        {
                            index ??= new TextIndex(text);
                            if (ToMatch(set, rule, text, m, path, commit, index) is { } found) matches.Add(found);
                        }
                }
                else
                {
                    foreach (Match m in regex.Matches(text))
                    {
                        index ??= new TextIndex(text);
                        if (ToMatch(set, rule, text, m, path, commit, index) is { } found) matches.Add(found);
                    }
                }
            }
            catch (RegexMatchTimeoutException)
            {
                onError?.Invoke($"rule {rule.Id} timed out on {path}; the rest of this file was not checked with it");
            }
        }
        return matches;
    }

    /// <summary>
    /// <see cref="Detect(SecretRuleSet, string, string, string?, Action{string}?)"/> over a file's UTF-8 bytes, decoding only
    /// what a regex has to read: the ranges around keywords for line-scoped rules, the whole text only for the others
    /// (and only when their keywords occur). Same findings, same positions (lines, and columns in UTF-16 code units).
    /// </summary>
    public static List<SecretMatch> DetectUtf8(SecretRuleSet set, ReadOnlySpan<byte> bytes, string path, string? commit = null, Action<string>? onError = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        var matches = new List<SecretMatch>();
        if (set.GlobalAllowlists.Any(a => a.AllowsFragment(path, commit))) return matches;
        var candidates = set.Select(bytes);
        string? whole = null;
        TextIndex? wholeIndex = null;
        Dictionary<(int, int), (string Text, TextIndex Index)>? windows = null;  // rules often share a range: decode it once
        foreach (var i in candidates.Rules)
        {
            var rule = set.Rules[i];
            if (!NeedsRegex(rule, path, commit, matches) || rule.Regex is not { } regex) continue;
            try
            {
                if (candidates.Ranges[i] is not { } ranges)
                {
                    whole ??= Encoding.UTF8.GetString(bytes);
                    foreach (Match m in regex.Matches(whole))
                    {
                        wholeIndex ??= new TextIndex(whole);
                        if (ToMatch(set, rule, whole, m, path, commit, wholeIndex) is { } found) matches.Add(found);
                    }
                    continue;
                }
                foreach (var (start, length) in ranges)
                {
                    windows ??= [];
                    if (!windows.TryGetValue((start, length), out var window))
                    {
                        var text = Encoding.UTF8.GetString(bytes.Slice(start, length));
                        windows[(start, length)] = window = (text, new TextIndex(text));
                    }
                    foreach (Match m in regex.Matches(window.Text))
                    {
                        if (ToMatch(set, rule, window.Text, m, path, commit, window.Index) is not { } found) continue;
                        if (!AllowedOnFullLine(bytes, start, length, found)) matches.Add(Relocate(found, bytes, start));
                    }
                }
            }
            catch (RegexMatchTimeoutException)
            {
                onError?.Invoke($"rule {rule.Id} timed out on {path}; the rest of this file was not checked with it");
            }
        }
        return matches;
    }

    /// <summary>
    /// Whether the rule's regex has to run on this fragment: not when an allowlist allows the path or commit, or the
    /// rule's path filter excludes it; a path-only rule reports the file itself (added to <paramref name="matches"/>).
    /// </summary>
    private static bool NeedsRegex(SecretRule rule, string path, string? commit, List<SecretMatch> matches)
    {
        if (rule.Allowlists.Any(a => a.AllowsFragment(path, commit))) return false;
        if (rule.Path is not null)
        {
            if (!rule.Path.IsMatch(path)) return false;
            if (rule.Regex is null)
            {
                matches.Add(new SecretMatch(rule, 1, 1, 1, 1, path, "file detected: " + path, 0));
                return false;
            }
        }
        return rule.Regex is not null;
    }

    private static readonly byte[][] InlineAllowBytes = [.. InlineAllow.Select(Encoding.UTF8.GetBytes)];

    /// <summary>
    /// A window cut out of a long line sees only part of that line: an inline-allow comment elsewhere on the line must
    /// still suppress the finding.
    /// </summary>
    private static bool AllowedOnFullLine(ReadOnlySpan<byte> bytes, int start, int length, SecretMatch found)
    {
        var startsLine = start == 0 || bytes[start - 1] == '\n';
        var end = start + length;
        var endsLine = end == bytes.Length || bytes[end - 1] == '\n';
        if (startsLine && endsLine) return false;  // whole lines: the window's own check saw them
        var lineStart = bytes[..start].LastIndexOf((byte)'\n') + 1;
        var nl = bytes[end..].IndexOf((byte)'\n');
        var lineEnd = nl < 0 ? bytes.Length : end + nl;
        var line = bytes[lineStart..lineEnd];
        foreach (var a in InlineAllowBytes)
            if (line.IndexOf(a) >= 0) return true;
        return false;
    }

    /// <summary>Moves a match found in the window starting at byte <paramref name="start"/> to its place in the file.</summary>
    private static SecretMatch Relocate(SecretMatch m, ReadOnlySpan<byte> bytes, int start)
    {
        var before = bytes[..start];
        var lineBase = before.Count((byte)'\n');
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var columnBase = Utf16Length(bytes[lineStart..start]);
        return m with
        {
            StartLine = m.StartLine + lineBase,
            StartColumn = m.StartLine == 1 ? m.StartColumn + columnBase : m.StartColumn,
            EndLine = m.EndLine + lineBase,
            EndColumn = m.EndLine == 1 ? m.EndColumn + columnBase : m.EndColumn,
        };
    }

    /// <summary>The UTF-16 length of valid UTF-8 text: one unit per character, two for those outside the BMP.</summary>
    private static int Utf16Length(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetCharCount(utf8);

    /// <summary>
    /// What every match of a text needs, computed once per text: line starts and the inline-allow comments. (Per match, a
    /// copy or a scan of the match's whole line would make a long single-line text, such as a minified file with many
    /// candidates, quadratic.)
    /// </summary>
    private sealed class TextIndex
    {
        private readonly List<(int Start, int End)> _allowComments = [];

        public TextIndex(string text)
        {
            Newlines = NewlineOffsets(text);
            foreach (var a in InlineAllow)
                for (var i = text.IndexOf(a, StringComparison.Ordinal); i >= 0; i = text.IndexOf(a, i + 1, StringComparison.Ordinal))
                    _allowComments.Add((i, i + a.Length));
            _allowComments.Sort();
        }

        public int[] Newlines { get; }

        /// <summary>Whether an inline-allow comment lies within [start, end).</summary>
        public bool AllowedInline(int start, int end)
        {
            var lo = 0;
            var hi = _allowComments.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (_allowComments[mid].Start < start) lo = mid + 1;
                else hi = mid;
            }
            for (var i = lo; i < _allowComments.Count && _allowComments[i].Start < end; i++)
                if (_allowComments[i].End <= end) return true;
            return false;
        }
    }

    private static SecretMatch? ToMatch(SecretRuleSet set, SecretRule rule, string text, Match m, string path, string? commit, TextIndex index)
    {
        var newlines = index.Newlines;
        // The match without trailing newlines (a pattern ending in \n must not drag the location onto the next line).
        var matchText = m.Value.Trim('\n');
        var start = m.Index + (m.Value.Length - m.Value.TrimStart('\n').Length);
        if (matchText.Length == 0) return null;
        var end = start + matchText.Length;
        var (startLine, startCol) = Position(newlines, start);
        var (endLine, endCol) = Position(newlines, end);
        var lineStart = startLine == 1 ? 0 : newlines[startLine - 2] + 1;
        var lineEnd = endLine - 1 < newlines.Length ? newlines[endLine - 1] : text.Length;
        if (index.AllowedInline(lineStart, lineEnd)) return null;

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
        // The line(s) of the match, only for allowlists that match regexes against it (regexTarget = "line").
        var needsLine = set.GlobalAllowlists.Concat(rule.Allowlists).Any(a => a.RegexTarget == AllowlistTarget.Line && a.Regexes.Count > 0);
        var line = needsLine ? text[lineStart..lineEnd] : "";
        foreach (var a in set.GlobalAllowlists)
            if (a.AllowsFinding(secret, matchText, line, path, commit)) return null;
        foreach (var a in rule.Allowlists)
            if (a.AllowsFinding(secret, matchText, line, path, commit)) return null;

        // Report the secret's own position when it can be found inside the match.
        // (Also at offset 0: the match may go on past the secret, e.g. over a consumed boundary character.)
        var offset = matchText.IndexOf(secret, StringComparison.Ordinal);
        if (offset >= 0)
        {
            (startLine, startCol) = Position(newlines, start + offset);
            (endLine, endCol) = Position(newlines, start + offset + secret.Length);
        }
        return new SecretMatch(rule, startLine, startCol, endLine, endCol, secret, matchText, entropy);
    }

    private static int[] NewlineOffsets(string text)
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
