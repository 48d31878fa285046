using System.Text.RegularExpressions;
using Palisade.Secrets.Engine;
using Palisade.Secrets.Rules;

namespace Palisade.Secrets.Tests;

/// <summary>
/// Every built-in rule finds its provider's documented token format in realistic lines (the token itself is the reported
/// secret, at the right line and column, redacted to four characters) and leaves near misses alone.
/// </summary>
public sealed class BuiltinRuleTests
{
    internal static readonly SecretRuleSet Set = new(BuiltinRules.All);

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var r in BuiltinRules.All) data.Add(r.Id);
        return data;
    }

    internal static (int Line, int Column) Position(string text, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        return (line, offset - lineStart + 1);
    }

    private static string Describe(IEnumerable<SecretMatch> found) =>
        string.Join("; ", found.Select(f => $"{f.Rule.Id}={f.Secret[..Math.Min(f.Secret.Length, 60)]}"));

    [Fact]
    public void Every_rule_has_samples_and_every_sample_names_a_rule()
    {
        var ids = BuiltinRules.All.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(ids.Count, BuiltinRules.All.Count);
        Assert.Empty(ids.Except(BuiltinRuleSamples.All.Keys));
        Assert.Empty(BuiltinRuleSamples.All.Keys.Except(ids));
        foreach (var s in BuiltinRuleSamples.All.Values)
        {
            Assert.True(s.Positives.Count >= 2, $"{s.RuleId} needs two positive samples");
            Assert.True(s.Negatives.Count >= 1, $"{s.RuleId} needs a near miss");
        }
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Positive_samples_report_the_token_at_its_position(string id)
    {
        foreach (var sample in BuiltinRuleSamples.All[id].Positives)
        {
            var errors = new List<string>();
            var found = SecretDetector.Detect(Set, sample.Text, sample.Path, onError: errors.Add);
            Assert.Empty(errors);
            var match = found.FirstOrDefault(f => f.Rule.Id == id && f.Secret == sample.Secret);
            Assert.True(match is not null, $"{id} did not report {sample.Secret} in:\n{sample.Text}\nfound: {Describe(found)}");

            var offset = sample.Text.IndexOf(sample.Secret, StringComparison.Ordinal);
            Assert.True(offset >= 0);
            Assert.Equal(offset, sample.Text.LastIndexOf(sample.Secret, StringComparison.Ordinal)); // the sample is unambiguous
            var (line, column) = Position(sample.Text, offset);
            var (endLine, endColumn) = Position(sample.Text, offset + sample.Secret.Length);
            Assert.Equal((line, column, endLine, endColumn), (match.StartLine, match.StartColumn, match.EndLine, match.EndColumn));

            Assert.Equal(sample.Secret[..4] + "****", Redaction.Redact(match.Secret));
            Assert.True(match.Match.Contains(match.Secret, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Near_misses_are_not_reported(string id)
    {
        foreach (var text in BuiltinRuleSamples.All[id].Negatives)
        {
            var found = SecretDetector.Detect(Set, text, "config.txt");
            Assert.False(found.Any(f => f.Rule.Id == id), $"{id} reported a near miss in:\n{text}\nfound: {Describe(found)}");
        }
    }

    [Fact]
    public void Placeholders_are_skipped_by_every_rule()
    {
        string[] placeholders = ["${API_TOKEN}", "<password>", "$(cat /run/secrets/token)", "{{ .Values.token }}", "xxxxxxxxxxxxxxxxxxxxxxxx", "EXAMPLEEXAMPLEEXAMPLE"];
        Assert.All(BuiltinRules.All, r => Assert.True(r.SkipPlaceholders, r.Id));
        foreach (var p in placeholders)
        {
            var text = $"password: {p}\napi_key = \"{p}\"\nDATABASE_URL=postgres://shop:{p}@db/shop\ncurl -u admin:{p} https://x.io\ntoken: {p}\n";
            Assert.Empty(Describe(SecretDetector.Detect(Set, text, "config.txt")));
        }
    }

    /// <summary>
    /// The provider (the service or vendor that issues the credential) of each rule, written out by hand so that the
    /// count below is honest: product lines of one issuer count once (AWS with Bedrock; Google with GCP and Firebase;
    /// Microsoft with Azure, Entra ID and Teams; Atlassian with Jira and Bitbucket; HashiCorp with Terraform Cloud and
    /// Vault; GitHub with its five token kinds; Slack with its five), and rules that find credentials of any issuer
    /// (private keys, JWTs, URLs, curl, generic assignments) count for none.
    /// </summary>
    private static readonly Dictionary<string, string?> Providers = new(StringComparer.Ordinal)
    {
        ["aws-access-key-id"] = "aws", ["aws-secret-access-key"] = "aws", ["aws-session-token"] = "aws", ["aws-bedrock-api-key"] = "aws",
        ["gcp-api-key"] = "google", ["gcp-service-account"] = "google", ["gcp-oauth-client-secret"] = "google",
        ["azure-storage-account-key"] = "microsoft", ["azure-sas-connection-string"] = "microsoft", ["azure-ad-client-secret"] = "microsoft",
        ["microsoft-teams-webhook"] = "microsoft",
        ["alibaba-access-key-id"] = "alibaba", ["digitalocean-token"] = "digitalocean",
        ["heroku-api-key"] = "heroku", ["heroku-api-key-v2"] = "heroku", ["flyio-token"] = "flyio",
        ["cloudflare-origin-ca-key"] = "cloudflare", ["cloudflare-api-token"] = "cloudflare",
        ["databricks-token"] = "databricks", ["planetscale-token"] = "planetscale", ["terraform-cloud-token"] = "hashicorp",
        ["pulumi-token"] = "pulumi", ["doppler-token"] = "doppler",
        ["github-pat"] = "github", ["github-fine-grained-pat"] = "github", ["github-oauth"] = "github", ["github-app-token"] = "github",
        ["github-refresh-token"] = "github",
        ["gitlab-pat"] = "gitlab", ["gitlab-token"] = "gitlab",
        ["bitbucket-app-password"] = "atlassian", ["atlassian-api-token"] = "atlassian", ["atlassian-api-token-legacy"] = "atlassian",
        ["circleci-token"] = "circleci", ["sourcegraph-access-token"] = "sourcegraph",
        ["npm-access-token"] = "npm", ["npmrc-auth-token"] = "npm", ["pypi-upload-token"] = "pypi", ["nuget-api-key"] = "nuget",
        ["rubygems-api-key"] = "rubygems", ["dockerhub-pat"] = "docker", ["docker-config-auth"] = "docker", ["artifactory-token"] = "jfrog",
        ["slack-bot-token"] = "slack", ["slack-user-token"] = "slack", ["slack-app-token"] = "slack", ["slack-config-token"] = "slack",
        ["slack-webhook-url"] = "slack",
        ["discord-webhook-url"] = "discord", ["discord-bot-token"] = "discord", ["telegram-bot-token"] = "telegram",
        ["twilio-api-key"] = "twilio", ["twilio-auth-token"] = "twilio", ["sendgrid-api-key"] = "sendgrid",
        ["mailgun-api-key"] = "mailgun", ["mailchimp-api-key"] = "mailchimp", ["postmark-token"] = "postmark",
        ["stripe-secret-key"] = "stripe", ["stripe-webhook-secret"] = "stripe", ["square-token"] = "square",
        ["paypal-braintree-token"] = "paypal", ["shopify-token"] = "shopify",
        ["openai-api-key"] = "openai", ["anthropic-api-key"] = "anthropic", ["huggingface-token"] = "huggingface",
        ["notion-api-token"] = "notion", ["linear-api-key"] = "linear", ["figma-token"] = "figma", ["postman-api-key"] = "postman",
        ["sentry-token"] = "sentry", ["newrelic-key"] = "newrelic", ["datadog-api-key"] = "datadog", ["grafana-token"] = "grafana",
        ["okta-api-token"] = "okta", ["dropbox-token"] = "dropbox", ["mapbox-secret-token"] = "mapbox", ["facebook-access-token"] = "meta",
        ["intra42-client-secret"] = "42", ["1password-service-account-token"] = "1password",
        ["xai-api-key"] = "xai", ["groq-api-key"] = "groq", ["replicate-api-token"] = "replicate", ["airtable-pat"] = "airtable",
        ["contentful-pat"] = "contentful", ["dynatrace-api-token"] = "dynatrace", ["buildkite-token"] = "buildkite",
        ["tailscale-key"] = "tailscale", ["supabase-token"] = "supabase", ["shippo-api-token"] = "shippo", ["plaid-access-token"] = "plaid",
        ["flutterwave-secret-key"] = "flutterwave",
        ["vault-service-token"] = "hashicorp", ["vault-batch-token"] = "hashicorp", ["vault-legacy-token"] = "hashicorp",
        ["age-secret-key"] = "age", ["kubernetes-service-account-token"] = "kubernetes", ["kubeconfig-client-key"] = "kubernetes",
        ["kubeconfig-token"] = "kubernetes",
        ["private-key"] = null, ["jwt"] = null, ["database-url-password"] = null, ["url-basic-auth"] = null, ["curl-auth-user"] = null,
        ["curl-auth-header"] = null, ["generic-password"] = null, ["generic-credential"] = null,
    };

    [Fact]
    public void The_rules_cover_at_least_60_providers()
    {
        var ids = BuiltinRules.All.Select(r => r.Id).ToList();
        Assert.Empty(ids.Except(Providers.Keys)); // every new rule is classified here
        var providers = ids.Select(id => Providers[id]).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        Assert.True(providers.Count >= 60, $"{providers.Count} providers: {string.Join(", ", providers)}");
    }

    [Fact]
    public void The_issue_s_named_providers_and_formats_have_rules()
    {
        string[] required =
        [
            "aws-access-key-id", "aws-secret-access-key", "aws-session-token", "github-pat", "github-fine-grained-pat", "github-app-token",
            "github-oauth", "gitlab-pat", "slack-bot-token", "slack-webhook-url", "stripe-secret-key", "gcp-api-key", "gcp-service-account",
            "azure-storage-account-key", "private-key", "jwt", "npm-access-token", "pypi-upload-token", "nuget-api-key", "docker-config-auth",
            "twilio-api-key", "sendgrid-api-key", "mailgun-api-key", "shopify-token", "heroku-api-key", "digitalocean-token",
            "vault-service-token", "kubeconfig-token", "kubeconfig-client-key", "kubernetes-service-account-token", "database-url-password",
            "url-basic-auth", "generic-password",
        ];
        var ids = BuiltinRules.All.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(required.Except(ids));
    }

    /// <summary>
    /// Every built-in pattern compiles with <see cref="RegexOptions.NonBacktracking"/> (matching time linear in the input);
    /// none falls back to the backtracking engine with a timeout. (Patterns avoid look-around and backreferences for this:
    /// boundaries are \b or a consumed character, and "not followed by" is written as a character class or end of text.)
    /// </summary>
    [Fact]
    public void Every_rule_is_linear_time()
    {
        var fallbacks = BuiltinRules.All.Where(r => r.Regex is not null && !r.Regex.Options.HasFlag(RegexOptions.NonBacktracking))
            .Select(r => $"{r.Id} (timeout {r.Regex!.MatchTimeout})").ToList();
        Assert.Empty(fallbacks);
        Assert.All(BuiltinRules.All, r => Assert.NotNull(r.Regex));
    }

    [Fact]
    public void Every_rule_has_lower_case_keywords_and_a_secret_capture_group()
    {
        foreach (var r in BuiltinRules.All)
        {
            Assert.NotEmpty(r.Keywords);
            Assert.All(r.Keywords, k => Assert.Equal(k.ToLowerInvariant(), k));
            Assert.True(r.Regex!.GetGroupNumbers().Length >= 2, $"{r.Id} has no capture group for the secret");
        }
    }

    [Fact]
    public void Every_keyword_occurs_in_some_positive_sample_of_its_rule_or_is_an_alternative_prefix()
    {
        // A keyword that can never occur in a match would silence its rule: each rule's samples must each contain a keyword.
        foreach (var r in BuiltinRules.All)
            foreach (var s in BuiltinRuleSamples.All[r.Id].Positives)
                Assert.True(r.Keywords.Any(k => s.Text.Contains(k, StringComparison.OrdinalIgnoreCase)), $"{r.Id}: no keyword in {s.Text}");
    }

    [Fact]
    public void Only_the_generic_rules_carry_the_generic_tag()
    {
        Assert.Equal(["generic-credential", "generic-password"],
            BuiltinRules.All.Where(r => r.Tags.Contains("generic")).Select(r => r.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Tokens_separated_by_a_single_character_are_all_found()
    {
        var g = new TokenGenerator(7);
        var a = "ghp_" + g.Of(TokenGenerator.Alnum, 36);
        var b = "ghp_" + g.Of(TokenGenerator.Alnum, 36);
        var c = "ghp_" + g.Of(TokenGenerator.Alnum, 36);
        var found = SecretDetector.Detect(Set, $"tokens={a} {b},{c}", "x.env").Where(f => f.Rule.Id == "github-pat").Select(f => f.Secret);
        Assert.Equal([a, b, c], found);
    }
}
