using Palisade.Dockerfile.Model;
using Palisade.Dockerfile.Shell;

namespace Palisade.Dockerfile.Checks;

/// <summary>The shell commands a RUN instruction executes, however it is written.</summary>
public static class RunScript
{
    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "sh", "bash", "dash", "ash", "zsh", "ksh", "mksh" };

    /// <summary>
    /// The commands of a RUN (or ONBUILD RUN): shell form, exec form (<c>["sh", "-c", "..."]</c> is read as a
    /// script, other exec forms as one command) and heredoc scripts (<c>RUN &lt;&lt;EOF</c>, <c>RUN bash &lt;&lt;EOF</c>;
    /// a body whose <c>#!</c> line names another interpreter, such as python, is not shell).
    /// </summary>
    public static IReadOnlyList<ShellCommand> Commands(Instruction run)
    {
        ArgumentNullException.ThrowIfNull(run);
        run = run.Effective;
        if (run.Keyword != "RUN") return [];
        if (run.ExecForm is { Count: > 0 } exec)
        {
            var command = new ShellCommand { Words = exec };
            if (ShellScript.ShellScriptArgument(command) is { } script) return ShellScript.Parse(script);
            return [command, .. ShellScript.Unwrap(command) is { } inner ? [inner] : Array.Empty<ShellCommand>()];
        }
        var line = run.Arguments;
        var commands = new List<ShellCommand>();
        if (run.Heredocs.Count > 0)
        {
            // The heredoc markers are redirections of the command line; a line that is only markers runs the body.
            var withoutMarkers = System.Text.RegularExpressions.Regex.Replace(line, @"\d*<<-?(?:""[^""]*""|'[^']*'|[^\s<]+)", " ").Trim();
            if (withoutMarkers.Length > 0) commands.AddRange(ShellScript.Parse(withoutMarkers));
            var runsBody = withoutMarkers.Length == 0 || (commands.Count > 0 && Shells.Contains(commands[0].Name) && ShellScript.ShellScriptArgument(commands[0]) is null);
            if (runsBody)
                foreach (var h in run.Heredocs.Where(h => withoutMarkers.Length > 0 || IsShellScript(h.Body))) commands.AddRange(ShellScript.Parse(h.Body));
            return commands;
        }
        return ShellScript.Parse(line);
    }

    /// <summary>Whether a heredoc run as the script itself is shell: no <c>#!</c> line, or one that names a shell.</summary>
    private static bool IsShellScript(string body)
    {
        if (!body.StartsWith("#!", StringComparison.Ordinal)) return true;
        var first = body[2..].Split('\n')[0].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (first.Length == 0) return true;
        var program = Path.GetFileName(first[0]);
        if (program == "env") program = first.Skip(1).FirstOrDefault(w => !w.StartsWith('-')) ?? "";
        return Shells.Contains(program) || program == "busybox";
    }

    /// <summary>The text of the script, for checks that look at it as a whole.</summary>
    public static string Text(Instruction run)
    {
        ArgumentNullException.ThrowIfNull(run);
        run = run.Effective;
        if (run.ExecForm is { } exec) return string.Join(' ', exec);
        return run.Heredocs.Count == 0 ? run.Arguments : run.Arguments + "\n" + string.Join("\n", run.Heredocs.Select(h => h.Body));
    }

    /// <summary>The <c>--mount=...</c> values of a RUN.</summary>
    public static IEnumerable<string> Mounts(Instruction run) => run.Effective.FlagValues("mount");

    /// <summary>Whether a RUN mounts a cache or tmpfs at a path (so files written there never reach the image).</summary>
    public static bool MountsAt(Instruction run, string target) =>
        Mounts(run).Any(m => Stage.MountOption(m, "type") is "cache" or "tmpfs" &&
                             string.Equals(Stage.MountOption(m, "target")?.TrimEnd('/'), target.TrimEnd('/'), StringComparison.Ordinal));
}
