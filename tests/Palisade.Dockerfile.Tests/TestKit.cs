using Palisade.Core.Findings;
using Palisade.Dockerfile.Checks;
using Palisade.Dockerfile.Model;
using Palisade.Dockerfile.Parsing;
using Palisade.Dockerfile.Scanning;

namespace Palisade.Dockerfile.Tests;

internal static class TestKit
{
    /// <summary>Parses text whose lines are given one per argument (joined with \n).</summary>
    public static DockerfileDocument Parse(params string[] lines) => DockerfileParser.Parse(string.Join('\n', lines), "Dockerfile");

    /// <summary>Parses text that must have no errors.</summary>
    public static DockerfileDocument Valid(params string[] lines)
    {
        var doc = Parse(lines);
        Assert.True(doc.Errors.Count == 0, string.Join("\n", doc.Errors.Select(e => $"{e.Location?.StartLine}: {e.Message}")));
        return doc;
    }

    public static DockerfileCheck Check(string id) => DockerfileChecks.All.Single(c => c.Id == id);

    /// <summary>Runs one check over the text; its findings.</summary>
    public static List<Finding> Run(string id, string text, bool? hasDockerignore = null) =>
        DockerfileScanner.ScanText(text, "Dockerfile", [Check(id)], hasDockerignore).Findings.Where(f => f.RuleId == id).ToList();

    /// <summary>Runs every check over the text.</summary>
    public static TargetResult ScanAll(string text, bool? hasDockerignore = true) => DockerfileScanner.ScanText(text, "Dockerfile", null, hasDockerignore);

    public static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";
}
