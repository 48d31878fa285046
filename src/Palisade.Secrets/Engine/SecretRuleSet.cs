using System.Buffers;

namespace Palisade.Secrets.Engine;

/// <summary>
/// Rules ready to run: the global allowlists, and one multi-string search over every rule's keywords so that
/// a text is read once to learn which rules can possibly match it.
/// </summary>
public sealed class SecretRuleSet
{
    private readonly SearchValues<string>? _keywords;
    private readonly Dictionary<string, List<int>> _rulesByKeyword = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string>[] _keywordsByFirstChar = new List<string>[128];
    private readonly List<string> _otherKeywords = [];
    private readonly int[] _alwaysRun;

    public SecretRuleSet(IReadOnlyList<SecretRule> rules, IReadOnlyList<SecretAllowlist>? globalAllowlists = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules;
        GlobalAllowlists = globalAllowlists ?? [];
        var always = new List<int>();
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].Keywords.Count == 0)
            {
                always.Add(i);
                continue;
            }
            foreach (var k in rules[i].Keywords.Select(k => k.ToLowerInvariant()).Distinct())
            {
                if (k.Length == 0) continue;
                if (!_rulesByKeyword.TryGetValue(k, out var list)) _rulesByKeyword[k] = list = [];
                list.Add(i);
            }
        }
        _alwaysRun = [.. always];
        foreach (var k in _rulesByKeyword.Keys)
        {
            var c = char.ToLowerInvariant(k[0]);
            if (c < 128) (_keywordsByFirstChar[c] ??= []).Add(k);
            else _otherKeywords.Add(k);
        }
        if (_rulesByKeyword.Count > 0) _keywords = SearchValues.Create([.. _rulesByKeyword.Keys], StringComparison.OrdinalIgnoreCase);
    }

    public IReadOnlyList<SecretRule> Rules { get; }
    public IReadOnlyList<SecretAllowlist> GlobalAllowlists { get; }

    /// <summary>The indexes of the rules that may match <paramref name="text"/>, in rule order.</summary>
    public List<int> CandidateRules(ReadOnlySpan<char> text)
    {
        var selected = new bool[Rules.Count];
        foreach (var i in _alwaysRun) selected[i] = true;
        if (_keywords is not null)
        {
            var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var pos = 0;
            while (pos < text.Length && found.Count < _rulesByKeyword.Count)
            {
                var idx = text[pos..].IndexOfAny(_keywords);
                if (idx < 0) break;
                var at = pos + idx;
                var first = char.ToLowerInvariant(text[at]);
                var candidates = first < 128 ? _keywordsByFirstChar[first] : _otherKeywords;
                if (candidates is not null)
                    foreach (var k in candidates)
                        if (!found.Contains(k) && text[at..].StartsWith(k, StringComparison.OrdinalIgnoreCase))
                        {
                            found.Add(k);
                            foreach (var r in _rulesByKeyword[k]) selected[r] = true;
                        }
                pos = at + 1;
            }
        }
        var result = new List<int>();
        for (var i = 0; i < selected.Length; i++) if (selected[i]) result.Add(i);
        return result;
    }
}
