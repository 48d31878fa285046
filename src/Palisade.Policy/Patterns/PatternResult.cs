namespace Palisade.Policy.Patterns;

/// <summary>What checking a resource against a validate pattern decided.</summary>
public enum PatternOutcome
{
    /// <summary>The resource satisfies the pattern.</summary>
    Pass,

    /// <summary>The resource violates the pattern.</summary>
    Fail,

    /// <summary>A conditional or global anchor did not hold, so the pattern does not apply to the resource.</summary>
    Skip,
}

/// <summary>The result of <see cref="PatternValidator.Validate"/>.</summary>
/// <param name="Outcome">Pass, fail or skip.</param>
/// <param name="Path">
/// Where a failure was found, as Kyverno reports it (<c>/spec/containers/0/securityContext/privileged/</c>); empty for
/// a pass, a skip, and the failures Kyverno reports without a path (an anchor key absent from the resource).
/// </param>
/// <param name="Message">Why it failed or was skipped; empty for a pass.</param>
public sealed record PatternResult(PatternOutcome Outcome, string Path, string Message)
{
    /// <summary>The passing result.</summary>
    public static PatternResult Passed { get; } = new(PatternOutcome.Pass, "", "");
}

/// <summary>The result of <see cref="PatternValidator.ValidateAny"/> (Kyverno's <c>anyPattern</c>).</summary>
/// <param name="Outcome">Pass if a pattern passed; otherwise fail if any failed; otherwise skip.</param>
/// <param name="PassedIndex">The index of the pattern that passed, or -1.</param>
/// <param name="Results">The result of each pattern tried, in order (checking stops at the first pass).</param>
public sealed record AnyPatternResult(PatternOutcome Outcome, int PassedIndex, IReadOnlyList<PatternResult> Results);

/// <summary>A pattern Kyverno would not evaluate (nested too deeply for a policy).</summary>
public sealed class PatternException(string message) : Exception(message);
