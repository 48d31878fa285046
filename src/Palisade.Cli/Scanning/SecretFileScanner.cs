using Palisade.Artifacts.FileSystem;
using Palisade.Core.Findings;
using Palisade.Core.Rules;
using Palisade.Secrets.Engine;
using Palisade.Secrets.Rules;
using Palisade.Secrets.Scanning;

namespace Palisade.Cli.Scanning;

/// <summary>Secrets in the files of a directory (honouring .gitignore), or in its git history with --git.</summary>
public sealed class SecretFileScanner : IScanner
{
    private static readonly Lazy<SecretRuleSet> Builtin = new(() => new SecretRuleSet(BuiltinRules.All));

    public string Name => "secrets";
    public ScannerCategory Category => ScannerCategory.Secret;
    public IReadOnlyList<RuleMetadata> Rules { get; } = BuiltinRules.All.Select(SecretFindings.Metadata).ToList();

    public IReadOnlyList<TargetResult> Scan(ScanInput input, ScanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        var options = new SecretScanOptions
        {
            Rules = settings.SecretRules ?? Builtin.Value,
            RuleFilter = settings.RuleFilter,
            MaxFileBytes = settings.SecretMaxFileBytes,
        };
        if (settings.Git is { } git)
        {
            try
            {
                return GitSecretsScanner.Scan(input.Root, options, git);
            }
            catch (Exception e) when (e is LibGit2Sharp.RepositoryNotFoundException or LibGit2Sharp.LibGit2SharpException or ArgumentException)
            {
                var failed = new TargetResult(".", SecretFindings.TargetType);
                failed.Errors.Add(new ScanError($"cannot read git history: {e.Message}", null));
                return [failed];
            }
        }
        var files = input.Files;
        if (settings.HonourGitignore && Directory.Exists(input.Root))
        {
            var ignore = new GitIgnore(input.Root);
            files = files.Where(f => !ignore.IsIgnored(f.RelativePath, isDirectory: false)).ToList();
        }
        return SecretsScanner.ScanFiles(files, options);
    }
}
