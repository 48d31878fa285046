namespace Palisade.Vulnerabilities.Versions;

/// <summary>An RPM <c>[epoch:]version[-release]</c> triple.</summary>
/// <param name="Epoch">The epoch digits ("0" when absent).</param>
/// <param name="Version">The version.</param>
/// <param name="Release">The release (null when absent).</param>
public sealed record RpmVersion(string Epoch, string Version, string? Release)
{
    /// <summary>
    /// Splits an EVR string: the epoch is the number before the first colon, the release what follows the last hyphen.
    /// </summary>
    /// <exception cref="FormatException">Empty input, whitespace, a non-numeric epoch, or an empty version or release.</exception>
    public static RpmVersion Parse(string evr)
    {
        ArgumentNullException.ThrowIfNull(evr);
        var v = evr.Trim();
        if (v.Length == 0) throw new FormatException("empty RPM version");
        foreach (var c in v)
            if (char.IsWhiteSpace(c) || char.IsControl(c)) throw new FormatException($"RPM version '{ComparatorList.Shorten(evr)}' contains whitespace or control characters");
        var (epoch, version, release, hasEpoch) = Split(v);
        if (hasEpoch && !NumericText.IsDigits(epoch)) throw new FormatException($"epoch in RPM version '{ComparatorList.Shorten(evr)}' is not a number");
        if (version.Length == 0) throw new FormatException($"RPM version '{ComparatorList.Shorten(evr)}' has an empty version");
        if (release is { Length: 0 }) throw new FormatException($"RPM version '{ComparatorList.Shorten(evr)}' has an empty release");
        return new RpmVersion(hasEpoch ? NumericText.Canonical(epoch) : "0", version, release);
    }

    internal static (string Epoch, string Version, string? Release, bool HasEpoch) Split(string v)
    {
        var colon = v.IndexOf(':', StringComparison.Ordinal);
        var epoch = colon >= 0 ? v[..colon] : "";
        var rest = colon >= 0 ? v[(colon + 1)..] : v;
        var hyphen = rest.LastIndexOf('-');
        return hyphen >= 0 ? (epoch, rest[..hyphen], rest[(hyphen + 1)..], colon >= 0) : (epoch, rest, null, colon >= 0);
    }

    /// <summary>The EVR as rpm prints it (the epoch only when it is not zero).</summary>
    public override string ToString() => (Epoch == "0" ? "" : Epoch + ":") + Version + (Release is null ? "" : "-" + Release);
}

/// <summary>
/// RPM version ordering (Red Hat, AlmaLinux, Rocky Linux, SUSE, openSUSE, ...): epoch, then version, then release, each
/// compared with rpmvercmp (alphanumeric segments; numeric segments beat alphabetic ones and compare by value of any
/// length; <c>~</c> sorts before everything, <c>^</c> after the base version but before anything else; other characters
/// only separate segments).
/// </summary>
/// <remarks>
/// <see cref="Compare"/> orders any string, as rpm does (a missing epoch is 0, a prefix before the first colon that is
/// not a number is kept as part of the version, a missing release sorts before any release). <see cref="Satisfies"/>
/// takes a <see cref="ComparatorList"/>; its versions are checked by <see cref="RpmVersion.Parse"/>.
/// </remarks>
public sealed class RpmVersionScheme : IVersionScheme
{
    /// <summary>The shared instance.</summary>
    public static RpmVersionScheme Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "rpm";

    /// <inheritdoc />
    public int Compare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (ea, va, ra) = Lenient(a.Trim());
        var (eb, vb, rb) = Lenient(b.Trim());
        var c = NumericText.Compare(ea, eb);
        if (c != 0) return c;
        c = VerCmp(va, vb);
        return c != 0 ? c : VerCmp(ra ?? "", rb ?? "");
    }

    /// <summary>Compares two EVRs where a missing release on either side matches any release (rpm's dependency rule).</summary>
    public static int CompareEvr(RpmVersion a, RpmVersion b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var c = NumericText.Compare(a.Epoch, b.Epoch);
        if (c != 0) return c;
        c = VerCmp(a.Version, b.Version);
        if (c != 0 || a.Release is null || b.Release is null) return c;
        return VerCmp(a.Release, b.Release);
    }

    private static (string Epoch, string Version, string? Release) Lenient(string v)
    {
        var (epoch, version, release, hasEpoch) = RpmVersion.Split(v);
        if (!hasEpoch) return ("0", version, release);
        if (NumericText.IsDigits(epoch)) return (epoch, version, release);
        var hyphen = v.LastIndexOf('-');
        return hyphen >= 0 ? ("0", v[..hyphen], v[(hyphen + 1)..]) : ("0", v, null);
    }

    /// <summary>rpmvercmp: compares two version (or release) strings.</summary>
    public static int VerCmp(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.SequenceEqual(b)) return 0;
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while (i < a.Length && !IsAlnum(a[i]) && a[i] is not ('~' or '^')) i++;
            while (j < b.Length && !IsAlnum(b[j]) && b[j] is not ('~' or '^')) j++;
            var ca = i < a.Length ? a[i] : '\0';
            var cb = j < b.Length ? b[j] : '\0';
            if (ca == '~' || cb == '~')
            {
                if (ca != '~') return 1;
                if (cb != '~') return -1;
                i++;
                j++;
                continue;
            }
            if (ca == '^' || cb == '^')
            {
                if (i >= a.Length) return -1;
                if (j >= b.Length) return 1;
                if (ca != '^') return 1;
                if (cb != '^') return -1;
                i++;
                j++;
                continue;
            }
            if (i >= a.Length || j >= b.Length) break;
            int si = i, sj = j;
            var numeric = char.IsAsciiDigit(a[i]);
            if (numeric)
            {
                while (i < a.Length && char.IsAsciiDigit(a[i])) i++;
                while (j < b.Length && char.IsAsciiDigit(b[j])) j++;
            }
            else
            {
                while (i < a.Length && char.IsAsciiLetter(a[i])) i++;
                while (j < b.Length && char.IsAsciiLetter(b[j])) j++;
            }
            if (sj == j) return numeric ? 1 : -1; // numeric segments beat alphabetic ones
            var c = numeric ? NumericText.Compare(a[si..i], b[sj..j]) : Math.Sign(a[si..i].SequenceCompareTo(b[sj..j]));
            if (c != 0) return c;
        }
        if (i >= a.Length && j >= b.Length) return 0;
        return i >= a.Length ? -1 : 1;
    }

    private static bool IsAlnum(char c) => char.IsAsciiLetterOrDigit(c);

    /// <inheritdoc />
    public bool IsValid(string version)
    {
        try
        {
            RpmVersion.Parse(version);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public string Normalize(string version) => RpmVersion.Parse(version).ToString();

    /// <inheritdoc />
    public bool Satisfies(string version, string range) =>
        ComparatorList.Satisfies(version, range, Compare, v => RpmVersion.Parse(v));
}
