using System.Text;
using System.Text.Json;

namespace Palisade.Images.Catalogers;

/// <summary>Shared input handling for language lock files: size cap, strict UTF-8 text, bounded JSON parsing.</summary>
internal static class LockfileText
{
    /// <summary>Lock files bigger than this are refused (real ones are a few megabytes at most).</summary>
    public const int MaxBytes = 64 << 20;

    private const int MaxJsonDepth = 64;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void CheckSize(string path, byte[] content)
    {
        if (content.Length > MaxBytes)
            throw new CatalogerException(FormattableString.Invariant($"file is {content.Length} bytes, over the {MaxBytes}-byte limit"), path);
    }

    /// <summary>The file as text (a UTF-8 BOM dropped); binary or non-UTF-8 content is refused.</summary>
    public static string Decode(string path, byte[] content)
    {
        CheckSize(path, content);
        var span = content.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        var nul = span.IndexOf((byte)0);
        if (nul >= 0) throw new CatalogerException("binary content (NUL byte): not a text lock file", path, LineAt(span, nul));
        try
        {
            return StrictUtf8.GetString(span);
        }
        catch (DecoderFallbackException e)
        {
            throw new CatalogerException("not UTF-8 text", path, null, e);
        }
    }

    /// <summary>Parses JSON with a depth limit; syntax errors become <see cref="CatalogerException"/>s with the line.</summary>
    public static JsonDocument ParseJson(string path, byte[] content)
    {
        CheckSize(path, content);
        try
        {
            return JsonDocument.Parse(content, new JsonDocumentOptions
            {
                MaxDepth = MaxJsonDepth,
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } n && n < int.MaxValue ? (int)n + 1 : (int?)null;
            throw new CatalogerException("invalid JSON: " + FirstSentence(e.Message), path, line, e);
        }
    }

    /// <summary>The 1-based line of the first occurrence of a JSON property name, or null (for error messages).</summary>
    public static int? LineOfProperty(byte[] content, string name)
    {
        var needle = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(name) + ":");
        var at = content.AsSpan().IndexOf(needle);
        if (at < 0)
        {
            needle = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(name));
            at = content.AsSpan().IndexOf(needle);
        }
        return at < 0 ? null : LineAt(content, at);
    }

    public static int LineAt(ReadOnlySpan<byte> content, int offset) => content[..offset].Count((byte)'\n') + 1;

    public static string? StringProperty(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string FirstSentence(string message)
    {
        foreach (var marker in (string[])[" Path:", " LineNumber:"])
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
        }
        return message.TrimEnd();
    }
}
