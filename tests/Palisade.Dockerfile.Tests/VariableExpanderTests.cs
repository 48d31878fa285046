using Palisade.Dockerfile.Parsing;

namespace Palisade.Dockerfile.Tests;

public sealed class VariableExpanderTests
{
    private static readonly Dictionary<string, string> Vars = new(StringComparer.Ordinal)
    {
        ["A"] = "1",
        ["EMPTY"] = "",
        ["NAME"] = "node",
        ["B"] = "two",
    };

    private static string? Lookup(string name) => Vars.TryGetValue(name, out var v) ? v : null;

    [Theory]
    [InlineData("$A", "1")]
    [InlineData("${A}", "1")]
    [InlineData("x$A-y", "x1-y")]
    [InlineData("$NAME:${A}", "node:1")]
    [InlineData("$UNSET", "")]
    [InlineData("${UNSET}", "")]
    [InlineData("no variables", "no variables")]
    [InlineData("$", "$")]
    [InlineData("a$ b", "a$ b")]
    [InlineData("${A", "${A")]
    public void Plain_variables(string text, string expected) => Assert.Equal(expected, VariableExpander.Expand(text, Lookup));

    [Theory]
    [InlineData("${A:-d}", "1")]
    [InlineData("${UNSET:-d}", "d")]
    [InlineData("${EMPTY:-d}", "d")]
    [InlineData("${EMPTY-d}", "")]
    [InlineData("${UNSET-d}", "d")]
    [InlineData("${A:+alt}", "alt")]
    [InlineData("${EMPTY:+alt}", "")]
    [InlineData("${EMPTY+alt}", "alt")]
    [InlineData("${UNSET+alt}", "")]
    [InlineData("${UNSET:-}", "")]
    public void Defaults_and_alternatives(string text, string expected) => Assert.Equal(expected, VariableExpander.Expand(text, Lookup));

    [Theory]
    [InlineData("${UNSET:-${B}}", "two")]
    [InlineData("${UNSET:-${ALSO_UNSET:-deep}}", "deep")]
    [InlineData("${A:+${NAME}-${B}}", "node-two")]
    [InlineData("${UNSET:-$NAME:${A:-0}}", "node:1")]
    [InlineData("pre-${UNSET:-${EMPTY:-x}}-post", "pre-x-post")]
    public void Nested_defaults(string text, string expected) => Assert.Equal(expected, VariableExpander.Expand(text, Lookup));

    [Theory]
    [InlineData("\\$A", "$A")]
    [InlineData("\\${A}", "${A}")]
    [InlineData("\\\\$A", "\\\\1")]
    [InlineData("C:\\dir\\$A", "C:\\dir$A")]
    [InlineData("'$A' \"$A\"", "'$A' \"1\"")]
    [InlineData("\"it's $A\"", "\"it's 1\"")]
    public void Escapes_and_quotes(string text, string expected) => Assert.Equal(expected, VariableExpander.Expand(text, Lookup));

    [Fact]
    public void The_backtick_escape_protects_dollar_and_leaves_backslashes_alone()
    {
        Assert.Equal("$A C:\\1", VariableExpander.Expand("`$A C:\\$A", Lookup, '`'));
    }

    [Fact]
    public void Keep_unset_leaves_plain_unset_variables_as_written_but_resolves_defaults()
    {
        Assert.Equal("node:${V}-$W-1-d", VariableExpander.Expand("node:${V}-$W-$A-${V:-d}", Lookup, '\\', keepUnset: true));
    }

    [Fact]
    public void Very_deep_nesting_does_not_overflow()
    {
        var text = string.Concat(Enumerable.Repeat("${U:-", 5000)) + "x" + new string('}', 5000);
        var result = VariableExpander.Expand(text, Lookup);
        Assert.NotNull(result);
    }
}
