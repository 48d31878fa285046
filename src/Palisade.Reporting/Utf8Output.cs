using System.Buffers;
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

    public static void WriteJson(TextWriter output, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(output);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            write(json);
        }
        output.Write(Encoding.GetString(buffer.WrittenSpan));
        output.Write('\n');
        output.Flush();
    }

    public static void WriteStream(TextWriter output, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var stream = new MemoryStream();
        write(stream);
        output.Write(Encoding.GetString(stream.GetBuffer(), 0, (int)stream.Length));
        output.Write('\n');
        output.Flush();
    }
}
