using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Palisade.Vulnerabilities.Osv;

/// <summary>
/// Reads an OSV record from its JSON encoding. Unknown fields are ignored; a known field of the wrong type, a record
/// without an id, malformed JSON, a record over <see cref="OsvReadLimits.MaxRecordBytes"/> or nested deeper than
/// <see cref="OsvReadLimits.MaxDepth"/> raise <see cref="OsvFormatException"/> naming the source and the field.
/// </summary>
public static class OsvJsonReader
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Reads a record from a file.</summary>
    /// <exception cref="OsvFormatException">The file is not a readable OSV record.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static OsvRecord ReadFile(string path, OsvReadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Read(OsvFiles.ReadBounded(path, (limits ?? OsvReadLimits.Default).MaxRecordBytes), path, limits);
    }

    /// <summary>Reads a record from UTF-8 JSON; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="OsvFormatException">The text is not a readable OSV record.</exception>
    public static OsvRecord Read(ReadOnlySpan<byte> json, string source, OsvReadLimits? limits = null) =>
        Read(json, source, limits ?? OsvReadLimits.Default, lenient: false);

    /// <summary>Reads a record from JSON text.</summary>
    /// <exception cref="OsvFormatException">The text is not a readable OSV record.</exception>
    public static OsvRecord Read(string json, string source, OsvReadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Read(Encoding.UTF8.GetBytes(json), source, limits);
    }

    /// <summary>
    /// Reads a record; <paramref name="lenient"/> accepts numbers and booleans where strings belong (taking their
    /// text), which is how YAML records (<c>introduced: 1.0</c>) arrive.
    /// </summary>
    internal static OsvRecord Read(ReadOnlySpan<byte> json, string source, OsvReadLimits limits, bool lenient, bool light = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (json.Length > limits.MaxRecordBytes)
            throw new OsvFormatException(source, $"the record is {json.Length} bytes, over the limit of {limits.MaxRecordBytes}");
        if (json.StartsWith(Bom)) json = json[Bom.Length..];
        if (json.Trim(" \t\r\n"u8).IsEmpty) throw new OsvFormatException(source, "empty file: an OSV record is a JSON object");
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = limits.MaxDepth });
        var ctx = new Context(source, lenient, light);
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject) throw ctx.Error($"an OSV record is a JSON object, not {Describe(reader.TokenType)}");
            var record = ReadRecord(ref reader, json, ctx);
            if (reader.Read()) throw ctx.Error("unexpected text after the record");
            return record;
        }
        catch (JsonException e)
        {
            throw new OsvFormatException(source, e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase)
                ? $"nested deeper than {limits.MaxDepth} levels"
                : "malformed JSON: " + e.Message, e);
        }
        catch (InvalidOperationException e)
        {
            throw new OsvFormatException(source, "malformed JSON: " + e.Message, e);
        }
    }

    /// <summary>Where the reader is (a path like <c>affected[2].ranges[0]</c>), built only when an error needs it.</summary>
    private sealed class Context(string source, bool lenient, bool light)
    {
        private readonly List<(string? Name, int Index)> _path = [];

        public bool Lenient { get; } = lenient;

        /// <summary>
        /// Checks but does not keep <c>credits</c>, and keeps a raw <c>*_specific</c> object only when it has a
        /// <c>severity</c> property (what an import needs beside the record's JSON, which it stores: the lookup rows and
        /// what matching reads); accepts exactly what a full read accepts.
        /// </summary>
        public bool Light { get; } = light;

        public void Enter(string name) => _path.Add((name, -1));

        public void Enter(int index) => _path.Add((null, index));

        public void Leave() => _path.RemoveAt(_path.Count - 1);

        public OsvFormatException Error(string problem)
        {
            if (_path.Count == 0) return new OsvFormatException(source, problem);
            var sb = new StringBuilder();
            foreach (var (name, index) in _path)
            {
                if (name is null) sb.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
                else sb.Append(sb.Length == 0 ? "" : ".").Append(name);
            }
            return new OsvFormatException(source, $"{sb}: {problem}");
        }
    }

    private static OsvRecord ReadRecord(ref Utf8JsonReader r, ReadOnlySpan<byte> input, Context c)
    {
        string? id = null, schema = null, summary = null, details = null, dbSpecific = null;
        DateTimeOffset? modified = null, published = null, withdrawn = null;
        IReadOnlyList<string> aliases = [], related = [], upstream = [];
        IReadOnlyList<OsvSeverity> severity = [];
        IReadOnlyList<OsvAffected> affected = [];
        IReadOnlyList<OsvReference> references = [];
        IReadOnlyList<OsvCredit> credits = [];
        while (NextProperty(ref r))
        {
            if (r.ValueTextEquals("id"u8)) id = StringField(ref r, c, "id");
            else if (r.ValueTextEquals("modified"u8)) modified = TimeField(ref r, c, "modified");
            else if (r.ValueTextEquals("published"u8)) published = TimeField(ref r, c, "published");
            else if (r.ValueTextEquals("withdrawn"u8)) withdrawn = TimeField(ref r, c, "withdrawn");
            else if (r.ValueTextEquals("schema_version"u8)) schema = StringField(ref r, c, "schema_version");
            else if (r.ValueTextEquals("aliases"u8)) aliases = StringList(ref r, c, "aliases");
            else if (r.ValueTextEquals("related"u8)) related = StringList(ref r, c, "related");
            else if (r.ValueTextEquals("upstream"u8)) upstream = StringList(ref r, c, "upstream");
            else if (r.ValueTextEquals("summary"u8)) summary = StringField(ref r, c, "summary");
            else if (r.ValueTextEquals("details"u8)) details = StringField(ref r, c, "details");
            else if (r.ValueTextEquals("severity"u8)) severity = SeverityList(ref r, c, "severity");
            else if (r.ValueTextEquals("affected"u8)) affected = AffectedList(ref r, input, c);
            else if (r.ValueTextEquals("references"u8)) references = ReferenceList(ref r, c);
            else if (r.ValueTextEquals("credits"u8)) credits = c.Light ? CheckObjectList<OsvCredit>(ref r, c, "credits", "credit", ["name"], ["type"], requiredMayBeEmpty: true) : CreditList(ref r, c);
            else if (r.ValueTextEquals("database_specific"u8)) dbSpecific = RawField(ref r, input, c);
            else Skip(ref r);
        }
        if (id is null) throw c.Error("the record has no id");
        if (id.Length == 0) throw c.Error("the record's id is empty");
        if (id.Length > 256) throw c.Error("the record's id is longer than 256 characters");
        foreach (var ch in id)
            if (char.IsControl(ch) || char.IsWhiteSpace(ch)) throw c.Error("the record's id contains white space or control characters");
        return new OsvRecord
        {
            Id = id,
            SchemaVersion = schema,
            Modified = modified,
            Published = published,
            Withdrawn = withdrawn,
            Aliases = aliases,
            Related = related,
            Upstream = upstream,
            Summary = summary,
            Details = details,
            Severity = severity,
            Affected = affected,
            References = references,
            Credits = credits,
            DatabaseSpecific = dbSpecific,
        };
    }

    private static IReadOnlyList<OsvAffected> AffectedList(ref Utf8JsonReader r, ReadOnlySpan<byte> input, Context c)
    {
        c.Enter("affected");
        if (!StartArray(ref r, c)) { c.Leave(); return []; }
        var list = new List<OsvAffected>();
        while (NextElement(ref r))
        {
            c.Enter(list.Count);
            ExpectObject(ref r, c);
            OsvPackage? package = null;
            IReadOnlyList<OsvSeverity> severity = [];
            IReadOnlyList<OsvRange> ranges = [];
            IReadOnlyList<string> versions = [];
            string? ecoSpecific = null, dbSpecific = null;
            while (NextProperty(ref r))
            {
                if (r.ValueTextEquals("package"u8)) package = Package(ref r, c);
                else if (r.ValueTextEquals("severity"u8)) severity = SeverityList(ref r, c, "severity");
                else if (r.ValueTextEquals("ranges"u8)) ranges = RangeList(ref r, input, c);
                else if (r.ValueTextEquals("versions"u8)) versions = StringList(ref r, c, "versions");
                else if (r.ValueTextEquals("ecosystem_specific"u8)) ecoSpecific = RawField(ref r, input, c);
                else if (r.ValueTextEquals("database_specific"u8)) dbSpecific = RawField(ref r, input, c);
                else Skip(ref r);
            }
            list.Add(new OsvAffected
            {
                Package = package,
                Severity = severity,
                Ranges = ranges,
                Versions = versions,
                EcosystemSpecific = ecoSpecific,
                DatabaseSpecific = dbSpecific,
            });
            c.Leave();
        }
        c.Leave();
        return list;
    }

    private static OsvPackage? Package(ref Utf8JsonReader r, Context c)
    {
        c.Enter("package");
        r.Read();
        if (r.TokenType == JsonTokenType.Null) { c.Leave(); return null; }
        if (r.TokenType != JsonTokenType.StartObject) throw c.Error($"must be an object, not {Describe(r.TokenType)}");
        string? ecosystem = null, name = null, purl = null;
        while (NextProperty(ref r))
        {
            if (r.ValueTextEquals("ecosystem"u8)) ecosystem = StringField(ref r, c, "ecosystem");
            else if (r.ValueTextEquals("name"u8)) name = StringField(ref r, c, "name");
            else if (r.ValueTextEquals("purl"u8)) purl = StringField(ref r, c, "purl");
            else Skip(ref r);
        }
        if (string.IsNullOrEmpty(ecosystem)) throw c.Error("has no ecosystem");
        if (string.IsNullOrEmpty(name)) throw c.Error("has no name");
        c.Leave();
        return new OsvPackage(ecosystem, name, purl);
    }

    private static IReadOnlyList<OsvRange> RangeList(ref Utf8JsonReader r, ReadOnlySpan<byte> input, Context c)
    {
        c.Enter("ranges");
        if (!StartArray(ref r, c)) { c.Leave(); return []; }
        var list = new List<OsvRange>();
        while (NextElement(ref r))
        {
            c.Enter(list.Count);
            ExpectObject(ref r, c);
            string? type = null, repo = null, dbSpecific = null;
            List<OsvEvent>? events = null;
            while (NextProperty(ref r))
            {
                if (r.ValueTextEquals("type"u8)) type = StringField(ref r, c, "type");
                else if (r.ValueTextEquals("repo"u8)) repo = StringField(ref r, c, "repo");
                else if (r.ValueTextEquals("events"u8)) events = EventList(ref r, c);
                else if (r.ValueTextEquals("database_specific"u8)) dbSpecific = RawField(ref r, input, c);
                else Skip(ref r);
            }
            if (string.IsNullOrEmpty(type)) throw c.Error("the range has no type");
            if (events is null) throw c.Error("the range has no events");
            list.Add(new OsvRange { Type = type, Repo = repo, Events = events, DatabaseSpecific = dbSpecific });
            c.Leave();
        }
        c.Leave();
        return list;
    }

    private static List<OsvEvent> EventList(ref Utf8JsonReader r, Context c)
    {
        c.Enter("events");
        var list = new List<OsvEvent>();
        if (!StartArray(ref r, c)) { c.Leave(); return list; }
        while (NextElement(ref r))
        {
            c.Enter(list.Count);
            ExpectObject(ref r, c);
            OsvEvent? ev = null;
            var kinds = 0;
            while (NextProperty(ref r))
            {
                OsvEventKind kind;
                string name;
                if (r.ValueTextEquals("introduced"u8)) (kind, name) = (OsvEventKind.Introduced, "introduced");
                else if (r.ValueTextEquals("fixed"u8)) (kind, name) = (OsvEventKind.Fixed, "fixed");
                else if (r.ValueTextEquals("last_affected"u8)) (kind, name) = (OsvEventKind.LastAffected, "last_affected");
                else if (r.ValueTextEquals("limit"u8)) (kind, name) = (OsvEventKind.Limit, "limit");
                else
                {
                    Skip(ref r);
                    continue;
                }
                var version = StringField(ref r, c, name) ?? throw c.Error($"{name} is null");
                kinds++;
                ev = new OsvEvent(kind, version);
            }
            if (kinds != 1 || ev is null)
                throw c.Error(kinds == 0
                    ? "the event has none of introduced, fixed, last_affected, limit"
                    : "the event has more than one of introduced, fixed, last_affected, limit");
            list.Add(ev);
            c.Leave();
        }
        c.Leave();
        return list;
    }

    private static IReadOnlyList<OsvSeverity> SeverityList(ref Utf8JsonReader r, Context c, string field)
    {
        c.Enter(field);
        if (!StartArray(ref r, c)) { c.Leave(); return []; }
        var list = new List<OsvSeverity>();
        while (NextElement(ref r))
        {
            c.Enter(list.Count);
            ExpectObject(ref r, c);
            string? type = null, score = null;
            while (NextProperty(ref r))
            {
                if (r.ValueTextEquals("type"u8)) type = StringField(ref r, c, "type");
                else if (r.ValueTextEquals("score"u8)) score = StringField(ref r, c, "score");
                else Skip(ref r);
            }
            if (string.IsNullOrEmpty(type)) throw c.Error("the severity has no type");
            if (score is null) throw c.Error("the severity has no score");
            list.Add(new OsvSeverity(type, score));
            c.Leave();
        }
        c.Leave();
        return list;
    }

    private static IReadOnlyList<OsvReference> ReferenceList(ref Utf8JsonReader r, Context c)
    {
        c.Enter("references");
        if (!StartArray(ref r, c)) { c.Leave(); return []; }
        var list = new List<OsvReference>();
        while (NextElement(ref r))
        {
            c.Enter(list.Count);
            ExpectObject(ref r, c);
            string? type = null, url = null;
            while (NextProperty(ref r))
            {
                if (r.ValueTextEquals("type"u8)) type = StringField(ref r, c, "type");
                else if (r.ValueTextEquals("url"u8)) url = StringField(ref r, c, "url");
                else Skip(ref r);
            }
            if (string.IsNullOrEmpty(type)) throw c.Error("the reference has no type");
            if (string.IsNullOrEmpty(url)) throw c.Error("the reference has no url");
            list.Add(new OsvReference(type, url));
            c.Leave();
        }
        c.Leave();
        return list;
    }

    private static IReadOnlyList<OsvCredit> CreditList(ref Utf8JsonReader r, Context c)
    {
        c.Enter("credits");
        if (!StartArray(ref r, c)) { c.Leave(); return []; }
        var list = new List<OsvCredit>();
        while (NextElement(ref r))
        {
            c.Enter(list.Count);
            ExpectObject(ref r, c);
            string? name = null, type = null;
            IReadOnlyList<string> contact = [];
            while (NextProperty(ref r))
            {
                if (r.ValueTextEquals("name"u8)) name = StringField(ref r, c, "name");
                else if (r.ValueTextEquals("type"u8)) type = StringField(ref r, c, "type");
                else if (r.ValueTextEquals("contact"u8)) contact = StringList(ref r, c, "contact");
                else Skip(ref r);
            }
            if (name is null) throw c.Error("the credit has no name");
            list.Add(new OsvCredit { Name = name, Type = type, Contact = contact });
            c.Leave();
        }
        c.Leave();
        return list;
    }

    /// <summary>
    /// Checks, without keeping anything, a list of objects the way <see cref="ReferenceList"/> and
    /// <see cref="CreditList"/> read it: <paramref name="required"/> strings must be present and non-empty,
    /// <paramref name="optional"/> ones strings or null, a <c>contact</c> a list of strings; other fields are skipped.
    /// </summary>
    private static IReadOnlyList<T> CheckObjectList<T>(ref Utf8JsonReader r, Context c, string field, string what, string[] required, string[] optional, bool requiredMayBeEmpty)
    {
        c.Enter(field);
        if (!StartArray(ref r, c)) { c.Leave(); return []; }
        var index = 0;
        Span<bool> seen = stackalloc bool[required.Length];
        while (NextElement(ref r))
        {
            c.Enter(index++);
            ExpectObject(ref r, c);
            seen.Clear();
            while (NextProperty(ref r))
            {
                var known = false;
                for (var i = 0; i < required.Length && !known; i++)
                {
                    if (!r.ValueTextEquals(required[i])) continue;
                    known = true;
                    r.Read();
                    c.Enter(required[i]);
                    var empty = r.TokenType == JsonTokenType.Null || (!requiredMayBeEmpty && r.TokenType == JsonTokenType.String && r.ValueSpan.Length == 0);
                    if (!empty) ScalarCheck(ref r, c);
                    c.Leave();
                    seen[i] = !empty;
                }
                for (var i = 0; i < optional.Length && !known; i++)
                {
                    if (!r.ValueTextEquals(optional[i])) continue;
                    known = true;
                    CheckString(ref r, c, optional[i]);
                }
                if (!known && r.ValueTextEquals("contact"u8) && field == "credits")
                {
                    known = true;
                    CheckStringList(ref r, c, "contact");
                }
                if (!known) Skip(ref r);
            }
            for (var i = 0; i < required.Length; i++)
                if (!seen[i]) throw c.Error($"the {what} has no {required[i]}");
            c.Leave();
        }
        c.Leave();
        return [];
    }

    /// <summary>Checks that the current token could be read as a string (see <see cref="ScalarText"/>).</summary>
    private static void ScalarCheck(ref Utf8JsonReader r, Context c)
    {
        if (r.TokenType == JsonTokenType.String) CheckText(ref r);
        if (r.TokenType is JsonTokenType.String or JsonTokenType.Null) return;
        if (c.Lenient && r.TokenType is JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False) return;
        throw c.Error($"must be a string, not {Describe(r.TokenType)}");
    }

    /// <summary>Fails on a string a full read could not decode (invalid UTF-8), as <see cref="Utf8JsonReader.GetString"/> would.</summary>
    private static void CheckText(ref Utf8JsonReader r)
    {
        if (r.ValueIsEscaped) r.GetString();
        else if (!System.Text.Unicode.Utf8.IsValid(r.ValueSpan)) throw new InvalidOperationException("a string is not valid UTF-8");
    }

    /// <summary>Checks that the value of the property just read is a string or null, without keeping it.</summary>
    private static string? CheckString(ref Utf8JsonReader r, Context c, string field)
    {
        r.Read();
        if (r.TokenType == JsonTokenType.String)
        {
            CheckText(ref r);
            return null;
        }
        if (r.TokenType == JsonTokenType.Null) return null;
        if (c.Lenient && r.TokenType is JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False) return null;
        c.Enter(field);
        throw c.Error($"must be a string, not {Describe(r.TokenType)}");
    }

    /// <summary>Checks that the value of the property just read is an array of strings (or null), without keeping it.</summary>
    private static IReadOnlyList<string> CheckStringList(ref Utf8JsonReader r, Context c, string field)
    {
        c.Enter(field);
        if (!StartArray(ref r, c)) { c.Leave(); return []; }
        var n = 0;
        while (NextElement(ref r))
        {
            if (r.TokenType == JsonTokenType.String || (c.Lenient && r.TokenType is JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False))
            {
                if (r.TokenType == JsonTokenType.String) CheckText(ref r);
                n++;
                continue;
            }
            throw c.Error(r.TokenType == JsonTokenType.Null
                ? $"[{n.ToString(CultureInfo.InvariantCulture)}] must be a string, not null"
                : $"must be a string, not {Describe(r.TokenType)}");
        }
        c.Leave();
        return [];
    }

    private static IReadOnlyList<string> StringList(ref Utf8JsonReader r, Context c, string field)
    {
        c.Enter(field);
        if (!StartArray(ref r, c)) { c.Leave(); return []; }
        var list = new List<string>();
        while (NextElement(ref r))
        {
            var s = ScalarText(ref r, c) ?? throw c.Error($"[{list.Count.ToString(CultureInfo.InvariantCulture)}] must be a string, not null");
            list.Add(s);
        }
        c.Leave();
        return list;
    }

    /// <summary>Reads the value of the property just read: a string (or null).</summary>
    private static string? StringField(ref Utf8JsonReader r, Context c, string field)
    {
        r.Read();
        c.Enter(field);
        var s = ScalarText(ref r, c);
        c.Leave();
        return s;
    }

    /// <summary>The current token as a string: null for null, text for strings (and numbers/booleans when lenient).</summary>
    private static string? ScalarText(ref Utf8JsonReader r, Context c) => r.TokenType switch
    {
        JsonTokenType.String => r.GetString(),
        JsonTokenType.Null => null,
        JsonTokenType.Number when c.Lenient => Encoding.UTF8.GetString(r.ValueSpan),
        JsonTokenType.True when c.Lenient => "true",
        JsonTokenType.False when c.Lenient => "false",
        _ => throw c.Error($"must be a string, not {Describe(r.TokenType)}"),
    };

    private static DateTimeOffset? TimeField(ref Utf8JsonReader r, Context c, string field)
    {
        var s = StringField(ref r, c, field);
        if (s is null) return null;
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)) return t;
        c.Enter(field);
        throw c.Error($"'{Shorten(s)}' is not an RFC 3339 timestamp");
    }

    /// <summary>
    /// The raw JSON text of the value of the property just read (null for JSON null); in a light read, null unless the
    /// value is an object with a <c>severity</c> property.
    /// </summary>
    private static string? RawField(ref Utf8JsonReader r, ReadOnlySpan<byte> input, Context c)
    {
        r.Read();
        if (r.TokenType == JsonTokenType.Null) return null;
        var start = (int)r.TokenStartIndex;
        if (c.Light)
        {
            if (r.TokenType != JsonTokenType.StartObject)
            {
                r.Skip();
                return null;
            }
            var rated = false;
            while (NextProperty(ref r))
            {
                rated |= r.ValueTextEquals("severity"u8);
                Skip(ref r);
            }
            if (!rated) return null;
        }
        else r.Skip();
        var end = (int)r.BytesConsumed;
        return Encoding.UTF8.GetString(input[start..end]);
    }

    /// <summary>Moves to the value of the property just read and expects an array; false for null.</summary>
    private static bool StartArray(ref Utf8JsonReader r, Context c)
    {
        r.Read();
        if (r.TokenType == JsonTokenType.Null) return false;
        if (r.TokenType != JsonTokenType.StartArray) throw c.Error($"must be an array, not {Describe(r.TokenType)}");
        return true;
    }

    /// <summary>Moves to the next array element; false at the end of the array.</summary>
    private static bool NextElement(ref Utf8JsonReader r)
    {
        r.Read();
        return r.TokenType != JsonTokenType.EndArray;
    }

    private static void ExpectObject(ref Utf8JsonReader r, Context c)
    {
        if (r.TokenType != JsonTokenType.StartObject) throw c.Error($"must be an object, not {Describe(r.TokenType)}");
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader r)
    {
        r.Read();
        return r.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Skips the value of the property just read.</summary>
    private static void Skip(ref Utf8JsonReader r)
    {
        r.Read();
        r.Skip();
    }

    private static string Describe(JsonTokenType t) => t switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => t.ToString(),
    };

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..60] + "...";
}
