using Palisade.Cli.Scanning;

namespace Palisade.Cli.Tests;

public sealed class ScanningUnitTests
{
    [Theory]
    [InlineData("a", "a")]
    [InlineData("./a/", "a")]
    [InlineData("././a", "a")]
    [InlineData("a/b/", "a/b")]
    [InlineData("a\\b", "a/b")]
    [InlineData(".", "")]
    [InlineData("./", "")]
    [InlineData("../x", "../x")]
    [InlineData("/srv/manifests/", "/srv/manifests")]
    public void Prefix_for_a_directory_root_is_the_root_as_given(string root, string prefix) =>
        Assert.Equal(prefix, ScanRunner.PrefixFor(root));

    [Fact]
    public void Prefix_for_a_file_root_is_its_directory()
    {
        var dir = Directory.CreateTempSubdirectory("palisade-prefix-");
        try
        {
            var file = Path.Combine(dir.FullName, "deploy.yaml");
            File.WriteAllText(file, "");
            Assert.Equal(dir.FullName.Replace('\\', '/'), ScanRunner.PrefixFor(file));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_checks_selection_selects_every_rule(string? list)
    {
        var filter = RuleSelection.Parse(list, ScanRunner.AllRules);
        Assert.All(ScanRunner.AllRules, r => Assert.True(filter(r)));
    }

    [Fact]
    public void Checks_selection_by_group_and_id()
    {
        var filter = RuleSelection.Parse("pss-baseline, pal-k8s-001", ScanRunner.AllRules);
        var selected = ScanRunner.AllRules.Where(filter).Select(r => r.Id).ToList();
        Assert.Contains("PAL-K8S-001", selected);
        Assert.Contains("PSS-privileged", selected);
        Assert.DoesNotContain("PSS-runAsNonRoot", selected);
        Assert.DoesNotContain("PAL-K8S-002", selected);
    }

    [Theory]
    [InlineData(",", "at least one")]
    [InlineData("pss,nope", "'nope'")]
    [InlineData("PAL-K8S-999", "'PAL-K8S-999'")]
    public void Bad_checks_selections_are_rejected(string list, string mention)
    {
        var e = Assert.Throws<FormatException>(() => RuleSelection.Parse(list, ScanRunner.AllRules));
        Assert.Contains(mention, e.Message, StringComparison.Ordinal);
    }
}
