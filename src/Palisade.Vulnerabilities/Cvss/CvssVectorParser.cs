namespace Palisade.Vulnerabilities.Cvss;

/// <summary>One metric a CVSS version defines: its abbreviation, its allowed values, and whether the vector must carry it.</summary>
internal sealed record CvssMetric(string Name, string[] Values, bool Mandatory);

/// <summary>Splits the <c>NAME:VALUE/NAME:VALUE</c> body of a CVSS vector and checks it against a version's metric table.</summary>
internal static class CvssVectorParser
{
    /// <summary>
    /// Parses the metrics of <paramref name="vector"/> from <paramref name="start"/> on. Returns the value of each
    /// metric of <paramref name="metrics"/> at the same index (null when absent). Metric names and values are
    /// case-sensitive; every metric may appear once; mandatory ones must appear; with <paramref name="ordered"/> they
    /// must follow the table's order.
    /// </summary>
    /// <exception cref="FormatException">The vector breaks one of those rules.</exception>
    internal static string?[] Parse(string vector, int start, string label, CvssMetric[] metrics, bool ordered)
    {
        var values = new string?[metrics.Length];
        if (start >= vector.Length) throw Error(label, vector, "has no metrics");
        var last = -1;
        var pos = start;
        while (true)
        {
            var slash = vector.IndexOf('/', pos);
            var end = slash < 0 ? vector.Length : slash;
            var part = vector.AsSpan(pos, end - pos);
            if (part.IsEmpty) throw Error(label, vector, "has an empty metric (a '/' at the end or two in a row)");
            var colon = part.IndexOf(':');
            if (colon <= 0 || colon == part.Length - 1)
                throw Error(label, vector, $"has '{part}', which is not NAME:VALUE");
            var name = part[..colon];
            var value = part[(colon + 1)..];
            var index = IndexOf(metrics, name);
            if (index < 0) throw Error(label, vector, $"has the unknown metric '{name}'");
            var metric = metrics[index];
            if (values[index] is not null) throw Error(label, vector, $"has the metric '{metric.Name}' more than once");
            if (ordered && index < last)
                throw Error(label, vector, $"has the metric '{metric.Name}' after '{metrics[last].Name}'; {label} requires the specification's order");
            last = Math.Max(last, index);
            var allowed = IndexOf(metric.Values, value);
            if (allowed < 0)
                throw Error(label, vector, $"has the unknown value '{value}' for '{metric.Name}' (allowed: {string.Join(", ", metric.Values)})");
            values[index] = metric.Values[allowed];
            if (slash < 0) break;
            pos = slash + 1;
        }

        var missing = metrics.Where((m, i) => m.Mandatory && values[i] is null).Select(m => m.Name).ToList();
        if (missing.Count > 0) throw Error(label, vector, $"lacks the mandatory base metric(s) {string.Join(", ", missing)}");
        return values;
    }

    /// <summary>A FormatException that names the version and quotes the vector.</summary>
    internal static FormatException Error(string label, string vector, string problem) =>
        new($"{label} vector '{vector}' {problem}.");

    private static int IndexOf(CvssMetric[] metrics, ReadOnlySpan<char> name)
    {
        for (var i = 0; i < metrics.Length; i++)
            if (name.SequenceEqual(metrics[i].Name)) return i;
        return -1;
    }

    private static int IndexOf(string[] values, ReadOnlySpan<char> value)
    {
        for (var i = 0; i < values.Length; i++)
            if (value.SequenceEqual(values[i])) return i;
        return -1;
    }
}
