using System.Diagnostics;
using Palisade.Cli;

namespace Palisade.Cli.Tests.Infrastructure;

/// <summary>Tests that touch process-wide state (Console, environment variables) run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>Runs the CLI: in-process through <see cref="Program.Main"/>, or as a child process.</summary>
public static class Runner
{
    private static readonly Lock Gate = new();

    /// <summary>Runs <c>palisade ARGS</c> in-process with stdout and stderr captured (only from the Console collection).</summary>
    public static CliResult Run(params string[] args) => RunWithInput(null, args);

    /// <summary>Runs <c>palisade ARGS</c> in-process with <paramref name="stdin"/> (when not null) as standard input.</summary>
    public static CliResult RunWithInput(string? stdin, params string[] args)
    {
        lock (Gate)
        {
            var oldOut = Console.Out;
            var oldErr = Console.Error;
            var oldIn = Console.In;
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            using var input = new StringReader(stdin ?? "");
            Console.SetOut(stdout);
            Console.SetError(stderr);
            if (stdin is not null) Console.SetIn(input);
            try
            {
                var code = Program.Main(args);
                return new CliResult(code, stdout.ToString(), stderr.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
                if (stdin is not null) Console.SetIn(oldIn);
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> with environment variables set (null removes one), restoring them after.</summary>
    public static T WithEnvironment<T>(IReadOnlyDictionary<string, string?> variables, Func<T> action)
    {
        var saved = variables.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (k, v) in variables) Environment.SetEnvironmentVariable(k, v);
            return action();
        }
        finally
        {
            foreach (var (k, v) in saved) Environment.SetEnvironmentVariable(k, v);
        }
    }

    /// <summary>palisade.dll as built next to the test assembly (the project references the CLI).</summary>
    public static string BuiltDll { get; } = Path.Combine(AppContext.BaseDirectory, "palisade.dll");

    /// <summary>Runs the built CLI as <c>dotnet palisade.dll ARGS</c>, stdout and stderr redirected separately.</summary>
    public static CliResult RunProcess(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        Assert.True(File.Exists(BuiltDll), $"not built: {BuiltDll}");
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BuiltDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) start.Environment[k] = v;
        return Execute(start);
    }

    /// <summary>Starts a process, collects its output, and fails the test when it runs for over a minute.</summary>
    public static CliResult Execute(ProcessStartInfo start)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish within a minute");
        }
        process.WaitForExit();
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The dotnet host running the tests (so the same runtime runs the CLI).</summary>
    public static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        var main = Environment.ProcessPath;
        if (main is not null && Path.GetFileNameWithoutExtension(main).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return main;
        return "dotnet";
    }
}
