using System.Globalization;
using System.Text.Json;
using Palisade.Core.Findings;
using Palisade.Secrets.Engine;
using Palisade.Secrets.Gitleaks;
using Palisade.Secrets.Rules;
using Palisade.Secrets.Scanning;
using Xunit.Abstractions;

namespace Palisade.Conformance.Tests;

/// <summary>
/// gitleaks (../shared/conformance/gitleaks): its default configuration loaded by our loader and run by our detector
/// must agree with upstream's per-rule true and false positives; Palisade's own rules are measured on the same cases;
/// and the git fixture repositories must give the findings their history implies.
/// </summary>
/// <remarks>
/// As upstream's rule tests do (utils.Validate), each case runs through its rule alone (with the configuration's global
/// allowlist, which some of upstream's false positives rely on), on a neutral path (no rule with a path filter has a
/// case). A true positive must be found by that rule, a false positive must not be. Cases of rules that the recorded
/// gitleaks.toml does not have are skipped and counted.
/// </remarks>
public sealed class GitleaksConformanceTests(ITestOutputHelper output)
{
    private static readonly string Dir = Path.Combine(RepoPaths.Conformance, "gitleaks");

    /// <summary>Required agreement of gitleaks' own rules (loaded by us) with upstream's cases.</summary>
    private const double RequiredConfigRate = 0.98;

    /// <summary>Required recall of Palisade's built-in rules on upstream's true positives, and most false positives flagged.</summary>
    private const double RequiredBuiltinRecall = 0.95;

    private const double MaxBuiltinFalsePositiveRate = 0.05;

    /// <summary>Seed of the generated samples (each case adds its line number).</summary>
    private const int Seed = 20260722;

    private const string NeutralPath = "test.txt";

    public sealed record Case(int Line, string RuleId, string Text, bool ExpectFinding)
    {
        public override string ToString() =>
            $"cases.jsonl:{Line.ToString(CultureInfo.InvariantCulture)} {(ExpectFinding ? "tp" : "fp")} {RuleId}: {Show(Text)}";
    }

    public sealed record GeneratedCase(int Line, string RuleId, string Expression, bool ExpectFinding);

    private static readonly Lazy<SecretRuleSet> GitleaksRules = new(() => GitleaksConfig.Load(Path.Combine(Dir, "gitleaks.toml")));

    private static readonly Lazy<SecretRuleSet> Builtins = new(() => new SecretRuleSet(BuiltinRules.All));

    public static IReadOnlyList<Case> LiteralCases { get; } = ReadCases();

    public static IReadOnlyList<GeneratedCase> GeneratedCases { get; } = ReadGenerated();

    private static List<Case> ReadCases()
    {
        var list = new List<Case>();
        var n = 0;
        foreach (var line in File.ReadLines(Path.Combine(Dir, "cases.jsonl")))
        {
            n++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            list.Add(new Case(n, r.GetProperty("rule_id").GetString()!, r.GetProperty("text").GetString()!, r.GetProperty("expect").GetString() == "tp"));
        }
        return list;
    }

    private static List<GeneratedCase> ReadGenerated()
    {
        var list = new List<GeneratedCase>();
        var n = 0;
        foreach (var line in File.ReadLines(Path.Combine(Dir, "cases-generated.jsonl")))
        {
            n++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            list.Add(new GeneratedCase(n, r.GetProperty("rule_id").GetString()!, r.GetProperty("expr").GetString()!, r.GetProperty("expect").GetString() == "tp"));
        }
        return list;
    }

    private static string Show(string text) => JsonSerializer.Serialize(text.Length > 160 ? text[..160] + "..." : text);

    private static readonly Dictionary<string, SecretRuleSet> SingleRuleSets = new(StringComparer.Ordinal);

    /// <summary>
    /// A set holding only the gitleaks rule <paramref name="id"/> and the global allowlist (upstream's rule tests run
    /// the rule alone; its false positives rely on the global allowlist too, e.g. the stopword
    /// "abcdefghijklmnopqrstuvwxyz" for generic-api-key), or null when gitleaks.toml has no such rule.
    /// </summary>
    private static SecretRuleSet? SingleRule(string id)
    {
        lock (SingleRuleSets)
        {
            if (SingleRuleSets.TryGetValue(id, out var set)) return set;
            var rule = GitleaksRules.Value.Rules.FirstOrDefault(r => r.Id == id);
            if (rule is null) return null;
            return SingleRuleSets[id] = new SecretRuleSet([rule], GitleaksRules.Value.GlobalAllowlists);
        }
    }

    /// <summary>Why a case cannot be run: its rule is not in the recorded gitleaks.toml (upstream removed or renamed it).</summary>
    private static string? NotRunnable(string ruleId) => SingleRule(ruleId) is null ? $"rule '{ruleId}' is not in gitleaks.toml" : null;

    /// <summary>Null when the gitleaks rule gives upstream's verdict on the text, else why not.</summary>
    private static string? GitleaksVerdict(string ruleId, string text, bool expectFinding)
    {
        var set = SingleRule(ruleId)!;
        var found = SecretDetector.Detect(set, text, NeutralPath);
        if (expectFinding && found.Count == 0) return "not found";
        if (!expectFinding && found.Count > 0) return "flagged: " + Show(found[0].Secret);
        return null;
    }

    // ----- (a) gitleaks' default configuration, loaded by our loader --------------------------------------------

    [Fact]
    public void Gitleaks_rules_agree_with_upstream_literal_cases()
    {
        var failures = new List<string>();
        var skipped = new List<string>();
        var run = LiteralCases.Where(c => NotRunnable(c.RuleId) is null).ToList();
        foreach (var c in LiteralCases.Except(run)) skipped.Add($"{c}: skipped, {NotRunnable(c.RuleId)}");
        foreach (var c in run)
            if (GitleaksVerdict(c.RuleId, c.Text, c.ExpectFinding) is { } why)
                failures.Add($"{c}: {why}");
        var total = run.Count;
        var passed = total - failures.Count;
        var rate = (double)passed / total;
        foreach (var f in failures.Concat(skipped)) output.WriteLine(f);
        output.WriteLine(FormattableString.Invariant($"{passed}/{total} literal cases agree ({100 * rate:F2}%)"));
        var tp = run.Count(c => c.ExpectFinding);
        ConformanceReport.Record("gitleaks cases.jsonl (gitleaks.toml via our loader)", passed, total,
            FormattableString.Invariant($"({tp} tp, {total - tp} fp; {skipped.Count} skipped: rule not in gitleaks.toml)"));
        Assert.True(rate >= RequiredConfigRate,
            FormattableString.Invariant($"agreement {100 * rate:F2}% is below {100 * RequiredConfigRate:F0}%:\n") + string.Join("\n", failures));
    }

    /// <summary>The generated cases, each expression evaluated to its sample texts (or skipped with a reason).</summary>
    public static (List<(GeneratedCase Case, string Text)> Samples, List<(GeneratedCase Case, string Reason)> Skipped, int Truncated) GeneratedSamples()
    {
        var samples = new List<(GeneratedCase, string)>();
        var skipped = new List<(GeneratedCase, string)>();
        var truncated = 0;
        foreach (var c in GeneratedCases)
        {
            if (NotRunnable(c.RuleId) is not null)
            {
                skipped.Add((c, "rule not in gitleaks.toml"));
                continue;
            }
            var r = GitleaksSampleExpressions.Evaluate(c.Expression, Seed + c.Line);
            if (r.SkipReason is { } why) skipped.Add((c, why));
            else if (r.Texts.Count == 0) skipped.Add((c, "no sample"));
            else samples.AddRange(r.Texts.Select(t => (c, t)));
            if (r.Truncated) truncated++;
        }
        return (samples, skipped, truncated);
    }

    [Fact]
    public void Gitleaks_rules_agree_with_upstream_generated_cases()
    {
        var (samples, skipped, truncated) = GeneratedSamples();
        var failures = new List<string>();
        int tpTotal = 0, tpPassed = 0, fpTotal = 0, fpPassed = 0;
        foreach (var (c, text) in samples)
        {
            var why = GitleaksVerdict(c.RuleId, text, c.ExpectFinding);
            if (c.ExpectFinding) { tpTotal++; if (why is null) tpPassed++; }
            else { fpTotal++; if (why is null) fpPassed++; }
            if (why is not null)
                failures.Add($"cases-generated.jsonl:{c.Line.ToString(CultureInfo.InvariantCulture)} {(c.ExpectFinding ? "tp" : "fp")} {c.RuleId}: {Show(text)}: {why}");
        }
        foreach (var f in failures) output.WriteLine(f);
        var reasons = skipped.GroupBy(s => Reason(s.Reason)).OrderByDescending(g => g.Count()).ToList();
        foreach (var g in reasons) output.WriteLine($"skipped {g.Count()}: {g.Key} ({string.Join(", ", g.Select(s => s.Case.Line))})");
        var skipNote = $"{samples.Select(x => x.Case).Distinct().Count()} of {GeneratedCases.Count} expressions sampled, " +
            $"{truncated} of them cut short in the recording (their complete elements used); {skipped.Count} skipped: " +
            string.Join("; ", reasons.Select(g => $"{g.Count()} {g.Key}"));
        output.WriteLine(skipNote);

        ConformanceReport.Record("gitleaks cases-generated.jsonl tp samples (gitleaks.toml via our loader)", tpPassed, tpTotal, $"({skipNote})");
        ConformanceReport.Record("gitleaks cases-generated.jsonl fp samples (gitleaks.toml via our loader)", fpPassed, fpTotal);
        var rate = (double)(tpPassed + fpPassed) / (tpTotal + fpTotal);
        Assert.True(rate >= RequiredConfigRate,
            FormattableString.Invariant($"agreement {100 * rate:F2}% is below {100 * RequiredConfigRate:F0}%:\n") + string.Join("\n", failures));
        // Most expressions must be covered, or the rate above says little.
        Assert.True(skipped.Count <= GeneratedCases.Count / 5, skipNote);
    }

    /// <summary>A skip reason without the details that make every one different.</summary>
    private static string Reason(string reason) =>
        reason.StartsWith("uses the Go variable", StringComparison.Ordinal) ? "use Go variables (upstream test data not recorded)"
        : reason.StartsWith("calls the Go function", StringComparison.Ordinal) ? "call upstream helper functions: " + reason["calls the Go function ".Length..]
        : reason;

    // ----- (b) Palisade's built-in rules on the same cases ------------------------------------------------------

    [Fact]
    public void Builtin_rules_recall_and_false_positive_rate_on_upstream_cases()
    {
        var missed = new List<Case>();
        var flagged = new List<(Case Case, SecretMatch Match)>();
        foreach (var c in LiteralCases)
        {
            var found = SecretDetector.Detect(Builtins.Value, c.Text, NeutralPath);
            if (c.ExpectFinding && found.Count == 0) missed.Add(c);
            if (!c.ExpectFinding && found.Count > 0) flagged.Add((c, found[0]));
        }
        var tp = LiteralCases.Count(c => c.ExpectFinding);
        var fp = LiteralCases.Count - tp;
        var recall = (double)(tp - missed.Count) / tp;
        var fpRate = (double)flagged.Count / fp;
        foreach (var c in missed) output.WriteLine($"missed: {c}");
        foreach (var (c, m) in flagged) output.WriteLine($"flagged: {c}: by {m.Rule.Id} ({Show(m.Secret)})");
        output.WriteLine(FormattableString.Invariant($"recall {tp - missed.Count}/{tp} ({100 * recall:F2}%), false positives {flagged.Count}/{fp} ({100 * fpRate:F2}%)"));

        ConformanceReport.Record("gitleaks cases.jsonl tp found by built-in rules (recall)", tp - missed.Count, tp);
        ConformanceReport.Record("gitleaks cases.jsonl fp not flagged by built-in rules", fp - flagged.Count, fp,
            FormattableString.Invariant($"(false-positive rate {100 * fpRate:F2}%)"));

        // For information: how many of these false positives gitleaks' own full configuration flags with ANY rule
        // (upstream asserts them per rule only; e.g. an Anthropic admin key is a false positive of anthropic-api-key
        // but a true positive of anthropic-admin-api-key).
        var gitleaksFlagged = LiteralCases.Where(c => !c.ExpectFinding)
            .Select(c => (Case: c, Found: SecretDetector.Detect(GitleaksRules.Value, c.Text, NeutralPath)))
            .Where(x => x.Found.Count > 0).ToList();
        foreach (var (c, found) in gitleaksFlagged) output.WriteLine($"also flagged by gitleaks.toml: {c}: by {found[0].Rule.Id}");
        ConformanceReport.Record("gitleaks cases.jsonl fp not flagged by any gitleaks.toml rule (informational baseline)", fp - gitleaksFlagged.Count, fp);

        // For information: the generated true positives (not part of the requirement).
        var (samples, _, _) = GeneratedSamples();
        var generatedTp = samples.Where(s => s.Case.ExpectFinding).ToList();
        var generatedFound = generatedTp.Count(s => SecretDetector.Detect(Builtins.Value, s.Text, NeutralPath).Count > 0);
        ConformanceReport.Record("gitleaks cases-generated.jsonl tp samples found by built-in rules (informational)", generatedFound, generatedTp.Count);

        Assert.True(recall >= RequiredBuiltinRecall && fpRate <= MaxBuiltinFalsePositiveRate,
            FormattableString.Invariant($"built-in rules: recall {100 * recall:F2}% (need {100 * RequiredBuiltinRecall:F0}%), false positives {100 * fpRate:F2}% (at most {100 * MaxBuiltinFalsePositiveRate:F0}%)\n") +
            string.Join("\n", missed.Select(c => $"missed: {c}").Concat(flagged.Select(f => $"flagged: {f.Case}: by {f.Match.Rule.Id}"))));
    }

    // ----- (c) the git fixtures -----------------------------------------------------------------------------------

    /// <summary>A finding as the fixtures' history implies it: commit, file, line, author.</summary>
    public sealed record ExpectedLeak(string Commit, string File, int Line, string Author);

    private const string Secret = "AKIALALEMEL33243OLIA";

    // Derived from `git log -p --all` of testdata/repos/small: the AWS key AKIALALEMEL33243OLIA is added by
    //   1b6da43 "Accidentally add a secret"          main.go line 20 (hunk @@ -15,6 +15,9 @@, third added line)
    //   491504d "adding foo package with secret"     foo/foo.go line 9 (new file)
    //   53cd7a3 "add .gitleaksignore test files"     api/ignoreCommit.go and api/ignoreGlobal.go line 20 (new files)
    // and removed by 9063354 and f1b58b9 (removals are not findings). Every other added line holds no secret.
    private static readonly ExpectedLeak MainGo = new("1b6da43b82b22e4eaa10bcf8ee591e91abbfc587", "main.go", 20, "Zachary Rice");
    private static readonly ExpectedLeak FooGo = new("491504d5a31946ce75e22554cc34203d8e5ff3ca", "foo/foo.go", 9, "Zach Rice");
    private static readonly ExpectedLeak IgnoreCommitGo = new("53cd7a3c6eb4937f413e3c25e4a9f39289afa69e", "api/ignoreCommit.go", 20, "Richard Gomez");
    private static readonly ExpectedLeak IgnoreGlobalGo = new("53cd7a3c6eb4937f413e3c25e4a9f39289afa69e", "api/ignoreGlobal.go", 20, "Richard Gomez");

    /// <summary>
    /// The findings each fixture's history implies. staged shares small's history up to f1b58b9 and adds only a
    /// .gitleaksignore commit (its leak is a staged, uncommitted change: not history). archives holds secrets only inside
    /// compressed archives (nested.tar.gz, main.go.zst), which neither gitleaks by default nor Palisade opens.
    /// </summary>
    public static readonly Dictionary<string, ExpectedLeak[]> ExpectedByRepo = new(StringComparer.Ordinal)
    {
        ["small"] = [MainGo, FooGo, IgnoreCommitGo, IgnoreGlobalGo],
        ["staged"] = [MainGo, FooGo],
        ["archives"] = [],
    };

    /// <summary>The rule sets run over the fixtures, with the id of their AWS access key rule.</summary>
    public static TheoryData<string, string> RepoRuleSets()
    {
        var data = new TheoryData<string, string>();
        foreach (var repo in ExpectedByRepo.Keys)
            foreach (var rules in (string[])["gitleaks.toml", "builtin", "simple.toml"])
                data.Add(repo, rules);
        return data;
    }

    private static (SecretRuleSet Set, string AwsRule) RuleSet(string name) => name switch
    {
        "gitleaks.toml" => (GitleaksRules.Value, "aws-access-token"),
        "builtin" => (Builtins.Value, "aws-access-key-id"),
        // gitleaks' own git tests use this configuration (its AWS rule is aws-access-key, as in the fixtures' .gitleaksignore).
        "simple.toml" => (GitleaksConfig.Load(Path.Combine(Dir, "testdata", "config", "simple.toml")), "aws-access-key"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>Copies a fixture to a temp folder with its dotGit folder renamed .git.</summary>
    private static string CheckOut(string repo, string into)
    {
        var source = Path.Combine(Dir, "testdata", "repos", repo);
        var target = Path.Combine(into, repo);
        foreach (var dir in Directory.GetDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(target, Rename(Path.GetRelativePath(source, dir))));
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Rename(Path.GetRelativePath(source, file)));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
            File.SetAttributes(to, FileAttributes.Normal);
        }
        return target;

        static string Rename(string relative) =>
            relative == "dotGit" || relative.StartsWith("dotGit" + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? ".git" + relative["dotGit".Length..] : relative;
    }

    private static List<Finding> ScanHistory(string repo, SecretRuleSet rules)
    {
        var temp = Directory.CreateTempSubdirectory("palisade-gitleaks-repo-");
        try
        {
            var path = CheckOut(repo, temp.FullName);
            return GitSecretsScanner.Scan(path, new SecretScanOptions { Rules = rules, MaxParallelism = 1 })
                .SelectMany(r => r.Findings).ToList();
        }
        finally
        {
            foreach (var f in temp.EnumerateFiles("*", SearchOption.AllDirectories)) f.Attributes = FileAttributes.Normal;
            temp.Delete(recursive: true);
        }
    }

    private static string Describe(Finding f) =>
        $"{f.Commit?.Sha[..7]} {f.Location?.Path}:{f.Location?.StartLine.ToString(CultureInfo.InvariantCulture)} {f.RuleId} by {f.Commit?.Author}";

    [Theory]
    [MemberData(nameof(RepoRuleSets))]
    public void Git_fixture_history_gives_the_implied_findings(string repo, string rules)
    {
        var (set, awsRule) = RuleSet(rules);
        var findings = ScanHistory(repo, set);
        foreach (var f in findings) output.WriteLine(Describe(f));

        var expected = ExpectedByRepo[repo]
            .Select(e => (e.Commit, e.File, e.Line, Rule: awsRule, e.Author))
            .OrderBy(e => e.ToString(), StringComparer.Ordinal)
            .ToList();
        var actual = findings
            .Select(f => (Commit: f.Commit!.Sha, File: f.Location!.Path, Line: f.Location.StartLine, Rule: f.RuleId, f.Commit.Author))
            .OrderBy(e => e.ToString(), StringComparer.Ordinal)
            .ToList();
        // A fixture without expected findings passes (1/1) when nothing is found.
        var matched = expected.Count == 0 && actual.Count == 0 ? 1 : actual.Intersect(expected).Count();
        ConformanceReport.Record($"gitleaks git fixture {repo} ({rules})", matched, Math.Max(1, Math.Max(expected.Count, actual.Count)),
            $"({expected.Count} findings expected, {actual.Count} found)");
        Assert.Equal(expected, actual);
        Assert.All(findings, f => Assert.Contains(Secret[..4], f.Secret!.Redacted, StringComparison.Ordinal));
        Assert.All(findings, f => Assert.Equal($"{f.Commit!.Sha}:{f.Location!.Path}:{f.RuleId}:{f.Location.StartLine.ToString(CultureInfo.InvariantCulture)}", f.Fingerprint));
    }

    [Fact]
    public void Gitleaksignore_of_the_small_fixture_drops_the_listed_findings()
    {
        // simple.toml names the AWS rule aws-access-key, as the fixture's .gitleaksignore does: one entry ignores a
        // commit's finding (sha:file:rule:line), one a finding in whatever commit (file:rule:line).
        var (set, _) = RuleSet("simple.toml");
        var ignore = GitleaksIgnore.Load(Path.Combine(Dir, "testdata", "repos", "small", ".gitleaksignore"));
        var kept = ScanHistory("small", set).Where(f => !ignore.IsIgnored(f)).Select(Describe).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                "1b6da43 main.go:20 aws-access-key by Zachary Rice",
                "491504d foo/foo.go:9 aws-access-key by Zach Rice",
            ],
            kept);
    }
}
