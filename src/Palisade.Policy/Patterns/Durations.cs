using System.Diagnostics.CodeAnalysis;

namespace Palisade.Policy.Patterns;

/// <summary>
/// Go's <c>time.ParseDuration</c> syntax, which Kyverno uses for durations: an optional sign, then one or more
/// decimal numbers each with a unit (<c>ns</c>, <c>us</c>/<c>µs</c>/<c>μs</c>, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>),
/// e.g. <c>300ms</c>, <c>-1.5h</c>, <c>2h45m</c>; the bare string <c>0</c> is zero. The result is in nanoseconds and
/// must fit a signed 64-bit integer, as Go's <c>time.Duration</c>.
/// </summary>
public static class Durations
{
    /// <summary>Parses a Go duration into nanoseconds; false if the text is not one or overflows.</summary>
    /// <remarks>One parser serves patterns, conditions and the JMESPath functions: <see cref="Variables.GoDuration"/>.</remarks>
    public static bool TryParse([NotNullWhen(true)] string? text, out long nanoseconds)
    {
        nanoseconds = 0;
        return text is not null && Variables.GoDuration.TryParse(text, out nanoseconds, out _);
    }

    /// <summary>Parses a Go duration into nanoseconds.</summary>
    /// <exception cref="FormatException">The text is not a Go duration or does not fit 64 bits of nanoseconds.</exception>
    public static long Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var ns) ? ns : throw new FormatException($"invalid duration \"{text}\"");
    }

    /// <summary>Nanoseconds as a <see cref="TimeSpan"/> (which counts 100 ns ticks, so the last two digits are dropped).</summary>
    public static TimeSpan ToTimeSpan(long nanoseconds) => TimeSpan.FromTicks(nanoseconds / 100);
}
