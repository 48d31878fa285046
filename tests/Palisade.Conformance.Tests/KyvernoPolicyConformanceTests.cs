using System.Globalization;
using Palisade.Policy.Testing;
using Xunit.Abstractions;

namespace Palisade.Conformance.Tests;

/// <summary>
/// The Kyverno policy library's own CLI tests (../shared/conformance/kyverno-policies: every kyverno-test.yaml with
/// its policies, resources, values and patched resources), run through Palisade's engine exactly as
/// <c>palisade policy test</c> runs them. Each expected (policy, rule, kind, resource) result counts once. Required:
/// 100% of pod-security, 98% overall. Expectations on policy types Palisade does not evaluate yet (CEL, generate ...)
/// are counted as skipped, never as passed; every failing expectation is printed with its reason.
/// </summary>
public sealed class KyvernoPolicyConformanceTests(ITestOutputHelper output)
{
    private static readonly string Library = Path.Combine(RepoPaths.Conformance, "kyverno-policies");

    [Fact]
    public void The_policy_librarys_expected_results_are_reproduced()
    {
        var files = KyvernoTestFile.Find([Library]);
        Assert.True(files.Count >= 100, $"only {files.Count} kyverno-test.yaml files");
        var byCategory = new SortedDictionary<string, (int Passed, int Total, int Skipped)>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var category = Path.GetRelativePath(Library, file).Split(Path.DirectorySeparatorChar)[0];
            var run = KyvernoTestRunner.Run(file);
            var (passed, total, skipped) = byCategory.GetValueOrDefault(category);
            if (run.Error is not null) output.WriteLine($"ERROR {Path.GetRelativePath(Library, file)}: {run.Error}");
            foreach (var o in run.Outcomes)
            {
                if (o.Skipped is not null)
                {
                    skipped++;
                    continue;
                }
                total++;
                if (o.Ok) passed++;
                else output.WriteLine($"FAIL {Path.GetRelativePath(Library, file)}: {o.Policy}/{o.Rule} {o.Kind} {o.Resource}: expected {o.Expected}, got {o.Actual}{(o.Detail.Length > 0 ? " (" + o.Detail + ")" : "")}");
            }
            // A test that could not run counts its expectations as failed.
            if (run.Error is not null) total += Math.Max(1, KyvernoTestFileExpectations(file));
            byCategory[category] = (passed, total, skipped);
        }
        foreach (var (category, (passed, total, skipped)) in byCategory)
            ConformanceReport.Record($"kyverno policy library: {category}", passed, total, skipped > 0 ? string.Create(CultureInfo.InvariantCulture, $"({skipped} expectations on unsupported policy types skipped)") : "");
        var all = (Passed: byCategory.Values.Sum(v => v.Passed), Total: byCategory.Values.Sum(v => v.Total));
        ConformanceReport.Record("kyverno policy library: overall", all.Passed, all.Total, "");
        var pss = byCategory.GetValueOrDefault("pod-security");
        Assert.True(pss.Total > 0 && pss.Passed == pss.Total, $"pod-security {pss.Passed}/{pss.Total}");
        Assert.True(all.Passed >= all.Total * 0.98, $"overall {all.Passed}/{all.Total}");
    }

    private static int KyvernoTestFileExpectations(string file)
    {
        try
        {
            return KyvernoTestFile.Read(file).Results.Sum(r => r.Resources.Count);
        }
        catch (Policy.Documents.PolicyDocumentException)
        {
            return 1;
        }
    }
}
