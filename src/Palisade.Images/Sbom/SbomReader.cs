using System.Text.Json;
using Palisade.Images.Catalogers;

namespace Palisade.Images.Sbom;

/// <summary>An SBOM that cannot be read: not JSON, not CycloneDX or SPDX, or over a limit. The message says which.</summary>
public sealed class SbomFormatException : FormatException
{
    public SbomFormatException()
    {
    }

    public SbomFormatException(string message) : base(message)
    {
    }

    public SbomFormatException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>What an SBOM file held: its subject and packages, and how many components could not be used (no purl).</summary>
public sealed record SbomDocument(string Format, SbomSubject Subject, int ComponentsWithoutPurl);

/// <summary>
/// Reads CycloneDX (JSON, 1.2 to 1.7) and SPDX (JSON, 2.2 and 2.3) documents back into packages, so that an SBOM made
/// by any tool can be scanned: components (nested ones too) or SPDX packages with a package URL become
/// <see cref="PackageRecord"/>s (type, namespace, name, version, distro and upstream qualifiers from the purl), CycloneDX
/// <c>dependencies</c> and SPDX <c>DEPENDS_ON</c>/<c>DEPENDENCY_OF</c> relationships become
/// <see cref="PackageRecord.DependsOn"/>. Where a component records its location (Palisade's and Syft's
/// properties) it is kept; otherwise the location is the SBOM file itself.
/// </summary>
public static class SbomReader
{
    /// <summary>Larger documents are refused.</summary>
    public const long MaxBytes = 512L << 20;

    private const int MaxDepth = 128;

    /// <exception cref="SbomFormatException">The document is not a CycloneDX or SPDX JSON SBOM, or is malformed.</exception>
    public static SbomDocument Read(byte[] content, string path)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(path);
        if (content.Length > MaxBytes) throw new SbomFormatException($"{path}: larger than {MaxBytes} bytes");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = MaxDepth, AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw new SbomFormatException($"{path}: not JSON ({e.Message}); CycloneDX and SPDX SBOMs are read in their JSON forms", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new SbomFormatException($"{path}: the top level is not an object");
            if (Text(root, "bomFormat") == "CycloneDX") return ReadCycloneDx(root, path);
            if (Text(root, "spdxVersion") is { } spdx && spdx.StartsWith("SPDX-", StringComparison.Ordinal)) return ReadSpdx(root, path);
            throw new SbomFormatException($"{path}: neither a CycloneDX document (\"bomFormat\": \"CycloneDX\") nor an SPDX one (\"spdxVersion\": \"SPDX-2.x\")");
        }
    }

    private static SbomDocument ReadCycloneDx(JsonElement root, string path)
    {
        string name = Path.GetFileName(path), kind = "file";
        string? version = null, digest = null;
        if (root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object &&
            metadata.TryGetProperty("component", out var subject) && subject.ValueKind == JsonValueKind.Object)
        {
            name = Text(subject, "name") ?? name;
            version = Text(subject, "version");
            kind = Text(subject, "type") ?? kind;
            digest = Sha256(subject);
        }
        var byRef = new Dictionary<string, int>(StringComparer.Ordinal);
        var packages = new List<PackageRecord>();
        var withoutPurl = 0;
        var pending = new Stack<JsonElement>();
        if (root.TryGetProperty("components", out var top) && top.ValueKind == JsonValueKind.Array) pending.Push(top);
        while (pending.Count > 0)
        {
            foreach (var c in pending.Pop().EnumerateArray())
            {
                if (c.ValueKind != JsonValueKind.Object) throw new SbomFormatException($"{path}: a component is not an object");
                if (c.TryGetProperty("components", out var nested) && nested.ValueKind == JsonValueKind.Array) pending.Push(nested);
                var purl = Text(c, "purl");
                if (PackageUrl.TryParse(purl) is not { } parsed)
                {
                    withoutPurl++;
                    continue;
                }
                var properties = Properties(c);
                var record = Record(parsed, purl!, Text(c, "name"), Text(c, "version"), Licenses(c),
                    properties.GetValueOrDefault("palisade:location:path") ?? properties.GetValueOrDefault("syft:location:0:path")?.TrimStart('/') ?? Path.GetFileName(path),
                    properties.GetValueOrDefault("palisade:layer:digest") ?? properties.GetValueOrDefault("syft:location:0:layerID"));
                if (Text(c, "bom-ref") is { } bomRef) byRef.TryAdd(bomRef, packages.Count);
                packages.Add(record);
            }
        }
        if (root.TryGetProperty("dependencies", out var dependencies) && dependencies.ValueKind == JsonValueKind.Array)
        {
            var edges = new Dictionary<int, List<PackageKey>>();
            foreach (var d in dependencies.EnumerateArray())
            {
                if (d.ValueKind != JsonValueKind.Object || Text(d, "ref") is not { } from || !byRef.TryGetValue(from, out var i)) continue;
                if (!d.TryGetProperty("dependsOn", out var on) || on.ValueKind != JsonValueKind.Array) continue;
                var list = edges.TryGetValue(i, out var l) ? l : edges[i] = [];
                foreach (var target in on.EnumerateArray())
                {
                    if (target.ValueKind == JsonValueKind.String && byRef.TryGetValue(target.GetString()!, out var j) && j != i)
                        list.Add(new PackageKey(packages[j].Name, packages[j].Version));
                }
            }
            foreach (var (i, list) in edges) packages[i] = packages[i] with { DependsOn = SameFile(packages, i, list) };
        }
        return new SbomDocument("cyclonedx", new SbomSubject(name, version, kind, digest, packages), withoutPurl);
    }

    private static SbomDocument ReadSpdx(JsonElement root, string path)
    {
        var name = Text(root, "name") ?? Path.GetFileName(path);
        var packages = new List<PackageRecord>();
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        var withoutPurl = 0;
        // The package the document DESCRIBES is its subject (an image, a directory), not a dependency.
        var described = new HashSet<string>(StringComparer.Ordinal);
        if (root.TryGetProperty("documentDescribes", out var describes) && describes.ValueKind == JsonValueKind.Array)
            foreach (var d in describes.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.String)) described.Add(d.GetString()!);
        if (root.TryGetProperty("relationships", out var rels) && rels.ValueKind == JsonValueKind.Array)
        {
            foreach (var r in rels.EnumerateArray())
            {
                if (r.ValueKind == JsonValueKind.Object && Text(r, "relationshipType") == "DESCRIBES" && Text(r, "spdxElementId") == "SPDXRef-DOCUMENT" &&
                    Text(r, "relatedSpdxElement") is { } target)
                    described.Add(target);
            }
        }
        if (root.TryGetProperty("packages", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var p in list.EnumerateArray())
            {
                if (p.ValueKind != JsonValueKind.Object) throw new SbomFormatException($"{path}: a package is not an object");
                string? purl = null;
                if (p.TryGetProperty("externalRefs", out var refs) && refs.ValueKind == JsonValueKind.Array)
                {
                    purl = refs.EnumerateArray()
                        .Where(r => r.ValueKind == JsonValueKind.Object && Text(r, "referenceType") == "purl")
                        .Select(r => Text(r, "referenceLocator")).FirstOrDefault(l => l is not null);
                }
                if (PackageUrl.TryParse(purl) is not { } parsed)
                {
                    if (Text(p, "SPDXID") is { } subjectId && described.Contains(subjectId)) name = Text(p, "name") ?? name;
                    else withoutPurl++;
                    continue;
                }
                var licenses = new List<string>();
                foreach (var field in new[] { "licenseDeclared", "licenseConcluded" })
                {
                    if (Text(p, field) is { } l && l is not ("NOASSERTION" or "NONE") && !licenses.Contains(l)) licenses.Add(l);
                }
                if (Text(p, "SPDXID") is { } id) byId.TryAdd(id, packages.Count);
                packages.Add(Record(parsed, purl!, Text(p, "name"), Text(p, "versionInfo"), licenses, Path.GetFileName(path), null));
            }
        }
        if (root.TryGetProperty("relationships", out var relationships) && relationships.ValueKind == JsonValueKind.Array)
        {
            var edges = new Dictionary<int, List<PackageKey>>();
            foreach (var r in relationships.EnumerateArray())
            {
                if (r.ValueKind != JsonValueKind.Object) continue;
                var type = Text(r, "relationshipType");
                var (from, to) = type switch
                {
                    "DEPENDS_ON" => (Text(r, "spdxElementId"), Text(r, "relatedSpdxElement")),
                    "DEPENDENCY_OF" => (Text(r, "relatedSpdxElement"), Text(r, "spdxElementId")),
                    _ => (null, null),
                };
                if (from is null || to is null || !byId.TryGetValue(from, out var i) || !byId.TryGetValue(to, out var j) || i == j) continue;
                (edges.TryGetValue(i, out var l) ? l : edges[i] = []).Add(new PackageKey(packages[j].Name, packages[j].Version));
            }
            foreach (var (i, l) in edges) packages[i] = packages[i] with { DependsOn = SameFile(packages, i, l) };
        }
        return new SbomDocument("spdx", new SbomSubject(name, null, "file", null, packages), withoutPurl);
    }

    /// <summary>Dependency edges only resolve within one location; edges to packages elsewhere are dropped.</summary>
    private static List<PackageKey> SameFile(List<PackageRecord> packages, int i, List<PackageKey> keys) =>
        keys.Where(k => packages.Any(p => p.FoundIn == packages[i].FoundIn && p.Name == k.Name && p.Version == k.Version)).Distinct().ToList();

    private static PackageRecord Record(ParsedPackageUrl purl, string text, string? name, string? version, IReadOnlyList<string> licenses, string foundIn, string? layer)
    {
        // The document's name is kept for display (matching works from the purl); without one, the name is derived from
        // the purl as the catalogers name packages (Go modules and npm packages with their namespace).
        var packageName = !string.IsNullOrEmpty(name) ? name : purl.Type switch
        {
            "golang" or "npm" or "composer" or "swift" when purl.Namespace is not null => purl.Namespace + "/" + purl.Name,
            _ => purl.Name,
        };
        var upstream = purl.Qualifier("upstream");
        string? sourceName = upstream, sourceVersion = null;
        if (upstream is not null && upstream.IndexOf('@', StringComparison.Ordinal) is var at and > 0)
            (sourceName, sourceVersion) = (upstream[..at], upstream[(at + 1)..]);
        return new PackageRecord(packageName, purl.Version ?? version ?? "", purl.Type, text, licenses, sourceName, sourceVersion, purl.Qualifier("arch"), foundIn, layer);
    }

    private static List<string> Licenses(JsonElement component)
    {
        var found = new List<string>();
        if (!component.TryGetProperty("licenses", out var licenses) || licenses.ValueKind != JsonValueKind.Array) return found;
        foreach (var l in licenses.EnumerateArray())
        {
            if (l.ValueKind != JsonValueKind.Object) continue;
            if (Text(l, "expression") is { } expression) found.Add(expression);
            else if (l.TryGetProperty("license", out var license) && license.ValueKind == JsonValueKind.Object &&
                (Text(license, "id") ?? Text(license, "name")) is { } id) found.Add(id);
        }
        return found;
    }

    private static Dictionary<string, string> Properties(JsonElement component)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!component.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Array) return result;
        foreach (var p in properties.EnumerateArray())
        {
            if (p.ValueKind == JsonValueKind.Object && Text(p, "name") is { } n && Text(p, "value") is { } v) result.TryAdd(n, v);
        }
        return result;
    }

    private static string? Sha256(JsonElement component)
    {
        if (!component.TryGetProperty("hashes", out var hashes) || hashes.ValueKind != JsonValueKind.Array) return null;
        return hashes.EnumerateArray().Where(h => h.ValueKind == JsonValueKind.Object && Text(h, "alg") == "SHA-256")
            .Select(h => Text(h, "content")).Where(c => c is not null).Select(c => "sha256:" + c).FirstOrDefault();
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
