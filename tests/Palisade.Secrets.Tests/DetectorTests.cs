using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Palisade.Secrets.Engine;
using Palisade.Secrets.Rules;

namespace Palisade.Secrets.Tests;

/// <summary>
/// The detector's semantics (those of gitleaks): keyword prefilter, secret group, entropy, placeholders, allowlists
/// (global and per rule, OR and AND, regex targets, stopwords, paths, commits), path rules, inline allow comments, and
/// positions (1-based lines and columns, end exclusive) across CRLF, tabs and multi-line matches.
/// </summary>
public sealed class DetectorTests
{
    private static SecretRule Rule(string pattern, string[]? keywords = null, int group = 0, double entropy = 0, bool skipPlaceholders = false,
        string? path = null, SecretAllowlist[]? allowlists = null, string id = "test-rule") => new()
        {
            Id = id,
            Description = "test",
            Regex = RegexFactory.Compile(pattern),
            Keywords = keywords ?? [],
            SecretGroup = group,
            Entropy = entropy,
            SkipPlaceholders = skipPlaceholders,
            Path = path is null ? null : RegexFactory.Compile(path),
            Allowlists = allowlists ?? [],
        };

    private static List<SecretMatch> Detect(SecretRule rule, string text, string path = "app/config.txt", string? commit = null, SecretAllowlist[]? global = null)
    {
        var errors = new List<string>();
        var found = SecretDetector.Detect(new SecretRuleSet([rule], global), text, path, commit, errors.Add);
        Assert.Empty(errors);
        return found;
    }

    private static List<string> Secrets(SecretRule rule, string text, string path = "app/config.txt", string? commit = null, SecretAllowlist[]? global = null) =>
        Detect(rule, text, path, commit, global).Select(m => m.Secret).ToList();

    private static Regex[] Rx(params string[] patterns) => patterns.Select(p => RegexFactory.Compile(p)).ToArray();

    // ------------------------------------------------------------------ keyword prefilter

    [Fact]
    public void A_rule_whose_keywords_are_absent_is_not_run()
    {
        var rule = Rule(@"tok_[0-9]{6}", keywords: ["zebra"]);
        Assert.Empty(Secrets(rule, "value = tok_123456"));
        Assert.Equal(["tok_123456"], Secrets(rule, "zebra value = tok_123456"));
    }

    [Fact]
    public void Keywords_match_case_insensitively_in_both_directions()
    {
        var upperKeyword = Rule(@"(?i)tok_[0-9]{6}", keywords: ["TOK_"]);
        Assert.Equal(["TOK_123456"], Secrets(upperKeyword, "value = TOK_123456"));
        Assert.Equal(["tok_123456"], Secrets(upperKeyword, "value = tok_123456"));
        var lowerKeyword = Rule(@"(?i)tok_[0-9]{6}", keywords: ["tok_"]);
        Assert.Equal(["ToK_123456"], Secrets(lowerKeyword, "value = ToK_123456"));
    }

    [Fact]
    public void Candidate_rules_are_those_with_a_keyword_in_the_text_plus_those_without_keywords()
    {
        var set = new SecretRuleSet(
        [
            Rule("a", keywords: ["alpha"], id: "r0"), Rule("b", keywords: ["beta", "gamma"], id: "r1"), Rule("c", id: "r2"),
            Rule("d", keywords: ["délta"], id: "r3"),
        ]);
        Assert.Equal([2], set.CandidateRules("nothing here"));
        Assert.Equal([0, 2], set.CandidateRules("xxALPHAxx"));
        Assert.Equal([1, 2], set.CandidateRules("gamma"));
        Assert.Equal([0, 1, 2, 3], set.CandidateRules("DÉLTA beta alpha"));
        Assert.Equal([2], set.CandidateRules(""));
    }

    [Fact]
    public void A_rule_without_keywords_always_runs()
    {
        Assert.Equal(["tok_123456"], Secrets(Rule(@"tok_[0-9]{6}"), "tok_123456"));
    }

    [Fact]
    public void A_text_of_10_MB_without_keywords_selects_no_built_in_rule_and_finds_nothing()
    {
        var sb = new StringBuilder(10 << 20);
        while (sb.Length < 10 << 20) sb.Append("the quick brown fox jumps over the lazy dog 0123456789\n");
        var text = sb.ToString();
        var set = new SecretRuleSet(BuiltinRules.All);
        Assert.Empty(set.CandidateRules(text));
        Assert.Empty(SecretDetector.Detect(set, text, "big.txt"));
    }

    // ------------------------------------------------------------------ secret group

    [Fact]
    public void The_secret_group_selects_the_secret()
    {
        var rule = Rule(@"(user)=(\w+);(pw)=(\w+)", group: 4);
        var m = Assert.Single(Detect(rule, "conn: user=admin;pw=hunter22;"));
        Assert.Equal("hunter22", m.Secret);
        Assert.Equal("user=admin;pw=hunter22", m.Match);
        Assert.Equal((1, 21, 1, 29), (m.StartLine, m.StartColumn, m.EndLine, m.EndColumn));
    }

    [Fact]
    public void Without_a_secret_group_the_first_non_empty_group_is_the_secret_or_else_the_whole_match()
    {
        var twoWays = Rule(@"(?:a=(\d+)|b=(\d+))");
        Assert.Equal(["42"], Secrets(twoWays, "b=42"));
        Assert.Equal(["7"], Secrets(twoWays, "a=7"));
        var optional = Rule(@"k(x*)=(\d+)");
        Assert.Equal(["5"], Secrets(optional, "k=5"));
        Assert.Equal(["xx"], Secrets(optional, "kxx=5"));
        Assert.Equal(["tok_123"], Secrets(Rule(@"tok_\d+"), "tok_123"));
    }

    [Fact]
    public void A_secret_group_beyond_the_pattern_s_groups_reports_nothing()
    {
        Assert.Empty(Secrets(Rule(@"(tok)_(\d+)", group: 3), "tok_123"));
    }

    // ------------------------------------------------------------------ entropy and placeholders

    [Fact]
    public void The_entropy_threshold_is_exclusive()
    {
        // "aabb" has exactly 1 bit per character; "aabc" has 1.5.
        Assert.Equal(1.0, Entropy.Shannon("aabb"), 10);
        Assert.Empty(Secrets(Rule(@"v=(\w+)", entropy: 1.0), "v=aabb"));
        Assert.Equal(["aabb"], Secrets(Rule(@"v=(\w+)", entropy: 0.99), "v=aabb"));
        Assert.Equal(["aabc"], Secrets(Rule(@"v=(\w+)", entropy: 1.0), "v=aabc"));
        Assert.Equal(1.5, Assert.Single(Detect(Rule(@"v=(\w+)"), "v=aabc")).Entropy, 10);
    }

    [Fact]
    public void The_entropy_is_of_the_secret_not_of_the_match()
    {
        // The match "key=aaaaaaaa" has more than 1 bit per character; the secret has none.
        Assert.Empty(Secrets(Rule(@"key=(a+)", entropy: 0.5), "key=aaaaaaaa"));
    }

    [Theory]
    [InlineData("${API_TOKEN}")]
    [InlineData("$API_TOKEN")]
    [InlineData("$(cat_token)")]
    [InlineData("<your-token>")]
    [InlineData("{{.Values.token}}")]
    [InlineData("AKIAIOSFODNN7EXAMPLE")]
    [InlineData("xxxxxxxxxxxx")]
    [InlineData("************")]
    [InlineData("changeme_in_prod_CHANGE_ME_IN_PROD")]
    public void Placeholders_are_skipped_when_the_rule_asks(string value)
    {
        var text = $"token: {value}";
        Assert.Empty(Secrets(Rule(@"token: (\S+)", skipPlaceholders: true), text));
        Assert.Equal([value], Secrets(Rule(@"token: (\S+)"), text));
    }

    // ------------------------------------------------------------------ allowlists

    [Fact]
    public void A_global_allowlist_regex_allows_by_secret_by_default()
    {
        var global = new SecretAllowlist { Regexes = Rx("^tok_0") };
        var rule = Rule(@"tok_\d+");
        Assert.Equal(["tok_123"], Secrets(rule, "tok_0001 tok_123", global: [global]));
    }

    [Fact]
    public void A_global_allowlist_path_skips_the_whole_file()
    {
        var global = new SecretAllowlist { Paths = Rx(@"(^|/)testdata/") };
        Assert.Empty(Secrets(Rule(@"tok_\d+"), "tok_123", path: "pkg/testdata/fixture.txt", global: [global]));
        Assert.Equal(["tok_123"], Secrets(Rule(@"tok_\d+"), "tok_123", path: "pkg/main.txt", global: [global]));
    }

    [Fact]
    public void A_commit_allowlist_applies_to_that_commit_only()
    {
        var allow = new SecretAllowlist { Commits = ["ABCDEF0123"] };
        var rule = Rule(@"tok_\d+", allowlists: [allow]);
        Assert.Empty(Secrets(rule, "tok_123", commit: "abcdef0123"));
        Assert.Equal(["tok_123"], Secrets(rule, "tok_123", commit: "0000000000"));
        Assert.Equal(["tok_123"], Secrets(rule, "tok_123"));
    }

    [Fact]
    public void Allowlist_criteria_are_or_ed_by_default()
    {
        var allow = new SecretAllowlist { Paths = Rx(@"\.md$"), Regexes = Rx("^tok_9") };
        var rule = Rule(@"tok_\d+", allowlists: [allow]);
        Assert.Empty(Secrets(rule, "tok_123", path: "README.md"));               // the path alone
        Assert.Empty(Secrets(rule, "tok_999", path: "main.go"));                 // the regex alone
        Assert.Equal(["tok_123"], Secrets(rule, "tok_123", path: "main.go"));  // neither
    }

    [Fact]
    public void With_condition_and_every_criterion_must_hold()
    {
        var allow = new SecretAllowlist { RequireAll = true, Paths = Rx(@"\.md$"), Regexes = Rx("^tok_9") };
        var rule = Rule(@"tok_\d+", allowlists: [allow]);
        Assert.Empty(Secrets(rule, "tok_999", path: "README.md"));
        Assert.Equal(["tok_123"], Secrets(rule, "tok_123", path: "README.md"));
        Assert.Equal(["tok_999"], Secrets(rule, "tok_999", path: "main.go"));
    }

    [Fact]
    public void With_condition_and_a_path_alone_still_skips_the_file()
    {
        var allow = new SecretAllowlist { RequireAll = true, Paths = Rx(@"\.md$") };
        Assert.Empty(Secrets(Rule(@"tok_\d+", allowlists: [allow]), "tok_123", path: "README.md"));
        var both = new SecretAllowlist { RequireAll = true, Paths = Rx(@"\.md$"), StopWords = ["nope"] };
        Assert.Equal(["tok_123"], Secrets(Rule(@"tok_\d+", allowlists: [both]), "tok_123", path: "README.md"));
    }

    [Fact]
    public void The_regex_target_chooses_secret_match_or_line()
    {
        const string text = "# fixture\nclient = make(\"demo\", key=\"k_8f3a2c\")  # sample\n";
        var pattern = @"key=""(k_[0-9a-f]+)""";
        Assert.Equal(["k_8f3a2c"], Secrets(Rule(pattern, allowlists: [new SecretAllowlist { Regexes = Rx("^key=") }]), text));
        Assert.Empty(Secrets(Rule(pattern, allowlists: [new SecretAllowlist { RegexTarget = AllowlistTarget.Match, Regexes = Rx("^key=") }]), text));
        Assert.Equal(["k_8f3a2c"], Secrets(Rule(pattern, allowlists: [new SecretAllowlist { RegexTarget = AllowlistTarget.Match, Regexes = Rx("# sample") }]), text));
        Assert.Empty(Secrets(Rule(pattern, allowlists: [new SecretAllowlist { RegexTarget = AllowlistTarget.Line, Regexes = Rx("# sample$") }]), text));
        Assert.Equal(["k_8f3a2c"], Secrets(Rule(pattern, allowlists: [new SecretAllowlist { RegexTarget = AllowlistTarget.Line, Regexes = Rx("fixture") }]), text));
        Assert.Empty(Secrets(Rule(pattern), text, global: [new SecretAllowlist { RegexTarget = AllowlistTarget.Line, Regexes = Rx(@"make\(""demo""") }]));
    }

    [Fact]
    public void Stopwords_allow_a_secret_containing_them_case_insensitively()
    {
        var rule = Rule(@"tok_\w+", allowlists: [new SecretAllowlist { StopWords = ["sample"] }]);
        Assert.Empty(Secrets(rule, "tok_SAMPLE123"));
        Assert.Equal(["tok_real123"], Secrets(rule, "tok_real123"));
        var upper = Rule(@"tok_\w+", allowlists: [new SecretAllowlist { StopWords = ["Sample"] }]);
        Assert.Empty(Secrets(upper, "tok_xsamplex"));
        // Stopwords look at the secret only, not at the rest of the match.
        var grouped = Rule(@"sample=(tok_\w+)", allowlists: [new SecretAllowlist { StopWords = ["sample"] }]);
        Assert.Equal(["tok_real123"], Secrets(grouped, "sample=tok_real123"));
    }

    [Fact]
    public void A_rule_allowlist_applies_to_its_own_rule_only()
    {
        var allowed = Rule(@"tok_\d+", allowlists: [new SecretAllowlist { Regexes = Rx(".") }], id: "allowed");
        var other = Rule(@"tok_\d+", id: "other");
        var found = SecretDetector.Detect(new SecretRuleSet([allowed, other]), "tok_123", "a.txt");
        Assert.Equal(["other"], found.Select(f => f.Rule.Id));
    }

    // ------------------------------------------------------------------ path rules and filters

    [Fact]
    public void A_path_only_rule_reports_the_file()
    {
        var rule = new SecretRule { Id = "pem-file", Description = "key file", Path = RegexFactory.Compile(@"\.pem$") };
        var m = Assert.Single(SecretDetector.Detect(new SecretRuleSet([rule]), "", "certs/server.pem"));
        Assert.Equal(("certs/server.pem", 1, 1), (m.Secret, m.StartLine, m.StartColumn));
        Assert.Empty(SecretDetector.Detect(new SecretRuleSet([rule]), "anything", "certs/server.crt"));
    }

    [Fact]
    public void A_rule_with_a_path_and_a_regex_needs_both()
    {
        var rule = Rule(@"tok_\d+", path: @"\.env$");
        Assert.Equal(["tok_123"], Secrets(rule, "tok_123", path: "deploy/.env"));
        Assert.Empty(Secrets(rule, "tok_123", path: "deploy/config.yaml"));
    }

    [Fact]
    public void A_path_only_rule_with_keywords_runs_only_when_a_keyword_is_present()
    {
        var rule = new SecretRule { Id = "p", Description = "p", Path = RegexFactory.Compile(@"\.pem$"), Keywords = ["begin"] };
        Assert.Empty(SecretDetector.Detect(new SecretRuleSet([rule]), "nothing", "a.pem"));
        Assert.Single(SecretDetector.Detect(new SecretRuleSet([rule]), "-----BEGIN", "a.pem"));
    }

    // ------------------------------------------------------------------ inline allow comments

    [Theory]
    [InlineData("token = tok_123456 # palisade:allow")]
    [InlineData("token = tok_123456 // gitleaks:allow")]
    [InlineData("/* palisade:allow */ token = tok_123456")]
    public void An_inline_allow_comment_on_the_line_suppresses_the_finding(string line)
    {
        var rule = Rule(@"tok_\d{6}");
        Assert.Empty(Secrets(rule, line));
        Assert.Equal(["tok_654321"], Secrets(rule, line + "\ntoken2 = tok_654321"));
        Assert.Equal(["tok_654321"], Secrets(rule, "token2 = tok_654321\n" + line));
    }

    [Fact]
    public void An_inline_allow_comment_must_be_written_exactly()
    {
        var rule = Rule(@"tok_\d{6}");
        Assert.Equal(["tok_123456"], Secrets(rule, "token = tok_123456 # palisade: allow"));
        Assert.Equal(["tok_123456"], Secrets(rule, "token = tok_123456 # PALISADE:ALLOW"));
    }

    [Fact]
    public void An_inline_allow_comment_on_any_line_of_a_multi_line_match_suppresses_it()
    {
        var rule = Rule(@"(?s)BEGIN(.{3,40}?)END");
        Assert.Empty(Secrets(rule, "BEGIN\nsecret-body # palisade:allow\nEND"));
        Assert.Equal(["\nsecret-body\n"], Secrets(rule, "# palisade:allow\nBEGIN\nsecret-body\nEND"));
    }

    [Fact]
    public void Many_matches_on_one_long_line_with_an_allow_comment_far_away_are_all_allowed()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 50_000; i++) sb.Append("tok_").Append(i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
        var line = sb.ToString();
        var rule = Rule(@"tok_\d{6}");
        Assert.Equal(50_000, Detect(rule, line).Count);
        Assert.Empty(Detect(rule, line + "# gitleaks:allow"));
    }

    // ------------------------------------------------------------------ positions

    [Fact]
    public void Lines_and_columns_are_one_based_with_an_exclusive_end()
    {
        var m = Assert.Single(Detect(Rule(@"tok_\d{6}"), "a\nbb\n  tok_123456 tail"));
        Assert.Equal((3, 3, 3, 13), (m.StartLine, m.StartColumn, m.EndLine, m.EndColumn));
    }

    [Fact]
    public void Crlf_line_ends_and_tabs_count_as_one_character_each()
    {
        const string text = "first\r\n\tkey=tok_123456\r\nthird\r\n";
        var m = Assert.Single(Detect(Rule(@"key=(tok_\d{6})"), text));
        Assert.Equal((2, 6, 2, 16), (m.StartLine, m.StartColumn, m.EndLine, m.EndColumn));
        Assert.Equal("tok_123456", m.Secret);
        var atEnd = Assert.Single(Detect(Rule(@"tok_\d{6}"), "x\r\n\t\ttok_123456\r\n"));
        Assert.Equal((2, 3, 2, 13), (atEnd.StartLine, atEnd.StartColumn, atEnd.EndLine, atEnd.EndColumn));
    }

    [Fact]
    public void A_secret_at_the_very_start_and_end_of_the_text_is_located()
    {
        var m = Assert.Single(Detect(Rule(@"\b(tok_\d{6})(?:$|[^0-9])"), "tok_123456"));
        Assert.Equal((1, 1, 1, 11), (m.StartLine, m.StartColumn, m.EndLine, m.EndColumn));
        var consumed = Assert.Single(Detect(Rule(@"\b(tok_\d{6})(?:$|[^0-9])"), "tok_123456;"));
        Assert.Equal((1, 1, 1, 11), (consumed.StartLine, consumed.StartColumn, consumed.EndLine, consumed.EndColumn));
    }

    [Fact]
    public void A_pattern_ending_in_a_newline_does_not_move_the_location_to_the_next_line()
    {
        var m = Assert.Single(Detect(Rule(@"tok_\d{6}\n"), "x\ntok_123456\nnext"));
        Assert.Equal((2, 1, 2, 11), (m.StartLine, m.StartColumn, m.EndLine, m.EndColumn));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void A_private_key_spans_its_lines(string nl)
    {
        var g = new TokenGenerator(3);
        var body = string.Concat(Enumerable.Range(0, 4).Select(_ => g.Of(TokenGenerator.Base64, 64) + nl));
        var key = $"-----BEGIN OPENSSH PRIVATE KEY-----{nl}{body}-----END OPENSSH PRIVATE KEY-----";
        var text = $"# id_ed25519{nl}{nl}  {key}{nl}trailer{nl}";
        var set = new SecretRuleSet(BuiltinRules.All);
        var m = Assert.Single(SecretDetector.Detect(set, text, "id_ed25519"), f => f.Rule.Id == "private-key");
        Assert.Equal(key, m.Secret);
        Assert.Equal((3, 3, 8, 34), (m.StartLine, m.StartColumn, m.EndLine, m.EndColumn));
        Assert.Equal("----****", Redaction.Redact(m.Secret));
    }

    // ------------------------------------------------------------------ robustness

    [Fact]
    public void Empty_text_finds_nothing()
    {
        Assert.Empty(SecretDetector.Detect(new SecretRuleSet(BuiltinRules.All), "", "empty.txt"));
        Assert.Empty(SecretDetector.Detect(new SecretRuleSet([]), "tok_123456", "a.txt"));
    }

    [Fact]
    public void A_timeout_of_a_backtracking_rule_is_reported_through_on_error_and_the_other_rules_still_run()
    {
        // A back-reference needs the backtracking engine, so this rule gets a match timeout; the input makes it exceed it.
        var slow = new SecretRule { Id = "slow", Description = "slow", Regex = RegexFactory.Compile(@"^(\w+\s?)*\1$") };
        Assert.False(slow.Regex!.Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.NotEqual(Regex.InfiniteMatchTimeout, slow.Regex.MatchTimeout);
        var fast = Rule(@"tok_\d{6}", id: "fast");
        var errors = new List<string>();
        var found = SecretDetector.Detect(new SecretRuleSet([slow, fast]), "tok_123456 " + new string('a', 5000) + "!", "a.txt", onError: errors.Add);
        Assert.Contains("rule slow timed out on a.txt", Assert.Single(errors), StringComparison.Ordinal);
        Assert.Equal(["fast"], found.Select(f => f.Rule.Id));
    }

    [Fact]
    public void Argument_checks()
    {
        Assert.Throws<ArgumentNullException>(() => SecretDetector.Detect(null!, "", "a"));
        Assert.Throws<ArgumentNullException>(() => SecretDetector.Detect(new SecretRuleSet([]), null!, "a"));
    }

    private static readonly SecretRuleSet Builtin = new(BuiltinRules.All);

    private static readonly string[] Fragments =
    [
        "ghp_", "AKIA", "aws_secret_access_key = ", "password=", "password: \"", "api_key=", "token:", "-----BEGIN RSA PRIVATE KEY-----",
        "-----END RSA PRIVATE KEY-----", "curl -u ", "curl -H \"Authorization: Bearer ", "postgres://", "https://", "a:", "@", "eyJ",
        ".", "kind: Config\n", "users:\n- name: x\n  user:\n    token: ", "\"type\": \"service_account\"", "\"auth\": \"", "xoxb-",
        "sk_live_", "palisade:allow", "=", "\"", "'", "`", "\\\n", "\n", "\r\n", "\t", " ", "\0", "é", "\uD800", "\uFFFF", "Q~", "AIza",
        "0123456789", "abcdefABCDEF", "ZZZZZZZZZZZZZZZZZZZZ", "////++++", "${VAR}", "<token>",
    ];

    private static bool DetectsCleanly(string text)
    {
        var errors = new List<string>();
        foreach (var m in SecretDetector.Detect(Builtin, text, "fuzz.txt", onError: errors.Add))
        {
            Assert.InRange(m.StartLine, 1, text.Count(c => c == '\n') + 1);
            Assert.InRange(m.EndLine, m.StartLine, text.Count(c => c == '\n') + 1);
            Assert.True(m.StartColumn >= 1 && m.EndColumn >= 1);
            Assert.False(string.IsNullOrEmpty(m.Secret));
            _ = Redaction.Redact(m.Secret);
        }
        Assert.Empty(errors);
        return true;
    }

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public bool Arbitrary_text_never_throws(string? text) => DetectsCleanly(text ?? "");

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public Property Secret_shaped_soup_never_throws()
    {
        var gen = from n in Gen.Choose(0, 60)
                  from parts in Gen.ListOf(Gen.Elements(Fragments), n)
                  select string.Concat(parts);
        return Prop.ForAll(gen.ToArbitrary(), DetectsCleanly);
    }
}
