using FsCheck;
using FsCheck.Fluent;
using Palisade.Dockerfile.Checks;
using Palisade.Dockerfile.Parsing;
using Palisade.Dockerfile.Scanning;
using Palisade.Dockerfile.Shell;

namespace Palisade.Dockerfile.Tests;

/// <summary>Whatever text comes in, the parser, the shell reader and every check finish without throwing.</summary>
public sealed class PropertyTests
{
    private const string Seed = """
        # syntax=docker/dockerfile:1.7
        ARG BASE=debian:12 VERSION
        FROM --platform=$BUILDPLATFORM ${BASE:-alpine} AS build
        # hadolint ignore=DL3008
        RUN --mount=type=cache,target=/var/cache/apt apt-get update \
         && apt-get install -y --no-install-recommends curl=7.88 \
         # a comment inside
         && rm -rf /var/lib/apt/lists/*
        RUN <<EOF
        set -e
        curl -fsSL "https://x.example/$(uname -m).sh" | sh -c 'cat > /tmp/x' 2>&1
        pip install 'requests==2.32' && npm i -g pnpm@9 && gem i rake:13
        EOF
        COPY --from=build --chown=app:app --chmod=0755 <<-"CONF" /etc/app.conf
        	key=${VALUE:+set}
        	CONF
        ONBUILD RUN ["sh", "-c", "cd /x && sudo make"]
        FROM scratch
        COPY --from=0 /out /app
        ENV A=1 B="two words" C=\$literal
        EXPOSE 22/tcp 8000-8100
        USER ${USER:-root}:0
        HEALTHCHECK --interval=5s CMD ["/app", "health"]
        ENTRYPOINT /app --flag "quoted arg"
        """;

    private static readonly char[] Interesting =
    [
        '\\', '`', '\n', '\r', ' ', '\t', '#', '"', '\'', '$', '{', '}', '(', ')', '[', ']', '<', '>', '|', '&', ';', '=', '-', ':',
        ',', '/', '*', '!', '\uFEFF', '\0', 'A', 'R', 'N', 'U',
    ];

    /// <summary>Parses, reads every RUN's shell and runs every check: nothing may throw or report a crash.</summary>
    private static bool Survives(string text)
    {
        var doc = DockerfileParser.Parse(text, "Dockerfile");
        _ = doc.Stages.Select(s => (s.Image, s.RawImage, s.Parent, s.IsCopiedFrom)).ToList();
        foreach (var i in doc.Instructions)
        {
            _ = RunScript.Commands(i);
            _ = ShellScript.Parse(i.Effective.Arguments);
            _ = DockerfileParser.Words(i.Arguments, doc.EscapeChar);
            _ = VariableExpander.Expand(i.Arguments, n => n.Length % 2 == 0 ? null : n, doc.EscapeChar, keepUnset: true);
        }
        foreach (var ignore in (bool?[])[true, false, null])
        {
            var result = DockerfileScanner.ScanText(text, "Dockerfile", DockerfileChecks.All, ignore);
            if (result.Errors.Any(e => e.Message.StartsWith("check ", StringComparison.Ordinal) || e.Message.StartsWith("cannot parse", StringComparison.Ordinal)))
                throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Message)));
            if (result.Findings.Any(f => f.Location is null || f.Location.StartLine < 1 || f.Location.EndLine < f.Location.StartLine))
                throw new InvalidOperationException("a finding without a valid location");
        }
        return true;
    }

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public bool Arbitrary_text_never_throws(string? text) => Survives(text ?? "");

    [FsCheck.Xunit.Property(MaxTest = 1000)]
    public Property Mutated_dockerfiles_never_throw()
    {
        var edit = from pos in Gen.Choose(0, Seed.Length - 1)
                   from kind in Gen.Choose(0, 2)
                   from ch in Gen.Elements(Interesting)
                   from len in Gen.Choose(1, 40)
                   select (pos, kind, ch, len);
        var gen = from n in Gen.Choose(1, 6)
                  from edits in Gen.ListOf(edit, n)
                  select edits.Aggregate(Seed, (s, e) =>
                  {
                      var p = Math.Min(e.pos, s.Length == 0 ? 0 : s.Length - 1);
                      return e.kind switch
                      {
                          0 when s.Length > 0 => s[..p] + e.ch + s[(p + 1)..], // replace one character
                          1 => s[..p] + e.ch + s[p..], // insert one
                          _ => s[..p] + s[Math.Min(s.Length, p + e.len)..], // delete a run
                      };
                  });
        return Prop.ForAll(gen.ToArbitrary(), Survives);
    }

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public Property Random_lines_of_dockerfile_tokens_never_throw()
    {
        string[] tokens =
        [
            "FROM", "RUN", "ONBUILD", "COPY", "ADD", "ARG", "ENV", "USER", "WORKDIR", "EXPOSE", "CMD", "ENTRYPOINT", "HEALTHCHECK",
            "SHELL", "LABEL", "MAINTAINER", "AS", "--from=", "--mount=type=cache,target=", "--chmod=", "<<EOF", "<<-'X'", "EOF", "X",
            "\\", "`", "#", "# escape=`", "# hadolint ignore=DL3008", "${A:-${B}}", "$", "[", "]", "\"", "'", "&&", "|", "sh", "-c",
            "apt-get", "install", "apk", "add", "pip", "npm", "gem", "sudo", "cd", "chmod", "777", "curl", "22", "0", "scratch", "node:latest",
        ];
        var line = from n in Gen.Choose(0, 8)
                   from ws in Gen.ListOf(Gen.Elements(tokens), n)
                   select string.Join(' ', ws);
        var gen = from n in Gen.Choose(1, 16)
                  from ls in Gen.ListOf(line, n)
                  select string.Join('\n', ls);
        return Prop.ForAll(gen.ToArbitrary(), Survives);
    }

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public bool Arbitrary_shell_scripts_never_throw(string? script)
    {
        var commands = ShellScript.Parse(script ?? "");
        foreach (var c in commands)
        {
            _ = (c.Name, c.Args, c.Operands.ToList(), c.HasFlag("-y", "--yes"), PackageInstall.Packages(c).ToList(), PackageInstall.Verb(c));
            _ = ShellScript.Unwrap(c);
            _ = ShellScript.ShellScriptArgument(c);
        }
        return true;
    }

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public bool Arbitrary_words_and_expansions_never_throw(string? text, bool backtick)
    {
        var escape = backtick ? '`' : '\\';
        _ = DockerfileParser.Words(text ?? "", escape);
        _ = DockerfileParser.RawWords(text ?? "", escape);
        _ = DockerfileParser.HeredocMarkers(text ?? "", escape).ToList();
        _ = VariableExpander.Expand(text ?? "", _ => "v", escape);
        _ = VariableExpander.Expand(text ?? "", _ => null, escape, keepUnset: true);
        return true;
    }

    [Fact]
    public void The_seed_itself_parses_cleanly_and_is_checked()
    {
        var doc = DockerfileParser.Parse(Seed, "Dockerfile");
        Assert.Empty(doc.Errors);
        Assert.Equal(2, doc.Stages.Count);
        Assert.True(Survives(Seed));
    }
}

public sealed class ScaleTests
{
    /// <summary>
    /// A 40,000-instruction file (ENV, RUN and EXPOSE interleaved, a chain of stages) scans in linear time: the
    /// state before each instruction is computed in one pass, not by rescanning what came before (which took
    /// about 45 s here). The bound is generous so that slow machines do not fail it.
    /// </summary>
    [Fact]
    public void Huge_files_scan_in_linear_time()
    {
        var sb = new System.Text.StringBuilder("FROM debian:12 AS s0\n");
        for (var i = 1; i < 40000; i++)
            sb.Append((i % 4) switch
            {
                0 => $"FROM s{i - 4} AS s{i}\n",
                1 => "ENV PIP_NO_CACHE_DIR=1\n",
                2 => "RUN apt-get install -y curl && pip install x\n",
                _ => "EXPOSE 8080\n",
            });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = DockerfileScanner.ScanText(sb.ToString(), "Dockerfile", null, hasDockerignore: true);
        Assert.Empty(result.Errors);
        Assert.NotEmpty(result.Findings);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }
}
