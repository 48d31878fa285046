using Palisade.Core.Findings;

namespace Palisade.Core.Tests;

public sealed class SeverityTests
{
    [Fact]
    public void Severities_are_ordered_from_unknown_to_critical()
    {
        Assert.True(Severity.Info > Severity.Unknown);
        Assert.True(Severity.Critical > Severity.High);
        Assert.True(Severity.High > Severity.Medium);
        Assert.True(Severity.Medium > Severity.Low);
        Assert.True(Severity.Low > Severity.Info);
        Assert.Equal(Enum.GetValues<Severity>().OrderDescending(), SeverityNames.Descending);
        Assert.Equal(6, SeverityNames.Descending.Count);
        Assert.Equal(Severity.Unknown, default);
    }

    [Theory]
    [InlineData(Severity.Critical, "CRITICAL")]
    [InlineData(Severity.High, "HIGH")]
    [InlineData(Severity.Medium, "MEDIUM")]
    [InlineData(Severity.Low, "LOW")]
    [InlineData(Severity.Info, "INFO")]
    public void Wire_names_round_trip(Severity severity, string wire)
    {
        Assert.Equal(wire, severity.ToWire());
        Assert.True(SeverityNames.TryParse(wire, out var parsed));
        Assert.Equal(severity, parsed);
        Assert.True(SeverityNames.TryParse(" " + wire.ToLowerInvariant() + " ", out parsed));
        Assert.Equal(severity, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("SEVERE")]
    [InlineData("CRIT")]
    [InlineData("4")]
    [InlineData("NEGLIGIBLE")]
    public void Unknown_names_do_not_parse(string? text) => Assert.False(SeverityNames.TryParse(text, out _));

    [Fact]
    public void An_undefined_severity_has_no_wire_name() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ((Severity)42).ToWire());
}
