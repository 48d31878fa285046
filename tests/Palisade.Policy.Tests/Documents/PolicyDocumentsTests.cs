using Newtonsoft.Json.Linq;
using Palisade.Policy.Documents;

namespace Palisade.Policy.Tests.Documents;

public sealed class PolicyDocumentsTests
{
    [Fact]
    public void Yaml_scalars_keep_their_types()
    {
        var doc = Assert.Single(PolicyDocuments.ReadAll("a: 1\nb: \"1\"\nc: true\nd: null\ne: 1.5\nf: [x, 2]\ng: ~\n", "t.yaml"));
        Assert.Equal(JTokenType.Integer, doc["a"]!.Type);
        Assert.Equal(JTokenType.String, doc["b"]!.Type);
        Assert.Equal(JTokenType.Boolean, doc["c"]!.Type);
        Assert.Equal(JTokenType.Null, doc["d"]!.Type);
        Assert.Equal(JTokenType.Float, doc["e"]!.Type);
        Assert.Equal(new JArray("x", 2L), doc["f"]);
        Assert.Equal(JTokenType.Null, doc["g"]!.Type);
    }

    [Fact]
    public void Several_documents_are_read_in_order_and_empty_ones_skipped()
    {
        var docs = PolicyDocuments.ReadAll("---\nkind: A\n---\n---\nkind: B\n", "t.yaml");
        Assert.Equal(["A", "B"], docs.Select(d => (string?)d["kind"]));
    }

    [Fact]
    public void A_broken_document_names_the_file_and_line()
    {
        var e = Assert.Throws<PolicyDocumentException>(() => PolicyDocuments.ReadAll("a: 1\nb: [\n", "bad.yaml"));
        Assert.StartsWith("bad.yaml:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_bomb_is_an_error_not_a_hang()
    {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n" +
            "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n" +
            "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
        Assert.Throws<PolicyDocumentException>(() => PolicyDocuments.ReadAll(bomb, "bomb.yaml"));
    }
}
