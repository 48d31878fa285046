using System.Text;
using System.Text.RegularExpressions;

namespace Palisade.Vulnerabilities.Versions;

/// <summary>Options of npm's semver: <c>loose</c> parsing and <c>includePrerelease</c> range matching.</summary>
/// <param name="Loose">Accept sloppy versions such as <c>=v1.2.3</c>, <c>1.2.3beta</c> or leading zeros.</param>
/// <param name="IncludePrerelease">Let ranges match pre-release versions of any major.minor.patch.</param>
public sealed record NpmSemverOptions(bool Loose = false, bool IncludePrerelease = false)
{
    /// <summary>Strict parsing, pre-releases only where a comparator names the same major.minor.patch.</summary>
    public static NpmSemverOptions Default { get; } = new();
}

/// <summary>
/// A version as npm's node-semver parses it: <c>MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]</c>, an optional leading <c>v</c>,
/// at most 256 characters, each number at most 2^53-1 (JavaScript's safe integers).
/// </summary>
public sealed class NpmSemVer : IComparable<NpmSemVer>
{
    /// <summary>node-semver's maximum version length.</summary>
    public const int MaxLength = 256;

    /// <summary>The largest number a version component may have (Number.MAX_SAFE_INTEGER).</summary>
    public const string MaxSafeInteger = "9007199254740991";

    private NpmSemVer(string major, string minor, string patch, IReadOnlyList<string> prerelease, IReadOnlyList<string> build)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        Prerelease = prerelease;
        Build = build;
        Version = major + "." + minor + "." + patch + (prerelease.Count > 0 ? "-" + string.Join('.', prerelease) : "");
    }

    /// <summary>The major version (decimal digits).</summary>
    public string Major { get; }

    /// <summary>The minor version (decimal digits).</summary>
    public string Minor { get; }

    /// <summary>The patch version (decimal digits).</summary>
    public string Patch { get; }

    /// <summary>The pre-release identifiers (numeric ones without leading zeros).</summary>
    public IReadOnlyList<string> Prerelease { get; }

    /// <summary>The build metadata identifiers (ignored by comparisons).</summary>
    public IReadOnlyList<string> Build { get; }

    /// <summary>The normalised version without build metadata, e.g. <c>1.2.3-beta.1</c>.</summary>
    public string Version { get; }

    /// <inheritdoc />
    public override string ToString() => Version;

    /// <summary>Parses a version (surrounding whitespace is ignored).</summary>
    /// <exception cref="FormatException">Not a version, longer than 256 characters, or a number above 2^53-1.</exception>
    public static NpmSemVer Parse(string version, bool loose = false)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.Length > MaxLength) throw new FormatException($"version is longer than {MaxLength} characters");
        var m = (loose ? NpmPatterns.Loose : NpmPatterns.Full).Match(version.Trim());
        if (!m.Success) throw new FormatException($"Invalid Version: {ComparatorList.Shorten(version)}");
        var major = SafeNumber(m.Groups[1].Value, "major");
        var minor = SafeNumber(m.Groups[2].Value, "minor");
        var patch = SafeNumber(m.Groups[3].Value, "patch");
        var pre = m.Groups[4].Success && m.Groups[4].Length > 0 ? m.Groups[4].Value.Split('.').Select(NumberifyIdentifier).ToArray() : [];
        var build = m.Groups[5].Success && m.Groups[5].Length > 0 ? m.Groups[5].Value.Split('.') : [];
        return new NpmSemVer(major, minor, patch, pre, build);
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? version, bool loose, out NpmSemVer? result)
    {
        result = null;
        if (version is null) return false;
        try
        {
            result = Parse(version, loose);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string SafeNumber(string digits, string what)
    {
        var canonical = NumericText.Canonical(digits);
        if (NumericText.Compare(canonical, MaxSafeInteger) > 0) throw new FormatException($"Invalid {what} version: {ComparatorList.Shorten(digits)}");
        return canonical;
    }

    // node-semver turns numeric identifiers below 2^53-1 into numbers (so "01" in loose mode becomes 1).
    private static string NumberifyIdentifier(string id) =>
        NumericText.IsDigits(id) && NumericText.Compare(id, MaxSafeInteger) < 0 ? NumericText.Canonical(id) : id;

    internal static bool IsNumericIdentifier(string id) => NumericText.IsDigits(id);

    /// <summary>Compares major, minor and patch, then the pre-release (a version without one is greater).</summary>
    public int CompareTo(NpmSemVer? other)
    {
        if (other is null) return 1;
        var c = CompareMain(other);
        return c != 0 ? c : ComparePre(other);
    }

    /// <summary>Compares major, minor and patch only.</summary>
    public int CompareMain(NpmSemVer other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var c = NumericText.Compare(Major, other.Major);
        if (c == 0) c = NumericText.Compare(Minor, other.Minor);
        if (c == 0) c = NumericText.Compare(Patch, other.Patch);
        return c;
    }

    /// <summary>Compares the pre-release identifiers the SemVer 2.0 way.</summary>
    public int ComparePre(NpmSemVer other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Prerelease.Count > 0 && other.Prerelease.Count == 0) return -1;
        if (Prerelease.Count == 0 && other.Prerelease.Count > 0) return 1;
        for (var i = 0; ; i++)
        {
            if (i >= Prerelease.Count && i >= other.Prerelease.Count) return 0;
            if (i >= other.Prerelease.Count) return 1;
            if (i >= Prerelease.Count) return -1;
            var c = CompareIdentifiers(Prerelease[i], other.Prerelease[i]);
            if (c != 0) return c;
        }
    }

    /// <summary>Numeric identifiers compare by value and sort before alphanumeric ones, which compare as text.</summary>
    public static int CompareIdentifiers(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var an = IsNumericIdentifier(a);
        var bn = IsNumericIdentifier(b);
        if (an && bn) return NumericText.Compare(a, b);
        if (an) return -1;
        if (bn) return 1;
        return Math.Sign(string.CompareOrdinal(a, b));
    }

    /// <summary>
    /// node-semver's <c>inc</c>: the next version for <paramref name="release"/> (major, minor, patch, premajor,
    /// preminor, prepatch, prerelease, release, pre) with an optional pre-release <paramref name="identifier"/> and
    /// <paramref name="identifierBase"/> ("0", "1", or <c>false</c> for none).
    /// </summary>
    /// <exception cref="FormatException">Unknown release type, invalid identifier, or an increment that is not possible.</exception>
    public NpmSemVer Increment(string release, string? identifier = null, string? identifierBase = null, bool loose = false)
    {
        ArgumentNullException.ThrowIfNull(release);
        var state = new IncrementState(Major, Minor, Patch, [.. Prerelease]);
        if (release.StartsWith("pre", StringComparison.Ordinal))
        {
            if (string.IsNullOrEmpty(identifier) && identifierBase == "false") throw new FormatException("invalid increment argument: identifier is empty");
            if (!string.IsNullOrEmpty(identifier))
            {
                var m = (loose ? NpmPatterns.PrereleaseLooseExact : NpmPatterns.PrereleaseExact).Match("-" + identifier);
                if (!m.Success || m.Groups[1].Value != identifier) throw new FormatException($"invalid identifier: {identifier}");
            }
        }
        state.Apply(release, identifier, identifierBase);
        var result = new NpmSemVer(state.Major, state.Minor, state.Patch, state.Pre.Select(NumberifyIdentifier).ToArray(), []);
        SafeNumber(result.Major, "major");
        SafeNumber(result.Minor, "minor");
        SafeNumber(result.Patch, "patch");
        return result;
    }

    private sealed class IncrementState(string major, string minor, string patch, List<string> pre)
    {
        public string Major = major, Minor = minor, Patch = patch;
        public List<string> Pre = pre;

        public void Apply(string release, string? identifier, string? identifierBase)
        {
            switch (release)
            {
                case "premajor":
                    Pre.Clear();
                    Patch = "0";
                    Minor = "0";
                    Major = NumericText.Increment(Major);
                    Apply("pre", identifier, identifierBase);
                    break;
                case "preminor":
                    Pre.Clear();
                    Patch = "0";
                    Minor = NumericText.Increment(Minor);
                    Apply("pre", identifier, identifierBase);
                    break;
                case "prepatch":
                    Pre.Clear();
                    Apply("patch", identifier, identifierBase);
                    Apply("pre", identifier, identifierBase);
                    break;
                case "prerelease":
                    if (Pre.Count == 0) Apply("patch", identifier, identifierBase);
                    Apply("pre", identifier, identifierBase);
                    break;
                case "release":
                    if (Pre.Count == 0) throw new FormatException("version is not a prerelease");
                    Pre.Clear();
                    break;
                case "major":
                    if (Minor != "0" || Patch != "0" || Pre.Count == 0) Major = NumericText.Increment(Major);
                    Minor = "0";
                    Patch = "0";
                    Pre.Clear();
                    break;
                case "minor":
                    if (Patch != "0" || Pre.Count == 0) Minor = NumericText.Increment(Minor);
                    Patch = "0";
                    Pre.Clear();
                    break;
                case "patch":
                    if (Pre.Count == 0) Patch = NumericText.Increment(Patch);
                    Pre.Clear();
                    break;
                case "pre":
                    ApplyPre(identifier, identifierBase);
                    break;
                default:
                    throw new FormatException($"invalid increment argument: {release}");
            }
        }

        private void ApplyPre(string? identifier, string? identifierBase)
        {
            var noBase = identifierBase == "false";
            var baseValue = identifierBase is not null && !noBase && identifierBase != "0" && identifierBase.Length > 0 ? "1" : "0";
            if (Pre.Count == 0)
            {
                Pre.Add(baseValue);
            }
            else
            {
                var incremented = false;
                for (var i = Pre.Count - 1; i >= 0; i--)
                {
                    if (!IsIncrementable(Pre[i])) continue;
                    Pre[i] = NumericText.Increment(Pre[i]);
                    incremented = true;
                    break;
                }
                if (!incremented)
                {
                    if (identifier == string.Join('.', Pre) && noBase) throw new FormatException("invalid increment argument: identifier already exists");
                    Pre.Add(baseValue);
                }
            }
            if (string.IsNullOrEmpty(identifier)) return;
            var parts = identifier.Split('.');
            List<string> replacement = noBase ? [.. parts] : [.. parts, baseValue];
            var prefixMatches = Pre.Count >= parts.Length;
            for (var i = 0; prefixMatches && i < parts.Length; i++)
                prefixMatches = CompareIdentifiers(Pre[i], parts[i]) == 0;
            if (prefixMatches)
            {
                if (Pre.Count <= parts.Length || !IsIncrementable(Pre[parts.Length])) Pre = replacement;
            }
            else
            {
                Pre = replacement;
            }
        }

        // Identifiers node-semver keeps as numbers: digits below 2^53-1.
        private static bool IsIncrementable(string id) => NumericText.IsDigits(id) && NumericText.Compare(id, MaxSafeInteger) < 0;
    }
}

/// <summary>One node-semver comparator: an operator (<c>&lt; &lt;= &gt; &gt;= </c> or empty for equality) and a version, or "any".</summary>
public sealed class NpmComparator
{
    private NpmComparator(string op, NpmSemVer? semver, NpmSemverOptions options)
    {
        Operator = op;
        SemVer = semver;
        Options = options;
        Value = semver is null ? "" : op + semver.Version;
    }

    /// <summary>The operator: "", "&lt;", "&lt;=", "&gt;" or "&gt;=".</summary>
    public string Operator { get; }

    /// <summary>The version, or null for the comparator that matches anything.</summary>
    public NpmSemVer? SemVer { get; }

    /// <summary>The options it was parsed with.</summary>
    public NpmSemverOptions Options { get; }

    /// <summary>The canonical text, e.g. <c>&gt;=1.2.3</c> ("" for any).</summary>
    public string Value { get; }

    /// <summary>Whether this comparator matches any version.</summary>
    public bool IsAny => SemVer is null;

    /// <inheritdoc />
    public override string ToString() => Value;

    internal static NpmComparator Any(NpmSemverOptions options) => new("", null, options);

    /// <summary>Parses a single comparator such as <c>&gt;=1.2.3</c> (no ranges, x-ranges or tildes).</summary>
    /// <exception cref="FormatException">Not a comparator.</exception>
    public static NpmComparator Parse(string comparator, NpmSemverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(comparator);
        options ??= NpmSemverOptions.Default;
        var comp = NpmPatterns.Whitespace.Replace(comparator.Trim(), " ");
        var m = (options.Loose ? NpmPatterns.ComparatorLoose : NpmPatterns.Comparator).Match(comp);
        if (!m.Success) throw new FormatException($"Invalid comparator: {ComparatorList.Shorten(comparator)}");
        var op = m.Groups[1].Success ? m.Groups[1].Value : "";
        if (op == "=") op = "";
        if (!m.Groups[2].Success || m.Groups[2].Length == 0) return new NpmComparator(op, null, options);
        return new NpmComparator(op, NpmSemVer.Parse(m.Groups[2].Value, options.Loose), options);
    }

    /// <summary>Whether <paramref name="version"/> satisfies this comparator (pre-release rules are the range's business).</summary>
    public bool Test(NpmSemVer version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (SemVer is null) return true;
        var c = version.CompareTo(SemVer);
        return Operator switch
        {
            "" => c == 0,
            "<" => c < 0,
            "<=" => c <= 0,
            ">" => c > 0,
            ">=" => c >= 0,
            _ => false,
        };
    }

    /// <summary>node-semver's <c>Comparator.intersects</c>: whether some version can satisfy both comparators.</summary>
    public bool Intersects(NpmComparator other, NpmSemverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(other);
        options ??= NpmSemverOptions.Default;
        if (Operator == "")
        {
            if (Value == "") return true;
            return NpmRange.Parse(other.Value, options).Test(SemVer!);
        }
        if (other.Operator == "")
        {
            if (other.Value == "") return true;
            return NpmRange.Parse(Value, options).Test(other.SemVer!);
        }
        if (options.IncludePrerelease && (Value == "<0.0.0-0" || other.Value == "<0.0.0-0")) return false;
        if (!options.IncludePrerelease && (Value.StartsWith("<0.0.0", StringComparison.Ordinal) || other.Value.StartsWith("<0.0.0", StringComparison.Ordinal))) return false;
        if (Operator.StartsWith('>') && other.Operator.StartsWith('>')) return true;
        if (Operator.StartsWith('<') && other.Operator.StartsWith('<')) return true;
        if (SemVer!.Version == other.SemVer!.Version && Operator.Contains('=', StringComparison.Ordinal) && other.Operator.Contains('=', StringComparison.Ordinal)) return true;
        var c = SemVer.CompareTo(other.SemVer);
        if (c < 0 && Operator.StartsWith('>') && other.Operator.StartsWith('<')) return true;
        if (c > 0 && Operator.StartsWith('<') && other.Operator.StartsWith('>')) return true;
        return false;
    }
}

/// <summary>
/// An npm semver range (node-semver semantics): comparator sets joined by <c>||</c>, each a space-separated list of
/// comparators, x-ranges (<c>1.2.x</c>, <c>*</c>), tilde (<c>~1.2.3</c>, <c>~&gt;1.2</c>), caret (<c>^1.2.3</c>) and
/// hyphen ranges (<c>1.2.3 - 2.3.4</c>), desugared the way node-semver does.
/// </summary>
public sealed class NpmRange
{
    /// <summary>Ranges longer than this are rejected so parsing stays cheap.</summary>
    public const int MaxRangeLength = 64 * 1024;

    private NpmRange(string raw, IReadOnlyList<IReadOnlyList<NpmComparator>> set, NpmSemverOptions options)
    {
        Raw = raw;
        Set = set;
        Options = options;
    }

    /// <summary>The range text with whitespace collapsed.</summary>
    public string Raw { get; }

    /// <summary>The comparator sets: a version matches when it satisfies every comparator of one set.</summary>
    public IReadOnlyList<IReadOnlyList<NpmComparator>> Set { get; }

    /// <summary>The options the range was parsed with.</summary>
    public NpmSemverOptions Options { get; }

    /// <summary>The canonical form node-semver prints (<c>&gt;=1.2.3 &lt;2.0.0-0||...</c>), or <c>*</c> for any version.</summary>
    public string Canonical
    {
        get
        {
            var text = string.Join("||", Set.Select(s => string.Join(' ', s.Select(c => c.Value)).Trim())).Trim();
            return text.Length == 0 ? "*" : text;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Canonical;

    /// <summary>Parses a range.</summary>
    /// <exception cref="FormatException">The range is invalid (or longer than <see cref="MaxRangeLength"/>).</exception>
    public static NpmRange Parse(string range, NpmSemverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(range);
        options ??= NpmSemverOptions.Default;
        if (range.Length > MaxRangeLength) throw new FormatException($"range is longer than {MaxRangeLength} characters");
        var raw = NpmPatterns.Whitespace.Replace(range.Trim(), " ");
        var sets = new List<IReadOnlyList<NpmComparator>>();
        foreach (var part in raw.Split("||"))
        {
            var comparators = ParseSet(part.Trim(), options);
            if (comparators.Count > 0) sets.Add(comparators);
        }
        if (sets.Count == 0) throw new FormatException($"Invalid SemVer Range: {ComparatorList.Shorten(range)}");
        if (sets.Count > 1)
        {
            var first = sets[0];
            var kept = sets.Where(s => !IsNullSet(s[0])).ToList();
            if (kept.Count == 0)
            {
                sets = [first];
            }
            else
            {
                sets = kept;
                var any = sets.FirstOrDefault(s => s.Count == 1 && s[0].IsAny);
                if (any is not null && sets.Count > 1) sets = [any];
            }
        }
        return new NpmRange(raw, sets, options);
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string range, NpmSemverOptions? options, out NpmRange? result)
    {
        try
        {
            result = Parse(range, options);
            return true;
        }
        catch (FormatException)
        {
            result = null;
            return false;
        }
    }

    private static bool IsNullSet(NpmComparator c) => c.Value == "<0.0.0-0";

    private static List<NpmComparator> ParseSet(string range, NpmSemverOptions options)
    {
        var loose = options.Loose;
        var hyphen = (loose ? NpmPatterns.HyphenRangeLoose : NpmPatterns.HyphenRange).Match(range);
        if (hyphen.Success) range = HyphenReplace(hyphen, options.IncludePrerelease);
        range = TrimComparatorWhitespace(range);
        range = NpmPatterns.TildeTrim.Replace(range, "$1~");
        range = NpmPatterns.CaretTrim.Replace(range, "$1^");
        range = NpmPatterns.Whitespace.Replace(range, " ");

        var desugared = new StringBuilder();
        foreach (var comp in range.Split(' '))
        {
            if (desugared.Length > 0) desugared.Append(' ');
            desugared.Append(ParseComparator(comp, options));
        }
        var list = new List<NpmComparator>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var piece in NpmPatterns.Whitespace.Split(desugared.ToString()))
        {
            var comp = ReplaceGte0(piece, options);
            if (loose && !NpmPatterns.ComparatorLoose.IsMatch(comp)) continue;
            var comparator = NpmComparator.Parse(comp, options);
            if (IsNullSet(comparator)) return [comparator];
            if (seen.TryGetValue(comparator.Value, out var index)) list[index] = comparator;
            else
            {
                seen[comparator.Value] = list.Count;
                list.Add(comparator);
            }
        }
        if (list.Count > 1 && seen.ContainsKey("")) list.RemoveAll(c => c.IsAny);
        return list;
    }

    // Removes the whitespace between an operator and the version it applies to ("> 1.2.3" becomes ">1.2.3").
    private static string TrimComparatorWhitespace(string range) =>
        NpmPatterns.ComparatorTrim.Replace(range, m => m.Groups[1].Value + m.Groups[2].Value + m.Groups[3].Value);

    private static string ParseComparator(string comp, NpmSemverOptions options)
    {
        comp = NpmPatterns.BuildStrip.Replace(comp, "", 1);
        comp = ReplaceCaret(comp.Trim(), options);
        comp = string.Join(' ', NpmPatterns.Whitespace.Split(comp.Trim()).Select(c => ReplaceTilde(c, options)));
        comp = string.Join(' ', NpmPatterns.Whitespace.Split(comp).Select(c => ReplaceXRange(c, options)));
        comp = NpmPatterns.Star.Replace(comp.Trim(), "", 1);
        return comp;
    }

    private static bool IsX(Group g) => !g.Success || g.Length == 0 || g.Value is "x" or "X" or "*";

    private static string Inc(string digits) => NumericText.Increment(digits);

    // After an x or a missing component, no later component may be a number (1.x.5 is invalid).
    private static void CheckXOrder(string comp, Group major, Group minor, Group patch)
    {
        if ((IsX(major) && (!IsX(minor) || !IsX(patch))) || (IsX(minor) && !IsX(patch)))
            throw new FormatException($"Invalid comparator: {ComparatorList.Shorten(comp)}");
    }

    private static string ReplaceTilde(string comp, NpmSemverOptions options)
    {
        var m = (options.Loose ? NpmPatterns.TildeLoose : NpmPatterns.Tilde).Match(comp);
        if (!m.Success) return comp;
        var (major, minor, patch, pre) = (m.Groups[1], m.Groups[2], m.Groups[3], m.Groups[4]);
        CheckXOrder(comp, major, minor, patch);
        var z = options.IncludePrerelease ? "-0" : "";
        string M = major.Value, mi = minor.Value, p = patch.Value;
        if (IsX(major)) return "";
        if (IsX(minor)) return $">={M}.0.0{z} <{Inc(M)}.0.0-0";
        if (IsX(patch)) return $">={M}.{mi}.0{z} <{M}.{Inc(mi)}.0-0";
        if (pre.Success && pre.Length > 0) return $">={M}.{mi}.{p}-{pre.Value} <{M}.{Inc(mi)}.0-0";
        return $">={M}.{mi}.{p} <{M}.{Inc(mi)}.0-0";
    }

    private static string ReplaceCaret(string comp, NpmSemverOptions options)
    {
        return string.Join(' ', NpmPatterns.Whitespace.Split(comp).Select(c => ReplaceOneCaret(c, options)));
    }

    private static string ReplaceOneCaret(string comp, NpmSemverOptions options)
    {
        var m = (options.Loose ? NpmPatterns.CaretLoose : NpmPatterns.Caret).Match(comp);
        if (!m.Success) return comp;
        var (major, minor, patch, pre) = (m.Groups[1], m.Groups[2], m.Groups[3], m.Groups[4]);
        CheckXOrder(comp, major, minor, patch);
        var z = options.IncludePrerelease ? "-0" : "";
        string M = major.Value, mi = minor.Value, p = patch.Value;
        if (IsX(major)) return "";
        if (IsX(minor)) return $">={M}.0.0{z} <{Inc(M)}.0.0-0";
        if (IsX(patch))
            return M == "0" ? $">={M}.{mi}.0{z} <{M}.{Inc(mi)}.0-0" : $">={M}.{mi}.0{z} <{Inc(M)}.0.0-0";
        if (pre.Success && pre.Length > 0)
        {
            if (M == "0")
                return mi == "0" ? $">={M}.{mi}.{p}-{pre.Value} <{M}.{mi}.{Inc(p)}-0" : $">={M}.{mi}.{p}-{pre.Value} <{M}.{Inc(mi)}.0-0";
            return $">={M}.{mi}.{p}-{pre.Value} <{Inc(M)}.0.0-0";
        }
        // A full version is its own lower bound: even with includePrerelease, ^0.0.3 does not admit 0.0.3-alpha.
        if (M == "0")
            return mi == "0" ? $">={M}.{mi}.{p} <{M}.{mi}.{Inc(p)}-0" : $">={M}.{mi}.{p} <{M}.{Inc(mi)}.0-0";
        return $">={M}.{mi}.{p} <{Inc(M)}.0.0-0";
    }

    private static string ReplaceXRange(string comp, NpmSemverOptions options)
    {
        comp = comp.Trim();
        var m = (options.Loose ? NpmPatterns.XRangeLoose : NpmPatterns.XRange).Match(comp);
        if (!m.Success) return comp;
        var gtlt = m.Groups[1].Value;
        var (major, minor, patch) = (m.Groups[2], m.Groups[3], m.Groups[4]);
        CheckXOrder(comp, major, minor, patch);
        var xM = IsX(major);
        var xm = xM || IsX(minor);
        var xp = xm || IsX(patch);
        var anyX = xp;
        if (gtlt == "=" && anyX) gtlt = "";
        var pr = options.IncludePrerelease ? "-0" : "";
        string M = major.Value, mi = minor.Value, p;
        if (xM)
            return gtlt is ">" or "<" ? "<0.0.0-0" : "*";
        if (gtlt.Length > 0 && anyX)
        {
            if (xm) mi = "0";
            p = "0";
            if (gtlt == ">")
            {
                gtlt = ">=";
                if (xm)
                {
                    M = Inc(M);
                    mi = "0";
                }
                else
                {
                    mi = Inc(mi);
                }
            }
            else if (gtlt == "<=")
            {
                gtlt = "<";
                if (xm) M = Inc(M);
                else mi = Inc(mi);
            }
            if (gtlt == "<") pr = "-0";
            return $"{gtlt}{M}.{mi}.{p}{pr}";
        }
        if (xm) return $">={M}.0.0{pr} <{Inc(M)}.0.0-0";
        if (xp) return $">={M}.{mi}.0{pr} <{M}.{Inc(mi)}.0-0";
        return comp;
    }

    private static string ReplaceGte0(string comp, NpmSemverOptions options) =>
        (options.IncludePrerelease ? NpmPatterns.Gte0Pre : NpmPatterns.Gte0).Replace(comp.Trim(), "");

    private static string HyphenReplace(Match m, bool includePrerelease)
    {
        string from = m.Groups[1].Value, to = m.Groups[7].Value;
        Group fM = m.Groups[2], fm = m.Groups[3], fp = m.Groups[4], fpr = m.Groups[5];
        Group tM = m.Groups[8], tm = m.Groups[9], tp = m.Groups[10], tpr = m.Groups[11];
        CheckXOrder(from, fM, fm, fp);
        CheckXOrder(to, tM, tm, tp);
        var z = includePrerelease ? "-0" : "";
        if (IsX(fM)) from = "";
        else if (IsX(fm)) from = $">={fM.Value}.0.0{z}";
        else if (IsX(fp)) from = $">={fM.Value}.{fm.Value}.0{z}";
        else if (fpr.Success && fpr.Length > 0) from = ">=" + from;
        else from = ">=" + from + z;

        if (IsX(tM)) to = "";
        else if (IsX(tm)) to = $"<{Inc(tM.Value)}.0.0-0";
        else if (IsX(tp)) to = $"<{tM.Value}.{Inc(tm.Value)}.0-0";
        else if (tpr.Success && tpr.Length > 0) to = $"<={tM.Value}.{tm.Value}.{tp.Value}-{tpr.Value}";
        else if (includePrerelease) to = $"<{tM.Value}.{tm.Value}.{Inc(tp.Value)}-0";
        else to = "<=" + to;
        return (from + " " + to).Trim();
    }

    /// <summary>Whether <paramref name="version"/> satisfies the range (node-semver's <c>Range.test</c>).</summary>
    public bool Test(NpmSemVer version)
    {
        ArgumentNullException.ThrowIfNull(version);
        foreach (var set in Set)
            if (TestSet(set, version, Options)) return true;
        return false;
    }

    private static bool TestSet(IReadOnlyList<NpmComparator> set, NpmSemVer version, NpmSemverOptions options)
    {
        foreach (var c in set)
            if (!c.Test(version)) return false;
        if (version.Prerelease.Count == 0 || options.IncludePrerelease) return true;
        // A pre-release only matches when a comparator names a pre-release of the same major.minor.patch.
        foreach (var c in set)
        {
            if (c.SemVer is null || c.SemVer.Prerelease.Count == 0) continue;
            if (c.SemVer.CompareMain(version) == 0) return true;
        }
        return false;
    }

    /// <summary>
    /// The most comparator pairs <see cref="Intersects"/> examines; larger range pairs are refused, since the check is
    /// quadratic.
    /// </summary>
    public const long MaxIntersectionWork = 1_000_000;

    /// <summary>node-semver's <c>Range.intersects</c>: whether some version can satisfy both ranges.</summary>
    /// <exception cref="FormatException">The ranges are too large to intersect (see <see cref="MaxIntersectionWork"/>).</exception>
    public bool Intersects(NpmRange other, NpmSemverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(other);
        options ??= Options;
        long left = Set.Sum(s => (long)s.Count), right = other.Set.Sum(s => (long)s.Count);
        var satisfiability = Set.Concat(other.Set).Sum(s => (long)s.Count * s.Count);
        if (left * right + satisfiability > MaxIntersectionWork)
            throw new FormatException("ranges are too large to intersect");
        foreach (var mine in Set)
        {
            if (!IsSatisfiable(mine, options)) continue;
            foreach (var theirs in other.Set)
            {
                if (!IsSatisfiable(theirs, options)) continue;
                if (mine.All(a => theirs.All(b => a.Intersects(b, options)))) return true;
            }
        }
        return false;
    }

    private static bool IsSatisfiable(IReadOnlyList<NpmComparator> comparators, NpmSemverOptions options)
    {
        var remaining = comparators.ToList();
        if (remaining.Count == 0) return true;
        var test = remaining[^1];
        remaining.RemoveAt(remaining.Count - 1);
        var result = true;
        while (result && remaining.Count > 0)
        {
            result = remaining.All(other => test.Intersects(other, options));
            test = remaining[^1];
            remaining.RemoveAt(remaining.Count - 1);
        }
        return result;
    }

    /// <summary>
    /// node-semver's <c>outside</c>: whether <paramref name="version"/> is above (<paramref name="high"/> true, gtr) or
    /// below (ltr) every version the range allows.
    /// </summary>
    public bool Outside(NpmSemVer version, bool high)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (Test(version)) return false;
        string comp = high ? ">" : "<", ecomp = high ? ">=" : "<=";
        Func<NpmSemVer, NpmSemVer, bool> gtfn = high ? (x, y) => x.CompareTo(y) > 0 : (x, y) => x.CompareTo(y) < 0;
        Func<NpmSemVer, NpmSemVer, bool> ltefn = high ? (x, y) => x.CompareTo(y) <= 0 : (x, y) => x.CompareTo(y) >= 0;
        Func<NpmSemVer, NpmSemVer, bool> ltfn = high ? (x, y) => x.CompareTo(y) < 0 : (x, y) => x.CompareTo(y) > 0;
        foreach (var comparators in Set)
        {
            NpmComparator? hi = null, lo = null;
            foreach (var original in comparators)
            {
                var comparator = original.IsAny ? NpmComparator.Parse(">=0.0.0", Options) : original;
                hi ??= comparator;
                lo ??= comparator;
                if (gtfn(comparator.SemVer!, hi.SemVer!)) hi = comparator;
                else if (ltfn(comparator.SemVer!, lo.SemVer!)) lo = comparator;
            }
            if (hi is null || lo is null) continue;
            if (hi.Operator == comp || hi.Operator == ecomp) return false;
            if ((lo.Operator.Length == 0 || lo.Operator == comp) && ltefn(version, lo.SemVer!)) return false;
            if (lo.Operator == ecomp && ltfn(version, lo.SemVer!)) return false;
        }
        return true;
    }
}

/// <summary>
/// npm semver (node-semver) as a <see cref="IVersionScheme"/>: strict parsing, SemVer 2.0 precedence (build metadata
/// ignored), node-semver ranges. Option-taking overloads give loose parsing and <c>includePrerelease</c>.
/// </summary>
/// <remarks>Invalid versions or ranges raise <see cref="FormatException"/> (node-semver's <c>satisfies</c> would return
/// false instead; <see cref="VersionSchemeExtensions.TrySatisfies"/> gives that behaviour).</remarks>
public sealed class NpmSemverScheme : IParsedVersionScheme
{
    /// <summary>The shared instance.</summary>
    public static NpmSemverScheme Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "semver";

    /// <inheritdoc />
    public int Compare(string a, string b) => Compare(a, b, NpmSemverOptions.Default);

    /// <summary>Compares with the given options.</summary>
    /// <exception cref="FormatException">A version is invalid.</exception>
    public static int Compare(string a, string b, NpmSemverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return NpmSemVer.Parse(a, options.Loose).CompareTo(NpmSemVer.Parse(b, options.Loose));
    }

    /// <inheritdoc />
    public bool IsValid(string version) => NpmSemVer.TryParse(version, false, out _);

    object? IParsedVersionScheme.ParseForCompare(string version) => NpmSemVer.TryParse(version, NpmSemverOptions.Default.Loose, out var v) ? v : null;

    int? IParsedVersionScheme.CompareParsed(object? a, object? b) => a is NpmSemVer x && b is NpmSemVer y ? x.CompareTo(y) : null;

    /// <inheritdoc />
    public string Normalize(string version) => NpmSemVer.Parse(version).Version;

    /// <inheritdoc />
    public bool Satisfies(string version, string range) => Satisfies(version, range, NpmSemverOptions.Default);

    /// <summary>Whether the version satisfies the range, with the given options.</summary>
    /// <exception cref="FormatException">The version or range is invalid.</exception>
    public static bool Satisfies(string version, string range, NpmSemverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var r = NpmRange.Parse(range, options);
        return r.Test(NpmSemVer.Parse(version, options.Loose));
    }
}

/// <summary>The grammar of node-semver's versions and ranges as regular expressions (linear-time engine).</summary>
internal static class NpmPatterns
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    private const string Num = "0|[1-9][0-9]*";
    private const string NumLoose = "[0-9]+";
    private const string NonNum = "[0-9]*[a-zA-Z-][a-zA-Z0-9-]*";
    private const string Main = $@"({Num})\.({Num})\.({Num})";
    private const string MainLoose = $@"({NumLoose})\.({NumLoose})\.({NumLoose})";
    private const string PreId = $"(?:{Num}|{NonNum})";
    private const string PreIdLoose = $"(?:{NumLoose}|{NonNum})";
    private const string Pre = $@"(?:-({PreId}(?:\.{PreId})*))";
    private const string PreLoose = $@"(?:-?({PreIdLoose}(?:\.{PreIdLoose})*))";
    private const string BuildId = "[0-9A-Za-z-]+";
    private const string Build = $@"(?:\+({BuildId}(?:\.{BuildId})*))";
    private const string FullPlain = $"v?{Main}{Pre}?{Build}?";
    private const string LoosePlain = $@"[v=\s]*{MainLoose}{PreLoose}?{Build}?";
    private const string GtLt = "((?:<|>)?=?)";
    private const string XId = $@"{Num}|x|X|\*";
    private const string XIdLoose = $@"{NumLoose}|x|X|\*";
    private const string XRangePlain = $@"[v=\s]*({XId})(?:\.({XId})(?:\.({XId})(?:{Pre})?{Build}?)?)?";
    private const string XRangePlainLoose = $@"[v=\s]*({XIdLoose})(?:\.({XIdLoose})(?:\.({XIdLoose})(?:{PreLoose})?{Build}?)?)?";

    public static readonly Regex Full = new($"^{FullPlain}$", Options);
    public static readonly Regex Loose = new($"^{LoosePlain}$", Options);
    public static readonly Regex PrereleaseExact = new($"^{Pre}$", Options);
    public static readonly Regex PrereleaseLooseExact = new($"^{PreLoose}$", Options);
    public static readonly Regex XRange = new($@"^{GtLt}\s*{XRangePlain}$", Options);
    public static readonly Regex XRangeLoose = new($@"^{GtLt}\s*{XRangePlainLoose}$", Options);
    public static readonly Regex Tilde = new($"^(?:~>?){XRangePlain}$", Options);
    public static readonly Regex TildeLoose = new($"^(?:~>?){XRangePlainLoose}$", Options);
    public static readonly Regex TildeTrim = new(@"(\s*)(?:~>?)\s+", Options);
    public static readonly Regex Caret = new($@"^(?:\^){XRangePlain}$", Options);
    public static readonly Regex CaretLoose = new($@"^(?:\^){XRangePlainLoose}$", Options);
    public static readonly Regex CaretTrim = new(@"(\s*)(?:\^)\s+", Options);
    public static readonly Regex Comparator = new($@"^{GtLt}\s*({FullPlain})$|^$", Options);
    public static readonly Regex ComparatorLoose = new($@"^{GtLt}\s*({LoosePlain})$|^$", Options);
    public static readonly Regex ComparatorTrim = new($@"(\s*){GtLt}\s*({LoosePlain}|{XRangePlain})", Options);
    public static readonly Regex HyphenRange = new($@"^\s*({XRangePlain})\s+-\s+({XRangePlain})\s*$", Options);
    public static readonly Regex HyphenRangeLoose = new($@"^\s*({XRangePlainLoose})\s+-\s+({XRangePlainLoose})\s*$", Options);
    public static readonly Regex Star = new(@"(<|>)?=?\s*\*", Options);
    public static readonly Regex Gte0 = new(@"^\s*>=\s*0\.0\.0\s*$", Options);
    public static readonly Regex Gte0Pre = new(@"^\s*>=\s*0\.0\.0-0\s*$", Options);
    public static readonly Regex BuildStrip = new(Build, Options);
    public static readonly Regex Whitespace = new(@"\s+", Options);
}
