using Palisade.Core.Findings;
using Palisade.Core.Rules;

namespace Palisade.Reporting.Tests;

/// <summary>Reports for the writer tests.</summary>
internal static class TestReports
{
    public const string Version = "1.2.3";

    /// <summary>Text with every kind of character a writer must survive.</summary>
    public const string OddText = "quote \" apostrophe ' <tag> & amp; [x] [red]not markup[/] \\ back\tslash\nnext line "
                                  + "naïve – 日本語 😀 ctl:\u0001\u0008\u001b\u007f lone:\uD800 end";

    public static ScanReport Empty() => new() { Tool = new ToolInfo("palisade", Version) };

    /// <summary>Several targets, every severity, findings with and without resource and location, errors, odd text.</summary>
    public static ScanReport Rich()
    {
        var report = Empty();
        foreach (var rule in Rules)
        {
            report.Rules[rule.Id] = rule;
        }

        var web = new TargetResult("deploy/web app.yaml", "kubernetes");
        web.Findings.Add(Finding("KSV-017", Severity.Critical, "Privileged container",
            "Container 'web' of Deployment 'web' should set 'securityContext.privileged' to false",
            Deployment("web", "shop"), new SourceLocation("deploy/web app.yaml", 21, 24)));
        web.Findings.Add(Finding("KSV-012", Severity.Medium, "Runs as root user",
            "Container 'web' should set 'securityContext.runAsNonRoot' to true",
            Deployment("web", "shop"), new SourceLocation("deploy/web app.yaml", 30, 30)));
        web.Findings.Add(Finding("KSV-001", Severity.High, "Can elevate its own privileges", OddText,
            Deployment("web", "shop"), new SourceLocation("deploy/web app.yaml", 12, 12)));
        web.Findings.Add(Finding("KSV-020", Severity.Low, "Runs with a low UID",
            "Container 'web' should set 'securityContext.runAsUser' > 10000",
            new ResourceRef("v1", "Pod", null, "debug [x]"), new SourceLocation("deploy/web app.yaml", 40, 41)));
        web.Findings.Add(Finding("KSV-110", Severity.Info, "Workload in the default namespace",
            "Pod 'debug [x]' has no namespace", new ResourceRef("v1", "Pod", null, "debug [x]"),
            new SourceLocation("deploy/web app.yaml", 40, 40)));
        web.Errors.Add(new ScanError("mapping values are not allowed here <&>", new SourceLocation("deploy/web app.yaml", 55, 55)));

        var chart = new TargetResult("charts/api/templates/déploy #1 100%.yaml", "kubernetes");
        chart.Findings.Add(Finding("KSV-001", Severity.High, "Can elevate its own privileges",
            "Container 'api' should set 'securityContext.allowPrivilegeEscalation' to false", null,
            new SourceLocation("charts/api/templates/déploy #1 100%.yaml", 7, 7)));
        chart.Findings.Add(Finding("CUSTOM-9", Severity.Medium, "Custom: image tag 'latest'",
            "Image 'api:latest' uses the 'latest' tag", new ResourceRef("apps/v1", "Deployment", "api", "api"), null)
            with { References = ["https://example.com/custom 9"], Controls = [new("Internal", "IMG-1")] });
        chart.Errors.Add(new ScanError("template rendering failed: nil pointer", null));

        var clean = new TargetResult("clean.yaml", "kubernetes");

        var dockerfile = new TargetResult(@"build\Dockerfile", "dockerfile");
        dockerfile.Findings.Add(Finding("DS-002", Severity.Low, "Image user should not be 'root'",
            "Last USER command in Dockerfile should not be 'root'", null, new SourceLocation(@"build\Dockerfile", 0, 0)));

        report.Results.AddRange([web, chart, clean, dockerfile]);
        return report;
    }

    public static Finding Finding(string ruleId, Severity severity, string title, string message,
        ResourceRef? resource, SourceLocation? location) => new()
    {
        RuleId = ruleId,
        Severity = severity,
        Title = title,
        Message = message,
        Resource = resource,
        Location = location,
        Remediation = Rules.FirstOrDefault(r => r.Id == ruleId)?.Remediation ?? "",
        References = Rules.FirstOrDefault(r => r.Id == ruleId)?.References ?? [],
        Controls = Rules.FirstOrDefault(r => r.Id == ruleId)?.Controls ?? [],
    };

    private static ResourceRef Deployment(string name, string ns) => new("apps/v1", "Deployment", ns, name);

    public static IReadOnlyList<RuleMetadata> Rules { get; } =
    [
        Rule("KSV-001", "Can elevate its own privileges", Severity.High,
            ["https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted"], [new("CIS Kubernetes", "5.2.5")]),
        Rule("KSV-012", "Runs as root user", Severity.Medium, ["not a uri"], [new("CIS Kubernetes", "5.2.6")]),
        Rule("KSV-017", "Privileged container", Severity.Critical,
            ["https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"],
            [new("CIS Kubernetes", "5.2.2"), new("PSS", "baseline")]),
        Rule("KSV-020", "Runs with a low UID", Severity.Low, [], []),
        Rule("KSV-110", "Workload in the default namespace", Severity.Info, [], []),
        Rule("DS-002", "Image user should not be 'root'", Severity.High, [], []) with { Groups = ["dockerfile"], TargetType = "dockerfile" },
        Rule("KSV-999", "Never fires", Severity.Low, [], []),
    ];

    private static RuleMetadata Rule(string id, string title, Severity severity, string[] references,
        ComplianceControl[] controls) => new()
    {
        Id = id,
        Title = title,
        Severity = severity,
        Description = $"{title}: a longer description with <angle> & \"quotes\".",
        Remediation = "Set this in the pod spec:\n```yaml\nsecurityContext:\n  privileged: false\n```",
        References = references,
        Controls = controls,
        Groups = ["k8s", "pss"],
        TargetType = "kubernetes",
    };
}
