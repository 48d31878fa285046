using FsCheck;
using FsCheck.Fluent;
using Palisade.Policy.Patterns;

namespace Palisade.Policy.Tests.Patterns;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("+0", 0L)]
    [InlineData("-0", 0L)]
    [InlineData("0s", 0L)]
    [InlineData("5s", 5_000_000_000L)]
    [InlineData("30s", 30_000_000_000L)]
    [InlineData("1478s", 1_478_000_000_000L)]
    [InlineData("-5s", -5_000_000_000L)]
    [InlineData("+5s", 5_000_000_000L)]
    [InlineData("5.0s", 5_000_000_000L)]
    [InlineData("5.6s", 5_600_000_000L)]
    [InlineData("5.s", 5_000_000_000L)]
    [InlineData(".5s", 500_000_000L)]
    [InlineData("1.0s", 1_000_000_000L)]
    [InlineData("1.00s", 1_000_000_000L)]
    [InlineData("1.004s", 1_004_000_000L)]
    [InlineData("100.00100s", 100_001_000_000L)]
    [InlineData("10ns", 10L)]
    [InlineData("11us", 11_000L)]
    [InlineData("12\u00b5s", 12_000L)]
    [InlineData("12\u03bcs", 12_000L)]
    [InlineData("13ms", 13_000_000L)]
    [InlineData("14s", 14_000_000_000L)]
    [InlineData("15m", 900_000_000_000L)]
    [InlineData("16h", 57_600_000_000_000L)]
    [InlineData("3h30m", 12_600_000_000_000L)]
    [InlineData("1h30m", 5_400_000_000_000L)]
    [InlineData("10.5s4m", 250_500_000_000L)]
    [InlineData("-2m3.4s", -123_400_000_000L)]
    [InlineData("1h2m3s4ms5us6ns", 3_723_004_005_006L)]
    [InlineData("39h9m14.425s", 140_954_425_000_000L)]
    [InlineData("52763797000ns", 52_763_797_000L)]
    [InlineData("0.3333333333333333333h", 1_200_000_000_000L)]
    [InlineData("9007199254740993ns", 9_007_199_254_740_993L)]
    [InlineData("9223372036854775807ns", long.MaxValue)]
    [InlineData("9223372036854775.807us", long.MaxValue)]
    [InlineData("9223372036s854ms775us807ns", long.MaxValue)]
    [InlineData("-9223372036854775808ns", long.MinValue)]
    [InlineData("-2562047h47m16.854775808s", long.MinValue)]
    [InlineData("0.100000000000000000000h", 360_000_000_000L)]
    [InlineData("0.830103483285477580700h", 2_988_372_539_827L)]
    [InlineData("4380h", 15_768_000_000_000_000L)]
    [InlineData("8h", 28_800_000_000_000L)]
    public void Parses_go_durations(string text, long nanoseconds)
    {
        Assert.True(Durations.TryParse(text, out var parsed));
        Assert.Equal(nanoseconds, parsed);
        Assert.Equal(nanoseconds, Durations.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("-")]
    [InlineData("s")]
    [InlineData(".")]
    [InlineData("-.")]
    [InlineData(".s")]
    [InlineData("+.s")]
    [InlineData("1d")]
    [InlineData("1h 30m")]
    [InlineData(" 1h")]
    [InlineData("1hh")]
    [InlineData("1.5")]
    [InlineData("1e3s")]
    [InlineData("9223372036854775808ns")]
    [InlineData("9223372036854775.808us")]
    [InlineData("9223372036854ms775us808ns")]
    [InlineData("-9223372036854775809ns")]
    [InlineData("2562048h")]
    [InlineData("99999999999999999999999h")]
    public void Rejects_what_go_rejects(string text)
    {
        Assert.False(Durations.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Durations.Parse(text));
    }

    [Fact]
    public void Null_is_not_a_duration()
    {
        Assert.False(Durations.TryParse(null, out _));
        Assert.Throws<ArgumentNullException>(() => Durations.Parse(null!));
    }

    [Fact]
    public void Converts_to_a_time_span() =>
        Assert.Equal(TimeSpan.FromMinutes(90), Durations.ToTimeSpan(Durations.Parse("1h30m")));

    [Fact]
    public void A_very_long_input_is_rejected_or_read_without_trouble()
    {
        Assert.False(Durations.TryParse(new string('9', 100_000) + "s", out _));
        Assert.True(Durations.TryParse("1." + new string('0', 100_000) + "1s", out var ns));
        Assert.Equal(1_000_000_000L, ns);
        Assert.False(Durations.TryParse(string.Concat(Enumerable.Repeat("2500000h", 100_000)), out _));
        Assert.True(Durations.TryParse(string.Concat(Enumerable.Repeat("1h", 100_000)), out var hours));
        Assert.Equal(100_000L * 3_600_000_000_000L, hours);
    }

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public Property Hours_minutes_and_seconds_add_up() =>
        Prop.ForAll(Gen.Choose(0, 100_000).ToArbitrary(), Gen.Choose(0, 59).ToArbitrary(), Gen.Choose(0, 59).ToArbitrary(), (h, m, s) =>
            Durations.Parse($"{h}h{m}m{s}s") == ((((long)h * 60) + m) * 60 + s) * 1_000_000_000L
            && Durations.Parse($"-{h}h{m}m{s}s") == -Durations.Parse($"{h}h{m}m{s}s"));
}
