using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Palisade.Reporting;

/// <summary>Runs a UTF-8 byte writer (JSON, XML) and copies its output to a <see cref="TextWriter"/>.</summary>
internal static class Utf8Output
{
    /// <summary>UTF-8 without a byte-order mark.</summary>
    public static Encoding Encoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private static readonly JsonWriterOptions JsonOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        // Keeps non-ASCII and <>& readable; quotes, backslashes and control characters are still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Writes JSON straight through to <paramref name="output"/>: nothing holds the whole document, so a report
    /// of any size costs a few buffers of memory. Writers call <see cref="FlushIfFull"/> between items.
    /// </summary>
    public static void WriteJson(TextWriter output, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(output);
        using (var stream = new TextWriterStream(output))
        using (var json = new Utf8JsonWriter(stream, JsonOptions))
        {
            write(json);
            json.Flush();
        }
        output.Write('\n');
        output.Flush();
    }

    /// <summary>Hands pending bytes to the output once enough have gathered.</summary>
    public static void FlushIfFull(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.BytesPending >= 32 * 1024) json.Flush();
    }

    /// <summary>Gives <paramref name="write"/> a UTF-8 byte stream whose bytes go straight to <paramref name="output"/>.</summary>
    public static void WriteStream(TextWriter output, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(output);
        using (var stream = new TextWriterStream(output))
        {
            write(stream);
        }
        output.Write('\n');
        output.Flush();
    }

    /// <summary>A write-only stream that decodes UTF-8 into a TextWriter (multi-byte characters may span writes).</summary>
    private sealed class TextWriterStream(TextWriter output) : Stream
    {
        private readonly Decoder _decoder = Encoding.GetDecoder();
        private char[] _chars = new char[4096];

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var needed = _decoder.GetCharCount(buffer, flush: false);
            if (needed > _chars.Length) _chars = new char[Math.Max(needed, _chars.Length * 2)];
            var n = _decoder.GetChars(buffer, _chars, flush: false);
            output.Write(_chars, 0, n);
        }

        public override void Flush() => output.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
