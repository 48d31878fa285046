using Palisade.Core.Findings;

namespace Palisade.Core.Tests;

internal static class TestFindings
{
    public static Finding Make(string ruleId, string? path = "k8s/deploy.yaml", Severity severity = Severity.High) => new()
    {
        RuleId = ruleId,
        Severity = severity,
        Title = "title of " + ruleId,
        Message = "message of " + ruleId,
        Location = path is null ? null : new SourceLocation(path, 3, 9),
    };
}
