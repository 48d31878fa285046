using System.Text;
using System.Text.Json;

namespace Palisade.Cli.Tests.Infrastructure;

/// <summary>Manifests the CLI tests scan.</summary>
public static class Manifests
{
    /// <summary>A privileged Deployment with a :latest image: CRITICAL, HIGH, MEDIUM and LOW findings.</summary>
    public const string BadDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: prod
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: nginx:latest
                  securityContext:
                    privileged: true

        """;

    /// <summary>Nothing to say about this one.</summary>
    public const string CleanConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: prod
        data:
          LOG_LEVEL: info

        """;

    /// <summary>Unterminated flow sequence: a YAML syntax error on line 7.</summary>
    public const string Malformed = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: broken
        spec:
          containers: [
            {name: a, image: nginx

        """;

    /// <summary>Billion laughs: nine levels of nine aliases each, 9^9 nodes if expanded.</summary>
    public static string AliasBomb()
    {
        var sb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        var prev = 'a';
        for (var c = 'b'; c <= 'i'; c++)
        {
            sb.Append("  ").Append(c).Append(": &").Append(c).Append(" [")
              .AppendJoin(',', Enumerable.Repeat("*" + prev, 9)).Append("]\n");
            prev = c;
        }
        return sb.ToString();
    }

    /// <summary>A ConfigMap whose data nests <paramref name="depth"/> block mappings deep.</summary>
    public static string DeeplyNested(int depth)
    {
        var sb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n");
        for (var i = 0; i < depth; i++) sb.Append(' ', i + 2).Append('k').Append(i).Append(i == depth - 1 ? ": leaf\n" : ":\n");
        return sb.ToString();
    }

    /// <summary>A Pod whose only Pod Security problem (at baseline) is procMount: Unmasked, in a user namespace.</summary>
    public const string UnmaskedProcInUserNamespace = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: proc
          namespace: prod
        spec:
          hostUsers: false
          containers:
            - name: c
              image: nginx:1.27
              securityContext:
                procMount: Unmasked

        """;
}

/// <summary>Reading the JSON report.</summary>
public static class JsonReport
{
    public static JsonDocument Parse(string json) => JsonDocument.Parse(json);

    public static IEnumerable<JsonElement> Findings(JsonDocument doc) =>
        doc.RootElement.GetProperty("results").EnumerateArray().SelectMany(r => r.GetProperty("findings").EnumerateArray());

    public static IEnumerable<JsonElement> Errors(JsonDocument doc) =>
        doc.RootElement.GetProperty("results").EnumerateArray().SelectMany(r => r.GetProperty("errors").EnumerateArray());

    public static IReadOnlySet<string> RuleIds(string json)
    {
        using var doc = Parse(json);
        return Findings(doc).Select(f => f.GetProperty("ruleId").GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    public static IReadOnlyList<string> Targets(string json)
    {
        using var doc = Parse(json);
        return doc.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("target").GetString()!).ToList();
    }
}
