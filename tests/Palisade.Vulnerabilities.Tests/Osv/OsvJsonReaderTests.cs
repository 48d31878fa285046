using System.Text;
using Palisade.Vulnerabilities.Osv;

namespace Palisade.Vulnerabilities.Tests.Osv;

public sealed class OsvJsonReaderTests
{
    private static OsvRecord Read(string json) => OsvJsonReader.Read(json, "test.json");

    private static OsvFormatException Fails(string json) => Assert.Throws<OsvFormatException>(() => Read(json));

    [Fact]
    public void Reads_every_field_of_a_real_go_record()
    {
        var r = OsvJsonReader.ReadFile(Path.Combine(TestData.Osv, "golang-vulndb", "data", "osv", "GO-2020-0001.json"));
        Assert.Equal("GO-2020-0001", r.Id);
        Assert.Equal("1.3.1", r.SchemaVersion);
        Assert.Equal(new DateTimeOffset(2021, 4, 14, 20, 4, 52, TimeSpan.Zero), r.Published);
        Assert.Equal(["CVE-2020-36567", "GHSA-6vm3-jj99-7229"], r.Aliases);
        Assert.Equal("Arbitrary log line injection in github.com/gin-gonic/gin", r.Summary);
        var a = Assert.Single(r.Affected);
        Assert.Equal(new OsvPackage("Go", "github.com/gin-gonic/gin", null), a.Package);
        var range = Assert.Single(a.Ranges);
        Assert.Equal(OsvRange.Semver, range.Type);
        Assert.Equal([new OsvEvent(OsvEventKind.Introduced, "0"), new OsvEvent(OsvEventKind.Fixed, "1.6.0")], range.Events);
        Assert.StartsWith("{", a.EcosystemSpecific, StringComparison.Ordinal);
        Assert.Contains("\"LoggerWithWriter\"", a.EcosystemSpecific, StringComparison.Ordinal);
        Assert.Equal(2, r.References.Count);
        Assert.Equal("FIX", r.References[0].Type);
        Assert.Equal("@thinkerou <thinkerou@gmail.com>", Assert.Single(r.Credits).Name);
        Assert.Contains("REVIEWED", r.DatabaseSpecific, StringComparison.Ordinal);
        Assert.False(r.IsWithdrawn);
    }

    [Fact]
    public void Withdrawn_severity_last_affected_limit_and_git_ranges()
    {
        var r = Read("""
            {"id": "x_TEST-1", "modified": "2024-05-06T07:08:09.123456Z", "withdrawn": "2024-06-01T00:00:00Z",
             "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
             "affected": [{"package": {"ecosystem": "npm", "name": "@scope/pkg", "purl": "pkg:npm/%40scope/pkg"},
                           "ranges": [{"type": "SEMVER", "events": [{"introduced": "1.0.0"}, {"last_affected": "1.4.2"}]},
                                      {"type": "GIT", "repo": "https://example.com/r.git",
                                       "events": [{"introduced": "0"}, {"limit": "*"}], "database_specific": {"x": [1, 2]}}],
                           "versions": ["1.0.0", "1.4.2"]}]}
            """);
        Assert.True(r.IsWithdrawn);
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1234560), r.Modified);
        Assert.Equal(new OsvSeverity(OsvSeverity.CvssV3, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), Assert.Single(r.Severity));
        var a = Assert.Single(r.Affected);
        Assert.Equal("pkg:npm/%40scope/pkg", a.Package!.Purl);
        Assert.Equal(OsvEventKind.LastAffected, a.Ranges[0].Events[1].Kind);
        Assert.Equal(new OsvEvent(OsvEventKind.Limit, "*"), a.Ranges[1].Events[1]);
        Assert.Equal("https://example.com/r.git", a.Ranges[1].Repo);
        Assert.Equal("{\"x\": [1, 2]}", a.Ranges[1].DatabaseSpecific);
        Assert.Equal(["1.0.0", "1.4.2"], a.Versions);
    }

    [Fact]
    public void Unknown_fields_are_ignored_and_nulls_are_empty()
    {
        var r = Read("""
            {"id": "OSV-1", "modified": "2024-01-01T00:00:00Z", "future_field": {"deep": [1, {"a": null}]},
             "aliases": null, "affected": null, "references": null, "severity": null, "summary": null,
             "x_extra": "y"}
            """);
        Assert.Empty(r.Aliases);
        Assert.Empty(r.Affected);
        Assert.Empty(r.References);
        Assert.Null(r.Summary);
    }

    [Fact]
    public void Round_trip_through_the_writer_keeps_everything_for_every_real_json_record()
    {
        var files = Directory.GetFiles(TestData.Osv, "*.json", SearchOption.AllDirectories)
            .Where(f => f.Contains("golang-vulndb", StringComparison.Ordinal) || f.Contains("osv.dev", StringComparison.Ordinal) || f.Contains("osv-linter", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 100);
        foreach (var f in files)
        {
            var first = OsvJsonReader.ReadFile(f);
            var json = OsvJsonWriter.ToUtf8(first);
            var second = OsvJsonReader.Read(json, f + " (rewritten)");
            Assert.Equal(Encoding.UTF8.GetString(json), Encoding.UTF8.GetString(OsvJsonWriter.ToUtf8(second)));
            Assert.Equal(first.Id, second.Id);
            Assert.Equal(first.Modified, second.Modified);
            Assert.Equal(first.Affected.Count, second.Affected.Count);
            Assert.Equal(first.Affected.SelectMany(a => a.Ranges).SelectMany(r => r.Events), second.Affected.SelectMany(a => a.Ranges).SelectMany(r => r.Events));
        }
    }

    [Theory]
    [InlineData("""{"modified": "2024-01-01T00:00:00Z"}""", "has no id")]
    [InlineData("""{"id": "", "modified": "2024-01-01T00:00:00Z"}""", "id is empty")]
    [InlineData("""{"id": "A B"}""", "white space")]
    [InlineData("""{"id": 12}""", "id: must be a string, not a number")]
    [InlineData("""[{"id": "X-1"}]""", "a JSON object, not an array")]
    [InlineData("", "empty file")]
    [InlineData("""{"id": "X-1", "modified": "yesterday"}""", "'yesterday' is not an RFC 3339 timestamp")]
    [InlineData("""{"id": "X-1", "aliases": "CVE-1"}""", "aliases: must be an array, not a string")]
    [InlineData("""{"id": "X-1", "aliases": ["CVE-1", null]}""", "aliases: [1] must be a string")]
    [InlineData("""{"id": "X-1", "affected": [{"package": {"name": "a"}}]}""", "affected[0].package: has no ecosystem")]
    [InlineData("""{"id": "X-1", "affected": [{"package": {"ecosystem": "npm"}}]}""", "affected[0].package: has no name")]
    [InlineData("""{"id": "X-1", "affected": [{"ranges": [{"events": []}]}]}""", "affected[0].ranges[0]: the range has no type")]
    [InlineData("""{"id": "X-1", "affected": [{"ranges": [{"type": "SEMVER"}]}]}""", "the range has no events")]
    [InlineData("""{"id": "X-1", "affected": [{"ranges": [{"type": "SEMVER", "events": [{"introduced": "0", "fixed": "1"}]}]}]}""", "events[0]: the event has more than one")]
    [InlineData("""{"id": "X-1", "affected": [{"ranges": [{"type": "SEMVER", "events": [{"other": "0"}]}]}]}""", "the event has none of")]
    [InlineData("""{"id": "X-1", "affected": [{"ranges": [{"type": "SEMVER", "events": [{"introduced": 1}]}]}]}""", "introduced: must be a string, not a number")]
    [InlineData("""{"id": "X-1", "references": [{"type": "WEB"}]}""", "references[0]: the reference has no url")]
    [InlineData("""{"id": "X-1", "severity": [{"score": "x"}]}""", "severity[0]: the severity has no type")]
    [InlineData("""{"id": "X-1", "credits": [{"type": "FINDER"}]}""", "credits[0]: the credit has no name")]
    [InlineData("""{"id": "X-1", "affected": [1]}""", "affected[0]: must be an object, not a number")]
    [InlineData("""{"id": "X-1",}""", "malformed JSON")]
    [InlineData("""{"id": "X-1"} {"id": "X-2"}""", "malformed JSON")]
    [InlineData("""{"id": "X-1", "summary": "unterminated""", "malformed JSON")]
    public void Malformed_records_name_the_file_and_the_problem(string json, string problem)
    {
        var e = Fails(json);
        Assert.StartsWith("test.json: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Equal("test.json", e.Origin);
        Assert.IsAssignableFrom<FormatException>(e);
    }

    [Fact]
    public void Nesting_and_size_are_bounded()
    {
        var deep = "{\"id\": \"X-1\", \"database_specific\": " + new string('[', 5000) + new string(']', 5000) + "}";
        Assert.Contains("nested deeper than 64 levels", Fails(deep).Message, StringComparison.Ordinal);
        var big = "{\"id\": \"X-1\", \"details\": \"" + new string('a', 2000) + "\"}";
        var e = Assert.Throws<OsvFormatException>(() => OsvJsonReader.Read(big, "big.json", new OsvReadLimits { MaxRecordBytes = 1000 }));
        Assert.Contains("over the limit of 1000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_and_a_bom()
    {
        var bom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("""{"id": "X-1"}""")).ToArray();
        Assert.Equal("X-1", OsvJsonReader.Read(bom, "bom.json").Id);
        var bad = Encoding.UTF8.GetBytes("""{"id": "X-1", "summary": "??"}""");
        bad[26] = 0xFF;
        bad[27] = 0xFE;
        Assert.Throws<OsvFormatException>(() => OsvJsonReader.Read(bad, "bad.json"));
    }

    [Fact]
    public void Random_garbage_never_escapes_as_another_exception()
    {
        var random = new Random(42);
        var seed = File.ReadAllBytes(Path.Combine(TestData.Osv, "golang-vulndb", "data", "osv", "GO-2020-0001.json"));
        for (var i = 0; i < 2000; i++)
        {
            var bytes = (byte[])seed.Clone();
            for (var k = 0; k < 1 + random.Next(8); k++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            var cut = bytes.AsSpan(0, random.Next(bytes.Length + 1)).ToArray();
            try
            {
                OsvJsonReader.Read(i % 2 == 0 ? bytes : cut, "fuzz.json");
            }
            catch (OsvFormatException)
            {
                // Expected for most inputs.
            }
        }
    }
}
