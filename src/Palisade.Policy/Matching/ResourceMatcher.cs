using Newtonsoft.Json.Linq;
using Palisade.Policy.Patterns;

namespace Palisade.Policy.Matching;

/// <summary>A resource as a rule's match and exclude blocks see it.</summary>
/// <param name="Resource">The object.</param>
/// <param name="NamespaceLabels">Labels of the resource's namespace, when known (for <c>namespaceSelector</c>): from the cluster, or a values file.</param>
/// <param name="Subresource">The admission request's subresource ("status", "exec" ...), or null for the object itself.</param>
public sealed record MatchTarget(JObject Resource, AdmissionInfo Admission, IReadOnlyDictionary<string, string>? NamespaceLabels = null, string? Subresource = null)
{
    public string Kind => (string?)Resource["kind"] ?? "";

    public string ApiVersion => (string?)Resource["apiVersion"] ?? "";

    public string Name => (string?)Resource["metadata"]?["name"] ?? "";

    /// <summary>The namespace; a Namespace object counts as being in itself, as Kyverno matches it.</summary>
    public string Namespace => Kind == "Namespace" ? Name : (string?)Resource["metadata"]?["namespace"] ?? "";
}

/// <summary>
/// Kyverno's <c>match</c> and <c>exclude</c> blocks: <c>any</c> (one filter suffices) and <c>all</c> (every filter), or
/// the older single-filter form; each filter's <c>resources</c> (kinds with group/version and subresources, names and
/// namespaces with wildcards, annotations, selector, namespaceSelector, operations), <c>subjects</c>, <c>roles</c> and
/// <c>clusterRoles</c>, all of which must hold.
/// </summary>
public static class ResourceMatcher
{
    /// <summary>Whether a match block selects the resource (a missing or empty block selects nothing).</summary>
    public static bool Matches(JToken? block, MatchTarget target) => Evaluate(block, target, emptyMeans: false);

    /// <summary>Whether an exclude block excludes the resource (a missing or empty block excludes nothing).</summary>
    public static bool Excludes(JToken? block, MatchTarget target) => Evaluate(block, target, emptyMeans: false);

    private static bool Evaluate(JToken? block, MatchTarget target, bool emptyMeans)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (block is not JObject obj || !obj.HasValues) return emptyMeans;
        var any = obj["any"] as JArray;
        var all = obj["all"] as JArray;
        if (any is { Count: > 0 } || all is { Count: > 0 })
        {
            if (any is { Count: > 0 } && !any.Any(f => FilterMatches(f as JObject, target))) return false;
            if (all is { Count: > 0 } && !all.All(f => FilterMatches(f as JObject, target))) return false;
            return true;
        }
        return IsEmptyFilter(obj) ? emptyMeans : FilterMatches(obj, target);
    }

    private static bool IsEmptyFilter(JObject filter) =>
        (filter["resources"] is not JObject r || !r.HasValues) && IsEmpty(filter["subjects"]) && IsEmpty(filter["roles"]) && IsEmpty(filter["clusterRoles"]);

    private static bool IsEmpty(JToken? t) => t is null || t.Type == JTokenType.Null || (t is JArray a && a.Count == 0);

    /// <summary>One filter: every part it specifies must hold.</summary>
    public static bool FilterMatches(JObject? filter, MatchTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (filter is null || IsEmptyFilter(filter)) return false;
        if (filter["resources"] is JObject resources && !ResourcesMatch(resources, target)) return false;
        if (!IsEmpty(filter["subjects"]) && !SubjectsMatch((JArray)filter["subjects"]!, target.Admission)) return false;
        if (!IsEmpty(filter["roles"]) && !Strings(filter["roles"]).Intersect(target.Admission.Roles, StringComparer.Ordinal).Any()) return false;
        if (!IsEmpty(filter["clusterRoles"]) && !Strings(filter["clusterRoles"]).Intersect(target.Admission.ClusterRoles, StringComparer.Ordinal).Any()) return false;
        return true;
    }

    /// <summary>A resources block's lists, read once per policy rather than on every resource.</summary>
    private sealed class CompiledResources(JObject r)
    {
        public IReadOnlyList<KindSelector> Kinds { get; } = Strings(r["kinds"]).Select(KindSelector.Parse).ToList();
        public string? Name { get; } = (string?)r["name"] is { Length: > 0 } n ? n : null;
        public IReadOnlyList<string> Names { get; } = Strings(r["names"]);
        public IReadOnlyList<string> Namespaces { get; } = Strings(r["namespaces"]);
        public IReadOnlyList<string> Operations { get; } = Strings(r["operations"]);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<JObject, CompiledResources> Compiled = new();

    private static bool ResourcesMatch(JObject r, MatchTarget target)
    {
        var c = Compiled.GetValue(r, block => new CompiledResources(block));
        if (c.Kinds.Count > 0)
        {
            var (apiVersion, kind) = (target.ApiVersion, target.Kind);
            var any = false;
            foreach (var k in c.Kinds)
            {
                if (!k.Matches(apiVersion, kind, target.Subresource)) continue;
                any = true;
                break;
            }
            if (!any) return false;
        }
        if (c.Name is { } name && !Wildcard.Match(name, target.Name)) return false;
        if (c.Names.Count > 0 && !c.Names.Any(n => Wildcard.Match(n, target.Name))) return false;
        if (c.Namespaces.Count > 0 && !c.Namespaces.Any(n => Wildcard.Match(n, target.Namespace))) return false;
        if (c.Operations.Count > 0 && !c.Operations.Contains(target.Admission.Operation, StringComparer.OrdinalIgnoreCase)) return false;
        if (r["annotations"] is JObject annotations && annotations.HasValues)
        {
            var actual = target.Resource["metadata"]?["annotations"] as JObject;
            foreach (var p in annotations.Properties())
            {
                var want = p.Value.Type == JTokenType.String ? (string)p.Value! : p.Value.ToString();
                var found = actual?.Properties().Any(a => Wildcard.Match(p.Name, a.Name) && Wildcard.Match(want, a.Value.Type == JTokenType.String ? (string)a.Value! : a.Value.ToString())) ?? false;
                if (!found) return false;
            }
        }
        if (r["selector"] is JObject selector && !Selectors.Matches(selector, Labels(target.Resource["metadata"]?["labels"]))) return false;
        if (r["namespaceSelector"] is JObject nsSelector)
        {
            // Cluster-scoped objects have no namespace to select; unknown namespace labels select nothing.
            if (target.Namespace.Length == 0 || target.NamespaceLabels is null) return false;
            if (!Selectors.Matches(nsSelector, target.NamespaceLabels)) return false;
        }
        return true;
    }

    private static bool SubjectsMatch(JArray subjects, AdmissionInfo who)
    {
        foreach (var s in subjects.OfType<JObject>())
        {
            var kind = (string?)s["kind"];
            var name = (string?)s["name"] ?? "";
            switch (kind)
            {
                case "User" when Wildcard.Match(name, who.Username):
                    return true;
                case "Group" when who.Groups.Any(g => Wildcard.Match(name, g)):
                    return true;
                case "ServiceAccount" when who.Username == $"system:serviceaccount:{(string?)s["namespace"]}:{name}":
                    return true;
            }
        }
        return false;
    }

    internal static IReadOnlyList<string> Strings(JToken? token) => token switch
    {
        JArray a => a.Where(x => x.Type is JTokenType.String or JTokenType.Integer or JTokenType.Boolean).Select(x => x.Type == JTokenType.String ? (string)x! : x.ToString()).ToList(),
        JValue { Type: JTokenType.String } v => [(string)v!],
        _ => [],
    };

    internal static IReadOnlyDictionary<string, string> Labels(JToken? labels)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (labels is JObject o)
            foreach (var p in o.Properties())
                map[p.Name] = p.Value.Type == JTokenType.String ? (string)p.Value! : p.Value.Type == JTokenType.Boolean ? ((bool)p.Value ? "true" : "false") : p.Value.ToString();
        return map;
    }
}

/// <summary>Kubernetes label selectors (matchLabels, matchExpressions) as Kyverno evaluates them: matchLabels values may hold wildcards.</summary>
public static class Selectors
{
    public static bool Matches(JObject selector, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(labels);
        if (selector["matchLabels"] is JObject matchLabels)
        {
            foreach (var p in matchLabels.Properties())
            {
                var want = p.Value.Type == JTokenType.String ? (string)p.Value! : p.Value.ToString();
                var hit = labels.Any(l => Wildcard.Match(p.Name, l.Key) && Wildcard.Match(want, l.Value));
                if (!hit) return false;
            }
        }
        if (selector["matchExpressions"] is JArray expressions)
        {
            foreach (var e in expressions.OfType<JObject>())
            {
                var key = (string?)e["key"] ?? "";
                var values = ResourceMatcher.Strings(e["values"]);
                var has = labels.TryGetValue(key, out var value);
                var ok = ((string?)e["operator"]) switch
                {
                    "In" => has && values.Contains(value!, StringComparer.Ordinal),
                    "NotIn" => !has || !values.Contains(value!, StringComparer.Ordinal),
                    "Exists" => has,
                    "DoesNotExist" => !has,
                    _ => false,
                };
                if (!ok) return false;
            }
        }
        return true;
    }
}

/// <summary>
/// A kind in a match block: <c>Kind</c>, <c>version/Kind</c>, <c>group/version/Kind</c>, each optionally followed by
/// <c>/subresource</c>; <c>*</c> wildcards in every part.
/// </summary>
public sealed record KindSelector(string? Group, string? Version, string Kind, string? Subresource)
{
    public static KindSelector Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        static bool IsKind(string s) => s.Length > 0 && (char.IsUpper(s[0]) || s == "*");
        return parts.Length switch
        {
            1 => new KindSelector(null, null, parts[0], null),
            // "v1/Pod" (version/Kind) or "Pod/exec" (Kind/subresource): a kind starts with a capital letter.
            2 when IsKind(parts[1]) && !IsKind(parts[0]) => new KindSelector(null, parts[0], parts[1], null),
            2 => new KindSelector(null, null, parts[0], parts[1]),
            3 when IsKind(parts[2]) => new KindSelector(parts[0], parts[1], parts[2], null),
            3 => new KindSelector(null, parts[0], parts[1], parts[2]),
            _ => new KindSelector(parts[0], parts[1], parts[2], string.Join('/', parts.Skip(3))),
        };
    }

    /// <summary>Whether an object of this apiVersion and kind (and the request's subresource, if any) is selected.</summary>
    public bool Matches(string apiVersion, string kind, string? subresource = null)
    {
        ArgumentNullException.ThrowIfNull(apiVersion);
        ArgumentNullException.ThrowIfNull(kind);
        if (!Wildcard.Match(Kind, kind)) return false;
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        if (Group is not null && !Wildcard.Match(Group, group)) return false;
        if (Version is not null && !Wildcard.Match(Version, version)) return false;
        // "Pod" selects pods, not their subresources; "Pod/exec" selects only exec requests; "Pod/*" any subresource.
        return Subresource is null ? subresource is null : subresource is not null && Wildcard.Match(Subresource, subresource);
    }
}
