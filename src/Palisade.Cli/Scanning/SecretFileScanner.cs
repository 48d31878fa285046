using Palisade.Artifacts.FileSystem;
using Palisade.Core.Findings;
using Palisade.Core.Rules;
using Palisade.Secrets.Engine;
using Palisade.Secrets.Gitleaks;
using Palisade.Secrets.Rules;
using Palisade.Secrets.Scanning;

namespace Palisade.Cli.Scanning;

/// <summary>Secrets in the files of a directory (honouring .gitignore), or in its git history with --git.</summary>
public sealed class SecretFileScanner : IScanner
{
    private static readonly Lazy<SecretRuleSet> Builtin = new(() => new SecretRuleSet(BuiltinRules.All));

    /// <summary>The built-in secret rules, built once.</summary>
    public static SecretRuleSet BuiltinRuleSet => Builtin.Value;

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
                return WithoutIgnored(input.Root, GitSecretsScanner.Scan(input.Root, options, git));
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
        return WithoutIgnored(input.Root, SecretsScanner.ScanFiles(files, options));
    }

    /// <summary>
    /// Findings listed by fingerprint in the scan root's <c>.gitleaksignore</c> (gitleaks' format: <c>file:rule:line</c>
    /// or <c>commit:file:rule:line</c>) are dropped, so that a repository's existing gitleaks suppressions carry over.
    /// </summary>
    private static IReadOnlyList<TargetResult> WithoutIgnored(string root, IReadOnlyList<TargetResult> results)
    {
        var path = Path.Combine(root, ".gitleaksignore");
        if (!Directory.Exists(root) || !File.Exists(path)) return results;
        GitleaksIgnore ignore;
        try
        {
            ignore = GitleaksIgnore.Load(path);
        }
        catch (GitleaksConfigException e)
        {
            var failed = new TargetResult(".gitleaksignore", SecretFindings.TargetType);
            failed.Errors.Add(new ScanError(e.Message, new SourceLocation(".gitleaksignore", 0, 0)));
            return [.. results, failed];
        }
        foreach (var r in results) r.Findings.RemoveAll(ignore.IsIgnored);
        return results.Where(r => r.Findings.Count > 0 || r.Errors.Count > 0).ToList();
    }
}
