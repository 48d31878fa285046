using Palisade.Vulnerabilities.Versions;

namespace Palisade.Vulnerabilities.Tests.Versions;

public sealed class Pep440SchemeTests
{
    private static readonly Pep440Scheme Py = Pep440Scheme.Instance;

    [Theory]
    [InlineData("1.0", "1.0.0", 0)]
    [InlineData("1.0.dev1", "1.0a1", -1)]
    [InlineData("1.0a1", "1.0b1", -1)]
    [InlineData("1.0rc1", "1.0", -1)]
    [InlineData("1.0", "1.0.post1", -1)]
    [InlineData("1.0+local", "1.0", 1)]
    [InlineData("1.0+abc.5", "1.0+abc.abc", 1)]
    [InlineData("1!0.1", "2.0", 1)]
    [InlineData("1.0-1", "1.0.post1", 0)]
    [InlineData("V1.0C1", "1.0rc1", 0)]
    public void Compares(string a, string b, int expected) => Assert.Equal(expected, Math.Sign(Py.Compare(a, b)));

    [Theory]
    [InlineData("1.0-alpha.1", "1.0a1")]
    [InlineData("1.0.post", "1.0.post0")]
    [InlineData("  v1.0DEV  ", "1.0.dev0")]
    [InlineData("000!01.02+AbC-d_e", "1.2+abc.d.e")]
    public void Normalizes(string version, string normalized) => Assert.Equal(normalized, Py.Normalize(version));

    [Theory]
    [InlineData("1.0+")]
    [InlineData("1..0")]
    [InlineData("foo")]
    [InlineData("1.0 a1")]
    public void Rejects(string version)
    {
        Assert.False(Py.IsValid(version));
        Assert.Throws<FormatException>(() => Py.Compare(version, "1.0"));
        Assert.Throws<FormatException>(() => Py.Satisfies(version, ">=1.0"));
    }

    [Theory]
    [InlineData("1.4.5", "~=1.4.2", true)]
    [InlineData("1.5.0", "~=1.4.2", false)]
    [InlineData("1.9", "~=1.4", true)]
    [InlineData("1.4.0a1", ">=1.0,<2", true)]
    [InlineData("2.0a1", "<2.0", false)]
    [InlineData("1.0.post1", ">1.0", false)]
    [InlineData("1.1", ">1.0", true)]
    [InlineData("1.0+local", "==1.0", true)]
    [InlineData("1.0+local", "==1.0+other", false)]
    [InlineData("1.0.5", "==1.0.*", true)]
    [InlineData("1.1", "!=1.0.*", true)]
    [InlineData("foobar", "===foobar", true)]
    [InlineData("1.0", "", true)]
    public void Satisfies_specifier_sets(string version, string range, bool expected) => Assert.Equal(expected, Py.Satisfies(version, range));

    [Theory]
    [InlineData("~=1")]
    [InlineData(">=1.0.*")]
    [InlineData("=>1.0")]
    [InlineData("<1.0+local")]
    [InlineData("==1.0a1.*")]
    public void Bad_specifiers_throw(string range) => Assert.Throws<FormatException>(() => Py.Satisfies("1.0", range));

    [Fact]
    public void Prerelease_policy_can_be_explicit()
    {
        var set = Pep440SpecifierSet.Parse(">=1.0");
        Assert.True(set.Contains("2.0a1"));
        Assert.False(set.Contains("2.0a1", prereleases: false));
        Assert.Equal(["1.5"], set.Filter(["0.9", "1.5", "2.0a1"]));
        Assert.Equal(["2.0a1"], set.Filter(["0.9", "2.0a1"]));
    }
}
