namespace Palisade.Vulnerabilities.Versions;

/// <summary>
/// A crates.io (Cargo) version: strict SemVer 2.0 <c>MAJOR.MINOR.PATCH[-PRE][+BUILD]</c>, no leading zeros, numbers up
/// to 2^64-1, no <c>v</c> prefix.
/// </summary>
/// <param name="Major">The major number.</param>
/// <param name="Minor">The minor number.</param>
/// <param name="Patch">The patch number.</param>
/// <param name="Prerelease">The pre-release ("" when none).</param>
/// <param name="Build">The build metadata ("" when none).</param>
public sealed record CargoVersion(string Major, string Minor, string Patch, string Prerelease, string Build)
{
    /// <summary>The largest number a component may have (u64).</summary>
    public const string MaxNumber = "18446744073709551615";

    /// <summary>Inputs longer than this are refused.</summary>
    public const int MaxLength = 1024;

    /// <summary>Parses a version.</summary>
    /// <exception cref="FormatException">Not a SemVer 2.0 version.</exception>
    public static CargoVersion Parse(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return TryParse(version, out var v) ? v! : throw new FormatException($"'{ComparatorList.Shorten(version)}' is not a valid Cargo version");
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? version, out CargoVersion? result)
    {
        result = null;
        if (version is null || version.Length == 0 || version.Length > MaxLength) return false;
        var s = version;
        var build = "";
        var plus = s.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            build = s[(plus + 1)..];
            s = s[..plus];
            if (!SemVerText.IsIdentifiers(build, prerelease: false)) return false;
        }
        var pre = "";
        var dash = s.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            pre = s[(dash + 1)..];
            s = s[..dash];
            if (!SemVerText.IsIdentifiers(pre, prerelease: true)) return false;
        }
        var parts = s.Split('.');
        if (parts.Length != 3 || parts.Any(p => !IsNumber(p))) return false;
        result = new CargoVersion(parts[0], parts[1], parts[2], pre, build);
        return true;
    }

    internal static bool IsNumber(string p) => SemVerText.IsNumber(p) && NumericText.Compare(p, MaxNumber) <= 0;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Major}.{Minor}.{Patch}" + (Prerelease.Length > 0 ? "-" + Prerelease : "") + (Build.Length > 0 ? "+" + Build : "");

    /// <summary>SemVer 2.0 precedence (build metadata ignored).</summary>
    public int CompareTo(CargoVersion other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var c = NumericText.Compare(Major, other.Major);
        if (c == 0) c = NumericText.Compare(Minor, other.Minor);
        if (c == 0) c = NumericText.Compare(Patch, other.Patch);
        return c != 0 ? c : SemVerText.ComparePrerelease(Prerelease, other.Prerelease);
    }
}

/// <summary>
/// A Cargo version requirement (the semver crate's syntax): comma-separated comparators, each an operator
/// (<c>= &gt; &gt;= &lt; &lt;= ~ ^</c>, none meaning <c>^</c>) and a possibly partial version (<c>1</c>, <c>1.2</c>,
/// <c>1.2.3-pre</c>) or a wildcard (<c>*</c>, <c>1.*</c>, <c>1.2.x</c>). At most 32 comparators.
/// </summary>
public sealed class CargoVersionReq
{
    /// <summary>The semver crate's limit on comparators per requirement.</summary>
    public const int MaxComparators = 32;

    private readonly IReadOnlyList<Comparator> _comparators;

    private CargoVersionReq(IReadOnlyList<Comparator> comparators) => _comparators = comparators;

    private enum Op
    {
        Exact,
        Greater,
        GreaterEq,
        Less,
        LessEq,
        Tilde,
        Caret,
        Wildcard,
    }

    private sealed record Comparator(Op Op, string Major, string? Minor, string? Patch, string Pre);

    /// <summary>Parses a requirement.</summary>
    /// <exception cref="FormatException">Not a valid requirement.</exception>
    public static CargoVersionReq Parse(string requirement)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        if (requirement.Length > CargoVersion.MaxLength * 4) throw new FormatException("version requirement is too long");
        var text = requirement.Trim(' ');
        if (text.Length > 0 && text[0] is '*' or 'x' or 'X')
        {
            var rest = text[1..].TrimStart(' ');
            if (rest.Length == 0) return new CargoVersionReq([]);
            throw new FormatException(rest.StartsWith(',') ? "wildcard req (*) must be the only comparator in the version req" : $"unexpected character after wildcard in '{ComparatorList.Shorten(requirement)}'");
        }
        var parts = text.Split(',');
        if (parts.Length > MaxComparators) throw new FormatException($"excessive number of version comparators (more than {MaxComparators})");
        var list = new List<Comparator>();
        foreach (var part in parts) list.Add(ParseComparator(part.Trim(' '), requirement));
        return new CargoVersionReq(list);
    }

    private static Comparator ParseComparator(string text, string requirement)
    {
        Exception Bad(string why) => new FormatException($"invalid Cargo requirement '{ComparatorList.Shorten(requirement)}': {why}");
        if (text.Length == 0) throw Bad("empty comparator");
        var (op, defaultOp, rest) = text switch
        {
            _ when text.StartsWith(">=", StringComparison.Ordinal) => (Op.GreaterEq, false, text[2..]),
            _ when text.StartsWith("<=", StringComparison.Ordinal) => (Op.LessEq, false, text[2..]),
            _ when text.StartsWith('=') => (Op.Exact, false, text[1..]),
            _ when text.StartsWith('>') => (Op.Greater, false, text[1..]),
            _ when text.StartsWith('<') => (Op.Less, false, text[1..]),
            _ when text.StartsWith('~') => (Op.Tilde, false, text[1..]),
            _ when text.StartsWith('^') => (Op.Caret, false, text[1..]),
            _ => (Op.Caret, true, text),
        };
        rest = rest.TrimStart(' ');
        var build = rest.IndexOf('+', StringComparison.Ordinal);
        var buildText = build >= 0 ? rest[(build + 1)..] : null;
        if (build >= 0) rest = rest[..build];
        var dash = rest.IndexOf('-', StringComparison.Ordinal);
        var pre = dash >= 0 ? rest[(dash + 1)..] : "";
        if (dash >= 0) rest = rest[..dash];
        var nums = rest.Split('.');
        if (nums.Length > 3) throw Bad("too many version components");
        static bool IsWild(string s) => s is "*" or "x" or "X";
        if (!CargoVersion.IsNumber(nums[0])) throw Bad(IsWild(nums[0]) ? "unexpected wildcard" : "bad major version");
        string? minor = null, patch = null;
        var wildcard = false;
        if (nums.Length > 1)
        {
            if (IsWild(nums[1])) wildcard = true;
            else if (CargoVersion.IsNumber(nums[1])) minor = nums[1];
            else throw Bad("bad minor version");
        }
        if (nums.Length > 2)
        {
            if (IsWild(nums[2])) wildcard = true;
            else if (wildcard) throw Bad("unexpected character after wildcard");
            else if (CargoVersion.IsNumber(nums[2])) patch = nums[2];
            else throw Bad("bad patch version");
        }
        if (wildcard && defaultOp) op = Op.Wildcard;
        if ((dash >= 0 || build >= 0) && patch is null) throw Bad("pre-release or build metadata needs a full version");
        if (dash >= 0 && !SemVerText.IsIdentifiers(pre, prerelease: true)) throw Bad("bad pre-release");
        if (buildText is not null && !SemVerText.IsIdentifiers(buildText, prerelease: false)) throw Bad("bad build metadata");
        return new Comparator(op, nums[0], minor, patch, pre);
    }

    /// <summary>
    /// Whether the version matches every comparator; a pre-release only matches when a comparator names a pre-release
    /// of the same major.minor.patch (the semver crate's rule).
    /// </summary>
    public bool Matches(CargoVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        foreach (var c in _comparators)
            if (!Matches(c, version)) return false;
        if (version.Prerelease.Length == 0) return true;
        foreach (var c in _comparators)
        {
            if (c.Pre.Length > 0 && c.Major == version.Major && c.Minor == version.Minor && c.Patch == version.Patch) return true;
        }
        return false;
    }

    private static int Cmp(string a, string b) => NumericText.Compare(a, b);

    private static int PreCmp(string a, string b) => SemVerText.ComparePrerelease(a, b);

    private static bool Matches(Comparator c, CargoVersion v) => c.Op switch
    {
        Op.Exact or Op.Wildcard => Exact(c, v),
        Op.Greater => Greater(c, v),
        Op.GreaterEq => Exact(c, v) || Greater(c, v),
        Op.Less => Less(c, v),
        Op.LessEq => Exact(c, v) || Less(c, v),
        Op.Tilde => Tilde(c, v),
        _ => Caret(c, v),
    };

    private static bool Exact(Comparator c, CargoVersion v)
    {
        if (Cmp(v.Major, c.Major) != 0) return false;
        if (c.Minor is not null && Cmp(v.Minor, c.Minor) != 0) return false;
        if (c.Patch is not null && Cmp(v.Patch, c.Patch) != 0) return false;
        return v.Prerelease == c.Pre;
    }

    private static bool Greater(Comparator c, CargoVersion v)
    {
        var r = Cmp(v.Major, c.Major);
        if (r != 0) return r > 0;
        if (c.Minor is null) return false;
        r = Cmp(v.Minor, c.Minor);
        if (r != 0) return r > 0;
        if (c.Patch is null) return false;
        r = Cmp(v.Patch, c.Patch);
        if (r != 0) return r > 0;
        return PreCmp(v.Prerelease, c.Pre) > 0;
    }

    private static bool Less(Comparator c, CargoVersion v)
    {
        var r = Cmp(v.Major, c.Major);
        if (r != 0) return r < 0;
        if (c.Minor is null) return false;
        r = Cmp(v.Minor, c.Minor);
        if (r != 0) return r < 0;
        if (c.Patch is null) return false;
        r = Cmp(v.Patch, c.Patch);
        if (r != 0) return r < 0;
        return PreCmp(v.Prerelease, c.Pre) < 0;
    }

    private static bool Tilde(Comparator c, CargoVersion v)
    {
        if (Cmp(v.Major, c.Major) != 0) return false;
        if (c.Minor is not null && Cmp(v.Minor, c.Minor) != 0) return false;
        if (c.Patch is not null)
        {
            var r = Cmp(v.Patch, c.Patch);
            if (r != 0) return r > 0;
        }
        return PreCmp(v.Prerelease, c.Pre) >= 0;
    }

    private static bool Caret(Comparator c, CargoVersion v)
    {
        if (Cmp(v.Major, c.Major) != 0) return false;
        if (c.Minor is null) return true;
        var majorPositive = c.Major != "0";
        if (c.Patch is null) return majorPositive ? Cmp(v.Minor, c.Minor) >= 0 : Cmp(v.Minor, c.Minor) == 0;
        if (majorPositive)
        {
            var r = Cmp(v.Minor, c.Minor);
            if (r != 0) return r > 0;
            r = Cmp(v.Patch, c.Patch);
            if (r != 0) return r > 0;
        }
        else if (c.Minor != "0")
        {
            if (Cmp(v.Minor, c.Minor) != 0) return false;
            var r = Cmp(v.Patch, c.Patch);
            if (r != 0) return r > 0;
        }
        else if (Cmp(v.Minor, c.Minor) != 0 || Cmp(v.Patch, c.Patch) != 0)
        {
            return false;
        }
        return PreCmp(v.Prerelease, c.Pre) >= 0;
    }
}

/// <summary>crates.io as a <see cref="IVersionScheme"/>: <see cref="CargoVersion"/> precedence and <see cref="CargoVersionReq"/>.</summary>
/// <remarks>Build metadata does not take part in the order (SemVer 2.0 precedence): <c>1.0.0+a</c> equals <c>1.0.0+b</c>.</remarks>
public sealed class CratesVersionScheme : IParsedVersionScheme
{
    /// <summary>The shared instance.</summary>
    public static CratesVersionScheme Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "crates";

    /// <inheritdoc />
    public int Compare(string a, string b) => CargoVersion.Parse(a).CompareTo(CargoVersion.Parse(b));

    /// <inheritdoc />
    public bool IsValid(string version) => CargoVersion.TryParse(version, out _);

    object? IParsedVersionScheme.ParseForCompare(string version) => CargoVersion.TryParse(version, out var v) ? v : null;

    int? IParsedVersionScheme.CompareParsed(object? a, object? b) => a is CargoVersion x && b is CargoVersion y ? x.CompareTo(y) : null;

    /// <inheritdoc />
    public string Normalize(string version) => CargoVersion.Parse(version).ToString();

    /// <inheritdoc />
    public bool Satisfies(string version, string range) => CargoVersionReq.Parse(range).Matches(CargoVersion.Parse(version));
}
