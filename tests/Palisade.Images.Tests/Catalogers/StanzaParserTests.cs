using System.Text;
using Palisade.Images.Catalogers;

namespace Palisade.Images.Tests.Catalogers;

public sealed class StanzaParserTests
{
    [Fact]
    public void Paragraphs_are_split_on_blank_lines_and_keep_field_order()
    {
        var stanzas = StanzaParser.Parse("Package: a\nVersion: 1\n\n\nPackage: b\nVersion: 2\n");
        Assert.Equal(2, stanzas.Count);
        Assert.Equal("a", stanzas[0].Get("Package"));
        Assert.Equal("2", stanzas[1].Get("version"));  // dpkg keys ignore case by default
        Assert.Equal(5, stanzas[1].Line);
        Assert.Equal(["Package", "Version"], stanzas[0].Fields.Select(f => f.Key));
    }

    [Fact]
    public void Continuation_lines_and_a_multi_line_description_join_with_newlines()
    {
        const string text = "Package: tzdata\nDescription: time zone data\n This package contains data\n .\n\tand more\nHomepage: https://example.org\n";
        var s = Assert.Single(StanzaParser.Parse(text));
        Assert.Equal("time zone data\nThis package contains data\n\nand more", s.Get("Description"));
        Assert.Equal("https://example.org", s.Get("Homepage"));
    }

    [Fact]
    public void Conffiles_with_an_empty_first_line_are_kept()
    {
        var s = Assert.Single(StanzaParser.Parse("Package: x\nConffiles:\n /etc/a 0123\n /etc/b 4567\n"));
        Assert.Equal("\n/etc/a 0123\n/etc/b 4567", s.Get("Conffiles"));
    }

    [Fact]
    public void Crlf_a_bom_and_a_missing_trailing_newline_are_accepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("Package: a\r\nVersion: 1:2.0\r\n\r\nPackage: b\r\nVersion: 3")).ToArray();
        var stanzas = StanzaParser.Parse(bytes);
        Assert.Equal(2, stanzas.Count);
        Assert.Equal("a", stanzas[0].Get("Package"));
        Assert.Equal("1:2.0", stanzas[0].Get("Version"));
        Assert.Equal("3", stanzas[1].Get("Version"));
    }

    [Fact]
    public void Apk_style_single_letter_keys_are_case_sensitive_when_asked()
    {
        var s = Assert.Single(StanzaParser.Parse("P:musl\nV:1.2\np:so:libc.musl.so.1\na:0:0:755\nA:x86_64\n"));
        Assert.Equal("musl", s.Get("P", StringComparison.Ordinal));
        Assert.Equal("so:libc.musl.so.1", s.Get("p", StringComparison.Ordinal));
        Assert.Equal("x86_64", s.Get("A", StringComparison.Ordinal));
        Assert.Equal("0:0:755", s.Get("a", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n\n")]
    [InlineData("  \r\n\t\n")]
    public void Empty_input_gives_no_stanzas(string text) => Assert.Empty(StanzaParser.Parse(text));

    [Theory]
    [InlineData("this is not a database\n", 1)]
    [InlineData("Package: a\nno colon here\n", 2)]
    [InlineData(" leading continuation\n", 1)]
    [InlineData("Package: a\n: empty key\n", 2)]
    [InlineData("Bad Key: a\n", 1)]
    public void Garbage_raises_a_cataloger_exception_with_path_and_line(string text, int line)
    {
        var e = Assert.Throws<CatalogerException>(() => StanzaParser.Parse(text, "var/lib/dpkg/status"));
        Assert.Equal(line, e.Line);
        Assert.Equal("var/lib/dpkg/status", e.Path);
        Assert.StartsWith("var/lib/dpkg/status:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_content_is_refused()
    {
        var e = Assert.Throws<CatalogerException>(() => StanzaParser.Parse(new byte[] { 0x7F, 0x45, 0x4C, 0x46, 0, 1, 2 }, "x"));
        Assert.Contains("binary", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_bytes_never_escape_as_anything_but_a_cataloger_exception()
    {
        var random = new Random(20260801);
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            const string Alphabet = "P:ab \n\r\t:x.";
            if (i % 2 == 0) for (var j = 0; j < bytes.Length; j++) bytes[j] = (byte)Alphabet[bytes[j] % Alphabet.Length];
            try
            {
                StanzaParser.Parse(bytes, "fuzz");
            }
            catch (CatalogerException)
            {
            }
        }
    }
}
