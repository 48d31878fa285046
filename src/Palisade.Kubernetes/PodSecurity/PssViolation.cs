using Palisade.Kubernetes.Yaml;

namespace Palisade.Kubernetes.PodSecurity;

/// <summary>
/// A failed Pod Security Standards check, worded as pod-security-admission words it:
/// <c>Reason (Detail)</c>, e.g. <c>privileged (container "app" must not set securityContext.privileged=true)</c>.
/// </summary>
public sealed record PssViolation(string CheckId, string Reason, string Detail, YNode? Node)
{
    public string Message => Detail.Length == 0 ? Reason : $"{Reason} ({Detail})";
}
