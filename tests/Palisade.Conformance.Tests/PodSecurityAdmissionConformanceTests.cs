using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.PodSecurity;
using Palisade.Kubernetes.Workloads;
using Xunit.Abstractions;

namespace Palisade.Conformance.Tests;

/// <summary>
/// Every fixture of Kubernetes' pod-security-admission (../shared/conformance/pod-security-admission):
/// for each level and version, pass/ pods must yield no violation, fail/ pods must yield a violation of the
/// check the fixture is named after, whose message holds the substring the upstream test asserts.
/// </summary>
public sealed class PodSecurityAdmissionConformanceTests(ITestOutputHelper output)
{
    private static readonly string DataDir = Path.Combine(RepoPaths.Conformance, "pod-security-admission", "test", "testdata");

    // From SOURCE.md: the substring upstream requires in the rejection message, per check.
    private static readonly Dictionary<string, string> ExpectedSubstrings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["appArmorProfile"] = "forbidden AppArmor profile",
        ["capabilities_baseline"] = "capabilities",
        ["capabilities_restricted"] = "unrestricted capabilities",
        ["hostNamespaces"] = "host namespaces",
        ["hostPathVolumes"] = "hostPath",
        ["hostPorts"] = "hostPort",
        ["hostProbesAndHostLifecycle"] = "probe or lifecycle host",
        ["procMount"] = "procMount",
        ["procMount_restricted"] = "procMount",
        ["restrictedVolumes"] = "restricted volume types",
        ["seLinuxOptions"] = "seLinuxOptions",
        ["seccompProfile_baseline"] = "seccompProfile",
        ["seccompProfile_restricted"] = "seccompProfile",
        ["sysctls"] = "forbidden sysctl",
        ["windowsHostProcess"] = "hostProcess",
    };

    public sealed record Case(string Level, string Version, bool ShouldPass, string File);

    public static IEnumerable<Case> AllCases()
    {
        foreach (var levelDir in Directory.GetDirectories(DataDir).Order(StringComparer.Ordinal))
            foreach (var versionDir in Directory.GetDirectories(levelDir).Order(StringComparer.Ordinal))
                foreach (var pf in (string[])["pass", "fail"])
                {
                    var d = Path.Combine(versionDir, pf);
                    if (!Directory.Exists(d)) continue;
                    foreach (var f in Directory.GetFiles(d, "*.yaml").Order(StringComparer.Ordinal))
                        yield return new Case(Path.GetFileName(levelDir), Path.GetFileName(versionDir), pf == "pass", f);
                }
    }

    /// <summary>Returns null when the case behaves as upstream expects, else why not.</summary>
    public static string? Run(Case c)
    {
        var file = ManifestParser.Parse(File.ReadAllText(c.File), Path.GetFileName(c.File));
        if (file.Errors.Count > 0) return "parse error: " + file.Errors[0].Message;
        if (file.Objects.Count != 1) return $"expected one object, got {file.Objects.Count}";
        var pod = WorkloadExtractor.GetPodTemplate(file.Objects[0]);
        if (pod is null) return "no pod spec";
        if (!PssVersion.TryParseLevel(c.Level, out var level)) return "bad level " + c.Level;
        if (!PssVersion.TryParse(c.Version, out var version)) return "bad version " + c.Version;
        var violations = PodSecurityEvaluator.Evaluate(pod, level, version);
        if (c.ShouldPass)
            return violations.Count == 0 ? null : "expected pass, got: " + string.Join("; ", violations.Select(v => $"{v.CheckId}: {v.Message}"));
        if (violations.Count == 0) return "expected a violation, got none";
        var stem = Path.GetFileNameWithoutExtension(c.File).TrimEnd("0123456789".ToCharArray());
        var match = violations.FirstOrDefault(v => string.Equals(v.CheckId, stem, StringComparison.OrdinalIgnoreCase));
        if (match is null) return $"expected a {stem} violation, got: " + string.Join("; ", violations.Select(v => v.CheckId));
        var key = ExpectedSubstrings.Keys.FirstOrDefault(k => string.Equals(k, stem, StringComparison.OrdinalIgnoreCase));
        if (key is not null && !match.Message.Contains(ExpectedSubstrings[key], StringComparison.Ordinal))
            return $"message '{match.Message}' lacks '{ExpectedSubstrings[key]}'";
        return null;
    }

    [Fact]
    public void Every_fixture_for_every_level_and_version_matches_pod_security_admission()
    {
        var cases = AllCases().ToList();
        var failures = new List<string>();
        foreach (var c in cases)
        {
            if (Run(c) is { } why) failures.Add($"{Path.GetRelativePath(DataDir, c.File)}: {why}");
        }
        var passed = cases.Count - failures.Count;
        ConformanceReport.Record("Pod Security Admission fixtures", passed, cases.Count);
        output.WriteLine($"{passed}/{cases.Count} fixtures behave as pod-security-admission expects");
        Assert.Equal(4537, cases.Count);
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} fixtures fail:\n" + string.Join("\n", failures.Take(200)));
    }

    public static TheoryData<string, string> LevelVersions()
    {
        var data = new TheoryData<string, string>();
        foreach (var g in AllCases().Select(c => (c.Level, c.Version)).Distinct()) data.Add(g.Level, g.Version);
        return data;
    }

    [Theory]
    [MemberData(nameof(LevelVersions))]
    public void Fixtures_of_one_level_and_version(string level, string version)
    {
        var failures = AllCases().Where(c => c.Level == level && c.Version == version)
            .Select(c => Run(c) is { } why ? $"{Path.GetFileName(c.File)} ({(c.ShouldPass ? "pass" : "fail")}): {why}" : null)
            .OfType<string>().ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
