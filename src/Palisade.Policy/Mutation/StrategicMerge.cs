using Newtonsoft.Json.Linq;

namespace Palisade.Policy.Mutation;

/// <summary>
/// Kyverno's <c>patchStrategicMerge</c>: the overlay's anchors are resolved against the resource
/// (<see cref="OverlayAnchors"/>), then the plain patch is merged the way Kyverno merges it (kustomize's kyaml
/// strategic merge with new list items prepended):
/// <list type="bullet">
/// <item>maps merge recursively; a scalar replaces; <c>null</c> deletes the key;</item>
/// <item>lists follow the Kubernetes API's <c>patchStrategy</c>/<c>patchMergeKey</c> (<see cref="MergeKeys"/>): keyed lists
/// (containers by name, env by name, ports by containerPort, volumeMounts by mountPath, volumes by name ...) merge element
/// by element, other lists are replaced whole, finalizers merge as a set. In a merged list the patch's elements come
/// first, in the patch's order (new ones and existing ones alike, as kyaml orders them), then the resource's other
/// elements in their order;</item>
/// <item>directives: <c>$patch: delete</c> in a map deletes the field it patches (in a keyed list element, the element
/// with that key); <c>$patch: replace</c> on a map replaces it instead of merging; a list element <c>{$patch: replace}</c> makes
/// the list replace the resource's. <c>$setElementOrder/…</c>, <c>$retainKeys</c> and
/// <c>$deleteFromPrimitiveList/…</c> are dropped (kyaml, and so Kyverno, does not implement them).</item>
/// </list>
/// A map merged onto a list or scalar (or the reverse) is a <see cref="PatchException"/>, as in kyaml.
/// </summary>
public static class StrategicMerge
{
    /// <summary>The deepest nesting of resource, overlay or JSON pointer the mutation code walks before refusing.</summary>
    public const int MaxDepth = 512;

    private const string PatchDirective = "$patch";

    /// <summary>The patched resource (a new object; <paramref name="resource"/> is not modified). Unchanged when an anchor condition fails.</summary>
    /// <exception cref="PatchException">The overlay is not an object, or cannot be merged.</exception>
    public static JObject Apply(JObject resource, JToken patch) => Mutate(resource, patch).Patched;

    /// <summary>Applies the overlay and tells whether the rule changed the resource or is a skip (and why).</summary>
    /// <exception cref="PatchException">The overlay is not an object, or cannot be merged.</exception>
    public static MutationResult Mutate(JObject resource, JToken patch)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(patch);
        if (patch is not JObject overlay) throw new PatchException($"a strategic merge patch must be an object, not {patch.Type}");
        Limits.CheckDepth(resource, "the resource");
        Limits.CheckDepth(overlay, "the patch");
        var plain = OverlayAnchors.Resolve(overlay, resource, out var notApplied);
        if (plain is null) return MutationResult.NotApplied(resource, notApplied!);
        return MutationResult.Of(resource, MergeWithin(resource, plain));
    }

    /// <summary>Merges a patch without anchors into a copy of <paramref name="resource"/>.</summary>
    /// <exception cref="PatchException">The patch cannot be merged.</exception>
    public static JObject Merge(JObject resource, JObject patch)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(patch);
        Limits.CheckDepth(resource, "the resource");
        Limits.CheckDepth(patch, "the patch");
        return MergeWithin(resource, patch);
    }

    /// <summary><see cref="Merge"/> for input already known to be within <see cref="MaxDepth"/>.</summary>
    private static JObject MergeWithin(JObject resource, JObject patch)
    {
        var merger = new Merger((string?)resource["apiVersion"], (string?)resource["kind"]);
        var result = (JObject)resource.DeepClone();
        return merger.Object(result, patch, 0) as JObject ?? [];
    }

    private sealed class Merger(string? apiVersion, string? kind)
    {
        private readonly List<string> path = [];

        private string Where => "/" + string.Join('/', path);

        /// <summary>Merges <paramref name="patch"/> into <paramref name="target"/> (modified); null means "delete the field".</summary>
        public JToken? Object(JObject target, JObject patch, int depth)
        {
            switch (Directive(patch))
            {
                case "delete":
                    return null;
                case "replace":
                    return Clean(patch, depth);
            }
            foreach (var p in patch.Properties())
            {
                if (IsDirective(p.Name)) continue;
                if (p.Value.Type == JTokenType.Null)
                {
                    target.Remove(p.Name);
                    continue;
                }
                path.Add(p.Name);
                var merged = target.TryGetValue(p.Name, out var current) && current.Type != JTokenType.Null
                    ? Value(current, p.Value, depth + 1)
                    : Clean(p.Value, depth + 1);
                path.RemoveAt(path.Count - 1);
                if (merged is null) target.Remove(p.Name);
                else target[p.Name] = merged;
            }
            return target;
        }

        private JToken? Value(JToken current, JToken patch, int depth)
        {
            if (depth > MaxDepth) throw new PatchException($"patch nested deeper than {MaxDepth} levels at {Where}");
            if (patch is JObject directive && Directive(directive) == "delete") return null;
            return (current, patch) switch
            {
                (JObject c, JObject p) => Object(c, p, depth),
                (JArray c, JArray p) => List(c, p, depth),
                (JValue, JValue) => patch.DeepClone(),
                _ => throw new PatchException($"{Where}: cannot merge {Describe(patch)} into {Describe(current)}"),
            };
        }

        private JArray List(JArray current, JArray patch, int depth)
        {
            if (patch.Any(IsReplaceMarker)) return (JArray)Clean(new JArray(patch.Where(e => !IsReplaceMarker(e))), depth)!;
            var strategy = MergeKeys.For(apiVersion, kind, path, current, patch);
            return strategy.Kind switch
            {
                ListMerge.ByKey => Keyed(current, patch, strategy.Key!, depth),
                ListMerge.Scalars => Scalars(current, patch, depth),
                _ => (JArray)Clean(patch, depth)!,
            };
        }

        /// <summary>kyaml's order with new items prepended: the patch's keys first, in patch order, then the rest of the resource.</summary>
        /// <summary>
        /// kyaml's order with new items prepended: the patch's keys first, in patch order, then the rest of the resource.
        /// <paramref name="current"/> is this merge's own copy, so its elements are detached and reused, not cloned.
        /// </summary>
        private JArray Keyed(JArray current, JArray patch, string key, int depth)
        {
            var elements = current.ToList();
            current.Clear();
            var existing = new Dictionary<string, JObject>(StringComparer.Ordinal);
            foreach (var e in elements)
                if (e is JObject o && Identity(o, key) is { } id) existing.TryAdd(id, o);
            var result = new JArray();
            var placed = new Dictionary<string, JObject>(StringComparer.Ordinal);
            var used = new HashSet<JToken>(ReferenceEqualityComparer.Instance);
            var deleted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var e in patch)
            {
                if (e is not JObject item) throw new PatchException($"{Where}: list merged by {key} has a {e.Type} element");
                var id = Identity(item, key);
                if (id is null)
                {
                    if (Clean(item, depth + 1) is { } added) result.Add(added);
                    continue;
                }
                if (Directive(item) == "delete")
                {
                    deleted.Add(id);
                    continue;
                }
                var into = placed.TryGetValue(id, out var seen) ? seen : existing.GetValueOrDefault(id);
                if (into is not null) used.Add(into);
                var merged = into is null ? Clean(item, depth + 1) : Object(into, item, depth + 1);
                if (merged is not JObject m) continue;
                if (seen is null) result.Add(m);
                else seen.Replace(m);
                placed[id] = m;
            }
            foreach (var e in elements)
            {
                if (used.Contains(e)) continue;
                var id = e is JObject o ? Identity(o, key) : null;
                if (id is null || !deleted.Contains(id)) result.Add(e);
            }
            return result;
        }

        private JArray Scalars(JArray current, JArray patch, int depth)
        {
            var result = new JArray();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var e in patch.Concat(current))
            {
                if (e is JObject o && IsOnlyDirectives(o)) continue;
                if (seen.Add(e is JValue v ? ScalarKey(v) : e.ToString(Newtonsoft.Json.Formatting.None))) result.Add(Clean(e, depth + 1)!);
            }
            return result;
        }

        private static string? Identity(JObject item, string key) =>
            item.TryGetValue(key, out var v) && v is JValue { Type: not JTokenType.Null } value ? ScalarKey(value) : null;

        /// <summary>A cheap identity for a scalar: its JSON type and invariant text (so "80" and 80 differ).</summary>
        private static string ScalarKey(JValue v) =>
            (int)v.Type + ":" + Convert.ToString(v.Value, System.Globalization.CultureInfo.InvariantCulture);

        private static string Describe(JToken t) => t switch
        {
            JObject => "a map",
            JArray => "a list",
            _ => "a scalar",
        };
    }

    /// <summary>A copy of a patch value as it lands where the resource has nothing: nulls, deleted maps and directives dropped.</summary>
    private static JToken? Clean(JToken value, int depth)
    {
        if (depth > MaxDepth) throw new PatchException($"patch nested deeper than {MaxDepth} levels");
        switch (value)
        {
            case JObject o:
                if (Directive(o) == "delete") return null;
                var copy = new JObject();
                foreach (var p in o.Properties())
                    if (!IsDirective(p.Name) && p.Value.Type != JTokenType.Null && Clean(p.Value, depth + 1) is { } v) copy[p.Name] = v;
                return copy;
            case JArray a:
                var list = new JArray();
                foreach (var e in a)
                    if (!(e is JObject o && IsOnlyDirectives(o)) && Clean(e, depth + 1) is { } v) list.Add(v);
                return list;
            default:
                return value.DeepClone();
        }
    }

    private static string? Directive(JObject o)
    {
        if (!o.TryGetValue(PatchDirective, out var d)) return null;
        var text = d.Type == JTokenType.String ? (string?)d : null;
        return text switch
        {
            "delete" or "replace" or "merge" => text,
            _ => throw new PatchException($"unknown {PatchDirective} directive '{d}' (expected delete, replace or merge)"),
        };
    }

    /// <summary>The list element <c>{$patch: replace}</c>: the list replaces the resource's instead of merging.</summary>
    private static bool IsReplaceMarker(JToken e) => e is JObject { Count: 1 } o && Directive(o) == "replace";

    private static bool IsOnlyDirectives(JObject o) => o.Count > 0 && o.Properties().All(p => IsDirective(p.Name));

    private static bool IsDirective(string name) =>
        name is PatchDirective or "$retainKeys" || name.StartsWith("$setElementOrder/", StringComparison.Ordinal) || name.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal);
}
