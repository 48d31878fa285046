using System.CommandLine;
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
        root.Add(ChecksCommand.Create());
        root.Add(VersionCommand.Create());
        return root;
    }

    public static int Main(string[] args)
    {
        var parse = BuildRoot().Parse(args);
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
}
