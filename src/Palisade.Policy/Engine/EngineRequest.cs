using Newtonsoft.Json.Linq;
using Palisade.Policy.Matching;

namespace Palisade.Policy.Engine;

/// <summary>
/// One resource to evaluate, as an admission request carries it: the object (and the old one for UPDATE), who asks,
/// its namespace's labels when known, and variable values the CLI's values file supplies.
/// </summary>
public sealed record EngineRequest(JObject Resource)
{
    public AdmissionInfo Admission { get; init; } = AdmissionInfo.Default;

    public JObject? OldResource { get; init; }

    public IReadOnlyDictionary<string, string>? NamespaceLabels { get; init; }

    /// <summary>
    /// Variable values by (policy key, rule name): global values, then the policy's rule values, then the resource's
    /// values, as the Kyverno CLI merges them. Keys are variable names or paths ("request.operation", "imageSize").
    /// </summary>
    public Func<string, string, JObject?>? Values { get; init; }

    /// <summary>The admission request's subresource, if any.</summary>
    public string? Subresource { get; init; }

    /// <summary>Whether the request is a dry run (the webhook echoes it; the engine evaluates the same way).</summary>
    public bool DryRun { get; init; }
}
