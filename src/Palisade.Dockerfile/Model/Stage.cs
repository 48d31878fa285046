using Palisade.Dockerfile.Parsing;

namespace Palisade.Dockerfile.Model;

/// <summary>
/// A build stage: its FROM, the instructions up to the next FROM, and the stage it builds on when its base
/// image names an earlier stage (<c>FROM build</c>).
/// </summary>
public sealed class Stage
{
    private Stage(int index, Instruction from, IReadOnlyList<Instruction> instructions, string image, string? name, string? platform, char escape)
    {
        _escape = escape;
        Index = index;
        From = from;
        Instructions = instructions;
        Image = image;
        Name = name;
        Platform = platform;
    }

    private readonly char _escape;

    public int Index { get; }
    public Instruction From { get; }

    /// <summary>The instructions after FROM (ONBUILD wrappers included as written).</summary>
    public IReadOnlyList<Instruction> Instructions { get; }

    /// <summary>
    /// The base image with global ARG defaults substituted (e.g. <c>node:${NODE}</c> becomes <c>node:22</c>); a
    /// variable without a default stays as written (<c>node:${NODE}</c>), since its value only comes at build time.
    /// </summary>
    public string Image { get; }

    /// <summary>The image as written in the FROM line.</summary>
    public string RawImage => DockerfileParser.Words(From.Arguments, _escape).FirstOrDefault() ?? "";

    /// <summary>The stage name (<c>AS name</c>), lower case as BuildKit compares it; null when unnamed.</summary>
    public string? Name { get; }

    public string? Platform { get; }

    /// <summary>The earlier stage this one builds on, when its image names one.</summary>
    public Stage? Parent { get; private set; }

    /// <summary>Whether a later stage builds on this one (<c>FROM name</c>).</summary>
    public bool IsBase { get; private set; }

    /// <summary>Whether a later COPY/ADD/RUN --mount takes files from this stage (<c>--from=name</c>).</summary>
    public bool IsCopiedFrom { get; private set; }

    /// <summary>This stage and the stages it builds on, nearest first.</summary>
    public IEnumerable<Stage> Lineage
    {
        get
        {
            for (var s = this; s is not null; s = s.Parent) yield return s;
        }
    }

    /// <summary>The instructions in effect in this stage: its ancestors' (oldest first), then its own.</summary>
    public IEnumerable<Instruction> EffectiveInstructions => Lineage.Reverse().SelectMany(s => s.Instructions);

    /// <summary>Whether the image is <c>scratch</c> (nothing inside).</summary>
    public bool IsScratch => Parent is null && Image.Equals("scratch", StringComparison.OrdinalIgnoreCase);

    internal static IReadOnlyList<Stage> Split(DockerfileDocument doc)
    {
        // Global ARGs, each default expanded with the ones declared before it (ARG B=${A}-x).
        var globals = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? Lookup(string name) => globals.TryGetValue(name, out var v) ? v : null;
        foreach (var arg in doc.GlobalArgs)
            foreach (var (k, v) in ArgDefaults(arg.Arguments, doc.EscapeChar))
                globals[k] = v is null ? null : VariableExpander.Expand(v, Lookup, doc.EscapeChar, keepUnset: true);

        var stages = new List<Stage>();
        Instruction? from = null;
        var body = new List<Instruction>();
        void Close()
        {
            if (from is null) return;
            var raw = DockerfileParser.RawWords(from.Arguments, doc.EscapeChar);
            var expanded = VariableExpander.Expand(raw.FirstOrDefault() ?? "", Lookup, doc.EscapeChar, keepUnset: true);
            var image = DockerfileParser.Words(expanded, doc.EscapeChar).FirstOrDefault() ?? "";
            var name = raw.Count >= 3 && raw[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? DockerfileParser.Words(raw[2], doc.EscapeChar).FirstOrDefault()?.ToLowerInvariant() : null;
            var platform = from.Flag("platform");
            stages.Add(new Stage(stages.Count, from, [.. body], image, name, platform, doc.EscapeChar));
        }
        foreach (var i in doc.Instructions)
        {
            if (i.Keyword == "FROM")
            {
                Close();
                from = i;
                body.Clear();
            }
            else if (from is not null)
            {
                body.Add(i);
            }
        }
        Close();

        // Stages only refer backwards: link each to the names declared before it (the nearest wins).
        var earlier = new Dictionary<string, Stage>(StringComparer.Ordinal);
        foreach (var s in stages)
        {
            s.Parent = Resolve(stages, earlier, s.Index, s.Image, byIndex: false);
            if (s.Parent is not null) s.Parent.IsBase = true;
            foreach (var i in s.Instructions.Select(x => x.Effective))
            {
                foreach (var from2 in i.FlagValues("from")) if (Resolve(stages, earlier, s.Index, from2) is { } src) src.IsCopiedFrom = true;
                foreach (var mount in i.FlagValues("mount"))
                    if (MountOption(mount, "from") is { } mf && Resolve(stages, earlier, s.Index, mf) is { } src2) src2.IsCopiedFrom = true;
            }
            if (s.Name is not null) earlier[s.Name] = s;
        }
        return stages;
    }

    /// <summary>
    /// The earlier stage a name refers to (<paramref name="earlier"/> holds the names before stage
    /// <paramref name="before"/>); <c>--from</c> may also name a stage by its index, FROM may not.
    /// </summary>
    private static Stage? Resolve(List<Stage> stages, Dictionary<string, Stage> earlier, int before, string reference, bool byIndex = true)
    {
        var r = reference.ToLowerInvariant();
        if (earlier.TryGetValue(r, out var named)) return named;
        return byIndex && int.TryParse(r, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n < before ? stages[n] : null;
    }

    /// <summary>ARG's names and defaults: <c>ARG A=1 B</c> gives (A, 1), (B, null).</summary>
    public static IEnumerable<(string Name, string? Default)> ArgDefaults(string arguments, char escape = '\\')
    {
        foreach (var word in DockerfileParser.Words(arguments, escape))
        {
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            yield return eq < 0 ? (word, null) : (word[..eq], word[(eq + 1)..]);
        }
    }

    /// <summary>An option of a <c>--mount=type=cache,target=/x</c> value.</summary>
    public static string? MountOption(string mount, string option)
    {
        ArgumentNullException.ThrowIfNull(mount);
        foreach (var part in mount.Split(','))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = (eq < 0 ? part : part[..eq]).Trim();
            if (key.Equals(option, StringComparison.OrdinalIgnoreCase)) return eq < 0 ? "" : part[(eq + 1)..].Trim();
            if (option == "target" && (key.Equals("dst", StringComparison.OrdinalIgnoreCase) || key.Equals("destination", StringComparison.OrdinalIgnoreCase)))
                return eq < 0 ? "" : part[(eq + 1)..].Trim();
        }
        return null;
    }
}
