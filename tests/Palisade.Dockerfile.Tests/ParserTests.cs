using Palisade.Dockerfile.Model;
using Palisade.Dockerfile.Parsing;
using static Palisade.Dockerfile.Tests.TestKit;

namespace Palisade.Dockerfile.Tests;

public sealed class ParserTests
{
    [Fact]
    public void Instructions_keep_keyword_arguments_and_their_line()
    {
        var doc = Valid("FROM alpine:3.20", "", "run echo hi", "CMD [\"sh\"]");
        Assert.Collection(doc.Instructions,
            i => { Assert.Equal("FROM", i.Keyword); Assert.Equal("alpine:3.20", i.Arguments); Assert.Equal((1, 1), (i.StartLine, i.EndLine)); },
            i => { Assert.Equal("RUN", i.Keyword); Assert.Equal("run", i.RawKeyword); Assert.Equal("echo hi", i.Arguments); Assert.Equal(3, i.StartLine); },
            i => { Assert.Equal("CMD", i.Keyword); Assert.Equal(4, i.StartLine); });
    }

    [Fact]
    public void Line_continuations_are_joined_as_buildkit_joins_them_and_the_range_spans_every_line()
    {
        var doc = Valid("FROM debian:12", "RUN apt-get update \\", "    && apt-get install -y curl \\  ", "    && echo done", "USER app");
        var run = doc.Instructions[1];
        Assert.Equal("apt-get update     && apt-get install -y curl     && echo done", run.Arguments);
        Assert.Equal((2, 4), (run.StartLine, run.EndLine));
        Assert.Equal(5, doc.Instructions[2].StartLine);
    }

    [Fact]
    public void Comments_and_blank_lines_inside_a_continuation_are_skipped_but_counted()
    {
        var doc = Valid("FROM debian:12", "RUN a \\", "# a comment inside", "    b \\", "", "  # indented comment", "    c", "USER app");
        var run = doc.Instructions[1];
        Assert.Equal("a     b     c", run.Arguments);
        Assert.Equal((2, 7), (run.StartLine, run.EndLine));
        Assert.Equal(8, doc.Instructions[2].StartLine);
        Assert.Equal([3, 6], doc.Comments.Select(c => c.Line));
    }

    [Fact]
    public void A_continuation_at_the_end_of_the_file_ends_at_its_last_line_with_text()
    {
        var doc = Valid("FROM debian:12", "RUN a \\", "# trailing comment", "");
        Assert.Equal((2, 2), (doc.Instructions[1].StartLine, doc.Instructions[1].EndLine));
    }

    [Fact]
    public void An_escaped_escape_character_at_the_end_of_a_line_does_not_continue_it()
    {
        var doc = Valid("FROM debian:12", "RUN echo foo\\\\", "USER app");
        Assert.Equal(3, doc.Instructions.Count);
        Assert.Equal("echo foo\\\\", doc.Instructions[1].Arguments);
    }

    [Fact]
    public void Syntax_and_escape_directives_are_read_from_the_top()
    {
        var doc = Valid("# syntax=docker/dockerfile:1.7", "# escape=`", "FROM alpine:3.20");
        Assert.Equal("docker/dockerfile:1.7", doc.Directives["syntax"]);
        Assert.Equal('`', doc.EscapeChar);
        Assert.Empty(doc.Comments);
    }

    [Fact]
    public void A_directive_after_a_comment_or_blank_line_is_only_a_comment()
    {
        Assert.Equal('\\', Valid("# hello", "# escape=`", "FROM alpine:3.20").EscapeChar);
        Assert.Equal('\\', Valid("", "# escape=`", "FROM alpine:3.20").EscapeChar);
        Assert.Equal('\\', Valid("# unknown=x", "# escape=`", "FROM alpine:3.20").EscapeChar);
        Assert.Equal('\\', Valid("FROM alpine:3.20", "# escape=`", "RUN true").EscapeChar);
    }

    [Fact]
    public void Escape_backtick_makes_backslashes_ordinary_so_windows_paths_survive()
    {
        var doc = Valid(
            "# escape=`",
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022",
            "WORKDIR C:\\app\\",
            "COPY bin\\ C:\\app\\bin\\",
            "RUN powershell -Command `",
            "    Write-Host \"C:\\app\"",
            "ENV PATH=C:\\tools;C:\\app");
        Assert.Equal(5, doc.Instructions.Count);
        Assert.Equal("C:\\app\\", doc.Instructions[1].Arguments);
        Assert.Equal(["bin\\", "C:\\app\\bin\\"], DockerfileParser.Words(doc.Instructions[2].Arguments, doc.EscapeChar));
        var run = doc.Instructions[3];
        Assert.Equal((5, 6), (run.StartLine, run.EndLine));
        Assert.Equal("powershell -Command     Write-Host \"C:\\app\"", run.Arguments);
        Assert.Equal(("PATH", "C:\\tools;C:\\app"), Checks.InstructionChecks.EnvPairs(doc.Instructions[4], doc.EscapeChar).Single());
    }

    [Fact]
    public void Heredocs_attach_their_bodies_and_lines_to_the_instruction()
    {
        var doc = Valid(
            "FROM alpine:3.20",
            "RUN <<EOF",
            "apk add --no-cache curl",
            "echo done",
            "EOF",
            "COPY <<-\"CONF\" /etc/app.conf",
            "\tkey=value",
            "\tCONF",
            "USER app");
        var run = doc.Instructions[1];
        Assert.Equal((2, 5), (run.StartLine, run.EndLine));
        var h = Assert.Single(run.Heredocs);
        Assert.Equal(("EOF", "apk add --no-cache curl\necho done\n", false, false, 3, 5), (h.Name, h.Body, h.StripTabs, h.Quoted, h.StartLine, h.EndLine));
        var copy = doc.Instructions[2];
        Assert.Equal((6, 8), (copy.StartLine, copy.EndLine));
        var c = Assert.Single(copy.Heredocs);
        Assert.Equal(("CONF", "key=value\n", true, true), (c.Name, c.Body, c.StripTabs, c.Quoted));
        Assert.Equal(9, doc.Instructions[3].StartLine);
    }

    [Fact]
    public void Several_heredocs_on_one_line_follow_each_other()
    {
        var doc = Valid("FROM alpine:3.20", "RUN cat <<A >/a && cat 3<<'B' >/b", "one", "A", "two", "B", "USER app");
        var run = doc.Instructions[1];
        Assert.Equal(["A", "B"], run.Heredocs.Select(h => h.Name));
        Assert.Equal(["one\n", "two\n"], run.Heredocs.Select(h => h.Body));
        Assert.Equal((2, 6), (run.StartLine, run.EndLine));
        Assert.Equal((5, 6), (run.Heredocs[1].StartLine, run.Heredocs[1].EndLine));
    }

    [Theory]
    [InlineData("RUN cat <<<\"here string\"")]
    [InlineData("RUN echo \"a <<EOF b\"")]
    [InlineData("RUN echo 'x<<EOF'")]
    [InlineData("RUN [\"sh\", \"-c\", \"cat <<EOF\"]")]
    [InlineData("RUN cat << EOF")]
    [InlineData("CMD cat <<EOF")]
    public void Things_that_look_like_heredocs_but_are_not(string line)
    {
        var doc = Parse("FROM alpine:3.20", line, "USER app");
        Assert.Empty(doc.Instructions[1].Heredocs);
        Assert.Equal(3, doc.Instructions.Count);
    }

    [Fact]
    public void An_onbuild_heredoc_belongs_to_the_inner_instruction()
    {
        var doc = Valid("FROM alpine:3.20", "ONBUILD RUN <<EOF", "echo hi", "EOF");
        var onbuild = doc.Instructions[1];
        Assert.Equal("ONBUILD", onbuild.Keyword);
        Assert.Equal((2, 4), (onbuild.StartLine, onbuild.EndLine));
        Assert.Equal("echo hi\n", Assert.Single(onbuild.Effective.Heredocs).Body);
    }

    [Theory]
    [InlineData("CMD [\"node\", \"server.js\"]", new[] { "node", "server.js" })]
    [InlineData("ENTRYPOINT [ \"/app\" ]", new[] { "/app" })]
    [InlineData("RUN [\"sh\", \"-c\", \"echo \\\"hi\\\"\"]", new[] { "sh", "-c", "echo \"hi\"" })]
    [InlineData("SHELL [\"pwsh\", \"-Command\"]", new[] { "pwsh", "-Command" })]
    [InlineData("CMD []", new string[0])]
    public void Exec_form_is_a_json_array_of_strings(string line, string[] expected)
    {
        var i = Valid("FROM alpine:3.20", line).Instructions[1];
        Assert.True(i.IsExecForm);
        Assert.Equal(expected, i.ExecForm!);
    }

    [Theory]
    [InlineData("CMD node server.js")]
    [InlineData("CMD [node, server.js]")]
    [InlineData("CMD ['node']")]
    [InlineData("ENTRYPOINT [\"a\", 1]")]
    [InlineData("CMD [\"unterminated\"")]
    [InlineData("LABEL [\"x\", \"y\"]=1")]
    public void Anything_else_is_shell_form(string line)
    {
        var i = Parse("FROM alpine:3.20", line).Instructions[1];
        Assert.False(i.IsExecForm);
        Assert.Null(i.ExecForm);
    }

    [Fact]
    public void Flags_are_split_from_the_arguments()
    {
        var doc = Valid(
            "FROM --platform=$BUILDPLATFORM golang:1.23 AS build",
            "RUN --mount=type=cache,target=/root/.cache/go-build --mount=type=secret,id=token --network=none go build ./...",
            "COPY --from=build --chown=\"app:app\" --chmod=0755 --link /out/app /app",
            "ADD --checksum=sha256:abc https://example.com/x.tgz /opt/",
            "HEALTHCHECK --interval=30s --timeout=3s CMD [\"/app\", \"health\"]");
        var from = doc.Instructions[0];
        Assert.Equal("$BUILDPLATFORM", from.Flag("platform"));
        Assert.Equal("golang:1.23 AS build", from.Arguments);
        var run = doc.Instructions[1];
        Assert.Equal(["type=cache,target=/root/.cache/go-build", "type=secret,id=token"], run.FlagValues("mount"));
        Assert.Equal("none", run.Flag("network"));
        Assert.Equal("go build ./...", run.Arguments);
        var copy = doc.Instructions[2];
        Assert.Equal(("build", "app:app", "0755"), (copy.Flag("from"), copy.Flag("chown"), copy.Flag("chmod")));
        Assert.True(copy.HasFlag("link"));
        Assert.Null(copy.Flag("link"));
        Assert.Equal("/out/app /app", copy.Arguments);
        Assert.Equal("sha256:abc", doc.Instructions[3].Flag("CHECKSUM"));
        var hc = doc.Instructions[4];
        Assert.Equal(["interval", "timeout"], hc.Flags.Select(f => f.Name));
        Assert.Equal("CMD [\"/app\", \"health\"]", hc.Arguments);
    }

    [Fact]
    public void A_quoted_flag_value_may_hold_spaces()
    {
        var run = Valid("FROM alpine:3.20", "RUN --mount=type=secret,id=\"my token\" cat /run/secrets/x").Instructions[1];
        Assert.Equal("type=secret,id=\"my token\"", run.Flag("mount"));
        Assert.Equal("cat /run/secrets/x", run.Arguments);
    }

    [Fact]
    public void Only_instructions_that_take_flags_have_them()
    {
        var env = Valid("FROM alpine:3.20", "ENV --x=1").Instructions[1];
        Assert.Empty(env.Flags);
        Assert.Equal("--x=1", env.Arguments);
    }

    [Fact]
    public void Onbuild_keeps_its_inner_instruction_with_flags()
    {
        var doc = Valid("FROM alpine:3.20", "ONBUILD RUN --mount=type=cache,target=/var/cache/apk apk add curl", "ONBUILD COPY --chown=app . /app", "onbuild user app");
        var run = doc.Instructions[1];
        Assert.Equal("ONBUILD", run.Keyword);
        Assert.NotNull(run.Inner);
        Assert.Same(run.Inner, run.Effective);
        Assert.Equal("RUN", run.Inner!.Keyword);
        Assert.Equal("type=cache,target=/var/cache/apk", run.Inner.Flag("mount"));
        Assert.Equal("apk add curl", run.Inner.Arguments);
        Assert.Equal("app", doc.Instructions[2].Effective.Flag("chown"));
        Assert.Equal("USER", doc.Instructions[3].Effective.Keyword);
        Assert.Same(doc.Instructions[0], doc.Instructions[0].Effective);
    }

    [Fact]
    public void Stages_have_names_parents_and_know_who_uses_them()
    {
        var doc = Valid(
            "ARG BASE=debian",
            "ARG TAG=12-slim",
            "FROM ${BASE}:${TAG} AS Base",
            "RUN echo base",
            "FROM base AS build",
            "COPY --from=base /a /b",
            "FROM --platform=linux/arm64 golang:1.23 AS compile",
            "FROM scratch",
            "COPY --from=1 /x /x",
            "COPY --from=compile /y /y",
            "RUN --mount=type=bind,from=0,target=/src true");
        var s = doc.Stages;
        Assert.Equal(4, s.Count);
        Assert.Equal(["base", "build", "compile", null], s.Select(x => x.Name));
        Assert.Equal("debian:12-slim", s[0].Image);
        Assert.Equal("${BASE}:${TAG}", s[0].RawImage);
        Assert.Same(s[0], s[1].Parent);
        Assert.True(s[0].IsBase);
        Assert.False(s[1].IsBase);
        Assert.True(s[0].IsCopiedFrom);
        Assert.True(s[1].IsCopiedFrom);
        Assert.True(s[2].IsCopiedFrom);
        Assert.Equal("linux/arm64", s[2].Platform);
        Assert.Same(s[3], doc.FinalStage);
        Assert.True(doc.FinalStage!.IsScratch);
        Assert.Equal([s[1], s[0]], s[1].Lineage);
        Assert.Equal(["RUN", "COPY"], s[1].EffectiveInstructions.Select(i => i.Keyword));
        Assert.Equal(2, doc.GlobalArgs.Count);
    }

    [Fact]
    public void From_names_a_stage_by_name_only_not_by_index()
    {
        var doc = Valid("FROM alpine:3.20", "FROM 0");
        Assert.Null(doc.Stages[1].Parent);
        Assert.False(doc.Stages[0].IsBase);
    }

    [Fact]
    public void A_stage_named_later_is_not_a_parent()
    {
        var doc = Valid("FROM later", "FROM alpine:3.20 AS later");
        Assert.Null(doc.Stages[0].Parent);
    }

    [Fact]
    public void Global_args_expand_in_from_with_defaults_chains_and_unset_values_kept()
    {
        var doc = Valid(
            "ARG REGISTRY=registry.example",
            "ARG NODE=22",
            "ARG IMAGE=${REGISTRY}/node:${NODE}-slim",
            "ARG VERSION",
            "FROM ${IMAGE} AS a",
            "FROM node:${VERSION} AS b",
            "FROM node:${VERSION:-20} AS c",
            "FROM node:${VERSION:+x} AS d",
            "ARG LOCAL=1",
            "FROM node:$LOCAL AS e",
            "FROM \"alpine:${NODE}\" AS f");
        Assert.Equal(
            ["registry.example/node:22-slim", "node:${VERSION}", "node:20", "node:", "node:$LOCAL", "alpine:22"],
            doc.Stages.Select(s => s.Image));
    }

    [Fact]
    public void Comments_directly_above_an_instruction_are_its_leading_comments()
    {
        var doc = Valid("FROM alpine:3.20", "# one", "  # two", "RUN a", "# detached", "", "RUN b");
        Assert.Equal(["# one", "# two"], doc.Instructions[1].LeadingComments);
        Assert.Empty(doc.Instructions[2].LeadingComments);
        Assert.Equal([2, 3, 5], doc.Comments.Select(c => c.Line));
    }

    [Fact]
    public void A_byte_order_mark_and_crlf_line_ends_are_accepted()
    {
        var doc = DockerfileParser.Parse("\uFEFFFROM alpine:3.20\r\nRUN a \\\r\n  b\r\nUSER app\r\n", "Dockerfile");
        Assert.Empty(doc.Errors);
        Assert.Equal(["FROM", "RUN", "USER"], doc.Instructions.Select(i => i.Keyword));
        Assert.Equal("a   b", doc.Instructions[1].Arguments);
        Assert.Equal(4, doc.Instructions[2].StartLine);
    }

    [Theory]
    [InlineData("echo \"a b\" 'c d' e\\ f", new[] { "echo", "a b", "c d", "e f" })]
    [InlineData("\"x\\\"y\" \"\\$HOME\" \"a\\nb\"", new[] { "x\"y", "$HOME", "a\\nb" })]
    [InlineData("'it''s' \"\"", new[] { "its", "" })]
    [InlineData("  spaced   out  ", new[] { "spaced", "out" })]
    public void Words_split_and_unquote_like_buildkit(string text, string[] expected) =>
        Assert.Equal(expected, DockerfileParser.Words(text));

    [Fact]
    public void Words_with_backtick_escape_keep_backslashes()
    {
        Assert.Equal(["C:\\a b\\", "`x"], DockerfileParser.Words("\"C:\\a b\\\" ``x", '`'));
        Assert.Equal(["a\"b"], DockerfileParser.Words("a`\"b", '`'));
    }

    [Fact]
    public void Raw_words_keep_their_quotes()
    {
        Assert.Equal(["echo", "\"a b\"", "'c d'", "e\\ f"], DockerfileParser.RawWords("echo \"a b\" 'c d' e\\ f"));
    }
}

public sealed class MalformedDockerfileTests
{
    private static void AssertError(DockerfileDocument doc, int line, string fragment)
    {
        Assert.True(doc.Errors.Any(e => e.Location?.StartLine == line && e.Message.Contains(fragment, StringComparison.OrdinalIgnoreCase)),
            $"no error at line {line} with '{fragment}'; errors: " + string.Join("; ", doc.Errors.Select(e => $"{e.Location?.StartLine}: {e.Message}")));
        Assert.All(doc.Errors, e => Assert.Equal("Dockerfile", e.Location?.Path));
    }

    [Fact]
    public void Unknown_instruction_is_an_error_at_its_line_and_the_rest_is_parsed()
    {
        var doc = Parse("FROM alpine:3.20", "RUNN echo typo", "USER app");
        AssertError(doc, 2, "unknown instruction: RUNN");
        Assert.Equal(["FROM", "USER"], doc.Instructions.Select(i => i.Keyword));
    }

    [Theory]
    [InlineData("RUN", "RUN requires at least one argument")]
    [InlineData("FROM", "FROM requires at least one argument")]
    [InlineData("RUN --mount=type=cache,target=/x", "requires arguments after its flags")]
    [InlineData("COPY onlyone", "COPY requires at least two arguments")]
    [InlineData("ADD --chown=a:b x", "ADD requires at least two arguments")]
    [InlineData("ENV ONLYNAME", "ENV requires a key and a value")]
    [InlineData("LABEL version", "LABEL requires a key and a value")]
    [InlineData("SHELL /bin/bash -c", "SHELL requires the arguments to be in JSON form")]
    [InlineData("HEALTHCHECK --interval=5s", "requires arguments after its flags")]
    [InlineData("HEALTHCHECK curl localhost", "HEALTHCHECK requires CMD")]
    [InlineData("HEALTHCHECK CMD", "HEALTHCHECK CMD requires a command")]
    [InlineData("HEALTHCHECK NONE please", "HEALTHCHECK NONE takes no other arguments")]
    [InlineData("ONBUILD ONBUILD RUN x", "ONBUILD ONBUILD is not allowed")]
    [InlineData("ONBUILD FROM alpine", "FROM is not allowed as an ONBUILD trigger")]
    [InlineData("ONBUILD", "ONBUILD requires at least one argument")]
    [InlineData("RUN[\"echo\"]", "cannot parse instruction")]
    [InlineData("-- nonsense", "cannot parse instruction")]
    [InlineData("COPY --=x a b", "flag without a name")]
    public void Missing_or_bad_arguments_are_errors_at_their_line(string line, string fragment)
    {
        var doc = Parse("FROM alpine:3.20", "USER app", line, "CMD [\"x\"]");
        AssertError(doc, 3, fragment);
        Assert.Equal("CMD", doc.Instructions[^1].Keyword);
        Assert.Equal(4, doc.Instructions[^1].StartLine);
    }

    [Theory]
    [InlineData("FROM a b")]
    [InlineData("FROM a AS")]
    [InlineData("FROM a AS b c")]
    [InlineData("FROM a FROM b")]
    public void From_with_bad_arguments_is_an_error(string line)
    {
        var doc = Parse("FROM alpine:3.20", line);
        AssertError(doc, 2, "FROM requires either one argument");
    }

    [Theory]
    [InlineData("FROM alpine AS 1st")]
    [InlineData("FROM alpine AS -x")]
    [InlineData("FROM alpine AS a/b")]
    public void An_invalid_stage_name_is_an_error(string line) => AssertError(Parse(line), 1, "invalid stage name");

    [Fact]
    public void A_duplicate_stage_name_is_an_error_at_the_second()
    {
        var doc = Parse("FROM alpine AS build", "FROM debian:12 AS Build");
        AssertError(doc, 2, "duplicate stage name 'Build'");
    }

    [Fact]
    public void An_unterminated_heredoc_is_an_error_at_its_instruction()
    {
        var doc = Parse("FROM alpine:3.20", "RUN <<EOF", "echo never closed", "USER app", "");
        AssertError(doc, 2, "unterminated heredoc <<EOF");
        var run = Assert.Single(doc.Instructions, i => i.Keyword == "RUN");
        Assert.Equal((2, 4), (run.StartLine, run.EndLine));
        Assert.Equal("echo never closed\nUSER app\n\n", run.Heredocs[0].Body);
    }

    [Fact]
    public void Duplicate_and_invalid_directives_are_errors()
    {
        AssertError(Parse("# escape=`", "# escape=\\", "FROM alpine:3.20"), 2, "parser directive 'escape' set twice");
        AssertError(Parse("# syntax=a", "# SYNTAX=b", "FROM alpine:3.20"), 2, "parser directive 'syntax' set twice");
        var bad = Parse("# escape=/", "FROM alpine:3.20");
        AssertError(bad, 1, "invalid escape character '/'");
        Assert.Equal('\\', bad.EscapeChar);
    }

    [Fact]
    public void Instructions_before_the_first_from_other_than_arg_are_an_error()
    {
        AssertError(Parse("ARG V=1", "RUN echo hi", "FROM alpine:3.20"), 2, "RUN before the first FROM");
        Assert.Empty(Parse("# comment", "ARG V=1", "FROM alpine:${V}").Errors);
    }

    [Fact]
    public void Empty_and_comment_only_files_parse_to_nothing()
    {
        Assert.Empty(Parse("").Instructions);
        Assert.Empty(Parse("# only", "# comments").Instructions);
        Assert.Empty(Parse("").Errors);
    }
}
