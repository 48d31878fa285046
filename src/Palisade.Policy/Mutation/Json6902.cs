using System.Globalization;
using Newtonsoft.Json.Linq;
using Palisade.Policy.Documents;

namespace Palisade.Policy.Mutation;

/// <summary>
/// Kyverno's <c>patchesJson6902</c>: an RFC 6902 JSON Patch (add, remove, replace, move, copy, test) over RFC 6901
/// pointers (<c>~1</c> is <c>/</c>, <c>~0</c> is <c>~</c>, <c>-</c> is the end of an array, an index inserts before that
/// element), applied with the three options Kyverno turns on (kyverno/kyverno#1645):
/// <list type="bullet">
/// <item>negative indices count from the end: <c>-1</c> is the last element (for add, the position after it, i.e. append);</item>
/// <item><c>add</c> creates missing parents: an array when the next token is an index or <c>-</c>, else an object
/// (<c>/spec/affinity/nodeAffinity/…/nodeSelectorTerms/-1/matchExpressions/-1</c> builds the whole chain);</item>
/// <item><c>remove</c> of a path that does not exist does nothing.</item>
/// </list>
/// <c>replace</c>, <c>move</c>, <c>copy</c> and <c>test</c> need their paths to exist. The Kyverno library writes the
/// operations as a YAML list in a string (<c>patchesJson6902: |-</c>); JSON is accepted too.
/// </summary>
public static class Json6902
{
    /// <summary>The operations of a patch written as a YAML or JSON list.</summary>
    /// <exception cref="PatchException">The text does not parse or is not a list of objects.</exception>
    public static JArray Parse(string patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        IReadOnlyList<JToken> docs;
        try
        {
            docs = PolicyDocuments.ReadAll(patch, "patchesJson6902");
        }
        catch (PolicyDocumentException e)
        {
            throw new PatchException("patchesJson6902 does not parse: " + e.Message);
        }
        if (docs.Count == 0) return [];
        if (docs.Count > 1 || docs[0] is not JArray ops) throw new PatchException("patchesJson6902 must be one list of operations");
        return ops;
    }

    /// <summary>The patched resource (a new object; <paramref name="resource"/> is not modified).</summary>
    /// <exception cref="PatchException">An operation is malformed, its path is bad, or a test fails.</exception>
    public static JObject Apply(JObject resource, string patch) => Apply(resource, Parse(patch));

    /// <inheritdoc cref="Apply(JObject, string)"/>
    public static JObject Apply(JObject resource, JArray operations)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(operations);
        Limits.CheckDepth(resource, "the resource");
        Limits.CheckDepth(operations, "the patch");
        JToken doc = resource.DeepClone();
        for (var i = 0; i < operations.Count; i++)
        {
            var op = operations[i] as JObject ?? throw new PatchException($"operation {i}: not an object");
            try
            {
                doc = ApplyOne(doc, op);
            }
            catch (PatchException e)
            {
                throw new PatchException($"operation {i} ({(string?)op["op"]} {(string?)op["path"]}): {e.Message}");
            }
        }
        return doc as JObject ?? throw new PatchException("the patch replaced the resource with " + doc.Type);
    }

    /// <summary>Applies the patch and tells whether it changed the resource (a rule that changes nothing is a skip).</summary>
    /// <exception cref="PatchException">An operation is malformed, its path is bad, or a test fails.</exception>
    public static MutationResult Mutate(JObject resource, string patch)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return MutationResult.Of(resource, Apply(resource, patch));
    }

    private static JToken ApplyOne(JToken doc, JObject op)
    {
        var name = Text(op, "op");
        var path = JsonPointer.Parse(Text(op, "path"));
        switch (name)
        {
            case "add":
                return Add(doc, path, Required(op, "value").DeepClone());
            case "remove":
                Remove(doc, path, missingIsError: false);
                return doc;
            case "replace":
                return Replace(doc, path, Required(op, "value").DeepClone());
            case "move":
                var from = JsonPointer.Parse(Text(op, "from"));
                if (from.SequenceEqual(path)) return doc;
                if (path.Count > from.Count && path.Take(from.Count).SequenceEqual(from))
                    throw new PatchException("cannot move a value into one of its own children");
                return Add(doc, path, Remove(doc, from, missingIsError: true)!);
            case "copy":
                return Add(doc, path, Get(doc, JsonPointer.Parse(Text(op, "from"))).DeepClone());
            case "test":
                if (!JsonEquality.Equal(Get(doc, path), Required(op, "value"))) throw new PatchException("test failed: the value differs");
                return doc;
            default:
                throw new PatchException($"unknown op '{name}' (expected add, remove, replace, move, copy or test)");
        }
    }

    private static string Text(JObject op, string field) =>
        op.TryGetValue(field, out var v) && v.Type == JTokenType.String ? (string)v! : throw new PatchException($"missing or non-string '{field}'");

    private static JToken Required(JObject op, string field) =>
        op.TryGetValue(field, out var v) ? v : throw new PatchException($"missing '{field}'");

    private static JToken Add(JToken doc, IReadOnlyList<string> path, JToken value)
    {
        if (path.Count == 0) return value;
        var parent = doc;
        for (var i = 0; i < path.Count - 1; i++) parent = Child(parent, path, i);
        var last = path[^1];
        switch (parent)
        {
            case JObject o:
                o[last] = value;
                break;
            case JArray a:
                a.Insert(JsonPointer.Index(last, a.Count, insert: true), value);
                break;
            default:
                throw new PatchException($"{JsonPointer.Format(path, path.Count - 1)} is not an object or array");
        }
        return doc;
    }

    /// <summary>The child at token <paramref name="i"/> on the way to an add, created when missing.</summary>
    private static JToken Child(JToken parent, IReadOnlyList<string> path, int i)
    {
        var token = path[i];
        var created = JsonPointer.IsIndex(path[i + 1]) ? (JToken)new JArray() : new JObject();
        switch (parent)
        {
            case JObject o:
                if (o.TryGetValue(token, out var existing) && existing.Type != JTokenType.Null) return existing;
                o[token] = created;
                return created;
            case JArray a:
                var index = JsonPointer.Index(token, a.Count, insert: false, mustExist: false);
                if (index >= 0) return a[index];
                if (JsonPointer.Index(token, a.Count, insert: true) != a.Count)
                    throw new PatchException($"{JsonPointer.Format(path, i + 1)}: array index {token} is out of range (length {a.Count})");
                a.Add(created);
                return created;
            default:
                throw new PatchException($"{JsonPointer.Format(path, i)} is not an object or array");
        }
    }

    private static JToken Replace(JToken doc, IReadOnlyList<string> path, JToken value)
    {
        if (path.Count == 0) return value;
        var parent = Get(doc, path, path.Count - 1);
        var last = path[^1];
        switch (parent)
        {
            case JObject o when o.ContainsKey(last):
                o[last] = value;
                return doc;
            case JArray a:
                a[JsonPointer.Index(last, a.Count, insert: false)] = value;
                return doc;
            default:
                throw new PatchException($"{JsonPointer.Format(path, path.Count)} does not exist");
        }
    }

    /// <summary>Removes and returns the value at <paramref name="path"/>; a missing path is null or, when asked, an error.</summary>
    private static JToken? Remove(JToken doc, IReadOnlyList<string> path, bool missingIsError)
    {
        if (path.Count == 0) throw new PatchException("cannot remove the whole document");
        var parent = missingIsError ? Get(doc, path, path.Count - 1) : Find(doc, path, path.Count - 1);
        var last = path[^1];
        JToken? removed = null;
        switch (parent)
        {
            case JObject o when o.TryGetValue(last, out var v):
                removed = v;
                o.Remove(last);
                break;
            case JArray a:
                var index = JsonPointer.Index(last, a.Count, insert: false, missingIsError);
                if (index < 0) break;
                removed = a[index];
                a.RemoveAt(index);
                break;
        }
        if (removed is null && missingIsError) throw new PatchException($"{JsonPointer.Format(path, path.Count)} does not exist");
        return removed;
    }

    private static JToken Get(JToken doc, IReadOnlyList<string> path, int count = -1) =>
        Find(doc, path, count < 0 ? path.Count : count) ?? throw new PatchException($"{JsonPointer.Format(path, count < 0 ? path.Count : count)} does not exist");

    /// <summary>The value at the first <paramref name="count"/> tokens, or null when it does not exist.</summary>
    private static JToken? Find(JToken doc, IReadOnlyList<string> path, int count)
    {
        JToken? current = doc;
        for (var i = 0; i < count && current is not null; i++)
        {
            current = current switch
            {
                JObject o => o.TryGetValue(path[i], out var v) ? v : null,
                JArray a => JsonPointer.Index(path[i], a.Count, insert: false, mustExist: false) is var n and >= 0 ? a[n] : null,
                _ => null,
            };
        }
        return current;
    }
}

/// <summary>RFC 6901 JSON pointers: parsing, array index tokens (with Kyverno's negative indices) and formatting.</summary>
internal static class JsonPointer
{
    /// <summary>The unescaped reference tokens of <paramref name="pointer"/> ("" is the whole document).</summary>
    /// <exception cref="PatchException">The pointer does not start with <c>/</c>, has a bad <c>~</c> escape or is too deep.</exception>
    public static IReadOnlyList<string> Parse(string pointer)
    {
        if (pointer.Length == 0) return [];
        if (pointer[0] != '/') throw new PatchException($"JSON pointer '{pointer}' must start with '/'");
        var tokens = pointer[1..].Split('/');
        if (tokens.Length > StrategicMerge.MaxDepth) throw new PatchException($"JSON pointer deeper than {StrategicMerge.MaxDepth} tokens");
        for (var i = 0; i < tokens.Length; i++)
        {
            var t = tokens[i];
            for (var j = t.IndexOf('~', StringComparison.Ordinal); j >= 0; j = t.IndexOf('~', j + 1))
                if (j + 1 >= t.Length || (t[j + 1] != '0' && t[j + 1] != '1'))
                    throw new PatchException($"JSON pointer '{pointer}' has a '~' not followed by 0 or 1");
            tokens[i] = t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        }
        return tokens;
    }

    /// <summary>Whether a token reads as an array position: <c>-</c>, or an integer (negative counts from the end).</summary>
    public static bool IsIndex(string token) => token == "-" || TryInteger(token, out _);

    /// <summary>
    /// The array position a token names in an array of <paramref name="count"/> elements: for an insert, 0..count
    /// (<c>-</c> and <c>-1</c> are count); otherwise an existing element, 0..count-1 (<c>-1</c> the last). Out of range is
    /// an error, or -1 when <paramref name="mustExist"/> is false.
    /// </summary>
    public static int Index(string token, int count, bool insert, bool mustExist = true)
    {
        var size = insert ? count + 1 : count;
        int index;
        if (token == "-") index = insert ? count : -1;
        else if (!TryInteger(token, out index)) throw new PatchException($"'{token}' is not an array index");
        else if (index < 0 && index >= -size) index += size;
        if (index >= 0 && index < size) return index;
        return mustExist ? throw new PatchException($"array index {token} is out of range (length {count})") : -1;
    }

    /// <summary>The pointer made of the first <paramref name="count"/> tokens, escaped again.</summary>
    public static string Format(IReadOnlyList<string> tokens, int count) =>
        count == 0 ? "/" : string.Concat(tokens.Take(count).Select(t => "/" + t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));

    /// <summary>RFC 6901 array indices: digits without leading zeros; Kyverno also allows a leading minus.</summary>
    private static bool TryInteger(string token, out int value)
    {
        value = 0;
        var digits = token.StartsWith('-') ? token.AsSpan(1) : token.AsSpan();
        if (digits.Length == 0 || (digits.Length > 1 && digits[0] == '0') || (token[0] == '-' && digits is "0")) return false;
        foreach (var c in digits)
            if (c is < '0' or > '9') return false;
        return int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
