using System.Globalization;
using System.Text;

namespace Palisade.Vulnerabilities.Versions;

/// <summary>
/// A Maven version as Maven's <c>ComparableVersion</c> orders it (Maven 4 rules): the text is split at <c>.</c>,
/// <c>-</c> and digit/letter transitions into numbers, qualifiers and nested lists (a <c>-</c> or a transition opens a
/// sub-list); trailing "null" items (0, empty lists) are dropped; qualifiers order
/// <c>alpha &lt; beta &lt; milestone &lt; rc = cr &lt; snapshot &lt; "" = ga = final = release &lt; sp</c> and unknown
/// qualifiers after them, case-insensitively and lexically; <c>a1</c>, <c>b1</c>, <c>m1</c> mean alpha-1, beta-1,
/// milestone-1.
/// </summary>
public sealed class MavenVersion : IComparable<MavenVersion>
{
    /// <summary>Maven's maximum version length (longer strings are refused, which bounds nesting and cost).</summary>
    public const int MaxLength = 256;

    private readonly ListItem _items;

    private MavenVersion(string value, ListItem items)
    {
        Value = value;
        _items = items;
    }

    /// <summary>The version as given.</summary>
    public string Value { get; }

    /// <summary>The canonical form Maven prints (e.g. <c>1-alpha-1</c> for <c>1a1</c>, <c>x</c> for <c>0.x</c>).</summary>
    public string Canonical => _items.ToString();

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Compares by Maven's ordering.</summary>
    public int CompareTo(MavenVersion? other) => other is null ? 1 : Math.Sign(_items.CompareTo(other._items));

    /// <summary>Parses a version; any text of at most <see cref="MaxLength"/> characters is a Maven version.</summary>
    /// <exception cref="FormatException">The text is longer than <see cref="MaxLength"/> characters.</exception>
    public static MavenVersion Parse(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.Length > MaxLength)
            throw new FormatException($"Maven version is longer than {MaxLength} characters: {ComparatorList.Shorten(version)}");
        return new MavenVersion(version, Parser.Run(version.ToLowerInvariant()));
    }

    private abstract class Item
    {
        public abstract bool IsNull { get; }

        /// <summary>Compares with another item; null stands for a missing item (padding).</summary>
        public abstract int CompareTo(Item? other);
    }

    private sealed class IntItem(string digits) : Item
    {
        public static readonly IntItem Zero = new("0");

        public string Digits { get; } = NumericText.Canonical(digits);

        public override bool IsNull => Digits == "0";

        public override int CompareTo(Item? other) => other switch
        {
            null => IsNull ? 0 : 1,
            IntItem i => NumericText.Compare(Digits, i.Digits),
            _ => 1, // numbers beat qualifiers, combinations and lists
        };

        public override string ToString() => Digits;
    }

    private sealed class StringItem : Item
    {
        private static readonly string[] Qualifiers = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
        private static readonly string ReleaseIndex = "5";

        public StringItem(string value, bool followedByDigit)
        {
            if (followedByDigit && value.Length == 1)
            {
                value = value[0] switch { 'a' => "alpha", 'b' => "beta", 'm' => "milestone", _ => value };
            }
            Value = value == "cr" ? "rc" : value;
        }

        public string Value { get; }

        public override bool IsNull => Value.Length == 0;

        // A string that sorts qualifiers: known ones by their index, release aliases as "", unknown ones after all known.
        private static string Comparable(string q)
        {
            if (q is "ga" or "final" or "release") return ReleaseIndex;
            var i = Array.IndexOf(Qualifiers, q);
            return i < 0 ? Qualifiers.Length.ToString(CultureInfo.InvariantCulture) + "-" + q : i.ToString(CultureInfo.InvariantCulture);
        }

        public override int CompareTo(Item? other)
        {
            switch (other)
            {
                case null:
                    return Math.Sign(string.CompareOrdinal(Comparable(Value), ReleaseIndex));
                case IntItem:
                    return -1;
                case StringItem s:
                    return Math.Sign(string.CompareOrdinal(Comparable(Value), Comparable(s.Value)));
                case CombinationItem c:
                    {
                        var r = CompareTo(c.StringPart);
                        if (r != 0) return r;
                        return CompareTo(null) == 0 ? -c.DigitPart.CompareTo(null) : -1;
                    }
                default:
                    return -other.CompareTo(this);
            }
        }

        public override string ToString() => Value;
    }

    // A qualifier immediately followed by a number ("alpha1", "rc-2"): compared as the pair.
    private sealed class CombinationItem : Item
    {
        public CombinationItem(string value)
        {
            var index = 0;
            for (var i = 0; i < value.Length; i++)
            {
                if (!char.IsDigit(value[i])) continue;
                index = i;
                break;
            }
            StringPart = new StringItem(value[..index], true);
            DigitPart = new IntItem(AsciiDigits(value[index..]));
        }

        public StringItem StringPart { get; }

        public IntItem DigitPart { get; }

        public override bool IsNull => false;

        public override int CompareTo(Item? other)
        {
            switch (other)
            {
                case null:
                    {
                        var r = StringPart.CompareTo(null);
                        return r != 0 ? r : DigitPart.CompareTo(null);
                    }
                case IntItem:
                    return -1;
                case StringItem s:
                    {
                        var r = StringPart.CompareTo(s);
                        if (r != 0) return r;
                        return StringPart.CompareTo(null) == 0 ? DigitPart.CompareTo(null) : 1;
                    }
                case CombinationItem c:
                    {
                        var r = StringPart.CompareTo(c.StringPart);
                        return r != 0 ? r : DigitPart.CompareTo(c.DigitPart);
                    }
                default:
                    return -other.CompareTo(this);
            }
        }

        public override string ToString() => StringPart + DigitPart.ToString();
    }

    private sealed class ListItem : Item
    {
        public List<Item> Items { get; } = [];

        public override bool IsNull => Items.Count == 0;

        public void Normalize()
        {
            for (var i = Items.Count - 1; i >= 0; i--)
            {
                if (!Items[i].IsNull) continue;
                if (i == Items.Count - 1 || Items[i + 1] is StringItem)
                {
                    Items.RemoveAt(i);
                }
                else if (Items[i + 1] is ListItem next && next.Items.Count > 0 && next.Items[0] is CombinationItem or StringItem)
                {
                    Items.RemoveAt(i);
                }
            }
            if (Items.Count == 1 && Items[0] is ListItem only)
            {
                Items.Clear();
                Items.AddRange(only.Items);
            }
        }

        public override int CompareTo(Item? other)
        {
            switch (other)
            {
                case null:
                    foreach (var item in Items)
                    {
                        var r = item.CompareTo(null);
                        if (r != 0) return r;
                    }
                    return 0;
                case IntItem:
                    return -1;
                case StringItem or CombinationItem:
                    {
                        var r = Items.Count == 0 ? -other.CompareTo(null) : Items[0].CompareTo(other);
                        for (var i = 1; r == 0 && i < Items.Count; i++) r = Items[i].CompareTo(null);
                        return r;
                    }
                case ListItem list:
                    {
                        var n = Math.Max(Items.Count, list.Items.Count);
                        for (var i = 0; i < n; i++)
                        {
                            var l = i < Items.Count ? Items[i] : null;
                            var r = i < list.Items.Count ? list.Items[i] : null;
                            var c = l is null ? (r is null ? 0 : -r.CompareTo(null)) : l.CompareTo(r);
                            if (c != 0) return c;
                        }
                        return 0;
                    }
                default:
                    return 0;
            }
        }

        public override string ToString()
        {
            var sb = new StringBuilder();
            foreach (var item in Items)
            {
                if (sb.Length > 0) sb.Append(item is ListItem ? '-' : '.');
                sb.Append(item);
            }
            return sb.ToString();
        }
    }

    // Unicode decimal digits as ASCII ones (a combination's number may use any script's digits).
    private static string AsciiDigits(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            var d = CharUnicodeInfo.GetDecimalDigitValue(c);
            if (d >= 0) sb.Append((char)('0' + d));
        }
        return sb.Length == 0 ? "0" : sb.ToString();
    }

    private static class Parser
    {
        public static ListItem Run(string version)
        {
            var root = new ListItem();
            var list = root;
            var all = new List<ListItem> { root };
            var isDigit = false;
            var isCombination = false;
            var start = 0;

            void Open()
            {
                var sub = new ListItem();
                list.Items.Add(sub);
                list = sub;
                all.Add(sub);
            }

            for (var i = 0; i < version.Length; i++)
            {
                var c = version[i];
                if (char.IsHighSurrogate(c) && i + 1 < version.Length) i++; // one code point, never a separator or digit
                if (c == '.')
                {
                    list.Items.Add(i == start ? IntItem.Zero : Item(isCombination, isDigit, version[start..i]));
                    isCombination = false;
                    start = i + 1;
                }
                else if (c == '-')
                {
                    if (i == start)
                    {
                        list.Items.Add(IntItem.Zero);
                    }
                    else
                    {
                        // "X-1" is read as "X1".
                        if (!isDigit && i != version.Length - 1 && char.IsDigit(version[i + 1]))
                        {
                            isCombination = true;
                            continue;
                        }
                        list.Items.Add(Item(isCombination, isDigit, version[start..i]));
                    }
                    start = i + 1;
                    if (list.Items.Count > 0) Open();
                    isCombination = false;
                }
                else if (c is >= '0' and <= '9')
                {
                    if (!isDigit && i > start)
                    {
                        isCombination = true;
                        if (list.Items.Count > 0) Open();
                    }
                    isDigit = true;
                }
                else
                {
                    if (isDigit && i > start)
                    {
                        list.Items.Add(Item(isCombination, true, version[start..i]));
                        start = i;
                        Open();
                        isCombination = false;
                    }
                    isDigit = false;
                }
            }
            if (version.Length > start)
            {
                // "1.0.0.X1" < "1.0.0-X2": a trailing ".X" is treated as "-X".
                if (!isDigit && list.Items.Count > 0) Open();
                list.Items.Add(Item(isCombination, isDigit, version[start..]));
            }
            for (var i = all.Count - 1; i >= 0; i--) all[i].Normalize();
            return root;
        }

        private static Item Item(bool isCombination, bool isDigit, string text)
        {
            if (isCombination) return new CombinationItem(text.Replace("-", "", StringComparison.Ordinal));
            if (isDigit) return new IntItem(text);
            return new StringItem(text, false);
        }
    }
}

/// <summary>
/// A Maven version range: one or more intervals such as <c>[1.0,2.0)</c>, <c>(,1.0]</c>, <c>[1.2]</c> separated by
/// commas (<c>[1.0,2.0),[3.0,)</c>). A bare version means exactly that version (for advisories; Maven itself reads a
/// bare version as a soft preference that every version satisfies).
/// </summary>
public sealed class MavenVersionRange
{
    private readonly List<(MavenVersion? Lower, bool LowerInclusive, MavenVersion? Upper, bool UpperInclusive)> _restrictions;

    private MavenVersionRange(List<(MavenVersion?, bool, MavenVersion?, bool)> restrictions) => _restrictions = restrictions;

    /// <summary>Ranges longer than this are rejected.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Parses a range.</summary>
    /// <exception cref="FormatException">Unbalanced brackets, more than two bounds, a single version not in <c>[]</c>,
    /// bounds out of order, overlapping intervals, or text outside the brackets.</exception>
    public static MavenVersionRange Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Length > MaxLength) throw new FormatException($"range is longer than {MaxLength} characters");
        var process = spec.Trim();
        if (process.Length == 0) throw new FormatException("empty Maven version range");
        var restrictions = new List<(MavenVersion?, bool, MavenVersion?, bool)>();
        if (process[0] is not ('[' or '('))
        {
            var exact = MavenVersion.Parse(process);
            restrictions.Add((exact, true, exact, true));
            return new MavenVersionRange(restrictions);
        }
        MavenVersion? previousUpper = null;
        while (process.Length > 0 && process[0] is '[' or '(')
        {
            var close = process.IndexOfAny([']', ')']);
            if (close < 0) throw new FormatException($"unbounded range: {ComparatorList.Shorten(spec)}");
            var r = ParseRestriction(process[..(close + 1)], spec);
            if (previousUpper is not null && r.Item1 is not null && r.Item1.CompareTo(previousUpper) < 0)
                throw new FormatException($"ranges overlap: {ComparatorList.Shorten(spec)}");
            restrictions.Add(r);
            previousUpper = r.Item3;
            process = process[(close + 1)..].Trim();
            if (process.StartsWith(',')) process = process[1..].Trim();
        }
        if (process.Length > 0) throw new FormatException($"only fully-qualified sets allowed in multiple set scenario: {ComparatorList.Shorten(spec)}");
        return new MavenVersionRange(restrictions);
    }

    private static (MavenVersion?, bool, MavenVersion?, bool) ParseRestriction(string text, string spec)
    {
        var lowerInclusive = text[0] == '[';
        var upperInclusive = text[^1] == ']';
        var inner = text[1..^1].Trim();
        var comma = inner.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            if (!lowerInclusive || !upperInclusive) throw new FormatException($"single version must be surrounded by []: {ComparatorList.Shorten(spec)}");
            if (inner.Length == 0) throw new FormatException($"empty version in range: {ComparatorList.Shorten(spec)}");
            var v = MavenVersion.Parse(inner);
            return (v, true, v, true);
        }
        var lowerText = inner[..comma].Trim();
        var upperText = inner[(comma + 1)..].Trim();
        if (upperText.Contains(',', StringComparison.Ordinal)) throw new FormatException($"a range has at most two bounds: {ComparatorList.Shorten(spec)}");
        var lower = lowerText.Length == 0 ? null : MavenVersion.Parse(lowerText);
        var upper = upperText.Length == 0 ? null : MavenVersion.Parse(upperText);
        if (lower is not null && upper is not null)
        {
            var c = upper.CompareTo(lower);
            if (c < 0 || (c == 0 && (!lowerInclusive || !upperInclusive)))
                throw new FormatException($"range defies version ordering: {ComparatorList.Shorten(spec)}");
        }
        return (lower, lowerInclusive, upper, upperInclusive);
    }

    /// <summary>Whether the version lies in one of the intervals.</summary>
    public bool Contains(MavenVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        foreach (var (lower, li, upper, ui) in _restrictions)
        {
            if (lower is not null)
            {
                var c = lower.CompareTo(version);
                if (c > 0 || (c == 0 && !li)) continue;
            }
            if (upper is not null)
            {
                var c = upper.CompareTo(version);
                if (c < 0 || (c == 0 && !ui)) continue;
            }
            return true;
        }
        return false;
    }
}

/// <summary>Maven as a <see cref="IVersionScheme"/>: <see cref="MavenVersion"/> ordering and <see cref="MavenVersionRange"/>.</summary>
/// <remarks>Every string of at most 256 characters is a Maven version; longer ones raise <see cref="FormatException"/>,
/// as Maven refuses them.</remarks>
public sealed class MavenVersionScheme : IParsedVersionScheme
{
    /// <summary>The shared instance.</summary>
    public static MavenVersionScheme Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "maven";

    /// <inheritdoc />
    public int Compare(string a, string b) => MavenVersion.Parse(a).CompareTo(MavenVersion.Parse(b));

    /// <inheritdoc />
    public bool IsValid(string version) => version is not null && version.Trim().Length > 0 && version.Length <= MavenVersion.MaxLength;

    object? IParsedVersionScheme.ParseForCompare(string version)
    {
        try
        {
            return MavenVersion.Parse(version);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    int? IParsedVersionScheme.CompareParsed(object? a, object? b) => a is MavenVersion x && b is MavenVersion y ? x.CompareTo(y) : null;

    /// <inheritdoc />
    public string Normalize(string version)
    {
        if (!IsValid(version)) throw new FormatException($"not a Maven version: '{ComparatorList.Shorten(version ?? "")}'");
        return MavenVersion.Parse(version).Canonical;
    }

    /// <inheritdoc />
    public bool Satisfies(string version, string range) => MavenVersionRange.Parse(range).Contains(MavenVersion.Parse(version));
}
