using System.Runtime.CompilerServices;
using Newtonsoft.Json.Linq;
using static Palisade.Policy.Patterns.GoValues;

namespace Palisade.Policy.Patterns;

/// <summary>
/// Checks a resource against a Kyverno validate <c>pattern</c> / <c>anyPattern</c> (Kyverno's <c>MatchPattern</c>).
/// </summary>
/// <remarks>
/// <para><b>Maps</b>: the resource must be a map. Anchored keys are checked first (in key order), then global anchors and
/// keys whose pattern holds anchors further down, then the other keys. A plain key is looked up in the resource (a
/// missing key is checked as null, so it fails unless its pattern accepts null); the pattern <c>"*"</c> on a plain key
/// only asks for a present, non-null value. <c>(key)</c>: if the key is absent or its value does not match, the map
/// is skipped; <c>=(key)</c>: checked only if present; <c>X(key)</c>: fails if present (even as null);
/// <c>^(key)</c>: the resource list must hold, for each pattern element, an element that passes it;
/// <c>&lt;(key)</c>: if present and not matching, skips; <c>+(key)</c> is ignored. Keys of <c>metadata.labels</c> and
/// <c>metadata.annotations</c> with wildcards stand for every resource key they match.</para>
/// <para>Skips: a condition or global anchor of a map that does not hold skips that map, whatever its other keys (the
/// anchors come first, so a condition never lets its siblings fail). A skip coming from further down (a list whose
/// elements all skipped) wins over the failures after it, and skips the map only if no other key applied: a skipped
/// <c>=(initContainers)</c> next to a passing <c>=(containers)</c> passes, as Kyverno's reporting documentation
/// describes.</para>
/// <para><b>Lists</b>: with a map as first pattern element, every resource element must pass it; elements that skip are
/// left out, and the list skips only if every element skipped. A scalar first element applies to every resource
/// element. Lists of lists are compared position by position. Later pattern elements are ignored, as in Kyverno.</para>
/// <para><b>Scalars</b>: <see cref="ValuePattern"/>; a scalar pattern against a resource list applies to every element.</para>
/// </remarks>
public static class PatternValidator
{
    /// <summary>The deepest pattern accepted (Kubernetes objects are nowhere near it).</summary>
    public const int MaxDepth = 200;

    private const int DescribeDepth = 3;

    /// <summary>Checks <paramref name="resource"/> against <paramref name="pattern"/>.</summary>
    /// <exception cref="PatternException">The pattern is nested deeper than <see cref="MaxDepth"/>.</exception>
    public static PatternResult Validate(JToken? resource, JToken pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        EnsureDepth(pattern);
        var run = new Run();
        Failure? failure;
        try
        {
            failure = run.Element(resource, pattern, "/");
        }
        catch (InsufficientExecutionStackException)
        {
            throw new PatternException("the pattern is nested too deeply to evaluate");
        }
        if (failure is null) return PatternResult.Passed;
        return failure.Kind switch
        {
            FailureKind.Skip => new PatternResult(PatternOutcome.Skip, "", failure.Message),
            FailureKind.Negation => new PatternResult(PatternOutcome.Fail, failure.Path, failure.Message),
            _ when run.AnchorKeysAreMissing() => new PatternResult(PatternOutcome.Fail, "", failure.Message),
            _ => new PatternResult(PatternOutcome.Fail, failure.Path, failure.Message),
        };
    }

    /// <summary>
    /// Kyverno's <c>anyPattern</c>: passes at the first pattern that passes; otherwise fails if any pattern failed and
    /// skips if all skipped.
    /// </summary>
    /// <exception cref="ArgumentException">There is no pattern.</exception>
    /// <exception cref="PatternException">A pattern is nested deeper than <see cref="MaxDepth"/>.</exception>
    public static AnyPatternResult ValidateAny(JToken? resource, IReadOnlyList<JToken> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        if (patterns.Count == 0) throw new ArgumentException("anyPattern needs at least one pattern", nameof(patterns));
        var results = new List<PatternResult>(patterns.Count);
        for (var i = 0; i < patterns.Count; i++)
        {
            var result = Validate(resource, patterns[i]);
            results.Add(result);
            if (result.Outcome == PatternOutcome.Pass) return new AnyPatternResult(PatternOutcome.Pass, i, results);
        }
        var outcome = results.Exists(r => r.Outcome == PatternOutcome.Fail) ? PatternOutcome.Fail : PatternOutcome.Skip;
        return new AnyPatternResult(outcome, -1, results);
    }

    /// <summary>
    /// The checks Kyverno makes on a validate pattern when it loads a policy: only validate anchors (no <c>+()</c>), an
    /// existence anchor's value is a non-empty list, and the nesting is not deeper than <see cref="MaxDepth"/>.
    /// </summary>
    /// <returns>The first problem with its pattern path, or null if the pattern is acceptable.</returns>
    public static string? FindPatternError(JToken pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (Depth(pattern) > MaxDepth) return $"the pattern is nested deeper than {MaxDepth} levels";
        var pending = new Stack<(JToken Node, string Path)>();
        pending.Push((pattern, ""));
        while (pending.Count > 0)
        {
            var (node, path) = pending.Pop();
            if (node is JArray array)
            {
                for (var i = array.Count - 1; i >= 0; i--) pending.Push((array[i], path + "/" + i));
                continue;
            }
            if (node is not JObject map) continue;
            foreach (var property in map.Properties().Reverse())
            {
                var anchor = Anchor.Parse(property.Name);
                var at = path + "/" + property.Name;
                if (anchor.Kind == AnchorKind.AddIfNotPresent) return $"{at}: unsupported anchor {property.Name} in a validate pattern";
                if (anchor.Kind == AnchorKind.Existence && property.Value is not JArray { Count: > 0 })
                {
                    return $"{at}: an existence anchor needs a non-empty list as its value";
                }
                pending.Push((property.Value, at));
            }
        }
        return null;
    }

    private static void EnsureDepth(JToken pattern)
    {
        if (Deeper(pattern, MaxDepth)) throw new PatternException($"the pattern is nested deeper than {MaxDepth} levels");
    }

    /// <summary>Whether a tree nests more than <paramref name="limit"/> containers deep; recursion stops at the limit, nothing is allocated.</summary>
    private static bool Deeper(JToken token, int limit)
    {
        if (token is not JContainer container) return false;
        if (limit == 0) return true;
        for (var child = container.First; child is not null; child = child.Next)
        {
            var value = child is JProperty property ? property.Value : child;
            if (value is JContainer && Deeper(value, limit - 1)) return true;
        }
        return false;
    }

    /// <summary>The nesting depth of a JSON tree (a scalar is 0), without recursion.</summary>
    internal static int Depth(JToken token)
    {
        var max = 0;
        var pending = new Stack<(JToken Node, int Depth)>();
        pending.Push((token, 0));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            if (node is not JContainer container) continue;
            max = Math.Max(max, depth + 1);
            if (max > MaxDepth) return max;
            foreach (var child in container.Children())
            {
                pending.Push((child is JProperty property ? property.Value : child, depth + 1));
            }
        }
        return max;
    }

    private enum FailureKind
    {
        Fail,
        Negation,
        Skip,
    }

    private sealed record Failure(FailureKind Kind, string Path, string Message);

    /// <summary>One validation: remembers which condition/existence/negation anchor keys were seen in the resource.</summary>
    private sealed class Run
    {
        private readonly Dictionary<string, bool> anchorKeysSeen = new(StringComparer.Ordinal);

        /// <summary>Whether a condition or existence anchor of the pattern never found its key in the resource.</summary>
        public bool AnchorKeysAreMissing() =>
            anchorKeysSeen.Any(pair => !pair.Value && Anchor.Parse(pair.Key).Kind != AnchorKind.Negation);

        public Failure? Element(JToken? resource, JToken pattern, string path)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            switch (pattern)
            {
                case JObject patternMap:
                    if (resource is not JObject resourceMap)
                    {
                        return Fail(path, $"pattern and resource have different structures. Path: {path}. Expected map, found {KindName(resource)}");
                    }
                    NoteAnchorKeys(patternMap, resourceMap);
                    return Map(resourceMap, patternMap, path);
                case JArray patternList:
                    if (resource is not JArray resourceList)
                    {
                        return Fail(path, $"validation rule failed at path {path}, resource does not satisfy the expected overlay pattern");
                    }
                    return List(resourceList, patternList, path);
                default:
                    if (resource is JArray values)
                    {
                        foreach (var value in values)
                        {
                            if (!ValuePattern.Matches(value, pattern)) return ValueMismatch(resource, pattern, path);
                        }
                        return null;
                    }
                    return ValuePattern.Matches(resource, pattern) ? null : ValueMismatch(resource, pattern, path);
            }
        }

        private void NoteAnchorKeys(JObject pattern, JObject resource)
        {
            foreach (var property in pattern.Properties())
            {
                var anchor = Anchor.Parse(property.Name);
                if (anchor.Kind is not (AnchorKind.Condition or AnchorKind.Existence or AnchorKind.Negation)) continue;
                if (anchorKeysSeen.TryGetValue(property.Name, out var seen) && seen) continue;
                anchorKeysSeen[property.Name] = resource.ContainsKey(anchor.Key);
            }
        }

        private Failure? Map(JObject resource, JObject pattern, string path)
        {
            var entries = Order(MetadataWildcards.Expand(pattern, resource));
            // A condition or global anchor of this map that does not hold skips the map outright; a skip from further
            // down (a list whose elements all skipped) hides the failures after it and counts only if nothing applied.
            return Aggregate(
                entries.Count,
                i => Key(entries[i].Key, entries[i].Value, resource, path),
                i => Anchor.Parse(entries[i].Key).Kind is AnchorKind.Condition or AnchorKind.Global,
                skipHidesLaterFailures: true,
                path);
        }

        /// <summary>
        /// Anchors first (key order), then global anchors and keys with anchors below them, then the rest; add anchors
        /// left out. Written without LINQ: it runs for every map of every pattern on every resource.
        /// </summary>
        private static List<KeyValuePair<string, JToken>> Order(IReadOnlyList<KeyValuePair<string, JToken>> entries)
        {
            var ranked = new List<(int Rank, KeyValuePair<string, JToken> Entry)>(entries.Count);
            foreach (var e in entries)
            {
                var kind = Anchor.Parse(e.Key).Kind;
                if (kind == AnchorKind.AddIfNotPresent) continue;
                var rank = kind is AnchorKind.Condition or AnchorKind.Existence or AnchorKind.Equality or AnchorKind.Negation ? 0
                    : kind == AnchorKind.Global || HasAnchorsBelow(e.Value, MaxDepth) ? 1
                    : 2;
                ranked.Add((rank, e));
            }
            ranked.Sort(static (a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : string.CompareOrdinal(a.Entry.Key, b.Entry.Key));
            var ordered = new List<KeyValuePair<string, JToken>>(ranked.Count);
            foreach (var (_, e) in ranked) ordered.Add(e);
            return ordered;
        }

        /// <summary>Whether a pattern holds an anchor (other than add-if-not-present) anywhere below; depth-bounded, allocation-free.</summary>
        private static bool HasAnchorsBelow(JToken pattern, int depth)
        {
            if (depth < 0) return false;
            switch (pattern)
            {
                case JObject map:
                    for (var p = (JProperty?)map.First; p is not null; p = (JProperty?)p.Next)
                    {
                        if (Anchor.Parse(p.Name).Kind is not (AnchorKind.None or AnchorKind.AddIfNotPresent)) return true;
                        if (p.Value is JContainer && HasAnchorsBelow(p.Value, depth - 1)) return true;
                    }
                    return false;
                case JArray list:
                    for (var item = list.First; item is not null; item = item.Next)
                        if (item is JContainer && HasAnchorsBelow(item, depth - 1)) return true;
                    return false;
                default:
                    return false;
            }
        }

        private Failure? Key(string key, JToken pattern, JObject resource, string path)
        {
            var anchor = Anchor.Parse(key);
            var keyPath = path + anchor.Key + "/";
            var present = resource.TryGetValue(anchor.Key, out var value);
            switch (anchor.Kind)
            {
                case AnchorKind.Condition:
                    if (!present) return Skip(keyPath, "conditional anchor mismatch: conditional anchor key doesn't exist in the resource");
                    var condition = Element(value, pattern, keyPath);
                    return condition is null ? null : Skip(condition.Path, "conditional anchor mismatch: " + condition.Message);
                case AnchorKind.Global:
                    if (!present) return null;
                    var global = Element(value, pattern, keyPath);
                    return global is null ? null : Skip(global.Path, "global anchor mismatch: " + global.Message);
                case AnchorKind.Equality:
                    return present ? Element(value, pattern, keyPath) : null;
                case AnchorKind.Negation:
                    return present
                        ? new Failure(FailureKind.Negation, keyPath, $"negation anchor matched in resource: {keyPath} is not allowed")
                        : null;
                case AnchorKind.Existence:
                    return present ? Existence(value!, pattern, keyPath) : null;
                default:
                    if (pattern.Type == JTokenType.String && (string?)pattern == "*")
                    {
                        return KindOf(value) == Kind.Null ? Fail(path, $"{path}{key} not found") : null;
                    }
                    return Element(value, pattern, path + key + "/");
            }
        }

        private Failure? Existence(JToken resource, JToken pattern, string path)
        {
            if (resource is not JArray resourceList)
            {
                return Fail(path, $"invalid resource type {KindName(resource)}: Existence ^ () anchor can be used only on list/array type resource");
            }
            if (pattern is not JArray patternList)
            {
                return Fail(path, $"invalid pattern type {KindName(pattern)}: Pattern has to be of list to compare against resource");
            }
            foreach (var element in patternList)
            {
                if (element is not JObject)
                {
                    return Fail(path, $"invalid pattern type {KindName(element)}: Pattern has to be of type map to compare against items in resource");
                }
                var found = false;
                for (var i = 0; i < resourceList.Count && !found; i++)
                {
                    found = Element(resourceList[i], element, path + i + "/") is null;
                }
                if (!found) return Fail(path, $"existence anchor validation failed at path {path}");
            }
            return null;
        }

        private Failure? List(JArray resource, JArray pattern, string path)
        {
            if (pattern.Count == 0) return Fail(path, "pattern Array empty");
            var first = pattern[0];
            if (first is JObject firstMap)
            {
                return Aggregate(resource.Count, i => Element(resource[i], firstMap, path + i + "/"), _ => false, skipHidesLaterFailures: false, path);
            }
            if (first is not JArray) return Element(resource, first, path);
            if (resource.Count < pattern.Count)
            {
                return Fail("", $"validate Array failed, array length mismatch, resource Array len is {resource.Count} and pattern Array len is {pattern.Count}");
            }
            return Aggregate(pattern.Count, i => Element(resource[i], pattern[i], path + i + "/"), _ => false, skipHidesLaterFailures: false, path);
        }

        /// <summary>
        /// Checks the parts of a map or list in order: a failure fails (unless <paramref name="skipHidesLaterFailures"/>
        /// and a part already skipped), a skip that <paramref name="skipEnds"/> ends the check as a skip, and the whole
        /// skips if no part applied but some skipped.
        /// </summary>
        private static Failure? Aggregate(int count, Func<int, Failure?> check, Func<int, bool> skipEnds, bool skipHidesLaterFailures, string path)
        {
            var skips = new List<Failure>();
            var applied = 0;
            for (var i = 0; i < count; i++)
            {
                var failure = check(i);
                if (failure is null)
                {
                    applied++;
                }
                else if (failure.Kind == FailureKind.Skip)
                {
                    if (skipEnds(i)) return failure;
                    skips.Add(failure);
                }
                else if (skips.Count == 0 || !skipHidesLaterFailures)
                {
                    return failure;
                }
            }
            return applied == 0 && skips.Count > 0 ? CombinedSkip(skips, path) : null;
        }

        /// <summary>One skip for several: the first messages, and how many more there were.</summary>
        private static Failure CombinedSkip(List<Failure> skips, string path)
        {
            const int shown = 3;
            var message = string.Join("; ", skips.Take(shown).Select(s => s.Message));
            if (skips.Count > shown) message += $"; and {skips.Count - shown} more";
            return new Failure(FailureKind.Skip, path, message);
        }

        private static Failure Fail(string path, string message) => new(FailureKind.Fail, path, message);

        private static Failure Skip(string path, string message) => new(FailureKind.Skip, path, message);

        private static Failure ValueMismatch(JToken? resource, JToken pattern, string path) =>
            Fail(path, $"resource value '{Describe(resource, DescribeDepth)}' does not match '{Describe(pattern, DescribeDepth)}' at path {path}");

        private static string KindName(JToken? token) => KindOf(token) switch
        {
            Kind.Null => "nil",
            Kind.Bool => "bool",
            Kind.Int => "int64",
            Kind.Float => "float64",
            Kind.String => "string",
            Kind.Map => "map",
            _ => "list",
        };
    }
}
