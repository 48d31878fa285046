using System.CommandLine;
using Palisade.Core.Findings;
using Palisade.Kubernetes.PodSecurity;

namespace Palisade.Cli.Commands;

public static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print Palisade's version");
        command.SetAction(_ =>
        {
            Console.Out.WriteLine($"palisade {PalisadeVersion.Current}");
            Console.Out.WriteLine($"Pod Security Standards: v1.0 - {PssVersion.Latest} (latest)");
            Console.Out.WriteLine($".NET {Environment.Version}");
            return ExitCodes.Success;
        });
        return command;
    }
}
