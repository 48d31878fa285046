using Palisade.Dockerfile.Checks;
using Palisade.Dockerfile.Shell;
using static Palisade.Dockerfile.Tests.TestKit;

namespace Palisade.Dockerfile.Tests;

public sealed class ShellScriptTests
{
    private static List<string> Commands(string script) => ShellScript.Parse(script).Select(c => c.ToString()).ToList();

    [Theory]
    [InlineData("apt-get update && apt-get install -y curl", new[] { "apt-get update", "apt-get install -y curl" })]
    [InlineData("a || b; c & d", new[] { "a", "b", "c", "d" })]
    [InlineData("a\nb\n\nc", new[] { "a", "b", "c" })]
    [InlineData("(cd /src && make) && { echo ok; }", new[] { "cd /src", "make", "echo ok" })]
    [InlineData("a \\\n  b", new[] { "a b" })]
    [InlineData("", new string[0])]
    [InlineData(" ; ;; & ", new string[0])]
    public void Scripts_split_into_simple_commands(string script, string[] expected) => Assert.Equal(expected, Commands(script));

    [Theory]
    [InlineData("echo \"a b\" 'c d' e\\ f", new[] { "echo", "a b", "c d", "e f" })]
    [InlineData("echo \"say \\\"hi\\\" \\$HOME \\\\ \\n\"", new[] { "echo", "say \"hi\" $HOME \\ \\n" })]
    [InlineData("echo 'single \"keeps\" \\ all'", new[] { "echo", "single \"keeps\" \\ all" })]
    [InlineData("echo pre\"mid\"'post'", new[] { "echo", "premidpost" })]
    [InlineData("echo \"\"", new[] { "echo", "" })]
    public void Quotes_and_escapes_are_removed(string script, string[] words) =>
        Assert.Equal(words, Assert.Single(ShellScript.Parse(script)).Words);

    [Theory]
    [InlineData("echo $(cd /x && make) done", new[] { "echo", "$(cd /x && make)", "done" })]
    [InlineData("echo \"v=$(cat /v | tr -d x)\"", new[] { "echo", "v=$(cat /v | tr -d x)" })]
    [InlineData("echo `uname -m; id`", new[] { "echo", "`uname -m; id`" })]
    [InlineData("echo $((1 + 2))", new[] { "echo", "$((1 + 2))" })]
    [InlineData("echo ${VAR:-x} ${#VAR}", new[] { "echo", "${VAR:-x}", "${#VAR}" })]
    public void Command_substitutions_stay_inside_their_word(string script, string[] words) =>
        Assert.Equal(words, Assert.Single(ShellScript.Parse(script)).Words);

    [Fact]
    public void Pipes_mark_both_ends()
    {
        var cmds = ShellScript.Parse("curl -fsSL https://x.example/i.sh | sh && echo done");
        Assert.Equal(3, cmds.Count);
        Assert.True(cmds[0].PipesOut);
        Assert.False(cmds[0].PipedIn);
        Assert.True(cmds[1].PipedIn);
        Assert.False(cmds[1].PipesOut);
        Assert.False(cmds[2].PipedIn);
    }

    [Fact]
    public void A_pipe_continues_across_a_newline()
    {
        var cmds = ShellScript.Parse("curl -fsSL https://x.example/i.sh |\n  bash");
        Assert.Equal(["curl", "bash"], cmds.Select(c => c.Name));
        Assert.True(cmds[1].PipedIn);
    }

    [Theory]
    [InlineData("echo hi > /tmp/x 2>&1", new[] { "echo", "hi" })]
    [InlineData("cat < in.txt >> out.txt", new[] { "cat" })]
    [InlineData("echo x >\"/tmp/a b\" y", new[] { "echo", "x", "y" })]
    [InlineData("cmd 2>/dev/null", new[] { "cmd" })]
    [InlineData("cmd &>/dev/null", new[] { "cmd" })]
    [InlineData("diff <(sort a) b", new[] { "diff", "b" })]
    [InlineData("cat <<<'here string' extra", new[] { "cat", "extra" })]
    public void Redirections_and_their_targets_are_dropped(string script, string[] words) =>
        Assert.Equal(words, ShellScript.Parse(script)[0].Words);

    [Fact]
    public void Leading_assignments_are_kept_apart_from_the_command()
    {
        var cmd = Assert.Single(ShellScript.Parse("FOO=1 BAR=\"a b\" make install"));
        Assert.Equal(["FOO=1", "BAR=a b"], cmd.Assignments);
        Assert.Equal("make", cmd.Name);
        Assert.Equal(["install"], cmd.Args);
        Assert.Empty(ShellScript.Parse("ONLY=assignment"));
        Assert.Equal("1FOO=x", Assert.Single(ShellScript.Parse("1FOO=x")).Name);
    }

    [Fact]
    public void Comments_end_at_the_line_but_hashes_inside_words_stay()
    {
        Assert.Equal(["echo a"], Commands("echo a # && rm -rf /"));
        Assert.Equal(["echo a", "echo b"], Commands("echo a # comment\necho b"));
        Assert.Equal(["echo a#b"], Commands("echo a#b"));
        Assert.Equal(["echo #not-a-comment"], Commands("echo \"#not-a-comment\""));
    }

    [Theory]
    [InlineData("sh -c \"apt-get update && apt-get install -y curl\"", new[] { "sh", "apt-get", "apt-get" })]
    [InlineData("bash -ec 'pip install x'", new[] { "bash", "pip" })]
    [InlineData("/bin/bash -o pipefail -c \"curl x | sh\"", new[] { "bash", "curl", "sh" })]
    [InlineData("bash --login -c 'make'", new[] { "bash", "make" })]
    [InlineData("bash script.sh -c nope", new[] { "bash" })]
    [InlineData("sh -c", new[] { "sh" })]
    public void Shell_c_scripts_are_read_as_commands_too(string script, string[] names) =>
        Assert.Equal(names, ShellScript.Parse(script).Select(c => c.Name));

    [Theory]
    [InlineData("sudo -u app pip install x", new[] { "sudo", "pip" })]
    [InlineData("sudo -E apt-get install -y curl", new[] { "sudo", "apt-get" })]
    [InlineData("env -u X A=1 B=2 pip install x", new[] { "env", "pip" })]
    [InlineData("exec nginx -g 'daemon off;'", new[] { "exec", "nginx" })]
    [InlineData("nice -n 10 nohup make", new[] { "nice", "nohup", "make" })]
    [InlineData("gosu app npm install", new[] { "gosu", "npm" })]
    [InlineData("timeout 30s curl x", new[] { "timeout", "curl" })]
    [InlineData("command -v curl", new[] { "command" })]
    [InlineData("sudo", new[] { "sudo" })]
    [InlineData("sudo sh -c 'apk add x'", new[] { "sudo", "sh", "apk" })]
    public void Wrappers_add_the_command_they_run(string script, string[] names) =>
        Assert.Equal(names, ShellScript.Parse(script).Select(c => c.Name));

    [Fact]
    public void The_wrapped_command_keeps_env_assignments_and_pipes()
    {
        var cmds = ShellScript.Parse("curl x | sudo env PIP_NO_CACHE_DIR=1 python3 -");
        var inner = cmds.Single(c => c.Name == "python3");
        Assert.Equal(["PIP_NO_CACHE_DIR=1"], inner.Assignments);
        Assert.True(inner.PipedIn);
    }

    [Fact]
    public void Compound_commands_give_their_inner_commands_and_loop_headers_are_not_commands()
    {
        Assert.Equal(["[ -f /x ]", "rm /x", "touch /x"], Commands("if [ -f /x ]; then rm /x; else touch /x; fi"));
        Assert.Equal(["pip install $p"], Commands("for p in a b c; do pip install $p; done"));
        Assert.Equal(["sleep 1"], Commands("while true; do sleep 1; done").Skip(1));
        Assert.Equal(["false"], Commands("! false"));
    }

    [Fact]
    public void Program_name_drops_the_directory()
    {
        Assert.Equal("apt-get", Assert.Single(ShellScript.Parse("/usr/bin/apt-get install x")).Name);
    }

    [Theory]
    [InlineData("apt-get install -qy curl", "-y", true)]
    [InlineData("apt-get install --yes curl", "--yes", true)]
    [InlineData("apt-get install --yes=true curl", "--yes", true)]
    [InlineData("apt-get install --yesno curl", "--yes", false)]
    [InlineData("apt-get install -- -y", "-y", false)]
    [InlineData("pip install --no-cache-dir x", "--no-cache-dir", true)]
    public void HasFlag_reads_bundled_short_flags_and_long_flags(string script, string flag, bool expected) =>
        Assert.Equal(expected, ShellScript.Parse(script)[0].HasFlag(flag));

    [Theory]
    [InlineData("echo \"unterminated")]
    [InlineData("echo 'unterminated")]
    [InlineData("echo $(unbalanced")]
    [InlineData("echo `unbalanced")]
    [InlineData("echo \"$(unbalanced")]
    [InlineData("\\")]
    [InlineData("cmd >")]
    [InlineData("cmd > \"unterminated")]
    [InlineData("sh -c \"sh -c 'sh -c \\\"sh -c x\\\"'\"")]
    public void Broken_scripts_do_not_throw(string script) => Assert.NotNull(ShellScript.Parse(script));
}

public sealed class RunScriptTests
{
    private static List<string> Names(params string[] lines) =>
        RunScript.Commands(Valid(["FROM alpine:3.20", .. lines]).Instructions[1]).Select(c => c.Name).ToList();

    [Fact]
    public void Shell_form_exec_form_and_heredocs_give_their_commands()
    {
        Assert.Equal(["apk", "rm"], Names("RUN apk add x && rm -rf /tmp/*"));
        Assert.Equal(["apk"], Names("RUN [\"/bin/sh\", \"-c\", \"apk add x\"]"));
        Assert.Equal(["apk"], Names("RUN [\"sh\", \"-ec\", \"apk add x\"]"));
        Assert.Equal(["/usr/bin/apk"], RunScript.Commands(Valid("FROM alpine:3.20", "RUN [\"/usr/bin/apk\", \"add\", \"x\"]").Instructions[1]).Select(c => c.Words[0]));
        Assert.Equal(["apk", "echo"], Names("RUN <<EOF", "apk add x", "echo done", "EOF"));
        Assert.Equal(["bash", "apk"], Names("RUN bash <<EOF", "apk add x", "EOF"));
        Assert.Equal(["python3"], Names("RUN python3 <<EOF", "import os", "EOF"));
        Assert.Equal(["cat"], Names("RUN cat <<EOF > /etc/x.conf", "rm -rf /", "EOF"));
        Assert.Equal(["apk"], Names("ONBUILD RUN apk add x"));
    }

    [Fact]
    public void A_heredoc_script_with_a_non_shell_shebang_is_not_shell()
    {
        Assert.Empty(Names("RUN <<EOF", "#!/usr/bin/env python3", "import subprocess", "EOF"));
        Assert.Equal(["apk"], Names("RUN <<EOF", "#!/bin/bash", "apk add x", "EOF"));
    }

    [Fact]
    public void A_non_posix_shell_gives_no_commands_to_the_checks()
    {
        var findings = Run("PAL-DF-016", Lines("FROM mcr.microsoft.com/windows/servercore:ltsc2022", "SHELL [\"powershell\", \"-Command\"]", "RUN sudo thing"));
        Assert.Empty(findings);
        Assert.Single(Run("PAL-DF-016", Lines("FROM alpine:3.20", "SHELL [\"/bin/bash\", \"-c\"]", "RUN sudo thing")));
    }

    [Fact]
    public void Mounts_at_a_path_are_recognised_for_cache_and_tmpfs_only()
    {
        var doc = Valid("FROM alpine:3.20", "RUN --mount=type=cache,target=/var/cache/apk/ --mount=type=tmpfs,dst=/tmp --mount=type=bind,target=/src true");
        var run = doc.Instructions[1];
        Assert.True(RunScript.MountsAt(run, "/var/cache/apk"));
        Assert.True(RunScript.MountsAt(run, "/tmp"));
        Assert.False(RunScript.MountsAt(run, "/src"));
    }
}
