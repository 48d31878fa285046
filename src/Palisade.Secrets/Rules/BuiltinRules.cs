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
    private const string B = @"(?:^|[^A-Za-z0-9_])"; // a left boundary without look-behind (NonBacktracking has none)
    private const string E = @"(?:$|[^A-Za-z0-9_])";  // a right boundary
    private const string Assign = @"[^\n]{0,30}?[=:>""'\s]{1,6}";  // key ... = / : / => and quotes

    private static SecretRule R(string id, string description, string pattern, string[] keywords, Severity severity = Severity.High,
        int group = 0, double entropy = 0, bool ignoreCase = false, Func<string, string, bool>? validate = null, params string[] tags) => new()
        {
            Id = id,
            Description = description,
            Regex = RegexFactory.Compile(pattern, ignoreCase),
            Keywords = keywords,
            Severity = severity,
            SecretGroup = group,
            Entropy = entropy,
            Validate = validate,
            SkipPlaceholders = true,
            Tags = tags,
        };

    public static IReadOnlyList<SecretRule> All { get; } = Create();

    private static List<SecretRule> Create() =>
    [
        // --- Cloud providers -------------------------------------------------------------------------------------
        R("aws-access-key-id", "AWS access key ID", B + @"((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})" + E, ["akia", "asia", "abia", "acca", "a3t"], Severity.Critical, tags: "cloud"),
        R("aws-secret-access-key", "AWS secret access key", @"(?i)aws[a-z0-9_ .-]{0,25}?(?:secret|sk)[a-z0-9_ .-]{0,25}?[=:>""'\s]{1,6}([A-Za-z0-9/+]{40})" + E, ["aws"], Severity.Critical, entropy: 3.5, tags: "cloud"),
        R("aws-session-token", "AWS session token", @"(?i)aws[a-z0-9_.-]{0,10}session[a-z0-9_.-]{0,10}token" + Assign + @"([A-Za-z0-9/+=]{100,})", ["session"], Severity.Critical, entropy: 4, tags: "cloud"),
        R("aws-bedrock-api-key", "Amazon Bedrock API key", B + @"(ABSK[A-Za-z0-9+/]{100,}={0,2})", ["absk"], Severity.Critical, tags: "cloud"),
        R("gcp-api-key", "Google API key", B + @"(AIza[0-9A-Za-z_\-]{35})" + E, ["aiza"], Severity.High, tags: "cloud"),
        R("gcp-service-account", "Google Cloud service-account key file", @"""type""\s*:\s*""service_account""", ["service_account"], Severity.Critical, tags: "cloud"),
        R("gcp-oauth-client-secret", "Google OAuth client secret", B + @"(GOCSPX-[A-Za-z0-9_\-]{28})" + E, ["gocspx-"], tags: "cloud"),
        R("azure-storage-account-key", "Azure storage account key", @"(?i)AccountKey\s*=\s*([A-Za-z0-9+/]{86}==)", ["accountkey"], Severity.Critical, tags: "cloud"),
        R("azure-sas-connection-string", "Azure Service Bus / Event Hubs shared access key", @"(?i)SharedAccessKey\s*=\s*([A-Za-z0-9+/]{42,44}=)", ["sharedaccesskey"], Severity.Critical, tags: "cloud"),
        R("azure-ad-client-secret", "Azure AD (Entra ID) client secret", @"(?:^|[^A-Za-z0-9_~.\-])([A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.\-]{31,34})(?:$|[^A-Za-z0-9_~.\-])", ["q~"], Severity.Critical, tags: "cloud"),
        R("alibaba-access-key-id", "Alibaba Cloud AccessKey ID", B + @"(LTAI[A-Za-z0-9]{20})" + E, ["ltai"], Severity.Critical, tags: "cloud"),
        R("digitalocean-token", "DigitalOcean token", B + @"(do[opr]_v1_[a-f0-9]{64})" + E, ["dop_v1_", "doo_v1_", "dor_v1_"], Severity.Critical, tags: "cloud"),
        R("heroku-api-key", "Heroku API key", @"(?i)heroku" + Assign + @"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})" + E, ["heroku"], tags: "cloud"),
        R("heroku-api-key-v2", "Heroku API key", B + @"(HRKU-AA[A-Za-z0-9_\-]{58})" + E, ["hrku-"], tags: "cloud"),
        R("flyio-token", "Fly.io access token", B + @"(fo1_[A-Za-z0-9_\-]{43})" + E, ["fo1_"], tags: "cloud"),
        R("cloudflare-origin-ca-key", "Cloudflare Origin CA key", B + @"(v1\.0-[a-f0-9]{24}-[a-f0-9]{146})" + E, ["v1.0-"], tags: "cloud"),
        R("cloudflare-api-token", "Cloudflare API token", @"(?i)cloudflare" + Assign + @"([A-Za-z0-9_\-]{40})" + E, ["cloudflare"], entropy: 3.5, tags: "cloud"),
        R("databricks-token", "Databricks personal access token", B + @"(dapi[a-f0-9]{32}(?:-[0-9]+)?)" + E, ["dapi"], tags: "cloud"),
        R("planetscale-token", "PlanetScale token or password", B + @"(pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.\-]{32,64})" + E, ["pscale_"], tags: "cloud"),
        R("terraform-cloud-token", "Terraform Cloud / Enterprise API token", B + @"([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=\-]{60,70})" + E, ["atlasv1"], tags: "cloud"),
        R("pulumi-token", "Pulumi access token", B + @"(pul-[a-f0-9]{40})" + E, ["pul-"], tags: "cloud"),
        R("doppler-token", "Doppler token", B + @"(dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44})" + E, ["dp.pt.", "dp.st.", "dp.sa.", "dp.ct."], tags: "cloud"),
        // --- Source control and CI ---------------------------------------------------------------------------------
        R("github-pat", "GitHub personal access token (classic)", B + @"(ghp_[A-Za-z0-9]{36})" + E, ["ghp_"], tags: "vcs"),
        R("github-fine-grained-pat", "GitHub fine-grained personal access token", B + @"(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})" + E, ["github_pat_"], tags: "vcs"),
        R("github-oauth", "GitHub OAuth access token", B + @"(gho_[A-Za-z0-9]{36})" + E, ["gho_"], tags: "vcs"),
        R("github-app-token", "GitHub App token", B + @"((?:ghu|ghs)_[A-Za-z0-9]{36})" + E, ["ghu_", "ghs_"], tags: "vcs"),
        R("github-refresh-token", "GitHub refresh token", B + @"(ghr_[A-Za-z0-9]{36,76})" + E, ["ghr_"], tags: "vcs"),
        R("gitlab-pat", "GitLab personal, project or group access token", B + @"(glpat-[A-Za-z0-9_\-]{20,}(?:\.[A-Za-z0-9_\-]{2,})*)" + E, ["glpat-"], tags: "vcs"),
        R("gitlab-token", "GitLab CI/runner/deploy/feed/agent token", B + @"((?:glptt-[0-9a-f]{40}|GR1348941[A-Za-z0-9_\-]{20}|glrt-[A-Za-z0-9_\-]{20,}|gldt-[A-Za-z0-9_\-]{20,}|glft-[A-Za-z0-9_\-]{20,}|glimt-[A-Za-z0-9_\-]{25}|glagent-[A-Za-z0-9_\-]{50,}|gloas-[A-Za-z0-9_\-]{64}|glcbt-[A-Za-z0-9_\-]{20,}|glsoat-[A-Za-z0-9_\-]{20,}))" + E, ["glptt-", "gr1348941", "glrt-", "gldt-", "glft-", "glimt-", "glagent-", "gloas-", "glcbt-", "glsoat-"], tags: "vcs"),
        R("bitbucket-app-password", "Bitbucket / Atlassian app password", B + @"(ATBB[A-Za-z0-9_=.\-]{32})" + E, ["atbb"], tags: "vcs"),
        R("atlassian-api-token", "Atlassian API token", B + @"(ATATT3[A-Za-z0-9_\-=]{180,200})" + E, ["atatt3"], tags: "vcs"),
        R("atlassian-api-token-legacy", "Atlassian (Jira/Confluence) API token", @"(?i)(?:atlassian|confluence|jira)[a-z0-9_.\-]{0,20}" + Assign + @"([A-Za-z0-9]{24})" + E, ["atlassian", "confluence", "jira"], entropy: 3.5, tags: "vcs"),
        R("circleci-token", "CircleCI personal API token", B + @"(CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40})" + E, ["ccipat_"], tags: "ci"),
        R("sourcegraph-access-token", "Sourcegraph access token", @"(?i)(?:" + B + @"(sgp_(?:[a-f0-9]{16}|local)_[a-f0-9]{40}|sgp_[a-f0-9]{40})" + E + @"|sourcegraph[^\n]{0,20}?\b([a-f0-9]{40})\b)", ["sgp_", "sourcegraph"], tags: "vcs"),
        // --- Package registries -----------------------------------------------------------------------------------
        R("npm-access-token", "npm access token", B + @"(npm_[A-Za-z0-9]{36})" + E, ["npm_"], tags: "registry"),
        R("npmrc-auth-token", "npm registry auth token in .npmrc", @"(?i)_authToken\s*=\s*([A-Za-z0-9_.\-]{20,})", ["_authtoken"], entropy: 3, tags: "registry"),
        R("pypi-upload-token", "PyPI upload token", B + @"(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,})", ["pypi-ageichlwas5vcmc"], tags: "registry"),
        R("nuget-api-key", "NuGet API key", B + @"(oy2[a-z0-9]{43})" + E, ["oy2"], tags: "registry"),
        R("rubygems-api-key", "RubyGems API key", B + @"(rubygems_[a-f0-9]{48})" + E, ["rubygems_"], tags: "registry"),
        R("dockerhub-pat", "Docker Hub personal access token", B + @"(dckr_pat_[A-Za-z0-9_\-]{27})" + E, ["dckr_pat_"], tags: "registry"),
        R("docker-config-auth", "Registry credentials in a Docker config.json", @"""auths?""\s*:\s*\{[^\n]{0,300}?""auth""\s*:\s*""([A-Za-z0-9+/]{12,}={0,2})""|""auth""\s*:\s*""([A-Za-z0-9+/]{12,}={0,2})""", ["\"auth\""], entropy: 3, tags: "registry"),
        R("artifactory-token", "JFrog Artifactory API key or token", B + @"((?:AKCp[A-Za-z0-9]{69}|cmVmdGtu[A-Za-z0-9]{56}))" + E, ["akcp", "cmvmdgtu"], tags: "registry"),
        // --- Communication --------------------------------------------------------------------------------------------
        R("slack-bot-token", "Slack bot token", B + @"(xoxb-[0-9]{10,13}-[0-9]{10,13}[A-Za-z0-9\-]*)", ["xoxb-"], tags: "chat"),
        R("slack-user-token", "Slack user or legacy token", B + @"(xox[pe](?:-[0-9]{10,13}){3}-[A-Za-z0-9\-]{28,34})", ["xoxp-", "xoxe-"], tags: "chat"),
        R("slack-app-token", "Slack app-level token", B + @"(xapp-[0-9]-[A-Z0-9]+-[0-9]+-[A-Za-z0-9]+)", ["xapp-"], tags: "chat"),
        R("slack-config-token", "Slack configuration token", B + @"(xoxe\.xox[bp]-[0-9]-[A-Z0-9]{160,170})", ["xoxe.xox"], tags: "chat"),
        R("slack-webhook-url", "Slack incoming webhook", @"(?i)(https?://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{40,})", ["hooks.slack.com"], tags: "chat"),
        R("discord-webhook-url", "Discord webhook", @"(https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_\-]{60,68})", ["discord"], tags: "chat"),
        R("discord-bot-token", "Discord bot token", @"(?i)discord" + Assign + @"([MNO][A-Za-z0-9_\-]{23,25}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,38})", ["discord"], tags: "chat"),
        R("telegram-bot-token", "Telegram bot token", B + @"([0-9]{8,10}:AA[A-Za-z0-9_\-]{33})" + E, [":aa"], tags: "chat"),
        R("microsoft-teams-webhook", "Microsoft Teams incoming webhook", @"(https://[a-z0-9\-]+\.webhook\.office\.com/webhookb2/[a-z0-9\-]{36}@[a-z0-9\-]{36}/IncomingWebhook/[a-z0-9]{32}/[a-z0-9\-]{36})", ["webhook.office.com"], tags: "chat"),
        R("twilio-api-key", "Twilio API key", B + @"(SK[0-9a-f]{32})" + E, ["sk"], entropy: 3, tags: "messaging"),
        R("twilio-auth-token", "Twilio auth token", @"(?i)twilio[a-z0-9_ .\-]{0,20}(?:token|secret)" + Assign + @"([a-f0-9]{32})" + E, ["twilio"], tags: "messaging"),
        R("sendgrid-api-key", "SendGrid API key", B + @"(SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43})" + E, ["sg."], tags: "messaging"),
        R("mailgun-api-key", "Mailgun private API key", B + @"(key-[0-9a-z]{32})" + E, ["key-"], entropy: 3, tags: "messaging"),
        R("mailchimp-api-key", "Mailchimp API key", @"(?i)(?:mailchimp|mandrill)" + Assign + @"([0-9a-f]{32}-us[0-9]{1,2})" + E, ["mailchimp", "mandrill"], tags: "messaging"),
        R("postmark-token", "Postmark server token", @"(?i)postmark" + Assign + @"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})" + E, ["postmark"], tags: "messaging"),
        // --- Payments and commerce --------------------------------------------------------------------------------
        R("stripe-secret-key", "Stripe secret or restricted key", B + @"((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{24,99})" + E, ["sk_live_", "sk_test_", "rk_live_", "rk_test_"], Severity.Critical, tags: "payments"),
        R("stripe-webhook-secret", "Stripe webhook signing secret", B + @"(whsec_[A-Za-z0-9]{32,})" + E, ["whsec_"], tags: "payments"),
        R("square-token", "Square access token or application secret", B + @"((?:EAAA[A-Za-z0-9_\-]{60}|sq0csp-[A-Za-z0-9_\-]{43}|sq0atp-[A-Za-z0-9_\-]{22}))" + E, ["eaaa", "sq0csp-", "sq0atp-"], Severity.Critical, tags: "payments"),
        R("paypal-braintree-token", "PayPal Braintree access token", B + @"(access_token\$production\$[a-z0-9]{16}\$[a-f0-9]{32})", ["access_token$production$"], Severity.Critical, tags: "payments"),
        R("shopify-token", "Shopify access token or shared secret", B + @"(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})" + E, ["shpat_", "shpca_", "shppa_", "shpss_"], tags: "commerce"),
        // --- AI and developer platforms ------------------------------------------------------------------------------
        R("openai-api-key", "OpenAI API key", B + @"(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,}T3BlbkFJ[A-Za-z0-9_\-]{20,})" + E, ["t3blbkfj"], tags: "ai"),
        R("anthropic-api-key", "Anthropic API key", B + @"(sk-ant-(?:api03|admin01)-[A-Za-z0-9_\-]{80,100}AA)" + E, ["sk-ant-"], tags: "ai"),
        R("huggingface-token", "Hugging Face access token", B + @"(hf_[A-Za-z]{34})" + E, ["hf_"], tags: "ai"),
        R("notion-api-token", "Notion integration token", B + @"(ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})" + E, ["ntn_", "secret_"], tags: "saas"),
        R("linear-api-key", "Linear API key", B + @"(lin_api_[A-Za-z0-9]{40})" + E, ["lin_api_"], tags: "saas"),
        R("figma-token", "Figma personal access token", B + @"(figd_[A-Za-z0-9_\-]{40})" + E, ["figd_"], tags: "saas"),
        R("postman-api-key", "Postman API key", B + @"(PMAK-[a-f0-9]{24}-[a-f0-9]{34})" + E, ["pmak-"], tags: "saas"),
        R("sentry-token", "Sentry auth token", B + @"((?:sntrys_[A-Za-z0-9+/=_]{50,}|sntryu_[a-f0-9]{64}))", ["sntrys_", "sntryu_"], tags: "saas"),
        R("newrelic-key", "New Relic user API key or license key", B + @"((?:NRAK-[A-Z0-9]{27}|NRJS-[a-f0-9]{19}|[a-f0-9]{36}NRAL))" + E, ["nrak-", "nrjs-", "nral"], tags: "saas"),
        R("datadog-api-key", "Datadog API or application key", @"(?i)(?:datadog|dd)[a-z0-9_.\-]{0,10}(?:api|app)[a-z0-9_.\-]{0,10}key" + Assign + @"([a-f0-9]{32}|[a-f0-9]{40})" + E, ["datadog", "dd_api", "dd_app", "dd-api", "dd-app"], tags: "saas"),
        R("grafana-token", "Grafana Cloud or service-account token", B + @"((?:glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}))", ["glc_", "glsa_"], tags: "saas"),
        R("okta-api-token", "Okta API token", @"(?i)okta[a-z0-9_ .\-]{0,20}(?:token|key)" + Assign + @"(00[A-Za-z0-9_\-]{40})" + E, ["okta"], tags: "saas"),
        R("dropbox-token", "Dropbox access token", B + @"(sl\.[A-Za-z0-9_\-]{130,152})", ["sl."], tags: "saas"),
        R("mapbox-secret-token", "Mapbox secret token", B + @"(sk\.eyJ[A-Za-z0-9_\-]{60,}\.[A-Za-z0-9_\-]{20,})", ["sk.eyj"], tags: "saas"),
        R("facebook-access-token", "Facebook app or page access token", @"(?:(?i:facebook)[^\n]{0,20}?\b([0-9]{15,16}\|[A-Za-z0-9_\-]{27})|" + B + @"(EAA[MC][A-Za-z0-9]{100,}))", ["facebook", "eaam", "eaac"], tags: "saas"),
        R("intra42-client-secret", "42 intra API client secret", B + @"(s-s4t2(?:ud|af)-[a-f0-9]{64})" + E, ["s-s4t2"], tags: "saas"),
        R("1password-service-account-token", "1Password service-account token", B + @"(ops_eyJ[A-Za-z0-9+/]{250,}={0,3})", ["ops_eyj"], Severity.Critical, tags: "vault"),
        // --- Secret managers ------------------------------------------------------------------------------------------
        R("vault-service-token", "HashiCorp Vault service token", B + @"(hvs\.[A-Za-z0-9_\-]{90,120}|hvs\.[A-Za-z0-9]{24})" + E, ["hvs."], Severity.Critical, tags: "vault"),
        R("vault-batch-token", "HashiCorp Vault batch token", B + @"(hvb\.[A-Za-z0-9_\-]{138,300})" + E, ["hvb."], Severity.Critical, tags: "vault"),
        R("vault-legacy-token", "HashiCorp Vault token (legacy format)", @"(?i)(?:vault|token)[^\n]{0,20}?" + B + @"(s\.[A-Za-z0-9]{24})" + E, ["vault", "token"], Severity.Critical, entropy: 3.5, tags: "vault"),
        R("age-secret-key", "age encryption secret key", @"(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})", ["age-secret-key-1"], Severity.Critical, tags: "crypto"),
        // --- Keys and tokens of any issuer ----------------------------------------------------------------------------
        R("private-key", "Private key (PEM, OpenSSH, PGP)", @"(?i)(-----BEGIN[ A-Z0-9_\-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]{64,}?-----END[ A-Z0-9_\-]{0,100}PRIVATE KEY(?: BLOCK)?-----)", ["private key"], Severity.Critical, tags: "crypto"),
        R("jwt", "JSON Web Token", B + @"(eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,})", ["eyj"], Severity.Medium, validate: (s, _) => !IsServiceAccountJwt(s), tags: "token"),
        R("kubernetes-service-account-token", "Kubernetes service-account token", B + @"(eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,})", ["eyj"], Severity.Critical, validate: (s, _) => IsServiceAccountJwt(s), tags: "kubernetes"),
        R("kubeconfig-client-key", "Client key in a kubeconfig", @"client-key-data\s*:\s*[""']?([A-Za-z0-9+/]{100,}={0,2})", ["client-key-data"], Severity.Critical, tags: "kubernetes"),
        R("kubeconfig-token", "Bearer token in a kubeconfig", @"(?s)kind:\s*Config\b.*?\buser:\s*\n(?:[ \t]+[^\n]*\n){0,12}?[ \t]+token:\s*[""']?([A-Za-z0-9_.\-]{20,})", ["kind: config"], Severity.Critical, tags: "kubernetes"),
        // --- Credentials in URLs, commands and assignments ----------------------------------------------------------
        R("database-url-password", "Database connection URL with a password", @"(?i)\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|clickhouse|cockroachdb|jdbc:[a-z]+)://[^\s:/@""'<>]{1,100}:([^\s@/""'<>]{3,200})@[A-Za-z0-9.\-\[\]]", ["://"], Severity.High, tags: "url"),
        R("url-basic-auth", "Password in a URL (basic auth)", @"(?i)\bhttps?://[^\s:/@""'<>]{1,100}:([^\s@/""'<>]{3,200})@[A-Za-z0-9.\-]", ["://"], Severity.High, tags: "url"),
        R("curl-auth-user", "Credentials on a curl command line (-u user:password)", @"\bcurl\b(?:[^\n]|\\\n){0,400}?\s(?:-u|--user)\s+[""']?([^\s""':]{1,100}):([^\s""']{3,200})", ["curl"], Severity.High, group: 2, tags: "command"),
        R("curl-auth-header", "Credentials in a curl header", @"(?i)\bcurl\b(?:[^\n]|\\\n){0,400}?\s(?:-H|--header)\s*[""']?(?:authorization|token|x-api-key|api-key|x-auth-token|private-token|apikey)\s*:\s*(?:(?:basic|bearer|token|apikey)\s+)?([^\s""']{8,})", ["curl"], Severity.High, tags: "command"),
        R("generic-password", "Hard-coded password", @"(?i)([a-z0-9_.\-]{0,20}(?:password|passwd|passphrase|pwd)[a-z0-9_.\-]{0,20})[""']?\s{0,5}(?::=|=>|=|:)\s{0,5}[""'`]?([^""'`\s,;]{8,200})(?:[""'`]|\s|[,;]|$)", ["pass", "pwd"], Severity.Medium, group: 2, entropy: 3.0, validate: IsGenericCredential, tags: "generic"),
        R("generic-credential", "Hard-coded secret, token or API key", @"(?i)([a-z0-9_.\-]{0,20}(?:secret|api[_\-]?key|apikey|access[_\-]?key|auth[_\-]?token|access[_\-]?token|client[_\-]?secret|private[_\-]?key|credentials?|token)[a-z0-9_.\-]{0,20})[""']?\s{0,5}(?::=|=>|=|:)\s{0,5}[""'`]?([^""'`\s,;]{12,200})(?:[""'`]|\s|[,;]|$)", ["secret", "key", "token", "credential"], Severity.Medium, group: 2, entropy: 3.5, validate: IsGenericCredential, tags: "generic"),
    ];

    private static readonly System.Text.RegularExpressions.Regex KeyOfMatch = new(@"^[""']?([A-Za-z0-9_.\-]+)", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>
    /// For the generic rules: the key must name a secret (not secretName, passwordFile, tokenUrl ...) and the value must
    /// look like one (not an identifier such as postgres-credentials, a path, or a placeholder).
    /// </summary>
    public static bool IsGenericCredential(string secret, string match)
    {
        var key = KeyOfMatch.Match(match).Groups[1].Value;
        if (!Core.Secrets.SecretHeuristics.IsSecretName(key)) return false;
        if (secret.StartsWith('/') || secret.StartsWith("./", StringComparison.Ordinal) || secret.Contains("://", StringComparison.Ordinal)) return false;
        var identifierLike = secret.All(c => char.IsAsciiLetterLower(c) || c is '-' or '_' or '.');
        var hasDigit = secret.Any(char.IsAsciiDigit);
        var mixedCase = secret.Any(char.IsAsciiLetterUpper) && secret.Any(char.IsAsciiLetterLower);
        var hasSymbol = secret.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_' and not '.');
        return !identifierLike && (hasDigit || mixedCase || hasSymbol);
    }

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
