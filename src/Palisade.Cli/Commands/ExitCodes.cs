namespace Palisade.Cli.Commands;

/// <summary>Palisade's exit codes: 0 clean, --exit-code's value on findings, 2 on usage or input errors.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int DefaultFindings = 1;
    public const int UsageOrInputError = 2;

    /// <summary>
    /// The <c>--exit-code [N]</c> option every scanning command shares: N from 0 to 255, 1 when given without a value.
    /// </summary>
    public static System.CommandLine.Option<int?> CreateOption(string description) => new("--exit-code")
    {
        Description = description,
        Arity = System.CommandLine.ArgumentArity.ZeroOrOne,
        CustomParser = r => r.Tokens.Count == 0 ? DefaultFindings : int.TryParse(r.Tokens[0].Value, out var n) && n is >= 0 and <= 255 ? n : Fail(r),
    };

    private static int? Fail(System.CommandLine.Parsing.ArgumentResult r)
    {
        r.AddError($"--exit-code must be a number from 0 to 255, not '{r.Tokens[0].Value}'");
        return null;
    }
}

/// <summary>A usage or input problem the user can fix; the message is printed, the exit code is 2.</summary>
public sealed class UsageException(string message) : Exception(message);
