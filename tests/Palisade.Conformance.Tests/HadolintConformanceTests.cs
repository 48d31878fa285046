using System.Globalization;
using System.Text.Json;
using Palisade.Dockerfile.Checks;
using Palisade.Dockerfile.Scanning;
using Xunit.Abstractions;

namespace Palisade.Conformance.Tests;

/// <summary>
/// The hadolint rule cases (../shared/conformance/hadolint/cases.jsonl, facts read out of hadolint's rule specs):
/// every case whose rule one of our checks aliases is run through exactly that check, and must give the verdict
/// upstream asserts (a finding or none, and the exact number of findings where the case gives one).
/// <c>onbuild</c> rows run the same snippet with every RUN line wrapped as <c>ONBUILD RUN</c>, as upstream's
/// <c>onBuildRuleCatches*</c> helpers do. Rows with a non-default hadolint <c>config</c> are skipped (with the
/// reason in the test output): our checks have no equivalent of hadolint's configuration record.
/// </summary>
public sealed class HadolintConformanceTests(ITestOutputHelper output)
{
    private static readonly string CasesFile = Path.Combine(RepoPaths.Conformance, "hadolint", "cases.jsonl");

    /// <summary>The suite's required overall agreement (the issue asks for at least 95%).</summary>
    private const double RequiredRate = 0.95;

    public sealed record Case(int Line, string Rule, string Name, string Dockerfile, bool ExpectViolation, bool OnBuild, int? ExpectedCount, string? Config)
    {
        public override string ToString() =>
            $"{Rule} line {Line.ToString(CultureInfo.InvariantCulture)}{(OnBuild ? " (onbuild)" : "")}: \"{Name}\"";
    }

    /// <summary>
    /// Cases where our check deliberately means something else than the hadolint rule it aliases: rule, upstream
    /// case name, onbuild, and why. Each must still disagree (so the list cannot go stale silently).
    /// </summary>
    private static readonly Dictionary<(string Rule, string Name, bool OnBuild), string> DeliberateDifferences = new()
    {
        // PAL-DF-015 asks whether pip's cache ends up in the layer. pip disables its cache for ANY valid boolean
        // value of PIP_NO_CACHE_DIR, 0/no/off/false included (pip/_internal/cli/cmdoptions.py, _handle_no_cache_dir:
        // "we disable the cache directory not just on values that parse to True, but ... also on values that parse
        // to False"), and fails on an invalid one. hadolint treats the false-looking values as "cache on".
        [("DL3042", "respect ENV PIP_NO_CACHE_DIR with falsy values", false)] = PipNoCacheDirAnyValue,
        [("DL3042", "respect RUN PIP_NO_CACHE_DIR=... with falsy values", false)] = PipNoCacheDirAnyValue,
        [("DL3042", "respect RUN export PIP_NO_CACHE_DIR=... with falsy values", false)] = PipNoCacheDirAnyValue,
    };

    private const string PipNoCacheDirAnyValue = "pip disables its cache for any valid PIP_NO_CACHE_DIR value, 0/no/off included";

    private static readonly Lazy<IReadOnlyList<Case>> Cases = new(Load);

    public static IReadOnlyList<Case> AllCases => Cases.Value;

    private static List<Case> Load()
    {
        var list = new List<Case>();
        var n = 0;
        foreach (var line in File.ReadLines(CasesFile))
        {
            n++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            list.Add(new Case(
                n,
                r.GetProperty("rule").GetString()!,
                r.GetProperty("name").GetString()!,
                r.GetProperty("dockerfile").GetString()!,
                r.GetProperty("expect").GetString() == "violation",
                r.TryGetProperty("onbuild", out var ob) && ob.GetBoolean(),
                r.TryGetProperty("expected_count", out var count) ? count.GetInt32() : null,
                r.TryGetProperty("config", out var config) ? config.GetString() : null));
        }
        return list;
    }

    /// <summary>The check that aliases a hadolint rule, or null when none does.</summary>
    public static DockerfileCheck? CheckFor(string rule) =>
        DockerfileChecks.All.FirstOrDefault(c => c.Metadata.Aliases.Contains(rule, StringComparer.Ordinal));

    /// <summary>The cases our checks answer for: their rule is aliased.</summary>
    public static IEnumerable<Case> AliasedCases => AllCases.Where(c => CheckFor(c.Rule) is not null);

    /// <summary>Upstream's ONBUILD variant: every line that starts with RUN becomes ONBUILD RUN.</summary>
    public static string WrapRuns(string dockerfile) =>
        string.Join('\n', dockerfile.Split('\n').Select(l => l.StartsWith("RUN", StringComparison.Ordinal) ? "ONBUILD " + l : l));

    /// <summary>The text the check sees: upstream appends one newline before parsing.</summary>
    public static string TextOf(Case c) => (c.OnBuild ? WrapRuns(c.Dockerfile) : c.Dockerfile) + "\n";

    /// <summary>Null when our check gives upstream's verdict for the case, else what went differently.</summary>
    public static string? Run(Case c)
    {
        var check = CheckFor(c.Rule) ?? throw new InvalidOperationException($"{c.Rule} is not aliased");
        var result = DockerfileScanner.ScanText(TextOf(c), "Dockerfile", [check], hasDockerignore: null);
        var findings = result.Findings.Where(f => f.RuleId == check.Id).ToList();
        var agrees = c.ExpectViolation == findings.Count > 0 && (c.ExpectedCount is not { } n || n == findings.Count);
        if (agrees) return null;
        var expected = c.ExpectedCount is { } k ? $"exactly {k} finding(s)" : c.ExpectViolation ? "a finding" : "no finding";
        var got = findings.Count == 0 ? "none" : string.Join("; ", findings.Select(f => $"line {f.Location?.StartLine}: {f.Message}"));
        var errors = result.Errors.Count == 0 ? "" : " [parse errors: " + string.Join("; ", result.Errors.Select(e => e.Message)) + "]";
        return $"{check.Id} should give {expected}, got {findings.Count}: {got}{errors}";
    }

    private static string? Deliberate(Case c) => DeliberateDifferences.GetValueOrDefault((c.Rule, c.Name, c.OnBuild));

    [Fact]
    public void Aliased_hadolint_cases_agree_with_our_checks()
    {
        var aliased = AliasedCases.ToList();
        var skipped = aliased.Where(c => c.Config is not null).ToList();
        var run = aliased.Where(c => c.Config is null).ToList();
        Assert.NotEmpty(run);

        var outcomes = run.Select(c => (Case: c, Why: Run(c))).ToList();
        output.WriteLine("rule     check        agreed/total");
        foreach (var g in outcomes.GroupBy(o => o.Case.Rule).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var agreed = g.Count(o => o.Why is null);
            output.WriteLine(FormattableString.Invariant($"{g.Key,-8} {CheckFor(g.Key)!.Id,-12} {agreed,3}/{g.Count(),-3}{(agreed == g.Count() ? "" : "  <--")}"));
        }

        var passed = outcomes.Count(o => o.Why is null);
        var rate = (double)passed / outcomes.Count;
        output.WriteLine(FormattableString.Invariant($"overall: {passed}/{outcomes.Count} ({100 * rate:F2}%), {skipped.Count} skipped"));

        var disagreements = outcomes.Where(o => o.Why is not null).ToList();
        if (disagreements.Count > 0) output.WriteLine("\ndisagreements:");
        foreach (var (c, why) in disagreements)
            output.WriteLine($"  {c}: {why}{(Deliberate(c) is { } reason ? " -- deliberate: " + reason : "")}");
        if (skipped.Count > 0) output.WriteLine("\nskipped (non-default hadolint config; our checks have no such configuration):");
        foreach (var c in skipped) output.WriteLine($"  {c}: {c.Config}");

        var note = skipped.Count == 0
            ? "(0 skipped: no aliased case uses a non-default config)"
            : $"({skipped.Count.ToString(CultureInfo.InvariantCulture)} skipped: non-default hadolint config)";
        ConformanceReport.Record("hadolint cases (aliased rules)", passed, outcomes.Count, note);

        Assert.True(rate >= RequiredRate,
            FormattableString.Invariant($"agreement {100 * rate:F2}% is below {100 * RequiredRate:F0}%:\n") +
            string.Join("\n", disagreements.Select(d => $"{d.Case}: {d.Why}")));
    }

    public static TheoryData<string> AliasedRules()
    {
        var data = new TheoryData<string>();
        foreach (var rule in AliasedCases.Select(c => c.Rule).Distinct().Order(StringComparer.Ordinal)) data.Add(rule);
        return data;
    }

    /// <summary>Per rule: every case agrees, except the documented deliberate differences (which must still differ).</summary>
    [Theory]
    [MemberData(nameof(AliasedRules))]
    public void Cases_of_one_rule(string rule)
    {
        var problems = new List<string>();
        foreach (var c in AliasedCases.Where(c => c.Rule == rule && c.Config is null))
        {
            var why = Run(c);
            var deliberate = Deliberate(c);
            if (why is not null && deliberate is null) problems.Add($"{c}: {why}");
            if (why is null && deliberate is not null) problems.Add($"{c}: now agrees; remove it from DeliberateDifferences");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_deliberate_difference_names_an_existing_case()
    {
        foreach (var key in DeliberateDifferences.Keys)
            Assert.Contains(AliasedCases, c => (c.Rule, c.Name, c.OnBuild) == key);
    }
}
