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

    /// <summary>Number of nodes under this one with aliases expanded (saturating), used to bound alias bombs.</summary>
    internal long ExpandedSize { get; set; } = 1;

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

public sealed class YSequence : YNode
{
    private readonly List<YNode> _items = [];

    public IReadOnlyList<YNode> Items => _items;
    public int Count => _items.Count;
    public YNode this[int index] => _items[index];

    internal void Add(YNode node) => _items.Add(node);
}

public sealed class YMapping : YNode
{
    private readonly List<KeyValuePair<string, YNode>> _entries = [];
    private Dictionary<string, int>? _index;

    /// <summary>Entries in document order. Keys are the scalar text of the key node.</summary>
    public IReadOnlyList<KeyValuePair<string, YNode>> Entries => _entries;

    public int Count => _entries.Count;

    /// <summary>The line each key was written on, parallel to <see cref="Entries"/>.</summary>
    internal List<int> KeyLines { get; } = [];

    public YNode? this[string key]
    {
        get
        {
            if (_index is not null) return _index.TryGetValue(key, out var i) ? _entries[i].Value : null;
            foreach (var e in _entries)
                if (string.Equals(e.Key, key, StringComparison.Ordinal)) return e.Value;
            return null;
        }
    }

    public bool ContainsKey(string key) => this[key] is not null;

    /// <summary>The line of the key itself (where a finding about that field should point).</summary>
    public int KeyLine(string key)
    {
        for (var i = 0; i < _entries.Count; i++)
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal)) return KeyLines[i];
        return StartLine;
    }

    /// <summary>Adds an entry; returns false (and adds nothing) when the key is already present.</summary>
    internal bool TryAdd(string key, YNode value, int keyLine)
    {
        if (this[key] is not null) return false;
        _entries.Add(new(key, value));
        KeyLines.Add(keyLine);
        if (_index is not null) _index[key] = _entries.Count - 1;
        else if (_entries.Count > 8)
        {
            _index = new Dictionary<string, int>(_entries.Count * 2, StringComparer.Ordinal);
            for (var i = 0; i < _entries.Count; i++) _index[_entries[i].Key] = i;
        }
        return true;
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
