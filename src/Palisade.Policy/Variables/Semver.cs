using System.Globalization;

namespace Palisade.Policy.Variables;

/// <summary>
/// Semantic versions and ranges as Kyverno's <c>semver_compare</c> reads them (the blang/semver v4 rules): strict
/// <c>MAJOR.MINOR.PATCH[-pre][+build]</c> versions; ranges of comparators (<c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c>,
/// <c>&lt;=</c>, <c>=</c>/<c>==</c>, <c>!</c>/<c>!=</c>) joined by spaces (AND) and <c>||</c> (OR), with <c>x</c>
/// wildcards expanded the way blang expands them.
/// </summary>
public static class Semver
{
    /// <summary>A parsed version: numbers and pre-release identifiers (build metadata does not take part in ordering).</summary>
    public sealed record Version(ulong Major, ulong Minor, ulong Patch, IReadOnlyList<string> Pre)
    {
        /// <summary>The zero version (what Kyverno compares when the version does not parse).</summary>
        public static Version Zero { get; } = new(0, 0, 0, []);
    }

    /// <summary>Parses a strict semantic version; false with blang's reason when it is not one.</summary>
    public static bool TryParse(string s, out Version version, out string error)
    {
        ArgumentNullException.ThrowIfNull(s);
        version = Version.Zero;
        error = "";
        if (s.Length == 0)
        {
            error = "Version string empty";
            return false;
        }
        var parts = s.Split('.', 3);
        if (parts.Length != 3)
        {
            error = "No Major.Minor.Patch elements found";
            return false;
        }
        if (!TryParseNumber(parts[0], "major", out var major, out error) || !TryParseNumber(parts[1], "minor", out var minor, out error)) return false;
        var rest = parts[2];
        var preIndex = rest.IndexOf('-', StringComparison.Ordinal);
        var buildIndex = rest.IndexOf('+', StringComparison.Ordinal);
        var end = (preIndex, buildIndex) switch
        {
            (-1, -1) => rest.Length,
            (-1, _) => buildIndex,
            (_, -1) => preIndex,
            _ => Math.Min(preIndex, buildIndex),
        };
        if (!TryParseNumber(rest[..end], "patch", out var patch, out error)) return false;
        rest = rest[end..];
        var pre = new List<string>();
        if (rest.StartsWith('-'))
        {
            var plus = rest.IndexOf('+', StringComparison.Ordinal);
            var preText = plus >= 0 ? rest[1..plus] : rest[1..];
            rest = plus >= 0 ? rest[plus..] : "";
            foreach (var identifier in preText.Split('.'))
            {
                if (!ValidPrerelease(identifier, out error)) return false;
                pre.Add(identifier);
            }
        }
        if (rest.StartsWith('+'))
        {
            foreach (var identifier in rest[1..].Split('.'))
            {
                if (identifier.Length == 0 || !identifier.All(IsIdentifierChar))
                {
                    error = $"Invalid character(s) found in build meta data {identifier}";
                    return false;
                }
            }
        }
        version = new Version(major, minor, patch, pre);
        return true;
    }

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';

    private static bool ValidPrerelease(string identifier, out string error)
    {
        error = "";
        if (identifier.Length == 0)
        {
            error = "Prerelease is empty";
            return false;
        }
        if (identifier.All(char.IsAsciiDigit))
        {
            if (identifier.Length > 1 && identifier[0] == '0')
            {
                error = $"Leading zeroes are not allowed in numeric prerelease versions {identifier}";
                return false;
            }
            return ulong.TryParse(identifier, NumberStyles.None, CultureInfo.InvariantCulture, out _);
        }
        if (!identifier.All(IsIdentifierChar))
        {
            error = $"Invalid character(s) found in prerelease {identifier}";
            return false;
        }
        return true;
    }

    private static bool TryParseNumber(string text, string what, out ulong value, out string error)
    {
        value = 0;
        error = "";
        if (!text.All(char.IsAsciiDigit))
        {
            error = $"Invalid character(s) found in {what} number \"{text}\"";
            return false;
        }
        if (text.Length > 1 && text[0] == '0')
        {
            error = $"{char.ToUpperInvariant(what[0])}{what[1..]} number must not contain leading zeroes \"{text}\"";
            return false;
        }
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            error = $"Invalid {what} number \"{text}\"";
            return false;
        }
        return true;
    }

    /// <summary>Semantic version precedence: -1, 0 or 1.</summary>
    public static int Compare(Version a, Version b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var c = a.Major.CompareTo(b.Major);
        if (c == 0) c = a.Minor.CompareTo(b.Minor);
        if (c == 0) c = a.Patch.CompareTo(b.Patch);
        if (c != 0) return Math.Sign(c);
        if (a.Pre.Count == 0 && b.Pre.Count == 0) return 0;
        if (a.Pre.Count == 0) return 1;
        if (b.Pre.Count == 0) return -1;
        for (var i = 0; i < a.Pre.Count && i < b.Pre.Count; i++)
        {
            var x = a.Pre[i];
            var y = b.Pre[i];
            var xNum = x.All(char.IsAsciiDigit);
            var yNum = y.All(char.IsAsciiDigit);
            int r;
            if (xNum && yNum) r = ulong.Parse(x, CultureInfo.InvariantCulture).CompareTo(ulong.Parse(y, CultureInfo.InvariantCulture));
            else if (xNum) r = -1;
            else if (yNum) r = 1;
            else r = string.CompareOrdinal(x, y);
            if (r != 0) return Math.Sign(r);
        }
        return a.Pre.Count.CompareTo(b.Pre.Count) switch { < 0 => -1, > 0 => 1, _ => 0 };
    }

    /// <summary>Parses a range (<c>&gt;1.0.0 &lt;2.0.0 || &gt;=3.0.0</c>, <c>!4.x.x</c>) into a predicate.</summary>
    /// <exception cref="FormatException">The range does not parse (blang's message).</exception>
    public static Func<Version, bool> ParseRange(string range)
    {
        ArgumentNullException.ThrowIfNull(range);
        var parts = SplitAndTrim(range);
        var orParts = SplitOrParts(parts);
        var expanded = ExpandWildcards(orParts);
        Func<Version, bool>? orFn = null;
        foreach (var andParts in expanded)
        {
            Func<Version, bool>? andFn = null;
            foreach (var part in andParts)
            {
                var (op, versionText) = SplitComparatorVersion(part);
                if (!TryParse(versionText, out var v, out var error))
                    throw new FormatException($"Could not parse Range \"{part}\": Could not parse version \"{versionText}\" in \"{part}\": {error}");
                var comparator = Comparator(op, part);
                Func<Version, bool> rf = candidate => comparator(Compare(candidate, v));
                var left = andFn;
                andFn = left is null ? rf : candidate => left(candidate) && rf(candidate);
            }
            if (andFn is null) continue;
            var previous = orFn;
            var current = andFn;
            orFn = previous is null ? current : candidate => previous(candidate) || current(candidate);
        }
        return orFn ?? throw new FormatException("Last element in range is '||'");
    }

    private static Func<int, bool> Comparator(string op, string part) => op switch
    {
        "" or "=" or "==" => c => c == 0,
        "!" or "!=" => c => c != 0,
        ">" => c => c > 0,
        ">=" => c => c >= 0,
        "<" => c => c < 0,
        "<=" => c => c <= 0,
        _ => throw new FormatException($"Could not parse Range \"{part}\": Could not parse comparator \"{op}\" in \"{part}\""),
    };

    /// <summary>Splits on spaces that do not follow a comparator character; blang drops a trailing one-character part.</summary>
    private static List<string> SplitAndTrim(string s)
    {
        var result = new List<string>();
        var last = 0;
        var lastChar = '\0';
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == ' ' && lastChar is not ('>' or '<' or '='))
            {
                if (last < i - 1) result.Add(s[last..i]);
                last = i + 1;
            }
            else if (s[i] != ' ')
            {
                lastChar = s[i];
            }
        }
        if (last < s.Length - 1) result.Add(s[last..]);
        return result.Select(p => p.Replace(" ", "", StringComparison.Ordinal)).ToList();
    }

    private static List<List<string>> SplitOrParts(List<string> parts)
    {
        var result = new List<List<string>>();
        var last = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i] != "||") continue;
            if (i == 0) throw new FormatException("First element in range is '||'");
            result.Add(parts.GetRange(last, i - last));
            last = i + 1;
        }
        if (last == parts.Count) throw new FormatException("Last element in range is '||'");
        result.Add(parts.GetRange(last, parts.Count - last));
        return result;
    }

    private static (string Op, string Version) SplitComparatorVersion(string s)
    {
        var i = 0;
        while (i < s.Length && !char.IsDigit(s[i])) i++;
        if (i == s.Length) throw new FormatException($"Could not get version from string: \"{s}\"");
        return (s[..i].Trim(), s[i..]);
    }

    /// <summary>blang's expansion of <c>x</c> wildcards into plain comparators (quirks included: <c>!4.x.x</c> never matches).</summary>
    private static List<List<string>> ExpandWildcards(List<List<string>> orParts)
    {
        var expanded = new List<List<string>>();
        foreach (var andParts in orParts)
        {
            var newParts = new List<string>();
            foreach (var original in andParts)
            {
                var part = original;
                if (part.Contains('x', StringComparison.Ordinal))
                {
                    var (op, versionText) = SplitComparatorVersion(part);
                    var pieces = versionText.Split('.');
                    var wildcard = pieces[^1] == "x" ? pieces.Length switch { 2 => 2, 3 => 3, _ => 0 } : 0;
                    var flat = FlatVersion(versionText);
                    string resultOp;
                    var increment = false;
                    switch (op)
                    {
                        case ">": resultOp = ">="; increment = true; break;
                        case ">=": resultOp = ">="; break;
                        case "<": resultOp = "<"; break;
                        case "<=": resultOp = "<"; increment = true; break;
                        case "" or "=" or "==": newParts.Add(">=" + flat); resultOp = "<"; increment = true; break;
                        case "!=" or "!": newParts.Add("<" + flat); resultOp = ">="; increment = true; break;
                        default: resultOp = ""; break;
                    }
                    var resultVersion = flat;
                    if (increment)
                    {
                        resultVersion = wildcard switch
                        {
                            3 => Increment(flat, 1),
                            2 => Increment(flat, 0),
                            _ => "",
                        };
                    }
                    part = resultOp + resultVersion;
                }
                newParts.Add(part);
            }
            expanded.Add(newParts);
        }
        return expanded;
    }

    private static string FlatVersion(string v)
    {
        var index = v.IndexOf(".x.x", StringComparison.Ordinal);
        if (index >= 0) v = string.Concat(v.AsSpan(0, index), ".x", v.AsSpan(index + 4));
        index = v.IndexOf(".x", StringComparison.Ordinal);
        if (index >= 0) v = string.Concat(v.AsSpan(0, index), ".0", v.AsSpan(index + 2));
        return v.Split('.').Length == 2 ? v + ".0" : v;
    }

    private static string Increment(string flat, int position)
    {
        var parts = flat.Split('.');
        if (!int.TryParse(parts[position], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            throw new FormatException($"Could not parse version \"{flat}\"");
        parts[position] = (n + 1).ToString(CultureInfo.InvariantCulture);
        return string.Join('.', parts);
    }
}
