using System.Diagnostics;

namespace Palisade.Secrets.Tests;

/// <summary>A real git repository in a temp folder, driven by the git command line.</summary>
public sealed class GitTestRepo : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("palisade-git-").FullName;

    public GitTestRepo()
    {
        Git("init", "-q", "-b", "main");
        Git("config", "user.name", "Alice Example");
        Git("config", "user.email", "alice@example.com");
        Git("config", "commit.gpgsign", "false");
    }

    public string Git(params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        psi.Environment["HOME"] = Root;
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error}");
        return output.Trim();
    }

    public void Write(string path, string text)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    /// <summary>Commits everything and returns the new commit's sha.</summary>
    public string Commit(string message, string? date = null)
    {
        Git("add", "-A");
        if (date is null) Git("commit", "-q", "-m", message);
        else Git("commit", "-q", "-m", message, "--date", date);
        return Git("rev-parse", "HEAD");
    }

    public void Dispose()
    {
        try
        {
            foreach (var f in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
            Directory.Delete(Root, true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
