namespace Palisade.Cli.Commands;

/// <summary>Palisade's exit codes: 0 clean, --exit-code's value on findings, 2 on usage or input errors.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int DefaultFindings = 1;
    public const int UsageOrInputError = 2;
}

/// <summary>A usage or input problem the user can fix; the message is printed, the exit code is 2.</summary>
public sealed class UsageException(string message) : Exception(message);
