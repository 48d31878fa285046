using System.Text.Json;
using Palisade.Cli.Commands;
using Palisade.Cli.Scanning;
using Palisade.Cli.Tests.Infrastructure;

namespace Palisade.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ChecksListTests
{
    private static readonly string[] Severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"];

    [Fact]
    public void Json_lists_every_rule_exactly_once_with_severity_title_and_controls()
    {
        var r = Runner.Run("checks", "list", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var rules = doc.RootElement.EnumerateArray().ToList();
        var ids = rules.Select(x => x.GetProperty("id").GetString()!).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ScanRunner.AllRules.Select(x => x.Id), ids);
        Assert.All(rules, rule =>
        {
            var id = rule.GetProperty("id").GetString();
            Assert.Contains(rule.GetProperty("severity").GetString(), Severities);
            Assert.False(string.IsNullOrWhiteSpace(rule.GetProperty("title").GetString()), $"{id} has no title");
            Assert.False(string.IsNullOrWhiteSpace(rule.GetProperty("description").GetString()), $"{id} has no description");
            Assert.False(string.IsNullOrWhiteSpace(rule.GetProperty("remediation").GetString()), $"{id} has no remediation");
            var controls = rule.GetProperty("controls").EnumerateArray().ToList();
            Assert.True(controls.Count > 0, $"{id} maps to no control");
            Assert.All(controls, c =>
            {
                Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("framework").GetString()));
                Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("id").GetString()));
            });
            Assert.NotEmpty(rule.GetProperty("groups").EnumerateArray());
        });
    }

    [Fact]
    public void Table_lists_every_rule_and_the_count()
    {
        var r = Runner.Run("checks", "list");
        Assert.Equal(0, r.ExitCode);
        Assert.All(ScanRunner.AllRules, rule => Assert.Contains(rule.Id, r.Stdout, StringComparison.Ordinal));
        Assert.Contains($"{ScanRunner.AllRules.Count} checks", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_on_stdout_is_the_generated_document()
    {
        var r = Runner.Run("checks", "list", "-f", "markdown");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(Palisade.Reporting.Rules.RuleCatalog.Markdown(ScanRunner.AllRules), r.Stdout);
    }

    [Fact]
    public void Unknown_listing_format_exits_2()
    {
        var r = Runner.Run("checks", "list", "-f", "sarif");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
    }
}

public sealed class ChecksDocumentTests
{
    [Fact]
    public void Docs_checks_md_is_up_to_date()
    {
        var path = Path.Combine(RepoRoot(), "docs", "checks.md");
        var expected = Palisade.Reporting.Rules.RuleCatalog.Markdown(ScanRunner.AllRules);
        var actual = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        if (actual == expected) return;

        var a = actual.Split('\n');
        var e = expected.Split('\n');
        var line = Enumerable.Range(0, Math.Max(a.Length, e.Length)).First(i => i >= a.Length || i >= e.Length || a[i] != e[i]);
        Assert.Fail(
            $"docs/checks.md is out of date (first difference at line {line + 1}: expected \"{(line < e.Length ? e[line] : "<end>")}\", " +
            $"found \"{(line < a.Length ? a[line] : "<end>")}\").\n" +
            "Regenerate it from the repository root with:\n    ./palisade checks list --format markdown > docs/checks.md");
    }

    [Fact]
    public void Markdown_has_a_section_per_rule()
    {
        var markdown = Palisade.Reporting.Rules.RuleCatalog.Markdown(ScanRunner.AllRules);
        Assert.All(ScanRunner.AllRules, r =>
        {
            Assert.Contains($"\n## {r.Id}\n", markdown, StringComparison.Ordinal);
            Assert.Contains($"| [{r.Id}](#{r.Id.ToLowerInvariant()}) |", markdown, StringComparison.Ordinal);
        });
    }

    internal static string RepoRoot() => RepoPaths.Root;
}
