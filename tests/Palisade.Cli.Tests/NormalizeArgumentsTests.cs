namespace Palisade.Cli.Tests;

public sealed class NormalizeArgumentsTests
{
    [Theory]
    [InlineData("config --exit-code dir", "config --exit-code=1 dir")]
    [InlineData("config --exit-code 3 dir", "config --exit-code 3 dir")]
    [InlineData("config --exit-code -3 dir", "config --exit-code -3 dir")] // left for the parser to reject
    [InlineData("config --exit-code 300 dir", "config --exit-code 300 dir")]
    [InlineData("config --exit-code -q dir", "config --exit-code -q dir")]
    [InlineData("config dir --exit-code", "config dir --exit-code")]
    [InlineData("config --exit-code=2 dir", "config --exit-code=2 dir")]
    [InlineData("config -- --exit-code dir", "config -- --exit-code dir")] // after "--" everything is a path
    [InlineData("config --exit-code x --exit-code y", "config --exit-code=1 x --exit-code=1 y")]
    public void Bare_exit_code_before_a_path_becomes_exit_code_1(string input, string expected) =>
        Assert.Equal(expected.Split(' '), Program.NormalizeArguments(input.Split(' ')));
}
