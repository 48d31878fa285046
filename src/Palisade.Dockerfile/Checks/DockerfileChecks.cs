namespace Palisade.Dockerfile.Checks;

/// <summary>Every Dockerfile check, ordered by id.</summary>
public static class DockerfileChecks
{
    public static IReadOnlyList<DockerfileCheck> All { get; } =
        [.. ImageChecks.All.Concat(InstructionChecks.All).Concat(PackageChecks.All).OrderBy(c => c.Id, StringComparer.Ordinal)];
}
