using Newtonsoft.Json.Linq;
using Palisade.Policy.Documents;

namespace Palisade.Policy.Model;

/// <summary>The policies of a set of files, the documents that are policies Palisade cannot run yet, and load errors.</summary>
public sealed class PolicySet
{
    public List<KyvernoPolicy> Policies { get; } = [];

    public List<UnsupportedPolicy> Unsupported { get; } = [];

    /// <summary>Files or documents that could not be read as policies: "file: reason".</summary>
    public List<string> Errors { get; } = [];

    public KyvernoPolicy? Find(string key) =>
        Policies.FirstOrDefault(p => p.Key == key) ?? Policies.FirstOrDefault(p => p.Name == key);
}

/// <summary>
/// Reads Kyverno policies from YAML/JSON files and directories (multi-document files; a Kustomize
/// <c>kustomization.yaml</c> is not a policy and is ignored, as are documents of other kinds).
/// </summary>
public static class PolicyLoader
{
    private static readonly HashSet<string> KyvernoGroups = new(StringComparer.Ordinal) { "kyverno.io/v1", "kyverno.io/v2beta1", "kyverno.io/v2" };

    /// <summary>Kinds of the policies.kyverno.io and other groups that Palisade recognises but does not evaluate.</summary>
    private static readonly Dictionary<string, string> UnsupportedKinds = new(StringComparer.Ordinal)
    {
        ["ValidatingPolicy"] = "CEL ValidatingPolicy is not supported yet",
        ["NamespacedValidatingPolicy"] = "CEL ValidatingPolicy is not supported yet",
        ["MutatingPolicy"] = "CEL MutatingPolicy is not supported yet",
        ["NamespacedMutatingPolicy"] = "CEL MutatingPolicy is not supported yet",
        ["GeneratingPolicy"] = "generate policies are not supported yet",
        ["NamespacedGeneratingPolicy"] = "generate policies are not supported yet",
        ["DeletingPolicy"] = "deleting policies are not supported yet",
        ["NamespacedDeletingPolicy"] = "deleting policies are not supported yet",
        ["ImageValidatingPolicy"] = "image verification policies are not supported yet",
        ["NamespacedImageValidatingPolicy"] = "image verification policies are not supported yet",
        ["ClusterCleanupPolicy"] = "cleanup policies are not supported yet",
        ["CleanupPolicy"] = "cleanup policies are not supported yet",
        ["ValidatingAdmissionPolicy"] = "ValidatingAdmissionPolicy (CEL) is not supported yet",
        ["MutatingAdmissionPolicy"] = "MutatingAdmissionPolicy (CEL) is not supported yet",
    };

    /// <summary>Loads every policy file under the paths (files, or directories walked recursively for .yaml/.yml/.json).</summary>
    public static PolicySet Load(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var set = new PolicySet();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in PolicyDocuments.FilesUnder(path)) LoadFile(set, file, quiet: true);
            }
            else if (File.Exists(path))
            {
                LoadFile(set, path, quiet: false);
            }
            else
            {
                set.Errors.Add($"{path}: no such file or directory");
            }
        }
        return set;
    }

    /// <param name="quiet">Files found by walking a directory may be anything: only policy documents count, and a file that does not parse is an error only if it looks like a policy.</param>
    private static void LoadFile(PolicySet set, string file, bool quiet)
    {
        IReadOnlyList<JToken> docs;
        try
        {
            docs = PolicyDocuments.ReadFile(file);
        }
        catch (PolicyDocumentException e)
        {
            if (!quiet || LooksLikePolicy(file)) set.Errors.Add(e.Message);
            return;
        }
        foreach (var doc in docs) Add(set, doc, file);
    }

    private static bool LooksLikePolicy(string file)
    {
        try
        {
            var text = File.ReadAllText(file);
            return text.Contains("kyverno.io/", StringComparison.Ordinal) && text.Contains("kind:", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Adds one document if it is a policy (a List's items too).</summary>
    public static void Add(PolicySet set, JToken doc, string source)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (doc is not JObject obj) return;
        var kind = (string?)obj["kind"];
        var apiVersion = (string?)obj["apiVersion"] ?? "";
        if (kind == "List" && obj["items"] is JArray items)
        {
            foreach (var item in items) Add(set, item, source);
            return;
        }
        var name = (string?)obj["metadata"]?["name"] ?? "";
        if (kind is not null && UnsupportedKinds.TryGetValue(kind, out var reason) && (apiVersion.Contains("k8s.io", StringComparison.Ordinal) || apiVersion.Contains("kyverno.io", StringComparison.Ordinal)))
        {
            set.Unsupported.Add(new UnsupportedPolicy(kind, name, source, reason));
            return;
        }
        if (kind is not ("ClusterPolicy" or "Policy") || !KyvernoGroups.Contains(apiVersion)) return;
        try
        {
            set.Policies.Add(Parse(obj, source));
        }
        catch (PolicyDocumentException e)
        {
            set.Errors.Add(e.Message);
        }
    }

    /// <summary>Reads one ClusterPolicy or Policy document.</summary>
    /// <exception cref="PolicyDocumentException">It has no name, no rules, or a rule without a name.</exception>
    public static KyvernoPolicy Parse(JObject doc, string source)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var kind = (string?)doc["kind"];
        var name = (string?)doc["metadata"]?["name"];
        if (string.IsNullOrEmpty(name)) throw new PolicyDocumentException($"{source}: {kind} without metadata.name");
        if (doc["spec"] is not JObject spec) throw new PolicyDocumentException($"{source}: {kind} {name} has no spec");
        if (spec["rules"] is not JArray rules || rules.Count == 0) throw new PolicyDocumentException($"{source}: {kind} {name} has no rules");
        string? ns = null;
        if (kind == "Policy") ns = (string?)doc["metadata"]?["namespace"] ?? "default";
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (doc["metadata"]?["annotations"] is JObject a)
            foreach (var p in a.Properties())
                annotations[p.Name] = p.Value.Type == JTokenType.String ? (string)p.Value! : p.Value.ToString();
        var list = new List<PolicyRule>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in rules)
        {
            if (r is not JObject rule) throw new PolicyDocumentException($"{source}: {kind} {name}: a rule is not a mapping");
            var ruleName = (string?)rule["name"];
            if (string.IsNullOrEmpty(ruleName)) throw new PolicyDocumentException($"{source}: {kind} {name}: a rule has no name");
            if (!names.Add(ruleName)) throw new PolicyDocumentException($"{source}: {kind} {name}: two rules are named {ruleName}");
            list.Add(ParseRule(rule, ruleName));
        }
        return new KyvernoPolicy
        {
            Name = name,
            Namespace = ns,
            FailureAction = ActionOf((string?)spec["validationFailureAction"]) ?? FailureAction.Audit,
            Background = spec["background"]?.Type != JTokenType.Boolean || (bool)spec["background"]!,
            Annotations = annotations,
            Rules = list,
            Source = source,
            Document = doc,
        };
    }

    private static PolicyRule ParseRule(JObject rule, string name)
    {
        var (type, body) = rule["validate"] is { Type: JTokenType.Object } v ? (RuleType.Validate, v)
            : rule["mutate"] is { Type: JTokenType.Object } m ? (RuleType.Mutate, m)
            : rule["generate"] is { Type: JTokenType.Object } g ? (RuleType.Generate, g)
            : rule["verifyImages"] is { Type: JTokenType.Array } i ? (RuleType.VerifyImages, i)
            : (RuleType.Unknown, (JToken?)null);
        return new PolicyRule
        {
            Name = name,
            Type = type,
            Match = rule["match"],
            Exclude = rule["exclude"],
            Preconditions = rule["preconditions"],
            Context = rule["context"] as JArray,
            Body = body,
            FailureAction = type == RuleType.Validate ? ActionOf((string?)body?["failureAction"]) : null,
            Document = rule,
        };
    }

    /// <summary>"Enforce"/"enforce" or "Audit"/"audit"; null for anything else.</summary>
    public static FailureAction? ActionOf(string? text) => text?.ToLowerInvariant() switch
    {
        "enforce" => FailureAction.Enforce,
        "audit" => FailureAction.Audit,
        _ => null,
    };
}
