using Palisade.Vulnerabilities.Osv;

namespace Palisade.Vulnerabilities.Tests.Osv;

public sealed class OsvLinterTests
{
    private static readonly string LinterData = Path.Combine(TestData.Osv, "osv-schema", "tools", "osv-linter", "testdata");

    private static IReadOnlyList<OsvLintIssue> Lint(string file) => OsvLinter.Lint(OsvJsonReader.ReadFile(Path.Combine(LinterData, file)));

    [Fact]
    public void The_deliberately_broken_linter_records_get_the_linters_errors()
    {
        var nointroduced = Lint("nointroduced-CVE-2023-41045.json");
        Assert.Contains(nointroduced, i => i is { Code: "RNG:001", Level: OsvLintLevel.Error, Path: "affected[0].ranges[0]" });
        var nondistinct = Lint("nondistinct-CVE-2018-5407.json");
        var issue = Assert.Single(nondistinct, i => i.Code == "RNG:002");
        Assert.Equal(OsvLintLevel.Error, issue.Level);
        Assert.Contains("e818b74be2170fbe957a07b0da4401c2b694b3b8", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CVE-2018-5407.json")]
    [InlineData("CVE-2023-41045.json")]
    [InlineData("GHSA-9v2f-6vcg-3hgv.json")]
    [InlineData("GO-2020-0001.json")]
    [InlineData("GO-2024-2963.json")]
    [InlineData("MAL-2024-10238.json")]
    [InlineData("PYSEC-2023-74.json")]
    [InlineData("RHSA-2022_0216.json")]
    [InlineData("SUSE-FU-2022_0444-1.json")]
    public void The_good_linter_records_have_no_errors(string file) => Assert.False(OsvLinter.HasErrors(Lint(file)));

    [Fact]
    public void Schema_rules_and_id_lists()
    {
        var r = OsvJsonReader.Read("""
            {"id": "X-1", "aliases": ["X-1", "CVE-1", "CVE-1", ""],
             "affected": [{"package": {"ecosystem": "npm", "name": "a"}, "severity": [{"type": "CVSS_V3", "score": "x"}],
               "ranges": [{"type": "GIT", "events": [{"introduced": "0"}, {"fixed": "a"}, {"last_affected": "b"}]}]}],
             "severity": [{"type": "CVSS_V3", "score": "x"}]}
            """, "t.json");
        var issues = OsvLinter.Lint(r);
        Assert.Contains(issues, i => i.Code == "SCH:001" && i.Message.Contains("'fixed' and 'last_affected'", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Code == "SCH:001" && i.Message.Contains("GIT range without repo", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Code == "SCH:001" && i.Level == OsvLintLevel.Warning);
        Assert.Contains(issues, i => i.Code == "REC:002" && i.Message.Contains("names itself", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Code == "REC:002" && i.Message.Contains("listed twice", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Code == "REC:002" && i.Message.Contains("not an ID", StringComparison.Ordinal));
        Assert.Contains(OsvLinter.Lint(OsvJsonReader.Read("""{"id": "X-1"}""", "t")), i => i.Code == "REC:001");
        Assert.Contains(OsvLinter.Lint(OsvJsonReader.Read("""{"id": "X/1", "affected": []}""", "t")), i => i.Code == "REC:005");
    }
}
