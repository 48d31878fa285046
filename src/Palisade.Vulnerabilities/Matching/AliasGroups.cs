namespace Palisade.Vulnerabilities.Matching;

/// <summary>Advisories about one vulnerability, merged: the id reported, the other ids, and the advisories themselves.</summary>
public sealed record AliasGroup<T>(string Primary, IReadOnlyList<string> Aliases, IReadOnlyList<T> Members);

/// <summary>
/// Merges advisories that name each other (OSV <c>aliases</c>, in either direction, transitively) so one vulnerability is
/// reported once per package. The reported id is a CVE when the group has one (the lowest), else a GHSA, else the lowest
/// id; every other id becomes an alias.
/// </summary>
public static class AliasGroups
{
    public static IReadOnlyList<AliasGroup<T>> Merge<T>(IEnumerable<T> advisories, Func<T, string> id, Func<T, IEnumerable<string>> aliases)
    {
        ArgumentNullException.ThrowIfNull(advisories);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(aliases);
        var items = advisories.ToList();
        var parent = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string Find(string x)
        {
            if (!parent.TryGetValue(x, out var p)) return parent[x] = x;
            while (!string.Equals(p, x, StringComparison.OrdinalIgnoreCase))
            {
                var grand = parent[p];
                parent[x] = grand;
                x = p;
                p = grand;
            }
            return x;
        }
        void Union(string a, string b)
        {
            var (ra, rb) = (Find(a), Find(b));
            if (!string.Equals(ra, rb, StringComparison.OrdinalIgnoreCase)) parent[ra] = rb;
        }
        foreach (var item in items)
        {
            var own = id(item);
            Find(own);
            foreach (var alias in aliases(item)) Union(own, alias);
        }
        return items
            .GroupBy(i => Find(id(i)), StringComparer.OrdinalIgnoreCase)
            .Select(g =>
            {
                var ids = g.Select(id).Concat(g.SelectMany(aliases)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                var primary = Pick(ids);
                return new AliasGroup<T>(primary, ids.Where(x => !string.Equals(x, primary, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList(), g.ToList());
            })
            .OrderBy(g => g.Primary, StringComparer.Ordinal)
            .ToList();
    }

    private static string Pick(List<string> ids) =>
        ids.Where(i => i.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).FirstOrDefault()
        ?? ids.Where(i => i.StartsWith("GHSA-", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).FirstOrDefault()
        ?? ids.Order(StringComparer.Ordinal).First();
}
