using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Palisade.Secrets.Toml;

/// <summary>
/// A table: keys in document order mapped to values. The root of a document is a table; so are <c>[header]</c> tables,
/// inline tables and the elements of a <see cref="TomlTableArray"/>.
/// </summary>
/// <remarks>
/// The typed getters (<see cref="GetString"/> and friends) return null when the key is absent and throw
/// <see cref="TomlTypeException"/> when it is present with another type.
/// </remarks>
public sealed class TomlTable : TomlValue, IReadOnlyDictionary<string, TomlValue>
{
    private readonly OrderedDictionary<string, TomlValue> _entries = new(StringComparer.Ordinal);

    internal TomlTable(TomlTableOrigin origin) => Origin = origin;

    /// <summary>How the parser came to create this table: drives the spec's redefinition rules.</summary>
    internal TomlTableOrigin Origin { get; set; }

    /// <summary>For tables created by dotted keys: the section (header or inline table) they were created in.</summary>
    internal int Section { get; set; }

    /// <inheritdoc/>
    public override TomlValueKind Kind => TomlValueKind.Table;

    /// <summary>True for a table written inline (<c>{ a = 1 }</c>).</summary>
    public bool IsInline => Origin == TomlTableOrigin.Inline;

    /// <inheritdoc/>
    public int Count => _entries.Count;

    /// <summary>The keys, in document order.</summary>
    public IEnumerable<string> Keys => _entries.Keys;

    /// <summary>The values, in document order.</summary>
    public IEnumerable<TomlValue> Values => _entries.Values;

    /// <summary>The value of <paramref name="key"/>; throws <see cref="KeyNotFoundException"/> when it is absent.</summary>
    public TomlValue this[string key] =>
        _entries.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"TOML key '{key}' not found");

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _entries.ContainsKey(key);

    /// <summary>The value of <paramref name="key"/>, if present.</summary>
    public bool TryGet(string key, [MaybeNullWhen(false)] out TomlValue value) => _entries.TryGetValue(key, out value);

    /// <inheritdoc/>
    bool IReadOnlyDictionary<string, TomlValue>.TryGetValue(string key, [MaybeNullWhen(false)] out TomlValue value) =>
        _entries.TryGetValue(key, out value);

    /// <summary>The string value of <paramref name="key"/>, or null when absent.</summary>
    public string? GetString(string key) => Get<TomlString>(key, "string")?.Value;

    /// <summary>The integer value of <paramref name="key"/>, or null when absent.</summary>
    public long? GetInteger(string key) => Get<TomlInteger>(key, "integer")?.Value;

    /// <summary>The boolean value of <paramref name="key"/>, or null when absent.</summary>
    public bool? GetBool(string key) => Get<TomlBoolean>(key, "boolean")?.Value;

    /// <summary>The float value of <paramref name="key"/>, or null when absent. An integer is accepted and converted (<c>entropy = 3</c>).</summary>
    public double? GetFloat(string key)
    {
        if (!_entries.TryGetValue(key, out var value))
            return null;
        return value switch
        {
            TomlFloat f => f.Value,
            TomlInteger i => i.Value,
            _ => throw new TomlTypeException(key, "float", value.TypeName),
        };
    }

    /// <summary>The date/time value of <paramref name="key"/>, or null when absent.</summary>
    public TomlDateTime? GetDateTime(string key) => Get<TomlDateTime>(key, "date-time");

    /// <summary>The array value of <paramref name="key"/>, or null when absent.</summary>
    public TomlArray? GetArray(string key) => Get<TomlArray>(key, "array");

    /// <summary>The table value of <paramref name="key"/> (a <c>[header]</c> or inline table), or null when absent.</summary>
    public TomlTable? GetTable(string key) => Get<TomlTable>(key, "table");

    /// <summary>The array of strings at <paramref name="key"/>, or null when absent; every element must be a string.</summary>
    public IReadOnlyList<string>? GetStringArray(string key)
    {
        var array = Get<TomlArray>(key, "array of strings");
        if (array is null)
            return null;
        var result = new string[array.Count];
        for (var i = 0; i < result.Length; i++)
            result[i] = array[i] is TomlString s ? s.Value : throw new TomlTypeException(key, "array of strings", $"array containing {array[i].TypeNameWithArticle}");
        return result;
    }

    /// <summary>
    /// The tables at <paramref name="key"/>, or null when absent: an array of tables (<c>[[key]]</c>), or a static array
    /// whose elements are all inline tables (<c>key = [{...}, {...}]</c>), which TOML readers commonly treat alike.
    /// </summary>
    public IReadOnlyList<TomlTable>? GetTableArray(string key)
    {
        if (!_entries.TryGetValue(key, out var value))
            return null;
        switch (value)
        {
            case TomlTableArray tables:
                return tables;
            case TomlArray array:
                var result = new TomlTable[array.Count];
                for (var i = 0; i < result.Length; i++)
                    result[i] = array[i] as TomlTable ?? throw new TomlTypeException(key, "array of tables", $"array containing {array[i].TypeNameWithArticle}");
                return result;
            default:
                throw new TomlTypeException(key, "array of tables", value.TypeName);
        }
    }

    private T? Get<T>(string key, string expected)
        where T : TomlValue
    {
        if (!_entries.TryGetValue(key, out var value))
            return null;
        return value as T ?? throw new TomlTypeException(key, expected, value.TypeName);
    }

    /// <summary>Adds a key that must not be present yet.</summary>
    internal void Add(string key, TomlValue value) => _entries.Add(key, value);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, TomlValue>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>How a table came to exist; TOML's redefinition rules depend on it.</summary>
internal enum TomlTableOrigin
{
    /// <summary>Created as a parent by a header (<c>[a.b.c]</c> creates a and a.b): may still be defined by its own header later.</summary>
    Implicit,
    /// <summary>Defined by its own <c>[header]</c>, or an element of an array of tables, or the root.</summary>
    Header,
    /// <summary>Created by a dotted key (<c>a.b = 1</c> creates a): extendable by more dotted keys only in the same section.</summary>
    Dotted,
    /// <summary>An inline table: complete and immutable once written.</summary>
    Inline,
}
