using Palisade.Cli.Commands;
using Palisade.Secrets.Engine;

namespace Palisade.Cli.Scanning;

/// <summary>Loads --config (a gitleaks TOML configuration) for the secret scanner.</summary>
public static class SecretConfigLoader
{
    public static SecretRuleSet Load(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"secret configuration not found: {path}");
        throw new UsageException("gitleaks configurations are not supported yet");
    }
}
