using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Palisade.Images.Catalogers;

namespace Palisade.Images.Sbom;

/// <summary>What an SBOM describes: the scanned subject and the packages found in it.</summary>
public sealed record SbomSubject(string Name, string? Version, string Kind, string? Digest, IReadOnlyList<PackageRecord> Packages)
{
    /// <summary>Vulnerabilities found in the packages (CycloneDX <c>vulnerabilities</c>); empty for a plain SBOM.</summary>
    public IReadOnlyList<SbomVulnerability> Vulnerabilities { get; init; } = [];
}

/// <summary>A vulnerability in one package, for CycloneDX's <c>vulnerabilities</c> section.</summary>
/// <param name="Severity">critical, high, medium, low, info or unknown (CycloneDX's words).</param>
/// <param name="Method">CVSSv2, CVSSv3, CVSSv31, CVSSv4 or other, when a score was computed.</param>
/// <param name="Affects">The package it affects (index into <see cref="SbomSubject.Packages"/>).</param>
public sealed record SbomVulnerability(
    string Id,
    IReadOnlyList<string> Aliases,
    string Severity,
    double? Score,
    string? Method,
    string? Vector,
    string Description,
    IReadOnlyList<string> FixedVersions,
    IReadOnlyList<string> Advisories,
    int Affects);

/// <summary>Options shared by the SBOM writers.</summary>
public sealed record SbomOptions
{
    /// <summary>The tool version written into the document.</summary>
    public string ToolVersion { get; init; } = "0.1.0";

    /// <summary>
    /// Byte-identical output for the same input: the timestamp is fixed and the serial number / namespace derive from the
    /// content, so two runs over one image give the same file.
    /// </summary>
    public bool Deterministic { get; init; }

    /// <summary>The clock, when not deterministic.</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;
}

/// <summary>
/// CycloneDX 1.6 and SPDX 2.3 JSON, written from the facts the catalogers found: name, version, package URL,
/// licences, source package, where the package database was and which layer added it. Packages are sorted, so
/// the documents diff cleanly. Dependencies the package databases record become CycloneDX
/// <c>dependencies</c> entries and SPDX <c>DEPENDS_ON</c> relationships.
/// </summary>
public static class SbomWriters
{
    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static IEnumerable<PackageRecord> Sorted(SbomSubject subject) =>
        subject.Packages.OrderBy(p => p.Purl, StringComparer.Ordinal).ThenBy(p => p.FoundIn, StringComparer.Ordinal);

    /// <summary>
    /// The dependency edges among packages (indexes into <paramref name="packages"/>): each package's
    /// <see cref="PackageRecord.DependsOn"/> resolved to the package of that name and version found in the same file.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<int>> ResolveDependencies(IReadOnlyList<PackageRecord> packages)
    {
        ArgumentNullException.ThrowIfNull(packages);
        var index = new Dictionary<(string, string, string), int>();
        for (var i = 0; i < packages.Count; i++) index.TryAdd((packages[i].FoundIn, packages[i].Name, packages[i].Version), i);
        var edges = new IReadOnlyList<int>[packages.Count];
        for (var i = 0; i < packages.Count; i++)
        {
            var p = packages[i];
            edges[i] = p.DependsOn.Count == 0
                ? []
                : p.DependsOn.Select(d => index.TryGetValue((p.FoundIn, d.Name, d.Version), out var j) ? j : -1)
                    .Where(j => j >= 0 && j != i).Distinct().ToList();
        }
        return edges;
    }

    /// <summary>A stable hash of the subject's content: drives serial numbers and namespaces in deterministic mode.</summary>
    private static string ContentHash(SbomSubject subject)
    {
        var sb = new StringBuilder().Append(subject.Name).Append('\n').Append(subject.Digest).Append('\n');
        foreach (var p in Sorted(subject)) sb.Append(p.Purl).Append('\t').Append(p.FoundIn).Append('\t').Append(p.LayerDigest).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private static Guid GuidFrom(string hex) => new(Convert.FromHexString(hex[..32]));

    public static void WriteCycloneDx(Stream output, SbomSubject subject, SbomOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(subject);
        options ??= new SbomOptions();
        var hash = ContentHash(subject);
        var serial = options.Deterministic ? GuidFrom(hash) : Guid.NewGuid();
        var time = options.Deterministic ? FixedTime : options.Now;
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
        json.WriteString("bomFormat", "CycloneDX");
        json.WriteString("specVersion", "1.6");
        json.WriteString("serialNumber", "urn:uuid:" + serial.ToString("D"));
        json.WriteNumber("version", 1);
        json.WriteStartObject("metadata");
        json.WriteString("timestamp", time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        json.WriteStartObject("tools");
        json.WriteStartArray("components");
        json.WriteStartObject();
        json.WriteString("type", "application");
        json.WriteString("name", "palisade");
        json.WriteString("version", options.ToolVersion);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        const string rootRef = "subject";
        json.WriteStartObject("component");
        json.WriteString("type", subject.Kind);
        json.WriteString("bom-ref", rootRef);
        json.WriteString("name", subject.Name);
        if (subject.Version is { } v) json.WriteString("version", v);
        if (subject.Digest is { } d && d.StartsWith("sha256:", StringComparison.Ordinal))
        {
            json.WriteStartArray("hashes");
            json.WriteStartObject();
            json.WriteString("alg", "SHA-256");
            json.WriteString("content", d["sha256:".Length..]);
            json.WriteEndObject();
            json.WriteEndArray();
        }
        json.WriteEndObject();
        json.WriteEndObject();

        var refs = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var sorted = Sorted(subject).ToList();
        json.WriteStartArray("components");
        foreach (var p in sorted)
        {
            var bomRef = p.Purl.Length > 0 ? p.Purl : $"{p.Type}:{p.Name}@{p.Version}";
            for (var n = 2; !used.Add(bomRef); n++) bomRef = $"{(p.Purl.Length > 0 ? p.Purl : p.Name)}#{n}";
            refs.Add(bomRef);
            json.WriteStartObject();
            json.WriteString("type", "library");
            json.WriteString("bom-ref", bomRef);
            json.WriteString("name", p.Name);
            if (p.Version.Length > 0) json.WriteString("version", p.Version);
            if (p.Licenses.Count > 0)
            {
                json.WriteStartArray("licenses");
                foreach (var l in p.Licenses.Distinct(StringComparer.Ordinal))
                {
                    json.WriteStartObject();
                    json.WriteStartObject("license");
                    json.WriteString("name", l);
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            if (p.Purl.Length > 0) json.WriteString("purl", p.Purl);
            json.WriteStartArray("properties");
            Property(json, "palisade:package:type", p.Type);
            Property(json, "palisade:location:path", p.FoundIn);
            if (p.LayerDigest is { } layer) Property(json, "palisade:layer:digest", layer);
            if (p.SourceName is { } src) Property(json, "palisade:package:source-name", src);
            if (p.SourceVersion is { } srcVersion) Property(json, "palisade:package:source-version", srcVersion);
            if (p.Architecture is { } arch) Property(json, "palisade:package:architecture", arch);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("dependencies");
        json.WriteStartObject();
        json.WriteString("ref", rootRef);
        json.WriteStartArray("dependsOn");
        foreach (var r in refs) json.WriteStringValue(r);
        json.WriteEndArray();
        json.WriteEndObject();
        var edges = ResolveDependencies(sorted);
        for (var i = 0; i < sorted.Count; i++)
        {
            if (edges[i].Count == 0) continue;
            json.WriteStartObject();
            json.WriteString("ref", refs[i]);
            json.WriteStartArray("dependsOn");
            foreach (var j in edges[i]) json.WriteStringValue(refs[j]);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (subject.Vulnerabilities.Count > 0) WriteVulnerabilities(json, subject, sorted, refs);
        json.WriteEndObject();
    }

    /// <summary>CycloneDX 1.6 <c>vulnerabilities</c>: one entry per vulnerability and package, its ratings, fixes and the component it affects.</summary>
    private static void WriteVulnerabilities(Utf8JsonWriter json, SbomSubject subject, List<PackageRecord> sorted, List<string> refs)
    {
        var refOf = new Dictionary<PackageRecord, string>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < sorted.Count; i++) refOf[sorted[i]] = refs[i];
        json.WriteStartArray("vulnerabilities");
        foreach (var v in subject.Vulnerabilities.OrderBy(v => v.Id, StringComparer.Ordinal).ThenBy(v => refOf.GetValueOrDefault(subject.Packages[v.Affects]), StringComparer.Ordinal))
        {
            var affected = subject.Packages[v.Affects];
            json.WriteStartObject();
            json.WriteString("bom-ref", $"{v.Id}@{refOf.GetValueOrDefault(affected) ?? affected.Purl}");
            json.WriteString("id", v.Id);
            if (v.Aliases.Count > 0)
            {
                json.WriteStartArray("references");
                foreach (var a in v.Aliases)
                {
                    json.WriteStartObject();
                    json.WriteString("id", a);
                    json.WriteStartObject("source");
                    json.WriteString("name", a.StartsWith("CVE-", StringComparison.Ordinal) ? "NVD" : a.StartsWith("GHSA-", StringComparison.Ordinal) ? "GitHub" : "OSV");
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteStartArray("ratings");
            json.WriteStartObject();
            if (v.Score is { } score) json.WriteNumber("score", score);
            json.WriteString("severity", v.Severity);
            if (v.Method is { } method) json.WriteString("method", method);
            if (v.Vector is { } vector) json.WriteString("vector", vector);
            json.WriteEndObject();
            json.WriteEndArray();
            if (v.Description.Length > 0) json.WriteString("description", v.Description);
            if (v.FixedVersions.Count > 0) json.WriteString("recommendation", "Upgrade to " + string.Join(" or ", v.FixedVersions) + ".");
            if (v.Advisories.Count > 0)
            {
                json.WriteStartArray("advisories");
                foreach (var url in v.Advisories)
                {
                    json.WriteStartObject();
                    json.WriteString("url", url);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteStartArray("affects");
            json.WriteStartObject();
            json.WriteString("ref", refOf.GetValueOrDefault(affected) ?? affected.Purl);
            json.WriteStartArray("versions");
            json.WriteStartObject();
            json.WriteString("version", affected.Version);
            json.WriteString("status", "affected");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void Property(Utf8JsonWriter json, string name, string value)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("value", value);
        json.WriteEndObject();
    }

    /// <summary>An SPDX identifier: letters, digits, '.' and '-' only.</summary>
    private static string SpdxId(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-');
        return sb.ToString();
    }

    public static void WriteSpdx(Stream output, SbomSubject subject, SbomOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(subject);
        options ??= new SbomOptions();
        var hash = ContentHash(subject);
        var unique = options.Deterministic ? hash[..32] : Guid.NewGuid().ToString("N");
        var time = options.Deterministic ? FixedTime : options.Now;
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("spdxVersion", "SPDX-2.3");
        json.WriteString("dataLicense", "CC0-1.0");
        json.WriteString("SPDXID", "SPDXRef-DOCUMENT");
        json.WriteString("name", subject.Name);
        json.WriteString("documentNamespace", $"https://palisade.dev/spdx/{Uri.EscapeDataString(subject.Name)}-{unique}");
        json.WriteStartObject("creationInfo");
        json.WriteString("created", time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        json.WriteStartArray("creators");
        json.WriteStringValue($"Tool: palisade-{options.ToolVersion}");
        json.WriteEndArray();
        json.WriteEndObject();
        const string rootId = "SPDXRef-Subject";
        var ids = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal) { rootId };
        json.WriteStartArray("packages");
        json.WriteStartObject();
        json.WriteString("name", subject.Name);
        json.WriteString("SPDXID", rootId);
        if (subject.Version is { } sv) json.WriteString("versionInfo", sv);
        json.WriteString("downloadLocation", "NOASSERTION");
        json.WriteBoolean("filesAnalyzed", false);
        json.WriteString("primaryPackagePurpose", subject.Kind == "container" ? "CONTAINER" : "FILE");
        json.WriteEndObject();
        var sorted = Sorted(subject).ToList();
        foreach (var p in sorted)
        {
            var id = "SPDXRef-Package-" + SpdxId($"{p.Type}-{p.Name}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(p.Purl + "\n" + p.FoundIn)))[..16]}");
            for (var n = 2; !used.Add(id); n++) id = $"{id}-{n}";
            ids.Add(id);
            json.WriteStartObject();
            json.WriteString("name", p.Name);
            json.WriteString("SPDXID", id);
            if (p.Version.Length > 0) json.WriteString("versionInfo", p.Version);
            json.WriteString("downloadLocation", "NOASSERTION");
            json.WriteBoolean("filesAnalyzed", false);
            json.WriteString("licenseConcluded", "NOASSERTION");
            json.WriteString("licenseDeclared", "NOASSERTION");
            if (p.Licenses.Count > 0) json.WriteString("licenseComments", "declared: " + string.Join(", ", p.Licenses));
            json.WriteString("copyrightText", "NOASSERTION");
            json.WriteString("sourceInfo", $"acquired package info from the {p.Type} database: /{p.FoundIn}" + (p.LayerDigest is { } l ? $" (layer {l})" : ""));
            if (p.SourceName is { } src) json.WriteString("comment", $"source package: {src}{(p.SourceVersion is { } sv2 ? " " + sv2 : "")}");
            if (p.Purl.Length > 0)
            {
                json.WriteStartArray("externalRefs");
                json.WriteStartObject();
                json.WriteString("referenceCategory", "PACKAGE-MANAGER");
                json.WriteString("referenceType", "purl");
                json.WriteString("referenceLocator", p.Purl);
                json.WriteEndObject();
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("relationships");
        Relationship(json, "SPDXRef-DOCUMENT", "DESCRIBES", rootId);
        foreach (var id in ids) Relationship(json, rootId, "CONTAINS", id);
        var edges = ResolveDependencies(sorted);
        for (var i = 0; i < sorted.Count; i++)
            foreach (var j in edges[i]) Relationship(json, ids[i], "DEPENDS_ON", ids[j]);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Relationship(Utf8JsonWriter json, string from, string type, string to)
    {
        json.WriteStartObject();
        json.WriteString("spdxElementId", from);
        json.WriteString("relationshipType", type);
        json.WriteString("relatedSpdxElement", to);
        json.WriteEndObject();
    }
}
