using Palisade.Core.Findings;

namespace Palisade.Reporting;

/// <summary>Text shared by the human-readable parts of several formats.</summary>
internal static class ReportText
{
    /// <summary>"Kind/namespace/name", skipping parts that are absent; "" when there is no resource.</summary>
    public static string Resource(ResourceRef? resource) => resource is null
        ? ""
        : string.Join('/', new[] { resource.Kind, resource.Namespace, resource.Name }.Where(p => !string.IsNullOrEmpty(p)));

    /// <summary>Findings in report order: most severe first, then by line, then by rule id.</summary>
    public static IEnumerable<Finding> Sorted(IEnumerable<Finding> findings) => findings
        .OrderByDescending(f => f.Severity)
        .ThenBy(f => f.Location?.StartLine ?? 0)
        .ThenBy(f => f.RuleId, StringComparer.Ordinal);

    /// <summary>"1 finding", "2 findings".</summary>
    public static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
