using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Palisade.Cli.Tests.Infrastructure;

namespace Palisade.Cli.Tests;

/// <summary>
/// <c>--scanners</c> on <c>palisade image</c> and <c>palisade fs</c>: secrets in every layer of an image (a deleted file
/// too), the image config's build history checked as a Dockerfile, and the directory scanners for <c>fs</c>; none of
/// them needs the vulnerability database.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ImageScannersTests : IDisposable
{
    private static readonly string GitHubToken = "ghp_" + "Zq3vN8kL2mR7tY4wB9cX1dF6gH5jK0pQsTuV";
    private static readonly string SlackToken = "xoxb-" + "1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    /// <summary>
    /// Two layers: the first adds a .env file with a GitHub token and a kept config with a Slack token; the second
    /// deletes the .env file (a whiteout), as a Dockerfile's "RUN rm .env" would.
    /// </summary>
    private string Image(string? user = null, params string[] history)
    {
        var lower = Tar(("app/.env", "GITHUB_TOKEN=" + GitHubToken + "\n"), ("app/config.yaml", "slack:\n  token: " + SlackToken + "\n"), ("app/main.py", "print('hi')\n"));
        var upper = Tar(("app/.wh..env", ""));
        var config = new Dictionary<string, object?>
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["config"] = user is null ? new Dictionary<string, object?>() : new Dictionary<string, object?> { ["User"] = user },
            ["rootfs"] = new { type = "layers", diff_ids = new[] { Sha(lower), Sha(upper) } },
            ["history"] = history.Select(h => new { created_by = h }).ToArray(),
        };
        var layout = Path.Combine(_tree.Root, "layout-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(layout);
        File.WriteAllText(Path.Combine(layout, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        var manifest = new
        {
            schemaVersion = 2,
            mediaType = "application/vnd.oci.image.manifest.v1+json",
            config = Blob(layout, JsonSerializer.SerializeToUtf8Bytes(config), "application/vnd.oci.image.config.v1+json"),
            layers = new[] { Blob(layout, lower, "application/vnd.oci.image.layer.v1.tar"), Blob(layout, upper, "application/vnd.oci.image.layer.v1.tar") },
        };
        var desc = Blob(layout, JsonSerializer.SerializeToUtf8Bytes(manifest), "application/vnd.oci.image.manifest.v1+json",
            new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = "test" });
        File.WriteAllText(Path.Combine(layout, "index.json"), JsonSerializer.Serialize(new { schemaVersion = 2, manifests = new[] { desc } }));
        return "oci:" + layout + ":test";
    }

    private static byte[] Tar(params (string Path, string Text)[] files)
    {
        using var ms = new MemoryStream();
        using (var tar = new TarWriter(ms, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, text) in files)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
        }
        return ms.ToArray();
    }

    private static string Sha(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static Dictionary<string, object> Blob(string layout, byte[] bytes, string mediaType, Dictionary<string, string>? annotations = null)
    {
        var digest = Sha(bytes);
        var path = Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        var d = new Dictionary<string, object> { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = bytes.LongLength };
        if (annotations is not null) d["annotations"] = annotations;
        return d;
    }

    private static List<JsonElement> Findings(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("results").EnumerateArray()
            .SelectMany(t => t.GetProperty("findings").EnumerateArray()).ToList();

    [Fact]
    public void Secrets_are_found_in_every_layer_and_a_deleted_file_is_marked_as_still_in_the_image()
    {
        var r = Runner.Run("image", Image(), "--scanners", "secret", "-f", "json", "-q");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.DoesNotContain(GitHubToken, r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(SlackToken, r.Stdout, StringComparison.Ordinal);
        var findings = Findings(r.Stdout);
        var deleted = Assert.Single(findings, f => f.GetProperty("location").GetProperty("path").GetString() == "app/.env");
        Assert.True(deleted.GetProperty("secret").GetProperty("removedInLaterLayer").GetBoolean());
        Assert.StartsWith("sha256:", deleted.GetProperty("secret").GetProperty("layer").GetString(), StringComparison.Ordinal);
        Assert.Contains("still in layer", deleted.GetProperty("message").GetString(), StringComparison.Ordinal);
        var kept = Assert.Single(findings, f => f.GetProperty("location").GetProperty("path").GetString() == "app/config.yaml");
        Assert.False(kept.GetProperty("secret").TryGetProperty("removedInLaterLayer", out _));
        Assert.Equal(deleted.GetProperty("secret").GetProperty("layer").GetString(), kept.GetProperty("secret").GetProperty("layer").GetString());
        // SARIF output knows the secret rules it reports.
        var sarif = Runner.Run("image", Image(), "--scanners", "secret", "-f", "sarif", "-q");
        Assert.Equal(0, sarif.ExitCode);
        var ruleIds = JsonDocument.Parse(sarif.Stdout).RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules")
            .EnumerateArray().Select(x => x.GetProperty("id").GetString()).ToHashSet();
        foreach (var f in findings) Assert.Contains(f.GetProperty("ruleId").GetString(), ruleIds);
    }

    [Fact]
    public void Secret_findings_honour_the_exit_code_and_need_no_vulnerability_database()
    {
        var r = Runner.Run("image", Image(), "--scanners", "secret", "--exit-code", "1", "--db", Path.Combine(_tree.Root, "no.db"), "-q");
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("ghp_****", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Asking_for_vulnerabilities_without_a_database_is_still_a_usage_error()
    {
        var r = Runner.Run("image", Image(), "--scanners", "vuln,secret", "--db", Path.Combine(_tree.Root, "no.db"), "-q");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no vulnerability database", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData(",")]
    [InlineData("vuln,license")]
    public void An_unknown_scanner_is_a_usage_error(string scanners)
    {
        var r = Runner.Run("image", Image(), "--scanners", scanners, "-q");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--scanners", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Misconfig_checks_the_build_history_and_the_config_as_a_dockerfile()
    {
        var image = Image(null,
            "/bin/sh -c #(nop) ADD file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 in / ",
            "/bin/sh -c #(nop)  CMD [\"bash\"]",
            "RUN /bin/sh -c apt-get update && apt-get install -y curl # buildkit",
            "RUN /bin/sh -c curl -fsSL https://example.invalid/install.sh | sh # buildkit");
        var r = Runner.Run("image", image, "--scanners", "misconfig", "-f", "json", "-q");
        Assert.True(r.ExitCode == 0, r.ToString());
        var ids = Findings(r.Stdout).Select(f => f.GetProperty("ruleId").GetString()).ToHashSet();
        Assert.Contains("PAL-DF-001", ids);  // no USER: runs as root
        Assert.Contains("PAL-DF-010", ids);  // curl | sh
        Assert.Contains("PAL-DF-011", ids);  // --no-install-recommends missing
        Assert.DoesNotContain("PAL-DF-008", ids);  // the base layer's "ADD file:" is not a user's ADD
        Assert.DoesNotContain("PAL-DF-003", ids);  // the base image reference is not recorded: not judged
        Assert.DoesNotContain("PAL-DF-024", ids);
        Assert.Contains("(image config)", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_in_the_config_is_not_reported_as_root()
    {
        var r = Runner.Run("image", Image("10001", "/bin/sh -c #(nop)  CMD [\"app\"]"), "--scanners", "misconfig", "-f", "json", "-q");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.DoesNotContain(Findings(r.Stdout), f => f.GetProperty("ruleId").GetString() == "PAL-DF-001");
        var root = Runner.Run("image", Image("root"), "--scanners", "misconfig", "-f", "json", "-q");
        Assert.Contains(Findings(root.Stdout), f => f.GetProperty("ruleId").GetString() == "PAL-DF-001");
    }

    [Fact]
    public void Fs_runs_the_directory_scanners_it_is_asked_for()
    {
        var dir = Path.Combine(_tree.Root, "src");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "settings.py"), "TOKEN = \"" + GitHubToken + "\"\n");
        File.WriteAllText(Path.Combine(dir, "Dockerfile"), "FROM debian:12\nRUN apt-get install -y curl\n");
        var secrets = Runner.Run("fs", dir, "--scanners", "secret", "-f", "json", "-q");
        Assert.True(secrets.ExitCode == 0, secrets.ToString());
        var ids = Findings(secrets.Stdout).Select(f => f.GetProperty("ruleId").GetString()).ToList();
        Assert.NotEmpty(ids);
        Assert.DoesNotContain(ids, id => id!.StartsWith("PAL-DF", StringComparison.Ordinal));
        var config = Runner.Run("fs", dir, "--scanners", "misconfig", "-f", "json", "-q");
        Assert.Contains(Findings(config.Stdout), f => f.GetProperty("ruleId").GetString() == "PAL-DF-001");
    }
}
