namespace Palisade.Policy.Matching;

/// <summary>
/// Who asks and what for: the admission request's operation and requester. The CLI uses CREATE and an anonymous
/// requester unless a values or userinfo file says otherwise; the webhook fills it from the AdmissionReview.
/// </summary>
public sealed record AdmissionInfo
{
    public static AdmissionInfo Default { get; } = new();

    /// <summary>CREATE, UPDATE, DELETE or CONNECT.</summary>
    public string Operation { get; init; } = "CREATE";

    public string Username { get; init; } = "";

    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>Namespaced roles as "namespace:name".</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    public IReadOnlyList<string> ClusterRoles { get; init; } = [];
}
