namespace Palisade.Kubernetes.Yaml;

/// <summary>
/// Shares the strings that repeat across manifests (keys such as <c>name</c> and <c>image</c>, values such
/// as <c>TCP</c> or <c>RuntimeDefault</c>) so that thousands of parsed objects do not each keep their own
/// copy. One pool per thread, bounded in size; long strings are not pooled.
/// </summary>
internal static class StringPool
{
    private const int MaxLength = 32;
    private const int MaxEntries = 64 * 1024;

    [ThreadStatic]
    private static HashSet<string>? _pool;

    public static string Intern(string value)
    {
        if (value.Length == 0) return string.Empty;
        if (value.Length > MaxLength) return value;
        var pool = _pool ??= new HashSet<string>(StringComparer.Ordinal);
        if (pool.TryGetValue(value, out var shared)) return shared;
        if (pool.Count < MaxEntries) pool.Add(value);
        return value;
    }
}
