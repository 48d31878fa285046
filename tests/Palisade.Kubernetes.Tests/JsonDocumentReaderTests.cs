using System.Text;
using Palisade.Kubernetes.Yaml;

namespace Palisade.Kubernetes.Tests;

public sealed class JsonDocumentReaderTests
{
    private static YNode Read(string json) => JsonDocumentReader.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Reads_values_and_lines()
    {
        var root = Read("{\n  \"kind\": \"Pod\",\n  \"spec\": {\n    \"hostNetwork\": true,\n    \"n\": 3,\n    \"f\": 1.5,\n    \"z\": null\n  }\n}\n");
        Assert.Equal("Pod", root.Get("kind").Text());
        Assert.True(root.Get("spec", "hostNetwork").Bool());
        Assert.Equal(3, root.Get("spec", "n").Int());
        Assert.Equal(YScalarKind.Float, ((YScalar)root.Get("spec", "f")!).Kind);
        Assert.True(root.Get("spec", "z")!.IsNull);
        Assert.Equal(3, root.Get("spec")!.StartLine);
        Assert.Equal(8, root.Get("spec")!.EndLine);
        Assert.Equal(4, root.Get("spec", "hostNetwork")!.StartLine);
    }

    [Fact]
    public void Duplicate_keys_are_an_error()
    {
        var e = Assert.Throws<DocumentException>(() => Read("{\"a\": 1,\n \"a\": 2}"));
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Malformed_json_is_an_error_with_a_line()
    {
        var e = Assert.Throws<DocumentException>(() => Read("{\n\"a\": 1,\n\"b\": }"));
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void Deep_nesting_is_an_error()
    {
        Assert.Throws<DocumentException>(() => Read(new string('[', 10_000) + new string(']', 10_000)));
    }

    [Fact]
    public void Byte_order_mark_and_comments_are_accepted()
    {
        var root = Read("\uFEFF{ // comment\n \"a\": [1, 2,],\n}");
        Assert.Equal(2, ((YSequence)root.Get("a")!).Count);
    }
}
