using Palisade.Vulnerabilities.Osv;

namespace Palisade.Vulnerabilities.Database;

/// <summary>The lookup rows of a record: its affected packages (by ecosystem and normalised name) and its aliases.</summary>
internal static class RecordKeys
{
    /// <summary>One affected-package row: ecosystem base, normalised name, ecosystem as written.</summary>
    public readonly record struct Key(string Base, string Name, string Ecosystem);

    /// <summary>The distinct packages the record affects.</summary>
    public static Key[] Affected(OsvRecord record)
    {
        if (record.Affected.Count == 0) return [];
        var keys = new HashSet<Key>();
        foreach (var a in record.Affected)
            if (a.Package is { } p)
                keys.Add(new Key(PackageNames.EcosystemBase(p.Ecosystem), PackageNames.Normalize(p.Ecosystem, p.Name), p.Ecosystem));
        return [.. keys];
    }

    /// <summary>The distinct aliases of the record, without its own id.</summary>
    public static string[] Aliases(OsvRecord record)
    {
        if (record.Aliases.Count == 0) return [];
        var set = new HashSet<string>(record.Aliases, StringComparer.Ordinal);
        set.Remove(record.Id);
        set.Remove("");
        return [.. set];
    }
}
