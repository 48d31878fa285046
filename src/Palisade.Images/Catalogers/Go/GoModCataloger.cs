using System.Text;

namespace Palisade.Images.Catalogers.Go;

/// <summary>
/// Go's <c>go.mod</c>: the modules of require directives (single-line or in blocks, "// indirect" ones included), with
/// replace directives applied (a replacement by another module version renames the package; a replacement by a local
/// directory drops it, as no published module is used) and excluded module versions dropped; the module line itself is
/// not a package. Reported as pkg:golang/module/path@version (the last path element is the purl name).
/// </summary>
public sealed class GoModCataloger : DatabaseFileCataloger
{
    private const string ModFile = "go.mod";

    private static readonly HashSet<string> Verbs = new(StringComparer.Ordinal)
    {
        "module", "go", "toolchain", "godebug", "require", "exclude", "replace", "retract", "tool", "ignore",
    };

    public override string Name => "go-mod";

    public override bool Wants(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path == ModFile || path.EndsWith("/" + ModFile, StringComparison.Ordinal);
    }

    private sealed record Require(string Path, string Version, bool Indirect, int Line);

    private sealed record Replace(string OldPath, string? OldVersion, string NewPath, string? NewVersion);

    protected override IReadOnlyList<PackageRecord> Parse(string path, byte[] content, string? layerDigest, OsRelease? os)
    {
        var text = LockfileText.Decode(path, content);
        var requires = new List<Require>();
        var replaces = new List<Replace>();
        var excludes = new HashSet<(string, string)>();
        string? blockVerb = null;
        var blockLine = 0;
        var lineNo = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            lineNo++;
            var (tokens, comment) = Tokenize(line.ToString(), path, lineNo);
            if (tokens.Count == 0) continue;
            List<string> args;
            string verb;
            if (blockVerb is not null)
            {
                if (tokens[0] == ")")
                {
                    if (tokens.Count > 1) throw new CatalogerException("unexpected text after ')'", path, lineNo);
                    blockVerb = null;
                    continue;
                }
                verb = blockVerb;
                args = tokens;
            }
            else
            {
                verb = tokens[0];
                if (!Verbs.Contains(verb)) throw new CatalogerException($"unknown directive \"{verb}\"", path, lineNo);
                if (tokens.Count == 2 && tokens[1] == "(")
                {
                    blockVerb = verb;
                    blockLine = lineNo;
                    continue;
                }
                args = tokens.GetRange(1, tokens.Count - 1);
            }
            if (args.Contains("(") || args.Contains(")")) throw new CatalogerException($"unexpected parenthesis in {verb} directive", path, lineNo);
            switch (verb)
            {
                case "require":
                    if (args.Count != 2) throw new CatalogerException("require expects a module path and a version", path, lineNo);
                    requires.Add(new Require(args[0], args[1], IsIndirect(comment), lineNo));
                    break;
                case "exclude":
                    if (args.Count != 2) throw new CatalogerException("exclude expects a module path and a version", path, lineNo);
                    excludes.Add((args[0], args[1]));
                    break;
                case "replace":
                    replaces.Add(ParseReplace(args, path, lineNo));
                    break;
                default:
                    break; // module, go, toolchain, godebug, retract, tool, ignore: no packages
            }
        }
        if (blockVerb is not null) throw new CatalogerException($"unterminated {blockVerb} block", path, blockLine);

        // A replacement of one version wins over one of every version; of two for the same thing, the last counts.
        var exact = new Dictionary<(string, string), Replace>();
        var any = new Dictionary<string, Replace>(StringComparer.Ordinal);
        foreach (var r in replaces)
        {
            if (r.OldVersion is null) any[r.OldPath] = r;
            else exact[(r.OldPath, r.OldVersion)] = r;
        }

        var packages = new List<PackageRecord>();
        var seen = new HashSet<(string, string)>();
        foreach (var require in requires)
        {
            if (excludes.Contains((require.Path, require.Version))) continue;
            var replace = exact.GetValueOrDefault((require.Path, require.Version)) ?? any.GetValueOrDefault(require.Path);
            var (module, version) = (require.Path, require.Version);
            if (replace is not null)
            {
                if (replace.NewVersion is null) continue; // replaced by a local directory
                (module, version) = (replace.NewPath, replace.NewVersion);
            }
            if (!seen.Add((module, version))) continue;
            packages.Add(new PackageRecord(module, version, "golang", Purl(module, version), [], null, null, null, path, layerDigest));
        }
        return packages;
    }

    /// <summary>pkg:golang/namespace/name@version, the namespace being all but the last element of the module path.</summary>
    public static string Purl(string module, string? version)
    {
        ArgumentException.ThrowIfNullOrEmpty(module);
        var trimmed = module.Trim('/');
        var slash = trimmed.LastIndexOf('/');
        return slash < 0
            ? PackageUrl.Build("golang", null, trimmed, version)
            : PackageUrl.Build("golang", trimmed[..slash], trimmed[(slash + 1)..], version);
    }

    private static Replace ParseReplace(List<string> args, string path, int line)
    {
        var arrow = args.IndexOf("=>");
        if (arrow is < 1 or > 2 || args.Count - arrow - 1 is < 1 or > 2)
            throw new CatalogerException("replace expects \"module [version] => module version\" or \"module [version] => directory\"", path, line);
        return new Replace(args[0], arrow == 2 ? args[1] : null, args[arrow + 1], args.Count - arrow - 1 == 2 ? args[arrow + 2] : null);
    }

    /// <summary>Go's rule: a trailing comment of exactly "indirect", or starting with "indirect;".</summary>
    private static bool IsIndirect(string? comment)
    {
        var c = comment?.Trim();
        return c is not null && (c == "indirect" || c.StartsWith("indirect;", StringComparison.Ordinal));
    }

    /// <summary>Splits a line into tokens ('(' ')' "=>" separate, quoted strings unquoted) and its // comment.</summary>
    private static (List<string> Tokens, string? Comment) Tokenize(string line, string path, int lineNo)
    {
        var tokens = new List<string>();
        var sb = new StringBuilder();
        void Flush()
        {
            if (sb.Length == 0) return;
            tokens.Add(sb.ToString());
            sb.Clear();
        }
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c is ' ' or '\t' or '\r' or '\f' or '\v')
            {
                Flush();
            }
            else if (c == '/' && i + 1 < line.Length && line[i + 1] == '/')
            {
                Flush();
                return (tokens, line[(i + 2)..]);
            }
            else if (c is '(' or ')')
            {
                Flush();
                tokens.Add(c.ToString());
            }
            else if (c == '=' && i + 1 < line.Length && line[i + 1] == '>')
            {
                Flush();
                tokens.Add("=>");
                i++;
            }
            else if (c is '"' or '`')
            {
                var end = i + 1;
                var value = new StringBuilder();
                while (end < line.Length && line[end] != c)
                {
                    if (c == '"' && line[end] == '\\' && end + 1 < line.Length) end++;
                    value.Append(line[end]);
                    end++;
                }
                if (end >= line.Length) throw new CatalogerException("unterminated quoted string", path, lineNo);
                sb.Append(value);
                i = end;
            }
            else
            {
                sb.Append(c);
            }
        }
        Flush();
        return (tokens, null);
    }
}
