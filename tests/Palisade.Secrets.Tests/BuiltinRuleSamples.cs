using System.Text;

namespace Palisade.Secrets.Tests;

/// <summary>A text that must be reported by a rule, with the secret it must report.</summary>
public sealed record PositiveSample(string Text, string Secret, string Path = "config.txt");

/// <summary>What each built-in rule must find and must not find.</summary>
public sealed record RuleSamples(string RuleId, IReadOnlyList<PositiveSample> Positives, IReadOnlyList<string> Negatives);

/// <summary>Random token bodies from a seeded generator: the samples look like real tokens but are not credentials.</summary>
public sealed class TokenGenerator(int seed)
{
    public const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    public const string Lower = "abcdefghijklmnopqrstuvwxyz";
    public const string Digits = "0123456789";
    public const string Alnum = Upper + Lower + Digits;
    public const string Hex = "0123456789abcdef";
    public const string Base64 = Alnum + "+/";
    public const string UrlSafe = Alnum + "_-";
    public const string Base32 = Upper + "234567";
    public const string Bech32 = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";

    private readonly Random _random = new(seed);

    public string Of(string alphabet, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++) chars[i] = alphabet[_random.Next(alphabet.Length)];
        return new string(chars);
    }

    /// <summary>Starts with a letter (some formats need it) and ends with a letter or digit (so no boundary question arises).</summary>
    public string Word(string alphabet, int length) =>
        length < 3 ? Of(Lower, length) : Of(Lower, 1) + Of(alphabet, length - 2) + Of(Alnum, 1);

    public string Uuid() => $"{Of(Hex, 8)}-{Of(Hex, 4)}-4{Of(Hex, 3)}-{Of("89ab", 1)}{Of(Hex, 3)}-{Of(Hex, 12)}";

    public string Password(int length) => Of(Alnum, length - 2) + Of("!#%*+-_", 1) + Of(Digits, 1);

    public static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public string Jwt(string header, string payload, int signatureLength) => $"{Base64Url(header)}.{Base64Url(payload)}.{Word(UrlSafe, signatureLength)}";

    /// <summary>PEM-style base64 body lines of 64 characters.</summary>
    public string PemBody(int lines, string newline = "\n", string indent = "")
    {
        var sb = new StringBuilder();
        for (var i = 0; i < lines; i++) sb.Append(indent).Append(Of(Base64, 64)).Append(newline);
        return sb.ToString();
    }
}

/// <summary>
/// Positive samples and near misses for every built-in rule, written from the providers' documented token formats with
/// random bodies (seeded, so every run sees the same texts). Tokens are built at run time: this file itself holds none.
/// </summary>
public static class BuiltinRuleSamples
{
    private static readonly Lazy<IReadOnlyDictionary<string, RuleSamples>> Table = new(Build);

    public static IReadOnlyDictionary<string, RuleSamples> All => Table.Value;

    private static PositiveSample P(string text, string secret, string path = "config.txt") => new(text, secret, path);

    private static IReadOnlyDictionary<string, RuleSamples> Build()
    {
        var g = new TokenGenerator(20240611);
        var list = new List<RuleSamples>();
        void Add(string id, PositiveSample[] positives, params string[] negatives) => list.Add(new RuleSamples(id, positives, negatives));
        const string A = TokenGenerator.Alnum, H = TokenGenerator.Hex, U = TokenGenerator.UrlSafe, B64 = TokenGenerator.Base64,
            UP = TokenGenerator.Upper, D = TokenGenerator.Digits, LO = TokenGenerator.Lower;
        string x(int n) => new('x', n);

        // --- Cloud ------------------------------------------------------------------------------------------------------
        var akia = "AKIA" + g.Of(TokenGenerator.Base32, 16);
        var asia = "ASIA" + g.Of(TokenGenerator.Base32, 16);
        var akia2 = "AKIA" + g.Of(TokenGenerator.Base32, 16);
        Add("aws-access-key-id",
            [
                P($"AWS_ACCESS_KEY_ID={akia}\nAWS_DEFAULT_REGION=eu-west-1\n", akia, ".env"),
                P($"credentials:\n  aws_access_key_id: \"{asia}\"\n", asia, "values.yaml"),
                P($$"""{"Credentials": {"AccessKeyId": "{{akia2}}", "Expiration": "2025-01-01T00:00:00Z"} }""", akia2, "sts.json"),
            ],
            "AWS_ACCESS_KEY_ID=AKIA" + g.Of(TokenGenerator.Base32, 15),
            "aws_access_key: AKIAIOSFODNN7EXAMPLE",
            "AWS_ACCESS_KEY_ID=XAKIA" + g.Of(TokenGenerator.Base32, 16),
            "AWS_ACCESS_KEY_ID=AKIA" + g.Of(TokenGenerator.Base32, 17),
            "key = akia" + g.Of(LO, 16));

        var awsSecret1 = g.Word(A + "/+", 40);
        var awsSecret2 = g.Word(A + "/+", 40);
        var awsSecret3 = g.Word(A + "/+", 40);
        Add("aws-secret-access-key",
            [
                P($"[default]\naws_access_key_id = {akia}\naws_secret_access_key = {awsSecret1}\n", awsSecret1, ".aws/credentials"),
                P($"export AWS_SECRET_ACCESS_KEY=\"{awsSecret2}\"\n", awsSecret2, "deploy.sh"),
                P($"var credentials = new BasicAWSCredentials(\"{akia2}\", \"{awsSecret3}\");", awsSecret3, "Program.cs"),
            ],
            "aws_secret_access_key = " + g.Word(A, 39),
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}",
            "aws_secret_access_key = " + g.Word(A, 41));

        var session1 = "IQoJb3JpZ2luX2Vj" + g.Of(B64, 280) + "==";
        var session2 = "FwoGZXIvYXdzE" + g.Of(B64, 300);
        var session3 = g.Word(A + "/+", 220);
        Add("aws-session-token",
            [
                P($"aws_session_token = {session1}\n", session1, ".aws/credentials"),
                P($$"""{"SessionToken": "{{session2}}"}""", session2, "sts.json"),
                P($"export AWS_SESSION_TOKEN=\"{session3}\"", session3, "env.sh"),
            ],
            "aws_session_token = " + g.Of(A, 60),
            "AWS_SESSION_TOKEN=${AWS_SESSION_TOKEN}",
            "aws_session_token = " + new string('A', 150));

        var bedrockLong = "ABSKQmVkcm9ja0FQSUtleS1" + g.Of(B64, 110) + "=";
        var bedrockShort = "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t" + g.Of(B64, 400) + "=";
        Add("aws-bedrock-api-key",
            [
                P($"AWS_BEARER_TOKEN_BEDROCK={bedrockLong}", bedrockLong, ".env"),
                P($"bedrock_api_key = \"{bedrockShort}\"", bedrockShort, "settings.py"),
            ],
            "AWS_BEARER_TOKEN_BEDROCK=ABSKQmVkcm9ja0FQSUtleS" + g.Of(A, 20),
            "AWS_BEARER_TOKEN_BEDROCK=ABSK" + g.Of(A, 120));

        var gkey1 = "AIza" + g.Word(U, 35);
        var gkey2 = "AIzaSy" + g.Word(U, 33);
        Add("gcp-api-key",
            [
                P($"GOOGLE_API_KEY={gkey1}", gkey1, ".env"),
                P($$"""const firebaseConfig = { apiKey: "{{gkey2}}", authDomain: "acme-shop.firebaseapp.com" };""", gkey2, "firebase.js"),
            ],
            $"GOOGLE_API_KEY=\"AIza{g.Word(A, 34)}\"",
            $"apiKey: \"AIza{new string('a', 35)}\"",
            $"GOOGLE_API_KEY=AIza{g.Word(A, 36)}");

        var keyId1 = g.Of(H, 40);
        var keyId2 = g.Of(H, 40);
        var keyId3 = g.Of(H, 40);
        var saPem = "-----BEGIN PRIVATE KEY-----\\n" + g.Of(B64, 64) + "\\n" + g.Of(B64, 64) + "\\n-----END PRIVATE KEY-----\\n";
        Add("gcp-service-account",
            [
                P($$"""
                    {
                      "type": "service_account",
                      "project_id": "acme-analytics-4821",
                      "private_key_id": "{{keyId1}}",
                      "private_key": "{{saPem}}",
                      "client_email": "loader@acme-analytics-4821.iam.gserviceaccount.com",
                      "client_id": "104983726154098231457",
                      "token_uri": "https://oauth2.googleapis.com/token"
                    }
                    """, keyId1, "loader-sa.json"),
                P($$"""GOOGLE_CREDENTIALS='{"type":"service_account","project_id":"shop-prod","private_key_id":"{{keyId2}}","client_email":"ci@shop-prod.iam.gserviceaccount.com"}'""", keyId2, "ci.env"),
                P($$"""
                    {
                      "client_email": "ci@shop-prod.iam.gserviceaccount.com",
                      "private_key_id": "{{keyId3}}",
                      "project_id": "shop-prod",
                      "type": "service_account"
                    }
                    """, keyId3, "sorted-sa.json"),
            ],
            """{"type": "authorized_user", "client_id": "32555940559.apps.googleusercontent.com", "refresh_token": "<token>"}""",
            """{"type": "external_account", "audience": "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/gh"}""");

        var gocspx1 = "GOCSPX-" + g.Word(U, 28);
        var gocspx2 = "GOCSPX-" + g.Word(U, 28);
        Add("gcp-oauth-client-secret",
            [
                P($$$"""{"web":{"client_id":"1234-abc.apps.googleusercontent.com","client_secret":"{{{gocspx1}}}"}}""", gocspx1, "client_secret.json"),
                P($"GOOGLE_CLIENT_SECRET={gocspx2}", gocspx2, ".env"),
            ],
            $"GOOGLE_CLIENT_SECRET=\"GOCSPX-{g.Word(A, 27)}\"",
            "GOOGLE_CLIENT_SECRET=GOCSPX-" + x(28));

        var storage1 = g.Of(B64, 86) + "==";
        var storage2 = g.Of(B64, 86) + "==";
        var storage3 = g.Of(B64, 86) + "==";
        Add("azure-storage-account-key",
            [
                P($"DefaultEndpointsProtocol=https;AccountName=acmeshop;AccountKey={storage1};EndpointSuffix=core.windows.net", storage1),
                P($$"""{ "ConnectionStrings": { "Blobs": "DefaultEndpointsProtocol=https;AccountName=acmeimg;AccountKey={{storage2}}" } }""", storage2, "appsettings.json"),
                P($"AZURE_STORAGE_KEY={storage3}", storage3, ".env"),
            ],
            $"AccountKey={g.Of(B64, 80)}==",
            "DefaultEndpointsProtocol=https;AccountName=acmeshop;AccountKey=<your-account-key>",
            "UseDevelopmentStorage=true");

        var sas1 = g.Of(B64, 43) + "=";
        var sas2 = g.Of(B64, 43) + "=";
        Add("azure-sas-connection-string",
            [
                P($"Endpoint=sb://acme-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={sas1}", sas1),
                P($$"""{"EventHub": "Endpoint=sb://acme-events.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={{sas2}};EntityPath=orders"}""", sas2, "local.settings.json"),
            ],
            $"SharedAccessKey={g.Of(A, 20)}",
            "SharedAccessKey=${SERVICEBUS_KEY}");

        var entra1 = g.Word(A, 3) + "8Q~" + g.Word(A + "_~.-", 34);
        var entra2 = g.Word(A, 3) + "7Q~" + g.Word(A + "_~.-", 34);
        Add("azure-ad-client-secret",
            [
                P($"AZURE_CLIENT_SECRET={entra1}", entra1, ".env"),
                P($$"""  "AzureAd": { "ClientSecret": "{{entra2}}" },""", entra2, "appsettings.json"),
            ],
            "client_secret=bP88Q~" + x(34),
            $"AZURE_CLIENT_SECRET={g.Word(A, 3)}8R~{g.Word(A, 34)}",
            $"AZURE_CLIENT_SECRET={g.Word(A, 3)}8Q~{g.Word(A, 20)}");

        var ltai1 = "LTAI" + g.Of(A, 20);
        var ltai2 = "LTAI" + g.Of(A, 16);
        Add("alibaba-access-key-id",
            [
                P($"ALIBABA_CLOUD_ACCESS_KEY_ID={ltai1}", ltai1, ".env"),
                P($"aliyun:\n  access_key_id: {ltai2}\n", ltai2, "config.yaml"),
            ],
            "ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI" + g.Of(A, 8),
            "ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI" + x(20));

        var dop = "dop_v1_" + g.Of(H, 64);
        var doo = "doo_v1_" + g.Of(H, 64);
        Add("digitalocean-token",
            [
                P($"DIGITALOCEAN_ACCESS_TOKEN={dop}", dop, ".env"),
                P($"doctl auth init --access-token {doo}", doo, "bootstrap.sh"),
            ],
            "DIGITALOCEAN_ACCESS_TOKEN=dop_v1_" + g.Of(H, 63),
            "DIGITALOCEAN_ACCESS_TOKEN=dop_v2_" + g.Of(H, 64));

        var heroku1 = g.Uuid();
        var heroku2 = g.Uuid();
        Add("heroku-api-key",
            [
                P($"HEROKU_API_KEY={heroku1}", heroku1, ".env"),
                P($"heroku_api_key: \"{heroku2}\"", heroku2, "secrets.yml"),
            ],
            "HEROKU_APP_NAME=acme-shop-prod",
            "HEROKU_API_KEY=00000000-0000-0000-0000-000000000000",
            $"HEROKU_API_KEY={g.Of(H, 8)}-{g.Of(H, 4)}");

        var hrku1 = "HRKU-AA" + g.Word(U, 58);
        var hrku2 = "HRKU-AA" + g.Word(U, 58);
        Add("heroku-api-key-v2",
            [
                P($"HEROKU_API_KEY={hrku1}", hrku1, ".env"),
                P($"machine api.heroku.com\n  login ops@acme.io\n  password {hrku2}\n", hrku2, ".netrc"),
            ],
            "HEROKU_API_KEY=HRKU-AA" + g.Word(U, 30),
            "HEROKU_API_KEY=HRKU-AA" + x(58));

        var fo1 = "fo1_" + g.Word(U, 43);
        var fm2 = "fm2_" + g.Of(A + "+/", 200) + "==";
        Add("flyio-token",
            [
                P($"FLY_API_TOKEN={fo1}", fo1, ".env"),
                P($"fly deploy --access-token \"FlyV1 {fm2}\"", fm2, "deploy.sh"),
            ],
            "api_key = \"fo1_" + x(43) + "\"",
            "FLY_API_TOKEN=fo1_" + g.Word(U, 20));

        var origin1 = $"v1.0-{g.Of(H, 24)}-{g.Of(H, 146)}";
        var origin2 = $"v1.0-{g.Of(H, 24)}-{g.Of(H, 146)}";
        Add("cloudflare-origin-ca-key",
            [
                P($"CF_ORIGIN_CA_KEY={origin1}", origin1, ".env"),
                P($"cloudflare:\n  origin_ca_key: {origin2}\n", origin2, "values.yaml"),
            ],
            $"CF_ORIGIN_CA_KEY=v1.0-{g.Of(H, 24)}-{g.Of(H, 100)}");

        var cf1 = g.Word(U, 40);
        var cf2 = g.Word(U, 40);
        var cf3 = g.Of(H, 37);
        Add("cloudflare-api-token",
            [
                P($"CLOUDFLARE_API_TOKEN={cf1}", cf1, ".env"),
                P($"provider \"cloudflare\" {{ api_token = \"{cf2}\" }}", cf2, "main.tf"),
                P($"CLOUDFLARE_API_KEY={cf3}", cf3, ".env"),
            ],
            $"CLOUDFLARE_ZONE_ID={g.Of(H, 32)}",
            "CLOUDFLARE_API_TOKEN=${{ secrets.CF_TOKEN }}");

        var dapi1 = "dapi" + g.Of(H, 32);
        var dapi2 = "dapi" + g.Of(H, 32);
        var dapi3 = "dapi" + g.Of(H, 32) + "-2";
        Add("databricks-token",
            [
                P($"DATABRICKS_TOKEN={dapi1}", dapi1, ".env"),
                P($"[DEFAULT]\nhost = https://adb-4821.7.azuredatabricks.net\ntoken = {dapi2}\n", dapi2, ".databrickscfg"),
                P($"token: \"{dapi3}\"", dapi3, "job.yaml"),
            ],
            "DATABRICKS_TOKEN=dapi" + g.Of(H, 31),
            "DATABRICKS_TOKEN=dapi" + new string('g', 32));

        var pscale1 = "pscale_tkn_" + g.Word(U, 43);
        var pscale2 = "pscale_pw_" + g.Word(A, 43);
        Add("planetscale-token",
            [
                P($"PLANETSCALE_SERVICE_TOKEN={pscale1}", pscale1, ".env"),
                P($"DATABASE_URL=mysql://u8x2k:{pscale2}@aws.connect.psdb.cloud/shop?sslaccept=strict", pscale2, ".env"),
            ],
            "PLANETSCALE_SERVICE_TOKEN=pscale_tkn_" + g.Word(A, 10),
            "PLANETSCALE_SERVICE_TOKEN=pscale_key_" + g.Word(A, 43));

        var atlas1 = g.Of(A, 14) + ".atlasv1." + g.Word(U, 67);
        var atlas2 = g.Of(A, 14) + ".atlasv1." + g.Word(U, 67);
        Add("terraform-cloud-token",
            [
                P($"credentials \"app.terraform.io\" {{\n  token = \"{atlas1}\"\n}}\n", atlas1, ".terraformrc"),
                P($"TF_TOKEN_app_terraform_io={atlas2}", atlas2, ".env"),
            ],
            $"TF_TOKEN_app_terraform_io={g.Of(A, 14)}.atlasv1.{g.Word(A, 20)}");

        var pul1 = "pul-" + g.Of(H, 40);
        var pul2 = "pul-" + g.Of(H, 40);
        Add("pulumi-token",
            [
                P($"PULUMI_ACCESS_TOKEN={pul1}", pul1, ".env"),
                P($"env:\n  PULUMI_ACCESS_TOKEN: {pul2}\n", pul2, ".github/workflows/deploy.yml"),
            ],
            "PULUMI_ACCESS_TOKEN=pul-" + g.Of(H, 39),
            "PULUMI_ACCESS_TOKEN=pul-" + new string('z', 40));

        var dpPt = "dp.pt." + g.Of(A, 43);
        var dpSt = "dp.st.prd." + g.Of(A, 40);
        Add("doppler-token",
            [
                P($"DOPPLER_TOKEN={dpPt}", dpPt, ".env"),
                P($"doppler run --token {dpSt} -- ./server", dpSt, "Procfile"),
            ],
            "DOPPLER_TOKEN=dp.pt." + g.Of(A, 20),
            "DOPPLER_TOKEN=dp.xx." + g.Of(A, 43));

        // --- Source control and CI --------------------------------------------------------------------------------------
        var ghp1 = "ghp_" + g.Of(A, 36);
        var ghp2 = "ghp_" + g.Of(A, 36);
        Add("github-pat",
            [
                P($"GITHUB_TOKEN={ghp1}", ghp1, ".env"),
                P($"git clone https://{ghp2}@github.com/acme/shop.git", ghp2, "setup.sh"),
            ],
            "GITHUB_TOKEN=ghp_" + g.Of(A, 35),
            "GITHUB_TOKEN=ghp_" + x(36),
            "GITHUB_TOKEN=ghp_" + g.Of(A, 37));

        var fg1 = "github_pat_" + g.Of(A, 22) + "_" + g.Of(A, 59);
        var fg2 = "github_pat_" + g.Of(A, 22) + "_" + g.Of(A, 59);
        Add("github-fine-grained-pat",
            [
                P($"GH_TOKEN={fg1}", fg1, ".env"),
                P($"echo {fg2} | gh auth login --with-token", fg2, "login.sh"),
            ],
            "GH_TOKEN=github_pat_" + g.Of(A, 22) + "_" + g.Of(A, 40),
            "github_pat_" + x(22) + "_" + x(59));

        var gho1 = "gho_" + g.Of(A, 36);
        var gho2 = "gho_" + g.Of(A, 36);
        Add("github-oauth",
            [
                P($"github.com:\n    oauth_token: {gho1}\n    user: octo-ops\n", gho1, "hosts.yml"),
                P($$"""{"access_token": "{{gho2}}", "token_type": "bearer"}""", gho2, "token.json"),
            ],
            "oauth_token: gho_" + g.Of(A, 20));

        var ghs = "ghs_" + g.Of(A, 36);
        var ghu = "ghu_" + g.Of(A, 36);
        Add("github-app-token",
            [
                P($"env:\n  GITHUB_TOKEN: {ghs}\n", ghs, "workflow.yml"),
                P($"curl -H \"Authorization: token {ghu}\" https://api.github.com/user", ghu, "check.sh"),
            ],
            "GITHUB_TOKEN=ghx_" + g.Of(A, 36),
            "ghu_" + x(36));

        var ghr1 = "ghr_" + g.Of(A, 76);
        var ghr2 = "ghr_" + g.Of(A, 36);
        Add("github-refresh-token",
            [
                P($$"""{"refresh_token": "{{ghr1}}", "refresh_token_expires_in": 15811200}""", ghr1, "token.json"),
                P($"GITHUB_REFRESH_TOKEN={ghr2}", ghr2, ".env"),
            ],
            "GITHUB_REFRESH_TOKEN=ghr_" + g.Of(A, 20));

        var glpat1 = "glpat-" + g.Word(U, 20);
        var glpat2 = "glpat-" + g.Of(A, 20);
        var glpat3 = "glpat-" + g.Of(A, 27) + ".01." + g.Of(LO + D, 9);
        Add("gitlab-pat",
            [
                P($"GITLAB_TOKEN={glpat1}", glpat1, ".env"),
                P($"git remote add origin https://oauth2:{glpat2}@gitlab.com/acme/shop.git", glpat2, "setup.sh"),
                P($"private_token = \"{glpat3}\"", glpat3, "python-gitlab.cfg"),
            ],
            "GITLAB_TOKEN=glpat-" + g.Of(A, 10),
            "GITLAB_TOKEN=glpat-" + x(20));

        var glrt = "glrt-" + g.Word(U, 20);
        var gr = "GR1348941" + g.Word(U, 20);
        var glptt = "glptt-" + g.Of(H, 40);
        Add("gitlab-token",
            [
                P($"[[runners]]\n  name = \"shop-runner\"\n  token = \"{glrt}\"\n", glrt, "config.toml"),
                P($"gitlab-runner register --url https://gitlab.com --registration-token {gr}", gr, "register.sh"),
                P($"curl -X POST --fail -F token={glptt} -F ref=main https://gitlab.com/api/v4/projects/42/trigger/pipeline", glptt, "trigger.sh"),
            ],
            "token = \"glrt-short\"",
            "GR1348941XXXXXXXXXXXXXXXXXXXX",
            "GR134894112312312312312312312");

        var atbb1 = "ATBB" + g.Of(A, 32);
        var atbb2 = "ATBB" + g.Of(A, 32);
        Add("bitbucket-app-password",
            [
                P($"BITBUCKET_APP_PASSWORD={atbb1}", atbb1, ".env"),
                P($"git clone https://acme-ci:{atbb2}@bitbucket.org/acme/shop.git", atbb2, "clone.sh"),
            ],
            "BITBUCKET_APP_PASSWORD=ATBB" + g.Of(A, 20));

        var atatt1 = "ATATT3xFfGF0" + g.Word(U, 170) + "=" + g.Of(D + "ABCDEF", 8);
        var atatt2 = "ATATT3xFfGF0" + g.Word(U, 172) + "=" + g.Of(D + "ABCDEF", 8);
        Add("atlassian-api-token",
            [
                P($"JIRA_API_TOKEN={atatt1}", atatt1, ".env"),
                P($"curl -u ops@acme.io:{atatt2} https://acme.atlassian.net/rest/api/3/myself", atatt2, "check.sh"),
            ],
            "JIRA_API_TOKEN=ATATT3" + g.Word(U, 50));

        var jira1 = g.Of(A, 24);
        var jira2 = g.Of(A, 24);
        Add("atlassian-api-token-legacy",
            [
                P($"JIRA_API_TOKEN={jira1}", jira1, ".env"),
                P($"confluence_token: \"{jira2}\"", jira2, "wiki.yml"),
            ],
            "JIRA_BASE_URL=https://acme.atlassian.net",
            "JIRA_API_TOKEN=" + g.Of(A, 23));

        var cci1 = $"CCIPAT_{g.Of(A, 22)}_{g.Of(H, 40)}";
        var cci2 = $"CCIPAT_{g.Of(A, 22)}_{g.Of(H, 40)}";
        Add("circleci-token",
            [
                P($"CIRCLECI_TOKEN={cci1}", cci1, ".env"),
                P($"curl -H \"Circle-Token: {cci2}\" https://circleci.com/api/v2/me", cci2, "me.sh"),
            ],
            $"CIRCLECI_TOKEN=CCIPAT_{g.Of(A, 22)}_{g.Of(H, 39)}");

        var sgp1 = $"sgp_{g.Of(H, 16)}_{g.Of(H, 40)}";
        var sgp2 = $"sgp_local_{g.Of(H, 40)}";
        var sgp3 = g.Of(H, 40);
        Add("sourcegraph-access-token",
            [
                P($"SRC_ACCESS_TOKEN={sgp1}", sgp1, ".env"),
                P($"src:\n  token: {sgp2}\n", sgp2, "src.yaml"),
                P($"sourcegraph_token = \"{sgp3}\"", sgp3, "settings.py"),
            ],
            "SRC_ACCESS_TOKEN=sgp_" + g.Of(H, 39));

        // --- Package registries -----------------------------------------------------------------------------------------
        var npm1 = "npm_" + g.Of(A, 36);
        var npm2 = "npm_" + g.Of(A, 36);
        Add("npm-access-token",
            [
                P($"//registry.npmjs.org/:_authToken={npm1}\n", npm1, ".npmrc"),
                P($"NPM_TOKEN={npm2}", npm2, ".env"),
            ],
            "NPM_TOKEN=npm_" + g.Of(A, 35),
            "npm_config_cache=/tmp/.npm");

        var npmUuid = g.Uuid();
        var npmAuth = Convert.ToBase64String(Encoding.UTF8.GetBytes("ci-publisher:" + g.Password(18)));
        Add("npmrc-auth-token",
            [
                P($"registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken={npmUuid}\n", npmUuid, ".npmrc"),
                P($"//npm.acme.io/:_auth={npmAuth}\nalways-auth=true\n", npmAuth, ".npmrc"),
            ],
            "//registry.npmjs.org/:_authToken=${NPM_TOKEN}",
            "//registry.npmjs.org/:_authToken=" + new string('a', 30));

        var pypi1 = "pypi-AgEIcHlwaS5vcmc" + g.Word(U, 160);
        var pypi2 = "pypi-AgENdGVzdC5weXBpLm9yZw" + g.Word(U, 160);
        Add("pypi-upload-token",
            [
                P($"[pypi]\n  username = __token__\n  password = {pypi1}\n", pypi1, ".pypirc"),
                P($"TWINE_PASSWORD={pypi2}", pypi2, ".env"),
            ],
            "TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmc" + g.Of(A, 20),
            "TWINE_PASSWORD=pypi-" + g.Of(A, 60));

        var oy1 = "oy2" + g.Of(LO + D, 43);
        var oy2 = "oy2" + g.Of(LO + D, 43);
        Add("nuget-api-key",
            [
                P($"dotnet nuget push bin/Release/Acme.Shop.1.2.0.nupkg --api-key {oy1} --source https://api.nuget.org/v3/index.json", oy1, "publish.sh"),
                P($"NUGET_API_KEY={oy2}", oy2, ".env"),
            ],
            "NUGET_API_KEY=oy2" + g.Of(LO + D, 42),
            "NUGET_API_KEY=OY2" + g.Of(UP + D, 43));

        var gem1 = "rubygems_" + g.Of(H, 48);
        var gem2 = "rubygems_" + g.Of(H, 48);
        Add("rubygems-api-key",
            [
                P($"---\n:rubygems_api_key: {gem1}\n", gem1, ".gem/credentials"),
                P($"GEM_HOST_API_KEY={gem2}", gem2, ".env"),
            ],
            "GEM_HOST_API_KEY=rubygems_" + g.Of(H, 47));

        var dckr1 = "dckr_pat_" + g.Word(U, 27);
        var dckr2 = "dckr_oat_" + g.Word(U, 27);
        Add("dockerhub-pat",
            [
                P($"echo \"{dckr1}\" | docker login -u acme --password-stdin", dckr1, "login.sh"),
                P($"DOCKERHUB_TOKEN={dckr2}", dckr2, ".env"),
            ],
            "DOCKERHUB_TOKEN=dckr_pat_" + g.Word(U, 20));

        var dockerAuth = Convert.ToBase64String(Encoding.UTF8.GetBytes("acme-ci:" + g.Password(20)));
        var identity = g.Word(U, 60);
        Add("docker-config-auth",
            [
                P($$"""
                    {
                      "auths": {
                        "registry.acme.io": {
                          "auth": "{{dockerAuth}}"
                        }
                      }
                    }
                    """, dockerAuth, ".docker/config.json"),
                P($$$"""{"auths":{"acme.azurecr.io":{"identitytoken":"{{{identity}}}"} } }""", identity, ".docker/config.json"),
            ],
            """{"auths": {"ghcr.io": {"auth": ""}}}""",
            """{"auths": {"ghcr.io": {"auth": "<base64 of user:password>"}}}""",
            """{"credsStore": "desktop"}""");

        var akcp1 = "AKCp" + g.Of(A, 69);
        var akcp2 = "AKCp" + g.Of(A, 69);
        var reftkn = "cmVmdGtu" + g.Of(A, 56);
        Add("artifactory-token",
            [
                P($"ARTIFACTORY_API_KEY={akcp1}", akcp1, ".env"),
                P($"curl -H \"X-JFrog-Art-Api: {akcp2}\" https://acme.jfrog.io/artifactory/api/repositories", akcp2, "list.sh"),
                P($"jf config add acme --url https://acme.jfrog.io --access-token {reftkn}", reftkn, "setup.sh"),
            ],
            "lowEntropy := AKCp" + new string('X', 69),
            "ARTIFACTORY_API_KEY=AKCp" + g.Of(A, 60));

        // --- Communication ----------------------------------------------------------------------------------------------
        var xoxb1 = $"xoxb-{g.Of(D, 12)}-{g.Of(D, 13)}-{g.Of(A, 24)}";
        var xoxb2 = $"xoxb-{g.Of(D, 11)}-{g.Of(D, 12)}-{g.Of(A, 24)}";
        var xoxb3 = $"xoxb-{g.Of(D, 12)}-{g.Of(A, 24)}";
        Add("slack-bot-token",
            [
                P($"SLACK_BOT_TOKEN={xoxb1}", xoxb1, ".env"),
                P($"client = WebClient(token=\"{xoxb2}\")", xoxb2, "bot.py"),
                P($"slack_bot_token: {xoxb3}", xoxb3, "legacy.yml"),
            ],
            "SLACK_BOT_TOKEN=xoxb-123-456",
            "SLACK_BOT_TOKEN=xoxb-your-bot-token");

        var xoxp1 = $"xoxp-{g.Of(D, 12)}-{g.Of(D, 12)}-{g.Of(D, 13)}-{g.Of(H, 32)}";
        var xoxp2 = $"xoxp-{g.Of(D, 11)}-{g.Of(D, 12)}-{g.Of(D, 13)}-{g.Of(H, 32)}";
        var xoxa = $"xoxa-2-{g.Of(D, 12)}-{g.Of(D, 12)}-{g.Of(D, 12)}-{g.Of(H, 64)}";
        Add("slack-user-token",
            [
                P($"SLACK_USER_TOKEN={xoxp1}", xoxp1, ".env"),
                P($"slack:\n  user_token: \"{xoxp2}\"\n", xoxp2, "values.yaml"),
                P($"SLACK_LEGACY_TOKEN={xoxa}", xoxa, ".env"),
            ],
            "SLACK_USER_TOKEN=xoxp-1-2-3-abc");

        var xapp1 = $"xapp-1-A0{g.Of(UP + D, 9)}-{g.Of(D, 13)}-{g.Of(H, 64)}";
        var xapp2 = $"xapp-1-A0{g.Of(UP + D, 9)}-{g.Of(D, 13)}-{g.Of(H, 64)}";
        Add("slack-app-token",
            [
                P($"SLACK_APP_TOKEN={xapp1}", xapp1, ".env"),
                P($"SocketModeHandler(app, \"{xapp2}\").start()", xapp2, "app.py"),
            ],
            "SLACK_APP_TOKEN=xapp-1-abc");

        var xoxe1 = "xoxe.xoxp-1-" + g.Of(A, 160);
        var xoxe2 = "xoxe-1-" + g.Of(A, 150);
        Add("slack-config-token",
            [
                P($"SLACK_CONFIG_TOKEN={xoxe1}", xoxe1, ".env"),
                P($$"""{"refresh_token": "{{xoxe2}}"}""", xoxe2, "slack.json"),
            ],
            "SLACK_CONFIG_TOKEN=xoxe.xoxp-1-" + g.Of(A, 50));

        var hook1 = $"https://hooks.slack.com/services/T0{g.Of(UP + D, 8)}/B0{g.Of(UP + D, 9)}/{g.Of(A, 24)}";
        var hook2 = $"https://hooks.slack.com/services/T0{g.Of(UP + D, 9)}/B0{g.Of(UP + D, 9)}/{g.Of(A, 24)}";
        var hook3 = $"hooks.slack.com/services/T0{g.Of(UP + D, 9)}/B0{g.Of(UP + D, 9)}/{g.Of(A, 24)}";
        Add("slack-webhook-url",
            [
                P($"SLACK_WEBHOOK_URL={hook1}", hook1, ".env"),
                P($"curl -X POST -H 'Content-type: application/json' --data '{{\"text\":\"deployed\"}}' {hook2}", hook2, "notify.sh"),
                P($"webhook: {hook3}", hook3, "alerts.yml"),
            ],
            "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T000/B000/short",
            "see https://hooks.slack.com/ for details");

        var discordHook1 = $"https://discord.com/api/webhooks/{g.Of(D, 19)}/{g.Word(U, 68)}";
        var discordHook2 = $"https://discordapp.com/api/webhooks/{g.Of(D, 18)}/{g.Word(U, 68)}";
        Add("discord-webhook-url",
            [
                P($"DISCORD_WEBHOOK_URL={discordHook1}", discordHook1, ".env"),
                P($$"""{"webhook": "{{discordHook2}}"}""", discordHook2, "alerts.json"),
            ],
            "DISCORD_WEBHOOK_URL=https://discord.com/api/webhooks/123/abc");

        var discordBot1 = $"MT{g.Of(A, 22)}.{g.Of(U, 6)}.{g.Word(U, 38)}";
        var discordBot2 = $"NT{g.Of(A, 22)}.{g.Of(U, 6)}.{g.Word(U, 27)}";
        Add("discord-bot-token",
            [
                P($"DISCORD_BOT_TOKEN={discordBot1}", discordBot1, ".env"),
                P($"discord_token: \"{discordBot2}\"", discordBot2, "bot.yml"),
            ],
            "DISCORD_CLIENT_ID=1234567890123456789");

        var tg1 = $"{g.Of("123456789", 1)}{g.Of(D, 9)}:AA{g.Word(U, 33)}";
        var tg2 = $"{g.Of("123456789", 1)}{g.Of(D, 8)}:AA{g.Word(U, 33)}";
        Add("telegram-bot-token",
            [
                P($"TELEGRAM_BOT_TOKEN={tg1}", tg1, ".env"),
                P($"curl https://api.telegram.org/bot{tg2}/getMe", tg2, "check.sh"),
            ],
            $"TELEGRAM_BOT_TOKEN=12345:AA{g.Word(U, 33)}",
            $"TELEGRAM_BOT_TOKEN={g.Of(D, 10)}:AB{g.Word(U, 33)}");

        string Guid() => g.Uuid();
        var teams1 = $"https://acme.webhook.office.com/webhookb2/{Guid()}@{Guid()}/IncomingWebhook/{g.Of(H, 32)}/{Guid()}";
        var teams2 = $"https://contoso.webhook.office.com/webhookb2/{Guid()}@{Guid()}/IncomingWebhook/{g.Of(H, 32)}/{Guid()}";
        Add("microsoft-teams-webhook",
            [
                P($"TEAMS_WEBHOOK_URL={teams1}", teams1, ".env"),
                P($"notifications:\n  teams: \"{teams2}\"\n", teams2, "values.yaml"),
            ],
            $"TEAMS_WEBHOOK_URL=https://acme.webhook.office.com/webhookb2/{Guid()}@{Guid()}/IncomingWebhook/{g.Of(H, 32)}");

        var sk1 = "SK" + g.Of(H, 32);
        var sk2 = "SK" + g.Of(H, 32);
        Add("twilio-api-key",
            [
                P($"TWILIO_API_KEY={sk1}", sk1, ".env"),
                P($"twilio:\n  api_key_sid: {sk2}\n", sk2, "values.yaml"),
            ],
            "TWILIO_API_KEY=SK" + g.Of(H, 31),
            "TWILIO_API_KEY=SK" + g.Of(D + "ABCDEF", 32));

        var twTok1 = g.Of(H, 32);
        var twTok2 = g.Of(H, 32);
        Add("twilio-auth-token",
            [
                P($"TWILIO_AUTH_TOKEN={twTok1}", twTok1, ".env"),
                P($$"""{"twilio_auth_token": "{{twTok2}}"}""", twTok2, "settings.json"),
            ],
            "TWILIO_ACCOUNT_SID=AC" + g.Of(H, 32),
            "TWILIO_AUTH_TOKEN=your_auth_token");

        var sg1 = $"SG.{g.Word(U, 22)}.{g.Word(U, 43)}";
        var sg2 = $"SG.{g.Word(U, 22)}.{g.Word(U, 43)}";
        Add("sendgrid-api-key",
            [
                P($"SENDGRID_API_KEY={sg1}", sg1, ".env"),
                P($"sg = SendGridAPIClient(\"{sg2}\")", sg2, "mail.py"),
            ],
            $"SENDGRID_API_KEY=SG.{g.Word(U, 22)}.{g.Word(U, 40)}");

        var mg1 = "key-" + g.Of(LO + D, 32);
        var mg2 = "key-" + g.Of(LO + D, 32);
        var mg3 = $"{g.Of(H, 32)}-{g.Of(H, 8)}-{g.Of(H, 8)}";
        Add("mailgun-api-key",
            [
                P($"MAILGUN_API_KEY={mg1}", mg1, ".env"),
                P($"curl -s --user 'api:{mg2}' https://api.mailgun.net/v3/mg.acme.io/messages", mg2, "send.sh"),
                P($"MAILGUN_API_KEY={mg3}", mg3, ".env"),
            ],
            "MAILGUN_API_KEY=key-" + g.Of(LO + D, 31),
            "MAILGUN_API_KEY=key-" + new string('a', 32));

        var mc1 = $"{g.Of(H, 32)}-us21";
        var mc2 = $"{g.Of(H, 32)}-us6";
        Add("mailchimp-api-key",
            [
                P($"MAILCHIMP_API_KEY={mc1}", mc1, ".env"),
                P($"mailchimp.setConfig({{ apiKey: \"{mc2}\", server: \"us6\" }});", mc2, "newsletter.js"),
            ],
            $"MAILCHIMP_API_KEY={g.Of(H, 32)}-eu1",
            $"MAILCHIMP_API_KEY={g.Of(H, 31)}-us21");

        var pm1 = g.Uuid();
        var pm2 = g.Uuid();
        Add("postmark-token",
            [
                P($"POSTMARK_SERVER_TOKEN={pm1}", pm1, ".env"),
                P($"postmark_api_token: {pm2}", pm2, "secrets.yml"),
            ],
            "POSTMARK_FROM=orders@acme.io");

        // --- Payments and commerce -------------------------------------------------------------------------------------
        var stripe1 = "sk_live_51" + g.Of(A, 97);
        var stripe2 = "rk_test_" + g.Of(A, 24);
        Add("stripe-secret-key",
            [
                P($"STRIPE_SECRET_KEY={stripe1}", stripe1, ".env"),
                P($"stripe.api_key = \"{stripe2}\"", stripe2, "billing.py"),
            ],
            "STRIPE_SECRET_KEY=sk_live_" + g.Of(A, 10),
            "STRIPE_PUBLISHABLE_KEY=pk_live_" + g.Of(A, 24));

        var whsec1 = "whsec_" + g.Of(A, 32);
        var whsec2 = "whsec_" + g.Of(A, 32);
        Add("stripe-webhook-secret",
            [
                P($"STRIPE_WEBHOOK_SECRET={whsec1}", whsec1, ".env"),
                P($"stripe:\n  webhookSecret: {whsec2}\n", whsec2, "values.yaml"),
            ],
            "STRIPE_WEBHOOK_SECRET=whsec_" + g.Of(A, 10));

        var square1 = "EAAA" + g.Word(U, 60);
        var square2 = "sq0csp-" + g.Word(U, 43);
        Add("square-token",
            [
                P($"SQUARE_ACCESS_TOKEN={square1}", square1, ".env"),
                P($"square:\n  application_secret: {square2}\n", square2, "values.yaml"),
            ],
            "SQUARE_APPLICATION_ID=sq0idp-" + g.Word(U, 22),
            "SQUARE_ACCESS_TOKEN=EAAA" + g.Word(U, 30));

        var bt1 = $"access_token$production${g.Of(LO + D, 16)}${g.Of(H, 32)}";
        var bt2 = $"access_token$production${g.Of(LO + D, 16)}${g.Of(H, 32)}";
        Add("paypal-braintree-token",
            [
                P($"BRAINTREE_ACCESS_TOKEN={bt1}", bt1, ".env"),
                P($"gateway = Braintree::Gateway.new(access_token: \"{bt2}\")", bt2, "payments.rb"),
            ],
            $"BRAINTREE_ACCESS_TOKEN=access_token$sandbox${g.Of(LO + D, 16)}${g.Of(H, 32)}");

        var shpat = "shpat_" + g.Of(H, 32);
        var shpss = "shpss_" + g.Of(H, 32);
        Add("shopify-token",
            [
                P($"SHOPIFY_ACCESS_TOKEN={shpat}", shpat, ".env"),
                P($"curl -H \"X-Shopify-Access-Token: {shpss}\" https://acme.myshopify.com/admin/api/2024-01/shop.json", shpss, "shop.sh"),
            ],
            "SHOPIFY_ACCESS_TOKEN=shpat_" + g.Of(H, 31));

        // --- AI and developer platforms --------------------------------------------------------------------------------
        var openai1 = $"sk-{g.Of(A, 20)}T3BlbkFJ{g.Of(A, 20)}";
        var openai2 = $"sk-proj-{g.Word(U, 74)}T3BlbkFJ{g.Word(U, 74)}";
        Add("openai-api-key",
            [
                P($"OPENAI_API_KEY={openai1}", openai1, ".env"),
                P($"client = OpenAI(api_key=\"{openai2}\")", openai2, "chat.py"),
            ],
            "OPENAI_API_KEY=sk-" + g.Of(A, 48),
            $"OPENAI_API_KEY=sk-{g.Of(A, 20)}T3BlbkFJ{g.Of(A, 5)}");

        var ant1 = $"sk-ant-api03-{g.Word(U, 93)}AA";
        var ant2 = $"sk-ant-api03-{g.Word(U, 93)}AA";
        Add("anthropic-api-key",
            [
                P($"ANTHROPIC_API_KEY={ant1}", ant1, ".env"),
                P($"client = anthropic.Anthropic(api_key=\"{ant2}\")", ant2, "agent.py"),
            ],
            $"ANTHROPIC_API_KEY=sk-ant-api03-{g.Word(U, 20)}AA");

        var hf1 = "hf_" + g.Of(UP + LO, 34);
        var hf2 = "hf_" + g.Of(UP + LO, 34);
        Add("huggingface-token",
            [
                P($"HF_TOKEN={hf1}", hf1, ".env"),
                P($"huggingface-cli login --token {hf2}", hf2, "setup.sh"),
            ],
            "HF_TOKEN=hf_" + g.Of(UP + LO, 33),
            "path = hf_hub_download(repo_id=\"acme/model\", filename=\"config.json\")");

        var ntn = $"ntn_{g.Of(D, 11)}{g.Of(A, 35)}";
        var notionSecret = "secret_" + g.Of(A, 43);
        Add("notion-api-token",
            [
                P($"NOTION_TOKEN={ntn}", ntn, ".env"),
                P($"notion = Client(auth=\"{notionSecret}\")", notionSecret, "sync.py"),
            ],
            "NOTION_TOKEN=secret_" + g.Of(A, 20),
            "secret_key_base: <%= ENV[\"SECRET_KEY_BASE\"] %>");

        var lin1 = "lin_api_" + g.Of(A, 40);
        var lin2 = "lin_api_" + g.Of(A, 40);
        Add("linear-api-key",
            [
                P($"LINEAR_API_KEY={lin1}", lin1, ".env"),
                P($"curl -H \"Authorization: {lin2}\" https://api.linear.app/graphql", lin2, "issues.sh"),
            ],
            "LINEAR_API_KEY=lin_api_" + g.Of(A, 39));

        var figd1 = "figd_" + g.Word(U, 40);
        var figd2 = "figd_" + g.Word(U, 40);
        Add("figma-token",
            [
                P($"FIGMA_TOKEN={figd1}", figd1, ".env"),
                P($"fetch(url, {{ headers: {{ \"X-Figma-Token\": \"{figd2}\" }} }})", figd2, "export.js"),
            ],
            "FIGMA_TOKEN=figd_" + g.Word(U, 20));

        var pmak1 = $"PMAK-{g.Of(H, 24)}-{g.Of(H, 34)}";
        var pmak2 = $"PMAK-{g.Of(H, 24)}-{g.Of(H, 34)}";
        Add("postman-api-key",
            [
                P($"POSTMAN_API_KEY={pmak1}", pmak1, ".env"),
                P($"newman run \"https://api.getpostman.com/collections/1234?apikey={pmak2}\"", pmak2, "ci.sh"),
            ],
            $"POSTMAN_API_KEY=PMAK-{g.Of(H, 24)}");

        var sntrys = $"sntrys_eyJpYXQiOjE3{g.Of(A + "+/", 120)}_{g.Of(A, 43)}";
        var sntryu = "sntryu_" + g.Of(H, 64);
        var sentryHex = g.Of(H, 64);
        Add("sentry-token",
            [
                P($"SENTRY_AUTH_TOKEN={sntrys}", sntrys, ".env"),
                P($"[auth]\ntoken={sntryu}\n", sntryu, ".sentryclirc"),
                P($"SENTRY_TOKEN={sentryHex}", sentryHex, ".env"),
            ],
            "SENTRY_AUTH_TOKEN=sntryu_" + g.Of(H, 60),
            "SENTRY_AUTH_TOKEN=sntryu_" + g.Of(H, 65),
            "SENTRY_AUTH_TOKEN=sntrys_" + g.Of(A, 120));

        var nrak = "NRAK-" + g.Of(UP + D, 27);
        var nral = g.Of(H, 36) + "NRAL";
        var nrii = "NRII-" + g.Word(U, 32);
        Add("newrelic-key",
            [
                P($"NEW_RELIC_API_KEY={nrak}", nrak, ".env"),
                P($"common:\n  license_key: {nral}\n", nral, "newrelic.yml"),
                P($"NEW_RELIC_INSERT_KEY={nrii}", nrii, ".env"),
            ],
            "NEW_RELIC_API_KEY=NRAK-" + g.Of(UP + D, 20));

        var dd1 = g.Of(H, 32);
        var dd2 = g.Of(H, 40);
        Add("datadog-api-key",
            [
                P($"DD_API_KEY={dd1}", dd1, ".env"),
                P($"datadog_app_key: {dd2}", dd2, "secrets.yml"),
            ],
            "DD_SITE=datadoghq.eu",
            "DD_API_KEY=<DATADOG_API_KEY>");

        var glc = "glc_" + TokenGenerator.Base64Url("{\"o\":\"" + g.Of(D, 6) + "\",\"n\":\"stack-" + g.Of(D, 6) + "-hm-read\",\"k\":\"" + g.Of(A, 24) + "\",\"m\":{\"r\":\"eu\"}}").Replace('-', 'A').Replace('_', 'B');
        var glsa = $"glsa_{g.Of(A, 32)}_{g.Of(H, 8)}";
        Add("grafana-token",
            [
                P($"GRAFANA_CLOUD_TOKEN={glc}", glc, ".env"),
                P($"grafana:\n  token: {glsa}\n", glsa, "values.yaml"),
            ],
            "GRAFANA_TOKEN=glsa_" + g.Of(A, 20));

        var okta1 = "00" + g.Word(U, 40);
        var okta2 = "00" + g.Word(U, 40);
        Add("okta-api-token",
            [
                P($"OKTA_API_TOKEN={okta1}", okta1, ".env"),
                P($"okta_api_key: \"{okta2}\"", okta2, "secrets.yml"),
            ],
            "OKTA_ORG_URL=https://acme.okta.com");

        var sl1 = "sl.B" + g.Word(U, 138);
        var sl2 = "sl.u." + g.Word(U, 600);
        Add("dropbox-token",
            [
                P($"DROPBOX_ACCESS_TOKEN={sl1}", sl1, ".env"),
                P($"dbx = dropbox.Dropbox(\"{sl2}\")", sl2, "backup.py"),
            ],
            "DROPBOX_ACCESS_TOKEN=sl." + g.Word(U, 50));

        var mapbox1 = $"sk.eyJ1IjoiYWNtZSIsImEiOiJ{g.Of(A, 45)}.{g.Word(U, 22)}";
        var mapbox2 = $"sk.eyJ1IjoiYWNtZSIsImEiOiJ{g.Of(A, 45)}.{g.Word(U, 22)}";
        Add("mapbox-secret-token",
            [
                P($"MAPBOX_SECRET_TOKEN={mapbox1}", mapbox1, ".env"),
                P($"machine api.mapbox.com\n  login mapbox\n  password {mapbox2}\n", mapbox2, ".netrc"),
            ],
            $"MAPBOX_PUBLIC_TOKEN=pk.eyJ1IjoiYWNtZSIsImEiOiJ{g.Of(A, 45)}.{g.Word(U, 22)}");

        var fbApp = $"{g.Of("123456789", 1)}{g.Of(D, 15)}|{g.Word(U, 27)}";
        var fbPage = "EAAC" + g.Of(A, 150);
        Add("facebook-access-token",
            [
                P($"FACEBOOK_APP_TOKEN={fbApp}", fbApp, ".env"),
                P($"FB_PAGE_TOKEN={fbPage}", fbPage, ".env"),
            ],
            "facebook_app_id: 1234567890123456");

        var s42a = "s-s4t2ud-" + g.Of(H, 64);
        var s42b = "s-s4t2af-" + g.Of(H, 64);
        Add("intra42-client-secret",
            [
                P($"FT_CLIENT_SECRET={s42a}", s42a, ".env"),
                P($"intra:\n  client_secret: {s42b}\n", s42b, "values.yaml"),
            ],
            "FT_CLIENT_SECRET=s-s4t2ud-" + g.Of(H, 60));

        var ops1 = "ops_eyJ" + g.Of(A + "+/", 300) + "=";
        var ops2 = "ops_eyJ" + g.Of(A + "+/", 320);
        Add("1password-service-account-token",
            [
                P($"OP_SERVICE_ACCOUNT_TOKEN={ops1}", ops1, ".env"),
                P($"- uses: 1password/load-secrets-action@v2\n  env:\n    OP_SERVICE_ACCOUNT_TOKEN: {ops2}\n", ops2, "workflow.yml"),
            ],
            "        login:\n          serviceAccountToken:\n            fn::secret: ops_eyJzaWduSW5B..[Redacted]");

        var xai1 = "xai-" + g.Of(A, 80);
        var xai2 = "xai-" + g.Of(A, 80);
        Add("xai-api-key",
            [
                P($"XAI_API_KEY={xai1}", xai1, ".env"),
                P($"client = Client(api_key=\"{xai2}\")", xai2, "grok.py"),
            ],
            "XAI_API_KEY=xai-" + g.Of(A, 40));

        var gsk1 = "gsk_" + g.Of(A, 52);
        var gsk2 = "gsk_" + g.Of(A, 52);
        Add("groq-api-key",
            [
                P($"GROQ_API_KEY={gsk1}", gsk1, ".env"),
                P($"client = Groq(api_key=\"{gsk2}\")", gsk2, "llm.py"),
            ],
            "GROQ_API_KEY=gsk_" + g.Of(A, 40));

        var r8a = "r8_" + g.Of(A, 37);
        var r8b = "r8_" + g.Of(A, 37);
        Add("replicate-api-token",
            [
                P($"REPLICATE_API_TOKEN={r8a}", r8a, ".env"),
                P($"curl -s -H \"Authorization: Bearer {r8b}\" https://api.replicate.com/v1/account", r8b, "account.sh"),
            ],
            "REPLICATE_API_TOKEN=r8_" + g.Of(A, 30));

        var pat1 = $"pat{g.Of(A, 14)}.{g.Of(H, 64)}";
        var pat2 = $"pat{g.Of(A, 14)}.{g.Of(H, 64)}";
        Add("airtable-pat",
            [
                P($"AIRTABLE_TOKEN={pat1}", pat1, ".env"),
                P($"headers = {{\"Authorization\": \"Bearer {pat2}\"}}", pat2, "sync.py"),
            ],
            $"AIRTABLE_TOKEN=pat{g.Of(A, 14)}.{g.Of(H, 30)}");

        var cfpat1 = "CFPAT-" + g.Word(U, 43);
        var cfpat2 = "CFPAT-" + g.Word(U, 43);
        Add("contentful-pat",
            [
                P($"CONTENTFUL_MANAGEMENT_TOKEN={cfpat1}", cfpat1, ".env"),
                P($"contentful login --management-token {cfpat2}", cfpat2, "setup.sh"),
            ],
            "CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-" + g.Word(U, 20));

        var dt1 = $"dt0c01.{g.Of(UP + D, 24)}.{g.Of(UP + D, 64)}";
        var dt2 = $"dt0c01.{g.Of(UP + D, 24)}.{g.Of(UP + D, 64)}";
        Add("dynatrace-api-token",
            [
                P($"DT_API_TOKEN={dt1}", dt1, ".env"),
                P($"curl -H \"Authorization: Api-Token {dt2}\" https://abc12345.live.dynatrace.com/api/v2/metrics", dt2, "metrics.sh"),
            ],
            $"DT_API_TOKEN=dt0c01.{g.Of(UP + D, 24)}.{g.Of(UP + D, 30)}");

        var bkua1 = "bkua_" + g.Of(H, 40);
        var bkua2 = "bkua_" + g.Of(H, 40);
        Add("buildkite-token",
            [
                P($"BUILDKITE_API_TOKEN={bkua1}", bkua1, ".env"),
                P($"buildkite:\n  api_token: {bkua2}\n", bkua2, "values.yaml"),
            ],
            "BUILDKITE_API_TOKEN=bkua_" + g.Of(H, 39));

        var ts1 = $"tskey-auth-k{g.Of(A, 10)}CNTRL-{g.Of(A, 33)}";
        var ts2 = $"tskey-api-k{g.Of(A, 11)}CNTRL-{g.Of(A, 33)}";
        Add("tailscale-key",
            [
                P($"TS_AUTHKEY={ts1}", ts1, ".env"),
                P($"tailscale up --authkey {ts2} --hostname shop-builder", ts2, "join.sh"),
            ],
            "TS_AUTHKEY=tskey-auth-short");

        var sbp = "sbp_" + g.Of(H, 40);
        var sbSecret = "sb_secret_" + g.Word(U, 40);
        Add("supabase-token",
            [
                P($"SUPABASE_ACCESS_TOKEN={sbp}", sbp, ".env"),
                P($"SUPABASE_SECRET_KEY={sbSecret}", sbSecret, ".env"),
            ],
            "SUPABASE_ACCESS_TOKEN=sbp_" + g.Of(H, 39));

        var shippo1 = "shippo_live_" + g.Of(H, 40);
        var shippo2 = "shippo_test_" + g.Of(H, 40);
        Add("shippo-api-token",
            [
                P($"SHIPPO_API_TOKEN={shippo1}", shippo1, ".env"),
                P($"curl -H \"Authorization: ShippoToken {shippo2}\" https://api.goshippo.com/shipments/", shippo2, "ship.sh"),
            ],
            "SHIPPO_API_TOKEN=shippo_live_" + g.Of(H, 20));

        var plaid1 = "access-sandbox-" + g.Uuid();
        var plaid2 = "access-production-" + g.Uuid();
        Add("plaid-access-token",
            [
                P($$"""{"access_token": "{{plaid1}}", "item_id": "M5eVJqLnv3tbzdngLDp9FL5OlDNxlNhlE55op"}""", plaid1, "item.json"),
                P($"PLAID_ACCESS_TOKEN={plaid2}", plaid2, ".env"),
            ],
            "PLAID_ACCESS_TOKEN=access-staging-" + g.Uuid());

        var flw1 = $"FLWSECK-{g.Of(H, 32)}-X";
        var flw2 = $"FLWSECK_TEST-{g.Of(H, 32)}-X";
        Add("flutterwave-secret-key",
            [
                P($"FLW_SECRET_KEY={flw1}", flw1, ".env"),
                P($"const flw = new Flutterwave(publicKey, \"{flw2}\");", flw2, "pay.js"),
            ],
            $"FLW_SECRET_KEY=FLWSECK-{g.Of(H, 31)}-X");

        // --- Secret managers --------------------------------------------------------------------------------------------
        var hvs1 = "hvs.CAESI" + g.Word(U, 90);
        var hvs2 = "hvs." + g.Of(A, 24);
        Add("vault-service-token",
            [
                P($"VAULT_TOKEN={hvs1}", hvs1, ".env"),
                P($"vault login {hvs2}", hvs2, "login.sh"),
            ],
            "VAULT_TOKEN=hvs." + g.Of(A, 20));

        var hvb1 = "hvb.AAAAAQ" + g.Word(U, 150);
        var hvb2 = "hvb.AAAAAQ" + g.Word(U, 160);
        Add("vault-batch-token",
            [
                P($"VAULT_TOKEN={hvb1}", hvb1, ".env"),
                P($"curl -H \"X-Vault-Token: {hvb2}\" https://vault.acme.io:8200/v1/secret/data/shop", hvb2, "read.sh"),
            ],
            "VAULT_TOKEN=hvb." + g.Word(U, 100));

        var vs1 = "s." + g.Of(A, 24);
        var vs2 = "s." + g.Of(A, 24);
        Add("vault-legacy-token",
            [
                P($"VAULT_TOKEN={vs1}", vs1, ".env"),
                P($"vault:\n  token: \"{vs2}\"\n", vs2, "values.yaml"),
            ],
            "VAULT_ADDR=https://vault.acme.io:8200",
            "VAULT_TOKEN=s." + g.Of(A, 20));

        var age1 = "AGE-SECRET-KEY-1" + g.Of(TokenGenerator.Bech32, 58);
        var age2 = "AGE-SECRET-KEY-1" + g.Of(TokenGenerator.Bech32, 58);
        var agePublic = "age1" + g.Of(TokenGenerator.Bech32.ToLowerInvariant(), 58);
        Add("age-secret-key",
            [
                P($"# created: 2024-05-01T10:00:00Z\n# public key: {agePublic}\n{age1}\n", age1, "keys.txt"),
                P($"SOPS_AGE_KEY={age2}", age2, ".env"),
            ],
            $"recipients: {agePublic}",
            "SOPS_AGE_KEY=AGE-SECRET-KEY-1" + g.Of(TokenGenerator.Bech32, 40));

        // --- Keys and tokens of any issuer -----------------------------------------------------------------------------
        var rsa = "-----BEGIN RSA PRIVATE KEY-----\n" + g.PemBody(12) + g.Of(B64, 40) + "==\n-----END RSA PRIVATE KEY-----";
        var openssh = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + g.PemBody(6) + g.Of(B64, 20) + "\n-----END OPENSSH PRIVATE KEY-----";
        var pgp = "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + g.PemBody(10) + "=" + g.Of(B64, 4) + "\n-----END PGP PRIVATE KEY BLOCK-----";
        var ecYaml = "-----BEGIN EC PRIVATE KEY-----\n" + g.PemBody(3, indent: "    ") + "    -----END EC PRIVATE KEY-----";
        var pkcs8Json = "-----BEGIN PRIVATE KEY-----\\n" + g.Of(B64, 64) + "\\n" + g.Of(B64, 64) + "\\n-----END PRIVATE KEY-----";
        var crlf = "-----BEGIN ENCRYPTED PRIVATE KEY-----\r\n" + g.PemBody(4, "\r\n") + "-----END ENCRYPTED PRIVATE KEY-----";
        Add("private-key",
            [
                P(rsa + "\n", rsa, "id_rsa"),
                P("# deploy key\n" + openssh + "\n", openssh, "deploy_key"),
                P(pgp + "\n", pgp, "signing.asc"),
                P("apiVersion: v1\nkind: Secret\nstringData:\n  tls.key: |\n    " + ecYaml + "\n", ecYaml, "tls.yaml"),
                P($$"""{"private_key": "{{pkcs8Json}}\n"}""", pkcs8Json, "key.json"),
                P("key:\r\n" + crlf + "\r\n", crlf, "key.pem"),
            ],
            "-----BEGIN PUBLIC KEY-----\n" + g.PemBody(6) + "-----END PUBLIC KEY-----\n",
            "-----BEGIN CERTIFICATE-----\n" + g.PemBody(6) + "-----END CERTIFICATE-----\n",
            "-----BEGIN RSA PRIVATE KEY-----\n" + g.PemBody(6),
            "-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----\n");

        var jwt1 = g.Jwt("""{"alg":"HS256","typ":"JWT"}""", $$"""{"sub":"user-{{g.Of(D, 6)}}","name":"Ada Shopper","iat":1716200000,"exp":1716286400}""", 43);
        var jwt2 = g.Jwt("""{"alg":"RS256","kid":"shop-2024"}""", $$"""{"iss":"https://auth.acme.io","aud":"shop-api","scope":"orders:write","jti":"{{g.Of(H, 16)}}"}""", 342);
        Add("jwt",
            [
                P($"GET https://api.acme.io/orders\nAuthorization: Bearer {jwt1}\n", jwt1, "orders.http"),
                P($"SHOP_API_JWT={jwt2}", jwt2, ".env"),
            ],
            "header = eyJhbGciOiJIUzI1NiJ9",
            "token: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0");

        var saLegacy = g.Jwt("""{"alg":"RS256","kid":""}""",
            $$"""{"iss":"kubernetes/serviceaccount","kubernetes.io/serviceaccount/namespace":"shop","kubernetes.io/serviceaccount/secret.name":"deployer-token-{{g.Of(LO + D, 5)}}","kubernetes.io/serviceaccount/service-account.name":"deployer","sub":"system:serviceaccount:shop:deployer"}""", 342);
        var saBound = g.Jwt($$"""{"alg":"RS256","kid":"{{g.Of(A, 43)}}"}""",
            """{"aud":["https://kubernetes.default.svc.cluster.local"],"exp":1747000000,"iat":1716000000,"iss":"https://kubernetes.default.svc.cluster.local","kubernetes.io":{"namespace":"shop","serviceaccount":{"name":"ci","uid":"6f0c3a52-1b7e-4d8a-9c2f-0e5b7d9a1c3e"}},"nbf":1716000000,"sub":"system:serviceaccount:shop:ci"}""", 342);
        Add("kubernetes-service-account-token",
            [
                P($"K8S_TOKEN={saLegacy}", saLegacy, ".env"),
                P($"apiVersion: v1\nkind: Config\nusers:\n- name: ci\n  user:\n    token: {saBound}\n", saBound, "kubeconfig"),
            ],
            $"Authorization: Bearer {g.Jwt("""{"alg":"HS256","typ":"JWT"}""", """{"sub":"42","iss":"https://auth.acme.io"}""", 43)}");

        var clientKey1 = "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQp" + g.Of(B64, 300) + "=";
        var clientKey2 = "LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk" + g.Of(B64, 200);
        Add("kubeconfig-client-key",
            [
                P($"users:\n- name: admin\n  user:\n    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==\n    client-key-data: {clientKey1}\n", clientKey1, "kubeconfig"),
                P($"    client-key-data: \"{clientKey2}\"", clientKey2, "admin.conf"),
            ],
            "    client-key-data: <redacted>",
            "    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t" + g.Of(B64, 200));

        var kubeTok1 = g.Of(A, 48);
        var kubeTok2 = g.Of(LO + D, 6) + "." + g.Of(LO + D, 16);
        Add("kubeconfig-token",
            [
                P($"""
                    apiVersion: v1
                    clusters:
                    - cluster:
                        server: https://10.0.0.1:6443
                      name: prod
                    contexts:
                    - context:
                        cluster: prod
                        user: deployer
                      name: prod
                    current-context: prod
                    kind: Config
                    preferences: {"{}"}
                    users:
                    - name: deployer
                      user:
                        token: {kubeTok1}
                    """, kubeTok1, "kubeconfig"),
                P($"kind: Config\napiVersion: v1\nusers:\n  - name: bootstrap\n    user:\n      username: admin\n      token: \"{kubeTok2}\"\n", kubeTok2, "bootstrap.kubeconfig"),
            ],
            "kind: Config\nusers:\n- name: eks\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n",
            "kind: Config\nusers:\n- name: ci\n  user:\n    token: ${K8S_TOKEN}\n");

        var dbPw1 = g.Password(18);
        var dbPw2 = g.Password(20);
        var dbPw3 = g.Password(24);
        Add("database-url-password",
            [
                P($"DATABASE_URL=postgres://shop:{dbPw1}@db.internal:5432/shop", dbPw1, ".env"),
                P($"MONGO_URI=\"mongodb+srv://admin:{dbPw2}@cluster0.ab1cd.mongodb.net/orders?retryWrites=true\"", dbPw2, "settings.py"),
                P($"cache:\n  url: redis://:{dbPw3}@cache.internal:6379/0\n", dbPw3, "values.yaml"),
            ],
            "DATABASE_URL=postgres://shop@db.internal:5432/shop",
            "DATABASE_URL=postgres://shop:${DB_PASSWORD}@db.internal:5432/shop",
            "DATABASE_URL=postgres://user:<password>@localhost/db",
            "/// <summary>A URL with a password in its userinfo (postgres://user:pass@host/db).</summary>");

        var urlPw1 = g.Password(20);
        var urlPw2 = g.Password(32);
        Add("url-basic-auth",
            [
                P($"git remote set-url origin https://deploy:{urlPw1}@git.acme.io/shop.git", urlPw1, "setup.sh"),
                P($"PIP_INDEX_URL=https://__token__:{urlPw2}@pypi.acme.io/simple/", urlPw2, ".env"),
            ],
            "git clone https://deploy@git.acme.io/shop.git",
            "PIP_INDEX_URL=https://user:${PIP_PASSWORD}@pypi.acme.io/simple/",
            "HEALTHCHECK_URL=http://localhost:8080/health",
            "t.equal(parse('http://user:pass@example.com:8080/').host, 'example.com')",
            "pip install --index-url https://username:password@pypi.company.com/simple shop");

        var curlPw1 = g.Password(16);
        var curlPw2 = g.Password(20);
        Add("curl-auth-user",
            [
                P($"curl -u admin:{curlPw1} https://api.acme.io/v1/items", curlPw1, "items.sh"),
                P($"curl -X POST \\\n  --user \"ci-bot:{curlPw2}\" \\\n  https://jenkins.acme.io/job/shop/build\n", curlPw2, "build.sh"),
            ],
            "curl -u \"$API_USER:$API_PASS\" https://api.acme.io/v1/items",
            "curl -u <user:password> https://test.com/endpoint",
            "curl http://127.0.0.1:5000/file --user user:pass --digest",
            "curl --user admin:changeme https://localhost:9200/_cluster/health");

        var bearer = g.Word(U, 40);
        var apiKey = g.Of(A, 32);
        var privateToken = g.Word(U, 26);
        Add("curl-auth-header",
            [
                P($"curl -H \"Authorization: Bearer {bearer}\" https://api.acme.io/v1/orders", bearer, "orders.sh"),
                P($"curl --header 'X-API-Key: {apiKey}' https://api.acme.io/v1/items", apiKey, "items.sh"),
                P($"curl -s \\\n  -H \"PRIVATE-TOKEN: {privateToken}\" \\\n  https://gitlab.acme.io/api/v4/projects\n", privateToken, "projects.sh"),
            ],
            "curl -H \"Authorization: Bearer $TOKEN\" https://api.acme.io/v1/orders",
            "curl -H \"Content-Type: application/json\" -d '{}' https://api.acme.io/v1/orders");

        var pw1 = g.Password(16);
        var pw2 = g.Password(14);
        var pw3 = g.Password(20);
        var pw4 = g.Password(12);
        Add("generic-password",
            [
                P($"DB_PASSWORD={pw1}", pw1, ".env"),
                P($"database:\n  user: shop\n  password: \"{pw2}\"\n", pw2, "config.yaml"),
                P($$"""{"adminPassword": "{{pw3}}", "adminUser": "root"}""", pw3, "seed.json"),
                P($"var pwd = \"{pw4}\";", pw4, "Seed.cs"),
            ],
            "password: changeme",
            "passwordFile: /run/secrets/db",
            "password = os.getenv(\"DB_PASSWORD\")",
            "password: ${DB_PASSWORD}",
            "password: <password>",
            "password_min_length: 12",
            "password: \"" + x(16) + "\"",
            "password: process.env.DB_PASSWORD,",
            "var password = request.Form.Password;");

        var cred1 = g.Of(A, 32);
        var cred2 = g.Word(U, 40);
        var cred3 = g.Of(A, 28);
        Add("generic-credential",
            [
                P($"api_key = \"{cred1}\"", cred1, "settings.py"),
                P($"oauth:\n  client_secret: {cred2}\n", cred2, "values.yaml"),
                P($$"""{"accessToken": "{{cred3}}", "expiresIn": 3600}""", cred3, "session.json"),
            ],
            "secretName: my-secret",
            "token_url: https://auth.acme.io/oauth/token",
            "secret: changeme",
            "api_key: xxxxxxxxxxxxxxxx",
            "    secretKeyRef:",
            "keyVaultName: acme-kv-prod-001",
            "csrf-token=" + g.Of(B64, 86) + "==",
            "    \"secret\" => AllowlistTarget.Secret,",
            "client_secret: settings.OAUTH_CLIENT_SECRET",
            "  <bindingRedirect type=\"mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089\" />",
            "NEXT_PUBLIC_API_KEY=" + g.Of(A, 32));

        return list.ToDictionary(s => s.RuleId, StringComparer.Ordinal);
    }
}
