using System.CommandLine;
using System.Globalization;
using Palisade.Cli.Scanning;
using Palisade.Cli.Terminal;
using Palisade.Core.Findings;
using Palisade.Core.Ignore;
using Palisade.Kubernetes.PodSecurity;
using Palisade.Reporting;

namespace Palisade.Cli.Commands;

/// <summary>`palisade scan` and `palisade config`: the same flags, different scanners.</summary>
public static class ScanCommands
{
    public const string DefaultIgnoreFile = ".palisadeignore";

    private sealed class Options
    {
        public Argument<string[]> Paths { get; } = new("PATH") { Description = "Directories or files to scan", Arity = ArgumentArity.OneOrMore };
        public Option<string> Format { get; } = new("--format", "-f") { Description = "Output format: table, json, sarif, junit", DefaultValueFactory = _ => "table" };
        public Option<string?> Output { get; } = new("--output", "-o") { Description = "Write the report to FILE instead of stdout" };
        public Option<string?> Severity { get; } = new("--severity", "-s") { Description = "Severities to report, comma separated (CRITICAL,HIGH,MEDIUM,LOW,INFO); default all" };
        public Option<int?> ExitCode { get; } = ExitCodes.CreateOption("Exit with this code (1 if no value given) when findings at or above the severity filter remain");
        public Option<string?> IgnoreFile { get; } = new("--ignorefile") { Description = $"Ignore file (default {DefaultIgnoreFile} in the scan root or current directory)" };
        public Option<string?> Checks { get; } = new("--checks") { Description = "Only these rule ids or groups (e.g. pss,k8s,PAL-K8S-001)" };
        public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "No progress or warnings on stderr" };
        public Option<string> PssLevel { get; } = new("--pss-level") { Description = "Pod Security Standards level: baseline or restricted", DefaultValueFactory = _ => "restricted" };
        public Option<string> PssVersion { get; } = new("--pss-version") { Description = "Pod Security Standards version: v1.0 ... v1.37 or latest", DefaultValueFactory = _ => "latest" };
        public Option<string?> Baseline { get; } = new("--baseline") { Description = "Ignore findings already in this earlier JSON report (palisade ... --format json)" };

        // Secret scanning
        public Option<string?> SecretConfig { get; } = new("--config") { Description = "Secret rules from a gitleaks configuration (TOML); [extend] useDefault adds them to the built-in rules" };
        public Option<bool> Git { get; } = new("--git") { Description = "Look for secrets in every commit of the repository's history (all refs) instead of the files" };
        public Option<string?> SinceCommit { get; } = new("--since-commit") { Description = "With --git: only commits after this one" };
        public Option<int?> MaxCommits { get; } = new("--max-commits") { Description = "With --git: at most this many commits, newest first" };
        public Option<bool> NoGitignore { get; } = new("--no-gitignore") { Description = "Also look for secrets in files that .gitignore excludes" };
        public Option<int> MaxFileSize { get; } = new("--max-file-size") { Description = "Skip files larger than this many MB when looking for secrets", DefaultValueFactory = _ => 10 };

        public bool WithSecrets { get; init; }

        public bool WithConfig { get; init; }

        public void AddTo(Command command)
        {
            command.Add(Paths);
            foreach (var o in (Option[])[Format, Output, Severity, ExitCode, IgnoreFile, Checks, Quiet, Baseline]) command.Add(o);
            if (WithConfig) { command.Add(PssLevel); command.Add(PssVersion); }
            if (WithSecrets) foreach (var o in (Option[])[SecretConfig, Git, SinceCommit, MaxCommits, NoGitignore, MaxFileSize]) command.Add(o);
        }
    }

    public static Command Scan() => Build("scan", "Scan a directory with every scanner that applies: Kubernetes manifests, Dockerfiles, secrets, and the packages of lock files", _ => true);

    public static Command Config() => Build("config", "Check configuration files (Kubernetes manifests, Dockerfiles) for misconfigurations", s => s.Category == ScannerCategory.Config);

    public static Command Secrets() => Build("secrets", "Find hard-coded secrets in files (or, with --git, in every commit); secrets are always shown redacted", s => s.Category == ScannerCategory.Secret);

    private static Command Build(string name, string description, Func<IScanner, bool> which)
    {
        var command = new Command(name, description);
        var scanners = ScanRunner.Scanners.Where(which).ToList();
        var o = new Options
        {
            WithSecrets = scanners.Any(s => s.Category == ScannerCategory.Secret),
            WithConfig = scanners.Any(s => s.Category == ScannerCategory.Config),
        };
        o.AddTo(command);
        command.SetAction(parse => Run(parse, o, scanners));
        return command;
    }

    private static int Run(ParseResult parse, Options o, IReadOnlyList<IScanner> scanners)
    {
        var paths = parse.GetValue(o.Paths) ?? [];
        var quiet = parse.GetValue(o.Quiet);
        var format = parse.GetValue(o.Format) ?? "table";
        if (!ReportWriters.Formats.Contains(format.ToLowerInvariant()))
            throw new UsageException($"unknown format '{format}' (expected {string.Join(", ", ReportWriters.Formats)})");
        foreach (var p in paths)
        {
            if (File.Exists(p) || Directory.Exists(p)) continue;
            throw new UsageException(p.StartsWith('-') ? $"unknown option '{p}' (see 'palisade {parse.CommandResult.Command.Name} --help')" : $"no such file or directory: {p}");
        }

        IReadOnlySet<Severity>? severities = null;
        if (parse.GetValue(o.Severity) is { } sev)
        {
            try { severities = ReportFilter.ParseSeverities(sev); }
            catch (FormatException e) { throw new UsageException(e.Message); }
        }
        var level = Kubernetes.PodSecurity.PssLevel.Restricted;
        var version = PssVersion.Latest;
        if (o.WithConfig)
        {
            if (!PssVersion.TryParseLevel(parse.GetValue(o.PssLevel), out level) || level == Kubernetes.PodSecurity.PssLevel.Privileged)
                throw new UsageException($"unknown --pss-level '{parse.GetValue(o.PssLevel)}' (expected baseline or restricted)");
            if (!PssVersion.TryParse(parse.GetValue(o.PssVersion), out version))
                throw new UsageException($"unknown --pss-version '{parse.GetValue(o.PssVersion)}' (expected v1.0 ... v1.{PssVersion.LatestMinor} or latest)");
        }

        var rules = scanners.SelectMany(s => s.Rules).ToList();
        Func<Core.Rules.RuleMetadata, bool> filter;
        try { filter = RuleSelection.Parse(parse.GetValue(o.Checks), rules); }
        catch (FormatException e) { throw new UsageException(e.Message); }

        var output = parse.GetValue(o.Output);
        if (output is not null) CheckOutputPath(output);

        var ignore = LoadIgnoreFile(parse.GetValue(o.IgnoreFile), paths);
        var today = DateOnly.FromDateTime(DateTime.Now);
        if (!quiet)
            foreach (var e in ignore.Expired(today))
                TerminalInfo.Warn($"{e.Source}:{e.Line}: ignore entry for {e.RuleId} expired on {e.Expires:yyyy-MM-dd} and no longer applies");

        var settings = new ScanSettings { RuleFilter = filter, PssLevel = level, PssVersion = version };
        if (o.WithSecrets) settings = SecretSettings(parse, o, settings);
        var baseline = parse.GetValue(o.Baseline) is { } baselinePath ? LoadBaseline(baselinePath) : null;
        var report = TerminalInfo.WithProgress(quiet, "Scanning", progress => ScanRunner.Run(paths, scanners, settings, progress));
        ReportFilter.Apply(report, severities, ignore, today);
        if (baseline is not null) ReportFilter.ApplyBaseline(report, baseline);

        var options = new ReportOptions
        {
            Color = output is null && TerminalInfo.StdoutIsTerminal && !TerminalInfo.NoColor,
            Width = output is null ? TerminalInfo.StdoutWidth : 160,
            SourceRoot = paths.Length == 1 && Directory.Exists(paths[0]) ? Path.GetFullPath(paths[0]) : null,
        };
        var writer = ReportWriters.Create(format, options);
        WriteReport(report, writer, output);

        foreach (var e in report.AllErrors)
            if (!quiet) TerminalInfo.Error($"error: {(e.Location is null ? "" : e.Location + ": ")}{e.Message}");
        if (report.AllErrors.Any()) return ExitCodes.UsageOrInputError;
        var exitCode = parse.GetValue(o.ExitCode);
        return exitCode is { } code && report.AllFindings.Any() ? code : ExitCodes.Success;
    }

    private static ScanSettings SecretSettings(ParseResult parse, Options o, ScanSettings settings)
    {
        var maxMb = parse.GetValue(o.MaxFileSize);
        if (maxMb is < 1 or > 4096) throw new UsageException($"--max-file-size must be between 1 and 4096 (MB), not {maxMb}");
        var git = parse.GetValue(o.Git);
        var since = parse.GetValue(o.SinceCommit);
        var max = parse.GetValue(o.MaxCommits);
        if (!git && (since is not null || max is not null)) throw new UsageException("--since-commit and --max-commits need --git");
        if (max is < 1) throw new UsageException("--max-commits must be at least 1");
        return settings with
        {
            SecretRules = parse.GetValue(o.SecretConfig) is { } config ? SecretConfigLoader.Load(config) : null,
            HonourGitignore = !parse.GetValue(o.NoGitignore),
            Git = git ? new Palisade.Secrets.Sources.GitScanOptions { SinceCommit = since, MaxCommits = max } : null,
            SecretMaxFileBytes = maxMb * 1024L * 1024,
        };
    }

    private static ScanReport LoadBaseline(string path)
    {
        try
        {
            return Palisade.Reporting.Json.JsonReportReader.Read(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read baseline {path}: {e.Message}");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new UsageException($"baseline {path} is not a Palisade JSON report: {e.Message}");
        }
    }

    internal static void WriteReport(ScanReport report, IReportWriter writer, string? output)
    {
        if (output is null)
        {
            StandardOutput.Write(stdout => writer.Write(report, stdout));
            return;
        }
        var full = CheckOutputPath(output);
        if (IsSpecialFile(full))
        {
            // /dev/null, /dev/stdout and the like: write into them; replacing them would break the system.
            try
            {
                using var device = new StreamWriter(new FileStream(full, FileMode.Open, FileAccess.Write), StandardOutput.Utf8);
                writer.Write(report, device);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot write {output}: {e.Message}");
            }
            return;
        }
        // Write aside, then move: an interrupted run never leaves a truncated report behind. A symlink is
        // followed, so the file it points to is replaced, not the link.
        if (new FileInfo(full).LinkTarget is not null && File.ResolveLinkTarget(full, returnFinalTarget: true) is { } target) full = target.FullName;
        var tmp = full + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        try
        {
            using (var file = new StreamWriter(tmp, false, StandardOutput.Utf8))
                writer.Write(report, file);
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(tmp); } catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException) { }
            throw new UsageException($"cannot write {output}: {e.Message}");
        }
    }

    /// <summary>Device files (under /dev, or NUL on Windows): .NET cannot tell them from regular files otherwise.</summary>
    public static bool IsSpecialFile(string fullPath) =>
        OperatingSystem.IsWindows()
            ? Path.GetFileNameWithoutExtension(fullPath).Equals("NUL", StringComparison.OrdinalIgnoreCase)
            : fullPath.StartsWith("/dev/", StringComparison.Ordinal) || fullPath.StartsWith("/proc/", StringComparison.Ordinal);

    /// <summary>The full path of --output, checked before scanning so that a typo does not cost a whole scan.</summary>
    internal static string CheckOutputPath(string output)
    {
        var full = Path.GetFullPath(output);
        if (Directory.Exists(full)) throw new UsageException($"cannot write {output}: it is a directory");
        if (Path.GetDirectoryName(full) is { } dir && !Directory.Exists(dir))
            throw new UsageException($"cannot write {output}: directory {dir} does not exist");
        return full;
    }

    internal static IgnoreFile LoadIgnoreFile(string? explicitPath, IReadOnlyList<string> roots)
    {
        try
        {
            if (explicitPath is not null)
            {
                if (!File.Exists(explicitPath)) throw new UsageException($"ignore file not found: {explicitPath}");
                return IgnoreFile.Load(explicitPath);
            }
            // Each root's own ignore file, then the current directory's. With several roots, findings are reported
            // as root/path, so a root's ignore file is rebased onto its root (its globs are relative to it).
            var candidates = roots
                .Select(r => (File: Directory.Exists(r) ? Path.Combine(r, DefaultIgnoreFile) : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(r))!, DefaultIgnoreFile),
                              Prefix: roots.Count > 1 ? ScanRunner.PrefixFor(r) : ""))
                .Append((File: DefaultIgnoreFile, Prefix: ""))
                .Select(c => (File: Path.GetFullPath(c.File), c.Prefix))
                .DistinctBy(c => c.File, StringComparer.Ordinal)
                .Where(c => File.Exists(c.File));
            return candidates.Aggregate(IgnoreFile.Empty, (acc, c) => acc.Merge(IgnoreFile.Load(c.File).Rebase(c.Prefix)));
        }
        catch (IgnoreFileException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
