using System.Text;
using Palisade.Secrets.Engine;
using Palisade.Secrets.Rules;

namespace Palisade.Secrets.Tests;

/// <summary>
/// Every built-in rule runs over 1 MB texts built to stress it (its keyword repeated, near-miss tails, long runs of the
/// characters its pattern repeats, unterminated blocks, continuation lines, nested quotes) and completes without an
/// exception and without a match timeout. No time is asserted: the rules are linear by construction (NonBacktracking,
/// see <see cref="BuiltinRuleTests.Every_rule_is_linear_time"/>); these runs show it on inputs where a backtracking
/// pattern would explode, and they keep this class fast only because that holds.
/// </summary>
public sealed class BuiltinRuleAdversarialTests
{
    private const int Size = 1 << 20;

    private static string Fill(string unit, int size = Size)
    {
        var sb = new StringBuilder(size + unit.Length);
        while (sb.Length < size) sb.Append(unit);
        return sb.ToString();
    }

    private static string Run(char c) => new(c, Size);

    /// <summary>1 MB of random base64 characters, made once.</summary>
    private static readonly string RandomBase64 = new TokenGenerator(5).Of(TokenGenerator.Base64, Size);

    /// <summary>The first keyword of the rule as it is written in the rule's first positive sample (keywords are lower case).</summary>
    private static string CasedKeyword(SecretRule rule, PositiveSample sample)
    {
        foreach (var k in rule.Keywords)
        {
            var at = sample.Text.IndexOf(k, StringComparison.OrdinalIgnoreCase);
            if (at >= 0) return sample.Text.Substring(at, k.Length);
        }
        return rule.Keywords[0];
    }

    public static IEnumerable<(string Name, string Text)> Texts(SecretRule rule)
    {
        var sample = BuiltinRuleSamples.All[rule.Id].Positives[0];
        var keyword = CasedKeyword(rule, sample);
        var secret = sample.Secret;

        yield return ("keyword repeated, as written, lower and upper case", Fill(keyword + keyword.ToLowerInvariant() + keyword.ToUpperInvariant()));
        yield return ("the secret repeated without separators", keyword + "=" + Fill(secret));
        yield return ("near-miss tails: the secret cut in half", Fill(keyword + "=\"" + secret[..(secret.Length / 2)] + "\" "));
        yield return ("keyword then random base64 on one line", keyword + " = " + RandomBase64);
        yield return ("keyword then one character repeated", keyword + ": \"" + Run('A'));
        yield return ("keyword then spaces", keyword + Run(' '));
        yield return ("nested quotes", keyword + "=" + Fill("\"'`"));
        yield return ("assignment noise", Fill(keyword + "=:>\"' \t\\\n"));
        foreach (var special in Special(rule.Id)) yield return special;
    }

    private static IEnumerable<(string Name, string Text)> Special(string id)
    {
        var g = new TokenGenerator(id.Length + 1);
        switch (id)
        {
            case "private-key":
                yield return ("unterminated header then 1 MB of base64", "-----BEGIN RSA PRIVATE KEY-----\n" + g.PemBody((Size / 65) + 1));
                yield return ("headers without ends", Fill("-----BEGIN PRIVATE KEY-----\n"));
                yield return ("a header of 1 MB", "-----BEGIN " + Run('A') + "PRIVATE KEY-----");
                yield return ("begin and a mismatched end repeated", Fill("-----BEGIN OPENSSH PRIVATE KEY-----\n" + g.Of(TokenGenerator.Base64, 70) + "\n-----END PUBLIC KEY-----\n"));
                break;
            case "curl-auth-user":
            case "curl-auth-header":
                yield return ("curl then 1 MB of continuation lines", "curl " + Fill(" \\\n  -X POST"));
                yield return ("curl repeated", Fill("curl "));
                yield return ("curl -u repeated", Fill("curl -u "));
                yield return ("curl -u user: then a 1 MB password", "curl -u admin:" + Run('b'));
                yield return ("curl -H authorization repeated", Fill("curl -H \"Authorization: "));
                yield return ("curl bearer then a 1 MB token", "curl -H 'Authorization: Bearer " + Run('a'));
                break;
            case "generic-password":
                yield return ("password= repeated", Fill("password="));
                yield return ("password: \" repeated", Fill("password: \""));
                yield return ("a 1 MB key", "password" + Run('_') + "=x");
                yield return ("keys glued", Fill("DB_PASSWORD_"));
                yield return ("a 1 MB value", "password=" + Run('k'));
                break;
            case "generic-credential":
                yield return ("api_key= repeated", Fill("api_key="));
                yield return ("a 1 MB key", "secret" + Run('-') + ": value");
                yield return ("token: token: repeated", Fill("token: "));
                yield return ("keys glued", Fill("client_secret_"));
                break;
            case "kubeconfig-token":
                yield return ("config then user blocks without a token", "kind: Config\n" + Fill("- name: x\n  user:\n    username: a\n"));
                yield return ("config and user repeated", Fill("kind: Config user:\n "));
                yield return ("token lines that are too short", "kind: Config\nusers:\n- user:\n" + Fill("    token: a\n"));
                break;
            case "gcp-service-account":
                yield return ("type repeated", Fill("\"type\": \"service_account\", "));
                yield return ("key id then 1 MB of spaces", "\"private_key_id\": \"" + g.Of(TokenGenerator.Hex, 40) + "\"" + Run(' '));
                yield return ("key ids repeated", Fill("\"private_key_id\": \"" + g.Of(TokenGenerator.Hex, 40) + "\", "));
                break;
            case "database-url-password":
            case "url-basic-auth":
                yield return ("scheme repeated", Fill("postgres://https://"));
                yield return ("user: then a 1 MB password", "https://a:" + Run('b'));
                yield return ("userinfo without a host", Fill("redis://a:b"));
                yield return ("separators only", Fill("://:@"));
                break;
            case "docker-config-auth":
                yield return ("deep nesting", Fill("{\"auths\": {"));
                yield return ("auth keys repeated", Fill("\"auth\": \""));
                yield return ("an unterminated 1 MB value", "\"auth\": \"" + Run('A'));
                break;
            case "jwt":
            case "kubernetes-service-account-token":
                yield return ("eyJ repeated", Fill("eyJ"));
                yield return ("eyJ then 1 MB", "eyJ" + Run('A'));
                yield return ("segments repeated", Fill("eyJhbGciOi.eyJzdWIi."));
                yield return ("one 1 MB token", "eyJ" + new string('A', Size / 3) + ".eyJ" + new string('B', Size / 3) + "." + new string('C', Size / 3));
                break;
            case "aws-secret-access-key":
                yield return ("key ids with near-miss secrets", Fill("AKIA" + g.Of(TokenGenerator.Base32, 16) + " " + g.Of(TokenGenerator.Alnum, 39) + " "));
                yield return ("assignments repeated", Fill("aws_secret_access_key = "));
                yield return ("a 1 MB key", "aws" + Run('_') + "secret = x");
                break;
            case "telegram-bot-token":
                yield return ("1 MB of digits", Run('1') + ":AA");
                yield return ("bot prefixes repeated", Fill("bot123456789:AA"));
                break;
            case "slack-webhook-url":
                yield return ("a 1 MB webhook path", "https://hooks.slack.com/services/" + Run('A'));
                break;
            case "azure-ad-client-secret":
                yield return ("markers repeated", Fill("abc8Q~"));
                yield return ("a 1 MB secret", "abc8Q~" + Run('.'));
                break;
            case "vault-legacy-token":
                yield return ("context repeated", Fill("vault s."));
                yield return ("tokens repeated", Fill("token token s."));
                break;
            case "sourcegraph-access-token":
                yield return ("context then 1 MB of hex", "sourcegraph " + Run('a'));
                break;
        }
    }

    [Theory]
    [MemberData(nameof(BuiltinRuleTests.RuleIds), MemberType = typeof(BuiltinRuleTests))]
    public void A_rule_survives_its_adversarial_inputs(string id)
    {
        var rule = BuiltinRules.All.Single(r => r.Id == id);
        var set = new SecretRuleSet([rule]);
        foreach (var (name, text) in Texts(rule))
        {
            Assert.True(text.Length >= Size, $"{name} is shorter than 1 MB");
            var errors = new List<string>();
            var found = SecretDetector.Detect(set, text, "adversarial.txt", onError: errors.Add);
            Assert.True(errors.Count == 0, $"{id} on '{name}': {string.Join("; ", errors)}");
            Assert.All(found, f => Assert.True(f.StartLine >= 1 && f.StartColumn >= 1 && f.EndLine >= f.StartLine));
        }
    }

    /// <summary>Many matches: every rule's samples, whole and with the secret's last character cut, repeated to 1 MB.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_whole_rule_set_survives_every_sample_repeated(bool cut)
    {
        var sb = new StringBuilder(Size + 65536);
        while (sb.Length < Size)
            foreach (var s in BuiltinRuleSamples.All.Values.Select(v => v.Positives[0]))
                sb.Append(cut ? s.Text.Replace(s.Secret, s.Secret[..^1], StringComparison.Ordinal) : s.Text).Append('\n');
        var errors = new List<string>();
        var found = SecretDetector.Detect(BuiltinRuleTests.Set, sb.ToString(), "samples.txt", onError: errors.Add);
        Assert.Empty(errors);
        if (!cut) Assert.True(found.Count > 1000);
    }

    [Fact]
    public void The_whole_rule_set_survives_a_text_with_every_keyword_and_near_miss()
    {
        var sb = new StringBuilder(Size + 4096);
        var g = new TokenGenerator(99);
        while (sb.Length < Size)
            foreach (var r in BuiltinRules.All)
            {
                var s = BuiltinRuleSamples.All[r.Id].Positives[0].Secret;
                sb.Append(r.Keywords[0]).Append(" = \"").Append(s[..^1]).Append(g.Of("\"' \n=:", 1));
            }
        var errors = new List<string>();
        var found = SecretDetector.Detect(BuiltinRuleTests.Set, sb.ToString(), "all.txt", onError: errors.Add);
        Assert.Empty(errors);
        Assert.NotNull(found);
    }
}
