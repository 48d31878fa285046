using System.Text.Json;
using Palisade.Core.Findings;

namespace Palisade.Reporting.Json;

/// <summary>JSON shapes shared by the report and the rule catalog, so that both spell them alike.</summary>
internal static class JsonParts
{
    public static void WriteReferences(Utf8JsonWriter json, IReadOnlyList<string> references)
    {
        json.WriteStartArray("references");
        foreach (var reference in references) json.WriteStringValue(reference);
        json.WriteEndArray();
    }

    public static void WriteControls(Utf8JsonWriter json, IReadOnlyList<ComplianceControl> controls)
    {
        json.WriteStartArray("controls");
        foreach (var control in controls)
        {
            json.WriteStartObject();
            json.WriteString("framework", control.Framework);
            json.WriteString("id", control.Id);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
