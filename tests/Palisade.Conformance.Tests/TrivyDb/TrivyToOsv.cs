using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Palisade.Vulnerabilities.Versions;

namespace Palisade.Conformance.Tests.TrivyDb;

/// <summary>OSV records converted from trivy-db fixtures (as OSV JSON text), and what was not converted, with the reason.</summary>
public sealed record OsvConversion(IReadOnlyList<string> Records, IReadOnlyList<string> NotConverted);

/// <summary>
/// Converts trivy-db fixture advisories to OSV records, one record per vulnerability id with one <c>affected</c> entry per
/// bucket and package:
/// <list type="bullet">
/// <item>OS buckets go to the ecosystem OSV files that distribution and release under (<see cref="Ecosystem"/>); buckets
/// of distributions OSV has no ecosystem for are not converted.</item>
/// <item>FixedVersion is an ECOSYSTEM range introduced at "0" (or at AffectedVersion, trivy's "introduced in") and fixed
/// there; no FixedVersion (statuses affected, will_not_fix, fix_deferred ...) is the introduced event alone; status
/// not_affected is no affected entry, and so is a missing FixedVersion where trivy's detector reports only fixed
/// advisories (SUSE, openSUSE, Photon OS, AlmaLinux, Rocky Linux). The value is carried over as written, so a malformed one (a list) reaches the
/// OSV reader.</item>
/// <item>VulnerableVersions / PatchedVersions / UnaffectedVersions become events through <see cref="TrivyVersionRanges"/>;
/// strings that cannot be events are kept in <c>database_specific.trivy_ranges</c> (and reported), with no range.</item>
/// <item>Severity (trivy's 1-4) becomes <c>database_specific.severity</c> (LOW ... CRITICAL), Status
/// <c>database_specific.status</c>, the data source <c>database_specific.source</c>, VendorIDs the record's aliases.</item>
/// </list>
/// Module-stream package keys (<c>nginx:1.14::nginx</c>) are not converted: OSV names the package only.
/// </summary>
public static class TrivyToOsv
{
    /// <summary>trivy-db's Status values, by number.</summary>
    private static readonly string[] Statuses = ["unknown", "not_affected", "affected", "fixed", "under_investigation", "will_not_fix", "fix_deferred", "end_of_life"];

    private static readonly string[] Severities = ["", "LOW", "MEDIUM", "HIGH", "CRITICAL"];

    /// <summary>trivy's ecosystem prefix of library buckets ("go::GitHub Security Advisory Go") to OSV ecosystems.</summary>
    private static readonly Dictionary<string, string> Libraries = new(StringComparer.Ordinal)
    {
        ["go"] = "Go",
        ["npm"] = "npm",
        ["pip"] = "PyPI",
        ["rubygems"] = "RubyGems",
        ["composer"] = "Packagist",
        ["maven"] = "Maven",
        ["nuget"] = "NuGet",
        ["cargo"] = "crates.io",
        ["conan"] = "ConanCenter",
        ["erlang"] = "Hex",
        ["pub"] = "Pub",
        ["swift"] = "SwiftURL",
        ["julia"] = "Julia",
        ["bitnami"] = "Bitnami",
        ["k8s"] = "Kubernetes",
    };

    /// <summary>
    /// Ecosystems (before the ':') whose trivy detectors report an advisory only when the installed version is below its
    /// FixedVersion (their sources list fixes): an advisory there without one affects nothing.
    /// </summary>
    private static readonly HashSet<string> FixedOnly = new(StringComparer.Ordinal) { "SUSE", "openSUSE", "Photon OS", "AlmaLinux", "Rocky Linux" };

    /// <summary>Ecosystems whose OSV databases write SEMVER ranges; the others write ECOSYSTEM ranges.</summary>
    private static readonly HashSet<string> SemverEcosystems = new(StringComparer.Ordinal) { "Go", "npm", "crates.io", "Julia" };

    /// <summary>
    /// The OSV ecosystem of a trivy-db bucket ("debian 12" is "Debian:12", "ubuntu 20.04" "Ubuntu:20.04:LTS", "SUSE Linux
    /// Enterprise 15.3" "SUSE:Linux Enterprise Server 15 SP3" ...), or null with the reason when OSV has none or the
    /// bucket follows conventions this conversion does not carry.
    /// </summary>
    public static string? Ecosystem(string bucket, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        reason = null;
        var sep = bucket.IndexOf("::", StringComparison.Ordinal);
        if (sep >= 0)
        {
            var prefix = bucket[..sep];
            if (prefix.StartsWith("seal ", StringComparison.Ordinal)) reason = "Seal Security's renamed/suffixed packages (seal-*, +spN): a vendor convention, no OSV ecosystem";
            else if (Libraries.TryGetValue(prefix, out var library)) return library;
            else reason = $"no OSV ecosystem for trivy's '{prefix}'";
            return null;
        }
        var m = Regex.Match(bucket, @"^(?<name>.*?) ?(?<ver>\d+(\.\d+)*)?$", RegexOptions.CultureInvariant);
        var name = m.Groups["name"].Value;
        var ver = m.Groups["ver"].Value;
        var parts = ver.Split('.');
        switch (name)
        {
            case "debian" when ver.Length > 0:
                return "Debian:" + parts[0];
            case "ubuntu" when parts.Length == 2:
                var lts = parts[1] == "04" && int.Parse(parts[0], CultureInfo.InvariantCulture) % 2 == 0;
                return "Ubuntu:" + ver + (lts ? ":LTS" : "");
            case "alpine" when parts.Length >= 2:
                return $"Alpine:v{parts[0]}.{parts[1]}";
            case "alma" when ver.Length > 0:
                return "AlmaLinux:" + parts[0];
            case "rocky" when ver.Length > 0:
                return "Rocky Linux:" + parts[0];
            case "Azure Linux" when ver.Length > 0:
                return "Azure Linux:" + parts[0];
            case "Photon OS" when ver.Length > 0:
                return "Photon OS:" + parts[0] + "." + (parts.Length > 1 ? parts[1] : "0");
            case "openSUSE Leap" or "openSUSE Leap Micro" when ver.Length > 0:
                return "openSUSE:" + name["openSUSE ".Length..] + " " + ver;
            case "openSUSE Tumbleweed":
                return "openSUSE:Tumbleweed";
            case "SUSE Linux Enterprise" when ver.Length > 0:
                return "SUSE:Linux Enterprise Server " + parts[0] + (parts.Length > 1 && parts[1] != "0" ? " SP" + parts[1] : "");
            case "SUSE Linux Enterprise Micro" when ver.Length > 0:
                return "SUSE:Linux Enterprise Micro " + ver;
            case "wolfi":
                return "Wolfi";
            case "chainguard":
                return "Chainguard";
            case "minimos":
                return "MinimOS";
            case "echo":
                return "Echo";
        }
        reason = name switch
        {
            "amazon linux" or "Oracle Linux" or "bottlerocket" or "CBL-Mariner" or "fedora" => $"OSV has no ecosystem for {name}",
            "Red Hat" or "Red Hat CPE" or "Red Hat Enterprise Linux" =>
                "Red Hat: OSV ecosystems name CPE product streams (Red Hat:enterprise_linux:8::appstream) chosen by content sets, not a release",
            _ when name.StartsWith("rapidfort", StringComparison.Ordinal) => "RapidFort's patched packages: a vendor feed with no OSV ecosystem",
            _ when name.StartsWith("root.io", StringComparison.Ordinal) => "Root.io's patched packages (.root.io / -r10071 versions): a vendor convention",
            _ when name.StartsWith("seal", StringComparison.Ordinal) => "Seal Security's renamed/suffixed packages (seal-*, +spN): a vendor convention, no OSV ecosystem",
            _ => "unknown bucket: neither a known distribution nor trivy's '<ecosystem>::<source>' form",
        };
        return null;
    }

    /// <summary>Converts every advisory of the fixtures.</summary>
    /// <exception cref="FormatException">An advisory value is neither an object nor empty.</exception>
    public static OsvConversion Convert(TrivyDbFixtures fixtures)
    {
        ArgumentNullException.ThrowIfNull(fixtures);
        var notConverted = new List<string>();
        var records = new Dictionary<string, (JsonArray Affected, SortedSet<string> Aliases)>(StringComparer.Ordinal);
        foreach (var advisory in fixtures.Advisories)
        {
            if (Ecosystem(advisory.Bucket, out var reason) is not { } ecosystem)
            {
                notConverted.Add($"bucket '{advisory.Bucket}': {reason}");
                continue;
            }
            if (advisory.Package.Contains("::", StringComparison.Ordinal))
            {
                notConverted.Add($"{advisory.Bucket} {advisory.Package}: module stream key (OSV names the package only)");
                continue;
            }
            var value = advisory.Value switch
            {
                null => new JsonObject(),
                JsonObject o => o,
                _ => throw new FormatException($"{advisory.Bucket} {advisory.Package} {advisory.Id}: the advisory is {advisory.Value.ToJsonString()}, not an object"),
            };
            var status = Number(value["Status"]) is { } s && s >= 0 && s < Statuses.Length ? Statuses[s] : null;
            if (status == "not_affected") continue;
            if (FixedOnly.Contains(ecosystem.Split(':')[0]) && NoFix(value))
            {
                notConverted.Add($"{advisory.Bucket} {advisory.Package} {advisory.Id}: no FixedVersion, and trivy's detector for {ecosystem} reports fixed advisories only");
                continue;
            }
            if (Affected(advisory, ecosystem, value, status, fixtures, notConverted) is not { } affected) continue;
            if (!records.TryGetValue(advisory.Id, out var record)) records[advisory.Id] = record = ([], new SortedSet<string>(StringComparer.Ordinal));
            record.Affected.Add(affected);
            foreach (var vendorId in Strings(value["VendorIDs"])) record.Aliases.Add(vendorId);
        }
        var json = records.Select(r => new JsonObject
        {
            ["schema_version"] = "1.6.0",
            ["id"] = r.Key,
            ["modified"] = "2025-01-01T00:00:00Z",
            ["aliases"] = new JsonArray(r.Value.Aliases.Select(a => (JsonNode)a).ToArray()),
            ["affected"] = r.Value.Affected,
        }.ToJsonString()).ToList();
        return new OsvConversion(json, notConverted.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>The affected entry of one advisory; null when it affects no version.</summary>
    private static JsonObject? Affected(TrivyAdvisory advisory, string ecosystem, JsonObject value, string? status, TrivyDbFixtures fixtures, List<string> notConverted)
    {
        var specific = new JsonObject();
        if (Number(value["Severity"]) is { } severity && severity > 0 && severity < Severities.Length) specific["severity"] = Severities[severity];
        if (status is not null) specific["status"] = status;
        if (fixtures.DataSources.TryGetValue(advisory.Bucket, out var source)) specific["source"] = source;
        var type = SemverEcosystems.Contains(ecosystem) ? "SEMVER" : "ECOSYSTEM";
        var ranges = new JsonArray();
        var versions = new JsonArray();
        var vulnerable = Strings(value["VulnerableVersions"]);
        var secure = Strings(value["PatchedVersions"]).Concat(Strings(value["UnaffectedVersions"])).ToList();
        if (vulnerable.Count > 0 || secure.Count > 0)
        {
            var scheme = type == "SEMVER" ? VersionSchemes.ForName(ecosystem == "Go" ? "go" : "semver") : VersionSchemes.ForEcosystem(ecosystem);
            try
            {
                var events = TrivyVersionRanges.ToOsv(ecosystem, scheme, vulnerable, secure);
                foreach (var range in events.Ranges)
                    ranges.Add(Range(type, range.Select(e => (e.Kind, (JsonNode)JsonValue.Create(e.Version))).ToList()));
                foreach (var v in events.Versions) versions.Add(v);
            }
            catch (FormatException e)
            {
                specific["trivy_ranges"] = new JsonObject
                {
                    ["vulnerable"] = value["VulnerableVersions"]?.DeepClone(),
                    ["patched"] = value["PatchedVersions"]?.DeepClone(),
                    ["unaffected"] = value["UnaffectedVersions"]?.DeepClone(),
                };
                notConverted.Add($"{advisory.Bucket} {advisory.Package} {advisory.Id}: ranges kept, not converted: {e.Message}");
            }
        }
        else
        {
            var introduced = value["AffectedVersion"] is JsonValue a && a.GetValue<string>().Length > 0 ? a.GetValue<string>() : "0";
            if (value["FixedVersion"] is JsonValue same && same.ToString() == introduced)
            {
                notConverted.Add($"{advisory.Bucket} {advisory.Package} {advisory.Id}: fixed at the version it was introduced in ({introduced}): affects nothing");
                return null;
            }
            var events = new List<(string, JsonNode)> { ("introduced", JsonValue.Create(introduced)) };
            // A FixedVersion that is not a string is carried over for the OSV reader to judge.
            if (!NoFix(value)) events.Add(("fixed", value["FixedVersion"]!.DeepClone()));
            ranges.Add(Range(type, events));
        }
        var affected = new JsonObject
        {
            ["package"] = new JsonObject { ["ecosystem"] = ecosystem, ["name"] = advisory.Package },
            ["ranges"] = ranges,
        };
        if (versions.Count > 0) affected["versions"] = versions;
        if (specific.Count > 0) affected["database_specific"] = specific;
        return affected;
    }

    /// <summary>Whether the advisory has no FixedVersion (absent or "").</summary>
    private static bool NoFix(JsonObject value) => value["FixedVersion"] is null || (value["FixedVersion"] is JsonValue f && f.ToString().Length == 0);

    private static JsonObject Range(string type, IEnumerable<(string Kind, JsonNode Version)> events) => new()
    {
        ["type"] = type,
        ["events"] = new JsonArray(events.Select(e => (JsonNode)new JsonObject { [e.Kind] = e.Version }).ToArray()),
    };

    private static int? Number(JsonNode? node) =>
        node is JsonValue v && int.TryParse(v.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static List<string> Strings(JsonNode? node) => node switch
    {
        JsonArray list => list.Select(n => n?.ToString() ?? "").ToList(),
        JsonValue v => [v.ToString()],
        _ => [],
    };
}
