using System.Text;
using System.Text.Json;

namespace Palisade.Images.Catalogers.JavaScript;

/// <summary>What the JavaScript catalogers share: npm purls, package records, path rules, licence fields, decoding.</summary>
internal static class Npm
{
    public const string PurlType = "npm";

    /// <summary>JSON documents nest at most this deep (a hostile lock file fails cleanly instead of recursing).</summary>
    public const int MaxJsonDepth = 256;

    /// <summary>A plausible npm package name: non-empty, no whitespace or control characters, "@scope/name" or no '/'.</summary>
    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 214 * 2) return false;
        if (name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) return false;
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (name[0] == '@')
            return slash > 1 && slash < name.Length - 1 && name.IndexOf('/', slash + 1) < 0;
        return slash < 0;
    }

    /// <summary>pkg:npm/name@version, or pkg:npm/%40scope/name@version for a scoped name.</summary>
    public static string Purl(string name, string version)
    {
        string? ns = null;
        var local = name;
        if (name.StartsWith('@') && name.IndexOf('/', StringComparison.Ordinal) is var slash and > 0)
        {
            ns = name[..slash];
            local = name[(slash + 1)..];
        }
        return PackageUrl.Build(PurlType, ns, local, version);
    }

    public static PackageRecord Record(string name, string version, IReadOnlyList<string> licenses, string path, string? layerDigest) =>
        new(name, version, PurlType, Purl(name, version), licenses, null, null, null, path, layerDigest);

    /// <summary>Whether a normalised path lies inside a node_modules directory (an installed package's own files).</summary>
    public static bool IsInsideNodeModules(string path) =>
        path.StartsWith("node_modules/", StringComparison.Ordinal) || path.Contains("/node_modules/", StringComparison.Ordinal);

    /// <summary>The file name of a normalised path.</summary>
    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>Splits "name@range" (the '@' of a scope is not a separator); null when there is no separator.</summary>
    public static (string Name, string Range)? SplitAtVersion(string spec)
    {
        var at = spec.IndexOf('@', 1);
        if (spec.Length == 0 || at < 0) return null;
        return (spec[..at], spec[(at + 1)..]);
    }

    /// <summary>
    /// The licences of a package.json or package-lock entry: "license" as a string (an SPDX expression, kept whole), an
    /// object with "type", or an array of either; the legacy "licenses" array likewise.
    /// </summary>
    public static IReadOnlyList<string> Licenses(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object) return [];
        var found = new List<string>();
        foreach (var key in (ReadOnlySpan<string>)["license", "licenses"])
        {
            if (!entry.TryGetProperty(key, out var value)) continue;
            if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in value.EnumerateArray()) AddLicense(item, found);
            }
            else
            {
                AddLicense(value, found);
            }
        }
        return found.Distinct(StringComparer.Ordinal).ToList();
    }

    private static void AddLicense(JsonElement value, List<string> found)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object when value.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String => type.GetString(),
            _ => null,
        };
        if (!string.IsNullOrWhiteSpace(text)) found.Add(string.Join(' ', text.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)));
    }

    public static string? String(JsonElement obj, string key) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Parses JSON, turning any syntax error (or nesting beyond <see cref="MaxJsonDepth"/>) into a CatalogerException.</summary>
    public static JsonDocument ParseJson(byte[] content, string path)
    {
        try
        {
            return JsonDocument.Parse(content, new JsonDocumentOptions
            {
                MaxDepth = MaxJsonDepth,
                AllowTrailingCommas = true,
                CommentHandling = JsonCommentHandling.Skip,
            });
        }
        catch (JsonException e)
        {
            throw new CatalogerException("not valid JSON: " + FirstLine(e.Message), path, e.LineNumber is { } line ? (int)Math.Min(line + 1, int.MaxValue) : null, e);
        }
    }

    /// <summary>Decodes UTF-8 text (BOM dropped), refusing binary content.</summary>
    public static string DecodeText(byte[] content, string path)
    {
        var span = content.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        var nul = span.IndexOf((byte)0);
        if (nul >= 0) throw new CatalogerException("binary content (NUL byte): not a text lock file", path, LineOf(span[..nul]));
        return Encoding.UTF8.GetString(span);
    }

    private static int LineOf(ReadOnlySpan<byte> before) => before.Count((byte)'\n') + 1;

    private static string FirstLine(string message)
    {
        var nl = message.IndexOf('\n', StringComparison.Ordinal);
        return nl < 0 ? message : message[..nl];
    }

    /// <summary>Adds a record unless the same name@version is already in the list.</summary>
    public static void AddUnique(List<PackageRecord> packages, HashSet<(string, string)> seen, PackageRecord record)
    {
        if (seen.Add((record.Name, record.Version))) packages.Add(record);
    }
}
