using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Palisade.Policy.Patterns;

namespace Palisade.Policy.Tests.Patterns;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("1Gi", "1024Mi")]
    [InlineData("1Gi", "1073741824")]
    [InlineData("1Ki", "1024")]
    [InlineData("1Mi", "1048576")]
    [InlineData("1k", "1000")]
    [InlineData("500m", "0.5")]
    [InlineData("0.1", "100m")]
    [InlineData("1e3", "1k")]
    [InlineData("1E3", "1000")]
    [InlineData("2e+3", "2k")]
    [InlineData("1.5e3", "1500")]
    [InlineData("1E", "1e18")]
    [InlineData("1P", "1e15")]
    [InlineData("1n", "0.000000001")]
    [InlineData("1u", "1000n")]
    [InlineData("1.5Gi", "1536Mi")]
    [InlineData("1.5Gi", "1610612736")]
    [InlineData(".5", "500m")]
    [InlineData(".001", "1m")]
    [InlineData(".0001k", "100m")]
    [InlineData("1.", "1")]
    [InlineData("1.G", "1G")]
    [InlineData("+1", "1")]
    [InlineData("-1", "-1000m")]
    [InlineData("007", "7")]
    [InlineData("0", "-0")]
    [InlineData("0", "0Gi")]
    [InlineData("0", "-")]
    [InlineData("0", "+")]
    [InlineData("0", ".")]
    [InlineData("1n", "0.0000000001")] // below a nano: rounded up
    [InlineData("1n", "1e-10")]
    [InlineData("-1n", "-0.0000000001")]
    [InlineData("0.1n", "0.3n")]
    [InlineData("2n", "0.000000000001Ki")]
    [InlineData("9223372036854775807", "8Ei")] // capped at 2^63-1
    [InlineData("9223372036854775807", "99999999999999999999999999999")]
    public void Equal_values_compare_equal(string a, string b)
    {
        var x = Quantity.Parse(a);
        var y = Quantity.Parse(b);
        Assert.Equal(x, y);
        Assert.Equal(0, x.CompareTo(y));
        Assert.True(x == y);
        Assert.Equal(x.GetHashCode(), y.GetHashCode());
    }

    [Theory]
    [InlineData("512Mi", "1Gi")]
    [InlineData("500m", "1")]
    [InlineData("250m", "0.5")]
    [InlineData("1G", "1Gi")]
    [InlineData("100Mi", "128Mi")]
    [InlineData("2Gi", "3000000000")]
    [InlineData("-1", "0")]
    [InlineData("-2Gi", "-1Gi")]
    [InlineData("999m", "1")]
    [InlineData("1Ti", "1.1T")]
    public void Smaller_values_compare_smaller(string small, string large)
    {
        var a = Quantity.Parse(small);
        var b = Quantity.Parse(large);
        Assert.True(a < b);
        Assert.True(b > a);
        Assert.True(a <= b && b >= a && a != b);
        Assert.Equal(-1, a.CompareTo(b));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.1.M")]
    [InlineData("1+1.0M")]
    [InlineData("0.1mi")]
    [InlineData("0.1am")]
    [InlineData("aoeu")]
    [InlineData(".5i")]
    [InlineData("1i")]
    [InlineData("-3.01i")]
    [InlineData("-3.01e-")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1 Gi")]
    [InlineData("1KB")]
    [InlineData("1K")]
    [InlineData("1mi")]
    [InlineData("1e")]
    [InlineData("1e1.5")]
    [InlineData("1.2.3")]
    [InlineData("1-10")]
    [InlineData("1h")]
    [InlineData("?*")]
    [InlineData("true")]
    [InlineData("0x10")]
    [InlineData("1,5")]
    public void Rejects_what_kubernetes_rejects(string text)
    {
        Assert.False(Quantity.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Quantity.Parse(text));
    }

    [Fact]
    public void Keeps_its_text_and_exact_value()
    {
        var q = Quantity.Parse("1.5Gi");
        Assert.Equal("1.5Gi", q.ToString());
        Assert.Equal("1.5Gi", q.Text);
        Assert.Equal(BigInteger.Parse("1610612736000000000", System.Globalization.CultureInfo.InvariantCulture), q.Nanos);
        Assert.Equal(BigInteger.Parse("500000000", System.Globalization.CultureInfo.InvariantCulture), Quantity.Parse("500m").Nanos);
        Assert.False(Quantity.TryParse(null, out _));
        Assert.Throws<ArgumentNullException>(() => Quantity.Parse(null!));
        Assert.False(Quantity.Parse("1").Equals("1"));
        Assert.True(Quantity.Parse("1").Equals((object)Quantity.Parse("1000m")));
    }

    [Fact]
    public void Huge_exponents_and_long_digit_strings_are_read_without_trouble()
    {
        Assert.True(Quantity.Parse("1e2147483647") > Quantity.Parse("8Ei")); // the exact path is not capped
        Assert.True(Quantity.Parse("-1e2147483647") < Quantity.Parse("-8Ei"));
        Assert.Equal(Quantity.Parse("1n"), Quantity.Parse("1e-2147483648"));
        Assert.True(Quantity.TryParse(new string('9', 200_000), out var big));
        Assert.Equal(Quantity.Parse("9223372036854775807"), big);
        Assert.True(Quantity.TryParse("0." + new string('0', 200_000) + "1", out var tiny));
        Assert.Equal(Quantity.Parse("1n"), tiny);
        Assert.True(Quantity.TryParse("1." + new string('0', 200_000) + "1Ki", out var binary));
        Assert.Equal(Quantity.Parse("1024000000001n"), binary);
        Assert.False(Quantity.TryParse(new string('1', 100_000) + "x", out _));
    }

    private static readonly string[] DecimalSuffixes = ["n", "u", "m", "", "k", "M", "G", "T", "P", "E"];
    private static readonly string[] BinarySuffixes = ["Ki", "Mi", "Gi", "Ti", "Pi"];

    [FsCheck.Xunit.Property(MaxTest = 1000)]
    public Property Decimal_suffixes_scale_by_powers_of_ten() =>
        Prop.ForAll(Gen.Choose(-100_000, 100_000).ToArbitrary(), Gen.Choose(0, DecimalSuffixes.Length - 1).ToArbitrary(), (n, s) =>
        {
            var exponent = (s - 3) * 3;
            var expected = n * BigInteger.Pow(10, exponent + 9);
            return Quantity.Parse(n + DecimalSuffixes[s]).Nanos == expected && Quantity.Parse($"{n}e{exponent}").Nanos == expected;
        });

    [FsCheck.Xunit.Property(MaxTest = 1000)]
    public Property Binary_suffixes_scale_by_powers_of_1024() =>
        Prop.ForAll(Gen.Choose(0, 8_000).ToArbitrary(), Gen.Choose(0, BinarySuffixes.Length - 1).ToArbitrary(), (n, s) =>
            Quantity.Parse(n + BinarySuffixes[s]).Nanos == n * BigInteger.Pow(1024, s + 1) * BigInteger.Pow(10, 9));

    [FsCheck.Xunit.Property(MaxTest = 1000)]
    public Property Comparison_agrees_with_the_numbers() =>
        Prop.ForAll(Gen.Choose(-1_000_000, 1_000_000).ToArbitrary(), Gen.Choose(-1_000_000, 1_000_000).ToArbitrary(), (a, b) =>
            Quantity.Parse(a + "m").CompareTo(Quantity.Parse(b + "m")) == a.CompareTo(b)
            && Quantity.Parse(a + "Mi").CompareTo(Quantity.Parse(b + "Ki")) == ((long)a * 1024).CompareTo(b));
}
