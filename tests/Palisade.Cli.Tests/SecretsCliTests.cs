using System.Text.Json;
using Palisade.Cli.Tests.Infrastructure;

namespace Palisade.Cli.Tests;

/// <summary>`palisade secrets`: redaction in every format, baselines, git history, exit codes.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SecretsCliTests : IDisposable
{
    private readonly TempTree _tree = new();

    // Assembled at run time so this source file holds no secret a scanner would flag.
    private static readonly string[] Secrets =
    [
        "ghp_" + "Zq3vN8kL2mR7tY4wB9cX1dF6gH5jK0pQsTuV",
        "AKIA" + "ZQ3DRSMJ5TLNB7WX",
        "sk_" + "live_" + "51HcXq2LkRt7y8PzWmN3vB6dQ",
        "xoxb-" + "1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
        "Sup3r" + "S3cret!2024x",
    ];

    public SecretsCliTests()
    {
        _tree.Write("app/.env", $"GITHUB_TOKEN={Secrets[0]}\nAWS_ACCESS_KEY_ID={Secrets[1]}\n");
        _tree.Write("app/billing.py", $"import stripe\nstripe.api_key = \"{Secrets[2]}\"\n");
        _tree.Write("ops/notify.sh", $"curl -H 'Authorization: Bearer {Secrets[3]}' https://slack.com/api/chat.postMessage\n");
        _tree.Write("k8s/secret.yaml", $"apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  DB_PASSWORD: {Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Secrets[4]))}\n");
    }

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    [InlineData("sarif")]
    [InlineData("junit")]
    public void No_secret_appears_unredacted_in_any_format(string format)
    {
        var r = Runner.Run("secrets", "-f", format, _tree.Root);
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, r.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(secret[4..], r.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, r.Stderr, StringComparison.Ordinal);
        }
        Assert.Contains("ghp_****", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_findings_carry_rule_line_column_fingerprint_and_the_redacted_secret()
    {
        using var doc = JsonDocument.Parse(Runner.Run("secrets", "-f", "json", _tree.Root).Stdout);
        var findings = doc.RootElement.GetProperty("results").EnumerateArray()
            .SelectMany(t => t.GetProperty("findings").EnumerateArray().Select(f => (Target: t.GetProperty("target").GetString(), F: f))).ToList();
        var gh = findings.Single(x => x.F.GetProperty("ruleId").GetString() == "github-pat");
        Assert.Equal("app/.env", gh.Target);
        var loc = gh.F.GetProperty("location");
        Assert.Equal(1, loc.GetProperty("startLine").GetInt32());
        Assert.Equal(14, loc.GetProperty("startColumn").GetInt32());
        Assert.Equal("app/.env:github-pat:1", gh.F.GetProperty("fingerprint").GetString());
        Assert.Equal("ghp_****", gh.F.GetProperty("secret").GetProperty("redacted").GetString());
        Assert.Contains(findings, x => x.F.GetProperty("ruleId").GetString() == "generic-password" && x.Target == "k8s/secret.yaml");
    }

    [Fact]
    public void A_baseline_hides_known_findings_and_new_ones_still_fail()
    {
        var baseline = Path.Combine(_tree.Root, "..", Path.GetFileName(_tree.Root) + "-baseline.json");
        try
        {
            Assert.Equal(0, Runner.Run("secrets", "-f", "json", "-o", baseline, _tree.Root).ExitCode);
            var again = Runner.Run("secrets", "-f", "json", "--baseline", baseline, "--exit-code", _tree.Root);
            Assert.True(again.ExitCode == 0, again.ToString());
            _tree.Write("app/new.env", "NPM_TOKEN=" + "npm_" + "a8Kd2mQ7xL4vN9pR3tY6wZ1bC5fH0jS2aE7u\n");
            var withNew = Runner.Run("secrets", "-f", "json", "--baseline", baseline, "--exit-code", _tree.Root);
            Assert.True(withNew.ExitCode == 1, withNew.ToString());
            using var doc = JsonDocument.Parse(withNew.Stdout);
            Assert.Equal(["npm-access-token"], doc.RootElement.GetProperty("results").EnumerateArray().SelectMany(t => t.GetProperty("findings").EnumerateArray()).Select(f => f.GetProperty("ruleId").GetString()));
        }
        finally
        {
            File.Delete(baseline);
        }
    }

    [Fact]
    public void Inline_allow_comments_and_gitignore_are_honoured()
    {
        _tree.Write("app/test_fixtures.py", $"TOKEN = \"{Secrets[0]}\"  # palisade:allow\n");
        _tree.Write(".gitignore", "ops/\n");
        var ids = Targets(Runner.Run("secrets", "-f", "json", _tree.Root).Stdout);
        Assert.DoesNotContain("app/test_fixtures.py", ids);
        Assert.DoesNotContain("ops/notify.sh", ids);
        Assert.Contains("ops/notify.sh", Targets(Runner.Run("secrets", "-f", "json", "--no-gitignore", _tree.Root).Stdout));
    }

    [Fact]
    public void Fingerprints_in_a_gitleaksignore_file_are_not_reported()
    {
        var before = Runner.Run("secrets", "-f", "json", _tree.Root).Stdout;
        using var doc = JsonDocument.Parse(before);
        var fingerprints = doc.RootElement.GetProperty("results").EnumerateArray()
            .SelectMany(t => t.GetProperty("findings").EnumerateArray())
            .Select(f => f.GetProperty("fingerprint").GetString()!)
            .ToList();
        var billing = Assert.Single(fingerprints, f => f.StartsWith("app/billing.py:", StringComparison.Ordinal));
        _tree.Write(".gitleaksignore", "# accepted: test key\n" + billing + "\n");
        var after = Targets(Runner.Run("secrets", "-f", "json", _tree.Root).Stdout);
        Assert.DoesNotContain("app/billing.py", after);
        Assert.Contains("app/.env", after);
    }

    [Fact]
    public void A_gitleaks_configuration_replaces_the_built_in_rules_unless_it_extends_them()
    {
        var acme = "acme_live_" + "4f9d8a7b6c5e4d3f2a1b0c9d";
        _tree.Write("app/acme.txt", $"key = \"{acme}\"\n");
        const string Rules = """
            [[rules]]
            id = "acme-key"
            description = "ACME live key"
            regex = '''acme_live_[0-9a-f]{24}'''
            keywords = ["acme_live_"]

            """;
        var own = Path.Combine(Path.GetTempPath(), $"gitleaks-{Guid.NewGuid():N}.toml");
        var extended = Path.Combine(Path.GetTempPath(), $"gitleaks-ext-{Guid.NewGuid():N}.toml");
        File.WriteAllText(own, Rules);
        File.WriteAllText(extended, "[extend]\nuseDefault = true\n\n" + Rules);
        try
        {
            var r = Runner.Run("secrets", "-f", "json", "--config", own, _tree.Root);
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Equal(["acme-key"], RuleIds(r.Stdout).Distinct());
            Assert.DoesNotContain(acme, r.Stdout, StringComparison.Ordinal);
            var both = RuleIds(Runner.Run("secrets", "-f", "json", "--config", extended, _tree.Root).Stdout);
            Assert.Contains("acme-key", both);
            Assert.Contains("github-pat", both);
        }
        finally
        {
            File.Delete(own);
            File.Delete(extended);
        }
    }

    [Fact]
    public void A_broken_or_missing_gitleaks_configuration_is_a_usage_error()
    {
        var bad = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.toml");
        File.WriteAllText(bad, "[[rules]]\nid = \"x\"\nregex = \"unterminated\n");
        try
        {
            var r = Runner.Run("secrets", "--config", bad, _tree.Root);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("line 3", r.Stderr, StringComparison.Ordinal);
            var missing = Runner.Run("secrets", "--config", bad + ".missing", _tree.Root);
            Assert.Equal(2, missing.ExitCode);
            Assert.Contains("not found", missing.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(bad);
        }
    }

    private static List<string> RuleIds(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("results").EnumerateArray()
            .SelectMany(t => t.GetProperty("findings").EnumerateArray())
            .Select(f => f.GetProperty("ruleId").GetString()!)
            .ToList();
    }

    private static List<string> Targets(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("results").EnumerateArray().Where(t => t.GetProperty("findings").GetArrayLength() > 0)
            .Select(t => t.GetProperty("target").GetString()!).ToList();
    }

    [Fact]
    public void Binary_and_oversized_files_are_skipped()
    {
        File.WriteAllBytes(Path.Combine(_tree.Root, "app", "blob.bin"), [0, 1, 2, .. System.Text.Encoding.UTF8.GetBytes(Secrets[0])]);
        _tree.Write("app/huge.txt", new string('a', 2 * 1024 * 1024) + "\n" + Secrets[0]);
        var targets = Targets(Runner.Run("secrets", "-f", "json", "--max-file-size", "1", _tree.Root).Stdout);
        Assert.DoesNotContain("app/blob.bin", targets);
        Assert.DoesNotContain("app/huge.txt", targets);
    }

    [Fact]
    public void Git_mode_needs_a_repository_and_its_options_need_git()
    {
        var r = Runner.Run("secrets", "--git", _tree.Root);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("git", r.Stderr, StringComparison.OrdinalIgnoreCase);
        var usage = Runner.Run("secrets", "--max-commits", "3", _tree.Root);
        Assert.True(usage.ExitCode == 2, usage.ToString());
    }

    [Fact]
    public void Scan_includes_secrets_and_config_does_not()
    {
        Assert.Contains("app/.env", Targets(Runner.Run("scan", "-f", "json", _tree.Root).Stdout));
        Assert.DoesNotContain("app/.env", Targets(Runner.Run("config", "-f", "json", _tree.Root).Stdout));
    }
}
