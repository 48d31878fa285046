using System.Collections.Immutable;
using Palisade.Core.Rules;
using Palisade.Dockerfile.Model;
using Palisade.Dockerfile.Parsing;

namespace Palisade.Dockerfile.Checks;

/// <summary>Where a Dockerfile check fired.</summary>
public sealed record DockerfileHit(int StartLine, int EndLine, string Message)
{
    public static DockerfileHit At(Instruction i, string message) => new(i.StartLine, i.EndLine, message);
}

/// <summary>What a check may look at besides the document: facts about the build context.</summary>
public sealed class DockerfileContext
{
    public required DockerfileDocument Document { get; init; }

    /// <summary>Whether a .dockerignore (or &lt;Dockerfile&gt;.dockerignore) sits beside the Dockerfile; null when unknown.</summary>
    public bool? HasDockerignore { get; init; }

    private readonly Dictionary<Instruction, IReadOnlyList<Shell.ShellCommand>> _commands = new(ReferenceEqualityComparer.Instance);

    /// <summary>The shell commands of a RUN (cached); empty when the stage's SHELL is not a POSIX shell.</summary>
    public IReadOnlyList<Shell.ShellCommand> Commands(Instruction run)
    {
        if (_commands.TryGetValue(run, out var c)) return c;
        c = IsPosixShell(run) ? RunScript.Commands(run) : [];
        _commands[run] = c;
        return c;
    }

    /// <summary>Every RUN of the file (ONBUILD RUN included) with the stage it belongs to (null before the first FROM).</summary>
    public IEnumerable<(Stage? Stage, Instruction Run)> Runs()
    {
        var stageOf = StageOf();
        return Document.Instructions.Where(i => i.Effective.Keyword == "RUN").Select(i => (stageOf.GetValueOrDefault(i), i));
    }

    /// <summary>The stage each instruction belongs to.</summary>
    public IReadOnlyDictionary<Instruction, Stage> StageOf()
    {
        if (_stageOf is not null) return _stageOf;
        var map = new Dictionary<Instruction, Stage>(ReferenceEqualityComparer.Instance);
        foreach (var s in Document.Stages)
        {
            map[s.From] = s;
            foreach (var i in s.Instructions) map[i] = s;
        }
        return _stageOf = map;
    }

    private Dictionary<Instruction, Stage>? _stageOf;

    /// <summary>What is in effect before an instruction: ENV values (inherited from parent stages), ARG values (the
    /// stage's own), and whether the SHELL is a POSIX shell.</summary>
    private sealed record State(ImmutableDictionary<string, string> Env, ImmutableDictionary<string, string> Args, bool Posix)
    {
        /// <summary>ENV wins over an ARG of the same name, as in BuildKit.</summary>
        public string? Lookup(string name) => Env.TryGetValue(name, out var e) ? e : Args.TryGetValue(name, out var a) ? a : null;
    }

    private static readonly ImmutableDictionary<string, string> NoVariables = ImmutableDictionary.Create<string, string>(StringComparer.Ordinal);
    private static readonly State Initial = new(NoVariables, NoVariables, true);
    private Dictionary<Instruction, State>? _before;

    /// <summary>
    /// The state before every instruction, in one pass over the file (persistent maps keep it linear): the
    /// instructions before the first FROM (global ARGs, or a whole fragment without FROM) in order, then each
    /// stage starting from its parent stage's ENV and SHELL (ARGs do not carry over; <c>ARG X</c> without a
    /// default takes the global default).
    /// </summary>
    private Dictionary<Instruction, State> Before()
    {
        if (_before is not null) return _before;
        var map = new Dictionary<Instruction, State>(ReferenceEqualityComparer.Instance);
        var state = Initial;
        foreach (var i in Document.Instructions.TakeWhile(i => i.Keyword != "FROM"))
        {
            map[i] = state;
            state = Apply(state, i, NoVariables);
        }
        var globals = state.Args;
        var endOf = new Dictionary<Stage, State>(ReferenceEqualityComparer.Instance);
        foreach (var stage in Document.Stages)
        {
            state = stage.Parent is { } parent && endOf.TryGetValue(parent, out var end) ? end with { Args = NoVariables } : Initial;
            map[stage.From] = state;
            foreach (var i in stage.Instructions)
            {
                map[i] = state;
                state = Apply(state, i, globals);
            }
            endOf[stage] = state;
        }
        return _before = map;
    }

    private State Apply(State s, Instruction i, ImmutableDictionary<string, string> globals)
    {
        var escape = Document.EscapeChar;
        switch (i.Keyword)
        {
            case "ENV":
                foreach (var (k, v) in InstructionChecks.EnvPairs(i, escape)) s = s with { Env = s.Env.SetItem(k, VariableExpander.Expand(v, s.Lookup, escape)) };
                break;
            case "ARG":
                foreach (var (k, v) in Stage.ArgDefaults(i.Arguments, escape))
                {
                    var value = v is null ? globals.GetValueOrDefault(k) : VariableExpander.Expand(v, s.Lookup, escape);
                    s = s with { Args = value is null ? s.Args.Remove(k) : s.Args.SetItem(k, value) };
                }
                break;
            case "SHELL" when i.ExecForm is { Count: > 0 } exec:
                var name = Path.GetFileNameWithoutExtension(exec[0]).ToLowerInvariant();
                s = s with { Posix = name is "sh" or "bash" or "dash" or "ash" or "zsh" or "ksh" or "mksh" or "busybox" };
                break;
        }
        return s;
    }

    /// <summary>
    /// The ENV and ARG values in effect before an instruction (defaults only: build args are not known), for
    /// variable expansion: ENV from the stage and the stages it builds on, ARG from the stage itself (a global ARG
    /// redeclared without a value takes the global default), ENV winning over ARG.
    /// </summary>
    public Func<string, string?> VariablesBefore(Instruction instruction) =>
        Before().GetValueOrDefault(instruction, Initial).Lookup;

    /// <summary>Whether the SHELL in effect for an instruction is a POSIX shell (the default /bin/sh is).</summary>
    public bool IsPosixShell(Instruction instruction) => Before().GetValueOrDefault(instruction, Initial).Posix;
}

/// <summary>A Dockerfile check: its metadata (with the hadolint rules it means the same as) and its evaluation.</summary>
public sealed class DockerfileCheck(RuleMetadata metadata, Func<DockerfileContext, IEnumerable<DockerfileHit>> run)
{
    public RuleMetadata Metadata { get; } = metadata;

    public string Id => Metadata.Id;

    public IEnumerable<DockerfileHit> Run(DockerfileContext context) => run(context);

    /// <summary>A check of each RUN's commands (ONBUILD RUN included).</summary>
    public static DockerfileCheck PerRun(RuleMetadata metadata, Func<DockerfileContext, Stage?, Instruction, IEnumerable<string>> test) =>
        new(metadata, ctx => ctx.Runs().SelectMany(r => test(ctx, r.Stage, r.Run).Select(m => DockerfileHit.At(r.Run, m))));

    /// <summary>A check of each simple command in each RUN: returns a message when the command is at fault.</summary>
    public static DockerfileCheck PerCommand(RuleMetadata metadata, Func<Shell.ShellCommand, string?> test) =>
        PerRun(metadata, (ctx, _, run) => ctx.Commands(run).Select(test).OfType<string>().Distinct().Take(1));
}
