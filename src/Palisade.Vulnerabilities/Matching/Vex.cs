using System.Text.Json;
using Palisade.Images.Catalogers;

namespace Palisade.Vulnerabilities.Matching;

/// <summary>What a VEX statement says about a vulnerability in a product.</summary>
public enum VexStatus
{
    NotAffected,
    Affected,
    Fixed,
    UnderInvestigation,
}

/// <summary>One VEX statement: a vulnerability (by id or alias), the products (package URLs) it is about, and its status.</summary>
/// <param name="Products">Package URLs; a statement without products applies to every package.</param>
public sealed record VexStatement(string Vulnerability, IReadOnlyList<string> Products, VexStatus Status, string? Justification, string Source);

/// <summary>A VEX document that cannot be read: the message says which file and why.</summary>
public sealed class VexFormatException : FormatException
{
    public VexFormatException()
    {
    }

    public VexFormatException(string message) : base(message)
    {
    }

    public VexFormatException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>
/// VEX documents given with <c>--vex</c>: OpenVEX (0.0.1 and 0.2.x JSON) and CycloneDX VEX (a CycloneDX document with
/// <c>vulnerabilities[].analysis</c>). A finding is suppressed when a statement about its vulnerability (its id or any
/// alias) and its package says the package is not affected (OpenVEX <c>not_affected</c>, CycloneDX
/// <c>not_affected</c> or <c>false_positive</c>) or that it is fixed (OpenVEX <c>fixed</c>, CycloneDX <c>resolved</c>).
/// A product matches when its purl names the same type, namespace and name, and the same version if it gives one;
/// qualifiers in the statement must be present with the same value.
/// </summary>
public sealed class VexSet
{
    private const long MaxBytes = 64L << 20;
    private readonly List<VexStatement> _statements = [];

    public IReadOnlyList<VexStatement> Statements => _statements;

    /// <summary>Reads one document and adds its statements.</summary>
    /// <exception cref="VexFormatException">Not JSON, or neither OpenVEX nor CycloneDX, or malformed.</exception>
    public void Load(byte[] content, string path)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(path);
        if (content.Length > MaxBytes) throw new VexFormatException($"{path}: larger than {MaxBytes} bytes");
        try
        {
            using var doc = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 64 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new VexFormatException($"{path}: the top level is not an object");
            if (Text(root, "@context") is { } context && context.Contains("openvex", StringComparison.OrdinalIgnoreCase)) LoadOpenVex(root, path);
            else if (Text(root, "bomFormat") == "CycloneDX") LoadCycloneDx(root, path);
            else throw new VexFormatException($"{path}: neither an OpenVEX document (\"@context\": \"https://openvex.dev/ns/...\") nor a CycloneDX VEX document");
        }
        catch (JsonException e)
        {
            throw new VexFormatException($"{path}: not JSON ({e.Message})", e);
        }
    }

    /// <summary>The statement that suppresses a finding of this vulnerability in this package, or null.</summary>
    public VexStatement? Suppressing(string vulnerabilityId, IEnumerable<string> aliases, string purl)
    {
        ArgumentNullException.ThrowIfNull(vulnerabilityId);
        ArgumentNullException.ThrowIfNull(aliases);
        var ids = new HashSet<string>(aliases, StringComparer.OrdinalIgnoreCase) { vulnerabilityId };
        var package = PackageUrl.TryParse(purl);
        foreach (var s in _statements)
        {
            if (s.Status is not (VexStatus.NotAffected or VexStatus.Fixed) || !ids.Contains(s.Vulnerability)) continue;
            if (s.Products.Count == 0 || (package is not null && s.Products.Any(p => ProductMatches(p, package)))) return s;
        }
        return null;
    }

    private static bool ProductMatches(string product, ParsedPackageUrl package)
    {
        if (PackageUrl.TryParse(product) is not { } p) return false;
        if (p.Type != package.Type || !string.Equals(p.Name, package.Name, StringComparison.Ordinal) ||
            !string.Equals(p.Namespace ?? "", package.Namespace ?? "", StringComparison.Ordinal))
            return false;
        if (p.Version is not null && p.Version != package.Version) return false;
        return p.Qualifiers.All(q => package.Qualifier(q.Key) == q.Value);
    }

    private void LoadOpenVex(JsonElement root, string path)
    {
        if (!root.TryGetProperty("statements", out var statements) || statements.ValueKind != JsonValueKind.Array)
            throw new VexFormatException($"{path}: OpenVEX document without a \"statements\" array");
        var index = 0;
        foreach (var s in statements.EnumerateArray())
        {
            var where = $"{path}: statements[{index++}]";
            if (s.ValueKind != JsonValueKind.Object) throw new VexFormatException($"{where} is not an object");
            // 0.2: "vulnerability": {"name": "CVE-...", "aliases": [...]}; 0.0.1: "vulnerability": "CVE-..."
            var names = new List<string>();
            if (s.TryGetProperty("vulnerability", out var v))
            {
                if (v.ValueKind == JsonValueKind.String) names.Add(v.GetString()!);
                else if (v.ValueKind == JsonValueKind.Object)
                {
                    if (Text(v, "name") is { } name) names.Add(name);
                    if (v.TryGetProperty("aliases", out var aliases) && aliases.ValueKind == JsonValueKind.Array)
                        names.AddRange(aliases.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!));
                }
            }
            if (names.Count == 0) throw new VexFormatException($"{where} names no vulnerability");
            var status = Text(s, "status") switch
            {
                "not_affected" => VexStatus.NotAffected,
                "affected" => VexStatus.Affected,
                "fixed" => VexStatus.Fixed,
                "under_investigation" => VexStatus.UnderInvestigation,
                var other => throw new VexFormatException($"{where}: unknown status \"{other}\" (not_affected, affected, fixed, under_investigation)"),
            };
            var products = new List<string>();
            if (s.TryGetProperty("products", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var p in list.EnumerateArray())
                {
                    if (p.ValueKind == JsonValueKind.String) products.Add(p.GetString()!);
                    else if (p.ValueKind == JsonValueKind.Object)
                    {
                        if (Text(p, "@id") is { } id) products.Add(id);
                        if (p.TryGetProperty("identifiers", out var identifiers) && identifiers.ValueKind == JsonValueKind.Object && Text(identifiers, "purl") is { } purl)
                            products.Add(purl);
                        // Statements about subcomponents of a product apply to those packages.
                        if (p.TryGetProperty("subcomponents", out var subs) && subs.ValueKind == JsonValueKind.Array)
                        {
                            foreach (var sub in subs.EnumerateArray())
                            {
                                if (sub.ValueKind == JsonValueKind.String) products.Add(sub.GetString()!);
                                else if (sub.ValueKind == JsonValueKind.Object && Text(sub, "@id") is { } subId) products.Add(subId);
                            }
                        }
                    }
                }
            }
            var justification = Text(s, "justification") ?? Text(s, "impact_statement");
            foreach (var n in names) _statements.Add(new VexStatement(n, products, status, justification, path));
        }
    }

    private void LoadCycloneDx(JsonElement root, string path)
    {
        var purlByRef = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = new Stack<JsonElement>();
        if (root.TryGetProperty("components", out var components) && components.ValueKind == JsonValueKind.Array) pending.Push(components);
        if (root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object &&
            metadata.TryGetProperty("component", out var subject) && subject.ValueKind == JsonValueKind.Object &&
            Text(subject, "bom-ref") is { } subjectRef && Text(subject, "purl") is { } subjectPurl)
            purlByRef[subjectRef] = subjectPurl;
        while (pending.Count > 0)
        {
            foreach (var c in pending.Pop().EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object))
            {
                if (Text(c, "bom-ref") is { } r && Text(c, "purl") is { } p) purlByRef.TryAdd(r, p);
                if (c.TryGetProperty("components", out var nested) && nested.ValueKind == JsonValueKind.Array) pending.Push(nested);
            }
        }
        if (!root.TryGetProperty("vulnerabilities", out var vulnerabilities) || vulnerabilities.ValueKind != JsonValueKind.Array)
            throw new VexFormatException($"{path}: CycloneDX document without \"vulnerabilities\": not a VEX document");
        foreach (var v in vulnerabilities.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Object))
        {
            if (Text(v, "id") is not { } id) continue;
            if (!v.TryGetProperty("analysis", out var analysis) || analysis.ValueKind != JsonValueKind.Object) continue;
            var status = Text(analysis, "state") switch
            {
                "not_affected" or "false_positive" => VexStatus.NotAffected,
                "resolved" or "resolved_with_pedigree" => VexStatus.Fixed,
                "exploitable" => VexStatus.Affected,
                "in_triage" => VexStatus.UnderInvestigation,
                _ => (VexStatus?)null,
            };
            if (status is null) continue;
            var products = new List<string>();
            if (v.TryGetProperty("affects", out var affects) && affects.ValueKind == JsonValueKind.Array)
            {
                foreach (var a in affects.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object))
                {
                    if (Text(a, "ref") is not { } r) continue;
                    // A BOM-Link ("urn:cdx:serial/version#bom-ref") or a plain bom-ref, or a purl used as the ref.
                    var hash = r.LastIndexOf('#');
                    var local = r.StartsWith("urn:cdx:", StringComparison.Ordinal) && hash >= 0 ? Uri.UnescapeDataString(r[(hash + 1)..]) : r;
                    if (purlByRef.TryGetValue(local, out var purl)) products.Add(purl);
                    else if (local.StartsWith("pkg:", StringComparison.Ordinal)) products.Add(local);
                }
                if (products.Count == 0) continue;  // affects only things this document does not identify: it applies to nothing here
            }
            var ids = new List<string> { id };
            if (v.TryGetProperty("references", out var references) && references.ValueKind == JsonValueKind.Array)
                ids.AddRange(references.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object).Select(x => Text(x, "id")).OfType<string>());
            foreach (var name in ids) _statements.Add(new VexStatement(name, products, status.Value, Text(analysis, "justification") ?? Text(analysis, "detail"), path));
        }
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
