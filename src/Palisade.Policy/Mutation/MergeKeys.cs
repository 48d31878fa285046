using Newtonsoft.Json.Linq;

namespace Palisade.Policy.Mutation;

/// <summary>How a strategic merge patch treats one list.</summary>
internal enum ListMerge
{
    /// <summary>Atomic: the patch's list replaces the resource's.</summary>
    Replace,

    /// <summary>A list of objects merged element by element on <see cref="ListStrategy.Key"/>.</summary>
    ByKey,

    /// <summary>A list of scalars merged as a set (<c>patchStrategy: merge</c> without a key, e.g. finalizers).</summary>
    Scalars,
}

/// <summary>The merge strategy of one list and, for <see cref="ListMerge.ByKey"/>, its merge key.</summary>
internal readonly record struct ListStrategy(ListMerge Kind, string? Key = null);

/// <summary>
/// The list strategies of the Kubernetes API (its <c>patchStrategy</c>/<c>patchMergeKey</c> markers) for the objects
/// Kyverno policies mutate. Kyverno merges overlays with kustomize's kyaml, which reads these from the built-in
/// OpenAPI schema of the resource's kind: a list whose field has no merge strategy there is atomic (replaced), e.g.
/// tolerations, args, command, dnsConfig.options, capabilities.add, nodeSelectorTerms. For kinds it has no schema for
/// (custom resources) kyaml infers a key: the first of mountPath, devicePath, ip, type, topologyKey, name, containerPort
/// that every element of both lists has; without one the list is replaced.
/// </summary>
internal static class MergeKeys
{
    private static readonly string[] ContainerLists = ["containers", "initContainers", "ephemeralContainers"];

    // Field name -> key, for lists whose meaning does not depend on the parent field.
    private static readonly Dictionary<string, string> ByField = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["volumes"] = "name",
        ["imagePullSecrets"] = "name",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
        ["resourceClaims"] = "name",
        ["schedulingGates"] = "name",
    };

    // Lists inside a container (core/v1 Container, InitContainer, EphemeralContainer).
    private static readonly Dictionary<string, string> InContainer = new(StringComparer.Ordinal)
    {
        ["env"] = "name",
        ["ports"] = "containerPort",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
    };

    private static readonly string[] InferredKeys = ["mountPath", "devicePath", "ip", "type", "topologyKey", "name", "containerPort"];

    /// <summary>
    /// The strategy for the list at <paramref name="path"/> (field names from the resource root, list indices left out)
    /// in a resource of <paramref name="apiVersion"/>/<paramref name="kind"/>, given both lists (for inference).
    /// </summary>
    public static ListStrategy For(string? apiVersion, string? kind, IReadOnlyList<string> path, JArray? resource, JArray patch)
    {
        var field = path.Count > 0 ? path[^1] : "";
        var parent = path.Count > 1 ? path[^2] : "";
        if (ContainerLists.Contains(parent, StringComparer.Ordinal) && InContainer.TryGetValue(field, out var key)) return new ListStrategy(ListMerge.ByKey, key);
        if (ByField.TryGetValue(field, out key)) return new ListStrategy(ListMerge.ByKey, key);
        switch (parent, field)
        {
            case ("metadata", "finalizers"):
                return new ListStrategy(ListMerge.Scalars);
            case ("metadata", "ownerReferences"):
                return new ListStrategy(ListMerge.ByKey, "uid");
            case ("status", "conditions"):
                return new ListStrategy(ListMerge.ByKey, "type");
        }
        if (kind == "Service" && path is ["spec", "ports"]) return new ListStrategy(ListMerge.ByKey, "port");
        if (kind == "ServiceAccount" && path is ["secrets"]) return new ListStrategy(ListMerge.ByKey, "name");
        return IsBuiltIn(apiVersion) ? new ListStrategy(ListMerge.Replace) : Infer(resource, patch);
    }

    /// <summary>The key a list element is identified by when an anchor builds a patch element for it.</summary>
    public static string? IdentityKey(string? apiVersion, string? kind, IReadOnlyList<string> path, JArray? resource, JArray patch)
    {
        var strategy = For(apiVersion, kind, path, resource, patch);
        return strategy.Kind == ListMerge.ByKey ? strategy.Key : null;
    }

    /// <summary>Kinds of the Kubernetes API itself (core, apps, batch, policy, autoscaling and *.k8s.io groups) have a schema.</summary>
    private static bool IsBuiltIn(string? apiVersion)
    {
        if (string.IsNullOrEmpty(apiVersion)) return false;
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return true;
        var group = apiVersion[..slash];
        return !group.Contains('.', StringComparison.Ordinal) || group.EndsWith(".k8s.io", StringComparison.Ordinal);
    }

    private static ListStrategy Infer(JArray? resource, JArray patch)
    {
        var elements = (resource ?? []).Concat(patch).ToList();
        if (elements.Count == 0 || elements.Any(e => e is not JObject)) return new ListStrategy(ListMerge.Replace);
        foreach (var key in InferredKeys)
        {
            if (elements.All(e => e is JObject o && o.TryGetValue(key, out var v) && v is JValue && v.Type != JTokenType.Null))
                return new ListStrategy(ListMerge.ByKey, key);
        }
        return new ListStrategy(ListMerge.Replace);
    }
}
