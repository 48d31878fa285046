using Palisade.Cli.Tests.Infrastructure;

namespace Palisade.Cli.Tests;

/// <summary><c>palisade version cmp --scheme S</c>: JSON lines {"a","b"} on stdin, -1/0/1 per line on stdout.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class VersionCmpCliTests
{
    private static CliResult Cmp(string scheme, string stdin) => Runner.RunWithInput(stdin, "version", "cmp", "--scheme", scheme);

    [Fact]
    public void Compares_each_line()
    {
        var r = Cmp("deb", """
            {"a": "1.0-1", "b": "2.0-1"}
            {"a": "1:1.0", "b": "1:1.0-0"}
            {"a": "2.2-1", "b": "2.2~rc-4"}
            """);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("-1\n0\n1\n", r.Stdout);
        Assert.Equal("", r.Stderr);
    }

    [Theory]
    [InlineData("deb", "1.0~rc1", "1.0")]
    [InlineData("apk", "1.0_rc1", "1.0")]
    [InlineData("rpm", "1.0~rc1", "1.0")]
    [InlineData("semver", "1.0.0-rc.1", "1.0.0")]
    [InlineData("pep440", "1.0rc1", "1.0")]
    [InlineData("maven", "1.0-RC1", "1.0")]
    [InlineData("nuget", "1.0.0-rc.1", "1.0.0")]
    [InlineData("go", "v1.0.0-rc.1", "v1.0.0")]
    [InlineData("crates", "1.0.0-rc.1", "1.0.0")]
    public void Every_scheme_orders_a_release_candidate_first(string scheme, string a, string b)
    {
        var r = Cmp(scheme, $$"""{"a": "{{a}}", "b": "{{b}}"}""" + "\n" + $$"""{"a": "{{b}}", "b": "{{a}}"}""" + "\n");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("-1\n1\n", r.Stdout);
    }

    [Fact]
    public void Scheme_names_are_case_insensitive_and_blank_lines_are_skipped()
    {
        var r = Cmp("PEP440", "\n{\"a\": \"1.0\", \"b\": \"1.0.0\"}\n\n");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("0\n", r.Stdout);
    }

    [Fact]
    public void A_leading_byte_order_mark_and_crlf_line_ends_are_accepted()
    {
        var r = Cmp("crates", "\uFEFF{\"a\": \"1.0.0\", \"b\": \"1.0.1\"}\r\n{\"a\": \"2.0.0\", \"b\": \"1.0.1\"}\r\n");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("-1\n1\n", r.Stdout);
    }

    [Fact]
    public void Empty_input_prints_nothing() => Assert.Equal(new CliResult(0, "", ""), Cmp("go", ""));

    [Fact]
    public void Bad_json_exits_2_naming_the_line_after_the_earlier_results()
    {
        var r = Cmp("deb", "{\"a\": \"1\", \"b\": \"2\"}\n{\"a\": \"1\", \"b\": \n{\"a\": \"3\", \"b\": \"2\"}\n");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("-1\n", r.Stdout);
        Assert.Contains("line 2", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("invalid JSON", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\": \"1.0\"}", "missing field \"b\"")]
    [InlineData("{\"b\": \"1.0\"}", "missing field \"a\"")]
    [InlineData("{\"a\": 1, \"b\": \"1.0\"}", "field \"a\" must be a string")]
    [InlineData("[\"1.0\", \"2.0\"]", "expected a JSON object")]
    [InlineData("\"1.0\"", "expected a JSON object")]
    public void A_missing_or_bad_field_exits_2_naming_the_line(string line, string message)
    {
        var r = Cmp("rpm", "{\"a\": \"1\", \"b\": \"1\"}\n" + line + "\n");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("0\n", r.Stdout);
        Assert.Contains("line 2", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_the_scheme_rejects_exits_2_naming_the_line()
    {
        var r = Cmp("semver", "{\"a\": \"1.2.3\", \"b\": \"not a version\"}\n");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("", r.Stdout);
        Assert.Contains("line 1", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("not a version", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Schemes_that_order_anything_do_not_fail_on_odd_versions()
    {
        var r = Cmp("go", "{\"a\": \"not a version\", \"b\": \"v1.0.0\"}\n");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("-1\n", r.Stdout);
    }

    [Fact]
    public void Unknown_scheme_exits_2_listing_the_schemes()
    {
        var r = Cmp("cobol", "{\"a\": \"1\", \"b\": \"2\"}\n");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("", r.Stdout);
        Assert.Contains("unknown version scheme 'cobol'", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("pep440", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_scheme_option_exits_2()
    {
        var r = Runner.RunWithInput("{\"a\": \"1\", \"b\": \"2\"}\n", "version", "cmp");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--scheme", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Plain_version_still_prints_the_version()
    {
        var r = Runner.Run("version");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("palisade ", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_lines_stream_through()
    {
        var lines = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{{\"a\": \"1.{i}\", \"b\": \"1.{i + 1}\"}}\n"));
        var r = Cmp("maven", lines);
        Assert.True(r.ExitCode == 0, r.ToString()[..Math.Min(2000, r.ToString().Length)]);
        Assert.Equal(string.Concat(Enumerable.Repeat("-1\n", 20_000)), r.Stdout);
    }
}
