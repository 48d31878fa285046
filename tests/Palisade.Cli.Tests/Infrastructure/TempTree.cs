namespace Palisade.Cli.Tests.Infrastructure;

/// <summary>A temporary directory of test files, deleted on dispose.</summary>
public sealed class TempTree : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("palisade-cli-").FullName;

    /// <summary>Writes <paramref name="text"/> to <paramref name="relativePath"/> (creating directories) and returns the full path.</summary>
    public string Write(string relativePath, string text)
    {
        var full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file still open on a slow CI machine should not fail the test.
        }
    }
}
