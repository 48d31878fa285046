using Palisade.Core.Rules;

namespace Palisade.Cli.Scanning;

/// <summary>Parses --checks: rule ids and group names, comma separated.</summary>
public static class RuleSelection
{
    public static Func<RuleMetadata, bool> Parse(string? list, IReadOnlyList<RuleMetadata> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (string.IsNullOrWhiteSpace(list)) return _ => true;
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var groups = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var knownGroups = rules.SelectMany(r => r.Groups).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (rules.Any(r => string.Equals(r.Id, item, StringComparison.OrdinalIgnoreCase))) ids.Add(item);
            else if (knownGroups.Contains(item)) groups.Add(item);
            else
                throw new FormatException($"unknown check or group '{item}' in --checks (groups: {string.Join(", ", knownGroups.Order(StringComparer.Ordinal))}; see `palisade checks list`)");
        }
        return r => ids.Contains(r.Id) || r.Groups.Any(groups.Contains);
    }
}
