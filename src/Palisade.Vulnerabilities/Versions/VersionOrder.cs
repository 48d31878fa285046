namespace Palisade.Vulnerabilities.Versions;

/// <summary>
/// A scheme whose <see cref="IVersionScheme.Compare"/> parses both versions and compares the parsed values, so that a
/// caller comparing the same versions many times can parse each once (<see cref="VersionOrder"/>).
/// </summary>
internal interface IParsedVersionScheme : IVersionScheme
{
    /// <summary>The version as <see cref="IVersionScheme.Compare"/> parses it; null when it does not parse.</summary>
    object? ParseForCompare(string version);

    /// <summary>
    /// The order of two results of <see cref="ParseForCompare"/>, as <see cref="IVersionScheme.Compare"/> orders their
    /// texts; null where <see cref="IVersionScheme.Compare"/> throws <see cref="FormatException"/> (a version that does
    /// not parse, in a scheme that has no order for those).
    /// </summary>
    int? CompareParsed(object? a, object? b);
}

/// <summary>
/// One scheme's order for a run that compares the same versions many times (matching a set of packages): the results
/// and <see cref="FormatException"/>s of <see cref="IVersionScheme.Compare"/> and <see cref="IVersionScheme.IsValid"/>,
/// with each version parsed once when the scheme parses (<see cref="IParsedVersionScheme"/>). Not thread-safe.
/// </summary>
internal sealed class VersionOrder
{
    private readonly IVersionScheme _scheme;
    private readonly IParsedVersionScheme? _parsing;
    private readonly Dictionary<string, object?> _parsed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _valid = new(StringComparer.Ordinal);

    public VersionOrder(IVersionScheme scheme)
    {
        _scheme = scheme;
        _parsing = scheme as IParsedVersionScheme;
        Comparison = Compare;
    }

    /// <summary><see cref="Compare"/> as a delegate (one per order).</summary>
    public Comparison<string> Comparison { get; }

    /// <summary>As <see cref="IVersionScheme.Compare"/>.</summary>
    /// <exception cref="FormatException">A version does not parse and the scheme has no order for it.</exception>
    public int Compare(string a, string b)
    {
        if (_parsing is null) return _scheme.Compare(a, b);
        return _parsing.CompareParsed(Parsed(a), Parsed(b)) ?? throw new FormatException($"'{ComparatorList.Shorten(Parsed(a) is null ? a : b)}' is not a valid {_scheme.Name} version");
    }

    /// <summary>As <see cref="VersionSchemeExtensions.TryCompare"/>: the sign of the order, or false.</summary>
    public bool TryCompare(string a, string b, out int result)
    {
        if (_parsing is not null)
        {
            var order = _parsing.CompareParsed(Parsed(a), Parsed(b));
            result = Math.Sign(order ?? 0);
            return order is not null;
        }
        return _scheme.TryCompare(a, b, out result);
    }

    /// <summary>As <see cref="IVersionScheme.IsValid"/>.</summary>
    public bool IsValid(string version)
    {
        if (!_valid.TryGetValue(version, out var valid)) _valid[version] = valid = _scheme.IsValid(version);
        return valid;
    }

    private object? Parsed(string version)
    {
        if (!_parsed.TryGetValue(version, out var parsed)) _parsed[version] = parsed = _parsing!.ParseForCompare(version);
        return parsed;
    }
}

/// <summary>The <see cref="VersionOrder"/> of each scheme, made when first asked for: one set per run.</summary>
internal sealed class VersionOrders
{
    private readonly Dictionary<IVersionScheme, VersionOrder> _orders = new(ReferenceEqualityComparer.Instance);

    /// <summary>The order of <paramref name="scheme"/>; null for no scheme.</summary>
    public VersionOrder? For(IVersionScheme? scheme)
    {
        if (scheme is null) return null;
        if (!_orders.TryGetValue(scheme, out var order)) _orders[scheme] = order = new VersionOrder(scheme);
        return order;
    }
}
