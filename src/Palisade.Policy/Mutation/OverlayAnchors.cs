using Newtonsoft.Json.Linq;

namespace Palisade.Policy.Mutation;

/// <summary>
/// Turns a Kyverno mutate overlay with anchors into a plain strategic merge patch for one resource, as the Kyverno
/// mutate documentation describes:
/// <list type="bullet">
/// <item>A conditional anchor <c>(key): pattern</c> is an "if": the key must exist in the resource and its value match.
/// When it does not, the enclosing map is not applied: in a list element, that element is not applied to that resource
/// element; anywhere else the whole patch is not applied (the rule is a skip).</item>
/// <item>In a list, an element with conditional anchors is applied to every resource element that satisfies them
/// (<c>containers: [{(name): "*", ...}]</c> reaches each named container); the patch element built for it carries the
/// resource element's <c>name</c> (or the list's merge key) so the merge finds it. A missing resource list has no
/// element to satisfy the conditions, so nothing is applied there and nothing fails.</item>
/// <item>A global anchor <c>&lt;(key)</c> is a condition on the whole patch: in a list it holds when any resource element
/// satisfies it (also a missing list fails it); when it fails the whole patch is not applied.</item>
/// <item>An add anchor <c>+(key): value</c> adds the value only when the resource has no such key (missing or null);
/// otherwise it is dropped. Inside an added value every anchor is resolved against nothing, so nested add anchors add.</item>
/// <item>The validate anchors, read as conditions here: equality <c>=(key)</c> (absent, or present and matching),
/// negation <c>X(key)</c> (absent) and existence <c>^(key): [pattern]</c> (some element of the list matches).</item>
/// </list>
/// Condition anchors are removed from the result; maps and lists emptied by that are removed too, so an anchor-only
/// element or map never reaches the merge. Values are compared with <see cref="AnchorValues"/>.
/// </summary>
internal sealed class OverlayAnchors
{
    private readonly string? apiVersion;
    private readonly string? kind;
    private readonly List<string> path = [];

    private OverlayAnchors(JObject resource)
    {
        apiVersion = (string?)resource["apiVersion"];
        kind = (string?)resource["kind"];
    }

    /// <summary>An anchor that did not hold: <see cref="Global"/> failures always stop the whole patch.</summary>
    private sealed record Failure(bool Global, string Message);

    /// <summary>The plain patch for <paramref name="resource"/>, or null with the reason the patch is not applied.</summary>
    public static JObject? Resolve(JObject patch, JObject resource, out string? notApplied)
    {
        var self = new OverlayAnchors(resource);
        var failure = self.Map(patch, resource, 0, out var result);
        notApplied = failure?.Message;
        return failure is null ? result ?? [] : null;
    }

    private string Where => path.Count == 0 ? "/" : "/" + string.Join('/', path);

    private Failure? Value(JToken pattern, JToken? resource, int depth, out JToken? result)
    {
        if (depth > StrategicMerge.MaxDepth) throw new PatchException($"overlay nested deeper than {StrategicMerge.MaxDepth} levels at {Where}");
        switch (pattern)
        {
            case JObject map:
                var failure = Map(map, resource, depth, out var m);
                result = m;
                return failure;
            case JArray list:
                failure = List(list, resource as JArray, depth, out var l);
                result = l;
                return failure;
            default:
                result = pattern.DeepClone();
                return null;
        }
    }

    /// <summary>Checks this map's conditions, then resolves its keys; a null result means "emptied by anchors: drop it".</summary>
    private Failure? Map(JObject pattern, JToken? resource, int depth, out JObject? result)
    {
        result = null;
        var target = resource as JObject;
        foreach (var p in pattern.Properties())
        {
            var a = AnchorKey.Parse(p.Name);
            if (a.IsCondition && !Holds(a, p.Value, target))
                return new Failure(a.Kind == AnchorKind.Global, $"{Where}: {Describe(a)} is not satisfied");
        }
        var output = new JObject();
        var dropped = false;
        foreach (var p in pattern.Properties())
        {
            var a = AnchorKey.Parse(p.Name);
            JToken? current = null;
            var present = target is not null && target.TryGetValue(a.Key, out current) && current.Type != JTokenType.Null;
            if (a.IsCondition || (a.Kind == AnchorKind.AddIfNotPresent && present))
            {
                dropped = true;
                continue;
            }
            path.Add(a.Key);
            var failure = Value(p.Value, a.Kind == AnchorKind.AddIfNotPresent ? null : current, depth + 1, out var value);
            path.RemoveAt(path.Count - 1);
            if (failure is not null) return failure;
            if (value is null) dropped = true;
            else output[a.Key] = value;
        }
        if (output.Count > 0 || !dropped) result = output;
        return null;
    }

    private Failure? List(JArray pattern, JArray? resource, int depth, out JArray? result)
    {
        result = null;
        var output = new JArray();
        var dropped = false;
        foreach (var element in pattern)
        {
            if (element is not JObject item || !AnchorKey.Any(item, a => a.Kind != AnchorKind.None))
            {
                output.Add(element.DeepClone());
                continue;
            }
            var failure = AnchorKey.Any(item, a => a.IsCondition)
                ? ForEachMatching(item, pattern, resource, depth, output)
                : AddToKeyed(item, pattern, resource, depth, output);
            if (failure is not null) return failure;
            dropped = true;
        }
        if (output.Count > 0 || !dropped) result = output;
        return null;
    }

    /// <summary>A list element with conditions: one patch element for each resource element that satisfies them.</summary>
    private Failure? ForEachMatching(JObject item, JArray pattern, JArray? resource, int depth, JArray output)
    {
        var global = AnchorKey.Any(item, a => a.Kind == AnchorKind.Global);
        var key = MergeKeys.IdentityKey(apiVersion, kind, path, resource, pattern);
        Failure? lastGlobal = null;
        foreach (var element in resource ?? [])
        {
            var failure = Map(item, element, depth + 1, out var built);
            if (failure is not null)
            {
                if (failure.Global) lastGlobal = failure;
                continue;
            }
            if (global) return null;
            if (built is null || element is not JObject source) continue;
            var identity = source.TryGetValue("name", out var n) && n is JValue ? "name" : key;
            if (identity is null || !source.TryGetValue(identity, out var id) || id is not JValue) continue;
            built[identity] = id.DeepClone();
            output.Add(built);
        }
        return global ? lastGlobal ?? new Failure(true, $"{Where}: no element satisfies the global anchor") : null;
    }

    /// <summary>A list element with add anchors only: resolved against the resource element with the same merge key.</summary>
    private Failure? AddToKeyed(JObject item, JArray pattern, JArray? resource, int depth, JArray output)
    {
        var key = MergeKeys.IdentityKey(apiVersion, kind, path, resource, pattern) ?? "name";
        JToken? match = null;
        if (item.TryGetValue(key, out var id))
            match = resource?.FirstOrDefault(e => e is JObject o && o.TryGetValue(key, out var other) && JsonEquality.Equal(id, other));
        var failure = Map(item, match, depth + 1, out var built);
        if (failure is null && built is not null) output.Add(built);
        return failure;
    }

    private static bool Holds(AnchorKey anchor, JToken pattern, JObject? resource)
    {
        JToken? value = null;
        var present = resource is not null && resource.TryGetValue(anchor.Key, out value);
        return anchor.Kind switch
        {
            AnchorKind.Negation => !present || value!.Type == JTokenType.Null,
            AnchorKind.Equality => !present || AnchorValues.Matches(pattern, value),
            AnchorKind.Existence => present && value is JArray list && pattern is JArray { Count: > 0 } wanted && list.Any(e => AnchorValues.Matches(wanted[0], e)),
            _ => present && AnchorValues.Matches(pattern, value),
        };
    }

    private static string Describe(AnchorKey a) => a.Kind switch
    {
        AnchorKind.Global => $"global anchor <({a.Key})",
        AnchorKind.Equality => $"equality anchor =({a.Key})",
        AnchorKind.Existence => $"existence anchor ^({a.Key})",
        AnchorKind.Negation => $"negation anchor X({a.Key})",
        _ => $"conditional anchor ({a.Key})",
    };
}
