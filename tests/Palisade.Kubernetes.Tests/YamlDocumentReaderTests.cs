using System.Diagnostics;
using System.Text;
using Palisade.Kubernetes.Yaml;

namespace Palisade.Kubernetes.Tests;

public sealed class YamlDocumentReaderTests
{
    private static List<YamlDocumentReader.Document> Read(string yaml, DocumentLimits? limits = null) =>
        YamlDocumentReader.Read(new StringReader(yaml), limits).ToList();

    private static YNode Single(string yaml)
    {
        var docs = Read(yaml);
        Assert.Null(docs[^1].Error);
        return Assert.Single(docs).Root!;
    }

    [Theory]
    [InlineData("true", YScalarKind.Bool)]
    [InlineData("yes", YScalarKind.Bool)]
    [InlineData("On", YScalarKind.Bool)]
    [InlineData("n", YScalarKind.Bool)]
    [InlineData("FALSE", YScalarKind.Bool)]
    [InlineData("~", YScalarKind.Null)]
    [InlineData("null", YScalarKind.Null)]
    [InlineData("", YScalarKind.Null)]
    [InlineData("0", YScalarKind.Int)]
    [InlineData("-17", YScalarKind.Int)]
    [InlineData("0x1F", YScalarKind.Int)]
    [InlineData("017", YScalarKind.Int)]
    [InlineData("1_000", YScalarKind.Int)]
    [InlineData("1.5", YScalarKind.Float)]
    [InlineData("6.02e23", YScalarKind.Float)]
    [InlineData(".inf", YScalarKind.Float)]
    [InlineData("'true'", YScalarKind.String)]
    [InlineData("\"0\"", YScalarKind.String)]
    [InlineData("nginx:1.25", YScalarKind.String)]
    [InlineData("1.2.3", YScalarKind.String)]
    [InlineData("0.0.0.0/0", YScalarKind.String)]
    [InlineData("::1", YScalarKind.String)]
    [InlineData("100m", YScalarKind.String)]
    [InlineData("!!str 5", YScalarKind.String)]
    [InlineData("!!bool yes", YScalarKind.Bool)]
    public void Scalars_resolve_like_kubernetes_yaml(string text, YScalarKind kind)
    {
        var root = Single("v: " + text + "\n");
        Assert.Equal(kind, ((YScalar)root.Get("v")!).Kind);
    }

    [Fact]
    public void Typed_reads_give_values_only_for_matching_kinds()
    {
        var root = Single("a: yes\nb: 'yes'\nc: 0\nd: \"0\"\n");
        Assert.True(root.Get("a").Bool());
        Assert.Null(root.Get("b").Bool());
        Assert.Equal(0, root.Get("c").Int());
        Assert.Null(root.Get("d").Int());
        Assert.Equal("yes", root.Get("b").Text());
    }

    [Fact]
    public void Nodes_carry_start_and_end_lines()
    {
        const string yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    image: nginx\n    args: |\n      one\n      two\n  - name: b\n    image: busybox\n";
        var root = Single(yaml);
        Assert.Equal(1, root.StartLine);
        Assert.Equal(13, root.EndLine);
        var containers = (YSequence)root.Path("spec", "containers")!;
        Assert.Equal(7, containers[0].StartLine);
        Assert.Equal(11, containers[0].EndLine);
        Assert.Equal(12, containers[1].StartLine);
        Assert.Equal(13, containers[1].EndLine);
        Assert.Equal(6, ((YMapping)root.Get("spec")!).KeyLine("containers"));
    }

    [Fact]
    public void Several_documents_are_read_in_order_with_their_own_lines()
    {
        var docs = Read("a: 1\n---\nb: 2\n---\n# only a comment\n---\nc: 3\n");
        Assert.All(docs, d => Assert.Null(d.Error));
        Assert.Equal(4, docs.Count);
        Assert.Equal(3, docs[1].Root!.StartLine);
        Assert.True(docs[2].Root!.IsNull);
        Assert.Equal("3", docs[3].Root.Get("c").Text());
    }

    [Fact]
    public void Aliases_share_the_anchored_node_and_merge_keys_merge()
    {
        var root = Single("base: &b\n  x: 1\n  y: 2\nref: *b\nmerged:\n  <<: *b\n  y: 3\n");
        Assert.Same(root.Get("base"), root.Get("ref"));
        Assert.Equal("1", root.Get("merged", "x").Text());
        Assert.Equal("3", root.Get("merged", "y").Text());
    }

    [Fact]
    public void Duplicate_keys_are_an_error_with_the_line()
    {
        var docs = Read("spec:\n  privileged: false\n  privileged: true\n");
        var error = docs[^1].Error;
        Assert.NotNull(error);
        Assert.Contains("privileged", error!.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Unknown_alias_is_an_error()
    {
        var error = Read("a: *nowhere\n")[^1].Error;
        Assert.NotNull(error);
    }

    [Fact]
    public void Syntax_errors_are_reported_with_their_line()
    {
        var docs = Read("a: 1\n---\nb: [unclosed\nc: 2\n");
        Assert.Null(docs[0].Error);
        var error = docs[^1].Error;
        Assert.NotNull(error);
        Assert.InRange(error!.Line, 3, 5);
    }

    [Fact]
    public void Billion_laughs_is_refused_quickly_without_expanding()
    {
        var sb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 1; i < 12; i++)
        {
            var prev = (char)('a' + i - 1);
            var cur = (char)('a' + i);
            sb.Append(cur).Append(": &").Append(cur).Append(" [");
            sb.Append(string.Join(",", Enumerable.Repeat("*" + prev, 9)));
            sb.Append("]\n");
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        var error = Read(sb.ToString())[^1].Error;
        sw.Stop();
        Assert.NotNull(error);
        Assert.Contains("alias", error!.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 50_000_000, "the reader must not expand aliases");
    }

    [Fact]
    public void Wide_legitimate_alias_use_is_accepted()
    {
        var sb = new StringBuilder("common: &c {cpu: 100m, memory: 128Mi}\nitems:\n");
        for (var i = 0; i < 2000; i++) sb.Append("  - *c\n");
        Assert.Null(Read(sb.ToString())[^1].Error);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(100_000)]
    public void Deep_nesting_is_an_error_not_a_stack_overflow(int depth)
    {
        var yaml = new string('[', depth) + new string(']', depth);
        var error = Read(yaml)[^1].Error;
        Assert.NotNull(error);
    }

    [Fact]
    public void Nesting_within_the_limit_is_fine()
    {
        var yaml = new string('[', 200) + new string(']', 200);
        Assert.Null(Read(yaml)[^1].Error);
    }
}
