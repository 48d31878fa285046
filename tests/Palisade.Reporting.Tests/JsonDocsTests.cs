using Palisade.Reporting.Json;

namespace Palisade.Reporting.Tests;

public class JsonDocsTests
{
    /// <summary>The example in docs/output-json.md is real output: reading and rewriting it gives the same text.</summary>
    [Fact]
    public void Docs_example_is_what_the_writer_writes()
    {
        var doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "output-json.md"));
        const string fence = "```json\n";
        var start = doc.IndexOf(fence, StringComparison.Ordinal) + fence.Length;
        var example = doc[start..doc.IndexOf("```\n", start, StringComparison.Ordinal)];

        var report = JsonReportReader.Read(example);

        Assert.Equal(example, Render.With(new JsonReportWriter(), report));
    }
}
