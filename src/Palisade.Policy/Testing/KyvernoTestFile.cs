using Newtonsoft.Json.Linq;
using Palisade.Policy.Documents;
using Palisade.Policy.Matching;

namespace Palisade.Policy.Testing;

/// <summary>One expectation of a kyverno-test.yaml: a policy's rule on resources of a kind gives this result.</summary>
/// <param name="Policy">The policy name (<c>namespace/name</c> for a namespaced Policy).</param>
/// <param name="Rule">The rule name; null for policy types without named rules.</param>
/// <param name="Resources">Resource names, optionally <c>namespace/name</c>.</param>
/// <param name="Result">pass, fail, skip, warn or error.</param>
/// <param name="PatchedResource">For mutate rules: the file holding the expected mutated resource (resolved to a full path).</param>
/// <param name="PolicyType">Set when the entry names a policy type flag (isValidatingPolicy, isMutatingPolicy ...).</param>
public sealed record TestExpectation(string Policy, string? Rule, string Kind, IReadOnlyList<string> Resources, string Result, string? PatchedResource, string? PolicyType);

/// <summary>
/// A Kyverno CLI test manifest (<c>cli.kyverno.io/v1alpha1</c> <c>Test</c>, the file kyverno-test.yaml): policy and
/// resource files, an optional Values file and userinfo file, and the expected results. Paths are relative to the
/// manifest's directory.
/// </summary>
public sealed class KyvernoTestFile
{
    public required string Path { get; init; }

    public required string Name { get; init; }

    public required IReadOnlyList<string> Policies { get; init; }

    public required IReadOnlyList<string> Resources { get; init; }

    public string? Variables { get; init; }

    public string? UserInfo { get; init; }

    public required IReadOnlyList<TestExpectation> Results { get; init; }

    private static readonly string[] PolicyTypeFlags =
    [
        "isValidatingPolicy", "isMutatingPolicy", "isMUtatingPolicy", "isGeneratingPolicy", "isDeletingPolicy", "isImageValidatingPolicy",
        "isValidatingAdmissionPolicy", "isMutatingAdmissionPolicy",
    ];

    /// <exception cref="PolicyDocumentException">The file does not parse or is not a Test.</exception>
    public static KyvernoTestFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var docs = PolicyDocuments.ReadFile(path);
        if (docs.FirstOrDefault() is not JObject doc || (string?)doc["kind"] != "Test")
            throw new PolicyDocumentException($"{path}: not a Kyverno CLI test (expected kind: Test)");
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        string Resolve(string p) => System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, p));
        var results = new List<TestExpectation>();
        foreach (var r in (doc["results"] as JArray ?? []).OfType<JObject>())
        {
            var resources = ResourceMatcher.Strings(r["resources"]).ToList();
            if ((string?)r["resource"] is { Length: > 0 } single) resources.Add(r["namespace"] is { Type: JTokenType.String } ns ? $"{ns}/{single}" : single);
            var result = (string?)r["result"] ?? (string?)r["status"] ?? "";
            var flag = PolicyTypeFlags.FirstOrDefault(f => r[f]?.Type == JTokenType.Boolean && (bool)r[f]!);
            results.Add(new TestExpectation((string?)r["policy"] ?? "", (string?)r["rule"], (string?)r["kind"] ?? "", resources, result.ToLowerInvariant(),
                (string?)r["patchedResources"] is { Length: > 0 } patched ? Resolve(patched) : (string?)r["patchedResource"] is { Length: > 0 } p2 ? Resolve(p2) : null,
                flag));
        }
        return new KyvernoTestFile
        {
            Path = path,
            Name = (string?)doc["metadata"]?["name"] ?? (string?)doc["name"] ?? System.IO.Path.GetFileName(dir),
            Policies = ResourceMatcher.Strings(doc["policies"]).Select(Resolve).ToList(),
            Resources = ResourceMatcher.Strings(doc["resources"]).Select(Resolve).ToList(),
            Variables = (string?)doc["variables"] is { Length: > 0 } v ? Resolve(v) : null,
            UserInfo = (string?)doc["userinfo"] is { Length: > 0 } u ? Resolve(u) : null,
            Results = results,
        };
    }

    /// <summary>Every kyverno-test.yaml under the paths (also in hidden .kyverno-test folders), in path order.</summary>
    public static IReadOnlyList<string> Find(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var found = new List<string>();
        foreach (var p in paths)
        {
            if (File.Exists(p)) found.Add(p);
            else if (Directory.Exists(p))
                found.AddRange(Directory.EnumerateFiles(p, "kyverno-test.yaml", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }));
        }
        return found.Select(System.IO.Path.GetFullPath).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}

/// <summary>
/// A Kyverno CLI Values file (<c>kind: Values</c>): variable values for all policies (<c>globalValues</c>), per policy
/// rule and per resource; namespace labels for <c>namespaceSelector</c>; and full Namespace objects.
/// </summary>
public sealed class ValuesFile
{
    public static ValuesFile Empty { get; } = new();

    public JObject Global { get; init; } = [];

    /// <summary>(policy, rule) to values.</summary>
    public IReadOnlyDictionary<(string Policy, string Rule), JObject> RuleValues { get; init; } = new Dictionary<(string, string), JObject>();

    /// <summary>(policy, resource name) to values.</summary>
    public IReadOnlyDictionary<(string Policy, string Resource), JObject> ResourceValues { get; init; } = new Dictionary<(string, string), JObject>();

    /// <summary>Namespace name to its labels.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> NamespaceLabels { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <exception cref="PolicyDocumentException">The file does not parse or is not a Values document.</exception>
    public static ValuesFile Read(string path)
    {
        var doc = PolicyDocuments.ReadFile(path).FirstOrDefault() as JObject ?? throw new PolicyDocumentException($"{path}: empty values file");
        return Parse(doc);
    }

    public static ValuesFile Parse(JObject doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var rules = new Dictionary<(string, string), JObject>();
        var resources = new Dictionary<(string, string), JObject>();
        foreach (var p in (doc["policies"] as JArray ?? []).OfType<JObject>())
        {
            var name = (string?)p["name"] ?? "";
            foreach (var r in (p["rules"] as JArray ?? []).OfType<JObject>())
                if (r["values"] is JObject v) rules[(name, (string?)r["name"] ?? "")] = v;
            foreach (var r in (p["resources"] as JArray ?? []).OfType<JObject>())
                if (r["values"] is JObject v) resources[(name, (string?)r["name"] ?? "")] = v;
        }
        var labels = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var n in (doc["namespaceSelector"] as JArray ?? []).OfType<JObject>())
            labels[(string?)n["name"] ?? ""] = ResourceMatcher.Labels(n["labels"]);
        foreach (var n in (doc["namespaces"] as JArray ?? []).OfType<JObject>())
        {
            var name = (string?)n["metadata"]?["name"] ?? "";
            var map = new Dictionary<string, string>(ResourceMatcher.Labels(n["metadata"]?["labels"]), StringComparer.Ordinal) { ["kubernetes.io/metadata.name"] = name };
            labels[name] = map;
        }
        return new ValuesFile { Global = doc["globalValues"] as JObject ?? [], RuleValues = rules, ResourceValues = resources, NamespaceLabels = labels };
    }
}

/// <summary>A Kyverno CLI UserInfo file (<c>kind: UserInfo</c>): the requester of the simulated admission request.</summary>
public static class UserInfoFile
{
    /// <exception cref="PolicyDocumentException">The file does not parse.</exception>
    public static AdmissionInfo Read(string path, AdmissionInfo? baseInfo = null)
    {
        var doc = PolicyDocuments.ReadFile(path).FirstOrDefault() as JObject ?? throw new PolicyDocumentException($"{path}: empty userinfo file");
        var info = baseInfo ?? AdmissionInfo.Default;
        return info with
        {
            Username = (string?)doc["userInfo"]?["username"] ?? info.Username,
            Groups = ResourceMatcher.Strings(doc["userInfo"]?["groups"]) is { Count: > 0 } g ? g : info.Groups,
            Roles = ResourceMatcher.Strings(doc["roles"]),
            ClusterRoles = ResourceMatcher.Strings(doc["clusterRoles"]),
        };
    }
}
