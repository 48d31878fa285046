using System.Text;
using Palisade.Secrets.Engine;
using Palisade.Secrets.Rules;

namespace Palisade.Secrets.Tests;

/// <summary>
/// The byte path (keywords found in UTF-8, only the ranges around them decoded) reports exactly what the text path
/// reports: same rules, secrets, lines and columns, on every rule's samples, on long minified lines, around multi-byte
/// characters and with inline-allow comments far from the secret on a long line.
/// </summary>
public sealed class Utf8DetectorTests
{
    private static readonly SecretRuleSet Set = new(BuiltinRules.All);

    private static string Describe(IEnumerable<SecretMatch> ms) =>
        string.Join("\n", ms.Select(m => $"{m.Rule.Id} {m.StartLine}:{m.StartColumn}-{m.EndLine}:{m.EndColumn} {m.Secret}").Order(StringComparer.Ordinal));

    private static void AssertSame(string text, string path = "config.txt")
    {
        var expected = Describe(SecretDetector.Detect(Set, text, path));
        var actual = Describe(SecretDetector.DetectUtf8(Set, Encoding.UTF8.GetBytes(text), path));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Every_sample_of_every_rule_gives_the_same_findings()
    {
        foreach (var s in BuiltinRuleSamples.All.Values)
        {
            foreach (var p in s.Positives) AssertSame(p.Text, p.Path);
            foreach (var n in s.Negatives) AssertSame(n);
        }
    }

    [Fact]
    public void Samples_inside_a_long_minified_line_with_multibyte_characters_give_the_same_findings()
    {
        var filler = new StringBuilder();
        var g = new TokenGenerator(77);
        while (filler.Length < 40_000) filler.Append("var é").Append(g.Of(TokenGenerator.Alnum, 6)).Append("=\"日本語🙂\";function(t){return t.token}");
        foreach (var s in BuiltinRuleSamples.All.Values)
            foreach (var p in s.Positives.Where(p => !p.Text.Contains('\n', StringComparison.Ordinal)))
            {
                var text = filler + ";" + p.Text + ";" + filler + "\nnext line " + p.Text + "\n";
                AssertSame(text, p.Path);
                Assert.Contains(SecretDetector.DetectUtf8(Set, Encoding.UTF8.GetBytes(text), p.Path), m => m.Rule.Id == s.RuleId && m.Secret == p.Secret && m.StartLine == 1);
            }
    }

    [Fact]
    public void The_same_keyword_far_apart_on_one_line_finds_every_secret()
    {
        var g = new TokenGenerator(78);
        var tokens = Enumerable.Range(0, 12).Select(_ => "ghp_" + g.Of(TokenGenerator.Alnum, 36)).ToList();
        var line = string.Join(new string(' ', 3000) + "ghp_x ", tokens.Select(t => $"a=\"{t}\";"));
        var found = SecretDetector.DetectUtf8(Set, Encoding.UTF8.GetBytes(line), "min.js").Where(m => m.Rule.Id == "github-pat").Select(m => m.Secret).ToList();
        Assert.Equal(tokens, found);
        AssertSame(line, "min.js");
    }

    [Fact]
    public void An_inline_allow_comment_far_away_on_a_long_line_still_suppresses()
    {
        var g = new TokenGenerator(79);
        var line = "const t = \"ghp_" + g.Of(TokenGenerator.Alnum, 36) + "\";" + new string(' ', 30_000) + "// palisade:allow";
        Assert.Empty(SecretDetector.DetectUtf8(Set, Encoding.UTF8.GetBytes(line), "a.js"));
        AssertSame(line, "a.js");
    }

    [Fact]
    public void Invalid_utf8_around_secrets_gives_the_findings_of_the_decoded_text()
    {
        var g = new TokenGenerator(80);
        var token = "ghp_" + g.Of(TokenGenerator.Alnum, 36);
        byte[][] junk = [[0xC3], [0xFF, 0xFE], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80], [0x80, 0x80, 0x80]];
        foreach (var j in junk)
        {
            var bytes = j.Concat(Encoding.UTF8.GetBytes($" t = \"{token}\" ")).Concat(j).Concat("\npassword = \"x9Qk2LmP#41\"\n"u8.ToArray()).Concat(j).ToArray();
            var expected = Describe(SecretDetector.Detect(Set, Encoding.UTF8.GetString(bytes), "a.txt"));
            Assert.Equal(expected, Describe(SecretDetector.DetectUtf8(Set, bytes, "a.txt")));
            Assert.Contains("github-pat", expected, StringComparison.Ordinal);
        }
    }
}
