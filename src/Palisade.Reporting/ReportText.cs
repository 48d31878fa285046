using System.Text;
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

    /// <summary>
    /// Text safe to print on a terminal: a tab becomes a space; other control characters (which could move the
    /// cursor or start escape sequences) and bidirectional overrides become U+FFFD. Newlines stay.
    /// </summary>
    public static string ForTerminal(string text) => ReplaceInvalid(
        text.Replace('\t', ' '),
        c => c != '\n' && (char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069'));

    /// <summary>
    /// Replaces with U+FFFD every lone surrogate and every other character <paramref name="isInvalid"/> rejects;
    /// surrogate pairs are kept.
    /// </summary>
    public static string ReplaceInvalid(string text, Func<char, bool> isInvalid)
    {
        StringBuilder? clean = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                clean?.Append(c).Append(text[i]);
            }
            else if (char.IsSurrogate(c) || isInvalid(c))
            {
                clean ??= new StringBuilder(text.Length).Append(text, 0, i);
                clean.Append('\uFFFD');
            }
            else
            {
                clean?.Append(c);
            }
        }
        return clean?.ToString() ?? text;
    }
}
