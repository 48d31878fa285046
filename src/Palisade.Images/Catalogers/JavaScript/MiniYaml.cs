namespace Palisade.Images.Catalogers.JavaScript;

/// <summary>A node of <see cref="MiniYaml"/>: a block mapping (keys in file order) or a scalar (flow collections kept raw).</summary>
internal sealed class YamlNode
{
    private readonly List<KeyValuePair<string, YamlNode>> entries = [];
    private readonly Dictionary<string, YamlNode> byKey = new(StringComparer.Ordinal);

    private YamlNode(string? scalar, int line)
    {
        Scalar = scalar;
        Line = line;
    }

    public static YamlNode NewMap(int line) => new(null, line);

    public static YamlNode NewScalar(string value, int line) => new(value, line);

    /// <summary>The scalar text (unquoted), or null for a mapping.</summary>
    public string? Scalar { get; }

    /// <summary>The 1-based line the node starts on.</summary>
    public int Line { get; }

    public bool IsMap => Scalar is null;

    public IReadOnlyList<KeyValuePair<string, YamlNode>> Entries => entries;

    public YamlNode? this[string key] => byKey.GetValueOrDefault(key);

    internal void Add(string key, YamlNode value)
    {
        if (byKey.TryAdd(key, value)) entries.Add(new(key, value));
    }
}

/// <summary>
/// A small reader for the block-style YAML that lock files use: nested mappings by indentation, plain and quoted scalars,
/// flow collections (<c>{a: b}</c>, <c>[x]</c>) kept as raw text, sequences and block scalars skipped, comments, and
/// several documents separated by <c>---</c>. Work is linear in the input and no recursion is used; anything it cannot
/// read as a mapping is a <see cref="CatalogerException"/> with the line.
/// </summary>
internal static class MiniYaml
{
    public const int MaxDepth = 128;

    private sealed class Frame(YamlNode map, int parentIndent)
    {
        public YamlNode Map { get; } = map;
        public int ParentIndent { get; } = parentIndent;
        public int Indent { get; set; } = -1;
        public bool IsSequence { get; set; }
    }

    /// <summary>Every document of the text as a mapping (an empty document is an empty mapping).</summary>
    public static IReadOnlyList<YamlNode> ReadDocuments(string text, string path)
    {
        var documents = new List<YamlNode>();
        var stack = new List<Frame>();
        void NewDocument(int line)
        {
            var root = YamlNode.NewMap(line);
            documents.Add(root);
            stack.Clear();
            stack.Add(new Frame(root, -1));
        }

        NewDocument(1);
        var skipDeeperThan = -1; // lines indented more than this belong to a skipped value (block scalar, continuation, sequence item)
        var lineNo = 0;
        var sawContent = false;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            lineNo++;
            var line = raw.TrimEnd();
            var trimmed = line.TrimStart(' ');
            if (trimmed.IsEmpty) continue;
            var indent = line.Length - trimmed.Length;
            if (skipDeeperThan >= 0 && indent > skipDeeperThan) continue;
            skipDeeperThan = -1;
            if (trimmed[0] == '#') continue;
            if (trimmed[0] == '\t') throw new CatalogerException("tab used for indentation", path, lineNo);
            if (indent == 0 && (trimmed.SequenceEqual("---") || trimmed.StartsWith("--- ") || trimmed.SequenceEqual("...")))
            {
                if (sawContent || trimmed[0] == '.') NewDocument(lineNo);
                sawContent = false;
                continue;
            }
            if (indent == 0 && trimmed[0] == '%') continue; // directive
            sawContent = true;

            var isItem = trimmed[0] == '-' && (trimmed.Length == 1 || trimmed[1] == ' ');
            if (isItem && stack.Count > 1 && stack[^1] is { Indent: < 0 } empty && indent == empty.ParentIndent)
            {
                empty.IsSequence = true; // "key:" followed by "- item" at the key's own indentation
                skipDeeperThan = indent;
                continue;
            }
            while (stack.Count > 1 && indent <= stack[^1].ParentIndent) stack.RemoveAt(stack.Count - 1);
            var frame = stack[^1];
            if (frame.Indent < 0)
            {
                frame.Indent = indent;
            }
            else if (indent != frame.Indent)
            {
                throw new CatalogerException(indent > frame.Indent ? "unexpected indentation" : "indentation does not match any enclosing mapping", path, lineNo);
            }

            if (isItem)
            {
                if (frame.Map.Entries.Count > 0 && !frame.IsSequence)
                    throw new CatalogerException("sequence item inside a mapping", path, lineNo);
                frame.IsSequence = true;
                skipDeeperThan = indent;
                continue;
            }
            if (frame.IsSequence) throw new CatalogerException("mapping key inside a sequence", path, lineNo);

            if (ReadKey(trimmed, out var key, out var rest) is not true)
                throw new CatalogerException($"expected \"key: value\" but found \"{Excerpt(trimmed)}\"", path, lineNo);
            var value = StripComment(rest).Trim();
            if (value.StartsWith('&')) // anchor: "&name" then the value
            {
                var space = value.IndexOf(' ');
                value = space < 0 ? [] : value[(space + 1)..].TrimStart();
            }
            if (value.IsEmpty)
            {
                if (stack.Count >= MaxDepth) throw new CatalogerException($"mappings nested deeper than {MaxDepth} levels", path, lineNo);
                var child = YamlNode.NewMap(lineNo);
                frame.Map.Add(key, child);
                stack.Add(new Frame(child, indent));
                continue;
            }
            if (value[0] is '|' or '>')
            {
                frame.Map.Add(key, YamlNode.NewScalar("", lineNo));
                skipDeeperThan = indent;
                continue;
            }
            frame.Map.Add(key, YamlNode.NewScalar(Unquote(value), lineNo));
            skipDeeperThan = indent; // a plain scalar or flow collection may continue on deeper lines
        }
        if (documents.Count > 1 && !sawContent && documents[^1].Entries.Count == 0) documents.RemoveAt(documents.Count - 1);
        return documents;
    }

    private static bool ReadKey(ReadOnlySpan<char> line, out string key, out ReadOnlySpan<char> rest)
    {
        key = "";
        rest = [];
        if (line[0] is '"' or '\'')
        {
            var quote = line[0];
            var i = 1;
            var sb = new System.Text.StringBuilder();
            while (i < line.Length)
            {
                if (line[i] == quote)
                {
                    if (quote == '\'' && i + 1 < line.Length && line[i + 1] == '\'') { sb.Append('\''); i += 2; continue; }
                    break;
                }
                if (quote == '"' && line[i] == '\\' && i + 1 < line.Length) { sb.Append(line[i + 1]); i += 2; continue; }
                sb.Append(line[i]);
                i++;
            }
            if (i >= line.Length) return false;
            var after = line[(i + 1)..].TrimStart(' ');
            if (after.IsEmpty || after[0] != ':') return false;
            key = sb.ToString();
            rest = after[1..];
            return rest.IsEmpty || rest[0] == ' ';
        }
        if (line[0] is '{' or '[' or '"' or '\'' or '?' or '&' or '*' or '!' or '|' or '>' or '#' or ',') return false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] != ':' || (i + 1 < line.Length && line[i + 1] != ' ')) continue;
            key = line[..i].TrimEnd().ToString();
            rest = line[(i + 1)..];
            return key.Length > 0;
        }
        return false;
    }

    private static ReadOnlySpan<char> StripComment(ReadOnlySpan<char> value)
    {
        var trimmed = value.TrimStart(' ');
        if (trimmed.IsEmpty || trimmed[0] is '"' or '\'' or '{' or '[') return value;
        if (trimmed[0] == '#') return [];
        var hash = value.IndexOf(" #");
        return hash < 0 ? value : value[..hash];
    }

    private static string Unquote(ReadOnlySpan<char> value)
    {
        if (value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0])
        {
            var inner = value[1..^1].ToString();
            return value[0] == '\'' ? inner.Replace("''", "'", StringComparison.Ordinal) : inner.Replace("\\\"", "\"", StringComparison.Ordinal);
        }
        return value.ToString();
    }

    private static string Excerpt(ReadOnlySpan<char> s) => s.Length <= 60 ? s.ToString() : s[..60].ToString() + "...";
}
