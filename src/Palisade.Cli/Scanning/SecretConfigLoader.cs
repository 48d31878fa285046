using Palisade.Cli.Commands;
using Palisade.Cli.Terminal;
using Palisade.Secrets.Engine;
using Palisade.Secrets.Gitleaks;

namespace Palisade.Cli.Scanning;

/// <summary>
/// Loads --config (a gitleaks TOML configuration) for the secret scanner: see <see cref="GitleaksConfig"/> for what is
/// read. <c>[extend] useDefault = true</c> adds Palisade's built-in rules; without it only the configuration's rules run.
/// </summary>
public static class SecretConfigLoader
{
    /// <summary>Loads <paramref name="path"/>, printing the loader's warnings on stderr.</summary>
    /// <exception cref="UsageException">The file does not exist or is not a usable configuration (exit code 2).</exception>
    public static SecretRuleSet Load(string path) => Load(path, TerminalInfo.Warn);

    /// <summary>Loads <paramref name="path"/>; warnings (ignored keys, unsupported features) go to <paramref name="warn"/>.</summary>
    /// <exception cref="UsageException">The file does not exist or is not a usable configuration (exit code 2).</exception>
    public static SecretRuleSet Load(string path, Action<string>? warn)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new UsageException($"secret configuration not found: {path}");
        try
        {
            return GitleaksConfig.Load(path, warn);
        }
        catch (GitleaksConfigException e)
        {
            throw new UsageException($"invalid secret configuration: {e.Message}");
        }
    }
}
