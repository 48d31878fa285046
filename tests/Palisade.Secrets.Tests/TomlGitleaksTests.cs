using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Palisade.Secrets.Toml;

namespace Palisade.Secrets.Tests;

/// <summary>The reader against real gitleaks configuration: the default config and gitleaks' own config fixtures.</summary>
public sealed partial class TomlGitleaksTests
{
    private static readonly string GitleaksDir = FindGitleaksDir();

    private static string DefaultConfigPath => Path.Combine(GitleaksDir, "gitleaks.toml");

    private static string FindGitleaksDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Palisade.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "conformance", "gitleaks"));
        }
        throw new InvalidOperationException("Palisade.sln not found above " + AppContext.BaseDirectory);
    }

    private static TomlTable ParseDefault() => TomlDocument.Parse(File.ReadAllText(DefaultConfigPath));

    [GeneratedRegex(@"^(regex|path) = '''(.*)'''$")]
    private static partial Regex RuleLiteralLine();

    [Fact]
    public void The_default_config_has_222_rules_each_with_an_id()
    {
        var config = ParseDefault();
        Assert.Equal("gitleaks config", config.GetString("title"));
        Assert.Equal("v8.25.0", config.GetString("minVersion"));
        var rules = config.GetTableArray("rules")!;
        Assert.Equal(222, rules.Count);
        Assert.All(rules, r => Assert.False(string.IsNullOrEmpty(r.GetString("id"))));
        Assert.Equal(222, rules.Select(r => r.GetString("id")).Distinct().Count());
        Assert.Equal(221, rules.Count(r => r.GetString("regex") is not null));
        Assert.All(rules, r => Assert.False(string.IsNullOrEmpty(r.GetString("description"))));
    }

    [Fact]
    public void Known_rule_fields_read_exactly_as_written()
    {
        var rules = ParseDefault().GetTableArray("rules")!;
        var aws = rules.Single(r => r.GetString("id") == "aws-access-token");
        Assert.Equal(@"\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b", aws.GetString("regex"));
        Assert.Equal(3.0, aws.GetFloat("entropy"));
        Assert.Equal(3, aws.GetInteger("entropy"));
        Assert.Equal(["a3t", "akia", "asia", "abia", "acca"], aws.GetStringArray("keywords")!);

        var azure = rules.Single(r => r.GetString("id") == "azure-ad-client-secret");
        Assert.Equal(@"(?:^|[\\'""\x60\s>=:(,)])([a-zA-Z0-9_~.]{3}\dQ~[a-zA-Z0-9_~.-]{31,34})(?:$|[\\'""\x60\s<),])", azure.GetString("regex"));

        var generic = rules.Single(r => r.GetString("id") == "generic-api-key");
        Assert.Equal(3.5, generic.GetFloat("entropy"));
        Assert.StartsWith(@"(?i)[\w.-]{0,50}?(?:access|auth|(?-i:[Aa]pi|API)|", generic.GetString("regex"), StringComparison.Ordinal);
    }

    /// <summary>
    /// Every <c>regex = '''...'''</c> and <c>path = '''...'''</c> line of the file, in order, equals the parsed value of
    /// the rule it belongs to: literal strings keep every backslash and quote.
    /// </summary>
    [Fact]
    public void Every_rule_regex_and_path_round_trips_verbatim()
    {
        var lines = File.ReadAllLines(DefaultConfigPath);
        var written = new List<(string Field, string Value)>();
        var inRule = false;
        foreach (var line in lines)
        {
            if (line.StartsWith('['))
                inRule = line == "[[rules]]";
            var m = RuleLiteralLine().Match(line);
            if (inRule && m.Success)
                written.Add((m.Groups[1].Value, m.Groups[2].Value));
        }
        var parsed = ParseDefault().GetTableArray("rules")!
            .SelectMany(r => new[] { ("regex", r.GetString("regex")), ("path", r.GetString("path")) })
            .Where(x => x.Item2 is not null)
            .Select(x => (x.Item1, x.Item2!))
            .ToList();
        Assert.True(written.Count >= 221, $"only {written.Count} literal lines found");
        Assert.Equal(written.OrderBy(x => x.Field, StringComparer.Ordinal).ThenBy(x => x.Value, StringComparer.Ordinal),
            parsed.OrderBy(x => x.Item1, StringComparer.Ordinal).ThenBy(x => x.Item2, StringComparer.Ordinal));
        Assert.Contains(parsed, x => x.Item2.Contains(@"\\", StringComparison.Ordinal));
        Assert.Contains(parsed, x => x.Item2.Contains('\'', StringComparison.Ordinal) && x.Item2.Contains('"', StringComparison.Ordinal));
    }

    [Fact]
    public void Rule_allowlists_attach_to_the_rule_above_them()
    {
        var rules = ParseDefault().GetTableArray("rules")!;
        Assert.Equal(13, rules.Sum(r => r.GetTableArray("allowlists")?.Count ?? 0));

        var aws = rules.Single(r => r.GetString("id") == "aws-access-token");
        var awsAllow = Assert.Single(aws.GetTableArray("allowlists")!);
        Assert.Equal([".+EXAMPLE$"], awsAllow.GetStringArray("regexes")!);

        var generic = rules.Single(r => r.GetString("id") == "generic-api-key");
        var genericAllow = generic.GetTableArray("allowlists")!;
        Assert.Equal(4, genericAllow.Count);
        Assert.Equal(["^[a-zA-Z_.-]+$"], genericAllow[0].GetStringArray("regexes")!);
        Assert.Equal("Allowlist for Generic API Keys", genericAllow[1].GetString("description"));
        Assert.Equal("match", genericAllow[1].GetString("regexTarget"));
        Assert.NotEmpty(genericAllow[1].GetStringArray("stopwords")!);
        Assert.Equal("line", genericAllow[2].GetString("regexTarget"));
        Assert.Equal("--mount=type=secret,", genericAllow[2].GetStringArray("regexes")![0]);
        Assert.Equal(@"import[ \t]+{[ \t\w,]+}[ \t]+from[ \t]+['""][^'""]+['""]", genericAllow[2].GetStringArray("regexes")![1]);
        Assert.Equal("AND", genericAllow[3].GetString("condition"));
        Assert.Equal([@"\.bb$", @"\.bbappend$", @"\.bbclass$", @"\.inc$"], genericAllow[3].GetStringArray("paths")!);

        var curl = rules.Single(r => r.GetString("id") == "curl-auth-user");
        var curlAllow = Assert.Single(curl.GetTableArray("allowlists")!);
        Assert.Contains(@"[^:]+:\[[^]]+]", curlAllow.GetStringArray("regexes")!);

        // the rule after one with allowlists has none of its own unless written
        var index = rules.ToList().FindIndex(r => r.GetString("id") == "aws-access-token");
        Assert.Null(rules[index + 1].GetTableArray("allowlists"));
        Assert.Equal(
            ["aws-access-token", "curl-auth-user", "gcp-api-key", "generic-api-key", "github-app-token", "github-pat", "kubernetes-secret-yaml", "nuget-config-password", "vault-service-token"],
            rules.Where(r => r.ContainsKey("allowlists")).Select(r => r.GetString("id")));
    }

    [Fact]
    public void The_global_allowlist_is_a_table()
    {
        var config = ParseDefault();
        var allowlist = config.GetTable("allowlist")!;
        Assert.Equal("global allow lists", allowlist.GetString("description"));
        var paths = allowlist.GetStringArray("paths")!;
        Assert.Equal(@"gitleaks\.toml", paths[0]);
        Assert.Contains(@"(?i)\.(?:bmp|gif|jpe?g|png|svg|tiff?)$", paths);
        Assert.Contains(@"^\$(?:\d+|{\d+})$", allowlist.GetStringArray("regexes")!);
        Assert.Contains(@"^\{\{[ \t]*[\w ().|]+[ \t]*}}$", allowlist.GetStringArray("regexes")!);
        Assert.NotEmpty(allowlist.GetStringArray("stopwords")!);
        Assert.Equal(["title", "minVersion", "allowlist", "rules"], config.Keys);
    }

    public static TheoryData<string> ConfigFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(FindGitleaksDir(), "testdata", "config"), "*.toml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(Path.Combine(FindGitleaksDir(), "testdata", "config"), file).Replace('\\', '/'));
        return data;
    }

    /// <summary>Files that are not valid TOML at all (as opposed to invalid gitleaks configs, which are valid TOML).</summary>
    private static readonly Dictionary<string, string> InvalidToml = new(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(ConfigFixtures))]
    public void Every_gitleaks_config_fixture_is_read(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(GitleaksDir, "testdata", "config", relativePath));
        if (InvalidToml.TryGetValue(relativePath, out var fragment))
        {
            var e = Assert.Throws<TomlParseException>(() => TomlDocument.Parse(text));
            Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
            return;
        }
        var doc = TomlDocument.Parse(text);
        Assert.True(doc.Count > 0);
        foreach (var rule in doc.GetTableArray("rules") ?? [])
        {
            _ = rule.GetString("id");
            _ = rule.GetString("regex");
            _ = rule.GetStringArray("tags");
            _ = rule.GetFloat("entropy");
        }
    }

    [Fact]
    public void The_fixture_set_is_the_expected_one()
    {
        Assert.True(ConfigFixtures().Count >= 40);
    }

    [Fact]
    public void Fixture_rule_allowlists_attach_to_their_rule()
    {
        var text = File.ReadAllText(Path.Combine(GitleaksDir, "testdata", "config", "invalid", "allowlist_rule_old_and_new.toml"));
        var rule = Assert.Single(TomlDocument.Parse(text).GetTableArray("rules")!);
        Assert.Equal(["123"], rule.GetTable("allowlist")!.GetStringArray("regexes")!);
        Assert.Equal(["456"], Assert.Single(rule.GetTableArray("allowlists")!).GetStringArray("regexes")!);
    }

    [Fact]
    public void A_megabyte_of_config_parses_well_under_a_second()
    {
        var text = File.ReadAllText(DefaultConfigPath);
        var rulesPart = text[text.IndexOf("[[rules]]", StringComparison.Ordinal)..];
        var sb = new StringBuilder(text);
        while (sb.Length < 1_100_000)
            sb.Append('\n').Append(rulesPart);
        var big = sb.ToString();
        _ = TomlDocument.Parse(text); // warm up
        var watch = Stopwatch.StartNew();
        var config = TomlDocument.Parse(big);
        watch.Stop();
        Assert.True(config.GetTableArray("rules")!.Count > 2000);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Pathological_megabyte_inputs_stay_linear()
    {
        var inputs = new[]
        {
            "a = \"" + new string('x', 1_000_000) + "\"",
            "a = '''" + string.Concat(Enumerable.Repeat("''x", 300_000)) + "'''",
            "a = \"\"\"" + string.Concat(Enumerable.Repeat("\"\"\\\n", 250_000)) + "\"\"\"",
            "a = [" + string.Concat(Enumerable.Repeat("1,", 500_000)) + "]",
            string.Concat(Enumerable.Range(0, 60_000).Select(i => $"k{i} = {i}\n")),
            string.Concat(Enumerable.Range(0, 40_000).Select(i => $"[t{i}]\n")),
            string.Concat(Enumerable.Repeat("[[a.b]]\n", 120_000)),
            "# " + new string('c', 1_000_000),
            "a = " + new string('[', 1_000_000),
            string.Concat(Enumerable.Repeat("\n", 1_000_000)) + "x",
        };
        foreach (var input in inputs)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                _ = TomlDocument.Parse(input);
            }
            catch (TomlParseException)
            {
            }
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed} on input starting {input[..20]}");
        }
    }
}
