using System.Reflection;
using System.Text;
using DevLab.JmesPath;
using DevLab.JmesPath.Expressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Palisade.Policy.Variables;

/// <summary>
/// A JMESPath expression parsed once, with what evaluation needs to know about it: the field paths it reads
/// from the root (Kyverno's JMESPath reports <c>Unknown key "x" in path</c> when such a path names a key the
/// document does not have) and whether it may read the lazily built <c>images</c> variable.
/// </summary>
internal sealed class CompiledExpression
{
    public CompiledExpression(string text, JmesPathExpression tree, IReadOnlyList<PathStep[]> strictPaths, IReadOnlyList<JToken> literals)
    {
        Text = text;
        Tree = tree;
        StrictPaths = strictPaths;
        Literals = literals;
        UsesImages = text.Contains("images", StringComparison.Ordinal);
    }

    /// <summary>The values of the expression's JSON literals (shared by every evaluation: never hand them out to be changed).</summary>
    public IReadOnlyList<JToken> Literals { get; }

    /// <summary>The expression text.</summary>
    public string Text { get; }

    /// <summary>The parsed expression (bound to the parsing thread's function instances).</summary>
    public JmesPathExpression Tree { get; }

    /// <summary>Field/index chains evaluated against the root whose missing keys are errors.</summary>
    public IReadOnlyList<PathStep[]> StrictPaths { get; }

    /// <summary>Whether the text mentions <c>images</c> (the variable is then built before evaluation).</summary>
    public bool UsesImages { get; }
}

/// <summary>One step of a field path: an object key or an array index.</summary>
internal readonly record struct PathStep(string? Key, int Index);

/// <summary>
/// JmesPath.Net with Kyverno's functions registered, one instance per thread: JmesPath.Net keeps per-evaluation
/// state in shared objects (scopes for <c>let</c>/<c>$</c>, some built-in functions), so parsed expressions are not
/// shared across threads. Each thread parses an expression once and caches it by text.
/// </summary>
internal static class JmesPathEngine
{
    private const int MaxCachedExpressions = 4096;

    [ThreadStatic] private static JmesPath? t_parser;
    [ThreadStatic] private static Dictionary<string, CompiledExpression>? t_cache;

    private static readonly PropertyInfo LeftProperty = typeof(JmesPathCompoundExpression).GetProperty("Left", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
        ?? throw new InvalidOperationException("JmesPath.Net has no JmesPathCompoundExpression.Left");
    private static readonly PropertyInfo RightProperty = typeof(JmesPathCompoundExpression).GetProperty("Right", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
        ?? throw new InvalidOperationException("JmesPath.Net has no JmesPathCompoundExpression.Right");
    private static readonly FieldInfo? LiteralValueField = typeof(JmesPathLiteral).GetField("value_", BindingFlags.Instance | BindingFlags.NonPublic);

    /// <summary>The parsed form of an expression (cached per thread).</summary>
    /// <exception cref="VariableException">The expression does not parse.</exception>
    public static CompiledExpression Compile(string text)
    {
        var cache = t_cache ??= new Dictionary<string, CompiledExpression>(StringComparer.Ordinal);
        if (cache.TryGetValue(text, out var compiled)) return compiled;
        var parser = t_parser ??= CreateParser();
        JmesPathExpression tree;
        try
        {
            tree = parser.Parse(text);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new VariableException($"invalid JMESPath query {text}: {e.Message}", text, inner: e);
        }
        var literals = new List<JmesPathLiteral>();
        CollectLiterals(tree, literals);
        NormalizeLiterals(text, literals);
        var strict = new List<PathStep[]>();
        CollectStrictPaths(tree, strict);
        compiled = new CompiledExpression(text, tree, strict, literals.Select(l => l.Value).ToArray());
        if (cache.Count >= MaxCachedExpressions) cache.Clear();
        cache[text] = compiled;
        return compiled;
    }

    private static JmesPath CreateParser()
    {
        var parser = new JmesPath();
        KyvernoFunctions.RegisterAll(parser.FunctionRepository);
        return parser;
    }

    /// <summary>
    /// Evaluates an expression over <paramref name="root"/>. With <paramref name="strict"/>, a missing key on a
    /// path read from the root is an error, as in Kyverno. The result may be part of <paramref name="root"/>.
    /// </summary>
    /// <exception cref="VariableException">A key is missing, a function fails, or evaluation fails otherwise.</exception>
    public static JToken? Evaluate(CompiledExpression expression, JToken root, bool strict)
    {
        if (strict) CheckStrictPaths(expression, root);
        JToken? result;
        try
        {
            result = expression.Tree.Transform(new JmesPathArgument(root)).AsJToken();
        }
        catch (JmesPathFunctionException e)
        {
            throw new VariableException($"JMESPath query failed: {e.Message}", expression.Text, inner: e);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or VariableException or InsufficientExecutionStackException))
        {
            throw new VariableException($"JMESPath query failed: {e.Message}", expression.Text, inner: e);
        }
        // JmesPath.Net hands out a literal's value itself (also inside built arrays): copy such results so that no caller
        // can change the cached expression.
        if (result is not null && expression.Literals.Count > 0 && ContainsLiteral(result, expression.Literals)) result = result.DeepClone();
        return result is JValue scalar ? GoJson.NormalizeScalar(scalar) : result;
    }

    private static bool ContainsLiteral(JToken result, IReadOnlyList<JToken> literals)
    {
        if (literals.Any(l => ReferenceEquals(l, result))) return true;
        return result is JContainer container && container.Descendants().Any(d => literals.Any(l => ReferenceEquals(l, d)));
    }

    private static void CheckStrictPaths(CompiledExpression expression, JToken root)
    {
        foreach (var path in expression.StrictPaths)
        {
            var current = root;
            foreach (var step in path)
            {
                if (step.Key is { } key)
                {
                    if (current is not JObject obj) break;
                    if (!obj.TryGetValue(key, out var next))
                        throw new VariableException($"JMESPath query failed: Unknown key \"{key}\" in path", expression.Text, notFound: true);
                    current = next;
                }
                else
                {
                    if (current is not JArray array) break;
                    var index = step.Index < 0 ? array.Count + step.Index : step.Index;
                    if (index < 0 || index >= array.Count) break;
                    current = array[index];
                }
            }
        }
    }

    /// <summary>
    /// Puts literals in Go's JSON model. JmesPath.Net parses JSON literals with Newtonsoft's defaults, which turn
    /// ISO-8601 strings into dates (shifted to local time): such literals are parsed again from the expression text,
    /// keeping strings as written. Integral floats (<c>`1.0`</c>) become integers so they compare equal to <c>1</c>.
    /// </summary>
    private static void NormalizeLiterals(string text, List<JmesPathLiteral> literals)
    {
        if (LiteralValueField is null || literals.Count == 0) return;
        var sources = literals.Any(l => HasDate(l.Value)) ? LiteralTexts(text) : null;
        for (var i = 0; i < literals.Count; i++)
        {
            var value = literals[i].Value;
            if (HasDate(value))
            {
                if (sources is null || sources.Count != literals.Count) continue;
                using var reader = new JsonTextReader(new StringReader(sources[i])) { DateParseHandling = DateParseHandling.None };
                value = JToken.ReadFrom(reader);
            }
            else if (!HasFloat(value))
            {
                continue;
            }
            LiteralValueField.SetValue(literals[i], GoJson.Normalize(value));
        }
    }

    private static bool HasFloat(JToken token) =>
        token.Type == JTokenType.Float || token is JContainer container && container.Descendants().Any(d => d.Type == JTokenType.Float);

    private static bool HasDate(JToken token) =>
        token.Type == JTokenType.Date || token is JContainer container && container.Descendants().Any(d => d.Type == JTokenType.Date);

    /// <summary>The literals of an expression tree in the order they appear in its text.</summary>
    private static void CollectLiterals(JmesPathExpression? node, List<JmesPathLiteral> literals)
    {
        switch (node)
        {
            case null:
                return;
            case JmesPathLiteral literal:
                literals.Add(literal);
                return;
            case JmesPathSimpleExpression simple:
                CollectLiterals(simple.Expression, literals);
                return;
            case JmesPathFilterProjection filter:
                CollectLiterals(filter.Expression, literals);
                return;
            case JmesPathCompoundExpression compound:
                CollectLiterals(Left(compound), literals);
                CollectLiterals(Right(compound), literals);
                return;
            case JmesPathFunctionExpression function:
                foreach (var argument in function.Arguments) CollectLiterals(argument, literals);
                return;
            case JmesPathMultiSelectList list:
                foreach (var item in list.Expressions) CollectLiterals(item, literals);
                return;
            case JmesPathMultiSelectHash hash:
                foreach (var item in hash.Dictionary.Values) CollectLiterals(item, literals);
                return;
        }
    }

    /// <summary>The contents of the backtick literals of an expression text, skipping raw strings and quoted identifiers.</summary>
    private static List<string> LiteralTexts(string text)
    {
        var result = new List<string>();
        for (var i = 0; i < text.Length; i++)
        {
            var quote = text[i];
            if (quote is not ('`' or '\'' or '"')) continue;
            var content = new StringBuilder();
            var j = i + 1;
            for (; j < text.Length && text[j] != quote; j++)
            {
                if (text[j] == '\\' && j + 1 < text.Length && (text[j + 1] == quote || quote == '"'))
                {
                    if (quote == '"') content.Append(text[j]);
                    j++;
                }
                content.Append(text[j]);
            }
            if (quote == '`') result.Add(content.ToString());
            i = j;
        }
        return result;
    }

    /// <summary>
    /// Finds the field chains an expression evaluates against the root node: the expression itself, the left side
    /// of sub-expressions, index expressions, projections and pipes, operands of comparisons, <c>!</c> and the left of
    /// <c>&amp;&amp;</c>, and function arguments. Projected right-hand sides, multi-selects, filters and both sides
    /// of <c>||</c> are not strict (Kyverno's JMESPath yields null there).
    /// </summary>
    private static void CollectStrictPaths(JmesPathExpression node, List<PathStep[]> paths)
    {
        switch (node)
        {
            case JmesPathSimpleExpression simple:
                CollectStrictPaths(simple.Expression, paths);
                return;
            case JmesPathIdentifier or JmesPathSubExpression or JmesPathIndexExpression:
                var steps = new List<PathStep>();
                if (TryChain(node, steps))
                {
                    if (steps.Count > 0) paths.Add([.. steps]);
                    return;
                }
                if (node is JmesPathCompoundExpression compound && Left(compound) is { } chainLeft) CollectStrictPaths(chainLeft, paths);
                return;
            case JmesPathPipeExpression or JmesPathAndExpression:
                if (Left((JmesPathCompoundExpression)node) is { } left) CollectStrictPaths(left, paths);
                return;
            case JmesPathComparison or JmesPathArithmeticExpression:
                var pair = (JmesPathCompoundExpression)node;
                if (Left(pair) is { } first) CollectStrictPaths(first, paths);
                if (Right(pair) is { } second) CollectStrictPaths(second, paths);
                return;
            case JmesPathFunctionExpression function:
                foreach (var argument in function.Arguments)
                    if (!argument.IsExpressionType) CollectStrictPaths(argument, paths);
                return;
            default:
                return;
        }
    }

    private static JmesPathExpression? Left(JmesPathCompoundExpression node) => (JmesPathExpression?)LeftProperty.GetValue(node);

    private static JmesPathExpression? Right(JmesPathCompoundExpression node) => (JmesPathExpression?)RightProperty.GetValue(node);

    private static bool TryChain(JmesPathExpression node, List<PathStep> steps)
    {
        switch (node)
        {
            case JmesPathIdentifier identifier:
                steps.Add(new PathStep(identifier.Name, 0));
                return true;
            case JmesPathRootNodeExpression:
                return true;
            case JmesPathSubExpression sub:
                if (Left(sub) is not { } subLeft || !TryChain(subLeft, steps) || Right(sub) is not JmesPathIdentifier field) return false;
                steps.Add(new PathStep(field.Name, 0));
                return true;
            case JmesPathIndexExpression index:
                if (Left(index) is not { } indexLeft || !TryChain(indexLeft, steps) || Right(index) is not JmesPathIndex position) return false;
                steps.Add(new PathStep(null, position.Index));
                return true;
            default:
                return false;
        }
    }
}
