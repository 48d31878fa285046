using Palisade.Vulnerabilities.Matching;

namespace Palisade.Vulnerabilities.Tests.Matching;

/// <summary>OSV range evaluation, with a simple dotted-number order standing in for an ecosystem's scheme.</summary>
public sealed class AffectedRangeTests
{
    private static int Dotted(string a, string b)
    {
        var x = a.Split('.').Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var y = b.Split('.').Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
        {
            var c = (i < x.Length ? x[i] : 0).CompareTo(i < y.Length ? y[i] : 0);
            if (c != 0) return c;
        }
        return 0;
    }

    private static RangeEvent I(string v) => new(RangeEventKind.Introduced, v);
    private static RangeEvent F(string v) => new(RangeEventKind.Fixed, v);
    private static RangeEvent L(string v) => new(RangeEventKind.LastAffected, v);
    private static RangeEvent Limit(string v) => new(RangeEventKind.Limit, v);

    [Theory]
    [InlineData("0.9", false)]
    [InlineData("1.0", true)]
    [InlineData("1.4", true)]
    [InlineData("1.5", false)]
    [InlineData("2.0", true)]
    [InlineData("2.3", true)]
    [InlineData("2.3.1", false)]
    [InlineData("3.0", false)]
    public void Two_intervals_one_fixed_one_last_affected(string version, bool expected) =>
        Assert.Equal(expected, AffectedRanges.Includes(version, [I("2.0"), L("2.3"), I("1.0"), F("1.5")], Dotted));

    [Theory]
    [InlineData("0.0.1", true)]
    [InlineData("4.17.20", true)]
    [InlineData("4.17.21", false)]
    public void Introduced_zero_is_the_beginning(string version, bool expected) =>
        Assert.Equal(expected, AffectedRanges.Includes(version, [I("0"), F("4.17.21")], Dotted));

    [Fact]
    public void Without_a_fix_everything_from_introduced_on_is_affected() =>
        Assert.True(AffectedRanges.Includes("99.0", [I("1.0")], Dotted));

    [Fact]
    public void A_limit_bounds_the_whole_range()
    {
        Assert.True(AffectedRanges.Includes("1.5", [I("1.0"), Limit("2.0")], Dotted));
        Assert.False(AffectedRanges.Includes("2.0", [I("1.0"), Limit("2.0")], Dotted));
    }

    [Fact]
    public void Degenerate_ranges_at_one_version()
    {
        Assert.True(AffectedRanges.Includes("1.0", [I("1.0"), L("1.0")], Dotted));
        Assert.False(AffectedRanges.Includes("1.1", [I("1.0"), L("1.0")], Dotted));
        Assert.False(AffectedRanges.Includes("1.0", [I("1.0"), F("1.0")], Dotted));
    }

    [Fact]
    public void Fixed_versions_are_those_above_the_installed_one_lowest_first()
    {
        IReadOnlyList<RangeEvent> events = [I("3.0"), F("3.2"), I("0"), F("2.6.7.5"), I("2.7"), F("2.8.11.1")];
        Assert.Equal(["2.8.11.1", "3.2"], AffectedRanges.FixedVersions("2.8.0", events, Dotted));
        Assert.Empty(AffectedRanges.FixedVersions("4.0", events, Dotted));
    }
}
