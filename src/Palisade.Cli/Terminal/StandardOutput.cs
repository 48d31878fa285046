using System.Globalization;
using System.Text;

namespace Palisade.Cli.Terminal;

/// <summary>
/// Report output goes through <see cref="Console.Out"/> (so whoever called <see cref="Console.SetOut"/>, a test
/// say, receives it), buffered so that a large table is not written one small piece at a time.
/// </summary>
public static class StandardOutput
{
    /// <summary>UTF-8 without a byte-order mark: what every report and listing is written as.</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Makes the process's own stdout and stderr UTF-8 whatever the locale says (no byte-order mark: .NET never
    /// writes one to the console). Writers installed with Console.SetOut are left as they are.
    /// </summary>
    public static void UseUtf8()
    {
        try
        {
            if (Console.OutputEncoding.CodePage != Utf8.CodePage) Console.OutputEncoding = Utf8;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or ArgumentException)
        {
            // A console that cannot switch keeps its encoding; reports still go out, maybe less prettily.
        }
    }

    /// <summary>Runs <paramref name="write"/> with a buffered writer onto the current <see cref="Console.Out"/>.</summary>
    public static void Write(Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        try
        {
            using var buffered = new BufferedWriter(Console.Out);
            write(buffered);
            buffered.Flush();
        }
        catch (IOException e) when (IsBrokenPipe(e))
        {
            // The reader went away (`palisade ... | head`): nobody is left to read the rest; not an error.
        }
    }

    private static bool IsBrokenPipe(IOException e) =>
        (e.HResult & 0xFFFF) == 32 || e.Message.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase);

    /// <summary>Collects text and hands it to the target in large pieces; never closes the target.</summary>
    private sealed class BufferedWriter(TextWriter target) : TextWriter(CultureInfo.InvariantCulture)
    {
        private const int Threshold = 64 * 1024;
        private readonly StringBuilder _buffer = new();

        public override Encoding Encoding => target.Encoding;

        public override void Write(char value)
        {
            _buffer.Append(value);
            if (_buffer.Length >= Threshold) Drain();
        }

        public override void Write(string? value)
        {
            _buffer.Append(value);
            if (_buffer.Length >= Threshold) Drain();
        }

        public override void Write(char[] buffer, int index, int count)
        {
            _buffer.Append(buffer, index, count);
            if (_buffer.Length >= Threshold) Drain();
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            _buffer.Append(buffer);
            if (_buffer.Length >= Threshold) Drain();
        }

        public override void Flush()
        {
            Drain();
            target.Flush();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) Flush();
            base.Dispose(disposing);
        }

        private void Drain()
        {
            if (_buffer.Length == 0) return;
            foreach (var chunk in _buffer.GetChunks()) target.Write(chunk.Span);
            _buffer.Clear();
        }
    }
}
