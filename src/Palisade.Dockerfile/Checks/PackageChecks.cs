using Palisade.Core.Findings;
using Palisade.Dockerfile.Model;
using Palisade.Dockerfile.Shell;
using static Palisade.Dockerfile.Checks.DockerfileRules;
using static Palisade.Dockerfile.Checks.PackageInstall;

namespace Palisade.Dockerfile.Checks;

/// <summary>Package managers in RUN: caches, recommended packages, upgrades and version pinning.</summary>
public static class PackageChecks
{
    private const string AptDoc = "https://docs.docker.com/build/building/best-practices/#apt-get";

    public static DockerfileCheck AptRecommends { get; } = DockerfileCheck.PerCommand(
        Rule("PAL-DF-011", "apt-get install without --no-install-recommends", Severity.Low,
            "apt-get installs recommended packages by default: more software, more attack surface and vulnerability findings than the image needs.",
            Snippet("Add --no-install-recommends:", "RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*"),
            ["DL3015"], [AptDoc], [Cis("4.3")], "packages"),
        c => IsAptInstall(c) && c.Name != "aptitude" && !c.HasFlag("--no-install-recommends") &&
             !c.Args.Any(a => a.Contains("Install-Recommends=false", StringComparison.OrdinalIgnoreCase) || a.Contains("Install-Recommends=0", StringComparison.Ordinal))
            ? $"{c.Name} install without --no-install-recommends" : null);

    public static DockerfileCheck AptListsKept { get; } = DockerfileCheck.PerRun(
        Rule("PAL-DF-012", "apt lists left in the image", Severity.Low,
            "apt-get update downloads package lists into /var/lib/apt/lists; unless the same RUN removes them they stay in that layer for good (a later RUN that deletes them only hides them): tens of megabytes, and stale metadata.",
            Snippet("Remove the lists in the same RUN (or use a cache mount):", "RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*"),
            ["DL3009"], [AptDoc], [Cis("4.3")], "packages"),
        (ctx, stage, run) =>
        {
            var cmds = ctx.Commands(run);
            // Lists are written by `update`; a RUN that only installs reads the lists an earlier layer left.
            if (!cmds.Any(c => c.Name is "apt-get" or "apt" or "aptitude" && c.Operands.FirstOrDefault() == "update")) return [];
            // A stage that only feeds COPY --from (never the base of another stage or the final image) is thrown away.
            var matters = run.Inner is not null || stage is null || stage.IsBase || ReferenceEquals(stage, ctx.Document.FinalStage);
            if (!matters) return [];
            if (cmds.Any(c => c.Name == "rm" && c.Args.Any(a => a.StartsWith("/var/lib/apt/lists", StringComparison.Ordinal)))) return [];
            if (RunScript.MountsAt(run, "/var/lib/apt/lists") || (RunScript.MountsAt(run, "/var/lib/apt") && RunScript.MountsAt(run, "/var/cache/apt"))) return [];
            return ["apt lists downloaded by apt-get update are not removed in the same RUN (add rm -rf /var/lib/apt/lists/*)"];
        });

    public static DockerfileCheck DistUpgrade { get; } = DockerfileCheck.PerCommand(
        Rule("PAL-DF-013", "Distribution upgrade in the build", Severity.Low,
            "apt-get upgrade / dist-upgrade (and apk upgrade, dnf/yum upgrade) pull whatever versions are current at build time: builds stop being reproducible and a base image's tested package set is replaced wholesale. Rebuild on a newer base image instead.",
            Snippet("Update the base image (pin a newer digest) rather than upgrading inside the build:", "FROM debian:12.8-slim@sha256:<newer digest>"),
            [], [AptDoc], [Cis("4.7")], "packages"),
        c =>
        {
            var op = c.Operands.FirstOrDefault();
            if (c.Name is "apt-get" or "apt" or "aptitude" && op is "upgrade" or "dist-upgrade" or "full-upgrade") return $"{c.Name} {op}";
            if (c.Name == "apk" && op == "upgrade") return "apk upgrade";
            if (c.Name is "yum" or "dnf" or "microdnf" && op is "upgrade" or "update" or "distro-sync" && c.Operands.Count() == 1) return $"{c.Name} {op}";
            if (c.Name == "zypper" && op is "dist-upgrade" or "dup" or "update" or "up" && c.Operands.Count() == 1) return $"zypper {op}";
            return null;
        });

    public static DockerfileCheck ApkCache { get; } = DockerfileCheck.PerRun(
        Rule("PAL-DF-014", "apk add without --no-cache", Severity.Low,
            "apk add keeps its index cache in /var/cache/apk unless --no-cache is given, adding weight to every layer.",
            Snippet("Use --no-cache:", "RUN apk add --no-cache curl=8.11.0-r2"),
            ["DL3019"], ["https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper"], [Cis("4.3")], "packages"),
        (ctx, _, run) =>
        {
            // A cache or tmpfs mount at /var/cache/apk keeps the cache out of the layer.
            if (RunScript.MountsAt(run, "/var/cache/apk")) return [];
            var cmds = ctx.Commands(run);
            // Removing the cache in the same RUN keeps it out of the layer just as well.
            if (cmds.Any(c => c.Name == "rm" && c.Args.Any(a => a.StartsWith("/var/cache/apk", StringComparison.Ordinal)))) return [];
            return cmds.Where(c => IsApkAdd(c) && !c.HasFlag("--no-cache")).Select(_ => "apk add without --no-cache").Take(1);
        });

    /// <summary>Values pip accepts for a boolean option (its strtobool); pip fails on anything else.</summary>
    private static readonly HashSet<string> PipBooleans = new(StringComparer.OrdinalIgnoreCase) { "y", "yes", "t", "true", "on", "1", "n", "no", "f", "false", "off", "0" };

    private const string PipNoCacheDir = "PIP_NO_CACHE_DIR";

    /// <summary>
    /// The value an assignment <c>PIP_NO_CACHE_DIR=v</c> gives, when it is one; pip disables its cache for any
    /// valid value, <c>0</c>, <c>no</c> and <c>false</c> included (pip keeps that for backwards compatibility).
    /// </summary>
    private static bool DisablesPipCache(string name, string? value) => name == PipNoCacheDir && value is not null && PipBooleans.Contains(value.Trim());

    private static bool DisablesPipCache(string assignment)
    {
        var eq = assignment.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && DisablesPipCache(assignment[..eq], assignment[(eq + 1)..]);
    }

    public static DockerfileCheck PipCache { get; } = DockerfileCheck.PerRun(
        Rule("PAL-DF-015", "pip install without --no-cache-dir", Severity.Low,
            "pip keeps downloaded wheels in ~/.cache/pip, which then ships in the image layer.",
            Snippet("Use --no-cache-dir (or set PIP_NO_CACHE_DIR=1, or a cache mount):", "RUN pip install --no-cache-dir requests==2.32.3"),
            ["DL3042"], ["https://pip.pypa.io/en/stable/cli/pip_install/"], [Cis("4.3")], "packages"),
        (ctx, _, run) =>
        {
            // A cache or tmpfs mount over pip's cache keeps it out of the layer.
            if (RunScript.Mounts(run).Any(m => Stage.MountOption(m, "type") is "cache" or "tmpfs" &&
                                               (Stage.MountOption(m, "target") ?? "").TrimEnd('/').EndsWith(".cache/pip", StringComparison.Ordinal))) return [];
            // PIP_NO_CACHE_DIR from an ENV or ARG in effect (the stage's, ENV of the stages it builds on, or above a fragment's RUN).
            var disabled = DisablesPipCache(PipNoCacheDir, ctx.VariablesBefore(run)(PipNoCacheDir));
            foreach (var c in ctx.Commands(run))
            {
                // export PIP_NO_CACHE_DIR=1 earlier in the script holds for the commands after it.
                if (c.Name == "export")
                    foreach (var a in c.Args.Where(a => a.StartsWith(PipNoCacheDir + "=", StringComparison.Ordinal))) disabled = DisablesPipCache(a);
                if (!IsPip(c) || !IsPipInstall(c) || c.HasFlag("--no-cache-dir")) continue;
                var local = c.Assignments.LastOrDefault(a => a.StartsWith(PipNoCacheDir + "=", StringComparison.Ordinal));
                if (local is null ? disabled : DisablesPipCache(local)) continue;
                return ["pip install without --no-cache-dir"];
            }
            return [];
        });

    public static DockerfileCheck AptUnpinned { get; } = DockerfileCheck.PerCommand(
        Rule("PAL-DF-025", "apt-get install without versions", Severity.Low,
            "Packages installed without a version change whenever the mirror does: the image is not reproducible and can pick up a broken or compromised release.",
            Snippet("Pin versions (apt-cache policy PACKAGE shows them):", "RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8"),
            ["DL3008"], [AptDoc], [Cis("4.11")], "packages", "pinning"),
        c => IsAptInstall(c) && Packages(c).Where(p => !p.Contains('=', StringComparison.Ordinal) && !p.EndsWith(".deb", StringComparison.Ordinal) && !p.StartsWith('/') && !p.StartsWith('.') && !p.StartsWith('$')).ToList() is { Count: > 0 } u
            ? $"{c.Name} install without versions: {string.Join(", ", u.Take(5))}" : null);

    public static DockerfileCheck ApkUnpinned { get; } = DockerfileCheck.PerCommand(
        Rule("PAL-DF-026", "apk add without versions", Severity.Low,
            "Packages installed without a version change whenever the repository does: the image is not reproducible.",
            Snippet("Pin versions:", "RUN apk add --no-cache curl=8.11.0-r2"),
            ["DL3018"], ["https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper"], [Cis("4.11")], "packages", "pinning"),
        c => IsApkAdd(c) && Packages(c).Where(p => p.IndexOfAny(['=', '<', '>', '~']) < 0 && !p.EndsWith(".apk", StringComparison.Ordinal) && !p.StartsWith('$')).ToList() is { Count: > 0 } u
            ? $"apk add without versions: {string.Join(", ", u.Take(5))}" : null);

    private static readonly HashSet<string> PipValueOptions = new(StringComparer.Ordinal)
    {
        "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--extra-index-url", "-f", "--find-links",
        "--trusted-host", "-t", "--target", "--prefix", "--root", "--platform", "--python-version", "--implementation", "--abi",
        "--src", "--upgrade-strategy", "--progress-bar", "--log", "--proxy", "--retries", "--timeout", "--exists-action", "--cert",
        "--client-cert", "--cache-dir", "--global-option", "--install-option", "--config-settings", "-C",
    };

    public static DockerfileCheck PipUnpinned { get; } = DockerfileCheck.PerCommand(
        Rule("PAL-DF-027", "pip install without versions", Severity.Low,
            "Python packages installed without a version (or a requirements/constraints file) change with every release: builds are not reproducible and can pick up a malicious release.",
            Snippet("Pin versions, or install from a locked requirements file with hashes:", "RUN pip install --no-cache-dir --require-hashes -r requirements.txt"),
            ["DL3013"], ["https://pip.pypa.io/en/stable/topics/repeatable-installs/"], [Cis("4.11")], "packages", "pinning"),
        c =>
        {
            if (!IsPipInstall(c)) return null;
            var args = PipArgs(c);
            if (args.Any(a => a is "-r" or "--requirement" or "-c" or "--constraint" || a.StartsWith("--requirement=", StringComparison.Ordinal) || a.StartsWith("--constraint=", StringComparison.Ordinal))) return null;
            var unpinned = new List<string>();
            var seenInstall = false;
            for (var i = 0; i < args.Count; i++)
            {
                var a = args[i];
                if (a.StartsWith('-'))
                {
                    if (PipValueOptions.Contains(a)) i++;
                    continue;
                }
                if (!seenInstall) { seenInstall = a == "install"; continue; }
                if (IsPinnedPip(a)) continue;
                unpinned.Add(a);
            }
            return unpinned.Count > 0 ? $"{c.Name} install without versions: {string.Join(", ", unpinned.Take(5))}" : null;
        });

    private static bool IsPinnedPip(string spec)
    {
        if (spec.Contains("==", StringComparison.Ordinal) || spec.Contains(">=", StringComparison.Ordinal) || spec.Contains("<", StringComparison.Ordinal) ||
            spec.Contains("~=", StringComparison.Ordinal) || spec.Contains("!=", StringComparison.Ordinal) || spec.Contains('>', StringComparison.Ordinal)) return true;
        if (spec.EndsWith(".whl", StringComparison.Ordinal) || spec.EndsWith(".tar.gz", StringComparison.Ordinal) || spec.EndsWith(".zip", StringComparison.Ordinal) || spec.EndsWith(".tgz", StringComparison.Ordinal)) return true;
        if (spec.Contains('/', StringComparison.Ordinal) && !spec.Contains("://", StringComparison.Ordinal)) return true; // a local path
        if (spec.StartsWith('.') || spec.StartsWith('$')) return true;
        if (spec.Contains("://", StringComparison.Ordinal))
        {
            // VCS URLs are pinned by @ref; archives by URL are fixed files.
            if (spec.StartsWith("git+", StringComparison.Ordinal) || spec.StartsWith("hg+", StringComparison.Ordinal) || spec.StartsWith("svn+", StringComparison.Ordinal) || spec.StartsWith("bzr+", StringComparison.Ordinal))
            {
                var path = spec[(spec.IndexOf("://", StringComparison.Ordinal) + 3)..];
                var hash = path.IndexOf('#', StringComparison.Ordinal);
                if (hash >= 0) path = path[..hash];
                return path.Contains('@', StringComparison.Ordinal) && path.LastIndexOf('@') > path.IndexOf('/', StringComparison.Ordinal);
            }
            return true;
        }
        return false;
    }

    public static DockerfileCheck NpmUnpinned { get; } = DockerfileCheck.PerCommand(
        Rule("PAL-DF-028", "npm install without versions", Severity.Low,
            "npm packages installed by name alone (npm install -g tool, npm install pkg) change with every release: builds are not reproducible and a compromised release is picked up automatically.",
            Snippet("Pin versions (or run npm ci with a committed package-lock.json):", "RUN npm install -g pnpm@9.12.3"),
            ["DL3016"], ["https://docs.npmjs.com/cli/commands/npm-install"], [Cis("4.11")], "packages", "pinning"),
        c =>
        {
            if (!IsNpmInstall(c)) return null;
            var unpinned = new List<string>();
            var seenVerb = false;
            for (var i = 0; i < c.Args.Count; i++)
            {
                var a = c.Args[i];
                if (a.StartsWith('-'))
                {
                    if (a is "--registry" or "--prefix" or "--cache" or "--userconfig" or "--tag" or "-w" or "--workspace") i++;
                    continue;
                }
                if (!seenVerb) { seenVerb = true; continue; }
                if (IsPinnedNpm(a)) continue;
                unpinned.Add(a);
            }
            return unpinned.Count > 0 ? $"npm install without versions: {string.Join(", ", unpinned.Take(5))}" : null;
        });

    private static bool IsPinnedNpm(string spec)
    {
        if (spec.StartsWith('/') || spec.StartsWith('.') || spec.StartsWith('~') || spec.StartsWith('$')) return true;
        if (spec.EndsWith(".tar", StringComparison.Ordinal) || spec.EndsWith(".tgz", StringComparison.Ordinal) || spec.EndsWith(".tar.gz", StringComparison.Ordinal)) return true;
        if (spec.Contains("://", StringComparison.Ordinal) || spec.StartsWith("git@", StringComparison.Ordinal) || spec.StartsWith("github:", StringComparison.Ordinal))
            return spec.Contains('#', StringComparison.Ordinal);
        var at = spec.LastIndexOf('@');
        return at > 0; // @scope/name@1.2.3 or name@1.2.3; a leading @ alone is the scope
    }

    public static DockerfileCheck GemUnpinned { get; } = DockerfileCheck.PerCommand(
        Rule("PAL-DF-029", "gem install without versions", Severity.Low,
            "Gems installed without a version change with every release: builds are not reproducible.",
            Snippet("Pin versions:", "RUN gem install bundler:2.5.22"),
            ["DL3028"], ["https://guides.rubygems.org/command-reference/#gem-install"], [Cis("4.11")], "packages", "pinning"),
        c =>
        {
            if (!IsGemInstall(c) || c.HasFlag("-v", "--version")) return null;
            var unpinned = c.Operands.Skip(1).Where(g => !g.Contains(':', StringComparison.Ordinal) && !g.EndsWith(".gem", StringComparison.Ordinal) && !g.StartsWith('$')).ToList();
            return unpinned.Count > 0 ? $"gem install without versions: {string.Join(", ", unpinned.Take(5))}" : null;
        });

    public static IReadOnlyList<DockerfileCheck> All { get; } =
        [AptRecommends, AptListsKept, DistUpgrade, ApkCache, PipCache, AptUnpinned, ApkUnpinned, PipUnpinned, NpmUnpinned, GemUnpinned];
}
