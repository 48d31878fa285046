namespace Palisade.Vulnerabilities.Versions;

/// <summary>A Debian package version <c>[epoch:]upstream_version[-debian_revision]</c>, split into its parts.</summary>
/// <param name="Epoch">The epoch digits ("0" when absent).</param>
/// <param name="Upstream">The upstream version.</param>
/// <param name="Revision">The Debian revision ("" when absent).</param>
public sealed record DebianVersion(string Epoch, string Upstream, string Revision)
{
    /// <summary>
    /// Parses a version the way dpkg does, and refuses what dpkg reports as bad syntax or as invalid characters: an
    /// epoch that is not a non-negative number, an empty upstream version or revision, an upstream version that does not
    /// start with a digit, characters other than alphanumerics and <c>. + ~ -</c> (and <c>:</c> after an epoch) in the
    /// upstream version or other than alphanumerics and <c>. + ~ _</c> in the revision (<c>_</c> is accepted, as
    /// go-deb-version does, for RPM-style revisions such as <c>4.el6.x86_64</c>), or whitespace.
    /// </summary>
    /// <exception cref="FormatException">The version is not valid.</exception>
    public static DebianVersion Parse(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var v = version.Trim();
        if (v.Length == 0) throw new FormatException("empty Debian version");
        foreach (var c in v)
            if (char.IsWhiteSpace(c)) throw new FormatException($"Debian version '{ComparatorList.Shorten(version)}' has embedded spaces");
        var (epoch, upstream, revision, hasEpoch) = Split(v);
        if (hasEpoch)
        {
            if (epoch.Length == 0) throw new FormatException($"epoch in Debian version '{ComparatorList.Shorten(version)}' is empty");
            if (!NumericText.IsDigits(epoch)) throw new FormatException($"epoch in Debian version '{ComparatorList.Shorten(version)}' is not a number");
        }
        if (upstream.Length == 0) throw new FormatException($"Debian version '{ComparatorList.Shorten(version)}' has an empty upstream version");
        if (revision is { Length: 0 }) throw new FormatException($"Debian version '{ComparatorList.Shorten(version)}' has an empty revision");
        if (!char.IsAsciiDigit(upstream[0])) throw new FormatException($"Debian version '{ComparatorList.Shorten(version)}' does not start with a digit");
        foreach (var c in upstream)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '+' or '~' or '-' or ':'))
                throw new FormatException($"invalid character '{c}' in Debian upstream version '{ComparatorList.Shorten(version)}'");
        foreach (var c in revision ?? "")
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '+' or '~' or '_'))
                throw new FormatException($"invalid character '{c}' in Debian revision '{ComparatorList.Shorten(version)}'");
        return new DebianVersion(hasEpoch ? NumericText.Canonical(epoch) : "0", upstream, revision ?? "");
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string version, out DebianVersion? result)
    {
        try
        {
            result = Parse(version);
            return true;
        }
        catch (FormatException)
        {
            result = null;
            return false;
        }
    }

    /// <summary>
    /// Splits any string into epoch, upstream and revision the way dpkg does: the epoch is what precedes the first colon,
    /// the revision what follows the last hyphen. Revision is null when there is no hyphen.
    /// </summary>
    internal static (string Epoch, string Upstream, string? Revision, bool HasEpoch) Split(string v)
    {
        var colon = v.IndexOf(':', StringComparison.Ordinal);
        var epoch = colon >= 0 ? v[..colon] : "";
        var rest = colon >= 0 ? v[(colon + 1)..] : v;
        var hyphen = rest.LastIndexOf('-');
        return hyphen >= 0 ? (epoch, rest[..hyphen], rest[(hyphen + 1)..], colon >= 0) : (epoch, rest, null, colon >= 0);
    }

    /// <summary>The version as dpkg prints it (the epoch only when it is not zero).</summary>
    public override string ToString() =>
        (Epoch == "0" ? "" : Epoch + ":") + Upstream + (Revision.Length > 0 ? "-" + Revision : "");
}

/// <summary>
/// Debian/Ubuntu (dpkg) version ordering: epoch, then upstream version, then revision, each compared by dpkg's
/// algorithm (alternating non-digit and digit runs; <c>~</c> sorts before everything, even the end of the string;
/// letters sort before other characters; digit runs compare by numeric value of any length).
/// </summary>
/// <remarks>
/// <see cref="Compare"/> orders any string, as dpkg's comparison does: a prefix before the first colon that is not a
/// number is ignored as an epoch (treated as 0), so invalid versions still get a deterministic place. Use
/// <see cref="IsValid"/> or <see cref="DebianVersion.Parse"/> to reject them. <see cref="Satisfies"/> takes a
/// <see cref="ComparatorList"/> (and dpkg's <c>&lt;&lt;</c> / <c>&gt;&gt;</c>), with versions checked by
/// <see cref="DebianVersion.Parse"/>.
/// </remarks>
public sealed class DebianVersionScheme : IVersionScheme
{
    /// <summary>The shared instance.</summary>
    public static DebianVersionScheme Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "deb";

    /// <inheritdoc />
    public int Compare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (ea, ua, ra) = Lenient(a.Trim());
        var (eb, ub, rb) = Lenient(b.Trim());
        var c = NumericText.Compare(ea, eb);
        if (c != 0) return c;
        c = CompareFragment(ua, ub);
        return c != 0 ? c : CompareFragment(ra, rb);
    }

    private static (string Epoch, string Upstream, string Revision) Lenient(string v)
    {
        var (epoch, upstream, revision, hasEpoch) = DebianVersion.Split(v);
        if (hasEpoch && !NumericText.IsDigits(epoch))
        {
            // Not an epoch: order the whole string as the version.
            var hyphen = v.LastIndexOf('-');
            return hyphen >= 0 ? ("0", v[..hyphen], v[(hyphen + 1)..]) : ("0", v, "");
        }
        return (epoch, upstream, revision ?? "");
    }

    /// <summary>dpkg's comparison of one upstream version or revision with another.</summary>
    public static int CompareFragment(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while ((i < a.Length && !char.IsAsciiDigit(a[i])) || (j < b.Length && !char.IsAsciiDigit(b[j])))
            {
                var ac = Order(a, i);
                var bc = Order(b, j);
                if (ac != bc) return ac < bc ? -1 : 1;
                i++;
                j++;
            }
            var si = i;
            while (i < a.Length && char.IsAsciiDigit(a[i])) i++;
            var sj = j;
            while (j < b.Length && char.IsAsciiDigit(b[j])) j++;
            var c = NumericText.Compare(a[si..i], b[sj..j]);
            if (c != 0) return c;
        }
        return 0;
    }

    // Weight of a character: end of string and digits 0, letters their code, '~' below everything, others above letters.
    private static int Order(ReadOnlySpan<char> s, int i)
    {
        if (i >= s.Length) return 0;
        var c = s[i];
        if (char.IsAsciiDigit(c)) return 0;
        if (char.IsAsciiLetter(c)) return c;
        if (c == '~') return -1;
        return c + 256;
    }

    /// <inheritdoc />
    public bool IsValid(string version) => DebianVersion.TryParse(version, out _);

    /// <inheritdoc />
    public string Normalize(string version) => DebianVersion.Parse(version).ToString();

    /// <inheritdoc />
    public bool Satisfies(string version, string range) =>
        ComparatorList.Satisfies(version, range, Compare, v => DebianVersion.Parse(v));
}
