using System.CommandLine;
using System.Globalization;
using Palisade.Cli.Commands;
using Palisade.Cli.Terminal;

namespace Palisade.Cli;

public static class Program
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("Palisade: cloud-native security scanning for Kubernetes workloads, from source to cluster.");
        root.Add(ScanCommands.Scan());
        root.Add(ScanCommands.Config());
        root.Add(ScanCommands.Secrets());
        root.Add(SbomCommand.Create());
        root.Add(VulnerabilityCommands.Image());
        root.Add(VulnerabilityCommands.FileSystem());
        root.Add(VulnerabilityCommands.SbomScan());
        root.Add(DbCommand.Create());
        root.Add(PolicyCommands.Create());
        root.Add(ChecksCommand.Create());
        root.Add(VersionCommand.Create());
        return root;
    }

    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        StandardOutput.UseUtf8();
        var parse = BuildRoot().Parse(NormalizeArguments(args));
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) TerminalInfo.Error(e.Message);
            Console.Error.WriteLine("Run 'palisade --help' for usage.");
            return ExitCodes.UsageOrInputError;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            TerminalInfo.Error(e.Message);
            return ExitCodes.UsageOrInputError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TerminalInfo.Error(e.Message);
            return ExitCodes.UsageOrInputError;
        }
    }

    /// <summary>
    /// A bare <c>--exit-code</c> means 1, also when a path follows it: <c>--exit-code ./manifests</c> would otherwise
    /// hand the path to --exit-code as its value (the parser cannot give a token back to the PATH argument). So a
    /// <c>--exit-code</c> followed by something that is neither a number nor an option becomes <c>--exit-code=1</c>.
    /// </summary>
    public static string[] NormalizeArguments(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new string[args.Count];
        for (var i = 0; i < args.Count; i++)
        {
            result[i] = args[i];
            if (args[i] == "--") { for (i++; i < args.Count; i++) result[i] = args[i]; break; }
            if (args[i] != "--exit-code" || i + 1 >= args.Count) continue;
            var next = args[i + 1];
            if (next.StartsWith('-') || LooksLikeNumber(next)) continue;
            result[i] = "--exit-code=" + ExitCodes.DefaultFindings.ToString(CultureInfo.InvariantCulture);
        }
        return result;
    }

    private static bool LooksLikeNumber(string s)
    {
        var t = s.TrimStart('+', '-');
        return t.Length > 0 && t.All(char.IsAsciiDigit);
    }
}
