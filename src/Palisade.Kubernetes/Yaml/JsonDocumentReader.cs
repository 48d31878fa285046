using System.Text;
using System.Text.Json;

namespace Palisade.Kubernetes.Yaml;

/// <summary>Reads a JSON document into the same <see cref="YNode"/> tree as YAML, with line numbers.</summary>
public static class JsonDocumentReader
{
    public static YNode Read(ReadOnlySpan<byte> utf8, DocumentLimits? limits = null)
    {
        limits ??= DocumentLimits.Default;
        if (utf8.StartsWith("\uFEFF"u8)) utf8 = utf8[3..];
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = limits.MaxDepth,
        });
        var lines = new LineCounter(utf8);
        var stack = new Stack<(YNode Node, string? Key, int KeyLine)>();
        YNode? root = null;
        try
        {
            while (reader.Read())
            {
                var line = lines.LineAt(reader.TokenStartIndex);
                YNode? completed = null;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        stack.Push((new YMapping { StartLine = line, EndLine = line, StartColumn = 1 }, null, 0));
                        continue;
                    case JsonTokenType.StartArray:
                        stack.Push((new YSequence { StartLine = line, EndLine = line, StartColumn = 1 }, null, 0));
                        continue;
                    case JsonTokenType.PropertyName:
                        var top = stack.Pop();
                        stack.Push((top.Node, StringPool.Intern(reader.GetString()!), line));
                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        completed = stack.Pop().Node;
                        completed.EndLine = line;
                        break;
                    case JsonTokenType.String:
                        completed = new YScalar(StringPool.Intern(reader.GetString()!), YScalarKind.String);
                        break;
                    case JsonTokenType.Number:
                        var raw = Encoding.UTF8.GetString(reader.ValueSpan);
                        completed = new YScalar(raw, ScalarResolver.TryParseInt(raw, out _) ? YScalarKind.Int : YScalarKind.Float);
                        break;
                    case JsonTokenType.True:
                        completed = new YScalar("true", YScalarKind.Bool);
                        break;
                    case JsonTokenType.False:
                        completed = new YScalar("false", YScalarKind.Bool);
                        break;
                    case JsonTokenType.Null:
                        completed = new YScalar("null", YScalarKind.Null);
                        break;
                    default:
                        continue;
                }
                if (completed is YScalar)
                {
                    completed.StartLine = line;
                    completed.EndLine = line;
                    completed.StartColumn = 1;
                }
                if (stack.Count == 0)
                {
                    root = completed;
                    continue;
                }
                var parent = stack.Pop();
                if (parent.Node is YMapping map)
                {
                    if (!map.TryAdd(parent.Key!, completed, parent.KeyLine))
                        throw new DocumentException($"duplicate key \"{parent.Key}\"", parent.KeyLine, 0);
                    stack.Push((map, null, 0));
                }
                else
                {
                    ((YSequence)parent.Node).Add(completed);
                    stack.Push(parent);
                }
            }
        }
        catch (JsonException e)
        {
            throw new DocumentException(CleanMessage(e.Message), (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
        }
        return root ?? throw new DocumentException("empty JSON document", 1, 1);
    }

    private static string CleanMessage(string m)
    {
        var i = m.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return i > 0 ? m[..i].TrimEnd() : m;
    }

    /// <summary>Maps byte offsets (visited in increasing order) to 1-based line numbers.</summary>
    private ref struct LineCounter(ReadOnlySpan<byte> text)
    {
        private readonly ReadOnlySpan<byte> _text = text;
        private long _pos;
        private int _line = 1;

        public int LineAt(long offset)
        {
            if (offset > _pos)
            {
                var slice = _text[(int)_pos..(int)Math.Min(offset, _text.Length)];
                _line += slice.Count((byte)'\n');
                _pos = offset;
            }
            return _line;
        }
    }
}
