namespace Palisade.Reporting.Tests;

internal static class RepoPaths
{
    /// <summary>The directory holding Palisade.sln, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string Tools => Path.Combine(Root, "tests", "tools");

    public static string SarifSchema =>
        Path.GetFullPath(Path.Combine(Root, "..", "shared", "conformance", "sarif", "sarif-schema-2.1.0.json"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Palisade.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Palisade.sln above {AppContext.BaseDirectory}.");
    }
}
