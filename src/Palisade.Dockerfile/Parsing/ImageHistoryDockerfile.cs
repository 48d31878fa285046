using System.Text;
using System.Text.RegularExpressions;

namespace Palisade.Dockerfile.Parsing;

/// <summary>
/// Rebuilds a Dockerfile from an image's build history (the config's <c>history[].created_by</c>), so the Dockerfile
/// checks can judge an image whose Dockerfile is not at hand. Classic builder entries (<c>/bin/sh -c #(nop) USER app</c>,
/// <c>/bin/sh -c apt-get ...</c>, <c>|2 A=1 B=2 /bin/sh -c ...</c>) and BuildKit entries (<c>RUN /bin/sh -c ... # buildkit</c>)
/// are both understood. The base image is unknown, so the text starts <c>FROM scratch</c>; base-image layers
/// (<c>ADD file:&lt;hash&gt; in /</c>) become COPY, since their source is the builder's, not a URL.
/// </summary>
public static partial class ImageHistoryDockerfile
{
    private static readonly HashSet<string> Instructions = new(StringComparer.OrdinalIgnoreCase)
    {
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL",
        "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    };

    /// <summary>The Dockerfile text: one line per history entry that maps to an instruction, then USER and HEALTHCHECK from the config when the history lacks them.</summary>
    public static string Build(IEnumerable<string> createdBy, string? configUser, bool configHasHealthcheck)
    {
        ArgumentNullException.ThrowIfNull(createdBy);
        var text = new StringBuilder("FROM scratch\n");
        string? lastUser = null;
        var healthcheck = false;
        foreach (var entry in createdBy)
        {
            if (Instruction(entry) is not { } line) continue;
            var keyword = line.Split(' ', 2)[0].ToUpperInvariant();
            if (keyword == "USER") lastUser = line[4..].Trim();
            if (keyword == "HEALTHCHECK") healthcheck = true;
            text.Append(line).Append('\n');
        }
        // The config is what runs; the history may be incomplete (squashed or rewritten images).
        if (configUser is not null && configUser != lastUser) text.Append("USER ").Append(configUser).Append('\n');
        if (configHasHealthcheck && !healthcheck) text.Append("HEALTHCHECK CMD [\"true\"]\n");
        return text.ToString();
    }

    /// <summary>One history entry as a Dockerfile line (continuations joined), or null when it is not an instruction.</summary>
    public static string? Instruction(string createdBy)
    {
        ArgumentNullException.ThrowIfNull(createdBy);
        var s = createdBy.Replace("\r", "", StringComparison.Ordinal).Replace("\\\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Trim();
        if (s.EndsWith("# buildkit", StringComparison.Ordinal)) s = s[..^"# buildkit".Length].TrimEnd();
        if (s.Length == 0) return null;
        // "|2 VERSION=1 OTHER=2 /bin/sh -c make": build arguments in effect, then the command.
        var args = BuildArgs().Match(s);
        if (args.Success) s = s[args.Length..];
        const string Nop = "/bin/sh -c #(nop)";
        if (s.StartsWith(Nop, StringComparison.Ordinal)) s = s[Nop.Length..].Trim();
        else if (s.StartsWith("/bin/sh -c ", StringComparison.Ordinal)) s = "RUN " + s["/bin/sh -c ".Length..].Trim();
        // BuildKit records the shell form as "RUN /bin/sh -c CMD": the command is what the Dockerfile said.
        else if (s.StartsWith("RUN /bin/sh -c ", StringComparison.Ordinal)) s = "RUN " + s["RUN /bin/sh -c ".Length..].Trim();
        var keyword = s.Split(' ', 2)[0];
        if (!Instructions.Contains(keyword)) return null;
        if (keyword.Equals("ADD", StringComparison.OrdinalIgnoreCase) || keyword.Equals("COPY", StringComparison.OrdinalIgnoreCase))
        {
            // "ADD file:0123abcd in / ": the builder's record of a local file (often a base image's root filesystem).
            var local = LocalSource().Match(s);
            if (local.Success) s = "COPY " + local.Groups["src"].Value + " " + local.Groups["dst"].Value.Trim();
        }
        return s;
    }

    [GeneratedRegex(@"^\|\d+(\s+[^\s=]+=\S*)*\s+")]
    private static partial Regex BuildArgs();

    [GeneratedRegex(@"^(?:ADD|COPY)\s+(?:--\S+\s+)*(?<src>(?:file|dir|multi):\S+)\s+in\s+(?<dst>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex LocalSource();
}
