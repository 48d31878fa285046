using Palisade.Core.Ignore;
using static Palisade.Core.Tests.TestFindings;

namespace Palisade.Core.Tests;

public sealed class IgnoreFileParsingTests
{
    [Fact]
    public void Parses_rule_ids_paths_and_expiry_with_their_lines()
    {
        var file = IgnoreFile.Parse(
            "# accepted risks\n" +
            "\n" +
            "PAL-K8S-001\n" +
            "  PAL-K8S-009   path:legacy/**   # images are pinned by the registry\n" +
            "PSS-runAsNonRoot exp:2031-01-15\n" +
            "\tPAL-K8S-013\tpath:secrets/*.yaml\texp:2030-12-31\t\n",
            ".palisadeignore");

        Assert.Collection(file.Entries,
            e => Assert.Equal(new IgnoreEntry("PAL-K8S-001", null, null, ".palisadeignore", 3), e),
            e => Assert.Equal(new IgnoreEntry("PAL-K8S-009", "legacy/**", null, ".palisadeignore", 4), e),
            e => Assert.Equal(new IgnoreEntry("PSS-runAsNonRoot", null, new DateOnly(2031, 1, 15), ".palisadeignore", 5), e),
            e => Assert.Equal(new IgnoreEntry("PAL-K8S-013", "secrets/*.yaml", new DateOnly(2030, 12, 31), ".palisadeignore", 6), e));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n\n")]
    [InlineData("# only a comment\n   # indented comment\n")]
    [InlineData("   \t  \r\n")]
    public void Files_without_entries_are_empty(string text) => Assert.Empty(IgnoreFile.Parse(text, "x").Entries);

    [Fact]
    public void Crlf_line_ends_and_trailing_comments_are_handled()
    {
        var file = IgnoreFile.Parse("PAL-K8S-001\r\nPAL-K8S-002 path:a.yaml # why\r\n# skip\r\nPAL-K8S-003#no space needed\r\n", "f");
        Assert.Equal(["PAL-K8S-001", "PAL-K8S-002", "PAL-K8S-003"], file.Entries.Select(e => e.RuleId));
        Assert.Equal([1, 2, 4], file.Entries.Select(e => e.Line));
        Assert.Equal("a.yaml", file.Entries[1].PathGlob);
    }

    [Fact]
    public void Option_names_are_case_insensitive()
    {
        var e = Assert.Single(IgnoreFile.Parse("PAL-K8S-001 PATH:x/*.yaml EXP:2030-01-02", "f").Entries);
        Assert.Equal(("x/*.yaml", new DateOnly(2030, 1, 2)), (e.PathGlob, e.Expires));
    }

    [Theory]
    [InlineData("2024-13-01")]
    [InlineData("2023-02-29")]
    [InlineData("2024-1-5")]
    [InlineData("24-01-01")]
    [InlineData("2024/01/01")]
    [InlineData("01-02-2024")]
    [InlineData("tomorrow")]
    [InlineData("")]
    [InlineData("2024-01-01T00:00")]
    public void Invalid_expiry_dates_name_the_file_and_line(string date)
    {
        var e = Assert.Throws<IgnoreFileException>(() => IgnoreFile.Parse($"# header\nPAL-K8S-001\nPAL-K8S-002 exp:{date}\n", "/repo/.palisadeignore"));
        Assert.StartsWith("/repo/.palisadeignore:3: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("YYYY-MM-DD", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_leap_day_is_a_valid_expiry() =>
        Assert.Equal(new DateOnly(2028, 2, 29), Assert.Single(IgnoreFile.Parse("X exp:2028-02-29", "f").Entries).Expires);

    [Theory]
    [InlineData("PAL-K8S-001 severity:HIGH", "severity:HIGH")]
    [InlineData("PAL-K8S-001 legacy/*.yaml", "legacy/*.yaml")]
    [InlineData("PAL-K8S-001 path:a exp:2030-01-01 extra", "extra")]
    [InlineData("PAL-K8S-001 PAL-K8S-002", "PAL-K8S-002")]
    public void Unknown_tokens_name_the_file_line_and_token(string line, string token)
    {
        var e = Assert.Throws<IgnoreFileException>(() => IgnoreFile.Parse("\n" + line, "ign"));
        Assert.StartsWith("ign:2: ", e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{token}'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PAL-K8S-001 path:", "empty path")]
    [InlineData("path:k8s/*.yaml", "missing rule id")]
    [InlineData("exp:2030-01-01", "missing rule id")]
    [InlineData("PAL-K8S-001 path:a path:b", "more than one path")]
    [InlineData("PAL-K8S-001 exp:2030-01-01 exp:2031-01-01", "more than one exp")]
    public void Malformed_entries_are_rejected(string line, string reason)
    {
        var e = Assert.Throws<IgnoreFileException>(() => IgnoreFile.Parse(line, "ign"));
        Assert.StartsWith("ign:1: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_reads_a_file_and_ignores_a_byte_order_mark()
    {
        var path = Path.Combine(Path.GetTempPath(), "palisade-ignore-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllText(path, "PAL-K8S-001 path:a.yaml\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            var e = Assert.Single(IgnoreFile.Load(path).Entries);
            Assert.Equal(("PAL-K8S-001", path, 1), (e.RuleId, e.Source, e.Line));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_of_a_missing_file_is_an_ignore_file_error()
    {
        var path = Path.Combine(Path.GetTempPath(), "palisade-missing-" + Guid.NewGuid().ToString("N"));
        var e = Assert.Throws<IgnoreFileException>(() => IgnoreFile.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_keeps_both_files_entries_in_order()
    {
        var merged = IgnoreFile.Parse("A\nB", "one").Merge(IgnoreFile.Parse("C", "two"));
        Assert.Equal(["A/one", "B/one", "C/two"], merged.Entries.Select(e => e.RuleId + "/" + e.Source));
        Assert.Empty(IgnoreFile.Empty.Entries);
    }
}

public sealed class IgnoreFileMatchingTests
{
    private static readonly DateOnly Today = new(2025, 6, 15);

    [Theory]
    [InlineData("PAL-K8S-001", "PAL-K8S-001", true)]
    [InlineData("pal-k8s-001", "PAL-K8S-001", true)] // ids are case-insensitive
    [InlineData("PAL-K8S-001", "PAL-K8S-0011", false)]
    [InlineData("PAL-K8S-00", "PAL-K8S-001", false)] // no prefix matching without '*'
    [InlineData("PSS-*", "PSS-runAsNonRoot", true)]
    [InlineData("pss-*", "PSS-runAsNonRoot", true)]
    [InlineData("PSS-*", "PAL-K8S-001", false)]
    [InlineData("PAL-K8S-0*", "PAL-K8S-013", true)]
    [InlineData("*-013", "PAL-K8S-013", true)]
    [InlineData("*", "PSS-privileged", true)]
    [InlineData("PSS-capabilities_*", "PSS-capabilities_baseline", true)]
    [InlineData("PSS-capabilities_*", "PSS-procMount", false)]
    public void Rule_ids_match_exactly_or_by_wildcard(string entry, string ruleId, bool expected)
    {
        var file = IgnoreFile.Parse(entry, "f");
        Assert.Equal(expected, file.Suppresses(Make(ruleId), "k8s/deploy.yaml", Today));
    }

    [Theory]
    [InlineData("path:k8s/deploy.yaml", true)]
    [InlineData("path:deploy.yaml", true)] // no '/': any depth
    [InlineData("path:k8s/*.yaml", true)]
    [InlineData("path:**/*.yaml", true)]
    [InlineData("path:k8s/", true)]
    [InlineData("path:k8s", true)]
    [InlineData("path:other/*.yaml", false)]
    [InlineData("path:/deploy.yaml", false)]
    [InlineData("path:*.yml", false)]
    public void Path_globs_match_the_finding_location(string option, bool expected)
    {
        var file = IgnoreFile.Parse("PAL-K8S-001 " + option, "f");
        Assert.Equal(expected, file.Suppresses(Make("PAL-K8S-001", "k8s/deploy.yaml"), "ignored-target", Today));
    }

    [Fact]
    public void Without_a_location_the_target_is_matched()
    {
        var file = IgnoreFile.Parse("PAL-K8S-001 path:k8s/*.yaml", "f");
        Assert.True(file.Suppresses(Make("PAL-K8S-001", path: null), "k8s/deploy.yaml", Today));
        Assert.False(file.Suppresses(Make("PAL-K8S-001", path: null), "other/deploy.yaml", Today));
    }

    [Fact]
    public void Entry_expiring_today_still_applies_and_is_not_reported_as_expired()
    {
        var file = IgnoreFile.Parse($"PAL-K8S-001 exp:{Today:yyyy-MM-dd}", "f");
        Assert.True(file.Suppresses(Make("PAL-K8S-001"), "t", Today));
        Assert.Empty(file.Expired(Today));
        Assert.False(file.Entries[0].IsExpired(Today));
    }

    [Fact]
    public void Entry_stops_applying_the_day_after_it_expires()
    {
        var file = IgnoreFile.Parse($"PAL-K8S-001 exp:{Today:yyyy-MM-dd}", "f");
        var tomorrow = Today.AddDays(1);
        Assert.False(file.Suppresses(Make("PAL-K8S-001"), "t", tomorrow));
        Assert.Equal(file.Entries, file.Expired(tomorrow));
        Assert.False(file.Suppresses(Make("PAL-K8S-001"), "t", Today.AddYears(3)));
    }

    [Fact]
    public void Entry_expiring_in_the_future_applies()
    {
        var file = IgnoreFile.Parse($"PAL-K8S-001 exp:{Today.AddDays(1):yyyy-MM-dd}", "f");
        Assert.True(file.Suppresses(Make("PAL-K8S-001"), "t", Today));
    }

    [Fact]
    public void An_expired_entry_does_not_hide_an_active_one_for_the_same_rule()
    {
        var file = IgnoreFile.Parse("PAL-K8S-001 exp:2020-01-01\nPAL-K8S-001 path:k8s/*", "f");
        Assert.True(file.Suppresses(Make("PAL-K8S-001"), "t", Today));
        Assert.Equal(1, Assert.Single(file.Expired(Today)).Line);
    }

    [Fact]
    public void Expired_lists_only_expired_entries_in_file_order()
    {
        var file = IgnoreFile.Parse("A exp:2020-01-01\nB\nC exp:2099-01-01\nD exp:2025-06-14", "f");
        Assert.Equal(["A", "D"], file.Expired(Today).Select(e => e.RuleId));
    }

    [Fact]
    public void Rebase_scopes_entries_to_a_root_prefix()
    {
        var file = IgnoreFile.Parse("A\nB path:sub/x.yaml\nC path:x.yaml\nD path:/x.yaml\nE path:./sub/", "f").Rebase("./apps/");
        Assert.Equal(["apps/**", "apps/sub/x.yaml", "apps/**/x.yaml", "apps/x.yaml", "apps/**/sub/"], file.Entries.Select(e => e.PathGlob));
        Assert.All(file.Entries, e => Assert.Equal("f", e.Source));

        Assert.True(file.Suppresses(Make("A", "apps/deep/y.yaml"), "t", Today));
        Assert.False(file.Suppresses(Make("A", "other/y.yaml"), "t", Today));
        Assert.True(file.Suppresses(Make("B", "apps/sub/x.yaml"), "t", Today));
        Assert.False(file.Suppresses(Make("B", "sub/x.yaml"), "t", Today));
        Assert.True(file.Suppresses(Make("C", "apps/a/b/x.yaml"), "t", Today));
        Assert.False(file.Suppresses(Make("C", "other/x.yaml"), "t", Today));
        Assert.False(file.Suppresses(Make("D", "apps/a/x.yaml"), "t", Today));
        Assert.True(file.Suppresses(Make("E", "apps/sub/z.yaml"), "t", Today));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("./")]
    public void Rebase_onto_the_current_directory_changes_nothing(string prefix)
    {
        var file = IgnoreFile.Parse("A path:x.yaml\nB", "f");
        Assert.Same(file, file.Rebase(prefix));
    }

    [Fact]
    public void Rebase_treats_glob_characters_in_the_prefix_literally()
    {
        var file = IgnoreFile.Parse("A path:x.yaml", "f").Rebase("env[1]");
        Assert.True(file.Suppresses(Make("A", "env[1]/x.yaml"), "t", Today));
        Assert.False(file.Suppresses(Make("A", "env1/x.yaml"), "t", Today));
    }

    [Fact]
    public void Rebase_onto_an_absolute_root_matches_absolute_paths()
    {
        var file = IgnoreFile.Parse("A path:sub/x.yaml", "f").Rebase("/tmp/scan");
        Assert.True(file.Suppresses(Make("A", "/tmp/scan/sub/x.yaml"), "t", Today));
    }
}
