using FsCheck;
using FsCheck.Fluent;
using Palisade.Policy.Patterns;

namespace Palisade.Policy.Tests.Patterns;

public sealed class WildcardTests
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("*", "anything", true)]
    [InlineData("", "", true)]
    [InlineData("", "x", false)]
    [InlineData("?", "", false)]
    [InlineData("?", "a", true)]
    [InlineData("?", "ab", false)]
    [InlineData("?*", "", false)]
    [InlineData("?*", "1Gi", true)]
    [InlineData("*?", "x", true)]
    [InlineData("*:*", "nginx:1.25", true)]
    [InlineData("*:*", "nginx", false)]
    [InlineData("*:latest", "nginx:latest", true)]
    [InlineData("*:latest", "nginx:latest2", false)]
    [InlineData("*@*", "ghcr.io/app@sha256:abc", true)]
    [InlineData("eu.foo.io/*", "eu.foo.io/team/app:1", true)]
    [InlineData("eu.foo.io/*", "eu.foo.iox/app", false)]
    [InlineData("*tiller*", "gcr.io/kubernetes-helm/tiller:v2", true)]
    [InlineData("*.mycompany.com", "api.mycompany.com", true)]
    [InlineData("*.mycompany.com", "mycompany.com", false)]
    [InlineData("pod-security.kubernetes.io/*", "pod-security.kubernetes.io/enforce", true)]
    [InlineData("a*b*c", "abc", true)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "acb", false)]
    [InlineData("a**b", "ab", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("*a?b*", "xxa-bxx", true)]
    [InlineData("ab", "AB", false)]
    [InlineData("localhost/*", "localhost/foo", true)]
    [InlineData("runtime/default", "runtime/default", true)]
    public void Matches_like_kyverno(string pattern, string text, bool expected) =>
        Assert.Equal(expected, Wildcard.Match(pattern, text));

    [Fact]
    public void Question_mark_is_one_code_point_not_one_utf16_unit()
    {
        Assert.True(Wildcard.Match("?", "😀"));
        Assert.True(Wildcard.Match("a?c", "a😀c"));
        Assert.False(Wildcard.Match("??", "😀"));
        Assert.True(Wildcard.Match("*😀", "x😀"));
    }

    [Fact]
    public void Wildcard_characters_in_the_text_are_plain_characters()
    {
        Assert.True(Wildcard.Match("a?", "a*"));
        Assert.False(Wildcard.Match("a*b", "a?c"));
        Assert.True(Wildcard.Match("*", "*?"));
    }

    [Theory]
    [InlineData("app.kubernetes.io/*", true)]
    [InlineData("a?", true)]
    [InlineData("plain-key", false)]
    [InlineData("", false)]
    public void Contains_detects_wildcards(string value, bool expected) => Assert.Equal(expected, Wildcard.Contains(value));

    [Fact]
    public void Null_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => Wildcard.Match(null!, "x"));
        Assert.Throws<ArgumentNullException>(() => Wildcard.Match("x", null!));
        Assert.Throws<ArgumentNullException>(() => Wildcard.Contains(null!));
    }

    [Fact]
    public void Hostile_patterns_on_long_texts_finish()
    {
        var text = new string('a', 200_000);
        // Classic exponential-backtracking inputs for naive matchers.
        Assert.False(Wildcard.Match(string.Concat(Enumerable.Repeat("*a", 200)) + "*b", text));
        Assert.False(Wildcard.Match(string.Concat(Enumerable.Repeat("a*", 2_000)) + "b", text));
        Assert.True(Wildcard.Match("*" + new string('a', 5_000) + "*", text));
        Assert.False(Wildcard.Match("*" + new string('a', 5_000) + "b*", text));
        Assert.False(Wildcard.Match("*" + string.Concat(Enumerable.Repeat("a?", 3_000)) + "b*", text));
        Assert.True(Wildcard.Match("*" + string.Concat(Enumerable.Repeat("a?", 3_000)) + "*", text));
    }

    [Fact]
    public void A_long_piece_with_many_distinct_characters_finishes()
    {
        var piece = new string([.. Enumerable.Range(0, 4_000).Select(i => (char)(0x4E00 + i))]);
        var text = new string('x', 50_000) + piece + new string('y', 1_000);
        Assert.True(Wildcard.Match("*" + piece + "*", text));
        Assert.True(Wildcard.Match("*" + piece[..100] + "?" + piece[101..] + "*", text));
        Assert.False(Wildcard.Match("*" + piece + "z*", text));
    }

    private static readonly Gen<string> Patterns =
        Gen.Elements('a', 'b', '*', '?').ListOf().Select(cs => new string([.. cs.Take(12)]));

    private static readonly Gen<string> Texts =
        Gen.Elements('a', 'b').ListOf().Select(cs => new string([.. cs.Take(14)]));

    [FsCheck.Xunit.Property(MaxTest = 2000)]
    public Property Agrees_with_a_reference_matcher() =>
        Prop.ForAll(Patterns.ToArbitrary(), Texts.ToArbitrary(), (pattern, text) => Wildcard.Match(pattern, text) == Reference(pattern, text));

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public Property Every_text_matches_itself_and_a_star() =>
        Prop.ForAll(Texts.ToArbitrary(), text => Wildcard.Match(text, text) && Wildcard.Match("*", text) && Wildcard.Match(new string('?', text.Length), text));

    /// <summary>Dynamic programming over (pattern, text) prefixes: obviously right, quadratic.</summary>
    private static bool Reference(string pattern, string text)
    {
        var match = new bool[pattern.Length + 1, text.Length + 1];
        match[0, 0] = true;
        for (var i = 1; i <= pattern.Length; i++)
        {
            for (var j = 0; j <= text.Length; j++)
            {
                match[i, j] = pattern[i - 1] switch
                {
                    '*' => match[i - 1, j] || (j > 0 && match[i, j - 1]),
                    '?' => j > 0 && match[i - 1, j - 1],
                    var c => j > 0 && match[i - 1, j - 1] && text[j - 1] == c,
                };
            }
        }
        return match[pattern.Length, text.Length];
    }
}
