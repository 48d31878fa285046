using System.Text.Json;

namespace Palisade.Images.Sources;

/// <summary>One entry of an image config's <c>history</c>: the instruction that made a layer (or an empty one).</summary>
public sealed record ImageHistoryEntry(string CreatedBy, bool EmptyLayer);

/// <summary>
/// What an image config (OCI <c>application/vnd.oci.image.config.v1+json</c> or Docker's equivalent) says about how the
/// image runs and how it was built: the user, the health check and the build history.
/// </summary>
public sealed record ImageConfig(string? User, bool HasHealthcheck, IReadOnlyList<ImageHistoryEntry> History)
{
    /// <summary>Reads the fields Palisade checks; a config that is not a JSON object is an <see cref="ImageFormatException"/>.</summary>
    public static ImageConfig Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new Layers.ImageFormatException("image config: not a JSON object");
            string? user = null;
            var healthcheck = false;
            if (root.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object)
            {
                if (config.TryGetProperty("User", out var u) && u.ValueKind == JsonValueKind.String) user = u.GetString();
                // A Healthcheck of ["NONE"] turns a base image's check off.
                healthcheck = config.TryGetProperty("Healthcheck", out var h) && h.ValueKind == JsonValueKind.Object &&
                    h.TryGetProperty("Test", out var test) && test.ValueKind == JsonValueKind.Array && test.GetArrayLength() > 0 &&
                    test[0].GetString() != "NONE";
            }
            var history = new List<ImageHistoryEntry>();
            if (root.TryGetProperty("history", out var entries) && entries.ValueKind == JsonValueKind.Array)
            {
                foreach (var e in entries.EnumerateArray())
                {
                    if (e.ValueKind != JsonValueKind.Object) continue;
                    var createdBy = e.TryGetProperty("created_by", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "";
                    var empty = e.TryGetProperty("empty_layer", out var el) && el.ValueKind == JsonValueKind.True;
                    history.Add(new ImageHistoryEntry(createdBy, empty));
                }
            }
            return new ImageConfig(string.IsNullOrEmpty(user) ? null : user, healthcheck, history);
        }
        catch (JsonException e)
        {
            throw new Layers.ImageFormatException("image config: " + e.Message);
        }
    }
}
