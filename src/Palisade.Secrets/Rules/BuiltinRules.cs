using System.Text;
using Palisade.Core.Findings;
using Palisade.Secrets.Engine;

namespace Palisade.Secrets.Rules;

/// <summary>
/// Palisade's own secret rules, written from each provider's documented token format. Every rule skips
/// placeholder values (EXAMPLE, xxxx, ${VAR}, &lt;password&gt;); generic rules also need entropy.
/// </summary>
public static class BuiltinRules
{
    // A left boundary: every token these rules anchor starts with a word character, so \b is "not preceded by [A-Za-z0-9_]"
    // (and, unlike a consumed character, it still holds right after a previous match: "tok1 tok2" finds both).
    private const string B = @"\b";
    private const string E = @"(?:$|[^A-Za-z0-9_])";  // a right boundary
    private const string Assign = @"[^\n]{0,30}?[=:>""'\s]{1,6}";  // key ... = / : / => and quotes

    private static SecretRule R(string id, string description, string pattern, string[] keywords, Severity severity = Severity.High,
        int group = 0, double entropy = 0, bool ignoreCase = false, Func<string, string, bool>? validate = null, HitFilter? hit = null, params string[] tags) => new()
        {
            Id = id,
            Description = description,
            RegexBuilder = () => RegexFactory.Compile(pattern, ignoreCase),
            Keywords = keywords,
            Severity = severity,
            SecretGroup = group,
            Entropy = entropy,
            Validate = validate,
            SkipPlaceholders = true,
            LineScoped = !MultiLine.Contains(id),
            HitFilter = hit,
            Tags = tags,
        };

    /// <summary>The rules whose matches may run over more than three lines (every other rule is line-scoped).</summary>
    private static readonly HashSet<string> MultiLine = new(StringComparer.Ordinal) { "private-key", "kubeconfig-token", "curl-auth-user", "curl-auth-header", "gcp-service-account" };

    public static IReadOnlyList<SecretRule> All { get; } = Create();

    private static List<SecretRule> Create() =>
    [
        // --- Cloud providers -------------------------------------------------------------------------------------
        R("aws-access-key-id", "AWS access key ID", B + @"((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})" + E, ["akia", "asia", "abia", "acca", "a3t"], Severity.Critical, hit: Body(16), tags: "cloud"),
        R("aws-secret-access-key", "AWS secret access key", @"(?:(?i:aws[a-z0-9_ .-]{0,25}?(?:secret|sk)[a-z0-9_ .-]{0,25}?)[=:>""'\s]{1,6}([A-Za-z0-9/+]{40})|(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}[^\n]{0,40}?[^A-Za-z0-9/+\n]([A-Za-z0-9/+]{40}))" + E, ["aws", "akia", "asia", "abia", "acca", "a3t"], Severity.Critical, entropy: 3.5, hit: AwsSecretHit, tags: "cloud"),
        R("aws-session-token", "AWS session token", @"(?:(?i:aws[a-z0-9_.-]{0,10}(?:session|security)[a-z0-9_.-]{0,10}token)" + Assign + @"([A-Za-z0-9/+=]{100,2000})|((?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE)[A-Za-z0-9/+]{100,2000}={0,2}))", ["session", "security", "iqojb3jpz2lux2vj", "fwogzxivyxdze"], Severity.Critical, entropy: 4, hit: (t, start, end) => end - start is 7 or 8 ? Near(t, end, 11, "token"u8) : Then(t, end, 100, IsTokenByte), tags: "cloud"),
        R("aws-bedrock-api-key", "Amazon Bedrock API key", B + @"(ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{80,400}={0,2}|bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/]{60,1500}={0,2})", ["absk", "bedrock-api-key-"], Severity.Critical, hit: Body(60), tags: "cloud"),
        R("gcp-api-key", "Google API key", B + @"(AIza[0-9A-Za-z_\-]{35})" + E, ["aiza"], Severity.High, entropy: 4, validate: (s, _) => !KnownPublicGoogleApiKeys.Contains(s), hit: Body(35), tags: "cloud"),
        R("gcp-service-account", "Google Cloud service-account key file", @"""private_key_id""\s{0,20}:\s{0,20}""([a-f0-9]{40})""[^{}]{0,600}?""type""\s{0,20}:\s{0,20}""service_account""|""type""\s{0,20}:\s{0,20}""service_account""(?:[^{}]{0,600}?""private_key_id""\s{0,20}:\s{0,20}""([a-f0-9]{40})"")?", ["service_account"], Severity.Critical, hit: (t, start, _) => start > 0 && t[start - 1] == '"' && NearBefore(t, start, 40, "\"type\""u8), tags: "cloud"),
        R("gcp-oauth-client-secret", "Google OAuth client secret", B + @"(GOCSPX-[A-Za-z0-9_\-]{28})" + E, ["gocspx-"], entropy: 3, hit: Body(28), tags: "cloud"),
        R("azure-storage-account-key", "Azure storage account key", @"(?i)(?:AccountKey\s{0,20}=\s{0,20}|(?:azure|storage)[a-z0-9_.\-]{0,20}key[a-z0-9_.\-]{0,10}[""']?\s{0,5}[=:]\s{0,5}[""']?)([A-Za-z0-9+/]{86}==)", ["accountkey", "azure", "storage"], Severity.Critical, hit: ValueNear(86), tags: "cloud"),
        R("azure-sas-connection-string", "Azure Service Bus / Event Hubs shared access key", @"(?i)SharedAccessKey\s{0,20}=\s{0,20}([A-Za-z0-9+/]{42,44}=)", ["sharedaccesskey"], Severity.Critical, hit: ValueNear(20), tags: "cloud"),
        R("azure-ad-client-secret", "Azure AD (Entra ID) client secret", @"(?:^|[^A-Za-z0-9_~.\-])([A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.\-]{31,34})(?:$|[^A-Za-z0-9_~.\-])", ["q~"], Severity.Critical, entropy: 3, tags: "cloud"),
        R("alibaba-access-key-id", "Alibaba Cloud AccessKey ID", B + @"(LTAI[A-Za-z0-9]{12,20})" + E, ["ltai"], Severity.Critical, entropy: 3, hit: Body(12), tags: "cloud"),
        R("digitalocean-token", "DigitalOcean token", B + @"(do[opr]_v1_[a-f0-9]{64})" + E, ["dop_v1_", "doo_v1_", "dor_v1_"], Severity.Critical, hit: Body(64), tags: "cloud"),
        R("heroku-api-key", "Heroku API key", @"(?i)heroku" + Assign + @"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})" + E, ["heroku"], entropy: 3, hit: ValueNear(20), tags: "cloud"),
        R("heroku-api-key-v2", "Heroku API key", B + @"(HRKU-AA[A-Za-z0-9_\-]{58})" + E, ["hrku-"], entropy: 3, hit: Body(58), tags: "cloud"),
        R("flyio-token", "Fly.io access token", B + @"(?:(fo1_[A-Za-z0-9_\-]{43})" + E + @"|(fm[12][ar]?_[A-Za-z0-9+/]{100,1500}={0,3}))", ["fo1_", "fm1a_", "fm1r_", "fm2_"], entropy: 3, hit: Body(40), tags: "cloud"),
        R("cloudflare-origin-ca-key", "Cloudflare Origin CA key", B + @"(v1\.0-[a-f0-9]{24}-[a-f0-9]{146})" + E, ["v1.0-"], hit: Body(24), tags: "cloud"),
        R("cloudflare-api-token", "Cloudflare API token", @"(?i)cloudflare" + Assign + @"([A-Za-z0-9_\-]{40}|[a-f0-9]{37})" + E, ["cloudflare"], entropy: 3.5, hit: ValueNear(20), tags: "cloud"),
        R("databricks-token", "Databricks personal access token", B + @"(dapi[a-f0-9]{32}(?:-[0-9]{1,4})?)" + E, ["dapi"], entropy: 3, hit: Body(32), tags: "cloud"),
        R("planetscale-token", "PlanetScale token or password", B + @"(pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.\-]{32,64})" + E, ["pscale_"], entropy: 3, hit: Body(32), tags: "cloud"),
        R("terraform-cloud-token", "Terraform Cloud / Enterprise API token", B + @"([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=\-]{60,70})" + E, ["atlasv1"], entropy: 3, tags: "cloud"),
        R("pulumi-token", "Pulumi access token", B + @"(pul-[a-f0-9]{40})" + E, ["pul-"], entropy: 3, hit: Body(40), tags: "cloud"),
        R("doppler-token", "Doppler token", B + @"(dp\.(?:pt|st|sa|ct|scim|audit)\.(?:[a-z0-9_\-]{2,35}\.)?[A-Za-z0-9]{40,44})" + E, ["dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."], entropy: 3, hit: Body(40), tags: "cloud"),
        // --- Source control and CI ---------------------------------------------------------------------------------
        R("github-pat", "GitHub personal access token (classic)", B + @"(ghp_[A-Za-z0-9]{36})" + E, ["ghp_"], entropy: 3, hit: Body(36), tags: "vcs"),
        R("github-fine-grained-pat", "GitHub fine-grained personal access token", B + @"(github_pat_[A-Za-z0-9_]{82})" + E, ["github_pat_"], entropy: 3, hit: Body(82), tags: "vcs"),
        R("github-oauth", "GitHub OAuth access token", B + @"(gho_[A-Za-z0-9]{36})" + E, ["gho_"], entropy: 3, hit: Body(36), tags: "vcs"),
        R("github-app-token", "GitHub App token", B + @"((?:ghu|ghs)_[A-Za-z0-9]{36})" + E, ["ghu_", "ghs_"], entropy: 3, hit: Body(36), tags: "vcs"),
        R("github-refresh-token", "GitHub refresh token", B + @"(ghr_[A-Za-z0-9]{36,76})" + E, ["ghr_"], entropy: 3, hit: Body(36), tags: "vcs"),
        R("gitlab-pat", "GitLab personal, project or group access token", B + @"(glpat-[A-Za-z0-9_\-]{20,64}(?:\.[A-Za-z0-9_\-]{2,20}){0,3})" + E, ["glpat-"], entropy: 3, hit: Body(20), tags: "vcs"),
        R("gitlab-token", "GitLab CI/runner/deploy/feed/agent token", B + @"((?:glptt-[0-9a-f]{40}|GR1348941[A-Za-z0-9_\-]{20}|glrt-[A-Za-z0-9_\-]{20,64}|gldt-[A-Za-z0-9_\-]{20,64}|glft-[A-Za-z0-9_\-]{20,64}|glimt-[A-Za-z0-9_\-]{25}|glagent-[A-Za-z0-9_\-]{50,128}|gloas-[A-Za-z0-9_\-]{64}|glcbt-[A-Za-z0-9_\-]{20,64}|glsoat-[A-Za-z0-9_\-]{20,64}))" + E, ["glptt-", "gr1348941", "glrt-", "gldt-", "glft-", "glimt-", "glagent-", "gloas-", "glcbt-", "glsoat-"], entropy: 3, hit: Body(20), tags: "vcs"),
        R("bitbucket-app-password", "Bitbucket / Atlassian app password", B + @"(ATBB[A-Za-z0-9_=.\-]{32})" + E, ["atbb"], entropy: 3, hit: Body(32), tags: "vcs"),
        R("atlassian-api-token", "Atlassian API token", B + @"(ATATT3[A-Za-z0-9_\-=]{180,200})" + E, ["atatt3"], entropy: 3, hit: Body(180), tags: "vcs"),
        R("atlassian-api-token-legacy", "Atlassian (Jira/Confluence) API token", @"(?i)(?:atlassian|confluence|jira)[a-z0-9_.\-]{0,20}" + Assign + @"([A-Za-z0-9]{24})" + E, ["atlassian", "confluence", "jira"], entropy: 3.5, hit: ValueNear(20), tags: "vcs"),
        R("circleci-token", "CircleCI personal API token", B + @"(CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40})" + E, ["ccipat_"], entropy: 3, hit: Body(22), tags: "ci"),
        R("sourcegraph-access-token", "Sourcegraph access token", @"(?i)(?:" + B + @"(sgp_(?:[a-f0-9]{16}|local)_[a-f0-9]{40}|sgp_[a-f0-9]{40})" + E + @"|sourcegraph[^\n]{0,20}?\b([a-f0-9]{40})\b)", ["sgp_", "sourcegraph"], hit: (t, start, end) => end - start == 4 ? Then(t, end, 5, IsTokenByte) : ValueNear(40)(t, start, end), tags: "vcs"),
        // --- Package registries -----------------------------------------------------------------------------------
        R("npm-access-token", "npm access token", B + @"(npm_[A-Za-z0-9]{36})" + E, ["npm_"], entropy: 3, hit: Body(36), tags: "registry"),
        R("npmrc-auth-token", "npm registry auth token in .npmrc", @"(?i)(?:_authToken\s{0,20}=\s{0,20}([A-Za-z0-9_.\-]{20,300})|(?:_auth|_password)\s{0,20}=\s{0,20}[""']?([A-Za-z0-9+/]{12,400}={0,2}))", ["_authtoken", "_auth", "_password"], entropy: 3, hit: ValueNear(12), tags: "registry"),
        R("pypi-upload-token", "PyPI upload token", B + @"(pypi-Ag(?:EIcHlwaS5vcmc|ENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_\-]{50,400})", ["pypi-ageichlwas5vcmc", "pypi-agendgvzdc5wexbplm9yzw"], hit: Body(50), tags: "registry"),
        R("nuget-api-key", "NuGet API key", B + @"(oy2[a-z0-9]{43})" + E, ["oy2"], entropy: 3, hit: Body(43), tags: "registry"),
        R("rubygems-api-key", "RubyGems API key", B + @"(rubygems_[a-f0-9]{48})" + E, ["rubygems_"], entropy: 3, hit: Body(48), tags: "registry"),
        R("dockerhub-pat", "Docker Hub personal access token", B + @"(dckr_(?:pat|oat)_[A-Za-z0-9_\-]{27})" + E, ["dckr_pat_", "dckr_oat_"], entropy: 3, hit: Body(27), tags: "registry"),
        R("docker-config-auth", "Registry credentials in a Docker config.json", @"""(?:auth|identitytoken|registrytoken)""\s{0,20}:\s{0,20}""([A-Za-z0-9+/_.\-]{12,3000}={0,2})""", ["\"auth\"", "\"identitytoken\"", "\"registrytoken\""], entropy: 3, hit: ColonFollows, tags: "registry"),
        R("artifactory-token", "JFrog Artifactory API key or token", B + @"((?:AKCp[A-Za-z0-9]{69}|cmVmdGtu[A-Za-z0-9]{56}))" + E, ["akcp", "cmvmdgtu"], entropy: 3, hit: Body(56), tags: "registry"),
        // --- Communication --------------------------------------------------------------------------------------------
        R("slack-bot-token", "Slack bot token", B + @"(xoxb-[0-9]{8,14}(?:-[0-9]{8,14})?-[A-Za-z0-9]{18,64})" + E, ["xoxb-"], entropy: 3, hit: Body(8), tags: "chat"),
        R("slack-user-token", "Slack user or legacy token", B + @"(xox[pe](?:-[0-9]{10,13}){3}-[A-Za-z0-9\-]{28,34}|xox[aors]-(?:[0-9]{1,13}-){2,4}[A-Za-z0-9]{8,64})" + E, ["xoxp-", "xoxe-", "xoxa-", "xoxo-", "xoxr-", "xoxs-"], entropy: 3, hit: Body(8), tags: "chat"),
        R("slack-app-token", "Slack app-level token", B + @"(xapp-[0-9]-[A-Z0-9]{6,20}-[0-9]{6,20}-[A-Za-z0-9]{20,100})", ["xapp-"], entropy: 3, hit: Body(20), tags: "chat"),
        R("slack-config-token", "Slack configuration token", B + @"(xoxe\.xox[bp]-[0-9]-[A-Za-z0-9]{140,180}|xoxe-[0-9]-[A-Za-z0-9]{140,180})" + E, ["xoxe.xox", "xoxe-"], entropy: 3, hit: Body(140), tags: "chat"),
        R("slack-webhook-url", "Slack incoming webhook", @"(?i)((?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{40,120})", ["hooks.slack.com"], tags: "chat"),
        R("discord-webhook-url", "Discord webhook", @"(https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_\-]{60,68})", ["discord"], tags: "chat"),
        R("discord-bot-token", "Discord bot token", @"(?i)discord" + Assign + @"([MNO][A-Za-z0-9_\-]{23,25}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,38})", ["discord"], hit: ValueNear(20), tags: "chat"),
        R("telegram-bot-token", "Telegram bot token", @"(?:\b|bot)([0-9]{8,10}:AA[A-Za-z0-9_\-]{33})" + E, [":aa"], entropy: 3, hit: Body(33), tags: "chat"),
        R("microsoft-teams-webhook", "Microsoft Teams incoming webhook", @"(https://[a-z0-9\-]{1,63}\.webhook\.office\.com/webhookb2/[a-z0-9\-]{36}@[a-z0-9\-]{36}/IncomingWebhook/[a-z0-9]{32}/[a-z0-9\-]{36})", ["webhook.office.com"], tags: "chat"),
        R("twilio-api-key", "Twilio API key", B + @"(SK[0-9a-f]{32})" + E, ["sk"], entropy: 3, hit: (t, _, end) => Then(t, end, 32, IsHex), tags: "messaging"),
        R("twilio-auth-token", "Twilio auth token", @"(?i)twilio[a-z0-9_ .\-]{0,20}(?:token|secret)" + Assign + @"([a-f0-9]{32})" + E, ["twilio"], hit: ValueNear(20), tags: "messaging"),
        R("sendgrid-api-key", "SendGrid API key", B + @"(SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43})" + E, ["sg."], entropy: 3, hit: Body(22), tags: "messaging"),
        R("mailgun-api-key", "Mailgun private API key", @"(?:" + B + @"(key-[0-9a-z]{32})|(?i:mailgun)" + Assign + @"([a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8}))" + E, ["key-", "mailgun"], entropy: 3, hit: (t, start, end) => end - start == 4 ? Then(t, end, 32, IsTokenByte) : ValueNear(32)(t, start, end), tags: "messaging"),
        R("mailchimp-api-key", "Mailchimp API key", B + @"([0-9a-f]{32}-us[0-9]{1,2})(?:$|[\s'""`;,])", ["-us"], entropy: 3, hit: (t, start, end) => start >= 32 && end < t.Length && char.IsAsciiDigit((char)t[end]) && Then(t, start - 32, 32, IsHex), tags: "messaging"),
        R("postmark-token", "Postmark server token", @"(?i)postmark" + Assign + @"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})" + E, ["postmark"], entropy: 3, hit: ValueNear(20), tags: "messaging"),
        // --- Payments and commerce --------------------------------------------------------------------------------
        R("stripe-secret-key", "Stripe secret or restricted key", B + @"((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{24,99})" + E, ["sk_live_", "sk_test_", "rk_live_", "rk_test_"], Severity.Critical, entropy: 3, hit: Body(24), tags: "payments"),
        R("stripe-webhook-secret", "Stripe webhook signing secret", B + @"(whsec_[A-Za-z0-9]{32,100})" + E, ["whsec_"], entropy: 3, hit: Body(32), tags: "payments"),
        R("square-token", "Square access token or application secret", B + @"((?:EAAA[A-Za-z0-9_\-]{60}|sq0csp-[A-Za-z0-9_\-]{43}|sq0atp-[A-Za-z0-9_\-]{22,60}))" + E, ["eaaa", "sq0csp-", "sq0atp-"], Severity.Critical, entropy: 3, hit: Body(22), tags: "payments"),
        R("paypal-braintree-token", "PayPal Braintree access token", B + @"(access_token\$production\$[a-z0-9]{16}\$[a-f0-9]{32})", ["access_token$production$"], Severity.Critical, entropy: 3, hit: Body(16), tags: "payments"),
        R("shopify-token", "Shopify access token or shared secret", B + @"(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})" + E, ["shpat_", "shpca_", "shppa_", "shpss_"], entropy: 3, hit: Body(32), tags: "commerce"),
        // --- AI and developer platforms ------------------------------------------------------------------------------
        R("openai-api-key", "OpenAI API key", B + @"(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,200}T3BlbkFJ[A-Za-z0-9_\-]{20,200})" + E, ["t3blbkfj"], entropy: 3, hit: Body(20), tags: "ai"),
        R("anthropic-api-key", "Anthropic API key", B + @"(sk-ant-(?:api03|admin01)-[A-Za-z0-9_\-]{80,100}AA)" + E, ["sk-ant-"], entropy: 3, hit: Body(80), tags: "ai"),
        R("huggingface-token", "Hugging Face access token", B + @"(hf_[A-Za-z]{34}|api_org_[A-Za-z]{34})" + E, ["hf_", "api_org_"], entropy: 3, hit: Body(34), tags: "ai"),
        R("notion-api-token", "Notion integration token", B + @"(ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})" + E, ["ntn_", "secret_"], entropy: 3, hit: Body(11), tags: "saas"),
        R("linear-api-key", "Linear API key", B + @"(lin_api_[A-Za-z0-9]{40})" + E, ["lin_api_"], entropy: 3, hit: Body(40), tags: "saas"),
        R("figma-token", "Figma personal access token", B + @"(figd_[A-Za-z0-9_\-]{40})" + E, ["figd_"], entropy: 3, hit: Body(40), tags: "saas"),
        R("postman-api-key", "Postman API key", B + @"(PMAK-[a-f0-9]{24}-[a-f0-9]{34})" + E, ["pmak-"], entropy: 3, hit: Body(24), tags: "saas"),
        R("sentry-token", "Sentry auth token", @"(?:" + B + @"(sntrys_eyJ[A-Za-z0-9+/=_]{50,400}|sntryu_[a-f0-9]{64})|(?i:sentry)[a-z0-9_.\-]{0,20}(?i:token|key)" + Assign + @"([a-f0-9]{64}))" + E, ["sntrys_", "sntryu_", "sentry"], entropy: 3, hit: (t, start, end) => end - start == 7 ? Then(t, end, 50, IsTokenByte) : ValueNear(64)(t, start, end), tags: "saas"),
        R("newrelic-key", "New Relic user API key or license key", B + @"((?:NRAK-[A-Za-z0-9]{27}|NRII-[A-Za-z0-9_\-]{32}|NRJS-[a-f0-9]{19}|[a-f0-9]{36}NRAL))" + E, ["nrak-", "nrii-", "nrjs-", "nral"], entropy: 3, hit: (t, start, end) => end - start == 5 ? Then(t, end, 19, IsTokenByte) : start >= 36 && Then(t, start - 36, 36, IsHex), tags: "saas"),
        R("datadog-api-key", "Datadog API or application key", @"(?i)(?:datadog|dd)[a-z0-9_.\-]{0,10}(?:api|app)[a-z0-9_.\-]{0,10}key" + Assign + @"([a-f0-9]{32}|[a-f0-9]{40})" + E, ["datadog", "dd_api", "dd_app", "dd-api", "dd-app"], entropy: 3, hit: ValueNear(20), tags: "saas"),
        R("grafana-token", "Grafana Cloud or service-account token", B + @"((?:glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}))", ["glc_", "glsa_"], entropy: 3, hit: Body(32), tags: "saas"),
        R("okta-api-token", "Okta API token", @"(?i)okta[a-z0-9_ .\-]{0,20}(?:token|key)" + Assign + @"(00[A-Za-z0-9_\-]{40})" + E, ["okta"], entropy: 3, hit: ValueNear(20), tags: "saas"),
        R("dropbox-token", "Dropbox access token", B + @"(sl\.(?:u\.)?[A-Za-z0-9_\-]{130,1500})" + E, ["sl."], entropy: 3.5, hit: Body(130), tags: "saas"),
        R("mapbox-secret-token", "Mapbox secret token", B + @"(sk\.eyJ[A-Za-z0-9_\-]{60,300}\.[A-Za-z0-9_\-]{20,60})", ["sk.eyj"], entropy: 3, hit: Body(60), tags: "saas"),
        R("facebook-access-token", "Facebook app or page access token", @"(?:(?i:facebook)[^\n]{0,20}?\b([0-9]{15,16}\|[A-Za-z0-9_\-]{27})|" + B + @"(EAA[MC][A-Za-z0-9]{100,500}))", ["facebook", "eaam", "eaac"], entropy: 3, hit: (t, start, end) => end - start == 4 ? Then(t, end, 100, IsTokenByte) : ValueNear(15)(t, start, end), tags: "saas"),
        R("intra42-client-secret", "42 intra API client secret", B + @"(s-s4t2(?:ud|af)-[a-f0-9]{64})" + E, ["s-s4t2"], entropy: 3, hit: Body(64), tags: "saas"),
        R("1password-service-account-token", "1Password service-account token", B + @"(ops_eyJ[A-Za-z0-9+/]{250,1500}={0,3})", ["ops_eyj"], Severity.Critical, entropy: 3, hit: Body(250), tags: "vault"),
        R("xai-api-key", "xAI API key", B + @"(xai-[A-Za-z0-9]{80})" + E, ["xai-"], entropy: 3, hit: Body(80), tags: "ai"),
        R("groq-api-key", "Groq API key", B + @"(gsk_[A-Za-z0-9]{52})" + E, ["gsk_"], entropy: 3, hit: Body(52), tags: "ai"),
        R("replicate-api-token", "Replicate API token", B + @"(r8_[A-Za-z0-9]{37})" + E, ["r8_"], entropy: 3, hit: Body(37), tags: "ai"),
        R("airtable-pat", "Airtable personal access token", B + @"(pat[A-Za-z0-9]{14}\.[a-f0-9]{64})" + E, ["pat"], entropy: 3, hit: (t, _, end) => Then(t, end, 14, IsAlnum) && end + 14 < t.Length && t[end + 14] == '.', tags: "saas"),
        R("contentful-pat", "Contentful personal access token", B + @"(CFPAT-[A-Za-z0-9_\-]{43})" + E, ["cfpat-"], entropy: 3, hit: Body(43), tags: "saas"),
        R("dynatrace-api-token", "Dynatrace API token", B + @"(dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64})" + E, ["dt0c01."], entropy: 3, hit: Body(24), tags: "saas"),
        R("buildkite-token", "Buildkite API access token", B + @"(bkua_[a-f0-9]{40})" + E, ["bkua_"], entropy: 3, hit: Body(40), tags: "ci"),
        R("tailscale-key", "Tailscale auth key, API access token or OAuth client secret", B + @"(tskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9]{8,24}-[A-Za-z0-9]{24,48})" + E, ["tskey-"], Severity.Critical, entropy: 3, hit: Body(12), tags: "cloud"),
        R("supabase-token", "Supabase access token or secret key", B + @"(sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_\-]{31,64})" + E, ["sbp_", "sb_secret_"], Severity.Critical, entropy: 3, hit: Body(31), tags: "cloud"),
        R("shippo-api-token", "Shippo API token", B + @"(shippo_(?:live|test)_[a-f0-9]{40})" + E, ["shippo_"], entropy: 3, hit: Body(40), tags: "commerce"),
        R("plaid-access-token", "Plaid access token", B + @"(access-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})" + E, ["access-sandbox-", "access-development-", "access-production-"], entropy: 3, hit: Body(36), tags: "payments"),
        R("flutterwave-secret-key", "Flutterwave secret key", B + @"(FLWSECK(?:_TEST)?-[a-f0-9]{32}-X)" + E, ["flwseck"], Severity.Critical, entropy: 3, hit: Body(32), tags: "payments"),
        // --- Secret managers ------------------------------------------------------------------------------------------
        R("vault-service-token", "HashiCorp Vault service token", B + @"(hvs\.[A-Za-z0-9_\-]{90,120}|hvs\.[A-Za-z0-9]{24})" + E, ["hvs."], Severity.Critical, entropy: 3, hit: Body(24), tags: "vault"),
        R("vault-batch-token", "HashiCorp Vault batch token", B + @"(hvb\.[A-Za-z0-9_\-]{138,300})" + E, ["hvb."], Severity.Critical, entropy: 3, hit: Body(138), tags: "vault"),
        R("vault-legacy-token", "HashiCorp Vault token (legacy format)", @"(?i)(?:vault|token)[^\n]{0,20}?" + B + @"(s\.[A-Za-z0-9]{24})" + E, ["vault", "token"], Severity.Critical, entropy: 3.5, hit: VaultLegacyHit, tags: "vault"),
        R("age-secret-key", "age encryption secret key", @"(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})", ["age-secret-key-1"], Severity.Critical, entropy: 3, hit: Body(58), tags: "crypto"),
        // --- Keys and tokens of any issuer ----------------------------------------------------------------------------
        R("private-key", "Private key (PEM, OpenSSH, PGP)", @"(?i)(-----BEGIN[ A-Z0-9_\-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?-----END[ A-Z0-9_\-]{0,100}PRIVATE KEY(?: BLOCK)?-----)", ["private key-----", "private key block-----"], Severity.Critical,
            validate: (s, _) => s.Length is >= 64 + 50 and <= 64 * 1024, tags: "crypto"),
        R("jwt", "JSON Web Token", B + @"(eyJ[A-Za-z0-9_\-]{10,256}\.eyJ[A-Za-z0-9_\-]{10,1024}\.[A-Za-z0-9_\-]{10,700})", ["eyj"], Severity.Medium, validate: (s, _) => !IsServiceAccountJwt(s), hit: Body(10), tags: "token"),
        R("kubernetes-service-account-token", "Kubernetes service-account token", B + @"(eyJ[A-Za-z0-9_\-]{10,256}\.eyJ[A-Za-z0-9_\-]{10,1024}\.[A-Za-z0-9_\-]{10,700})", ["eyj"], Severity.Critical, validate: (s, _) => IsServiceAccountJwt(s), hit: Body(10), tags: "kubernetes"),
        R("kubeconfig-client-key", "Client key in a kubeconfig", @"client-key-data\s{0,20}:\s{0,20}[""']?([A-Za-z0-9+/]{100,8000}={0,2})", ["client-key-data"], Severity.Critical, hit: ValueNear(20), tags: "kubernetes"),
        R("kubeconfig-token", "Bearer token in a kubeconfig", @"(?s)kind:\s{0,20}Config\b.*?\buser:\s{0,20}\n(?:[ \t]+[^\n]*\n){0,12}?[ \t]+token:\s{0,20}[""']?([A-Za-z0-9_.\-]{20,1500})", ["kind: config"], Severity.Critical, tags: "kubernetes"),
        // --- Credentials in URLs, commands and assignments ----------------------------------------------------------
        R("database-url-password", "Database connection URL with a password", @"(?i)\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|clickhouse|cockroachdb|jdbc:[a-z]{1,20})://[^\s:/@""'<>]{0,100}:([^\s@/""'<>]{3,200})@[A-Za-z0-9.\-\[\]]", ["://"], Severity.High, entropy: 2, validate: (s, _) => !IsExamplePassword(s), hit: UserinfoFollows, tags: "url"),
        R("url-basic-auth", "Password in a URL (basic auth)", @"(?i)\bhttps?://[^\s:/@""'<>]{0,100}:([^\s@/""'<>]{3,200})@[A-Za-z0-9.\-]", ["://"], Severity.High, entropy: 2, validate: (s, _) => !IsExamplePassword(s), hit: UserinfoFollows, tags: "url"),
        R("curl-auth-user", "Credentials on a curl command line (-u user:password)", @"\bcurl\b(?:[^\n]|\\\n){0,400}?\s(?:-u|--user)\s+[""']?([^\s""':<>]{1,100}):([^\s""'$<>][^\s""']{2,200})", ["curl"], Severity.High, group: 2, entropy: 2, validate: (s, _) => !IsExamplePassword(s), hit: (t, _, end) => Near(t, end, 420, "-u"u8) || Near(t, end, 420, "--user"u8), tags: "command"),
        R("curl-auth-header", "Credentials in a curl header", @"(?i)\bcurl\b(?:[^\n]|\\\n){0,400}?\s(?:-H|--header)\s{0,20}[""']?(?:authorization|token|x-api-key|api-key|x-auth-token|private-token|apikey)\s{0,20}:\s{0,20}(?:(?:basic|bearer|token|apikey)\s+)?([^\s""'$<][^\s""']{7,500})", ["curl"], Severity.High, hit: (t, _, end) => Near(t, end, 420, "-h"u8) || Near(t, end, 420, "--header"u8), tags: "command"),
        R("generic-password", "Hard-coded password", @"(?i)([a-z0-9_.\-]*(?:password|passwd|passphrase|pwd)[a-z0-9_.\-]*)[""']?[ \t]*(?::=|=>|=|:)[ \t]*[""'`]?([^""'`\s,;()\[\]{}<>]{8,})(?:[""'`]|\s|[,;]|$)", ["passw", "passphrase", "pwd"], Severity.Medium, group: 2, entropy: 3.0, validate: IsGenericCredential, hit: AssignmentFollows, tags: "generic"),
        R("generic-credential", "Hard-coded secret, token or API key", @"(?i)([a-z0-9_.\-]*(?:secret|api[_\-]?key|apikey|access[_\-]?key|auth[_\-]?token|access[_\-]?token|client[_\-]?secret|private[_\-]?key|credentials?|token)[a-z0-9_.\-]*)[""']?[ \t]*(?::=|=>|=|:)[ \t]*[""'`]?([^""'`\s,;()\[\]{}<>]{12,})(?:[""'`]|\s|[,;]|$)", ["secret", "token", "credential", "apikey", "api_key", "api-key", "accesskey", "access_key", "access-key", "privatekey", "private_key", "private-key"], Severity.Medium, group: 2, entropy: 3.5, validate: IsGenericCredential, hit: AssignmentFollows, tags: "generic"),
    ];

    // --- Keyword filters (see SecretRule.HitFilter): necessary conditions on the bytes around a keyword ---------------

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static bool IsAlnum(byte b) => b < 0x80 && char.IsAsciiLetterOrDigit((char)b);

    /// <summary>The <paramref name="count"/> bytes after the keyword all satisfy <paramref name="ok"/>.</summary>
    private static bool Then(ReadOnlySpan<byte> text, int end, int count, Func<byte, bool> ok)
    {
        if (end + count > text.Length) return false;
        foreach (var b in text.Slice(end, count))
            if (!ok(b)) return false;
        return true;
    }

    /// <summary><paramref name="needle"/> (ASCII case-insensitively) starts within <paramref name="distance"/> bytes after the keyword.</summary>
    private static bool Near(ReadOnlySpan<byte> text, int end, int distance, ReadOnlySpan<byte> needle)
    {
        var window = text.Slice(end, Math.Min(text.Length - end, distance + needle.Length));
        for (var i = 0; i + needle.Length <= window.Length; i++)
            if (System.Text.Ascii.EqualsIgnoreCase(window.Slice(i, needle.Length), needle)) return true;
        return false;
    }

    /// <summary>Prefix-style tokens: the keyword is followed at once by at least <paramref name="count"/> token characters.</summary>
    private static HitFilter Body(int count) => (text, _, end) => Then(text, end, count, IsTokenByte);

    private static bool IsTokenByte(byte b) => b < 0x80 && (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'-' or (byte)'+' or (byte)'/' or (byte)'=' or (byte)'.' or (byte)'~');

    /// <summary>
    /// Assignment-style rules (heroku ... = value): a run of at least <paramref name="length"/> token characters starts on
    /// the keyword's line within 64 bytes after it.
    /// </summary>
    private static HitFilter ValueNear(int length) => (text, _, end) =>
    {
        var limit = Math.Min(text.Length, end + 64);
        var run = 0;
        for (var i = end; i < text.Length && text[i] != '\n'; i++)
        {
            if (IsTokenByte(text[i]))
            {
                if (++run >= length) return true;
            }
            else
            {
                if (i >= limit) return false;
                run = 0;
            }
        }
        return false;
    };

    /// <summary>JSON keys ("auth"): blanks, then a colon.</summary>
    private static bool ColonFollows(ReadOnlySpan<byte> text, int start, int end)
    {
        var i = end;
        while (i < text.Length && text[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
        return i < text.Length && text[i] == ':';
    }

    /// <summary><paramref name="needle"/> (ASCII case-insensitively) ends within <paramref name="distance"/> bytes before the keyword.</summary>
    private static bool NearBefore(ReadOnlySpan<byte> text, int start, int distance, ReadOnlySpan<byte> needle)
    {
        var from = Math.Max(0, start - distance - needle.Length);
        var window = text[from..start];
        for (var i = 0; i + needle.Length <= window.Length; i++)
            if (System.Text.Ascii.EqualsIgnoreCase(window.Slice(i, needle.Length), needle)) return true;
        return false;
    }

    /// <summary>vault-legacy-token: "s." and 24 letters or digits within 24 bytes after "vault" or "token".</summary>
    private static bool VaultLegacyHit(ReadOnlySpan<byte> text, int start, int end)
    {
        var limit = Math.Min(text.Length - 1, end + 24);
        for (var i = end; i < limit; i++)
            if (text[i] == 's' && text[i + 1] == '.' && Then(text, i + 2, 24, IsAlnum)) return true;
        return false;
    }

    private static bool IsKeyByte(byte b) => b < 0x80 && (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'.' or (byte)'-');

    /// <summary>
    /// The generic rules: after the keyword, the rest of the name ([A-Za-z0-9_.-]*), an optional quote, blanks, then an
    /// assignment (:, =, :=, =>). "token" in prose or in a type name is not followed by one.
    /// </summary>
    private static bool AssignmentFollows(ReadOnlySpan<byte> text, int start, int end)
    {
        var i = end;
        while (i < text.Length && IsKeyByte(text[i])) i++;
        if (i < text.Length && text[i] is (byte)'"' or (byte)'\'') i++;
        while (i < text.Length && text[i] is (byte)' ' or (byte)'\t') i++;
        return i < text.Length && text[i] is (byte)':' or (byte)'=';
    }

    /// <summary>aws-secret-access-key: "aws" followed soon by "secret" or "sk"; an access key id prefix followed by its 16 characters.</summary>
    private static bool AwsSecretHit(ReadOnlySpan<byte> text, int start, int end)
    {
        if (end - start == 3 && System.Text.Ascii.EqualsIgnoreCase(text[start..end], "aws"u8))
            return Near(text, end, 26, "sk"u8) || Near(text, end, 26, "secret"u8);
        return Then(text, end, 16, b => b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9');
    }

    /// <summary>URL rules: after "://", a user name (no blank, ':', '/', '@', quote or angle bracket) then ':', a password, then '@'.</summary>
    private static bool UserinfoFollows(ReadOnlySpan<byte> text, int start, int end)
    {
        static bool Stop(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f' or (byte)'\v' or (byte)'"' or (byte)'\'' or (byte)'<' or (byte)'>' or (byte)'@' or (byte)'/';
        var i = end;
        var limit = Math.Min(text.Length, end + 101);
        while (i < limit && !Stop(text[i]) && text[i] != ':') i++;
        if (i >= text.Length || text[i] != ':') return false;
        var pw = ++i;
        limit = Math.Min(text.Length, pw + 201);
        while (i < limit && !Stop(text[i])) i++;
        return i < text.Length && text[i] == '@' && i - pw >= 3;
    }

    private static readonly System.Text.RegularExpressions.Regex KeyOfMatch = new(@"^[""']?([A-Za-z0-9_.\-]+)", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>A member access in code (process.env.DB_PASSWORD, settings.SECRET_KEY, AllowlistTarget.Secret): a reference, not a value.</summary>
    private static readonly System.Text.RegularExpressions.Regex CodeReference = new(@"^[A-Za-z_$][A-Za-z0-9_$]{0,40}(?:\.[A-Za-z_$][A-Za-z0-9_$]{0,40})+$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.NonBacktracking);

    /// <summary>A host name, perhaps with a port or path (www.google.com/, db.internal:5432): not a credential.</summary>
    private static readonly System.Text.RegularExpressions.Regex HostName = new(@"^(?:[A-Za-z0-9\-]{1,63}\.)+[A-Za-z]{2,24}(?:[:/].*)?$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.NonBacktracking);

    /// <summary>
    /// For the generic rules: the key must name a secret (not secretName, passwordFile, tokenUrl ...) and the value must
    /// look like one (not an identifier such as postgres-credentials, a path, or a placeholder).
    /// </summary>
    public static bool IsGenericCredential(string secret, string match)
    {
        // The patterns leave lengths open (counted repetitions make the regex automaton large and slow to build).
        if (secret.Length > 200) return false;
        var key = KeyOfMatch.Match(match).Groups[1].Value;
        if (key.Length > 64) return false;
        if (!Core.Secrets.SecretHeuristics.IsSecretName(key)) return false;
        var keyTokens = Core.Secrets.SecretHeuristics.Tokens(key);
        if (!NamesOneSecret(keyTokens)) return false;
        if (secret.StartsWith('/') || secret.StartsWith("./", StringComparison.Ordinal) || secret.Contains("://", StringComparison.Ordinal)) return false;
        if (CodeReference.IsMatch(secret) || IsWordIdentifier(secret) || HostName.IsMatch(secret)) return false;
        if (secret.Any(c => c > '\u007f')) return false;  // words of a language, not a credential
        var at = match.IndexOf(secret, StringComparison.Ordinal);
        var quoted = at > 0 && match[at - 1] is '"' or '\'' or '`';
        if (!quoted)
        {
            // Unquoted in code: a type or an expression (SensitiveString2048; Buffer|Uint8Array|string; e||a.config.credentials).
            if (IsWordIdentifier(secret.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'))) return false;
            if (secret.Contains('|', StringComparison.Ordinal) || secret.Contains("&&", StringComparison.Ordinal) ||
                secret.Contains("=>", StringComparison.Ordinal) || secret.Contains("==", StringComparison.Ordinal)) return false;
        }
        // Documentation placeholders: my_nextPageToken, your-api-key, a value that repeats its key.
        if (secret.StartsWith("my_", StringComparison.OrdinalIgnoreCase) || secret.StartsWith("my-", StringComparison.OrdinalIgnoreCase) ||
            secret.StartsWith("your_", StringComparison.OrdinalIgnoreCase) || secret.StartsWith("your-", StringComparison.OrdinalIgnoreCase) ||
            (key.Length >= 6 && secret.Contains(key, StringComparison.OrdinalIgnoreCase)))
            return false;
        var identifierLike = secret.All(c => char.IsAsciiLetterLower(c) || c is '-' or '_' or '.');
        var hasDigit = secret.Any(char.IsAsciiDigit);
        var mixedCase = secret.Any(char.IsAsciiLetterUpper) && secret.Any(char.IsAsciiLetterLower);
        var hasSymbol = secret.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_' and not '.');
        return !identifierLike && (hasDigit || mixedCase || hasSymbol);
    }

    private static readonly HashSet<string> SecretWords = new(StringComparer.Ordinal)
    {
        "PASSWORD", "PASSWD", "PASS", "PWD", "PASSPHRASE", "SECRET", "TOKEN", "APIKEY", "CREDENTIAL", "CREDENTIALS", "PRIVATEKEY",
        "AUTHTOKEN", "ACCESSTOKEN", "CLIENTSECRET", "SECRETKEY", "ACCESSKEY",
    };

    private static readonly HashSet<string> KeyQualifiers = new(StringComparer.Ordinal)
    {
        "API", "ACCESS", "PRIVATE", "SECRET", "AUTH", "SIGNING", "ENCRYPTION", "MASTER", "CLIENT", "APP", "SERVICE", "ACCOUNT",
    };

    /// <summary>Words that may follow the secret word in a name that still holds the secret (SECRET_KEY_BASE, API_TOKEN_PROD).</summary>
    private static readonly HashSet<string> AfterSecretWord = new(StringComparer.Ordinal)
    {
        "BASE", "VALUE", "STR", "STRING", "B64", "BASE64", "HEX", "RAW", "PLAIN", "PLAINTEXT", "PROD", "PRODUCTION", "DEV", "TEST",
        "STAGING", "LIVE", "V1", "V2", "V3",
    };

    /// <summary>
    /// Words before the secret word that make it something else: pagination, idempotency and change tokens (nextPageToken,
    /// ClientRequestToken, ChangeToken), anti-forgery tokens, and keys and tokens meant to be public (PublicKeyToken,
    /// publishableKey).
    /// </summary>
    private static readonly HashSet<string> NotSecretQualifiers = new(StringComparer.Ordinal)
    {
        "PAGE", "NEXT", "PREV", "PREVIOUS", "CHANGE", "REQUEST", "CONTINUATION", "CURSOR", "SYNC", "IDEMPOTENCY", "PAGINATION",
        "RESUME", "MARKER", "CSRF", "XSRF", "PUBLIC", "PUBLISHABLE", "CANCELLATION", "SHARD", "ITERATOR",
    };

    /// <summary>
    /// Whether a name (split into words) ends with the word of one secret: the last secret word (PASSWORD, TOKEN, API KEY
    /// ...) is followed only by words such as BASE or PROD, is not plural for a collection (keyVaultToStoreSecrets), and is
    /// not qualified as a pagination, request or public token.
    /// </summary>
    private static bool NamesOneSecret(IReadOnlyList<string> tokens)
    {
        var last = -1;
        for (var i = tokens.Count - 1; i >= 0 && last < 0; i--)
        {
            if (SecretWords.Contains(tokens[i]) || (tokens[i] == "KEY" && i > 0 && KeyQualifiers.Contains(tokens[i - 1]))) last = i;
            else if (!AfterSecretWord.Contains(tokens[i]) && !tokens[i].All(char.IsAsciiDigit)) return false;
        }
        if (last < 0) return false;
        if (tokens.Count > 1 && tokens[last] is "SECRETS" or "TOKENS" or "PASSWORDS" or "KEYS") return false;
        var qualifier = tokens[last] == "KEY" ? last - 2 : last - 1;
        if (tokens.Any(t => t is "PUBLIC" or "PUBLISHABLE" or "CSRF" or "XSRF")) return false;
        return qualifier < 0 || !NotSecretQualifiers.Contains(tokens[qualifier]);
    }

    /// <summary>
    /// A name written in code rather than a secret: letters only (words joined by case, _, $ or .), and every word at
    /// least two letters long, most with a vowel (RedshiftDatabasePassword, Resource$Projects$Secrets, anyTokenIncluding). Random
    /// letters break into one-letter or vowel-less pieces.
    /// </summary>
    public static bool IsWordIdentifier(string value)
    {
        if (!value.All(c => char.IsAsciiLetter(c) || c is '_' or '$' or '.')) return false;
        var words = Core.Secrets.SecretHeuristics.Tokens(value);
        return words.Count >= 2 && words.All(w => w.Length >= 2) &&
               words.Count(w => w.Any(c => c is 'A' or 'E' or 'I' or 'O' or 'U' or 'Y')) * 3 >= words.Count * 2;  // XmlStringMaxLen
    }

    /// <summary>
    /// Google API keys published on purpose: the sample keys in Google's own documentation and SDK samples and the
    /// browser keys embedded in public Google web apps. Finding them in a tree is not a leak.
    /// </summary>
    private static readonly HashSet<string> KnownPublicGoogleApiKeys = new(StringComparer.Ordinal)
    {
        "AIzaSyabcdefghijklmnopqrstuvwxyz1234567", "AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs", "AIzaSyCkEhVjf3pduRDt6d1yKOMitrUEke8agEM",
        "AIzaSyDMAScliyLx7F0NPDEJi1QmyCgHIAODrlU", "AIzaSyD3asb-2pEZVqMkmL6M9N6nHZRR_znhrh0", "AIzayDNSXIbFmlXbIE6mCzDLQAqITYefhixbX4A",
        "AIzaSyAdOS2zB6NCsk1pCdZ4-P6GBdi_UUPwX7c", "AIzaSyASWm6HmTMdYWpgMnjRBjxcQ9CKctWmLd4", "AIzaSyANUvH9H9BsUccjsu2pCmEkOPjjaXeDQgY",
        "AIzaSyA5_iVawFQ8ABuTZNUdcwERLJv_a_p4wtM", "AIzaSyA4UrcGxgwQFTfaI3no3t7Lt1sjmdnP5sQ", "AIzaSyDSb51JiIcB6OJpwwMicseKRhhrOq1cS7g",
        "AIzaSyBF2RrAIm4a0mO64EShQfqfd2AFnzAvvuU", "AIzaSyBcE-OOIbhjyR83gm4r2MFCu4MJmprNXsw", "AIzaSyB8qGxt4ec15vitgn44duC5ucxaOi4FmqE",
        "AIzaSyA8vmApnrHNFE0bApF4hoZ11srVL_n0nvY",
    };

    private static readonly HashSet<string> ExamplePasswords = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "passwd", "passwort", "pass", "pwd", "secret", "changeme", "change_me", "mypassword", "my_password", "my-password",
        "yourpassword", "your_password", "your-password", "username", "user",
    };

    /// <summary>The words documentation writes where a password goes (https://user:password@host): not a password.</summary>
    public static bool IsExamplePassword(string secret) => ExamplePasswords.Contains(secret.Trim('%', '<', '>', '[', ']'));

    /// <summary>A JWT whose payload says it was issued by Kubernetes for a service account.</summary>
    public static bool IsServiceAccountJwt(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length < 2) return false;
        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            var json = Encoding.UTF8.GetString(Convert.FromBase64String(payload));
            return json.Contains("kubernetes/serviceaccount", StringComparison.Ordinal) || json.Contains("\"kubernetes.io\"", StringComparison.Ordinal) ||
                   json.Contains("system:serviceaccount:", StringComparison.Ordinal);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
