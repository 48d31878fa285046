using System.Globalization;

namespace Palisade.Vulnerabilities.Osv;

/// <summary>How serious a lint issue is.</summary>
public enum OsvLintLevel
{
    /// <summary>Worth knowing; the record is fine to use.</summary>
    Warning,

    /// <summary>The record breaks a rule of the OSV schema: some of what it says cannot be trusted (the import flags it).</summary>
    Error,
}

/// <summary>One data-quality problem of a record: a check code (as the OSV linter numbers them), where, and what.</summary>
public sealed record OsvLintIssue(string Code, OsvLintLevel Level, string Path, string Message)
{
    public override string ToString() => $"[{Code}] {Path}: {Message}";
}

/// <summary>
/// The offline data-quality checks of an OSV record, numbered like ossf/osv-schema's osv-linter where they match:
/// REC:001 affected data exists, REC:002-004 aliases/upstream/related are valid IDs, REC:005 the id uses permitted
/// characters, RNG:001 every range has an introduced event, RNG:002 a range's events name distinct versions, and
/// SCH:001 for schema rules the readers accept but the schema forbids (fixed with last_affected in one range, a GIT
/// range without repo, top-level and per-package severity together). The registry checks (PKG:001 package exists,
/// PKG:002 versions exist) need the network and are not done.
/// </summary>
public static class OsvLinter
{
    /// <summary>The issues of a record, errors and warnings, in record order.</summary>
    public static IReadOnlyList<OsvLintIssue> Lint(OsvRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var issues = new List<OsvLintIssue>();
        if (record.Affected.Count == 0 && !record.IsWithdrawn)
            issues.Add(new("REC:001", OsvLintLevel.Warning, "affected", "the record has no affected data"));
        Ids(issues, record, "REC:002", "aliases", record.Aliases);
        Ids(issues, record, "REC:003", "upstream", record.Upstream);
        Ids(issues, record, "REC:004", "related", record.Related);
        foreach (var ch in record.Id)
        {
            if (char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_' or ':' or '-') continue;
            issues.Add(new("REC:005", OsvLintLevel.Warning, "id", $"the id '{record.Id}' has the character '{ch}' (allowed: letters, digits, . _ : -)"));
            break;
        }
        var perPackageSeverity = false;
        for (var i = 0; i < record.Affected.Count; i++)
        {
            var a = record.Affected[i];
            perPackageSeverity |= a.Severity.Count > 0;
            for (var j = 0; j < a.Ranges.Count; j++) Range(issues, Invariant($"affected[{i}].ranges[{j}]"), a.Ranges[j]);
        }
        if (perPackageSeverity && record.Severity.Count > 0)
            issues.Add(new("SCH:001", OsvLintLevel.Warning, "severity", "top-level severity and per-package severity are both set"));
        return issues;
    }

    /// <summary>Whether any issue is an error.</summary>
    public static bool HasErrors(IReadOnlyList<OsvLintIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        foreach (var i in issues) if (i.Level == OsvLintLevel.Error) return true;
        return false;
    }

    private static void Range(List<OsvLintIssue> issues, string path, OsvRange range)
    {
        var introduced = false;
        var fixedEvent = false;
        var lastAffected = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? repeated = null;
        foreach (var e in range.Events)
        {
            introduced |= e.Kind == OsvEventKind.Introduced;
            fixedEvent |= e.Kind == OsvEventKind.Fixed;
            lastAffected |= e.Kind == OsvEventKind.LastAffected;
            if (!seen.Add(e.Version)) repeated ??= e.Version;
        }
        if (!introduced) issues.Add(new("RNG:001", OsvLintLevel.Error, path, "the range has no 'introduced' event"));
        if (repeated is not null) issues.Add(new("RNG:002", OsvLintLevel.Error, path, $"the version \"{repeated}\" appears in more than one event"));
        if (fixedEvent && lastAffected) issues.Add(new("SCH:001", OsvLintLevel.Error, path, "'fixed' and 'last_affected' events in one range"));
        if (range.Type == OsvRange.Git && string.IsNullOrEmpty(range.Repo)) issues.Add(new("SCH:001", OsvLintLevel.Error, path, "a GIT range without repo"));
    }

    private static void Ids(List<OsvLintIssue> issues, OsvRecord record, string code, string field, IReadOnlyList<string> ids)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            var id = ids[i];
            var path = Invariant($"{field}[{i}]");
            if (id.Length == 0 || id.Any(ch => char.IsWhiteSpace(ch) || char.IsControl(ch)))
                issues.Add(new(code, OsvLintLevel.Warning, path, $"'{id}' is not an ID"));
            else if (id == record.Id)
                issues.Add(new(code, OsvLintLevel.Warning, path, "the record names itself"));
            else if (!seen.Add(id))
                issues.Add(new(code, OsvLintLevel.Warning, path, $"'{id}' is listed twice"));
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
