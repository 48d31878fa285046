using Palisade.Core.Rules;
using Palisade.Dockerfile.Model;

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

    private bool IsPosixShell(Instruction run)
    {
        var stage = StageOf().GetValueOrDefault(run);
        var shell = stage?.EffectiveInstructions.TakeWhile(i => !ReferenceEquals(i, run)).LastOrDefault(i => i.Keyword == "SHELL");
        if (shell?.ExecForm is not { Count: > 0 } exec) return true;
        var name = Path.GetFileNameWithoutExtension(exec[0]).ToLowerInvariant();
        return name is "sh" or "bash" or "dash" or "ash" or "zsh" or "busybox";
    }
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
