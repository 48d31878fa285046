using Newtonsoft.Json.Linq;

namespace Palisade.Policy.Variables;

/// <summary>
/// A container image reference as Kyverno reads it for the <c>images</c> variable and <c>image_normalize()</c>:
/// the default registry <c>docker.io</c> is added when the first path component is not a registry (no <c>.</c>,
/// <c>:</c>, not <c>localhost</c>, all lower case), the path is kept as written (<c>nginx</c>, not
/// <c>library/nginx</c>), and the tag defaults to <c>latest</c> when there is neither tag nor digest. The grammar
/// is the distribution reference grammar (lower-case path components, tag <c>[\w][\w.-]{0,127}</c>, sha256/384/512
/// digests, names of at most 255 characters).
/// </summary>
public sealed record ImageInfo(string Registry, string Path, string Name, string Tag, string Digest)
{
    /// <summary>The registry used for images that name none.</summary>
    public const string DefaultRegistry = "docker.io";

    /// <summary>The image with registry and digest (preferred) or tag: <c>docker.io/nginx:latest</c>, <c>ghcr.io/a/b@sha256:…</c>.</summary>
    public string Reference => Digest.Length > 0 ? $"{RegistryAndPath}@{Digest}" : $"{RegistryAndPath}:{Tag}";

    /// <summary>The image with registry and tag (the tag may be empty: <c>docker.io/nginx:</c> for a digest-only image).</summary>
    public string ReferenceWithTag => $"{RegistryAndPath}:{Tag}";

    private string RegistryAndPath => Registry.Length > 0 ? $"{Registry}/{Path}" : Path;

    /// <inheritdoc />
    public override string ToString() => Reference;

    /// <summary>The JSON Kyverno puts under <c>images.&lt;type&gt;.&lt;container&gt;</c> (empty registry, tag and digest omitted).</summary>
    public JObject ToJson()
    {
        var obj = new JObject();
        if (Registry.Length > 0) obj["registry"] = Registry;
        obj["name"] = Name;
        obj["path"] = Path;
        if (Tag.Length > 0) obj["tag"] = Tag;
        if (Digest.Length > 0) obj["digest"] = Digest;
        obj["reference"] = Reference;
        obj["referenceWithTag"] = ReferenceWithTag;
        return obj;
    }

    /// <summary>Parses an image reference; false with Kyverno's message when it is not one.</summary>
    public static bool TryParse(string image, out ImageInfo info, out string error)
    {
        ArgumentNullException.ThrowIfNull(image);
        info = new ImageInfo("", "", "", "", "");
        var full = AddDefaultRegistry(image);
        error = $"bad image: {full}, defaultRegistry: {DefaultRegistry}, enableDefaultRegistryMutation: true: ";
        if (!TrySplit(full, out var registry, out var path, out var tag, out var digest, out var reason))
        {
            error += reason;
            return false;
        }
        if (digest.Length == 0 && tag.Length == 0) tag = "latest";
        info = new ImageInfo(registry, path, path[(path.LastIndexOf('/') + 1)..], tag, digest);
        error = "";
        return true;
    }

    private static string AddDefaultRegistry(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return DefaultRegistry + "/" + name;
        var first = name[..slash];
        var registryLike = first.AsSpan().IndexOfAny('.', ':') >= 0 || first == "localhost" || !string.Equals(first, first.ToLowerInvariant(), StringComparison.Ordinal);
        return registryLike ? name : DefaultRegistry + "/" + name;
    }

    private static bool TrySplit(string full, out string registry, out string path, out string tag, out string digest, out string reason)
    {
        registry = path = tag = digest = "";
        reason = "invalid reference format";
        if (full.Length == 0)
        {
            reason = "repository name must have at least one component";
            return false;
        }
        var name = full;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = name[(at + 1)..];
            name = name[..at];
            if (!ValidDigest(digest, out reason)) return false;
        }
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
        {
            tag = name[(colon + 1)..];
            name = name[..colon];
            if (!ValidTag(tag)) return false;
        }
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && ValidDomain(name[..slash]) && ValidPath(name[(slash + 1)..]))
        {
            registry = name[..slash];
            path = name[(slash + 1)..];
        }
        else if (ValidPath(name))
        {
            path = name;
        }
        else
        {
            if (ValidPath(name.ToLowerInvariant()) || slash > 0 && ValidPath(name[(slash + 1)..].ToLowerInvariant()))
                reason = "repository name must be lowercase";
            return false;
        }
        if (name.Length > 255)
        {
            reason = "repository name must not be more than 255 characters";
            return false;
        }
        return true;
    }

    private static bool ValidTag(string tag)
    {
        if (tag.Length is 0 or > 128 || !IsWord(tag[0])) return false;
        foreach (var c in tag)
            if (!IsWord(c) && c != '.' && c != '-') return false;
        return true;
    }

    private static bool IsWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool ValidDigest(string digest, out string reason)
    {
        reason = "invalid reference format";
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return false;
        var algorithm = digest[..colon];
        var hex = digest[(colon + 1)..];
        if (!char.IsAsciiLetter(algorithm[0])) return false;
        foreach (var c in algorithm)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '+' or '.')) return false;
        if (hex.Length < 32 || !hex.All(char.IsAsciiHexDigit)) return false;
        var expected = algorithm switch { "sha256" => 64, "sha384" => 96, "sha512" => 128, _ => 0 };
        if (expected == 0)
        {
            reason = "unsupported digest algorithm";
            return false;
        }
        if (hex.Length != expected || hex.Any(char.IsAsciiLetterUpper))
        {
            reason = "invalid checksum digest format";
            return false;
        }
        return true;
    }

    private static bool ValidDomain(string domain)
    {
        var host = domain;
        var portColon = domain.LastIndexOf(':');
        if (portColon >= 0 && !domain.EndsWith(']'))
        {
            var port = domain[(portColon + 1)..];
            if (port.Length == 0 || !port.All(char.IsAsciiDigit)) return false;
            host = domain[..portColon];
        }
        if (host.StartsWith('[') && host.EndsWith(']'))
            return host.Length > 2 && host[1..^1].All(c => char.IsAsciiHexDigit(c) || c == ':');
        if (host.Length == 0) return false;
        foreach (var component in host.Split('.'))
        {
            if (component.Length == 0 || !char.IsAsciiLetterOrDigit(component[0]) || !char.IsAsciiLetterOrDigit(component[^1])) return false;
            if (!component.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) return false;
        }
        return true;
    }

    private static bool ValidPath(string path)
    {
        if (path.Length == 0) return false;
        foreach (var component in path.Split('/'))
            if (!ValidPathComponent(component)) return false;
        return true;
    }

    /// <summary><c>[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*</c></summary>
    private static bool ValidPathComponent(string component)
    {
        static bool AlphaNum(char c) => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c);
        if (component.Length == 0 || !AlphaNum(component[0]) || !AlphaNum(component[^1])) return false;
        var i = 0;
        while (i < component.Length)
        {
            if (AlphaNum(component[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < component.Length && !AlphaNum(component[i])) i++;
            var separator = component[start..i];
            if (separator is not ("." or "_" or "__") && !separator.All(c => c == '-')) return false;
        }
        return true;
    }

    private static readonly string[] ContainerTypes = ["containers", "initContainers", "ephemeralContainers"];

    /// <summary>Where each kind keeps its pod spec, as Kyverno's built-in image extractors know it.</summary>
    private static string[]? PodSpecPath(string? kind) => kind switch
    {
        "Pod" => ["spec"],
        "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "ReplicationController" or "Job" => ["spec", "template", "spec"],
        "CronJob" => ["spec", "jobTemplate", "spec", "template", "spec"],
        _ => null,
    };

    /// <summary>
    /// The <c>images</c> variable for a resource: <c>{containers|initContainers|ephemeralContainers: {name: info}}</c>
    /// for Pods and the built-in Pod controllers. Null when the resource has no images; null with an error when an
    /// image does not parse (Kyverno then leaves <c>images</c> out of the context).
    /// </summary>
    public static JObject? ExtractImages(JToken? resource, out string? error)
    {
        error = null;
        if (resource is not JObject obj || PodSpecPath((string?)obj["kind"]) is not { } specPath) return null;
        JToken? spec = obj;
        foreach (var segment in specPath) spec = spec is JObject o ? o[segment] : null;
        if (spec is not JObject podSpec) return null;
        var images = new JObject();
        foreach (var type in ContainerTypes)
        {
            if (podSpec[type] is not JArray containers) continue;
            var byName = new JObject();
            foreach (var container in containers.OfType<JObject>())
            {
                if (container["image"] is not JValue { Type: JTokenType.String } imageValue) continue;
                var image = (string)imageValue!;
                if (!TryParse(image, out var info, out var parseError))
                {
                    error = parseError;
                    return null;
                }
                byName[(string?)container["name"] ?? ""] = info.ToJson();
            }
            if (byName.Count > 0) images[type] = byName;
        }
        return images.Count > 0 ? images : null;
    }
}
