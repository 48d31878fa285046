using System.Text;
using Palisade.Vulnerabilities.Osv;

namespace Palisade.Vulnerabilities.Tests.Osv;

public sealed class OsvYamlReaderTests
{
    private static OsvRecord Read(string yaml) => OsvYamlReader.Read(yaml, "test.yaml");

    private static OsvFormatException Fails(string yaml, OsvReadLimits? limits = null) =>
        Assert.Throws<OsvFormatException>(() => OsvYamlReader.Read(yaml, "test.yaml", limits));

    [Fact]
    public void Reads_a_real_pypa_record()
    {
        var file = Path.Combine(TestData.Osv, "pypa-advisory-database", "vulns", "django", "PYSEC-2024-58.yaml");
        var r = OsvYamlReader.ReadFile(file);
        Assert.Equal("PYSEC-2024-58", r.Id);
        Assert.Equal(new DateTimeOffset(2024, 7, 10, 11, 20, 7, TimeSpan.Zero).AddTicks(7047860), r.Modified);
        Assert.Equal(["CVE-2024-39330"], r.Aliases);
        var a = Assert.Single(r.Affected);
        Assert.Equal(new OsvPackage("PyPI", "django", "pkg:pypi/django"), a.Package);
        // Quoted "5.0" and plain 5.0.7 are both version strings.
        Assert.Equal(
            [new OsvEvent(OsvEventKind.Introduced, "5.0"), new OsvEvent(OsvEventKind.Fixed, "5.0.7"), new OsvEvent(OsvEventKind.Introduced, "4.2"), new OsvEvent(OsvEventKind.Fixed, "4.2.14")],
            Assert.Single(a.Ranges).Events);
        Assert.Equal("4.2", a.Versions[0]);
        Assert.Contains("4.2.10", a.Versions);
        Assert.StartsWith("An issue was discovered in Django 5.0 before 5.0.7", r.Details, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_pypa_record_reads_the_same_as_its_json_form()
    {
        foreach (var file in TestData.PypaRecords())
        {
            var yaml = OsvYamlReader.ReadFile(file);
            var json = OsvJsonReader.Read(OsvJsonWriter.ToUtf8(yaml), file + " as JSON");
            Assert.Equal(Encoding.UTF8.GetString(OsvJsonWriter.ToUtf8(yaml)), Encoding.UTF8.GetString(OsvJsonWriter.ToUtf8(json)));
        }
    }

    [Fact]
    public void Yaml_and_json_of_the_same_record_give_the_same_model()
    {
        const string yaml = """
            id: PYSEC-0000-1
            modified: 2024-01-02T03:04:05Z
            aliases: [CVE-2024-1]
            summary: 'a: colon'
            affected:
            - package: {ecosystem: PyPI, name: Demo_Lib}
              ranges:
              - type: ECOSYSTEM
                events:
                - introduced: 0
                - fixed: 1.10
              versions: [1.0, 1.9, "1.2"]
              ecosystem_specific: {count: 3, flag: true, none: ~, ratio: 0.50, hex: 0x1F}
            """;
        const string json = """
            {"id": "PYSEC-0000-1", "modified": "2024-01-02T03:04:05Z", "aliases": ["CVE-2024-1"], "summary": "a: colon",
             "affected": [{"package": {"ecosystem": "PyPI", "name": "Demo_Lib"},
               "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.10"}]}],
               "versions": ["1.0", "1.9", "1.2"], "ecosystem_specific": {"count":3,"flag":true,"none":null,"ratio":0.50,"hex":"0x1F"}}]}
            """;
        var fromYaml = Read(yaml);
        var fromJson = OsvJsonReader.Read(json, "test.json");
        Assert.Equal(Encoding.UTF8.GetString(OsvJsonWriter.ToUtf8(fromJson)), Encoding.UTF8.GetString(OsvJsonWriter.ToUtf8(fromYaml)));
        // Numbers keep their text: 1.10 is not 1.1.
        Assert.Equal("1.10", fromYaml.Affected[0].Ranges[0].Events[1].Version);
    }

    [Fact]
    public void Anchors_and_aliases_within_limits_are_expanded()
    {
        var r = Read("""
            id: X-1
            aliases: &ids [CVE-1, CVE-2]
            related: *ids
            affected:
            - package: &pkg {ecosystem: npm, name: left-pad}
              versions: [&v 1.0.0, *v]
            - package: *pkg
            """);
        Assert.Equal(["CVE-1", "CVE-2"], r.Related);
        Assert.Equal(["1.0.0", "1.0.0"], r.Affected[0].Versions);
        Assert.Equal(r.Affected[0].Package, r.Affected[1].Package);
    }

    [Fact]
    public void Alias_bombs_are_refused()
    {
        var sb = new StringBuilder("id: X-1\ndatabase_specific:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        var previous = 'a';
        for (var c = 'b'; c <= 'j'; c++)
        {
            sb.Append("  ").Append(c).Append(": &").Append(c).Append(" [").AppendJoin(',', Enumerable.Repeat("*" + previous, 9)).Append("]\n");
            previous = c;
        }
        var e = Fails(sb.ToString());
        Assert.Matches("once aliases are expanded", e.Message);
    }

    [Fact]
    public void Deep_nesting_is_refused_without_overflowing_the_stack()
    {
        var deep = "id: X-1\ndatabase_specific: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        Assert.Contains("nested deeper than", Fails(deep).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id: X-1\nsummary: [unclosed\n", "malformed YAML")]
    [InlineData("id: X-1\n---\nid: X-2\n", "more than one YAML document")]
    [InlineData("- id: X-1\n", "an OSV record is a YAML mapping")]
    [InlineData("", "empty YAML")]
    [InlineData("summary: no id\n", "has no id")]
    [InlineData("id: X-1\naliases: *missing\n", "unknown anchor")]
    [InlineData("id: X-1\n? [complex, key]\n: value\n", "a mapping key must be a scalar")]
    [InlineData("id: X-1\naffected: [{package: {ecosystem: PyPI}}]\n", "affected[0].package: has no name")]
    [InlineData("id: X-1\n\tsummary: tab\n", "malformed YAML")]
    public void Malformed_yaml_names_the_file_and_the_problem(string yaml, string problem)
    {
        var e = Fails(yaml);
        Assert.StartsWith("test.yaml: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Size_is_bounded_before_and_after_alias_expansion()
    {
        var limits = new OsvReadLimits { MaxRecordBytes = 4096 };
        Assert.Contains("over the limit", Fails("id: X-1\ndetails: " + new string('a', 5000) + "\n", limits).Message, StringComparison.Ordinal);
        var text = "id: X-1\ndatabase_specific:\n  a: &a \"" + new string('b', 1000) + "\"\n  list: [*a, *a, *a, *a, *a, *a]\n";
        Assert.Contains("once aliases are expanded", Fails(text, limits).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_garbage_never_escapes_as_another_exception()
    {
        var random = new Random(7);
        var seed = File.ReadAllText(TestData.PypaRecords()[0]);
        const string alphabet = ":-[]{}&*!|>'\"#%@`\t\n ,?abc019";
        for (var i = 0; i < 1500; i++)
        {
            var chars = seed.ToCharArray();
            for (var k = 0; k < 1 + random.Next(6); k++) chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            try
            {
                OsvYamlReader.Read(new string(chars), "fuzz.yaml");
            }
            catch (OsvFormatException)
            {
                // Expected for many inputs.
            }
        }
    }
}
