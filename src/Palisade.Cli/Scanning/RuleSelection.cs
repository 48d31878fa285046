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
        var items = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0) throw new FormatException("--checks needs at least one check id or group (see `palisade checks list`)");
        foreach (var item in items)
        {
            if (rules.Any(r => string.Equals(r.Id, item, StringComparison.OrdinalIgnoreCase))) ids.Add(item);
            else if (knownGroups.Contains(item)) groups.Add(item);
            else
                throw new FormatException($"unknown check or group '{item}' in --checks (groups: {string.Join(", ", knownGroups.Order(StringComparer.Ordinal))}; see `palisade checks list`)");
        }
        return r => ids.Contains(r.Id) || r.Groups.Any(groups.Contains);
    }
}
