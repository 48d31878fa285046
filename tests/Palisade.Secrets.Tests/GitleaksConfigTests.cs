using Palisade.Core.Findings;
using Palisade.Secrets.Engine;
using Palisade.Secrets.Gitleaks;
using Palisade.Secrets.Rules;

namespace Palisade.Secrets.Tests;

/// <summary>
/// The gitleaks configuration loader: gitleaks' default configuration, every fixture under testdata/config (valid ones
/// load with the meaning gitleaks gives them, invalid ones are rejected with a message naming file and rule), and each
/// field's effect on detection.
/// </summary>
public sealed class GitleaksConfigTests
{
    private static readonly string GitleaksDir = FindGitleaksDir();

    private static string ConfigDir => Path.Combine(GitleaksDir, "testdata", "config");

    /// <summary>
    /// The directory gitleaks' own tests run in (its config/ package): the fixtures' [extend] paths
    /// ("../testdata/config/...") are written relative to it.
    /// </summary>
    private static string GitleaksTestWorkingDir => Path.Combine(GitleaksDir, "config");

    private static string FindGitleaksDir([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "" })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Palisade.sln")))
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "conformance", "gitleaks"));
            }
        }
        throw new InvalidOperationException("Palisade.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Loads a fixture the way gitleaks' tests do (extend paths relative to gitleaks' config/ folder).</summary>
    private static SecretRuleSet Fixture(string name, List<string>? warnings = null) =>
        GitleaksConfig.Parse(File.ReadAllText(Path.Combine(ConfigDir, name + ".toml")), GitleaksTestWorkingDir, name + ".toml", w => warnings?.Add(w));

    private static SecretRuleSet Parse(string toml, List<string>? warnings = null) =>
        GitleaksConfig.Parse(toml, Path.GetTempPath(), "test.toml", w => warnings?.Add(w));

    private static GitleaksConfigException Invalid(string toml) => Assert.Throws<GitleaksConfigException>(() => Parse(toml));

    private static SecretRule Rule(SecretRuleSet set, string id) => Assert.Single(set.Rules, r => r.Id == id);

    private static List<SecretMatch> Detect(SecretRuleSet set, string text, string path = "test.txt", string? commit = null) =>
        SecretDetector.Detect(set, text, path, commit);

    /// <summary>
    /// Valid fixtures that are bases only, not loadable on their own (nor by gitleaks): extend_base_1 and extend_base_2
    /// extend a file that does not exist (extend_3.toml), which is tolerated only beyond the extend depth limit, when
    /// valid/extend.toml loads them. They are checked through extend.toml.
    /// </summary>
    private static readonly string[] BaseOnlyFixtures = ["valid/extend_base_1", "valid/extend_base_2"];

    public static TheoryData<string> ValidFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(ConfigDir, "valid"), "*.toml").Order(StringComparer.Ordinal))
            if (!BaseOnlyFixtures.Contains("valid/" + Path.GetFileNameWithoutExtension(f)))
                data.Add("valid/" + Path.GetFileNameWithoutExtension(f));
        // The top-level fixtures are gitleaks' detection test configurations: valid too.
        foreach (var f in Directory.GetFiles(ConfigDir, "*.toml").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(f));
        return data;
    }

    public static TheoryData<string> InvalidFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(ConfigDir, "invalid"), "*.toml").Order(StringComparer.Ordinal))
            data.Add("invalid/" + Path.GetFileNameWithoutExtension(f));
        return data;
    }

    // ----- gitleaks' default configuration --------------------------------------------------------------------

    [Fact]
    public void Default_configuration_loads_every_rule_with_its_fields()
    {
        var warnings = new List<string>();
        var set = GitleaksConfig.Load(Path.Combine(GitleaksDir, "gitleaks.toml"), warnings.Add);
        Assert.Equal(222, set.Rules.Count);
        Assert.Empty(warnings);
        Assert.Equal(set.Rules.Count, set.Rules.Select(r => r.Id).Distinct().Count());

        var global = Assert.Single(set.GlobalAllowlists);
        Assert.Equal("global allow lists", global.Description);
        Assert.True(global.PathAllowed("node_modules/x/index.js"));
        Assert.True(global.PathAllowed("go.sum"));
        Assert.NotEmpty(global.Regexes);

        var generic = Rule(set, "generic-api-key");
        Assert.Equal(3.5, generic.Entropy);
        Assert.Contains("password", generic.Keywords);
        Assert.Contains("generic", generic.Tags);
        Assert.Equal(4, generic.Allowlists.Count);
        Assert.Equal(AllowlistTarget.Match, generic.Allowlists[1].RegexTarget);
        Assert.Equal("Allowlist for Generic API Keys", generic.Allowlists[1].Description);
        Assert.Contains("aaaaaa", generic.Allowlists[1].StopWords);
        Assert.Equal(Severity.High, generic.Severity);
        Assert.All(set.Rules, r => Assert.False(r.SkipPlaceholders));

        var pkcs12 = Rule(set, "pkcs12-file");
        Assert.Null(pkcs12.Regex);
        Assert.NotNull(pkcs12.Path);
    }

    // ----- gitleaks' fixtures -----------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(ValidFixtures))]
    public void Valid_fixture_loads(string name)
    {
        var set = Fixture(name);
        Assert.NotNull(set);
    }

    [Theory]
    [InlineData("invalid/allowlist_global_empty", "[[allowlists]] #1: an allowlist needs at least one of commits, paths, regexes or stopwords")]
    [InlineData("invalid/allowlist_global_old_and_new", "[allowlist] (the older form) cannot be used alongside [[allowlists]]")]
    [InlineData("invalid/allowlist_global_regextarget", "[[allowlists]] #1: unknown regexTarget 'mtach' (expected secret, match or line)")]
    [InlineData("invalid/allowlist_global_target_rule_id", "[[allowlists]] targetRules: rule 'github-pat' does not exist")]
    [InlineData("invalid/allowlist_rule_empty", "rule 'example': [[rules.allowlists]] #1: an allowlist needs at least one of commits, paths, regexes or stopwords")]
    [InlineData("invalid/allowlist_rule_old_and_new", "rule 'example': [rules.allowlist] (the older form) cannot be used alongside [[rules.allowlists]]")]
    [InlineData("invalid/allowlist_rule_regextarget", "rule 'example': [[rules.allowlists]] #1: unknown regexTarget 'mtach'")]
    [InlineData("invalid/extend_invalid_base", "[extend] path '../testdata/config/invalid/does_not_exist.toml' not found")]
    [InlineData("invalid/extend_invalid_ruleid", "[[rules]] #1: the rule has no id")]
    [InlineData("invalid/rule_bad_entropy_group", "rule 'discord-api-key': secretGroup 5 is larger than the number of groups in its regex (3)")]
    [InlineData("invalid/rule_missing_id", "[[rules]] #1: the rule has no id (regex '(?i)(discord")]
    [InlineData("invalid/rule_no_regex_or_path", "rule 'discord-api-key': has neither regex nor path, so it can never match")]
    public void Invalid_fixture_is_rejected_with_a_message_naming_file_and_rule(string name, string message)
    {
        var e = Assert.Throws<GitleaksConfigException>(() => Fixture(name));
        Assert.StartsWith(name + ".toml: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InvalidFixtures))]
    public void Every_invalid_fixture_is_rejected(string name) =>
        Assert.Throws<GitleaksConfigException>(() => Fixture(name));

    [Fact]
    public void Extend_follows_paths_two_levels_deep_as_gitleaks_does()
    {
        var warnings = new List<string>();
        var set = Fixture("valid/extend", warnings);
        Assert.Equal(["aws-access-key", "aws-secret-key", "aws-secret-key-again"], set.Rules.Select(r => r.Id).Order(StringComparer.Ordinal));
        // extend_base_2 extends a file that does not exist: at depth 2 that [extend] is not followed.
        Assert.Contains(warnings, w => w.Contains("extend_base_2.toml: [extend] ignored", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("valid/extend_base_1")]
    [InlineData("valid/extend_base_2")]
    public void Base_only_fixtures_fail_alone_because_their_base_does_not_exist(string name)
    {
        var e = Assert.Throws<GitleaksConfigException>(() => Fixture(name));
        Assert.Contains("[extend] path '../testdata/config/extend_3.toml' not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extend_disabled_rules_are_left_out()
    {
        var set = Fixture("valid/extend_disabled");
        Assert.Equal(["aws-secret-key", "pypi-upload-token"], set.Rules.Select(r => r.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Extending_rule_without_regex_adds_its_allowlist_to_the_base_rule()
    {
        var set = Fixture("valid/extend_rule_no_regexpath");
        var rule = Assert.Single(set.Rules);
        Assert.Equal("aws-secret-key-again-again", rule.Id);
        Assert.Equal("AWS Secret Key", rule.Description);
        Assert.Equal(@"(?i)aws_(.{0,20})?=?.[\'\""0-9a-zA-Z\/+]{40}", rule.Regex!.ToString());
        Assert.Equal(["key", "AWS"], rule.Tags);
        var allowlist = Assert.Single(rule.Allowlists);
        Assert.Equal("False positive. Keys used for colors match the rule, and should be excluded.", allowlist.Description);
        Assert.True(allowlist.PathAllowed("src/something.py"));
    }

    [Theory]
    [InlineData("description")]
    [InlineData("entropy")]
    [InlineData("keywords")]
    [InlineData("path")]
    [InlineData("regex")]
    [InlineData("secret_group")]
    [InlineData("tags")]
    public void Extending_rule_overrides_one_field_of_the_base_rule(string field)
    {
        var rule = Rule(Fixture("valid/extend_rule_override_" + field), "aws-access-key");
        const string BaseRegex = "(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}";
        Assert.Equal(field == "description" ? "Puppy Doggy" : "AWS Access Key", rule.Description);
        Assert.Equal(field == "entropy" ? 999 : 0, rule.Entropy);
        Assert.Equal(field == "keywords" ? ["puppy"] : [], rule.Keywords);
        Assert.Equal(field == "path" ? "(?:puppy)" : null, rule.Path?.ToString());
        Assert.Equal(field switch { "regex" => "(?:a)", "secret_group" => "(a)(a)", _ => BaseRegex }, rule.Regex!.ToString());
        Assert.Equal(field == "secret_group" ? 2 : 0, rule.SecretGroup);
        Assert.Equal(field == "tags" ? ["key", "AWS", "puppy"] : ["key", "AWS"], rule.Tags);
    }

    [Theory]
    [InlineData("valid/extend_rule_allowlist_or", false)]
    [InlineData("valid/extend_rule_allowlist_and", true)]
    public void Extending_rule_adds_allowlists_after_the_base_rules(string name, bool requireAll)
    {
        var rule = Assert.Single(Fixture(name).Rules);
        Assert.Equal(2, rule.Allowlists.Count);
        Assert.Equal(["fake"], rule.Allowlists[0].StopWords);
        Assert.False(rule.Allowlists[0].RequireAll);
        var added = rule.Allowlists[1];
        Assert.Equal(requireAll, added.RequireAll);
        Assert.Equal(AllowlistTarget.Line, added.RegexTarget);
        Assert.Equal(["abcdefg1"], added.Commits);
        Assert.Equal(["example"], added.StopWords);
        Assert.Equal(@"ignore\.xaml", Assert.Single(added.Paths).ToString());
        Assert.Equal("foo.+bar", Assert.Single(added.Regexes).ToString());
    }

    [Fact]
    public void Extended_keywords_are_lower_cased()
    {
        var rule = Assert.Single(Fixture("valid/extend_base_rule_including_keywords_with_attribute").Rules);
        Assert.Equal("A new description", rule.Description);
        Assert.Equal(["aws"], rule.Keywords);
    }

    [Fact]
    public void New_rule_without_regex_in_an_extending_config_is_left_out_with_a_warning()
    {
        var warnings = new List<string>();
        var set = Fixture("valid/extend_rule_new", warnings);
        Assert.Equal("aws-secret-key-again-again", Assert.Single(set.Rules).Id);
        Assert.Contains(warnings, w => w.Contains("rule 'aws-rule-that-is-not-in-base' has neither regex nor path", StringComparison.Ordinal));
    }

    [Fact]
    public void Global_allowlist_with_target_rules_goes_to_those_rules()
    {
        var set = Fixture("valid/allowlist_global_target_rules");
        Assert.Equal(".*fake.*", Assert.Single(Assert.Single(set.GlobalAllowlists).Regexes).ToString());
        Assert.True(Assert.Single(Rule(set, "github-app-token").Allowlists).PathAllowed("node_modules/@octokit/auth-token/README.md"));
        Assert.Single(Rule(set, "github-pat").Allowlists);
        Assert.Empty(Rule(set, "github-oauth").Allowlists);

        const string Token = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
        Assert.Empty(Detect(set, Token, "node_modules/@octokit/auth-token/README.md"));
        Assert.Single(Detect(set, Token, "README.md"));
        Assert.Empty(Detect(set, "ghp_0123456789fakeghijABCDEFGHIJ012345", "README.md"));
    }

    [Fact]
    public void Several_global_allowlists_keep_their_conditions()
    {
        var set = Fixture("valid/allowlist_global_multiple");
        Assert.Equal(2, set.GlobalAllowlists.Count);
        Assert.False(set.GlobalAllowlists[0].RequireAll);
        Assert.True(set.GlobalAllowlists[1].RequireAll);
        Assert.Empty(Detect(set, "token = \"changeit\""));
        Assert.Single(Detect(set, "token = \"mock-value\"", "src/a.txt"));
        Assert.Empty(Detect(set, "token = \"mock-value\"", "node_modules/a.txt"));
        Assert.Single(Detect(set, "token = \"real-value\"", "node_modules/a.txt"));
    }

    [Fact]
    public void Older_single_allowlists_still_load()
    {
        var global = Assert.Single(Fixture("valid/allowlist_global_old_compat").GlobalAllowlists);
        Assert.Equal(["0989c462-69c9-49fa-b7d2-30dc5c576a97"], global.StopWords);

        var set = Fixture("valid/allowlist_rule_old_compat");
        Assert.Equal("123", Assert.Single(Rule(set, "example").Allowlists).Regexes[0].ToString());
        Assert.Empty(Detect(set, "example123"));
        Assert.Single(Detect(set, "example456"));
    }

    [Fact]
    public void Rule_allowlists_by_regex_commit_and_path()
    {
        var byRegex = Fixture("valid/allowlist_rule_regex");
        Assert.Empty(Detect(byRegex, "k = AKIALALEMEL33243OLIA"));
        Assert.Single(Detect(byRegex, "k = AKIALALEMEL33243OLIB"));

        var byCommit = Fixture("valid/allowlist_rule_commit");
        Assert.Empty(Detect(byCommit, "k = AKIALALEMEL33243OLIA", commit: "allowthiscommit"));
        Assert.Single(Detect(byCommit, "k = AKIALALEMEL33243OLIA", commit: "othercommit"));

        var byPath = Fixture("valid/allowlist_rule_path");
        Assert.Empty(Detect(byPath, "k = AKIALALEMEL33243OLIA", "main.go"));
        Assert.Single(Detect(byPath, "k = AKIALALEMEL33243OLIA", "main.py"));

        var global = Fixture("valid/allowlist_global_regex");
        Assert.Empty(global.Rules);
        Assert.True(Assert.Single(global.GlobalAllowlists).AllowsFinding("AKIALALEMXL33243OLIA", "", "", "a", null));
    }

    [Fact]
    public void Secret_group_and_entropy_fixture()
    {
        var set = Fixture("valid/rule_entropy_group");
        var rule = Rule(set, "discord-api-key");
        Assert.Equal(3, rule.SecretGroup);
        Assert.Equal(3.5, rule.Entropy);
        var secret = "0123456789abcdef" + "fedcba9876543210" + "0a1b2c3d4e5f6a7b" + "8c9d0e1f2a3b4c5d";
        Assert.Equal(64, secret.Length);
        var match = Assert.Single(Detect(set, $"discord_key = \"{secret}\""));
        Assert.Equal(secret, match.Secret);
        Assert.Empty(Detect(set, $"discord_key = \"{new string('a', 64)}\""));
    }

    [Fact]
    public void Path_only_rule_reports_the_file()
    {
        var set = Fixture("valid/rule_path_only");
        var rule = Rule(set, "python-files-only");
        Assert.Null(rule.Regex);
        Assert.Equal("file detected: app/main.py", Assert.Single(Detect(set, "print(1)", "app/main.py")).Match);
        Assert.Empty(Detect(set, "print(1)", "app/main.rb"));
    }

    [Fact]
    public void Use_default_extends_palisade_builtin_rules()
    {
        var warnings = new List<string>();
        var set = Fixture("valid/allowlist_rule_extend_default", warnings);
        Assert.Equal(BuiltinRules.All.Select(r => r.Id), set.Rules.Select(r => r.Id));
        Assert.All(set.Rules, r => Assert.Same(BuiltinRules.All.Single(b => b.Id == r.Id), r));
        // generic-api-key is gitleaks' rule id, not one of ours: the extending rule has nothing to change.
        Assert.Contains(warnings, w => w.Contains("rule 'generic-api-key' has neither regex nor path", StringComparison.Ordinal));
    }

    [Fact]
    public void Use_default_rules_can_be_changed_and_disabled()
    {
        var builtinPat = BuiltinRules.All.Single(r => r.Id == "github-pat");
        var set = Parse("""
            [extend]
            useDefault = true
            disabledRules = ["aws-access-key-id"]

            [[rules]]
            id = "github-pat"
            [[rules.allowlists]]
            paths = ['''^fixtures/''']

            [[rules]]
            id = "my-rule"
            regex = '''myco_[a-z0-9]{16}'''
            """);
        Assert.DoesNotContain(set.Rules, r => r.Id == "aws-access-key-id");
        Assert.Contains(set.Rules, r => r.Id == "my-rule");
        Assert.Equal(BuiltinRules.All.Count, set.Rules.Count);
        var pat = Rule(set, "github-pat");
        Assert.NotSame(builtinPat, pat);
        Assert.Same(builtinPat.Regex, pat.Regex);
        Assert.Equal(builtinPat.Severity, pat.Severity);
        Assert.True(pat.SkipPlaceholders);
        Assert.Equal(builtinPat.Allowlists.Count + 1, pat.Allowlists.Count);

        const string Token = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
        Assert.Empty(Detect(set, Token, "fixtures/a.txt"));
        Assert.Contains(Detect(set, Token, "src/a.txt"), m => m.Rule.Id == "github-pat");
        Assert.DoesNotContain(Detect(set, "AKIAZ2Z3Z4Z5Z6Z7Z2Z3", "src/a.txt"), m => m.Rule.Id == "aws-access-key-id");
    }

    // ----- [extend] path ---------------------------------------------------------------------------------------

    private sealed class TempDir : IDisposable
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("palisade-gitleaks-").FullName;

        public string Write(string name, string text)
        {
            var path = Path.Combine(Root, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return path;
        }

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }

    [Fact]
    public void Extend_path_is_relative_to_the_file_that_contains_it()
    {
        using var dir = new TempDir();
        dir.Write("base/base.toml", """
            [extend]
            path = "deeper/base2.toml"
            [[rules]]
            id = "base-rule"
            regex = '''base_[0-9]{8}'''
            [allowlist]
            regexes = ['''base_00000000''']
            """);
        dir.Write("base/deeper/base2.toml", """
            [[rules]]
            id = "deep-rule"
            regex = '''deep_[0-9]{8}'''
            """);
        var config = dir.Write("top/gitleaks.toml", """
            [extend]
            path = "../base/base.toml"
            [[rules]]
            id = "top-rule"
            regex = '''top_[0-9]{8}'''
            """);
        var set = GitleaksConfig.Load(config);
        Assert.Equal(["base-rule", "deep-rule", "top-rule"], set.Rules.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.Single(set.GlobalAllowlists);
        Assert.Empty(Detect(set, "base_00000000"));
        Assert.Single(Detect(set, "base_12345678"));
    }

    [Fact]
    public void Extend_cycles_are_rejected()
    {
        using var dir = new TempDir();
        var a = dir.Write("a.toml", "[extend]\npath = \"b.toml\"\n[[rules]]\nid = \"a\"\nregex = 'a+'\n");
        dir.Write("b.toml", "[extend]\npath = \"a.toml\"\n[[rules]]\nid = \"b\"\nregex = 'b+'\n");
        var self = dir.Write("self.toml", "[extend]\npath = \"self.toml\"\n[[rules]]\nid = \"s\"\nregex = 's+'\n");
        var e = Assert.Throws<GitleaksConfigException>(() => GitleaksConfig.Load(a));
        Assert.Contains("b.toml: [extend] path 'a.toml' makes a cycle", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<GitleaksConfigException>(() => GitleaksConfig.Load(self));
        Assert.Contains("makes a cycle", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extend_errors_name_the_extended_file()
    {
        using var dir = new TempDir();
        var top = dir.Write("top.toml", "[extend]\npath = \"base.toml\"\n");
        dir.Write("base.toml", "[[rules]]\nid = \"bad\"\nregex = '''(unclosed'''\n");
        var e = Assert.Throws<GitleaksConfigException>(() => GitleaksConfig.Load(top));
        Assert.StartsWith("base.toml: rule 'bad': invalid regex", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extend_cannot_set_both_path_and_use_default()
    {
        var e = Invalid("[extend]\nuseDefault = true\npath = \"x.toml\"\n");
        Assert.Equal("test.toml: [extend] cannot set both path and useDefault", e.Message);
    }

    // ----- fields, allowlists, detection ----------------------------------------------------------------------

    [Fact]
    public void Rule_fields_are_read()
    {
        var set = Parse("""
            [[rules]]
            id = "acme-token"
            description = "Acme token"
            regex = '''(?i)acme[_-]?token\s*=\s*"(acme_[a-z0-9]{20})"'''
            secretGroup = 1
            entropy = 3
            keywords = ["ACME"]
            tags = ["acme", "key"]
            path = '''\.env$'''
            """);
        var rule = Rule(set, "acme-token");
        Assert.Equal("Acme token", rule.Description);
        Assert.Equal(1, rule.SecretGroup);
        Assert.Equal(3, rule.Entropy);
        Assert.Equal(["acme"], rule.Keywords);
        Assert.Equal(["acme", "key"], rule.Tags);
        Assert.Equal(Severity.High, rule.Severity);
        Assert.False(rule.SkipPlaceholders);

        const string Text = "ACME_TOKEN = \"acme_k3j4h5g6f7d8s9a0q1w2\"";
        var m = Assert.Single(Detect(set, Text, "app/.env"));
        Assert.Equal("acme_k3j4h5g6f7d8s9a0q1w2", m.Secret);
        Assert.Empty(Detect(set, Text, "app/config.txt"));
        Assert.Empty(Detect(set, "ACME_TOKEN = \"acme_aaaaaaaaaaaaaaaaaaaa\"", "app/.env"));
    }

    [Fact]
    public void Config_rules_do_not_skip_placeholder_looking_values()
    {
        var set = Parse("[[rules]]\nid = \"t\"\nregex = '''tok_[A-Z]{7}'''\n");
        Assert.Single(Detect(set, "tok_EXAMPLE"));
    }

    [Fact]
    public void Secret_group_counts_groups_the_RE2_way_when_named_and_unnamed_groups_mix()
    {
        var set = Parse("[[rules]]\nid = \"t\"\nregex = '''(?P<name>key)=(v[0-9]+)'''\nsecretGroup = 2\n");
        Assert.Equal("v123", Assert.Single(Detect(set, "key=v123")).Secret);
        var e = Invalid("[[rules]]\nid = \"t\"\nregex = '''(?P<a>x)(y)'''\nsecretGroup = 3\n");
        Assert.Contains("secretGroup 3 is larger than the number of groups in its regex (2)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RE2_escapes_that_dotNET_lacks_are_translated()
    {
        // RE2 lets any punctuation be escaped (gitleaks' fixtures write api\_key); .NET rejects \_.
        var set = Parse("""
            [[rules]]
            id = "t"
            regex = '''my\_api\_key=([a-z0-9]{8})\z'''
            [[rules.allowlists]]
            regexes = ['''^0{8}$''']
            """);
        Assert.Equal("a1b2c3d4", Assert.Single(Detect(set, "my_api_key=a1b2c3d4")).Secret);
        Assert.Empty(Detect(set, "my_api_key=00000000"));
    }

    [Theory]
    [InlineData("secret", false)]
    [InlineData("match", true)]
    [InlineData("line", true)]
    public void Allowlist_regex_target(string target, bool allowedByPrefix)
    {
        var set = Parse($$"""
            [[rules]]
            id = "t"
            regex = '''tok=([a-z0-9]{12})'''
            [[rules.allowlists]]
            regexTarget = "{{target}}"
            regexes = ['''^tok=''']
            """);
        Assert.Equal(allowedByPrefix ? 0 : 1, Detect(set, "tok=a1b2c3d4e5f6").Count);
    }

    [Fact]
    public void Line_target_sees_the_whole_line()
    {
        var set = Parse("""
            [[rules]]
            id = "t"
            regex = '''tok=([a-z0-9]{12})'''
            [[rules.allowlists]]
            regexTarget = "line"
            regexes = ['''# test fixture''']
            """);
        Assert.Empty(Detect(set, "tok=a1b2c3d4e5f6 # test fixture"));
        Assert.Single(Detect(set, "tok=a1b2c3d4e5f6"));
    }

    [Theory]
    [InlineData("OR", "src/a.txt", 0)]
    [InlineData("OR", "test/a.txt", 0)]
    [InlineData("AND", "src/a.txt", 1)]
    [InlineData("AND", "test/a.txt", 0)]
    [InlineData("and", "test/a.txt", 0)]
    [InlineData("&&", "src/a.txt", 1)]
    [InlineData("||", "src/a.txt", 0)]
    public void Allowlist_condition(string condition, string path, int expected)
    {
        var set = Parse($$"""
            [[rules]]
            id = "t"
            regex = '''tok=([a-z0-9]{12})'''
            [[rules.allowlists]]
            condition = "{{condition}}"
            paths = ['''^test/''']
            stopwords = ["DUMMY"]
            """);
        Assert.Equal(expected, Detect(set, "tok=dummy0123456", path).Count);
    }

    [Fact]
    public void Allowlist_commits()
    {
        var set = Parse("""
            [[rules]]
            id = "t"
            regex = '''tok=([a-z0-9]{12})'''
            [[allowlists]]
            commits = ["ABC123"]
            """);
        Assert.Empty(Detect(set, "tok=a1b2c3d4e5f6", commit: "abc123"));
        Assert.Single(Detect(set, "tok=a1b2c3d4e5f6", commit: "def456"));
        Assert.Single(Detect(set, "tok=a1b2c3d4e5f6"));
    }

    [Fact]
    public void Keys_are_case_insensitive_as_in_gitleaks()
    {
        var set = Parse("""
            [[rules]]
            ID = "t"
            Regex = '''(a)(b+)'''
            secretgroup = 2
            [[rules.allowlists]]
            RegexTarget = "match"
            REGEXES = ['''^x''']
            """);
        var rule = Rule(set, "t");
        Assert.Equal(2, rule.SecretGroup);
        Assert.Equal(AllowlistTarget.Match, Assert.Single(rule.Allowlists).RegexTarget);
    }

    [Fact]
    public void Generic_rules_are_tagged_generic()
    {
        var set = Parse("[[rules]]\nid = \"my-generic-secret\"\nregex = 'x+'\n[[rules]]\nid = \"acme\"\nregex = 'y+'\n");
        Assert.Contains("generic", Rule(set, "my-generic-secret").Tags);
        Assert.Empty(Rule(set, "acme").Tags);
    }

    [Fact]
    public void Duplicate_rule_ids_keep_the_last_definition_with_a_warning()
    {
        var warnings = new List<string>();
        var set = Parse("[[rules]]\nid = \"t\"\nregex = 'first'\n[[rules]]\nid = \"t\"\nregex = 'second'\n", warnings);
        Assert.Equal("second", Rule(set, "t").Regex!.ToString());
        Assert.Contains("test.toml: rule 't' is defined more than once; the last definition is used", warnings);
    }

    [Fact]
    public void Unsupported_and_unknown_keys_warn()
    {
        var warnings = new List<string>();
        var set = Fixture("composite", warnings);
        Assert.Equal("primary-rule", Assert.Single(set.Rules).Id);
        Assert.Contains(warnings, w => w.Contains("rule 'primary-rule': composite rules ([[rules.required]]) are not supported", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("rule 'username-rule': skipReport", StringComparison.Ordinal));

        warnings.Clear();
        Parse("[[rules]]\nid = \"t\"\nregex = 'x'\nregexes = ['y']\n", warnings);
        Assert.Equal(["test.toml: rule 't': unknown key 'regexes' is ignored"], warnings);
    }

    [Fact]
    public void Description_defaults_to_the_id()
    {
        Assert.Equal("t", Rule(Parse("[[rules]]\nid = \"t\"\nregex = 'x'\n"), "t").Description);
    }

    // ----- errors ----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("[[rules]\nid = \"t\"", "test.toml: line 1, column ")]
    [InlineData("[[rules]]\nid = \"t\"\nregex = '''(unclosed'''\n", "test.toml: rule 't': invalid regex: invalid regular expression '(unclosed'")]
    [InlineData("[[rules]]\nid = \"t\"\nregex = 'x'\npath = '''[z-a]'''\n", "test.toml: rule 't': invalid path: ")]
    [InlineData("[[rules]]\nid = \"t\"\nregex = 'x'\nentropy = \"high\"\n", "test.toml: rule 't': TOML key 'entropy' is a string, expected a float")]
    [InlineData("[[rules]]\nid = \"t\"\nregex = 'x'\nsecretGroup = -1\n", "test.toml: rule 't': secretGroup -1 is not a group number")]
    [InlineData("[[rules]]\nid = \"t\"\nregex = 'x'\nentropy = -1.0\n", "test.toml: rule 't': entropy -1 must be a number of at least 0")]
    [InlineData("[[rules]]\nid = \"t\"\nregex = 'x'\nkeywords = \"x\"\n", "test.toml: rule 't': TOML key 'keywords' is a string, expected an array of strings")]
    [InlineData("[[rules]]\nid = 42\nregex = 'x'\n", "test.toml: [[rules]] #1: TOML key 'id' is an integer, expected a string")]
    [InlineData("[[rules]]\nid = \"  \"\nregex = 'x'\n", "test.toml: [[rules]] #1: the rule has no id (regex 'x')")]
    [InlineData("[[rules]]\nid = \"t\"\nregex = 'x'\n[[rules]]\nregex = 'y'\n", "test.toml: [[rules]] #2: the rule has no id (regex 'y')")]
    [InlineData("[[rules]]\nid = \"t\"\nregex = 'x'\n[[rules.allowlists]]\ncondition = \"XOR\"\nregexes = ['y']\n", "test.toml: rule 't': [[rules.allowlists]] #1: unknown condition 'XOR' (expected OR or AND)")]
    [InlineData("[[rules]]\nid = \"t\"\nregex = 'x'\n[[rules.allowlists]]\nregexes = ['(']\n", "test.toml: rule 't': [[rules.allowlists]] #1: invalid allowlist regex: ")]
    [InlineData("[[allowlists]]\nregexTarget = 'secret'\npaths = ['[']\n", "test.toml: [[allowlists]] #1: invalid allowlist path: ")]
    [InlineData("[[rules]]\nid = \"t\"\nregex = 'x'\nRegex = 'y'\n", "keys 'regex' and 'Regex' differ only in case")]
    [InlineData("[extend]\npath = \"does-not-exist.toml\"\n", "test.toml: [extend] path 'does-not-exist.toml' not found (looked for ")]
    public void Errors_name_the_file_and_the_rule(string toml, string message)
    {
        var e = Invalid(toml);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_reports_a_missing_file()
    {
        var e = Assert.Throws<GitleaksConfigException>(() => GitleaksConfig.Load(Path.Combine(Path.GetTempPath(), "no-such-dir-palisade", "x.toml")));
        Assert.Contains("cannot read the configuration", e.Message, StringComparison.Ordinal);
    }
}
