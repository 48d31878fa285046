namespace Palisade.Cli.Tests.Infrastructure;

/// <summary>The repository root (the folder holding Palisade.sln) and the shared conformance data beside it.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = Find();

    public static string Conformance => Path.GetFullPath(Path.Combine(Root, "..", "shared", "conformance"));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Palisade.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Palisade.sln above {AppContext.BaseDirectory}.");
    }
}
