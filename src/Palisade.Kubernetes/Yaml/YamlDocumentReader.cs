using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Palisade.Kubernetes.Yaml;

/// <summary>
/// Reads a YAML stream into <see cref="YNode"/> trees, one per document, with line numbers, resolved
/// scalar types, anchors/aliases (shared, never copied), merge keys (<c>&lt;&lt;</c>), and bounds on
/// nesting depth and alias expansion. Iterative: deep input cannot overflow the stack.
/// </summary>
public static class YamlDocumentReader
{
    /// <summary>A parsed document, or the error that ended the stream at this document.</summary>
    public readonly record struct Document(YNode? Root, int Index, DocumentException? Error);

    public static IEnumerable<Document> Read(TextReader reader, DocumentLimits? limits = null)
    {
        limits ??= DocumentLimits.Default;
        var parser = new TrackingParser(new Parser(reader));
        var index = 0;
        while (true)
        {
            YNode? root;
            DocumentException? error = null;
            bool more;
            try
            {
                more = ReadDocument(parser, limits, out root);
            }
            catch (YamlException e)
            {
                error = new DocumentException(Clean(e.Message), (int)e.Start.Line, (int)e.Start.Column);
                root = null;
                more = false;
            }
            catch (DocumentException e)
            {
                error = e;
                root = null;
                more = false;
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
            {
                // YamlDotNet fails on some malformed input with exceptions other than YamlException.
                error = new DocumentException($"malformed YAML near line {parser.LastLine} ({e.Message})", parser.LastLine, 0);
                root = null;
                more = false;
            }
            if (error is not null)
            {
                yield return new Document(null, index, error);
                yield break;
            }
            if (!more) yield break;
            yield return new Document(root, index++, null);
        }
    }

    /// <summary>Remembers where the last event ended, to locate errors the parser itself cannot place.</summary>
    private sealed class TrackingParser(IParser inner) : IParser
    {
        public int LastLine { get; private set; } = 1;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var more = inner.MoveNext();
            if (inner.Current is { } e) LastLine = Math.Max(1, (int)e.End.Line);
            return more;
        }
    }

    private static string Clean(string message)
    {
        // YamlDotNet messages start with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the location is reported separately.
        var i = message.LastIndexOf("): ", StringComparison.Ordinal);
        return i >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(i + 3)..] : message;
    }

    /// <summary>Reads the next document. Returns false at the end of the stream.</summary>
    private static bool ReadDocument(IParser parser, DocumentLimits limits, out YNode? root)
    {
        root = null;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case StreamStart or DocumentEnd:
                    continue;
                case StreamEnd:
                    return false;
                case DocumentStart:
                    root = new Builder(parser, limits).ReadNode();
                    return true;
            }
        }
        return false;
    }

    private sealed class Frame(YNode node)
    {
        public YNode Node { get; } = node;
        public string? Anchor { get; init; }

        /// <summary>Nodes under this one with aliases expanded (saturating): what bounds alias bombs.</summary>
        public long Size { get; set; } = 1;

        // For mappings: the pending key (text and line), or null when the next node is a key.
        public string? PendingKey { get; set; }
        public int PendingKeyLine { get; set; }
        public bool PendingIsMerge { get; set; }
        public List<(YMapping Source, long Size)>? MergeSources { get; set; }
    }

    private sealed class Builder(IParser parser, DocumentLimits limits)
    {
        // Anchored nodes with their expanded sizes; only anchors need sizes after their node is complete.
        private Dictionary<string, (YNode Node, long Size)>? _anchors;
        private readonly Stack<Frame> _stack = new();
        private long _literalNodes;

        private Dictionary<string, (YNode Node, long Size)> Anchors => _anchors ??= new(StringComparer.Ordinal);

        /// <summary>Reads one whole node (the document's root) and its DocumentEnd.</summary>
        public YNode ReadNode()
        {
            YNode? result = null;
            while (result is null)
            {
                if (!parser.MoveNext()) throw new DocumentException("unexpected end of YAML stream", 0, 0);
                var ev = parser.Current!;
                YNode completed;
                long size;
                switch (ev)
                {
                    case Scalar s:
                        completed = ScalarNode(s);
                        size = 1;
                        break;
                    case AnchorAlias a:
                        if (_anchors is null || !_anchors.TryGetValue(a.Value.Value, out var anchored))
                            throw new DocumentException($"unknown anchor '{a.Value.Value}' referenced", (int)a.Start.Line, (int)a.Start.Column);
                        (completed, size) = anchored;
                        break;
                    case MappingStart ms:
                        Push(new YMapping(), ms);
                        continue;
                    case SequenceStart ss:
                        Push(new YSequence(), ss);
                        continue;
                    case MappingEnd or SequenceEnd:
                        (completed, size) = Pop();
                        break;
                    case DocumentEnd:
                        // An empty document.
                        return new YScalar("", YScalarKind.Null) { StartLine = (int)ev.Start.Line, EndLine = (int)ev.Start.Line };
                    default:
                        continue;
                }
                result = Attach(completed, size, ev);
            }
            return result;
        }

        private void Push(YNode node, NodeEvent ev)
        {
            if (_stack.Count >= limits.MaxDepth)
                throw new DocumentException($"nesting deeper than {limits.MaxDepth} levels", (int)ev.Start.Line, (int)ev.Start.Column);
            node.StartLine = (int)ev.Start.Line;
            node.StartColumn = (int)ev.Start.Column;
            node.EndLine = node.StartLine;
            _literalNodes++;
            _stack.Push(new Frame(node) { Anchor = ev.Anchor.IsEmpty ? null : ev.Anchor.Value });
        }

        private (YNode, long) Pop()
        {
            var frame = _stack.Pop();
            if (frame.Node is YMapping m && frame.MergeSources is { } sources)
            {
                // Merge keys: explicit keys win; among merged mappings the first one listed wins.
                foreach (var (src, srcSize) in sources)
                {
                    var added = false;
                    foreach (var (k, v) in src.Entries) added |= m.TryAdd(k, v, src.StartLine);
                    if (added) frame.Size = Saturate(frame.Size + srcSize);
                }
            }
            if (frame.Anchor is not null) Anchors[frame.Anchor] = (frame.Node, frame.Size);
            return (frame.Node, frame.Size);
        }

        private YScalar ScalarNode(Scalar s)
        {
            var kind = s.Style == ScalarStyle.Plain ? ResolveTagged(s.Tag, s.Value, true) : ResolveTagged(s.Tag, s.Value, false);
            var node = new YScalar(StringPool.Intern(s.Value), kind)
            {
                StartLine = (int)s.Start.Line,
                StartColumn = (int)s.Start.Column,
                EndLine = EndLineOf(s),
            };
            _literalNodes++;
            if (!s.Anchor.IsEmpty) Anchors[s.Anchor.Value] = (node, 1);
            return node;
        }

        private static int EndLineOf(ParsingEvent e)
        {
            var end = (int)e.End.Line;
            // Block scalars end at column 1 of the line after their last line.
            return e.End.Column == 1 && end > e.Start.Line ? end - 1 : end;
        }

        private static YScalarKind ResolveTagged(TagName tag, string value, bool plain)
        {
            if (tag.IsEmpty || tag.IsNonSpecific) return plain ? ScalarResolver.Resolve(value) : YScalarKind.String;
            return tag.Value switch
            {
                "tag:yaml.org,2002:str" or "tag:yaml.org,2002:binary" => YScalarKind.String,
                "tag:yaml.org,2002:null" => YScalarKind.Null,
                "tag:yaml.org,2002:bool" => ScalarResolver.ParseBool(value) is null ? throw new DocumentException($"invalid !!bool value '{value}'", 0, 0) : YScalarKind.Bool,
                "tag:yaml.org,2002:int" => ScalarResolver.TryParseInt(value, out _) ? YScalarKind.Int : throw new DocumentException($"invalid !!int value '{value}'", 0, 0),
                "tag:yaml.org,2002:float" => ScalarResolver.TryParseFloat(value, out _) || ScalarResolver.TryParseInt(value, out _) ? YScalarKind.Float : throw new DocumentException($"invalid !!float value '{value}'", 0, 0),
                _ => plain ? ScalarResolver.Resolve(value) : YScalarKind.String,
            };
        }

        /// <summary>Attaches a completed node to its parent. Returns the node when it is the document root.</summary>
        private YNode? Attach(YNode node, long size, ParsingEvent ev)
        {
            if (_stack.Count == 0)
            {
                CheckExpansion(size, ev);
                return node;
            }
            var parent = _stack.Peek();
            switch (parent.Node)
            {
                case YSequence seq:
                    seq.Add(node);
                    Grow(parent, node, size, ev);
                    break;
                case YMapping when parent.PendingKey is null && !parent.PendingIsMerge:
                    if (node is YScalar key)
                    {
                        if (key.Value == "<<" && (ev as Scalar)?.Style == ScalarStyle.Plain) parent.PendingIsMerge = true;
                        else parent.PendingKey = key.Value;
                    }
                    else
                    {
                        // Complex keys do not occur in Kubernetes objects; keep them under a placeholder.
                        parent.PendingKey = "<complex key>";
                    }
                    parent.PendingKeyLine = node.StartLine;
                    break;
                case YMapping map when parent.PendingIsMerge:
                    parent.PendingIsMerge = false;
                    parent.MergeSources ??= [];
                    if (node is YMapping mm) parent.MergeSources.Add((mm, size));
                    else if (node is YSequence ms && ms.Items.All(i => i is YMapping))
                        foreach (var item in ms.Items) parent.MergeSources.Add(((YMapping)item, Saturate(size / Math.Max(1, ms.Count))));
                    else throw new DocumentException("merge key '<<' needs a mapping or a sequence of mappings", node.StartLine, node.StartColumn);
                    map.EndLine = Math.Max(map.EndLine, node.EndLine);
                    break;
                case YMapping map:
                    var k = parent.PendingKey!;
                    parent.PendingKey = null;
                    if (!map.TryAdd(k, node, parent.PendingKeyLine))
                        throw new DocumentException($"mapping key \"{k}\" already defined", parent.PendingKeyLine, 0);
                    Grow(parent, node, size + 1, ev);
                    break;
            }
            return null;
        }

        private void Grow(Frame parent, YNode child, long childSize, ParsingEvent ev)
        {
            parent.Node.EndLine = Math.Max(parent.Node.EndLine, child.EndLine);
            parent.Size = Saturate(parent.Size + childSize);
            CheckExpansion(parent.Size, ev);
        }

        private void CheckExpansion(long size, ParsingEvent ev)
        {
            if (size > limits.MaxExpandedNodes && size > 4 * _literalNodes)
                throw new DocumentException(
                    $"YAML aliases expand to more than {limits.MaxExpandedNodes:N0} nodes (an alias bomb?); refusing to expand",
                    (int)ev.Start.Line, (int)ev.Start.Column);
        }

        private static long Saturate(long v) => v < 0 || v > long.MaxValue / 4 ? long.MaxValue / 4 : v;
    }
}
