using System.Globalization;
using Palisade.Core.Findings;

namespace Palisade.Reporting;

/// <summary>How many findings there are of each severity.</summary>
internal sealed class SeverityCounts
{
    private readonly int[] _counts = new int[SeverityNames.Descending.Count];

    public SeverityCounts(IEnumerable<Finding> findings)
    {
        foreach (var finding in findings)
        {
            _counts[(int)finding.Severity]++;
            Total++;
        }
    }

    public int Total { get; }

    public int this[Severity severity] => _counts[(int)severity];

    /// <summary>"CRITICAL: 1, HIGH: 0, MEDIUM: 2, LOW: 0, INFO: 0", most severe first; ", UNKNOWN: n" only when there are some.</summary>
    public override string ToString() => string.Join(", ",
        SeverityNames.Descending.Where(s => s != Severity.Unknown || this[s] > 0)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.ToWire()}: {this[s]}")));
}
