using Palisade.Vulnerabilities.Osv;
using Palisade.Vulnerabilities.Versions;
using Xunit.Abstractions;

namespace Palisade.Conformance.Tests.TrivyDb;

/// <summary>
/// The trivy-db to OSV conversion: bucket ecosystems, range strings to events, and every fixture file of
/// ../shared/conformance/osv/trivy-detector converted (what is not converted is printed with its reason).
/// </summary>
public sealed class TrivyToOsvTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("debian 12", "Debian:12")]
    [InlineData("ubuntu 20.04", "Ubuntu:20.04:LTS")]
    [InlineData("ubuntu 21.04", "Ubuntu:21.04")]
    [InlineData("alpine 3.10", "Alpine:v3.10")]
    [InlineData("alma 8", "AlmaLinux:8")]
    [InlineData("rocky 8", "Rocky Linux:8")]
    [InlineData("Photon OS 1.0", "Photon OS:1.0")]
    [InlineData("Azure Linux 3.0", "Azure Linux:3")]
    [InlineData("openSUSE Leap 15.3", "openSUSE:Leap 15.3")]
    [InlineData("openSUSE Tumbleweed", "openSUSE:Tumbleweed")]
    [InlineData("SUSE Linux Enterprise 15.3", "SUSE:Linux Enterprise Server 15 SP3")]
    [InlineData("SUSE Linux Enterprise Micro 5.3", "SUSE:Linux Enterprise Micro 5.3")]
    [InlineData("wolfi", "Wolfi")]
    [InlineData("chainguard", "Chainguard")]
    [InlineData("minimos", "MinimOS")]
    [InlineData("echo", "Echo")]
    [InlineData("go::GitLab Advisory Database Community", "Go")]
    [InlineData("pip::GitHub Security Advisory Pip", "PyPI")]
    [InlineData("julia::Julia Ecosystem Security Advisories", "Julia")]
    [InlineData("amazon linux 2", null)]
    [InlineData("Oracle Linux 7", null)]
    [InlineData("bottlerocket", null)]
    [InlineData("CBL-Mariner 2.0", null)]
    [InlineData("Red Hat", null)]
    [InlineData("rapidfort ubuntu 22.04", null)]
    [InlineData("root.io debian 12", null)]
    [InlineData("seal pip::Seal Security Database", null)]
    [InlineData("GitHub Security Advisory Composer", null)]
    public void Buckets_map_to_osv_ecosystems(string bucket, string? ecosystem)
    {
        Assert.Equal(ecosystem, TrivyToOsv.Ecosystem(bucket, out var reason));
        Assert.Equal(ecosystem is null, reason is not null);
    }

    [Theory]
    [InlineData("Go", "<v1.13.2", "v1.13.2", "introduced 0, fixed 1.13.2")]
    [InlineData("Packagist", ">= 4.2.0, < 4.2.7", "4.2.7", "introduced 4.2.0, fixed 4.2.7")]
    [InlineData("PyPI", "< 4.2.3", "4.2.3", "introduced 0, fixed 4.2.3")]
    [InlineData("npm", ">=5.5.2-sp1 <5.5.2-sp999", "5.5.2-sp999", "introduced 5.5.2-sp1, fixed 5.5.2-sp999")]
    [InlineData("npm", "~1.2.3 || ^3.0.0", "", "introduced 1.2.3, fixed 1.3.0-0 | introduced 3.0.0, fixed 4.0.0-0")]
    [InlineData("Debian:12", "<= 1.2-3", "", "introduced 0, last_affected 1.2-3")]
    [InlineData("Debian:12", "= 1.2-3 || >= 2.0-1", "", "introduced 2.0-1 | versions 1.2-3")]
    [InlineData("Maven", "", ">= 4.2.2|~> 4.1.11|< 4.1.0", "introduced 4.1.0, fixed 4.1.11 | introduced 4.2, fixed 4.2.2")]
    public void Range_strings_become_osv_events(string ecosystem, string vulnerable, string secure, string expected)
    {
        var scheme = ecosystem is "Go" or "npm" ? VersionSchemes.ForName(ecosystem == "Go" ? "go" : "semver") : VersionSchemes.ForEcosystem(ecosystem);
        var events = TrivyVersionRanges.ToOsv(ecosystem, scheme, Split(vulnerable, "##"), Split(secure, "|"));
        var text = events.Ranges.Select(r => string.Join(", ", r.Select(e => $"{e.Kind} {e.Version}")))
            .Concat(events.Versions.Count > 0 ? ["versions " + string.Join(", ", events.Versions)] : []);
        Assert.Equal(expected, string.Join(" | ", text));
    }

    [Theory]
    [InlineData("Debian:12", "<3.0.15-1~deb12u1.root.io.1##>3.0.15-1~deb12u1.root.io.1 <3.0.16-1~deb12u1", "3.0.15-1~deb12u1.root.io.1|3.0.16-1~deb12u1", "excluding it")]
    [InlineData("Maven", "!= 1.0", "", "operator '!='")]
    [InlineData("PyPI", "~=2.2", "", "PEP 440 '~=2.2'")]
    [InlineData("RubyGems", "", ">= 4.2.2|~> 4.1.11", "no version order for RubyGems")]
    [InlineData("Go", "< not-a-version", "", "not a valid go version")]
    public void Range_strings_that_osv_events_cannot_express_are_refused_with_the_reason(string ecosystem, string vulnerable, string secure, string reason)
    {
        var scheme = ecosystem == "Go" ? VersionSchemes.ForName("go") : VersionSchemes.ForEcosystem(ecosystem);
        var e = Assert.Throws<FormatException>(() => TrivyVersionRanges.ToOsv(ecosystem, scheme, Split(vulnerable, "##"), Split(secure, "|")));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_range_string_means_every_version_as_in_trivy()
    {
        var events = TrivyVersionRanges.ToOsv("Go", VersionSchemes.ForName("go"), [""], ["v1.0.0"]);
        Assert.Equal([("introduced", "0")], Assert.Single(events.Ranges));
    }

    [Fact]
    public void Every_fixture_converts_to_readable_lint_clean_osv_or_says_why()
    {
        var root = Path.Combine(RepoPaths.Conformance, "osv", "trivy-detector", "pkg", "detector");
        var files = Directory.GetFiles(root, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        int records = 0, refused = 0;
        var problems = new List<string>();
        foreach (var file in files)
        {
            var name = Path.GetRelativePath(root, file);
            var malformed = Path.GetFileName(file).StartsWith("invalid", StringComparison.Ordinal);
            try
            {
                var conversion = TrivyToOsv.Convert(TrivyDbFixtures.Load([file]));
                foreach (var note in conversion.NotConverted) output.WriteLine($"{name}: not converted: {note}");
                foreach (var json in conversion.Records)
                {
                    var record = OsvJsonReader.Read(json, name);
                    records++;
                    problems.AddRange(OsvLinter.Lint(record).Where(i => i.Level == OsvLintLevel.Error).Select(i => $"{name} {record.Id}: {i}"));
                }
            }
            catch (FormatException e) when (malformed)
            {
                refused++;
                output.WriteLine($"{name}: refused: {e.Message}");
            }
        }
        output.WriteLine($"{files.Count} fixture files, {records} OSV records, {refused} malformed fixtures refused");
        Assert.True(files.Count > 50, "too few fixtures: is ../shared/conformance/osv present?");
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    private static List<string> Split(string s, string separator) =>
        s.Length == 0 ? [] : s.Split(separator).ToList();
}
