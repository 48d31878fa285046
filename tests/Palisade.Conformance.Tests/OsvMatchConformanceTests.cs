using System.Text;
using Palisade.Images.Catalogers;
using Palisade.Images.Catalogers.Go;
using Palisade.Images.Catalogers.Python;
using Palisade.Vulnerabilities.Matching;
using Palisade.Vulnerabilities.Osv;
using Xunit.Abstractions;

namespace Palisade.Conformance.Tests;

/// <summary>
/// Every real PyPA and Go vulndb advisory in ../shared/conformance/osv: a lock file (requirements.txt, go.mod; the Go
/// standard library and toolchain as a Go binary reports them) pinned to an affected version yields that advisory, and
/// one pinned to the range's fixed version does not. The lock files go through the real catalogers and the real matcher.
/// </summary>
public sealed class OsvMatchConformanceTests(ITestOutputHelper output)
{
    private static readonly string Osv = Path.Combine(RepoPaths.Conformance, "osv");

    internal static List<OsvRecord> Records() =>
    [
        .. Directory.GetFiles(Path.Combine(Osv, "golang-vulndb", "data", "osv"), "*.json").Order(StringComparer.Ordinal).Select(f => OsvFiles.Read(f)),
        .. Directory.GetFiles(Path.Combine(Osv, "pypa-advisory-database"), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f => OsvFiles.Read(f)),
    ];

    internal static VulnerabilityMatcher Matcher(IReadOnlyList<OsvRecord> records)
    {
        var index = records.SelectMany(r => r.Affected.Where(a => a.Package is not null).Select(a => (Key: (a.Package!.Ecosystem, PackageNames.Normalize(a.Package.Ecosystem, a.Package.Name)), Record: r)))
            .GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.Select(x => x.Record).Distinct().ToList());
        return new VulnerabilityMatcher((ecosystem, name) => index.GetValueOrDefault((ecosystem, PackageNames.Normalize(ecosystem, name))) ?? []);
    }

    /// <summary>The packages a lock file pinning one package at one version gives, through the real cataloger.</summary>
    internal static IReadOnlyList<PackageRecord> Pinned(string ecosystem, string name, string version)
    {
        if (ecosystem == "PyPI")
            return new RequirementsTxtCataloger().CatalogFile("requirements.txt", Encoding.UTF8.GetBytes($"{name}=={version}\n"), null, null);
        if (name is "stdlib" or "toolchain")
        {
            // What the Go binary cataloger reports for the standard library (and the go command itself).
            var v = version.TrimStart('v');
            return [new PackageRecord(name, "go" + v, "golang", PackageUrl.Build("golang", null, name, v), [], null, null, null, "usr/local/bin/app", null)];
        }
        var goVersion = version.StartsWith('v') ? version : "v" + version;
        return new GoModCataloger().CatalogFile("go.mod", Encoding.UTF8.GetBytes($"module example.com/app\n\ngo 1.22\n\nrequire {name} {goVersion}\n"), null, null);
    }

    [Fact]
    public void Lock_files_pinned_to_affected_versions_match_and_pinned_to_fixed_versions_do_not()
    {
        var records = Records();
        var matcher = Matcher(records);
        int affectedPassed = 0, affectedTotal = 0, fixedPassed = 0, fixedTotal = 0, skipped = 0;
        var failures = new List<string>();
        foreach (var record in records)
        {
            foreach (var affected in record.Affected)
            {
                if (affected.Package is not { Ecosystem: "PyPI" or "Go" } package) continue;
                var range = affected.Ranges.FirstOrDefault(r => r.Type is OsvRange.Ecosystem or OsvRange.Semver);
                var introduced = range?.Events.FirstOrDefault(e => e.Kind == OsvEventKind.Introduced && e.Version != "0")?.Version;
                var fixedVersion = range?.Events.FirstOrDefault(e => e.Kind == OsvEventKind.Fixed)?.Version;
                // An affected version: one the record lists, else where the first range starts.
                var vulnerable = affected.Versions.FirstOrDefault() ?? introduced;
                if (vulnerable is null && fixedVersion is not null && package.Ecosystem == "Go")
                    vulnerable = package.Name is "stdlib" or "toolchain" ? "1.0.0" : "v0.0.0-20000101000000-000000000000";
                if (vulnerable is null)
                {
                    skipped++;
                    continue;
                }
                bool Reports(string version) => matcher.Match(Pinned(package.Ecosystem, package.Name, version)).Matches
                    .Any(m => m.Id == record.Id || m.Aliases.Contains(record.Id));
                affectedTotal++;
                if (Reports(vulnerable)) affectedPassed++;
                else failures.Add($"{record.Id}: {package.Ecosystem} {package.Name} {vulnerable} (affected) not reported");
                if (fixedVersion is null) continue;
                // The fixed version must be clear of this advisory, unless another of its ranges or versions covers it.
                var coveredElsewhere = affected.Versions.Contains(fixedVersion) ||
                    affected.Ranges.Skip(1).Any(r => r.Events.Any(e => e.Kind == OsvEventKind.Introduced && e.Version == fixedVersion));
                if (coveredElsewhere) continue;
                fixedTotal++;
                if (!Reports(fixedVersion)) fixedPassed++;
                else failures.Add($"{record.Id}: {package.Ecosystem} {package.Name} {fixedVersion} (fixed) reported");
            }
        }
        foreach (var f in failures) output.WriteLine(f);
        output.WriteLine($"affected pins {affectedPassed}/{affectedTotal}, fixed pins {fixedPassed}/{fixedTotal}, skipped {skipped}");
        ConformanceReport.Record("osv PyPI+Go advisories: lock file at an affected version reports it", affectedPassed, affectedTotal, $"({skipped} affected entries without a version to pin)");
        ConformanceReport.Record("osv PyPI+Go advisories: lock file at the fixed version does not", fixedPassed, fixedTotal);
        Assert.True(affectedTotal > 100, "too few advisories: is ../shared/conformance/osv present?");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
