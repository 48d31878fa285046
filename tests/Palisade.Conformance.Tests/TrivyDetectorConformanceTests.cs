using System.Text.Json;
using Palisade.Conformance.Tests.TrivyDb;
using Palisade.Images.Catalogers;
using Palisade.Vulnerabilities.Matching;
using Palisade.Vulnerabilities.Osv;
using Xunit.Abstractions;

namespace Palisade.Conformance.Tests;

/// <summary>
/// Trivy's detector table tests (../shared/conformance/osv/expected-matches-trivy.jsonl, see its SOURCE.md) run through
/// Palisade: each case's trivy-db fixtures are converted to OSV records (<see cref="TrivyToOsv"/>) and read back with
/// <see cref="OsvJsonReader"/>, its installed packages become catalogued packages (purls with distro, epoch and upstream
/// qualifiers, source name and version) on the case's os-release, and <see cref="VulnerabilityMatcher"/> must report
/// exactly trivy's vulnerabilities: id, package name, installed version and fixed version (trivy joins several with
/// ", "). Cases trivy expects an error for (a malformed FixedVersion) must fail to read as OSV. Rows without fixtures
/// come from trivy tests of other functions (end-of-life dates, supplier selection, Seal name parsing) and carry no
/// advisory data: they are counted, not run. Cases that need semantics Palisade does not claim are skipped by name with
/// the reason; every other case must pass.
/// </summary>
public sealed class TrivyDetectorConformanceTests(ITestOutputHelper output)
{
    private static readonly string Osv = Path.Combine(RepoPaths.Conformance, "osv");

    private const string Seal = "Seal Security vendor convention (seal-* names, +spN/-spN versions): not claimed";
    private const string RootIo = "Root.io vendor convention (.root.io patched versions over the base distribution's feed): not claimed";
    private const string RapidFort = "RapidFort vendor feed (rf-* packages, Red Hat/Fedora/Ubuntu buckets chosen by release tag, source-to-binary fallback): no OSV ecosystem";
    private const string Modular = "module streams: trivy keys modular advisories by name:stream and the package's modularitylabel; OSV names the package only";
    private const string RedHat = "Red Hat: OSV's Red Hat ecosystems are CPE product streams picked from the image's content sets; Palisade derives no CPEs";
    private const string ApkRepository = "needs the apk repository branch (trivy's repo arg v3.10, from /etc/apk/repositories) over os-release 3.9.3; Palisade keys Alpine by os-release, and the row lost the repo arg";

    /// <summary>Cases skipped by (detector, case name), with the reason.</summary>
    private static readonly Dictionary<(string Detector, string Case), string> Skips = new()
    {
        [("library", "seal security npm package")] = Seal,
        [("library", "seal security pip no-prefix package")] = Seal,
        [("alma", "skip modular package")] = Modular,
        [("alma", "modular package")] = Modular,
        [("rocky", "modular package")] = Modular,
        [("alpine", "repository is newer than OS version")] = ApkRepository,
        [("alpine", "No src name")] = ApkRepository,
        [("amazon", "amazon linux 2")] = "Amazon Linux: OSV has no ecosystem for it",
        [("amazon", "amazon linux 2023")] = "Amazon Linux: OSV has no ecosystem for it",
        [("amazon", "Get returns an error")] = "Amazon Linux: OSV has no ecosystem for it",
        [("bottlerocket", "vulnerable kernel")] = "Bottlerocket: OSV has no ecosystem for it",
        [("bottlerocket", "not vulnerable - installed version is newer")] = "Bottlerocket: OSV has no ecosystem for it",
        [("oracle", "detected")] = "Oracle Linux: OSV has no ecosystem for it",
        [("oracle", "the installed version has ksplice2")] = "Oracle Linux: OSV has no ecosystem for it (and ksplice release matching is not claimed)",
        [("redhat", "happy path: multiple RHSA-IDs")] = RedHat,
        [("redhat", "happy path: CVE-ID and RHSA-ID for same vulnerability")] = RedHat,
        [("redhat", "happy path: package without architecture")] = RedHat,
        [("redhat", "no build info")] = RedHat,
        [("redhat", "modular packages")] = RedHat,
        [("redhat", "content sets with invalid suffix")] = RedHat,
        [("suse", "happy path: tumbleweed")] =
            "trivy looks SUSE packages up by binary name; OSV SUSE/openSUSE records name the source RPM, and the row's SrcName 'postgresql' for singularity-ce is a placeholder",
        [("rootio", "Debian scanner")] = RootIo,
        [("seal", "RedHat scanner")] = Seal,
        [("seal", "CentOS scanner")] = Seal,
        [("seal", "non-Seal package is scanned with the base OS scanner")] = Seal,
        [("seal", "Get returns an error")] = Seal,
        [("rapidfort", "Ubuntu: version not in DB returns empty")] = RapidFort,
        [("rapidfort", "Ubuntu: plain-ubuntu package for rf-binutils patched under ubuntu range only, no cross-match")] = RapidFort,
        [("rapidfort", "Alpine: vulnerable libssl3")] = RapidFort,
        [("rapidfort", "Alpine: patched libssl3")] = RapidFort,
        [("rapidfort", "RedHat: patched el9 curl (CVE-2023-27536 fixed, CVE-2024-99999 still open)")] = RapidFort,
        [("rapidfort", "RedHat: fc39 curl routes to the Fedora bucket")] = RapidFort,
        [("rapidfort", "RedHat: cross-major .el8 package on RHEL 9 image routes to Red Hat 8 bucket")] = RapidFort,
        [("rapidfort", "RedHat: untagged RPM routes to the base Red Hat bucket")] = RapidFort,
        [("rapidfort", "RedHat: RPM without SOURCERPM falls back to the binary name and version")] = RapidFort,
        [("rapidfort", "RedHat: source→binary fallback picks up binary-keyed advisory")] = RapidFort,
        [("rapidfort", "RedHat: no fallback when Name == SrcName (binary bucket not queried)")] = RapidFort,
    };

    /// <summary>The package type and os-release ID of each OS detector's distribution.</summary>
    private static readonly Dictionary<string, (string Type, string Id)> Distributions = new(StringComparer.Ordinal)
    {
        ["alpine"] = ("apk", "alpine"),
        ["wolfi"] = ("apk", "wolfi"),
        ["chainguard"] = ("apk", "chainguard"),
        ["minimos"] = ("apk", "minimos"),
        ["debian"] = ("deb", "debian"),
        ["ubuntu"] = ("deb", "ubuntu"),
        ["echo"] = ("deb", "echo"),
        ["alma"] = ("rpm", "almalinux"),
        ["rocky"] = ("rpm", "rocky"),
        ["photon"] = ("rpm", "photon"),
        ["azure"] = ("rpm", "azurelinux"),
        ["suse"] = ("rpm", "sles"),
    };

    /// <summary>
    /// The os-release ID where the detector serves several distributions and the row does not say which (trivy's test
    /// constructs suse.NewScanner(suse.OpenSUSE) or (suse.SUSEEnterpriseLinux) per case).
    /// </summary>
    private static readonly Dictionary<(string Detector, string Case), string> CaseDistributions = new()
    {
        [("suse", "happy path")] = "opensuse-leap",
        [("suse", "happy path: tumbleweed")] = "opensuse-tumbleweed",
    };

    /// <summary>The purl type of library cases (the row does not carry the ecosystem argument of trivy's driver test).</summary>
    private static readonly Dictionary<string, string> LibraryTypes = new(StringComparer.Ordinal)
    {
        ["case-sensitive go package"] = "golang",
        ["julia package"] = "julia",
    };

    /// <summary>Per-detector bookkeeping.</summary>
    private sealed class Tally
    {
        public int Passed;
        public int Run;
        public int Skipped;
        public int WithoutFixtures;
    }

    [Fact]
    public void Trivy_detector_tables_are_reproduced_from_the_fixtures_converted_to_osv()
    {
        var rows = File.ReadLines(Path.Combine(Osv, "expected-matches-trivy.jsonl"))
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(Row)
            .ToList();
        var tallies = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
        var failures = new List<string>();
        var notConverted = new SortedSet<string>(StringComparer.Ordinal);
        var skipsUsed = new HashSet<(string, string)>();
        foreach (var row in rows)
        {
            var testFile = row.GetProperty("test_file").GetString()!;
            var detector = Detector(testFile);
            var name = row.GetProperty("case").GetString()!;
            var tally = tallies.TryGetValue(detector, out var t) ? t : tallies[detector] = new Tally();
            var fixtures = row.GetProperty("fixtures").EnumerateArray().Select(f => f.GetString()!).ToList();
            if (fixtures.Count == 0)
            {
                tally.WithoutFixtures++;
                continue;
            }
            if (Skips.TryGetValue((detector, name), out var reason))
            {
                skipsUsed.Add((detector, name));
                tally.Skipped++;
                output.WriteLine($"SKIP {detector} / {name}: {reason}");
                continue;
            }
            tally.Run++;
            var directory = Path.Combine(Osv, "trivy-detector", Path.GetDirectoryName(testFile)!);
            var failure = RunCase(row, detector, name, fixtures.Select(f => Path.Combine(directory, f)).ToList(), notConverted);
            if (failure is null) tally.Passed++;
            else failures.Add($"{detector} / {name}: {failure}");
        }
        foreach (var note in notConverted) output.WriteLine("not converted: " + note);
        foreach (var f in failures) output.WriteLine("FAIL " + f);
        foreach (var (detector, t) in tallies)
        {
            var note = $"({t.Skipped} skipped by name, {t.WithoutFixtures} rows without fixtures not run)";
            output.WriteLine($"{detector}: {t.Passed}/{t.Run} {note}");
            // A detector with every case skipped has no pass rate; the overall line names it.
            if (t.Run > 0) ConformanceReport.Record($"trivy detector {detector}: cases reproduced from OSV-converted fixtures", t.Passed, t.Run, note);
        }
        var all = tallies.Values;
        var skippedBy = string.Join(", ", tallies.Where(d => d.Value.Skipped > 0).Select(d => $"{d.Key} {d.Value.Skipped}"));
        ConformanceReport.Record("trivy detectors, all: cases reproduced from OSV-converted fixtures", all.Sum(t => t.Passed), all.Sum(t => t.Run),
            $"({all.Sum(t => t.Skipped)} skipped by name: {skippedBy}; {all.Sum(t => t.WithoutFixtures)} rows without fixtures not run; {rows.Count} rows)");
        Assert.True(rows.Count > 50, "too few rows: is ../shared/conformance/osv present?");
        var stale = Skips.Keys.Where(k => !skipsUsed.Contains(k)).Select(k => $"{k.Detector} / {k.Case}").ToList();
        Assert.True(stale.Count == 0, "skip-list entries that match no case: " + string.Join("; ", stale));
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static JsonElement Row(string line)
    {
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.Clone();
    }

    /// <summary>"pkg/detector/ospkg/alpine/alpine_test.go" is "alpine"; the library driver's tests are "library".</summary>
    private static string Detector(string testFile)
    {
        var dir = Path.GetDirectoryName(testFile)!.Replace('\\', '/');
        dir = dir[(dir.IndexOf("pkg/detector/", StringComparison.Ordinal) + "pkg/detector/".Length)..];
        return dir.StartsWith("ospkg/", StringComparison.Ordinal) ? dir["ospkg/".Length..] : dir;
    }

    /// <summary>Runs one case; null when Palisade reproduces it, else what differs.</summary>
    private static string? RunCase(JsonElement row, string detector, string name, IReadOnlyList<string> fixtures, ISet<string> notConverted)
    {
        var wantError = Str(row, "want_err");
        List<OsvRecord> records;
        try
        {
            var conversion = TrivyToOsv.Convert(TrivyDbFixtures.Load(fixtures));
            foreach (var note in conversion.NotConverted) notConverted.Add(note);
            records = conversion.Records.Select(json => OsvJsonReader.Read(json, $"{detector}/{name}")).ToList();
        }
        catch (OsvFormatException) when (wantError is not null)
        {
            return null;  // trivy fails to read the malformed advisory; the OSV reader refuses the same value
        }
        if (wantError is not null) return $"trivy fails ({wantError}) but the converted records read";
        var lint = records.SelectMany(r => OsvLinter.Lint(r).Where(i => i.Level == OsvLintLevel.Error).Select(i => $"{r.Id} {i}")).ToList();
        if (lint.Count > 0) return "converted records break OSV rules: " + string.Join("; ", lint);

        var index = records.SelectMany(r => r.Affected.Where(a => a.Package is not null).Select(a => (a.Package!.Ecosystem, Name: PackageNames.Normalize(a.Package.Ecosystem, a.Package.Name), Record: r)))
            .ToLookup(x => (x.Ecosystem, x.Name), x => x.Record);
        var matcher = new VulnerabilityMatcher((ecosystem, package) => index[(ecosystem, PackageNames.Normalize(ecosystem, package))].Distinct().ToList());
        var args = row.GetProperty("args");
        OsRelease? os = null;
        List<PackageRecord> packages;
        if (detector == "library")
        {
            if (!LibraryTypes.TryGetValue(name, out var type)) return "no purl type known for this library case";
            packages = [LibraryPackage(type, Str(args, "pkgName") ?? "", Str(args, "pkgVer") ?? "")];
        }
        else
        {
            if (!Distributions.TryGetValue(detector, out var distribution)) return $"no distribution known for detector '{detector}'";
            var id = CaseDistributions.GetValueOrDefault((detector, name), distribution.Id);
            os = new OsRelease(id, string.IsNullOrEmpty(Str(args, "osVer")) ? null : Str(args, "osVer"), null, null, []);
            packages = row.GetProperty("packages").EnumerateArray().Select(p => OsPackage(p, distribution.Type, os)).ToList();
        }
        var got = matcher.Match(packages, os).Matches
            .Select(m => $"{m.Id} {m.Package.Name} {m.Package.Version} fixed=[{string.Join(", ", m.FixedVersions)}]")
            .Order(StringComparer.Ordinal).ToList();
        var want = row.GetProperty("want_vulns").EnumerateArray()
            .Select(w => $"{Str(w, "id")} {Str(w, "pkgname")} {Str(w, "installedversion")} fixed=[{Str(w, "fixedversion")}]")
            .Order(StringComparer.Ordinal).ToList();
        return got.SequenceEqual(want, StringComparer.Ordinal) ? null : $"want {{{string.Join("; ", want)}}} got {{{string.Join("; ", got)}}}";
    }

    /// <summary>A language package as a lock file cataloger reports it.</summary>
    private static PackageRecord LibraryPackage(string type, string name, string version)
    {
        var slash = name.LastIndexOf('/');
        var (ns, bare) = type is "golang" or "npm" && slash > 0 ? (name[..slash], name[(slash + 1)..]) : ((string?)null, name);
        return new PackageRecord(name, version, type, PackageUrl.Build(type, ns, bare, version), [], null, null, null, "trivy-case", null);
    }

    /// <summary>
    /// An installed OS package as the dpkg, apk and rpm catalogers report it: the version as trivy formats it
    /// (epoch:version-release), rpm purls with the version-release and an epoch qualifier, the source package (dpkg
    /// Source, apk origin, rpm SOURCERPM) with its version when that differs.
    /// </summary>
    private static PackageRecord OsPackage(JsonElement p, string type, OsRelease os)
    {
        var name = Str(p, "Name") ?? "";
        var epoch = p.TryGetProperty("Epoch", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetInt32() : 0;
        var version = Version(epoch, Str(p, "Version"), Str(p, "Release"));
        var sourceName = string.IsNullOrEmpty(Str(p, "SrcName")) ? null : Str(p, "SrcName");
        var srcEpoch = p.TryGetProperty("SrcEpoch", out var se) && se.ValueKind == JsonValueKind.Number ? se.GetInt32() : 0;
        var rpm = type == "rpm";
        // rpm: the purl and SOURCERPM carry version-release, the epoch is a qualifier.
        var purlVersion = rpm ? Version(0, Str(p, "Version"), Str(p, "Release")) : version;
        var sourceVersion = Str(p, "SrcVersion") is { Length: > 0 } sv ? Version(rpm ? 0 : srcEpoch, sv, Str(p, "SrcRelease")) : null;
        if (sourceVersion == purlVersion) sourceVersion = null;
        var arch = Str(p, "Arch");
        var purl = PackageUrl.Build(type, os.Id, name.Length == 0 ? "-" : name, purlVersion, [
            new("arch", arch),
            new("epoch", rpm && epoch != 0 ? epoch.ToString(System.Globalization.CultureInfo.InvariantCulture) : null),
            new("distro", os.Distro),
            new("upstream", rpm ? null : sourceName),
        ]);
        return new PackageRecord(name, version, type, purl, [], sourceName, sourceVersion, arch, "trivy-case", null);
    }

    /// <summary>trivy's utils.FormatVersion: version-release, with "epoch:" when the epoch is not 0.</summary>
    private static string Version(int epoch, string? version, string? release)
    {
        var v = string.IsNullOrEmpty(release) ? version ?? "" : $"{version}-{release}";
        return epoch == 0 ? v : FormattableString.Invariant($"{epoch}:{v}");
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
