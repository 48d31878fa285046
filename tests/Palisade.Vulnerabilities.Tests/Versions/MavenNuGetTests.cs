using Palisade.Vulnerabilities.Versions;

namespace Palisade.Vulnerabilities.Tests.Versions;

public sealed class MavenVersionSchemeTests
{
    private static readonly MavenVersionScheme Maven = MavenVersionScheme.Instance;

    [Theory]
    [InlineData("1.0", "1", 0)]
    [InlineData("1.0-SNAPSHOT", "1.0", -1)]
    [InlineData("1.0-alpha-1", "1.0-beta-1", -1)]
    [InlineData("1.0a1", "1.0-alpha-1", 0)]
    [InlineData("1.0-RC1", "1.0-cr1", 0)]
    [InlineData("1.0-ga", "1.0", 0)]
    [InlineData("1.0.Final", "1.0", 0)]
    [InlineData("1.0-sp1", "1.0", 1)]
    [InlineData("1.0-foo", "1.0-sp", 1)]
    [InlineData("1.0-1", "1.0", 1)]
    [InlineData("1.0.1", "1.0-1", 1)]
    [InlineData("2.0.0.RELEASE", "2.0.0", 0)]
    [InlineData("1.10", "1.9", 1)]
    [InlineData("12345678901234567890", "12345678901234567891", -1)]
    public void Compares(string a, string b, int expected)
    {
        Assert.Equal(expected, Math.Sign(Maven.Compare(a, b)));
        Assert.Equal(-expected, Math.Sign(Maven.Compare(b, a)));
    }

    [Theory]
    [InlineData("1a1", "1-alpha1")]
    [InlineData("1-alpha-1", "1-alpha1")]
    [InlineData("1.0-SNAPSHOT", "1-snapshot")]
    [InlineData("1.0.0", "1")]
    [InlineData("0.x", "x")]
    public void Canonical_forms(string version, string canonical) => Assert.Equal(canonical, MavenVersion.Parse(version).Canonical);

    [Theory]
    [InlineData("1.5", "[1.0,2.0)", true)]
    [InlineData("2.0", "[1.0,2.0)", false)]
    [InlineData("1.0", "(1.0,2.0]", false)]
    [InlineData("0.5", "(,1.0]", true)]
    [InlineData("3.1", "[1.0,2.0),[3.0,)", true)]
    [InlineData("2.5", "[1.0,2.0),[3.0,)", false)]
    [InlineData("1.2", "[1.2]", true)]
    [InlineData("1.2.0", "[1.2]", true)]
    [InlineData("1.2", "1.2", true)]
    [InlineData("1.3", "1.2", false)]
    [InlineData("2.0-SNAPSHOT", "[1.0,2.0)", true)]
    public void Satisfies_ranges(string version, string range, bool expected) => Assert.Equal(expected, Maven.Satisfies(version, range));

    [Theory]
    [InlineData("[1.0,2.0")]
    [InlineData("(1.0)")]
    [InlineData("[2.0,1.0]")]
    [InlineData("[1.0,2.0),[1.5,3.0)")]
    [InlineData("[1.0,2.0) junk")]
    [InlineData("[1.0,2.0,3.0]")]
    [InlineData("")]
    public void Bad_ranges_throw(string range) => Assert.Throws<FormatException>(() => Maven.Satisfies("1.0", range));
}

public sealed class NuGetVersionSchemeTests
{
    private static readonly NuGetVersionScheme NuGet = NuGetVersionScheme.Instance;

    [Theory]
    [InlineData("1.0", "1.0.0.0", 0)]
    [InlineData("1.0.0-BETA", "1.0.0-beta", 0)]
    [InlineData("1.0.0+meta", "1.0.0", 0)]
    [InlineData("1.0.0-alpha", "1.0.0", -1)]
    [InlineData("1.0.0.1", "1.0.0", 1)]
    public void Compares(string a, string b, int expected) => Assert.Equal(expected, Math.Sign(NuGet.Compare(a, b)));

    [Theory]
    [InlineData("1.5.0", "[1.0,2.0)", true)]
    [InlineData("2.0.0", "[1.0,2.0)", false)]
    [InlineData("3.0.0", "1.0", true)]
    [InlineData("0.9.0", "1.0", false)]
    [InlineData("1.0.0", "[1.0.0]", true)]
    public void Satisfies_ranges(string version, string range, bool expected) => Assert.Equal(expected, NuGet.Satisfies(version, range));

    [Fact]
    public void Invalid_input_throws_format_exceptions()
    {
        Assert.False(NuGet.IsValid("1.0.0-"));
        Assert.Throws<FormatException>(() => NuGet.Compare("not", "1.0"));
        Assert.Throws<FormatException>(() => NuGet.Satisfies("1.0", "[2.0,1.0]"));
        Assert.Equal("1.0.0", NuGet.Normalize("1.0"));
    }
}
