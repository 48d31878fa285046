using System.Globalization;
using System.Text.Json;

namespace Palisade.Vulnerabilities.Osv;

/// <summary>Writes an <see cref="OsvRecord"/> as OSV JSON (empty lists and null fields are left out).</summary>
public static class OsvJsonWriter
{
    /// <summary>The record as UTF-8 JSON.</summary>
    public static byte[] ToUtf8(OsvRecord record, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
            Write(json, record);
        return stream.ToArray();
    }

    /// <summary>Writes the record as one JSON object.</summary>
    public static void Write(Utf8JsonWriter json, OsvRecord record)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(record);
        json.WriteStartObject();
        String(json, "schema_version", record.SchemaVersion);
        json.WriteString("id", record.Id);
        Time(json, "modified", record.Modified);
        Time(json, "published", record.Published);
        Time(json, "withdrawn", record.Withdrawn);
        Strings(json, "aliases", record.Aliases);
        Strings(json, "related", record.Related);
        Strings(json, "upstream", record.Upstream);
        String(json, "summary", record.Summary);
        String(json, "details", record.Details);
        Severities(json, record.Severity);
        if (record.Affected.Count > 0)
        {
            json.WriteStartArray("affected");
            foreach (var a in record.Affected) Affected(json, a);
            json.WriteEndArray();
        }
        if (record.References.Count > 0)
        {
            json.WriteStartArray("references");
            foreach (var r in record.References)
            {
                json.WriteStartObject();
                json.WriteString("type", r.Type);
                json.WriteString("url", r.Url);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        if (record.Credits.Count > 0)
        {
            json.WriteStartArray("credits");
            foreach (var c in record.Credits)
            {
                json.WriteStartObject();
                json.WriteString("name", c.Name);
                Strings(json, "contact", c.Contact);
                String(json, "type", c.Type);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        Raw(json, "database_specific", record.DatabaseSpecific);
        json.WriteEndObject();
    }

    /// <summary>An RFC 3339 UTC timestamp, with as many fraction digits as it has.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static void Affected(Utf8JsonWriter json, OsvAffected a)
    {
        json.WriteStartObject();
        if (a.Package is { } p)
        {
            json.WriteStartObject("package");
            json.WriteString("ecosystem", p.Ecosystem);
            json.WriteString("name", p.Name);
            String(json, "purl", p.Purl);
            json.WriteEndObject();
        }
        Severities(json, a.Severity);
        if (a.Ranges.Count > 0)
        {
            json.WriteStartArray("ranges");
            foreach (var r in a.Ranges)
            {
                json.WriteStartObject();
                json.WriteString("type", r.Type);
                String(json, "repo", r.Repo);
                json.WriteStartArray("events");
                foreach (var e in r.Events)
                {
                    json.WriteStartObject();
                    json.WriteString(EventName(e.Kind), e.Version);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                Raw(json, "database_specific", r.DatabaseSpecific);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        Strings(json, "versions", a.Versions);
        Raw(json, "ecosystem_specific", a.EcosystemSpecific);
        Raw(json, "database_specific", a.DatabaseSpecific);
        json.WriteEndObject();
    }

    /// <summary>The JSON field name of an event kind.</summary>
    public static string EventName(OsvEventKind kind) => kind switch
    {
        OsvEventKind.Introduced => "introduced",
        OsvEventKind.Fixed => "fixed",
        OsvEventKind.LastAffected => "last_affected",
        _ => "limit",
    };

    private static void Severities(Utf8JsonWriter json, IReadOnlyList<OsvSeverity> list)
    {
        if (list.Count == 0) return;
        json.WriteStartArray("severity");
        foreach (var s in list)
        {
            json.WriteStartObject();
            json.WriteString("type", s.Type);
            json.WriteString("score", s.Score);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void String(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null) json.WriteString(name, value);
    }

    private static void Time(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } t) json.WriteString(name, FormatTime(t));
    }

    private static void Strings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0) return;
        json.WriteStartArray(name);
        foreach (var v in values) json.WriteStringValue(v);
        json.WriteEndArray();
    }

    private static void Raw(Utf8JsonWriter json, string name, string? raw)
    {
        if (raw is null) return;
        json.WritePropertyName(name);
        json.WriteRawValue(raw);
    }
}
