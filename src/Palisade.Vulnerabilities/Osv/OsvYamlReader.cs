using System.Buffers;
using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Palisade.Vulnerabilities.Osv;

/// <summary>
/// Reads an OSV record written as YAML (as the PyPA advisory database stores them) into the same model as
/// <see cref="OsvJsonReader"/>: the YAML is turned into JSON (plain scalars keep their text, so <c>fixed: 1.10</c>
/// stays "1.10"), then read as JSON. Nesting, alias expansion and size are bounded by <see cref="OsvReadLimits"/>.
/// </summary>
public static class OsvYamlReader
{
    /// <summary>Reads a record from a YAML file.</summary>
    /// <exception cref="OsvFormatException">The file is not a readable OSV record.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static OsvRecord ReadFile(string path, OsvReadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        limits ??= OsvReadLimits.Default;
        return Read(OsvFiles.ReadBounded(path, limits.MaxRecordBytes), path, limits);
    }

    /// <summary>Reads a record from UTF-8 YAML.</summary>
    /// <exception cref="OsvFormatException">The text is not a readable OSV record.</exception>
    public static OsvRecord Read(ReadOnlySpan<byte> yaml, string source, OsvReadLimits? limits = null)
    {
        limits ??= OsvReadLimits.Default;
        return OsvJsonReader.Read(ToJson(yaml, source, limits), source, limits, lenient: true);
    }

    /// <summary>Reads a record from YAML text.</summary>
    /// <exception cref="OsvFormatException">The text is not a readable OSV record.</exception>
    public static OsvRecord Read(string yaml, string source, OsvReadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return Read(Encoding.UTF8.GetBytes(yaml), source, limits);
    }

    /// <summary>
    /// The JSON equivalent of a one-document YAML record (what the database stores). Plain scalars that are YAML
    /// nulls and booleans become JSON null and booleans, those that are valid JSON numbers stay numbers written
    /// exactly as in the YAML; everything else is a string.
    /// </summary>
    /// <exception cref="OsvFormatException">Malformed YAML, more than one document, or over a limit.</exception>
    public static byte[] ToJson(ReadOnlySpan<byte> yaml, string source, OsvReadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        limits ??= OsvReadLimits.Default;
        if (yaml.Length > limits.MaxRecordBytes)
            throw new OsvFormatException(source, $"the record is {yaml.Length} bytes, over the limit of {limits.MaxRecordBytes}");
        if (yaml.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) yaml = yaml[3..];
        var text = Encoding.UTF8.GetString(yaml);
        var converter = new Converter(source, limits);
        try
        {
            return converter.Convert(new Parser(new StringReader(text)));
        }
        catch (YamlException e)
        {
            throw new OsvFormatException(source, $"malformed YAML at line {e.Start.Line}: {CleanMessage(e.Message)}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            // YamlDotNet reports some malformed input with exceptions other than YamlException.
            throw new OsvFormatException(source, $"malformed YAML: {e.Message}", e);
        }
    }

    private static string CleanMessage(string message)
    {
        // "(Line: 3, Col: 5, Idx: 20) - (Line: 3, Col: 6, Idx: 21): While scanning ..." => "While scanning ..."
        var i = message.LastIndexOf("): ", StringComparison.Ordinal);
        return i >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(i + 3)..] : message;
    }

    private sealed class Converter(string source, OsvReadLimits limits)
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(4096);
        private readonly Dictionary<string, Anchor> _anchors = new(StringComparer.Ordinal);
        private Utf8JsonWriter _json = null!;
        private long _nodes;

        private sealed record Anchor(byte[] Json, long Nodes, string? ScalarText);

        /// <summary>An open mapping or sequence: whether the next mapping entry is a key, and its anchor capture.</summary>
        private sealed class Frame(bool mapping)
        {
            public bool Mapping { get; } = mapping;
            public bool ExpectKey { get; set; } = mapping;
            public string? Anchor { get; init; }
            public int Start { get; init; }
            public long NodesAtStart { get; init; }
        }

        public byte[] Convert(IParser parser)
        {
            using var json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = false, MaxDepth = limits.MaxDepth + 1 });
            _json = json;
            var stack = new Stack<Frame>();
            var documents = 0;
            var done = false;
            while (parser.MoveNext())
            {
                var ev = parser.Current!;
                switch (ev)
                {
                    case StreamStart or StreamEnd or DocumentEnd:
                        continue;
                    case DocumentStart:
                        if (++documents > 1) throw Error(ev, "more than one YAML document: an OSV record is one document");
                        continue;
                    case Comment:
                        continue;
                }
                if (done) throw Error(ev, "more than one YAML document: an OSV record is one document");
                var top = stack.Count > 0 ? stack.Peek() : null;
                if (top is null && ev is not MappingStart)
                    throw Error(ev, "an OSV record is a YAML mapping");
                if (top is { Mapping: true, ExpectKey: true } && ev is not MappingEnd)
                {
                    WriteKey(ev);
                    top.ExpectKey = false;
                    continue;
                }
                switch (ev)
                {
                    case MappingStart ms:
                        Push(stack, new Frame(true) { Anchor = AnchorOf(ms), Start = ms.Anchor.IsEmpty ? 0 : Mark(), NodesAtStart = CountNode(ev) }, ev);
                        json.WriteStartObject();
                        break;
                    case SequenceStart ss:
                        Push(stack, new Frame(false) { Anchor = AnchorOf(ss), Start = ss.Anchor.IsEmpty ? 0 : Mark(), NodesAtStart = CountNode(ev) }, ev);
                        json.WriteStartArray();
                        break;
                    case MappingEnd:
                        json.WriteEndObject();
                        Close(stack.Pop());
                        break;
                    case SequenceEnd:
                        json.WriteEndArray();
                        Close(stack.Pop());
                        break;
                    case Scalar s:
                        {
                            var start = s.Anchor.IsEmpty ? 0 : Mark();
                            var before = _nodes;
                            CountNode(ev);
                            WriteScalar(s);
                            if (!s.Anchor.IsEmpty) Remember(s.Anchor.Value, start, _nodes - before, s.Value);
                            break;
                        }
                    case AnchorAlias a:
                        {
                            var anchor = Find(a);
                            _nodes += anchor.Nodes;
                            if (_nodes > limits.MaxYamlNodes) throw Error(ev, $"more than {limits.MaxYamlNodes} YAML nodes once aliases are expanded");
                            json.WriteRawValue(anchor.Json, skipInputValidation: true);
                            break;
                        }
                    default:
                        throw Error(ev, $"unexpected YAML event {ev.GetType().Name}");
                }
                if (stack.Count > 0 && stack.Peek().Mapping && ev is not MappingStart) stack.Peek().ExpectKey = true;
                CheckSize(ev);
                if (stack.Count == 0) done = true;
            }
            if (!done) throw new OsvFormatException(source, "empty YAML: an OSV record is a YAML mapping");
            json.Flush();
            return _buffer.WrittenSpan.ToArray();
        }

        private void Push(Stack<Frame> stack, Frame frame, ParsingEvent ev)
        {
            if (stack.Count >= limits.MaxDepth) throw Error(ev, $"nested deeper than {limits.MaxDepth} levels");
            stack.Push(frame);
        }

        private void Close(Frame frame)
        {
            if (frame.Anchor is not null) Remember(frame.Anchor, frame.Start, _nodes - frame.NodesAtStart + 1, null);
        }

        private static string? AnchorOf(NodeEvent ev) => ev.Anchor.IsEmpty ? null : ev.Anchor.Value;

        private long CountNode(ParsingEvent ev)
        {
            if (++_nodes > limits.MaxYamlNodes) throw Error(ev, $"more than {limits.MaxYamlNodes} YAML nodes once aliases are expanded");
            return _nodes;
        }

        /// <summary>The position in the output where the next value starts (a separating comma is skipped later).</summary>
        private int Mark()
        {
            _json.Flush();
            return _buffer.WrittenCount;
        }

        private void Remember(string name, int start, long nodes, string? scalarText)
        {
            _json.Flush();
            var span = _buffer.WrittenSpan[start..];
            if (span.Length > 0 && span[0] == (byte)',') span = span[1..];
            _anchors[name] = new Anchor(span.ToArray(), Math.Max(1, nodes), scalarText);
        }

        private Anchor Find(AnchorAlias a) =>
            _anchors.TryGetValue(a.Value.Value, out var anchor) ? anchor : throw Error(a, $"unknown anchor '{a.Value.Value}'");

        private void WriteKey(ParsingEvent ev)
        {
            switch (ev)
            {
                case Scalar s:
                    CountNode(ev);
                    if (!s.Anchor.IsEmpty) _anchors[s.Anchor.Value] = new Anchor(JsonSerializer.SerializeToUtf8Bytes(s.Value), 1, s.Value);
                    _json.WritePropertyName(s.Value);
                    break;
                case AnchorAlias a:
                    var anchor = Find(a);
                    _json.WritePropertyName(anchor.ScalarText ?? throw Error(ev, "a mapping key must be a scalar"));
                    break;
                default:
                    throw Error(ev, "a mapping key must be a scalar");
            }
        }

        private void WriteScalar(Scalar s)
        {
            var value = s.Value;
            var tag = s.Tag.IsEmpty ? null : s.Tag.Value;
            var plain = s.Style == ScalarStyle.Plain && (tag is null || tag == "?");
            if (tag is "tag:yaml.org,2002:str" or "!") plain = false;
            if (!plain)
            {
                _json.WriteStringValue(value);
                return;
            }
            switch (value)
            {
                case "" or "~" or "null" or "Null" or "NULL":
                    _json.WriteNullValue();
                    return;
                case "true" or "True" or "TRUE":
                    _json.WriteBooleanValue(true);
                    return;
                case "false" or "False" or "FALSE":
                    _json.WriteBooleanValue(false);
                    return;
            }
            if (IsJsonNumber(value)) _json.WriteRawValue(value, skipInputValidation: true);
            else _json.WriteStringValue(value);
        }

        private void CheckSize(ParsingEvent ev)
        {
            if (_json.BytesPending + _buffer.WrittenCount > limits.MaxRecordBytes)
                throw Error(ev, $"the record is over {limits.MaxRecordBytes} bytes once aliases are expanded");
        }

        private OsvFormatException Error(ParsingEvent ev, string problem) =>
            new(source, $"line {ev.Start.Line}: {problem}");
    }

    /// <summary>Whether text is a JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</summary>
    internal static bool IsJsonNumber(string s)
    {
        var i = 0;
        if (i < s.Length && s[i] == '-') i++;
        if (i >= s.Length) return false;
        if (s[i] == '0') i++;
        else if (s[i] is >= '1' and <= '9') while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        else return false;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            var digits = i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            if (i == digits) return false;
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-') i++;
            var digits = i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            if (i == digits) return false;
        }
        return i == s.Length && s.Length <= 64;
    }
}
