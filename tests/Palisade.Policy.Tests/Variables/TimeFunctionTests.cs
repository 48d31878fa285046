using System.Text.RegularExpressions;

namespace Palisade.Policy.Tests.Variables;

/// <summary>The time_* functions with the documented examples (RFC 3339 in and out, Go layouts, Go durations).</summary>
public sealed partial class TimeFunctionTests
{
    [Theory]
    [InlineData("time_since('', '2022-04-10T03:14:05-07:00', '2022-04-11T03:14:05-07:00')", "\"24h0m0s\"")]
    [InlineData("time_since('Mon Jan _2 15:04:05 MST 2006', 'Mon Jan 02 15:04:05 MST 2021', 'Mon Jan 10 03:14:16 MST 2021')", "\"180h10m11s\"")]
    [InlineData("time_since('2006-Jan-02', '2020-Jan-14', '2020-Jan-17')", "\"72h0m0s\"")]
    [InlineData("time_since('', '2022-04-10T03:14:05.5Z', '2022-04-10T03:14:06Z')", "\"500ms\"")]
    [InlineData("time_add('2023-01-12T12:37:56-05:00', '6h')", "\"2023-01-12T18:37:56-05:00\"")]
    [InlineData("time_add('2023-01-12T12:37:56Z', '-90m')", "\"2023-01-12T11:07:56Z\"")]
    [InlineData("time_after('2023-01-12T14:07:55-05:00', '2023-01-12T19:05:59Z')", "true")]
    [InlineData("time_after('2023-01-12T19:05:59Z', '2023-01-13T19:05:59Z')", "false")]
    [InlineData("time_before('2023-01-12T19:05:59Z', '2023-01-13T19:05:59Z')", "true")]
    [InlineData("time_before('2023-01-12T19:05:59Z', '2023-01-11T19:05:59Z')", "false")]
    [InlineData("time_between('2023-01-12T19:05:59Z', '2023-01-01T19:05:59Z', '2023-01-15T19:05:59Z')", "true")]
    [InlineData("time_between('2023-01-12T19:05:59Z', '2023-01-01T19:05:59Z', '2023-01-11T19:05:59Z')", "false")]
    [InlineData("time_between('2023-01-01T19:05:59Z', '2023-01-01T19:05:59Z', '2023-01-11T19:05:59Z')", "false")]
    [InlineData("time_diff('2023-01-10T00:00:00Z', '2023-01-11T00:00:00Z')", "\"24h0m0s\"")]
    [InlineData("time_diff('2023-01-12T00:00:00Z', '2023-01-11T00:00:00Z')", "\"-24h0m0s\"")]
    [InlineData("time_parse('Mon Jan 02 2006 15:04:05 -0700', 'Fri Jun 22 2022 17:45:00 +0100')", "\"2022-06-22T17:45:00+01:00\"")]
    [InlineData("time_parse('2006-01-02T15:04:05Z07:00', '2021-01-02T15:04:05-07:00')", "\"2021-01-02T15:04:05-07:00\"")]
    [InlineData("time_parse('1702691171', '1702691171')", "\"2023-12-16T01:46:11Z\"")]
    [InlineData("time_parse('January 2, 2006 3:04 PM', 'March 7, 2021 11:30 PM')", "\"2021-03-07T23:30:00Z\"")]
    [InlineData("time_parse('02/01/06', '31/12/99')", "\"1999-12-31T00:00:00Z\"")]
    [InlineData("time_to_cron('2022-04-11T03:14:05-07:00')", "\"14 3 11 4 1\"")]
    [InlineData("time_truncate('2023-01-12T17:37:00Z', '1h')", "\"2023-01-12T17:00:00Z\"")]
    [InlineData("time_truncate('2023-01-12T17:37:00Z', '2h')", "\"2023-01-12T16:00:00Z\"")]
    [InlineData("time_truncate('2021-01-02T23:04:05Z', '2h')", "\"2021-01-02T22:00:00Z\"")]
    [InlineData("time_truncate('2021-01-02T23:04:05Z', '0s')", "\"2021-01-02T23:04:05Z\"")]
    [InlineData("time_utc('2021-01-02T18:04:05-05:00')", "\"2021-01-02T23:04:05Z\"")]
    [InlineData("time_utc('2021-01-02T02:04:05+08:30')", "\"2021-01-01T17:34:05Z\"")]
    [InlineData("time_utc(`\"2021-01-02T18:04:05-05:00\"`)", "\"2021-01-02T23:04:05Z\"")]
    [InlineData("parse_json('\"2021-01-02T18:04:05-05:00\"') | time_utc(@)", "\"2021-01-02T23:04:05Z\"")]
    public void Documented_results(string expression, string expected) => Assert.Equal(expected, Jp.Json(expression));

    [Fact]
    public void Now_is_rfc3339()
    {
        Assert.Matches(Rfc3339(), Jp.Eval("time_now()")!.ToString());
        Assert.Matches(UtcRfc3339(), Jp.Eval("time_now_utc()")!.ToString());
        Assert.Matches(CronPattern(), Jp.Eval("time_add(time_now_utc(), '4h') | time_to_cron(@)")!.ToString());
        Assert.Matches(Duration(), Jp.Eval("time_since('', '2022-04-10T03:14:05-07:00', '')")!.ToString());
    }

    [Theory]
    [InlineData("time_add('yesterday', '1h')", "parsing time \"yesterday\"")]
    [InlineData("time_add('2023-01-12T12:37:56Z', '5 minutes')", "time: ")]
    [InlineData("time_add('2023-01-12T12:37:56Z', '1x')", "unknown unit \"x\"")]
    [InlineData("time_parse('2006-01-02', '2021-02-30')", "day out of range")]
    [InlineData("time_parse('2006-01-02', '2021-01-02 extra')", "extra text")]
    [InlineData("time_parse('1', 'soon')", "invalid syntax")]
    [InlineData("time_to_cron(`1`)", "argument #1 must be a string")]
    [InlineData("time_now(`1`)", "invalid-arity")]
    [InlineData("time_add('9999-12-31T23:59:59Z', '1h')", "JMESPath function 'time_add'")]
    [InlineData("time_parse('1', '99999999999999')", "JMESPath function 'time_parse'")]
    public void Bad_times_are_errors(string expression, string message) =>
        Assert.Contains(message, Jp.Error(expression).Message, StringComparison.Ordinal);

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")]
    private static partial Regex Rfc3339();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")]
    private static partial Regex UtcRfc3339();

    [GeneratedRegex(@"^\d+ \d+ \d+ \d+ [0-6]$")]
    private static partial Regex CronPattern();

    [GeneratedRegex(@"^\d+h\d+m[\d.]+s$")]
    private static partial Regex Duration();
}
