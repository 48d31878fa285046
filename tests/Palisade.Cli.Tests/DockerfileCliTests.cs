using System.Text.Json;
using Palisade.Cli.Tests.Infrastructure;

namespace Palisade.Cli.Tests;

/// <summary>Dockerfiles through `palisade scan` / `config`: discovery, suppression, errors, selection.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class DockerfileCliTests : IDisposable
{
    private readonly TempTree _tree = new();

    private const string Bad = "FROM node:latest\nRUN curl -fsSL https://example.com/install.sh | sh\nCMD node server.js\n";

    public void Dispose() => _tree.Dispose();

    private static List<(string Target, string RuleId, int Line)> Findings(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("results").EnumerateArray()
            .SelectMany(r => r.GetProperty("findings").EnumerateArray().Select(f => (
                r.GetProperty("target").GetString()!, f.GetProperty("ruleId").GetString()!, f.GetProperty("location").GetProperty("startLine").GetInt32())))
            .ToList();
    }

    [Theory]
    [InlineData("Dockerfile")]
    [InlineData("Containerfile")]
    [InlineData("api.Dockerfile")]
    [InlineData("build/worker.dockerfile")]
    [InlineData("Dockerfile.prod")]
    [InlineData("dockerfile")]
    public void Dockerfiles_are_found_by_their_usual_names(string name)
    {
        _tree.Write(name, Bad);
        var r = Runner.Run("config", "-f", "json", _tree.Root);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains(Findings(r.Stdout), f => f.Target == name && f.RuleId == "PAL-DF-010");
    }

    [Theory]
    [InlineData("Dockerfile.dockerignore")]
    [InlineData("docs/dockerfile-guide.md")]
    [InlineData("Dockerfiles.txt")]
    public void Other_files_are_not_read_as_dockerfiles(string name)
    {
        _tree.Write(name, Bad);
        var r = Runner.Run("config", "-f", "json", _tree.Root);
        Assert.Empty(Findings(r.Stdout));
    }

    [Fact]
    public void Inline_and_hadolint_suppressions_and_global_ignores_are_honoured()
    {
        _tree.Write("Dockerfile", """
            # palisade global ignore=PAL-DF-005
            # hadolint ignore=DL3007
            FROM node:latest
            # palisade ignore=PAL-DF-010
            RUN curl -fsSL https://example.com/install.sh | sh
            CMD node server.js
            """);
        var ids = Findings(Runner.Run("config", "-f", "json", _tree.Root).Stdout).Select(f => f.RuleId).ToHashSet();
        Assert.DoesNotContain("PAL-DF-003", ids);
        Assert.DoesNotContain("PAL-DF-005", ids);
        Assert.DoesNotContain("PAL-DF-010", ids);
        Assert.Contains("PAL-DF-022", ids);
    }

    [Fact]
    public void A_malformed_dockerfile_is_an_error_with_its_line_and_exit_2_and_the_rest_is_still_reported()
    {
        _tree.Write("bad/Dockerfile", "FROM alpine:3.20\nRUNN echo typo\nRUN <<EOF\necho never closed\n");
        _tree.Write("good/Dockerfile", Bad);
        var r = Runner.Run("config", "-f", "json", _tree.Root);
        Assert.True(r.ExitCode == 2, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var bad = doc.RootElement.GetProperty("results").EnumerateArray().Single(x => x.GetProperty("target").GetString() == "bad/Dockerfile");
        var lines = bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("location").GetProperty("startLine").GetInt32()).ToList();
        Assert.Contains(2, lines);
        Assert.Contains(3, lines);
        Assert.Contains(Findings(r.Stdout), f => f.Target == "good/Dockerfile");
    }

    [Fact]
    public void Checks_dockerfile_selects_only_dockerfile_rules_and_k8s_excludes_them()
    {
        _tree.Write("Dockerfile", Bad);
        _tree.Write("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: nginx}]\n");
        var df = Findings(Runner.Run("config", "-f", "json", "--checks", "dockerfile", _tree.Root).Stdout);
        Assert.NotEmpty(df);
        Assert.All(df, f => Assert.StartsWith("PAL-DF-", f.RuleId, StringComparison.Ordinal));
        var k8s = Findings(Runner.Run("config", "-f", "json", "--checks", "k8s", _tree.Root).Stdout);
        Assert.NotEmpty(k8s);
        Assert.DoesNotContain(k8s, f => f.RuleId.StartsWith("PAL-DF-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_dockerignore_beside_the_dockerfile_silences_the_copy_everything_check()
    {
        _tree.Write("Dockerfile", "FROM alpine:3.20\nCOPY . /app\n");
        Assert.Contains(Findings(Runner.Run("config", "-f", "json", _tree.Root).Stdout), f => f.RuleId == "PAL-DF-024");
        _tree.Write(".dockerignore", ".git\n");
        Assert.DoesNotContain(Findings(Runner.Run("config", "-f", "json", _tree.Root).Stdout), f => f.RuleId == "PAL-DF-024");
    }

    [Fact]
    public void Checks_list_json_gives_hadolint_aliases()
    {
        using var doc = JsonDocument.Parse(Runner.Run("checks", "list", "-f", "json").Stdout);
        var rule = doc.RootElement.EnumerateArray().Single(r => r.GetProperty("id").GetString() == "PAL-DF-001");
        Assert.Equal(["DL3002"], rule.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
    }
}
