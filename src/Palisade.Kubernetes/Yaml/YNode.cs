using System.Globalization;

namespace Palisade.Kubernetes.Yaml;

public enum YScalarKind
{
    Null,
    Bool,
    Int,
    Float,
    String,
}

/// <summary>
/// A node of a parsed YAML or JSON document with its position (1-based lines and columns). The tree is
/// immutable once built; aliases share nodes, so a node may appear under several parents.
/// </summary>
public abstract class YNode
{
    public int StartLine { get; internal set; }
    public int StartColumn { get; internal set; }
    public int EndLine { get; internal set; }

    public YMapping? AsMapping() => this as YMapping;
    public YSequence? AsSequence() => this as YSequence;
    public YScalar? AsScalar() => this as YScalar;

    public bool IsNull => this is YScalar { Kind: YScalarKind.Null };
}

public sealed class YScalar : YNode
{
    public YScalar(string value, YScalarKind kind)
    {
        Value = value;
        Kind = kind;
    }

    /// <summary>The scalar's text as written (after YAML unescaping).</summary>
    public string Value { get; }

    public YScalarKind Kind { get; }

    public bool? BoolValue => Kind == YScalarKind.Bool ? ScalarResolver.ParseBool(Value) : null;

    public long? IntValue => Kind == YScalarKind.Int && ScalarResolver.TryParseInt(Value, out var v) ? v : null;

    public double? NumberValue => Kind switch
    {
        YScalarKind.Int => IntValue,
        YScalarKind.Float => ScalarResolver.TryParseFloat(Value, out var d) ? d : null,
        _ => null,
    };

    public override string ToString() => Value;
}

/// <summary>A sequence. Items live in one array (no List wrapper): trees of large manifests stay small.</summary>
public sealed class YSequence : YNode
{
    private YNode[] _items = [];
    private int _count;

    public IReadOnlyList<YNode> Items => new ArraySegment<YNode>(_items, 0, _count);
    public int Count => _count;
    public YNode this[int index] => index < _count ? _items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    internal void Add(YNode node)
    {
        if (_count == _items.Length) Array.Resize(ref _items, Math.Max(4, _count * 2));
        _items[_count++] = node;
    }
}

public sealed class YMapping : YNode
{
    private struct Entry
    {
        public string Key;
        public YNode Value;
        public int KeyLine;
    }

    private Entry[] _entries = [];
    private int _count;
    private Dictionary<string, int>? _index;

    /// <summary>Entries in document order. Keys are the scalar text of the key node.</summary>
    public IReadOnlyList<KeyValuePair<string, YNode>> Entries => new EntryList(this);

    public int Count => _count;

    public YNode? this[string key]
    {
        get
        {
            if (_index is not null) return _index.TryGetValue(key, out var i) ? _entries[i].Value : null;
            var entries = _entries;
            for (var i = 0; i < _count; i++)
                if (string.Equals(entries[i].Key, key, StringComparison.Ordinal)) return entries[i].Value;
            return null;
        }
    }

    public bool ContainsKey(string key) => this[key] is not null;

    /// <summary>The line of the key itself (where a finding about that field should point).</summary>
    public int KeyLine(string key)
    {
        for (var i = 0; i < _count; i++)
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal)) return _entries[i].KeyLine;
        return StartLine;
    }

    /// <summary>Adds an entry; returns false (and adds nothing) when the key is already present.</summary>
    internal bool TryAdd(string key, YNode value, int keyLine)
    {
        if (this[key] is not null) return false;
        if (_count == _entries.Length) Array.Resize(ref _entries, Math.Max(4, _count * 2));
        _entries[_count++] = new Entry { Key = key, Value = value, KeyLine = keyLine };
        if (_index is not null) _index[key] = _count - 1;
        else if (_count > 8)
        {
            _index = new Dictionary<string, int>(_count * 2, StringComparer.Ordinal);
            for (var i = 0; i < _count; i++) _index[_entries[i].Key] = i;
        }
        return true;
    }

    private sealed class EntryList(YMapping map) : IReadOnlyList<KeyValuePair<string, YNode>>
    {
        public KeyValuePair<string, YNode> this[int index] =>
            index < map._count ? new(map._entries[index].Key, map._entries[index].Value) : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => map._count;

        public IEnumerator<KeyValuePair<string, YNode>> GetEnumerator()
        {
            for (var i = 0; i < map._count; i++) yield return new(map._entries[i].Key, map._entries[i].Value);
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>Typed reads of optional fields, the way checks need them.</summary>
public static class YNodeExtensions
{
    /// <summary>The value under a mapping key; null where the node is missing or not a mapping.</summary>
    public static YNode? Get(this YNode? node, string key) => (node as YMapping)?[key];

    public static YNode? Get(this YNode? node, string key1, string key2) => node.Get(key1).Get(key2);

    public static YNode? Get(this YNode? node, string key1, string key2, string key3) => node.Get(key1).Get(key2).Get(key3);

    /// <summary>Follows a path of mapping keys; null where any step is missing or not a mapping.</summary>
    public static YNode? Path(this YNode? node, params ReadOnlySpan<string> keys)
    {
        foreach (var k in keys)
        {
            node = (node as YMapping)?[k];
            if (node is null) return null;
        }
        return node;
    }

    /// <summary>The text of any non-null scalar (numbers and booleans as written); null otherwise.</summary>
    public static string? Text(this YNode? node) =>
        node is YScalar s && s.Kind != YScalarKind.Null ? s.Value : null;

    /// <summary>A YAML boolean's value; null when missing or not a boolean.</summary>
    public static bool? Bool(this YNode? node) => (node as YScalar)?.BoolValue;

    public static long? Int(this YNode? node) => (node as YScalar)?.IntValue;

    public static bool IsTrue(this YNode? node) => node.Bool() == true;

    public static IEnumerable<YNode> Items(this YNode? node) =>
        node is YSequence s ? s.Items : [];

    public static IEnumerable<YMapping> Mappings(this YNode? node) =>
        node is YSequence s ? s.Items.OfType<YMapping>() : [];

    public static IEnumerable<KeyValuePair<string, YNode>> Entries(this YNode? node) =>
        node is YMapping m ? m.Entries : [];

    public static string Describe(this YNode? node) => node switch
    {
        null => "<missing>",
        YScalar { Kind: YScalarKind.Null } => "null",
        YScalar s => s.Value,
        YSequence => "[...]",
        _ => "{...}",
    };

    public static string ToInvariant(this long v) => v.ToString(CultureInfo.InvariantCulture);
}
