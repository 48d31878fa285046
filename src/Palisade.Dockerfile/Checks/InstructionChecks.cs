using Palisade.Core.Findings;
using Palisade.Core.Secrets;
using Palisade.Dockerfile.Model;
using Palisade.Dockerfile.Parsing;
using Palisade.Dockerfile.Shell;
using static Palisade.Dockerfile.Checks.DockerfileRules;

namespace Palisade.Dockerfile.Checks;

/// <summary>Checks of individual instructions: secrets, ADD, downloads, sudo, ports, permissions, WORKDIR, CMD/ENTRYPOINT.</summary>
public static class InstructionChecks
{
    /// <summary>ENV's pairs: <c>ENV A=1 B="2 3"</c> or the legacy <c>ENV A value with spaces</c>.</summary>
    public static IEnumerable<(string Name, string Value)> EnvPairs(Instruction env, char escape = '\\')
    {
        ArgumentNullException.ThrowIfNull(env);
        var words = DockerfileParser.Words(env.Arguments, escape);
        if (words.Count == 0) yield break;
        if (!words[0].Contains('=', StringComparison.Ordinal))
        {
            yield return (words[0], string.Join(' ', words.Skip(1)));
            yield break;
        }
        foreach (var w in words)
        {
            var eq = w.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) yield return (w[..eq], w[(eq + 1)..]);
        }
    }

    public static DockerfileCheck SecretsInEnvOrArg { get; } = new(
        Rule("PAL-DF-007", "Secret in ENV or ARG", Severity.High,
            "An ENV or ARG whose name says it holds a secret (PASSWORD, TOKEN, API_KEY ...) or whose value is a credential. ENV values are stored in the image config for anyone who pulls it, and ARG values are recorded in the image history.",
            Snippet("Pass secrets to the build with a secret mount, and to the container at run time:", """
                RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
                # docker build --secret id=npm_token,env=NPM_TOKEN .
                """),
            ["DL3064"], ["https://docs.docker.com/build/building/secrets/"], [Cis("4.10")], "secrets"),
        ctx => ctx.Document.Instructions.Select(i => i.Effective).Where(i => i.Keyword is "ENV" or "ARG").SelectMany(i =>
        {
            var escape = ctx.Document.EscapeChar;
            var pairs = i.Keyword == "ENV" ? EnvPairs(i, escape) : Stage.ArgDefaults(i.Arguments, escape).Select(p => (p.Name, Value: p.Default ?? ""));
            return pairs.Select(p =>
            {
                if (SecretHeuristics.FindCloudCredential(p.Name, p.Value) is { } cloud)
                    return DockerfileHit.At(i, $"{i.Keyword} {p.Name} holds {SecretHeuristics.Describe(cloud)}");
                if (SecretHeuristics.HasUrlCredentials(p.Value))
                    return DockerfileHit.At(i, $"{i.Keyword} {p.Name} holds a URL with a password");
                if (SecretHeuristics.IsSecretName(p.Name))
                    return DockerfileHit.At(i, p.Value.Length > 0 && !SecretHeuristics.IsPlaceholder(p.Value)
                        ? $"{i.Keyword} {p.Name} sets a secret value in the image"
                        : $"{i.Keyword} {p.Name} passes a secret through the image {(i.Keyword == "ARG" ? "history" : "configuration")}");
                return null;
            }).OfType<DockerfileHit>();
        }));

    private static readonly string[] ArchiveExtensions =
        [".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tb2", ".tar.xz", ".txz", ".tar.lz", ".tlz", ".tar.lzma", ".tar.z", ".tz", ".tpz", ".gz", ".bz2", ".xz", ".lz", ".lzma", ".z", ".tar.zst", ".zst"];

    private static bool IsUrl(string s) => s.Contains("://", StringComparison.Ordinal) || s.StartsWith("git@", StringComparison.Ordinal);

    private static IReadOnlyList<string> CopySources(Instruction i, char escape)
    {
        var args = i.ExecForm ?? DockerfileParser.Words(i.Arguments, escape);
        return args.Count >= 2 ? args.Take(args.Count - 1).ToList() : [];
    }

    public static DockerfileCheck AddInsteadOfCopy { get; } = new(
        Rule("PAL-DF-008", "ADD used where COPY fits", Severity.Medium,
            "ADD copies local files like COPY but also unpacks archives and fetches URLs: using it for plain files hides that behaviour from readers and reviewers. COPY says exactly what happens.",
            Snippet("Use COPY for files and folders:", "COPY src/ /app/src/"),
            ["DL3020"], [BestPractices + "#add-or-copy"], [Cis("4.9")], "add"),
        ctx => ctx.Document.Instructions.Select(i => i.Effective).Where(i => i.Keyword == "ADD" && i.Heredocs.Count == 0)
            .Where(i => CopySources(i, ctx.Document.EscapeChar).Any(s => !IsUrl(s) && !ArchiveExtensions.Any(e => s.EndsWith(e, StringComparison.OrdinalIgnoreCase))))
            .Select(i => DockerfileHit.At(i, "ADD copies plain files; use COPY")));

    public static DockerfileCheck AddRemoteUrl { get; } = new(
        Rule("PAL-DF-009", "ADD downloads a URL without a checksum", Severity.Medium,
            "ADD https://... fetches a file at build time and trusts whatever the server returns: a compromised or changed download goes into the image unnoticed.",
            Snippet("Pin the download with --checksum (or download and verify in RUN):", "ADD --checksum=sha256:<digest> https://example.com/tool-1.2.3.tar.gz /opt/"),
            [], [Reference + "#add---checksum"], [Cis("4.9"), Cis("4.11")], "add", "supply-chain"),
        ctx => ctx.Document.Instructions.Select(i => i.Effective).Where(i => i.Keyword == "ADD" && !i.HasFlag("checksum"))
            .SelectMany(i => CopySources(i, ctx.Document.EscapeChar).Where(s => s.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                .Where(s => !s.EndsWith(".git", StringComparison.OrdinalIgnoreCase) && !s.Contains(".git#", StringComparison.OrdinalIgnoreCase))
                .Select(s => DockerfileHit.At(i, $"ADD downloads {s} without --checksum"))));

    private static readonly HashSet<string> Interpreters = new(StringComparer.Ordinal) { "sh", "bash", "zsh", "dash", "ash", "ksh", "python", "python3", "perl", "ruby", "node", "php", "sudo" };

    public static DockerfileCheck PipeToShell { get; } = DockerfileCheck.PerRun(
        Rule("PAL-DF-010", "Download piped to a shell", Severity.High,
            "curl or wget output is executed directly (curl ... | sh). Whatever the server sends at build time runs as root in the build, with no version and no integrity check.",
            Snippet("Download a pinned version, verify its checksum, then run it:", """
                RUN curl -fsSLo /tmp/install.sh https://example.com/install-1.4.2.sh \
                 && echo "<sha256>  /tmp/install.sh" | sha256sum -c - \
                 && sh /tmp/install.sh && rm /tmp/install.sh
                """),
            [], ["https://docs.docker.com/build/building/best-practices/#using-pipes"], [Cis("4.11")], "supply-chain"),
        (ctx, _, run) =>
        {
            var cmds = ctx.Commands(run);
            for (var k = 0; k + 1 < cmds.Count; k++)
            {
                if (cmds[k].Name is "curl" or "wget" && cmds[k].PipesOut && cmds[k + 1].PipedIn && Interpreters.Contains(cmds[k + 1].Name))
                    return [$"{cmds[k].Name} output is piped to {cmds[k + 1].Name}"];
            }
            var text = RunScript.Text(run);
            foreach (var fetch in (string[])["$(curl", "$(wget", "<(curl", "<(wget", "`curl", "`wget"])
                if (text.Contains(fetch, StringComparison.Ordinal) && cmds.Any(c => Interpreters.Contains(c.Name)))
                    return [$"a download ({fetch.TrimStart('$', '<', '(', '`')}) is executed by a shell"];
            return [];
        });

    public static DockerfileCheck Sudo { get; } = DockerfileCheck.PerCommand(
        Rule("PAL-DF-016", "sudo in RUN", Severity.Medium,
            "RUN already runs as the stage's USER; sudo inside an image means a setuid binary and sudoers configuration that an attacker in the container can use to become root.",
            Snippet("Run the step as root (USER root ... USER app) or use gosu/su-exec at run time:", """
                USER root
                RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
                USER app
                """),
            ["DL3004"], [BestPractices + "#user"], [Cis("4.1")], "user"),
        c => c.Name == "sudo" ? "sudo is used" : null);

    /// <summary>Whether an EXPOSE entry (<c>22</c>, <c>22/tcp</c>, <c>20-30</c>) covers a port.</summary>
    private static bool Covers(string entry, int port)
    {
        // "2222:22" (a host mapping, which EXPOSE ignores) exposes the container port after the colon.
        var portPart = entry.Split('/')[0];
        if (portPart.LastIndexOf(':') is var colon and >= 0) portPart = portPart[(colon + 1)..];
        var range = portPart.Split('-');
        if (!int.TryParse(range[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var low)) return false;
        var high = low;
        if (range.Length == 2 && !int.TryParse(range[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out high)) return false;
        return range.Length <= 2 && low <= port && port <= high;
    }

    public static DockerfileCheck ExposeSsh { get; } = new(
        Rule("PAL-DF-017", "SSH port exposed", Severity.Medium,
            "EXPOSE 22 means an SSH daemon in the container: another way in, with credentials to manage, and a sign the container is treated as a server to log into. Use docker exec / kubectl exec for access.",
            Snippet("Remove the SSH server and EXPOSE 22; debug with kubectl exec or ephemeral containers.", "EXPOSE 8080"),
            [], ["https://docs.docker.com/reference/dockerfile/#expose"], [Cis("5.6")], "network"),
        ctx => ctx.Document.Instructions.Where(i => i.Effective.Keyword == "EXPOSE").SelectMany(i =>
        {
            var lookup = ctx.VariablesBefore(i);
            var escape = ctx.Document.EscapeChar;
            return DockerfileParser.RawWords(i.Effective.Arguments, escape)
                .SelectMany(p => DockerfileParser.Words(VariableExpander.Expand(p, lookup, escape), escape))
                .Where(p => Covers(p, 22))
                .Take(1).Select(_ => DockerfileHit.At(i, "port 22 (SSH) is exposed"));
        }));

    /// <summary>
    /// Whether a chmod mode lets everyone write: numeric with the others-write bit (<c>777</c>, <c>0666</c>, <c>772</c>;
    /// not a sticky directory such as <c>1777</c> for /tmp), or symbolic granting w to o or a (<c>o+w</c>, <c>a=rwx</c>).
    /// </summary>
    public static bool IsWorldWritableMode(string mode)
    {
        ArgumentNullException.ThrowIfNull(mode);
        if (mode.Length is >= 3 and <= 5 && mode.All(c => c is >= '0' and <= '7'))
        {
            var others = mode[^1] - '0';
            var special = mode.Length >= 4 ? mode[^4] - '0' : 0;
            return (others & 2) != 0 && (special & 1) == 0;
        }
        foreach (var clause in mode.Split(','))
        {
            var op = clause.IndexOfAny(['+', '=', '-']);
            if (op < 0 || clause[op] == '-') continue;
            var who = clause[..op];
            if (who.Any(c => c is not ('u' or 'g' or 'o' or 'a'))) continue;
            if ((who.Contains('o', StringComparison.Ordinal) || who.Contains('a', StringComparison.Ordinal)) && clause[(op + 1)..].Contains('w', StringComparison.Ordinal) &&
                !clause[(op + 1)..].Contains('t', StringComparison.Ordinal)) return true;
        }
        return false;
    }

    public static DockerfileCheck WorldWritable { get; } = new(
        Rule("PAL-DF-018", "World-writable permissions", Severity.Medium,
            "chmod 777 (or --chmod=777) lets any user in the container change the files, including binaries and configuration another process trusts.",
            Snippet("Give ownership to the user that needs it and keep modes tight:", "COPY --chown=app:app --chmod=0750 app /app"),
            [], ["https://docs.docker.com/reference/dockerfile/#copy---chmod"], [Cis("4.8")], "permissions"),
        ctx =>
        {
            var hits = new List<DockerfileHit>();
            foreach (var (_, run) in ctx.Runs())
                if (ctx.Commands(run).FirstOrDefault(c => c.Name == "chmod" && c.Operands.FirstOrDefault() is { } m && IsWorldWritableMode(m)) is { } chmod)
                    hits.Add(DockerfileHit.At(run, $"chmod {chmod.Operands.First()} makes files world-writable"));
            foreach (var i in ctx.Document.Instructions.Select(x => x.Effective).Where(x => x.Keyword is "COPY" or "ADD"))
                if (i.Flag("chmod") is { } mode && IsWorldWritableMode(mode))
                    hits.Add(DockerfileHit.At(i, $"{i.Keyword} --chmod={mode} makes files world-writable"));
            return hits;
        });

    public static DockerfileCheck RelativeWorkdir { get; } = new(
        Rule("PAL-DF-019", "Relative WORKDIR", Severity.Low,
            "A relative WORKDIR depends on every WORKDIR before it (and on the base image's); an absolute path says where files land.",
            Snippet("Use an absolute path:", "WORKDIR /app"),
            ["DL3000"], [BestPractices + "#workdir"], [], "instructions"),
        ctx => ctx.Document.Instructions.Select(i => i.Effective).Where(i => i.Keyword == "WORKDIR").Where(i =>
        {
            var dir = DockerfileParser.Unquote(i.Arguments.Trim());
            return !(dir.StartsWith('/') || dir.StartsWith('$') || (dir.Length >= 2 && char.IsAsciiLetter(dir[0]) && dir[1] == ':') || dir.StartsWith('\\'));
        }).Select(i => DockerfileHit.At(i, $"WORKDIR {i.Arguments.Trim()} is relative")));

    private static DockerfileCheck Repeated(string id, string keyword, string alias, Severity severity) => new(
        Rule(id, $"Several {keyword} instructions in one stage", severity,
            $"Only the last {keyword} of a stage takes effect; the earlier ones are dead code that misleads readers about what the image runs.",
            Snippet($"Keep one {keyword} per stage:", keyword == "CMD" ? "CMD [\"/app/server\", \"--port\", \"8080\"]" : "ENTRYPOINT [\"/app/server\"]"),
            [alias], [Reference + "#" + keyword.ToLowerInvariant()], [], "instructions"),
        ctx => ctx.Document.Stages.SelectMany(s => s.Instructions.Where(i => i.Keyword == keyword).Skip(1)
            .Select(i => DockerfileHit.At(i, $"stage {(s.Name ?? s.Index.ToString(System.Globalization.CultureInfo.InvariantCulture))} has more than one {keyword}; only the last counts"))));

    public static DockerfileCheck SeveralCmd { get; } = Repeated("PAL-DF-020", "CMD", "DL4003", Severity.Low);

    public static DockerfileCheck SeveralEntrypoint { get; } = Repeated("PAL-DF-021", "ENTRYPOINT", "DL4004", Severity.Medium);

    public static DockerfileCheck ShellForm { get; } = new(
        Rule("PAL-DF-022", "Shell-form CMD or ENTRYPOINT", Severity.Low,
            "In shell form the process runs as a child of /bin/sh -c: it does not receive SIGTERM, so the container is killed after the grace period instead of shutting down cleanly, and the shell adds a layer of interpretation.",
            Snippet("Use the exec (JSON) form:", "ENTRYPOINT [\"/app/server\", \"--port\", \"8080\"]"),
            ["DL3025"], [Reference + "#shell-and-exec-form"], [], "instructions"),
        ctx => ctx.Document.Instructions.Select(i => i.Effective).Where(i => i.Keyword is "CMD" or "ENTRYPOINT" && !i.IsExecForm)
            .Select(i => DockerfileHit.At(i, $"{i.Keyword} uses the shell form")));

    public static DockerfileCheck NoHealthcheck { get; } = new(
        Rule("PAL-DF-023", "No HEALTHCHECK", Severity.Low,
            "The image defines no HEALTHCHECK, so Docker and Compose cannot tell a hung container from a healthy one. (Kubernetes ignores HEALTHCHECK: define liveness and readiness probes there.)",
            Snippet("Add a health check (or HEALTHCHECK NONE to say there is none on purpose):", "HEALTHCHECK --interval=30s --timeout=3s CMD [\"/app/server\", \"healthcheck\"]"),
            ["DL3057"], [Reference + "#healthcheck"], [Cis("4.6")], "instructions"),
        ctx => ctx.Document.FinalStage is { } final && !final.EffectiveInstructions.Any(i => i.Keyword == "HEALTHCHECK")
            ? [DockerfileHit.At(final.From, "the final stage has no HEALTHCHECK")]
            : []);

    public static DockerfileCheck CopyEverything { get; } = new(
        Rule("PAL-DF-024", "Whole build context copied without .dockerignore", Severity.Medium,
            "COPY . copies the entire build context into the final image, and there is no .dockerignore: .git, .env files, credentials and local build output end up in the image.",
            Snippet("Add a .dockerignore next to the Dockerfile, or copy only what the image needs:", """
                # .dockerignore
                .git
                .env*
                **/*.pem
                node_modules
                """),
            [], ["https://docs.docker.com/build/concepts/context/#dockerignore-files"], [Cis("4.10")], "secrets"),
        ctx =>
        {
            if (ctx.HasDockerignore != false || ctx.Document.FinalStage is not { } final) return [];
            return final.Instructions.Select(i => i.Effective).Where(i => i.Keyword is "COPY" or "ADD" && !i.HasFlag("from"))
                .Where(i => CopySources(i, ctx.Document.EscapeChar).Any(s => s is "." or "./" or "*" or "./*"))
                .Select(i => DockerfileHit.At(i, $"{i.Keyword} {string.Join(' ', CopySources(i, ctx.Document.EscapeChar))} copies the whole build context, and there is no .dockerignore"));
        });

    public static DockerfileCheck CdInRun { get; } = DockerfileCheck.PerCommand(
        Rule("PAL-DF-030", "cd in RUN instead of WORKDIR", Severity.Low,
            "cd only lasts for one RUN; steps that depend on it are easy to break. WORKDIR sets the directory for every later instruction and is visible in the image metadata.",
            Snippet("Use WORKDIR:", """
                WORKDIR /src
                RUN make
                """),
            ["DL3003"], [BestPractices + "#workdir"], [], "instructions"),
        c => c.Name == "cd" ? "cd is used to change directory" : null);

    public static DockerfileCheck Maintainer { get; } = new(
        Rule("PAL-DF-031", "MAINTAINER is deprecated", Severity.Info,
            "MAINTAINER has been deprecated for years; use a label.",
            Snippet("Use the OCI label:", "LABEL org.opencontainers.image.authors=\"team@example.com\""),
            ["DL4000"], [Reference + "#maintainer-deprecated"], [], "instructions"),
        ctx => ctx.Document.Instructions.Where(i => i.Keyword == "MAINTAINER").Select(i => DockerfileHit.At(i, "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors")));

    public static IReadOnlyList<DockerfileCheck> All { get; } =
    [
        SecretsInEnvOrArg, AddInsteadOfCopy, AddRemoteUrl, PipeToShell, Sudo, ExposeSsh, WorldWritable, RelativeWorkdir,
        SeveralCmd, SeveralEntrypoint, ShellForm, NoHealthcheck, CopyEverything, CdInRun, Maintainer,
    ];
}
