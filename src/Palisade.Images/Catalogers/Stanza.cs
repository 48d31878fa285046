using System.Text;

namespace Palisade.Images.Catalogers;

/// <summary>One paragraph of an RFC 822-style database: fields in file order (duplicates kept).</summary>
public sealed class Stanza
{
    internal Stanza(int line, List<KeyValuePair<string, string>> fields)
    {
        Line = line;
        Fields = fields;
    }

    /// <summary>The 1-based line the paragraph starts on.</summary>
    public int Line { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; }

    /// <summary>The first field with this key (dpkg keys compare ignoring case, apk's single letters exactly); null if none.</summary>
    public string? Get(string key, StringComparison comparison = StringComparison.OrdinalIgnoreCase)
    {
        foreach (var field in Fields)
            if (string.Equals(field.Key, key, comparison)) return field.Value;
        return null;
    }

    public bool Has(string key, StringComparison comparison = StringComparison.OrdinalIgnoreCase) => Get(key, comparison) is not null;
}

/// <summary>
/// Parses the paragraph format that dpkg's status database and apk's installed database share: "Key: value" lines
/// (apk writes "K:value"), paragraphs separated by blank lines, a line starting with a space or tab continuing the
/// previous field (its first whitespace character dropped; a lone "." stands for an empty line, as in dpkg). LF or CRLF,
/// a UTF-8 byte-order mark and a missing final newline are all accepted. Anything else (a line with no ':' or an empty
/// key, a continuation with no field to continue, NUL bytes) is corrupt and raises <see cref="CatalogerException"/>.
/// </summary>
public static class StanzaParser
{
    public static IReadOnlyList<Stanza> Parse(byte[] content, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (Array.IndexOf(content, (byte)0) >= 0) throw new CatalogerException("binary content (NUL bytes), not a package database", path);
        return Parse(Encoding.UTF8.GetString(content), path);
    }

    public static IReadOnlyList<Stanza> Parse(string text, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains('\0', StringComparison.Ordinal)) throw new CatalogerException("binary content (NUL bytes), not a package database", path);
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var stanzas = new List<Stanza>();
        List<KeyValuePair<string, string>>? fields = null;
        var start = 0;
        StringBuilder? value = null;
        string? key = null;
        var lineNo = 0;

        void EndField()
        {
            if (key is not null) fields!.Add(new KeyValuePair<string, string>(key, value!.ToString()));
            key = null;
            value = null;
        }

        void EndStanza()
        {
            EndField();
            if (fields is { Count: > 0 }) stanzas.Add(new Stanza(start, fields));
            fields = null;
        }

        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.EndsWith('\r') ? raw[..^1] : raw;
            if (string.IsNullOrWhiteSpace(line))
            {
                EndStanza();
                continue;
            }
            if (line[0] is ' ' or '\t')
            {
                if (key is null) throw new CatalogerException("continuation line with no field to continue", path, lineNo);
                var more = line[1..];
                value!.Append('\n').Append(more.Trim() == "." ? "" : more);
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) throw new CatalogerException(colon == 0 ? "field with an empty name" : "line is neither a \"Key: value\" field nor a continuation", path, lineNo);
            var name = line[..colon];
            if (name.Any(char.IsWhiteSpace)) throw new CatalogerException($"malformed field name \"{Clip(name)}\"", path, lineNo);
            EndField();
            if (fields is null)
            {
                fields = [];
                start = lineNo;
            }
            key = name;
            value = new StringBuilder(line[(colon + 1)..].Trim());
        }
        EndStanza();
        return stanzas;
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "...";
}
