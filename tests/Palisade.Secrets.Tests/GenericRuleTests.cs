using Palisade.Secrets.Engine;
using Palisade.Secrets.Rules;

namespace Palisade.Secrets.Tests;

/// <summary>
/// The generic password and credential rules on lines taken from real package trees (SDK type declarations, API
/// documentation, minified code): names and expressions are not secrets, while literal values under secret names are.
/// </summary>
public sealed class GenericRuleTests
{
    private static readonly SecretRuleSet Set = new(BuiltinRules.All);

    private static IEnumerable<string> Generic(string text, string path) =>
        SecretDetector.Detect(Set, text, path).Where(m => m.Rule.Id.StartsWith("generic-", StringComparison.Ordinal)).Select(m => m.Secret);

    [Theory]
    [InlineData("*   //   \"nextPageToken\": \"my_nextPageToken\",", "v1.d.ts")]
    [InlineData("*       //   \"rootPassword\": \"my_rootPassword\",", "v1.d.ts")]
    [InlineData("\"ChangeToken\": \"abcd12f2-46da-4fdb-b8d5-fbd4c466928f\"", "waf.examples.json")]
    [InlineData("\"ClientRequestToken\": \"a8ca07e4-61ec-4399-99f4-19853801bcd5\",", "fsx.examples.json")]
    [InlineData("taxDocumentAccessToken: TaxDocumentAccessToken;", "taxsettings.d.ts")]
    [InlineData("Password: RedshiftDatabasePassword;", "machinelearning.d.ts")]
    [InlineData("credentials: Resource$Projects$Locations$Oauthclients$Credentials;", "iam.d.ts")]
    [InlineData("export type PassphraseBlob = Buffer|Uint8Array|Blob|string;", "acm.d.ts")]
    [InlineData("export type MqttPassword = Buffer|Uint8Array|Blob|string;", "iot.d.ts")]
    [InlineData("apiKey: SensitiveString2048;", "appfabric.d.ts")]
    [InlineData("KdcAdminPassword: XmlStringMaxLen256;", "emr.d.ts")]
    [InlineData("const functionOpenBraceLeftTokenRange = anyTokenIncludingMultilineComments;", "typescript.js")]
    [InlineData("\"PreTokenGeneration\": \"arn:aws:lambda:us-east-1:123456789012:function:MyFunction\",", "cognito.json")]
    [InlineData("for(this.masterCredentials=e||a.config.credentials;this.x=1;)", "aws-sdk.min.js")]
    [InlineData("* `https://user@password:www.google.com/` But", "digitalassetlinks.d.ts")]
    [InlineData("\"Unexpected_token_1012\": \"予期しないトークンです。\",", "diagnosticMessages.generated.json")]
    [InlineData("  keyVaultToStoreSecrets: cmp2-qat-1208358310", "values.yaml")]
    [InlineData("<add key=\"PublicKeyToken\" value=\"b77a5c561934e089a1\" />", "app.config")]
    public void Names_types_expressions_and_placeholders_are_not_reported(string line, string path) =>
        Assert.Empty(Generic(line, path));

    [Theory]
    [InlineData("DATABASE_PASSWORD = \"x9Qk2LmP#41\"", "settings.py", "x9Qk2LmP#41")]
    [InlineData("DB_PASSWORD=Sup3rS3cret!", ".env", "Sup3rS3cret!")]
    [InlineData("  password: \"MySecretPass2024\"", "values.yaml", "MySecretPass2024")]
    [InlineData("SECRET_KEY_BASE = \"9f2c81d0a7e64b5c93d1e8f7a6b5c4d3e2f1a0b9\"", "config.rb", "9f2c81d0a7e64b5c93d1e8f7a6b5c4d3e2f1a0b9")]
    [InlineData("const clientSecret = 'Zq8vL2mN7xR4tK9w';", "auth.js", "Zq8vL2mN7xR4tK9w")]
    [InlineData("\"api_key\": \"a7F3k9Q2m8X1z5W4\"", "config.json", "a7F3k9Q2m8X1z5W4")]
    public void Literal_values_under_secret_names_are_reported(string line, string path, string secret) =>
        Assert.Contains(secret, Generic(line, path));
}
