using System.Text;

namespace Palisade.Images.Catalogers.Java;

/// <summary>
/// A JAR manifest (META-INF/MANIFEST.MF): the main section's attributes and the named sections that follow it, each
/// section ending at a blank line. Keys are compared case-insensitively, as the JAR specification says.
/// </summary>
public sealed class JavaManifest
{
    internal JavaManifest(IReadOnlyDictionary<string, string> main, IReadOnlyList<IReadOnlyDictionary<string, string>> sections)
    {
        Main = main;
        Sections = sections;
    }

    /// <summary>The main section (the attributes before the first blank line).</summary>
    public IReadOnlyDictionary<string, string> Main { get; }

    /// <summary>The later sections, in order (usually each starts with "Name:").</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Sections { get; }

    /// <summary>A main-section attribute, trimmed; null when absent or blank.</summary>
    public string? Get(string key) => Main.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    /// <summary>A main-section attribute, else the first section's that has it; null when none has it.</summary>
    public string? GetAnySection(string key)
    {
        if (Get(key) is { } main) return main;
        foreach (var section in Sections)
        {
            if (section.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v)) return v.Trim();
        }
        return null;
    }

    /// <summary>
    /// Parses manifest text leniently: "Key: value" lines, a line starting with one space continues the previous value,
    /// blank lines end a section, and lines that are neither (junk, a lone ':') are ignored. At most 1 MB of text and
    /// 10,000 attributes are considered, so hostile manifests cost bounded work.
    /// </summary>
    public static JavaManifest Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxChars) text = text[..MaxChars];
        var main = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var sections = new List<IReadOnlyDictionary<string, string>>();
        var current = main;
        var started = false;
        string? lastKey = null;
        StringBuilder? lastValue = null;
        var attributes = 0;

        void Flush()
        {
            if (lastKey is not null && lastValue is not null) current[lastKey] = lastValue.ToString();
            lastKey = null;
            lastValue = null;
        }

        foreach (var line in SplitLines(text))
        {
            if (line.Length == 0 || line.Trim().Length == 0 && !line.StartsWith(' '))
            {
                Flush();
                if (started && current.Count > 0)
                {
                    if (!ReferenceEquals(current, main)) sections.Add(current);
                    current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                }
                continue;
            }
            if (line[0] == ' ')
            {
                if (lastValue is not null && lastValue.Length < MaxChars) lastValue.Append(line.AsSpan(1));
                continue;
            }
            Flush();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            var key = line[..colon].Trim();
            if (key.Length == 0 || ++attributes > MaxAttributes) continue;
            var value = line[(colon + 1)..];
            if (value.StartsWith(' ')) value = value[1..];
            lastKey = key;
            lastValue = new StringBuilder(value);
            started = true;
        }
        Flush();
        if (!ReferenceEquals(current, main) && current.Count > 0) sections.Add(current);
        return new JavaManifest(main, sections);
    }

    private const int MaxChars = 1 << 20;
    private const int MaxAttributes = 10_000;

    internal static IEnumerable<string> SplitLines(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('\n' or '\r')) continue;
            yield return text[start..i];
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            start = i + 1;
        }
        if (start < text.Length) yield return text[start..];
    }
}

/// <summary>
/// A Maven pom.properties file (META-INF/maven/GROUP/ARTIFACT/pom.properties), read as Java properties: '#' and '!'
/// comments, the key ending at the first '=', ':' or whitespace, values trimmed, a trailing backslash continuing the line.
/// </summary>
public sealed class PomProperties
{
    internal PomProperties(IReadOnlyDictionary<string, string> properties) => Properties = properties;

    /// <summary>Every property, keys compared exactly.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; }

    public string? GroupId => Value("groupId");

    public string? ArtifactId => Value("artifactId");

    public string? Version => Value("version");

    private string? Value(string key) => Properties.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

    public static PomProperties Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxChars) text = text[..MaxChars];
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = new StringBuilder();
        foreach (var raw in JavaManifest.SplitLines(text))
        {
            var line = pending.Length > 0 ? raw.TrimStart() : raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line[0] is '#' or '!')) continue;
            if (EndsWithOddBackslashes(line))
            {
                pending.Append(line.AsSpan(0, line.Length - 1));
                continue;
            }
            pending.Append(line);
            Add(properties, pending.ToString());
            pending.Clear();
            if (properties.Count > MaxProperties) break;
        }
        if (pending.Length > 0) Add(properties, pending.ToString());
        return new PomProperties(properties);
    }

    private const int MaxChars = 1 << 20;
    private const int MaxProperties = 10_000;

    private static bool EndsWithOddBackslashes(string line)
    {
        var n = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--) n++;
        return n % 2 == 1;
    }

    private static void Add(Dictionary<string, string> properties, string logical)
    {
        var end = 0;
        while (end < logical.Length && logical[end] is not ('=' or ':' or ' ' or '\t' or '\f'))
        {
            if (logical[end] == '\\') end++;
            end++;
        }
        end = Math.Min(end, logical.Length);
        var key = Unescape(logical[..end]);
        var rest = logical[end..].TrimStart(' ', '\t', '\f');
        if (rest.Length > 0 && rest[0] is '=' or ':') rest = rest[1..];
        if (key.Length == 0) return;
        properties[key] = Unescape(rest.Trim());
    }

    private static string Unescape(string s)
    {
        if (!s.Contains('\\', StringComparison.Ordinal)) return s;
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\' || i + 1 >= s.Length)
            {
                sb.Append(s[i]);
                continue;
            }
            var c = s[++i];
            switch (c)
            {
                case 't': sb.Append('\t'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 'f': sb.Append('\f'); break;
                case 'u' when i + 4 < s.Length && ushort.TryParse(s.AsSpan(i + 1, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var code):
                    sb.Append((char)code);
                    i += 4;
                    break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }
}
