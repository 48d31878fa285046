using System.Text;

namespace Palisade.Dockerfile.Shell;

/// <summary>
/// One simple command of a shell script: its words after quote removal, without leading variable
/// assignments and redirections, and how it connects to its neighbours (pipes).
/// </summary>
public sealed class ShellCommand
{
    public required IReadOnlyList<string> Words { get; init; }

    /// <summary><c>FOO=bar</c> assignments written before the command.</summary>
    public IReadOnlyList<string> Assignments { get; init; } = [];

    /// <summary>Whether the command's output goes into a pipe (<c>curl ... |</c>).</summary>
    public bool PipesOut { get; init; }

    /// <summary>Whether the command reads a pipe (<c>| sh</c>).</summary>
    public bool PipedIn { get; init; }

    /// <summary>The program name without its directory (<c>/usr/bin/apt-get</c> gives <c>apt-get</c>).</summary>
    public string Name => Words.Count == 0 ? "" : Path.GetFileName(Words[0]);

    private IReadOnlyList<string>? _args;

    /// <summary>The words after the program name.</summary>
    public IReadOnlyList<string> Args => _args ??= Words.Count <= 1 ? [] : Words.Skip(1).ToList();

    /// <summary>Whether any of the flags is given: long flags exactly (<c>--yes</c>, <c>--opt=value</c>), short flags also bundled (<c>-qy</c>).</summary>
    public bool HasFlag(params ReadOnlySpan<string> flags)
    {
        foreach (var flag in flags)
        {
            foreach (var w in Args)
            {
                if (w == "--") break;
                if (flag.StartsWith("--", StringComparison.Ordinal))
                {
                    if (w == flag || w.StartsWith(flag + "=", StringComparison.Ordinal)) return true;
                }
                else if (flag.Length == 2 && w.Length >= 2 && w[0] == '-' && w[1] != '-' && w.AsSpan(1).Contains(flag[1]))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>The words that are not options (do not start with '-'), after the program name.</summary>
    public IEnumerable<string> Operands => Args.Where(a => !a.StartsWith('-'));

    public override string ToString() => string.Join(' ', Words);
}

/// <summary>
/// A small POSIX shell reader for what Dockerfiles put in RUN: splits a script into simple commands at
/// <c>&amp;&amp;</c>, <c>||</c>, <c>;</c>, <c>|</c>, <c>&amp;</c>, newlines and parentheses; removes quotes;
/// keeps <c>$(...)</c> and backticks inside their word; drops comments and redirections; reads
/// <c>sh -c "..."</c> (and bash, dash, ash ...) scripts as commands too, and adds the command a wrapper runs
/// (<c>sudo</c>, <c>env</c>, <c>exec</c>, <c>nice</c>, <c>gosu</c> ...) after the wrapper. Never throws.
/// </summary>
public static class ShellScript
{
    private const int MaxDepth = 4;

    public static IReadOnlyList<ShellCommand> Parse(string script) => Parse(script, 0);

    private static List<ShellCommand> Parse(string script, int depth)
    {
        var commands = new List<ShellCommand>();
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var pipedIn = false;

        void EndWord()
        {
            if (inWord) words.Add(word.ToString());
            word.Clear();
            inWord = false;
        }

        void Add(ShellCommand cmd, int level)
        {
            commands.Add(cmd);
            if (depth >= MaxDepth || level >= MaxDepth) return;
            if (ShellScriptArgument(cmd) is { } script) commands.AddRange(Parse(script, depth + 1));
            else if (Unwrap(cmd) is { } inner) Add(inner, level + 1);
        }

        void EndCommand(bool pipesOut)
        {
            EndWord();
            if (words.Count == 0)
            {
                // An empty command (a newline after '|', a stray ';') does not break a pipe.
                if (pipesOut) pipedIn = true;
                return;
            }
            if (Build(words, pipedIn, pipesOut) is { } cmd) Add(cmd, 0);
            words.Clear();
            pipedIn = pipesOut;
        }

        var s = script;
        for (var i = 0; i < s.Length; i++)
        {
            var ch = s[i];
            switch (ch)
            {
                case '\\':
                    if (i + 1 < s.Length)
                    {
                        if (s[i + 1] == '\n') { i++; break; }
                        word.Append(s[++i]);
                        inWord = true;
                    }
                    break;
                case '\'':
                {
                    var close = s.IndexOf('\'', i + 1);
                    if (close < 0) close = s.Length;
                    word.Append(s, i + 1, close - i - 1);
                    inWord = true;
                    i = close;
                    break;
                }
                case '"':
                {
                    i++;
                    while (i < s.Length && s[i] != '"')
                    {
                        if (s[i] == '\\' && i + 1 < s.Length && s[i + 1] is '"' or '\\' or '$' or '`' or '\n')
                        {
                            if (s[i + 1] != '\n') word.Append(s[i + 1]);
                            i += 2;
                            continue;
                        }
                        if (s[i] == '$' && i + 1 < s.Length && s[i + 1] == '(')
                        {
                            var end = Balanced(s, i + 1);
                            word.Append(s, i, end - i + 1);
                            i = end + 1;
                            continue;
                        }
                        word.Append(s[i++]);
                    }
                    inWord = true;
                    break;
                }
                case '`':
                {
                    var close = s.IndexOf('`', i + 1);
                    if (close < 0) close = s.Length - 1;
                    word.Append(s, i, close - i + 1);
                    inWord = true;
                    i = close;
                    break;
                }
                case '$' when i + 1 < s.Length && s[i + 1] == '(':
                {
                    var end = Balanced(s, i + 1);
                    word.Append(s, i, Math.Min(end, s.Length - 1) - i + 1);
                    inWord = true;
                    i = end;
                    break;
                }
                case '#' when !inWord:
                    while (i < s.Length && s[i] != '\n') i++;
                    EndCommand(false);
                    break;
                case '&' when i + 1 < s.Length && s[i + 1] == '&':
                    i++;
                    EndCommand(false);
                    break;
                case '|' when i + 1 < s.Length && s[i + 1] == '|':
                    i++;
                    EndCommand(false);
                    break;
                case '|':
                    EndCommand(true);
                    break;
                case '>' or '<':
                    // Redirection: drop the operator (with an fd number before it) and its target word.
                    if (inWord && word.ToString().All(char.IsAsciiDigit)) { word.Clear(); inWord = false; }
                    EndWord();
                    while (i + 1 < s.Length && s[i + 1] is '>' or '<' or '&' or '|') i++;
                    if (i + 1 < s.Length && s[i + 1] == '(') { i = Balanced(s, i + 1); break; }
                    while (i + 1 < s.Length && s[i + 1] is ' ' or '\t') i++;
                    while (i + 1 < s.Length && !char.IsWhiteSpace(s[i + 1]) && s[i + 1] is not (';' or '&' or '|' or '(' or ')' or '<' or '>'))
                    {
                        i++;
                        if (s[i] is '"' or '\'')
                        {
                            var close = s.IndexOf(s[i], i + 1);
                            i = close < 0 ? s.Length - 1 : close;
                        }
                        else if (s[i] == '\\' && i + 1 < s.Length) i++;
                    }
                    break;
                case ';' or '&' or '\n' or '(' or ')':
                    EndCommand(false);
                    break;
                default:
                    if (char.IsWhiteSpace(ch)) EndWord();
                    else
                    {
                        word.Append(ch);
                        inWord = true;
                    }
                    break;
            }
        }
        EndCommand(false);
        return commands;
    }

    /// <summary>Index of the ')' closing the '(' at <paramref name="open"/> (or the end of the text).</summary>
    private static int Balanced(string s, int open)
    {
        var depth = 0;
        for (var i = open; i < s.Length; i++)
        {
            if (s[i] == '(') depth++;
            else if (s[i] == ')' && --depth == 0) return i;
        }
        return s.Length - 1;
    }

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal) { "{", "}", "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "esac", "!", "time" };

    /// <summary>Reserved words whose line is a loop or case header (<c>for x in a b</c>), not a command.</summary>
    private static readonly HashSet<string> Headers = new(StringComparer.Ordinal) { "for", "case", "select" };

    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "sh", "bash", "dash", "ash", "zsh", "ksh", "mksh" };

    /// <summary>The script of <c>sh -c "..."</c> (also <c>bash -ec</c>, <c>sh -x -c</c>); null for other commands.</summary>
    public static string? ShellScriptArgument(ShellCommand cmd)
    {
        ArgumentNullException.ThrowIfNull(cmd);
        if (!Shells.Contains(cmd.Name)) return null;
        var args = cmd.Args;
        for (var k = 0; k < args.Count; k++)
        {
            var a = args[k];
            if (a is "-o" or "+o" or "-O" or "+O") { k++; continue; }
            if (a.StartsWith("--", StringComparison.Ordinal) || (a.Length >= 2 && a[0] == '+')) continue; // --login, +x
            if (a.Length < 2 || a[0] != '-') return null; // a script file
            if (a.Contains('c', StringComparison.Ordinal)) return k + 1 < args.Count ? args[k + 1] : null;
        }
        return null;
    }

    /// <summary>Commands that run the rest of their words as a command, with the options that take a value.</summary>
    private static readonly Dictionary<string, string[]> Wrappers = new(StringComparer.Ordinal)
    {
        ["sudo"] = ["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T", "--user", "--group", "--chdir", "--prompt", "--role", "--type", "--host", "--close-from", "--other-user", "--command-timeout"],
        ["doas"] = ["-u", "-C"],
        ["env"] = ["-u", "-C", "-S", "--unset", "--chdir", "--split-string"],
        ["exec"] = ["-a"],
        ["nice"] = ["-n", "--adjustment"],
        ["nohup"] = [],
        ["command"] = [],
        ["time"] = ["-f", "-o", "--format", "--output"],
        ["timeout"] = ["-s", "-k", "--signal", "--kill-after"],
        ["gosu"] = [],
        ["su-exec"] = [],
    };

    /// <summary>The command a wrapper runs (<c>sudo -u app pip install x</c> gives <c>pip install x</c>); null when none.</summary>
    public static ShellCommand? Unwrap(ShellCommand cmd)
    {
        ArgumentNullException.ThrowIfNull(cmd);
        if (!Wrappers.TryGetValue(cmd.Name, out var valueOptions)) return null;
        var words = cmd.Words;
        var k = 1;
        var assignments = new List<string>();
        while (k < words.Count)
        {
            var w = words[k];
            if (w == "--") { k++; break; }
            if (cmd.Name == "env" && IsAssignment(w)) { assignments.Add(w); k++; continue; }
            if (w.Length < 2 || w[0] != '-') break;
            if (cmd.Name == "command" && w is "-v" or "-V") return null; // command -v only looks the name up
            k += valueOptions.Contains(w) ? 2 : 1;
        }
        if (cmd.Name is "gosu" or "su-exec") k++; // the user
        if (cmd.Name == "timeout") k++; // the duration
        if (k >= words.Count) return null;
        return new ShellCommand { Words = words.Skip(k).ToList(), Assignments = assignments, PipedIn = cmd.PipedIn, PipesOut = cmd.PipesOut };
    }

    private static ShellCommand? Build(List<string> words, bool pipedIn, bool pipesOut)
    {
        var start = 0;
        // Reserved words that start a compound command: what follows is the command.
        while (start < words.Count && Keywords.Contains(words[start])) start++;
        if (start < words.Count && Headers.Contains(words[start])) return null;
        var assignments = new List<string>();
        while (start < words.Count && IsAssignment(words[start])) assignments.Add(words[start++]);
        if (start >= words.Count) return null;
        return new ShellCommand { Words = words.Skip(start).ToList(), Assignments = assignments, PipedIn = pipedIn, PipesOut = pipesOut };
    }

    private static bool IsAssignment(string w)
    {
        var eq = w.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) return false;
        for (var i = 0; i < eq; i++)
            if (!(char.IsAsciiLetterOrDigit(w[i]) || w[i] == '_') || (i == 0 && char.IsAsciiDigit(w[i]))) return false;
        return true;
    }
}
