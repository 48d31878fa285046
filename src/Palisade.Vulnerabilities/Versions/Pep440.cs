using System.Text;
using System.Text.RegularExpressions;

namespace Palisade.Vulnerabilities.Versions;

/// <summary>
/// A Python package version as PEP 440 defines it (<c>[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]</c>), parsed with the
/// spelling variants PEP 440 normalises (<c>1.0-alpha.1</c>, <c>1.0c1</c>, <c>1.0-5</c>, <c>v1.0</c>, upper case, ...).
/// </summary>
public sealed class Pep440Version : IComparable<Pep440Version>, IEquatable<Pep440Version>
{
    /// <summary>
    /// Numbers longer than this many digits are refused, as packaging refuses them (CPython will not convert longer
    /// decimal strings to int), which also keeps hostile input cheap.
    /// </summary>
    public const int MaxDigits = 4300;

    private static readonly Regex Pattern = new(
        @"^\s*v?(?:(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\.[0-9]+)*)" +
        @"(?<pre>[-_\.]?(?<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_\.]?(?<pre_n>[0-9]+)?)?" +
        @"(?<post>(?:-(?<post_n1>[0-9]+))|(?:[-_\.]?(?<post_l>post|rev|r)[-_\.]?(?<post_n2>[0-9]+)?))?" +
        @"(?<dev>[-_\.]?(?<dev_l>dev)[-_\.]?(?<dev_n>[0-9]+)?)?)" +
        @"(?:\+(?<local>[a-z0-9]+(?:[-_\.][a-z0-9]+)*))?\s*$",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture);

    private Pep440Version(string epoch, IReadOnlyList<string> release, string? preLabel, string? preNumber, string? post,
        string? dev, IReadOnlyList<string>? local)
    {
        Epoch = epoch;
        Release = release;
        PreLabel = preLabel;
        PreNumber = preNumber;
        Post = post;
        Dev = dev;
        Local = local;
    }

    /// <summary>The epoch ("0" when absent).</summary>
    public string Epoch { get; }

    /// <summary>The release numbers, without leading zeros.</summary>
    public IReadOnlyList<string> Release { get; }

    /// <summary>The pre-release label: a, b or rc (null when not a pre-release).</summary>
    public string? PreLabel { get; }

    /// <summary>The pre-release number.</summary>
    public string? PreNumber { get; }

    /// <summary>The post-release number (null when not a post-release).</summary>
    public string? Post { get; }

    /// <summary>The development release number (null when not a development release).</summary>
    public string? Dev { get; }

    /// <summary>The local version segments, lower-cased, numeric ones without leading zeros (null when none).</summary>
    public IReadOnlyList<string>? Local { get; }

    /// <summary>Whether this is a pre-release or a development release.</summary>
    public bool IsPrerelease => PreLabel is not null || Dev is not null;

    /// <summary>Whether this is a post-release.</summary>
    public bool IsPostRelease => Post is not null;

    /// <summary>Whether this is a development release.</summary>
    public bool IsDevRelease => Dev is not null;

    /// <summary>The version without its local part, e.g. <c>1!1.0a1.post5</c>.</summary>
    public string Public => Format(includeLocal: false);

    /// <summary>Epoch and release only, e.g. <c>1!1.0</c>.</summary>
    public string BaseVersion => (Epoch == "0" ? "" : Epoch + "!") + string.Join('.', Release);

    /// <summary>The normalised version, as packaging prints it.</summary>
    public override string ToString() => Format(includeLocal: true);

    private string Format(bool includeLocal)
    {
        var sb = new StringBuilder();
        if (Epoch != "0") sb.Append(Epoch).Append('!');
        sb.AppendJoin('.', Release);
        if (PreLabel is not null) sb.Append(PreLabel).Append(PreNumber);
        if (Post is not null) sb.Append(".post").Append(Post);
        if (Dev is not null) sb.Append(".dev").Append(Dev);
        if (includeLocal && Local is not null) sb.Append('+').AppendJoin('.', Local);
        return sb.ToString();
    }

    /// <summary>Parses a version.</summary>
    /// <exception cref="FormatException">Not a PEP 440 version, or a number of more than <see cref="MaxDigits"/> digits.</exception>
    public static Pep440Version Parse(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var m = Pattern.Match(AsciiLower(version));
        if (!m.Success) throw new FormatException($"Invalid version: '{ComparatorList.Shorten(version)}'");
        string Number(Group g) => g.Success ? Checked(g.Value, version) : "0";
        var epoch = Number(m.Groups["epoch"]);
        var release = m.Groups["release"].Value.Split('.').Select(r => Checked(r, version)).ToArray();
        string? preLabel = null, preNumber = null, post = null, dev = null;
        if (m.Groups["pre"].Success)
        {
            preLabel = m.Groups["pre_l"].Value switch
            {
                "alpha" or "a" => "a",
                "beta" or "b" => "b",
                _ => "rc",
            };
            preNumber = Number(m.Groups["pre_n"]);
        }
        if (m.Groups["post"].Success) post = m.Groups["post_n1"].Success ? Number(m.Groups["post_n1"]) : Number(m.Groups["post_n2"]);
        if (m.Groups["dev"].Success) dev = Number(m.Groups["dev_n"]);
        string[]? local = null;
        if (m.Groups["local"].Success)
            local = m.Groups["local"].Value.Split('-', '_', '.').Select(s => NumericText.IsDigits(s) ? Checked(s, version) : s).ToArray();
        return new Pep440Version(epoch, release, preLabel, preNumber, post, dev, local);
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? version, out Pep440Version? result)
    {
        result = null;
        if (version is null) return false;
        try
        {
            result = Parse(version);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string Checked(string digits, string version)
    {
        if (digits.Length > MaxDigits) throw new FormatException($"Invalid version: a number in '{ComparatorList.Shorten(version)}' has more than {MaxDigits} digits");
        return NumericText.Canonical(digits);
    }

    // Lower-cases ASCII letters only, so that no other character can turn into one (İ, K).
    internal static string AsciiLower(string s)
    {
        var needs = false;
        foreach (var c in s) if (c is >= 'A' and <= 'Z') { needs = true; break; }
        if (!needs) return s;
        return string.Create(s.Length, s, (span, src) =>
        {
            for (var i = 0; i < src.Length; i++) span[i] = src[i] is >= 'A' and <= 'Z' ? (char)(src[i] + 32) : src[i];
        });
    }

    /// <summary>A copy with the given parts replaced (used for the boundaries of <c>&lt;</c> and <c>&gt;</c>).</summary>
    internal Pep440Version With(string? preLabel, string? preNumber, string? post, string? dev, IReadOnlyList<string>? local) =>
        new(Epoch, Release, preLabel, preNumber, post, dev, local);

    /// <summary>packaging's ordering: epoch, release (trailing zeros ignored), pre, post, dev, local.</summary>
    public int CompareTo(Pep440Version? other)
    {
        if (other is null) return 1;
        var c = NumericText.Compare(Epoch, other.Epoch);
        if (c != 0) return c;
        c = CompareRelease(Release, other.Release);
        if (c != 0) return c;
        c = PreKey().CompareTo(other.PreKey());
        if (c != 0) return c;
        if (PreLabel is not null && other.PreLabel is not null)
        {
            c = NumericText.Compare(PreNumber!, other.PreNumber!);
            if (c != 0) return c;
        }
        c = CompareOptional(Post, other.Post, missingIsLow: true);
        if (c != 0) return c;
        c = CompareOptional(Dev, other.Dev, missingIsLow: false);
        if (c != 0) return c;
        return CompareLocal(Local, other.Local);
    }

    // Rank of the pre-release part: a dev-only release sorts below every pre-release, a final release above.
    private int PreKey()
    {
        if (PreLabel is null) return Post is null && Dev is not null ? 0 : 4;
        return PreLabel switch { "a" => 1, "b" => 2, _ => 3 };
    }

    internal static int CompareRelease(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var n = Math.Max(a.Count, b.Count);
        for (var i = 0; i < n; i++)
        {
            var c = NumericText.Compare(i < a.Count ? a[i] : "0", i < b.Count ? b[i] : "0");
            if (c != 0) return c;
        }
        return 0;
    }

    private static int CompareOptional(string? a, string? b, bool missingIsLow)
    {
        if (a is null && b is null) return 0;
        if (a is null) return missingIsLow ? -1 : 1;
        if (b is null) return missingIsLow ? 1 : -1;
        return NumericText.Compare(a, b);
    }

    private static int CompareLocal(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
    {
        if (a is null && b is null) return 0;
        if (a is null) return -1;
        if (b is null) return 1;
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var an = NumericText.IsDigits(a[i]);
            var bn = NumericText.IsDigits(b[i]);
            int c;
            if (an && bn) c = NumericText.Compare(a[i], b[i]);
            else if (an) c = 1; // numeric segments sort above alphanumeric ones
            else if (bn) c = -1;
            else c = Math.Sign(string.CompareOrdinal(a[i], b[i]));
            if (c != 0) return c;
        }
        return a.Count.CompareTo(b.Count);
    }

    /// <inheritdoc />
    public bool Equals(Pep440Version? other) => other is not null && CompareTo(other) == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Pep440Version v && Equals(v);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var trimmed = Release.Count;
        while (trimmed > 1 && Release[trimmed - 1] == "0") trimmed--;
        return HashCode.Combine(Epoch, string.Join('.', Release.Take(trimmed)), PreLabel, PreNumber, Post, Dev,
            Local is null ? null : string.Join('.', Local));
    }
}

/// <summary>One PEP 440 version specifier such as <c>&gt;=1.2</c>, <c>~=2.0</c>, <c>==1.4.*</c> or <c>===foobar</c>.</summary>
public sealed class Pep440Specifier
{
    private Pep440Specifier(string op, string version, Pep440Version? parsed, bool? prereleases)
    {
        Operator = op;
        Version = version;
        Parsed = parsed;
        ExplicitPrereleases = prereleases;
    }

    /// <summary>The operator: <c>~= == != &lt;= &gt;= &lt; &gt; ===</c>.</summary>
    public string Operator { get; }

    /// <summary>The version text as written (with <c>.*</c> for prefix matches).</summary>
    public string Version { get; }

    /// <summary>The parsed version (without the <c>.*</c>); null for <c>===</c> with a string that is not a version.</summary>
    public Pep440Version? Parsed { get; }

    /// <summary>Whether the specifier ends in <c>.*</c>.</summary>
    public bool IsWildcard => Version.EndsWith(".*", StringComparison.Ordinal);

    /// <summary>The pre-release policy set explicitly (null: derived from the operator and version).</summary>
    public bool? ExplicitPrereleases { get; }

    /// <summary>
    /// Whether the specifier admits pre-releases: the explicit setting, else true when its version is a pre-release
    /// (except for <c>!=</c> and wildcards).
    /// </summary>
    public bool? Prereleases
    {
        get
        {
            if (ExplicitPrereleases is not null) return ExplicitPrereleases;
            if (Operator == "!=" || IsWildcard) return false;
            return Parsed?.IsPrerelease;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Operator + Version;

    private static readonly string[] Operators = ["===", "~=", "==", "!=", "<=", ">=", "<", ">"];

    /// <summary>Parses one specifier.</summary>
    /// <exception cref="FormatException">Not a valid specifier (unknown operator, bad version, local version or wildcard
    /// where the operator does not allow one, <c>~=</c> with a single release number).</exception>
    public static Pep440Specifier Parse(string specifier, bool? prereleases = null)
    {
        ArgumentNullException.ThrowIfNull(specifier);
        var s = specifier.Trim();
        var op = Operators.FirstOrDefault(o => s.StartsWith(o, StringComparison.Ordinal))
            ?? throw new FormatException($"Invalid specifier: '{ComparatorList.Shorten(specifier)}'");
        var version = s[op.Length..].Trim();
        Exception Invalid() => new FormatException($"Invalid specifier: '{ComparatorList.Shorten(specifier)}'");
        if (op == "===")
        {
            foreach (var c in version) if (char.IsWhiteSpace(c) || c is ';' or ')') throw Invalid();
            Pep440Version.TryParse(version, out var arbitrary);
            return new Pep440Specifier(op, version, arbitrary, prereleases);
        }
        if (version.Length == 0 || version.Any(char.IsWhiteSpace)) throw Invalid();
        var lower = Pep440Version.AsciiLower(version);
        if (lower.EndsWith(".*", StringComparison.Ordinal))
        {
            if (op is not ("==" or "!=")) throw Invalid();
            var prefix = lower[..^2];
            // Only [v][N!]N(.N)* may precede the wildcard.
            var body = prefix.StartsWith('v') ? prefix[1..] : prefix;
            var bang = body.IndexOf('!', StringComparison.Ordinal);
            if (bang >= 0 && !NumericText.IsDigits(body.AsSpan(0, bang))) throw Invalid();
            var release = bang >= 0 ? body[(bang + 1)..] : body;
            if (release.Length == 0 || release.Split('.').Any(p => !NumericText.IsDigits(p))) throw Invalid();
            Pep440Version parsedPrefix;
            try { parsedPrefix = Pep440Version.Parse(prefix); }
            catch (FormatException) { throw Invalid(); }
            return new Pep440Specifier(op, version, parsedPrefix, prereleases);
        }
        Pep440Version parsed;
        try { parsed = Pep440Version.Parse(version); }
        catch (FormatException) { throw Invalid(); }
        if (parsed.Local is not null && op is not ("==" or "!=")) throw Invalid();
        if (op == "~=" && CountReleaseDigits(lower) < 2) throw Invalid();
        return new Pep440Specifier(op, version, parsed, prereleases);
    }

    // The number of release segments as written (1.0 → 2), ignoring any epoch and suffixes.
    private static int CountReleaseDigits(string version)
    {
        var body = version.StartsWith('v') ? version[1..] : version;
        var bang = body.IndexOf('!', StringComparison.Ordinal);
        if (bang >= 0) body = body[(bang + 1)..];
        var count = 1;
        for (var i = 0; i < body.Length; i++)
        {
            if (char.IsAsciiDigit(body[i])) continue;
            if (body[i] == '.' && i + 1 < body.Length && char.IsAsciiDigit(body[i + 1])) { count++; continue; }
            break;
        }
        return count;
    }

    /// <summary>
    /// Whether <paramref name="version"/> matches, following packaging: with <paramref name="prereleases"/> (or the
    /// specifier's own setting) false a pre-release never matches, otherwise only the operator decides.
    /// </summary>
    public bool Contains(string version, bool? prereleases = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (Operator == "===")
        {
            return string.Equals(Pep440Version.AsciiLower(version.Trim()), Pep440Version.AsciiLower(Version), StringComparison.Ordinal);
        }
        if (!Pep440Version.TryParse(version, out var parsed)) return false;
        return Contains(parsed!, prereleases);
    }

    /// <summary>Whether the parsed <paramref name="version"/> matches (see <see cref="Contains(string, bool?)"/>).</summary>
    public bool Contains(Pep440Version version, bool? prereleases = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        prereleases ??= ExplicitPrereleases;
        if (prereleases == false && version.IsPrerelease) return false;
        return Matches(version);
    }

    /// <summary>The operator alone, with no pre-release policy.</summary>
    internal bool Matches(Pep440Version p)
    {
        if (Operator == "===") return string.Equals(p.ToString(), Pep440Version.AsciiLower(Version), StringComparison.Ordinal);
        var spec = Parsed!;
        switch (Operator)
        {
            case "==": return IsWildcard ? PrefixMatch(p, spec) : Equal(p, spec);
            case "!=": return IsWildcard ? !PrefixMatch(p, spec) : !Equal(p, spec);
            case "<=": return StripLocal(p).CompareTo(spec) <= 0;
            case ">=": return p.CompareTo(spec) >= 0;
            case "<": return LessThan(p, spec);
            case ">": return GreaterThan(p, spec);
            case "~=": return Compatible(p, spec);
            default: return false;
        }
    }

    private static Pep440Version StripLocal(Pep440Version v) => v.Local is null ? v : v.With(v.PreLabel, v.PreNumber, v.Post, v.Dev, null);

    private static bool Equal(Pep440Version p, Pep440Version spec) =>
        (spec.Local is null ? StripLocal(p) : p).CompareTo(spec) == 0;

    // <V excludes V's own pre-releases ([V.dev0, V)) unless V is a pre-release itself.
    private static bool LessThan(Pep440Version p, Pep440Version spec)
    {
        if (p.CompareTo(spec) >= 0) return false;
        if (spec.IsPrerelease) return true;
        var familyStart = spec.With(null, null, spec.Post, "0", null);
        return p.CompareTo(familyStart) < 0;
    }

    // >V excludes V's post-releases (unless V is one) and V's local versions.
    private static bool GreaterThan(Pep440Version p, Pep440Version spec)
    {
        if (p.CompareTo(spec) <= 0) return false;
        if (!spec.IsPostRelease && p.IsPostRelease && p.With(p.PreLabel, p.PreNumber, null, null, null).CompareTo(spec) == 0) return false;
        if (p.Local is not null && StripLocal(p).CompareTo(spec) == 0) return false;
        return true;
    }

    private static bool Compatible(Pep440Version p, Pep440Version spec)
    {
        if (p.CompareTo(spec) < 0) return false;
        // ~=X.Y.Z means >=X.Y.Z and ==X.Y.*: drop the last release number and the suffixes.
        var prefix = spec.Release.Take(spec.Release.Count - 1).ToArray();
        return PrefixMatch(p, spec.Epoch, prefix);
    }

    private static bool PrefixMatch(Pep440Version p, Pep440Version spec) => PrefixMatch(p, spec.Epoch, spec.Release);

    // ==E!R.* : same epoch and the release (padded with zeros) starts with R.
    private static bool PrefixMatch(Pep440Version p, string epoch, IReadOnlyList<string> release)
    {
        if (NumericText.Compare(p.Epoch, epoch) != 0) return false;
        for (var i = 0; i < release.Count; i++)
        {
            var mine = i < p.Release.Count ? p.Release[i] : "0";
            if (NumericText.Compare(mine, release[i]) != 0) return false;
        }
        return true;
    }
}

/// <summary>A comma-separated PEP 440 specifier set (<c>&gt;=1.0,!=1.3.4.*,&lt;2.0</c>); the empty set matches everything.</summary>
public sealed class Pep440SpecifierSet
{
    /// <summary>Specifier sets longer than this are rejected so evaluation stays cheap.</summary>
    public const int MaxLength = 64 * 1024;

    private Pep440SpecifierSet(IReadOnlyList<Pep440Specifier> specifiers, bool? prereleases)
    {
        Specifiers = specifiers;
        ExplicitPrereleases = prereleases;
    }

    /// <summary>The specifiers, in the order written.</summary>
    public IReadOnlyList<Pep440Specifier> Specifiers { get; }

    /// <summary>The pre-release policy set explicitly (null: derived from the specifiers).</summary>
    public bool? ExplicitPrereleases { get; }

    /// <summary>Parses a specifier set (empty items are ignored).</summary>
    /// <exception cref="FormatException">A specifier is invalid or the text is too long.</exception>
    public static Pep440SpecifierSet Parse(string specifiers, bool? prereleases = null)
    {
        ArgumentNullException.ThrowIfNull(specifiers);
        if (specifiers.Length > MaxLength) throw new FormatException($"specifier set is longer than {MaxLength} characters");
        var list = specifiers.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).Select(s => Pep440Specifier.Parse(s)).ToArray();
        return new Pep440SpecifierSet(list, prereleases);
    }

    /// <summary>Whether any specifier, or the explicit setting, admits pre-releases (null when nothing says).</summary>
    public bool? Prereleases
    {
        get
        {
            if (ExplicitPrereleases is not null) return ExplicitPrereleases;
            if (Specifiers.Count == 0) return null;
            return Specifiers.Any(s => s.Prereleases == true) ? true : null;
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(',', Specifiers.Select(s => s.ToString()));

    /// <summary>
    /// Whether <paramref name="version"/> satisfies every specifier. A pre-release is refused only when
    /// <paramref name="prereleases"/> (or the set's explicit setting) is false; <paramref name="installed"/> admits
    /// pre-releases regardless, as for an already installed version. Text that is not a PEP 440 version only matches
    /// <c>===</c> specifiers (or the empty set).
    /// </summary>
    public bool Contains(string version, bool? prereleases = null, bool installed = false)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (!Pep440Version.TryParse(version, out var parsed))
            return Specifiers.All(s => s.Operator == "===" && s.Contains(version));
        prereleases ??= ExplicitPrereleases;
        if (installed && parsed!.IsPrerelease) prereleases = true;
        if (prereleases == false && parsed!.IsPrerelease) return false;
        foreach (var s in Specifiers)
        {
            var ok = s.Operator == "===" ? s.Contains(version) : s.Contains(parsed!, prereleases);
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>
    /// PEP 440's filter: the matching items in their order; without an explicit pre-release policy, pre-releases are kept
    /// only when no final release matches (or a specifier names a pre-release).
    /// </summary>
    public IReadOnlyList<string> Filter(IEnumerable<string> versions, bool? prereleases = null)
    {
        ArgumentNullException.ThrowIfNull(versions);
        prereleases ??= Prereleases;
        var matches = new List<(string Text, bool Pre)>();
        foreach (var v in versions)
        {
            if (!Pep440Version.TryParse(v, out var parsed))
            {
                if (Specifiers.All(s => s.Operator == "===" && s.Contains(v))) matches.Add((v, false));
                continue;
            }
            if (prereleases == false && parsed!.IsPrerelease) continue;
            if (Specifiers.All(s => s.Operator == "===" ? s.Contains(v) : s.Matches(parsed!))) matches.Add((v, parsed!.IsPrerelease));
        }
        if (prereleases == true) return matches.Select(m => m.Text).ToArray();
        var anyFinal = matches.Any(m => !m.Pre && Pep440Version.TryParse(m.Text, out _));
        return matches.Where(m => !anyFinal || !m.Pre).Select(m => m.Text).ToArray();
    }
}

/// <summary>
/// PEP 440 (PyPI) as a <see cref="IVersionScheme"/>: packaging's ordering and specifier sets. <see cref="Satisfies"/>
/// treats the version as the only candidate, so pre-releases match whenever the operators allow them.
/// </summary>
public sealed class Pep440Scheme : IParsedVersionScheme
{
    /// <summary>The shared instance.</summary>
    public static Pep440Scheme Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "pep440";

    /// <inheritdoc />
    public int Compare(string a, string b) => Pep440Version.Parse(a).CompareTo(Pep440Version.Parse(b));

    /// <inheritdoc />
    public bool IsValid(string version) => Pep440Version.TryParse(version, out _);

    object? IParsedVersionScheme.ParseForCompare(string version) => Pep440Version.TryParse(version, out var v) ? v : null;

    int? IParsedVersionScheme.CompareParsed(object? a, object? b) => a is Pep440Version x && b is Pep440Version y ? x.CompareTo(y) : null;

    /// <inheritdoc />
    public string Normalize(string version) => Pep440Version.Parse(version).ToString();

    /// <inheritdoc />
    public bool Satisfies(string version, string range)
    {
        var set = Pep440SpecifierSet.Parse(range);
        if (!Pep440Version.TryParse(version, out _) && !set.Specifiers.Any(s => s.Operator == "==="))
            Pep440Version.Parse(version); // throws the FormatException
        return set.Contains(version);
    }
}
