using Palisade.Dockerfile.Shell;

namespace Palisade.Dockerfile.Checks;

/// <summary>Recognises package-manager commands and their package operands.</summary>
public static class PackageInstall
{
    /// <summary>The sub-command of a package manager: its first operand, options and their values skipped (<c>apt-get -o X=1 -y install</c> gives install).</summary>
    public static string? Verb(ShellCommand c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var args = c.Args;
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--") return i + 1 < args.Count ? args[i + 1] : null;
            if (!a.StartsWith('-')) return a;
            if (ValueOptions.Contains(a)) i++;
        }
        return null;
    }

    /// <summary>apt-get / apt / aptitude <c>install</c>.</summary>
    public static bool IsAptInstall(ShellCommand c) => c.Name is "apt-get" or "apt" or "aptitude" && Verb(c) == "install";

    public static bool IsApkAdd(ShellCommand c) => c.Name == "apk" && Verb(c) == "add";

    public static bool IsPip(ShellCommand c) =>
        c.Name.StartsWith("pip", StringComparison.Ordinal) && c.Name is "pip" or "pip2" or "pip3" || c.Name.StartsWith("pip3.", StringComparison.Ordinal) ||
        (c.Name.StartsWith("python", StringComparison.Ordinal) && c.Args.Count >= 2 && c.Args[0] == "-m" && c.Args[1] == "pip");

    /// <summary>The words after <c>pip</c> (or <c>python -m pip</c>).</summary>
    public static IReadOnlyList<string> PipArgs(ShellCommand c) =>
        c.Name.StartsWith("python", StringComparison.Ordinal) ? c.Args.Skip(2).ToList() : c.Args;

    public static bool IsPipInstall(ShellCommand c) => (IsPip(c) || c.Name == "pipx") && PipArgs(c).FirstOrDefault(a => !a.StartsWith('-')) == "install";

    public static bool IsNpmInstall(ShellCommand c) => c.Name == "npm" && c.Operands.FirstOrDefault() is "install" or "i" or "add";

    /// <summary><c>gem install</c> (or its abbreviation <c>gem i</c>).</summary>
    public static bool IsGemInstall(ShellCommand c) => c.Name == "gem" && c.Operands.FirstOrDefault() is "install" or "i";

    private static readonly HashSet<string> ValueOptions = new(StringComparer.Ordinal)
    {
        // apt-get
        "-o", "-t", "--target-release", "-c", "--config-file",
        // apk
        "--virtual", "-t", "--repository", "-X", "--root", "-p", "--arch", "--keys-dir",
        // yum / dnf
        "--setopt", "--enablerepo", "--disablerepo", "--installroot", "--releasever",
    };

    /// <summary>The package operands of an install command (apt, apk, yum/dnf/microdnf, zypper), options and their values skipped.</summary>
    public static IEnumerable<string> Packages(ShellCommand c)
    {
        string verb;
        switch (c.Name)
        {
            case "apt-get" or "apt" or "aptitude": verb = "install"; break;
            case "apk": verb = "add"; break;
            case "yum" or "dnf" or "microdnf" or "tdnf": verb = "install"; break;
            case "zypper": verb = c.Operands.FirstOrDefault() is "in" ? "in" : "install"; break;
            default: yield break;
        }
        var args = c.Args;
        var seenVerb = false;
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a.StartsWith('-'))
            {
                if (ValueOptions.Contains(a) && i + 1 < args.Count) i++;
                continue;
            }
            if (!seenVerb)
            {
                if (a != verb) yield break;
                seenVerb = true;
                continue;
            }
            yield return a;
        }
    }

    /// <summary>The package name without a version (<c>curl=7.88.1-10</c> gives <c>curl</c>).</summary>
    public static string NameOf(string package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var cut = package.IndexOfAny(['=', '<', '>', '~']);
        return (cut < 0 ? package : package[..cut]).ToLowerInvariant();
    }
}
