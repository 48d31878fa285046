using Palisade.Cli.Scanning;
using Palisade.Cli.Tests.Infrastructure;

namespace Palisade.Cli.Tests;

/// <summary>
/// The bundled examples: insecure-shop triggers every check Palisade has, secure-shop (the same app fixed)
/// triggers none. Both run through the same pipeline as `palisade scan`.
/// </summary>
public sealed class ExamplesTests
{
    private static string Examples => Path.Combine(RepoPaths.Root, "examples");

    private static Core.Findings.ScanReport Scan(string example) =>
        ScanRunner.Run([Path.Combine(Examples, example)], ScanRunner.Scanners, new ScanSettings());

    /// <summary>The secrets planted in the insecure shop (the secret scanner has far more rules than one shop can leak).</summary>
    private static readonly string[] PlantedSecrets =
    [
        "aws-access-key-id", "aws-secret-access-key", "database-url-password", "gcp-service-account", "generic-credential",
        "generic-password", "github-pat", "npm-access-token", "slack-webhook-url", "stripe-secret-key",
    ];

    [Fact]
    public void Insecure_shop_triggers_exactly_every_configuration_check_and_the_planted_secrets()
    {
        var report = Scan("insecure-shop");
        Assert.Empty(report.AllErrors);
        var fired = report.AllFindings.Select(f => f.RuleId).ToHashSet(StringComparer.Ordinal);
        var expected = ScanRunner.Scanners.Where(s => s.Category == ScannerCategory.Config).SelectMany(s => s.Rules).Select(r => r.Id)
            .Concat(PlantedSecrets).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(expected.Order(StringComparer.Ordinal), fired.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Secure_shop_scans_clean()
    {
        var report = Scan("secure-shop");
        Assert.Empty(report.AllErrors);
        Assert.Empty(report.AllFindings.Select(f => $"{f.RuleId} {f.Location}: {f.Message}"));
    }

    [Fact]
    public void Every_finding_of_the_insecure_shop_points_into_an_existing_file_and_line()
    {
        var root = Path.Combine(Examples, "insecure-shop");
        foreach (var f in Scan("insecure-shop").AllFindings)
        {
            Assert.NotNull(f.Location);
            var lines = File.ReadAllLines(Path.Combine(root, f.Location!.Path));
            Assert.InRange(f.Location.StartLine, 1, lines.Length);
            Assert.InRange(f.Location.EndLine, f.Location.StartLine, lines.Length);
        }
    }
}
