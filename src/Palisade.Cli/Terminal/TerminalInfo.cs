using Spectre.Console;

namespace Palisade.Cli.Terminal;

/// <summary>What the CLI may do with the terminal: colour and progress only on a TTY, never with NO_COLOR.</summary>
public static class TerminalInfo
{
    public static bool NoColor => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    public static bool StdoutIsTerminal => !Console.IsOutputRedirected;

    public static bool StderrIsTerminal => !Console.IsErrorRedirected;

    public static int StdoutWidth
    {
        get
        {
            if (!StdoutIsTerminal) return 160;
            try
            {
                return Math.Max(80, Console.WindowWidth);
            }
            catch (IOException)
            {
                return 120;
            }
        }
    }

    /// <summary>A console on the current stderr for progress (plain text when not a TTY or NO_COLOR).</summary>
    private static IAnsiConsole CreateStderrConsole() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Error),
        Ansi = StderrIsTerminal && !NoColor ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = StderrIsTerminal && !NoColor ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = StderrIsTerminal ? InteractionSupport.Detect : InteractionSupport.No,
    });

    public static void Warn(string message) => Console.Error.WriteLine($"palisade: warning: {message}");

    public static void Error(string message) => Console.Error.WriteLine($"palisade: {message}");

    /// <summary>Runs work with a spinner on stderr when it is an interactive terminal; plainly otherwise.</summary>
    public static T WithProgress<T>(bool quiet, string initial, Func<Action<string>, T> work)
    {
        if (quiet || !StderrIsTerminal) return work(_ => { });
        var stderr = CreateStderrConsole();
        if (!stderr.Profile.Capabilities.Interactive) return work(_ => { });
        return stderr.Status().Spinner(Spinner.Known.Dots).Start(Markup.Escape(initial), ctx => work(s => ctx.Status(Markup.Escape(s))));
    }
}
