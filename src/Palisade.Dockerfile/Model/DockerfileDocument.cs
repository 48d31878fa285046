using Palisade.Core.Findings;

namespace Palisade.Dockerfile.Model;

/// <summary>A comment line of a Dockerfile (outside heredoc bodies and parser directives), trimmed.</summary>
public sealed record Comment(int Line, string Text);

/// <summary>A parsed Dockerfile: its parser directives, instructions in order, stages, and parse errors.</summary>
public sealed class DockerfileDocument
{
    public required string Path { get; init; }

    /// <summary>Parser directives from the top of the file (<c>syntax</c>, <c>escape</c>, <c>check</c>), keys lower case.</summary>
    public IReadOnlyDictionary<string, string> Directives { get; init; } = new Dictionary<string, string>();

    public char EscapeChar { get; init; } = '\\';

    public required IReadOnlyList<Instruction> Instructions { get; init; }

    /// <summary>Problems that make (part of) the file invalid; the instructions around them are still parsed.</summary>
    public IReadOnlyList<ScanError> Errors { get; init; } = [];

    /// <summary>Every comment line, in order (those inside line continuations included).</summary>
    public IReadOnlyList<Comment> Comments { get; init; } = [];

    /// <summary>Global ARGs (before the first FROM) with their defaults.</summary>
    public IReadOnlyList<Instruction> GlobalArgs => Instructions.TakeWhile(i => i.Keyword != "FROM").Where(i => i.Keyword == "ARG").ToList();

    private IReadOnlyList<Stage>? _stages;

    /// <summary>The build stages, in order.</summary>
    public IReadOnlyList<Stage> Stages => _stages ??= Stage.Split(this);

    /// <summary>The stage a plain <c>docker build</c> produces: the last one.</summary>
    public Stage? FinalStage => Stages.Count == 0 ? null : Stages[^1];
}
