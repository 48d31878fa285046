namespace Palisade.Conformance.Tests;

/// <summary>Locates the repository root (the folder with Palisade.sln) and the shared conformance suites beside it.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Conformance => Path.GetFullPath(Path.Combine(Root, "..", "shared", "conformance"));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find Palisade.sln above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// Collects conformance pass rates into one file that ./test.sh prints after the test run
/// ($PALISADE_CONFORMANCE_REPORT, else TestResults/conformance.txt under the repository root).
/// </summary>
public static class ConformanceReport
{
    private static readonly Lock Gate = new();

    public static void Record(string suite, int passed, int total, string? note = null)
    {
        var path = Environment.GetEnvironmentVariable("PALISADE_CONFORMANCE_REPORT");
        if (string.IsNullOrEmpty(path)) path = Path.Combine(RepoPaths.Root, "TestResults", "conformance.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var rate = total == 0 ? 0 : 100.0 * passed / total;
        var line = FormattableString.Invariant($"{suite}: {passed}/{total} passed ({rate:F2}%){(note is null ? "" : " " + note)}");
        lock (Gate)
        {
            var lines = File.Exists(path) ? File.ReadAllLines(path).Where(l => !l.StartsWith(suite + ":", StringComparison.Ordinal)).ToList() : [];
            lines.Add(line);
            File.WriteAllLines(path, lines);
        }
    }
}
