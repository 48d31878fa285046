namespace Palisade.Policy.Tests.Variables;

/// <summary>regex_match, regex_replace_all(_literal), pattern_match: Go regular expression semantics, linear time.</summary>
public sealed class RegexFunctionTests
{
    [Theory]
    [InlineData("regex_match('^[1-7]$', `1`)", "true")]
    [InlineData("regex_match('^[1-7]$', '1')", "true")]
    [InlineData("regex_match('^[1-7]$', '8')", "false")]
    [InlineData("regex_match('ell', 'hello')", "true")]
    [InlineData("regex_match('^\\d+$', '١٢٣')", "false")]
    [InlineData("regex_match('^\\d+$', '123')", "true")]
    [InlineData("regex_match('^[[:alpha:]]+$', 'abcXYZ')", "true")]
    [InlineData("regex_match('^(?P<major>\\d+)\\.\\d+$', '1.2')", "true")]
    [InlineData("regex_match('\\Qa.b\\E', 'a.b')", "true")]
    [InlineData("regex_match('\\Qa.b\\E', 'axb')", "false")]
    [InlineData("regex_match('^v[0-9].[0-9].[0-9]$', 'v1.2.3')", "true")]
    [InlineData("regex_match('^v[0-9].[0-9].[0-9]$', 'empty')", "false")]
    [InlineData("regex_match('^[0-9]+%$', '25%')", "true")]
    [InlineData("regex_match('^([5-9][0-9]|100)%$', '50%')", "true")]
    [InlineData("regex_match('\\bps\\b', 'ps aux')", "true")]
    [InlineData("regex_match('\\bps\\b', 'psql')", "false")]
    public void Match(string expression, string expected) => Assert.Equal(expected, Jp.Json(expression));

    [Fact]
    public void Dollar_is_end_of_text_unless_multiline()
    {
        Assert.Equal("false", Jp.Json("regex_match('^a$', s)", """{"s": "a\n"}"""));
        Assert.Equal("true", Jp.Json("regex_match('(?m)^b$', s)", """{"s": "a\nb\nc"}"""));
    }

    [Fact]
    public void Documented_cron_pattern_matches_a_cron_schedule()
    {
        const string cron = @"^((?:\*|[0-5]?[0-9](?:(?:-[0-5]?[0-9])|(?:,[0-5]?[0-9])+)?)(?:\/[0-9]+)?)\s+((?:\*|(?:1?[0-9]|2[0-3])(?:(?:-(?:1?[0-9]|2[0-3]))|(?:,(?:1?[0-9]|2[0-3]))+)?)(?:\/[0-9]+)?)\s+((?:\*|(?:[1-9]|[1-2][0-9]|3[0-1])(?:(?:-(?:[1-9]|[1-2][0-9]|3[0-1]))|(?:,(?:[1-9]|[1-2][0-9]|3[0-1]))+)?)(?:\/[0-9]+)?)\s+((?:\*|(?:[1-9]|1[0-2])(?:(?:-(?:[1-9]|1[0-2]))|(?:,(?:[1-9]|1[0-2]))+)?)(?:\/[0-9]+)?)\s+((?:\*|[0-7](?:-[0-7]|(?:,[0-7])+)?)(?:\/[0-9]+)?)$";
        Assert.Equal("true", Jp.Json($"regex_match('{cron}', '*/5 0 * * 1-5')"));
        Assert.Equal("false", Jp.Json($"regex_match('{cron}', 'every day')"));
    }

    [Theory]
    [InlineData("regex_replace_all('([0-9])([0-9])', 'hello im 42 months old', '${1}1')", "\"hello im 41 months old\"")]
    [InlineData("regex_replace_all('([0-9])([0-9])', 'days_37', '${1}0')", "\"days_30\"")]
    [InlineData("regex_replace_all('^docker.io/(.*)$', 'docker.io/nginx:latest', 'harbor.corp.org/$1')", "\"harbor.corp.org/nginx:latest\"")]
    [InlineData("regex_replace_all('(?P<first>\\w+) (?P<second>\\w+)', 'hello world', '$second $first')", "\"world hello\"")]
    [InlineData("regex_replace_all('(a)', 'a', '$1x')", "\"\"")]
    [InlineData("regex_replace_all('(a)', 'a', '${1}x')", "\"ax\"")]
    [InlineData("regex_replace_all('a', 'a', '$$')", "\"$\"")]
    [InlineData("regex_replace_all('a*', 'baaac', '-')", "\"-b-c-\"")]
    [InlineData("regex_replace_all('([0-9])', `123`, `9`)", "\"999\"")]
    [InlineData("regex_replace_all_literal('^(\\d{3}-?\\d{2}-?\\d{4})$', '123-45-6789', 'redacted')", "\"redacted\"")]
    [InlineData("regex_replace_all_literal('^[^/]+', 'docker.io/nginx:latest', 'myregistry.corp.com')", "\"myregistry.corp.com/nginx:latest\"")]
    [InlineData("regex_replace_all_literal('(a)', 'a', '$1')", "\"$1\"")]
    public void Replace(string expression, string expected) => Assert.Equal(expected, Jp.Json(expression));

    [Theory]
    [InlineData("regex_match('(a', 'a')", "error parsing regexp")]
    [InlineData("regex_match('(a)\\1', 'aa')", "invalid escape sequence")]
    [InlineData("regex_match('(?=a)', 'a')", "error parsing regexp")]
    [InlineData("regex_match('a{1001}', 'a')", "invalid repeat count")]
    [InlineData("regex_match('a', `true`)", "argument #2 must be a string or a number")]
    [InlineData("regex_replace_all('[', 'a', 'b')", "error parsing regexp")]
    public void Invalid_patterns_are_errors(string expression, string message) =>
        Assert.Contains(message, Jp.Error(expression).Message, StringComparison.Ordinal);

    [Fact]
    public void Catastrophic_backtracking_patterns_run_in_linear_time()
    {
        var input = new string('a', 50_000) + "!";
        Assert.Equal("false", Jp.Json("regex_match('^(a+)+$', s)", $$"""{"s": "{{input}}"}"""));
        Assert.Equal("false", Jp.Json("regex_match('^(a|aa)*$', s)", $$"""{"s": "{{input}}"}"""));
        Assert.Equal("false", Jp.Json("regex_match('(x+x+)+y', s)", $$"""{"s": "{{new string('x', 20_000)}}"}"""));
        Assert.Equal("\"b!\"", Jp.Json("regex_replace_all('(a+)+', s, 'b')", $$"""{"s": "{{input}}"}"""));
    }

    [Theory]
    [InlineData("pattern_match('158-7?-4*', '158-73-417')", "true")]
    [InlineData("pattern_match('158-6?-3*', '158-73-417')", "false")]
    [InlineData("pattern_match('*', '')", "true")]
    [InlineData("pattern_match('', '')", "true")]
    [InlineData("pattern_match('', 'a')", "false")]
    [InlineData("pattern_match('a?c', 'abc')", "true")]
    [InlineData("pattern_match('a?c', 'ac')", "false")]
    [InlineData("pattern_match('1*', `12`)", "true")]
    [InlineData("pattern_match('*.mycompany.com', 'a.mycompany.com')", "true")]
    [InlineData("pattern_match('A*', 'abc')", "false")]
    public void Pattern_match_uses_wildcards(string expression, string expected) => Assert.Equal(expected, Jp.Json(expression));

    [Fact]
    public void Wildcard_matching_is_not_exponential() =>
        Assert.Equal("false", Jp.Json("pattern_match('*a*a*a*a*a*a*a*a*a*a*a*b', s)", $$"""{"s": "{{new string('a', 20_000)}}"}"""));
}
