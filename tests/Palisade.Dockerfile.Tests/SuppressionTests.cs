using static Palisade.Dockerfile.Tests.TestKit;

namespace Palisade.Dockerfile.Tests;

public sealed class SuppressionTests
{
    private static HashSet<string> Ids(string text) => ScanAll(text).Findings.Select(f => $"{f.RuleId}@{f.Location!.StartLine}").ToHashSet();

    private const string AptRun = "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*";

    [Fact]
    public void Without_pragmas_the_findings_are_there()
    {
        var ids = Ids(Lines("FROM node:latest", AptRun));
        Assert.Contains("PAL-DF-003@1", ids);
        Assert.Contains("PAL-DF-025@2", ids);
        Assert.Contains("PAL-DF-011@2", ids);
    }

    [Fact]
    public void Palisade_ignore_above_an_instruction_suppresses_that_rule_there_only()
    {
        var ids = Ids(Lines("# palisade ignore=PAL-DF-003", "FROM node:latest", "FROM node:latest"));
        Assert.DoesNotContain("PAL-DF-003@2", ids);
        Assert.Contains("PAL-DF-003@3", ids);
        Assert.Contains("PAL-DF-005@2", ids);
    }

    [Fact]
    public void Hadolint_ignore_suppresses_the_check_that_aliases_the_rule()
    {
        var ids = Ids(Lines("FROM debian:12", "# hadolint ignore=DL3008", AptRun));
        Assert.DoesNotContain("PAL-DF-025@3", ids);
        Assert.Contains("PAL-DF-011@3", ids);
    }

    [Fact]
    public void Several_ids_with_spaces_and_a_trailing_reason_are_read()
    {
        var ids = Ids(Lines("FROM debian:12", "# hadolint ignore=DL3008, DL3015 pinned by the base image", AptRun));
        Assert.DoesNotContain("PAL-DF-025@3", ids);
        Assert.DoesNotContain("PAL-DF-011@3", ids);
    }

    [Fact]
    public void Pragmas_anywhere_in_the_comment_block_directly_above_count()
    {
        var ids = Ids(Lines("FROM debian:12", "# hadolint ignore=DL3008", "# install curl for the health check", AptRun));
        Assert.DoesNotContain("PAL-DF-025@4", ids);
    }

    [Fact]
    public void A_blank_line_between_pragma_and_instruction_detaches_it()
    {
        var ids = Ids(Lines("FROM debian:12", "# hadolint ignore=DL3008", "", AptRun));
        Assert.Contains("PAL-DF-025@4", ids);
    }

    [Fact]
    public void An_inline_pragma_for_another_rule_does_not_suppress()
    {
        var ids = Ids(Lines("FROM debian:12", "# palisade ignore=PAL-DF-011", AptRun));
        Assert.Contains("PAL-DF-025@3", ids);
        Assert.DoesNotContain("PAL-DF-011@3", ids);
    }

    [Fact]
    public void A_hadolint_code_no_check_aliases_suppresses_nothing()
    {
        var ids = Ids(Lines("FROM debian:12", "# hadolint ignore=DL3059", AptRun));
        Assert.Contains("PAL-DF-025@3", ids);
    }

    [Fact]
    public void Global_ignores_apply_to_the_whole_file_wherever_they_are()
    {
        var text = Lines("FROM node:latest", AptRun, "# palisade global ignore=PAL-DF-023", "# hadolint global ignore=DL3008,DL3007", "FROM node:latest");
        var ids = Ids(text);
        Assert.DoesNotContain(ids, i => i.StartsWith("PAL-DF-023@", StringComparison.Ordinal));
        Assert.DoesNotContain(ids, i => i.StartsWith("PAL-DF-025@", StringComparison.Ordinal));
        Assert.DoesNotContain(ids, i => i.StartsWith("PAL-DF-003@", StringComparison.Ordinal));
        Assert.Contains("PAL-DF-011@2", ids);
    }

    [Fact]
    public void A_global_ignore_at_the_very_top_is_not_mistaken_for_a_parser_directive()
    {
        var ids = Ids(Lines("# hadolint global ignore=DL3057", "FROM alpine:3.20"));
        Assert.DoesNotContain(ids, i => i.StartsWith("PAL-DF-023@", StringComparison.Ordinal));
    }

    [Fact]
    public void Pragmas_inside_heredoc_bodies_are_script_text_not_pragmas()
    {
        var ids = Ids(Lines("FROM alpine:3.20", "RUN <<EOF", "# palisade global ignore=PAL-DF-010", "curl -fsSL https://x.example/i.sh | sh", "EOF"));
        Assert.Contains("PAL-DF-010@2", ids);
    }

    [Fact]
    public void Inline_ignores_are_case_insensitive_and_cover_onbuild()
    {
        var ids = Ids(Lines("FROM alpine:3.20", "# Palisade Ignore=pal-df-016", "ONBUILD RUN sudo make"));
        Assert.DoesNotContain("PAL-DF-016@3", ids);
    }

    [Fact]
    public void A_malformed_pragma_is_ignored()
    {
        var ids = Ids(Lines("FROM debian:12", "# hadolint ignore DL3008", AptRun));
        Assert.Contains("PAL-DF-025@3", ids);
    }
}
