using System.Text;
using Palisade.Secrets.Engine;

namespace Palisade.Secrets.Tests;

/// <summary>The keyword automaton against a plain search, over text and over UTF-8 bytes (one chain and two).</summary>
public sealed class KeywordMatcherTests
{
    private static readonly string[] Keywords = ["token", "secret", "ghp_", "akia", "key-", "passw", "-us", "private key-----", "ken"];

    private static bool[] Expected(string text) =>
        Keywords.Select(k => text.Contains(k, StringComparison.OrdinalIgnoreCase)).ToArray();

    [Fact]
    public void Finds_the_same_keywords_as_a_plain_search_in_text_and_bytes_of_any_length()
    {
        var m = new KeywordMatcher(Keywords);
        var g = new TokenGenerator(11);
        for (var round = 0; round < 400; round++)
        {
            var length = round < 200 ? round * 3 : 4000 + (round * 97);
            var sb = new StringBuilder();
            while (sb.Length < length)
            {
                sb.Append(g.Of(TokenGenerator.Alnum + "  \n-_é", 1 + (sb.Length % 13)));
                if (g.Of("0123456789", 1) == "7") sb.Append(g.Of(TokenGenerator.Digits, 1) == "1" ? Keywords[sb.Length % Keywords.Length].ToUpperInvariant() : Keywords[sb.Length % Keywords.Length]);
            }
            var text = sb.ToString();
            var fromText = new bool[Keywords.Length];
            m.FindAll(text.AsSpan(), fromText);
            var fromBytes = new bool[Keywords.Length];
            m.FindAll(Encoding.UTF8.GetBytes(text), fromBytes, null);
            Assert.Equal(Expected(text), fromText);
            Assert.Equal(Expected(text), fromBytes);
        }
    }

    [Fact]
    public void A_keyword_across_the_middle_of_a_long_text_is_found_once_with_its_position()
    {
        var m = new KeywordMatcher(Keywords);
        for (var shift = -20; shift <= 20; shift++)
        {
            var bytes = new byte[10_000];
            Array.Fill(bytes, (byte)'x');
            var keyword = "private key-----"u8;
            var at = (bytes.Length / 2) + shift - (keyword.Length / 2);
            keyword.CopyTo(bytes.AsSpan(at));
            var found = new bool[Keywords.Length];
            var positions = new List<int>?[Keywords.Length];
            m.FindAll(bytes, found, positions);
            var k = Array.IndexOf(Keywords, "private key-----");
            Assert.True(found[k]);
            Assert.Equal([at + keyword.Length - 1], positions[k]!);
        }
    }

    [Fact]
    public void Positions_are_one_per_line_and_sorted_in_a_long_text()
    {
        var m = new KeywordMatcher(["token"]);
        var text = string.Concat(Enumerable.Range(0, 2000).Select(i => i % 3 == 0 ? "a token and a token\n" : "nothing here\n"));
        var bytes = Encoding.UTF8.GetBytes(text);
        var found = new bool[1];
        var positions = new List<int>?[1];
        m.FindAll(bytes, found, positions);
        var expected = new List<int>();
        var lineStart = 0;
        foreach (var line in text.Split('\n'))
        {
            var i = line.IndexOf("token", StringComparison.Ordinal);
            if (i >= 0) expected.Add(lineStart + i + 4);
            lineStart += line.Length + 1;
        }
        Assert.Equal(expected, positions[0]!);
    }
}
