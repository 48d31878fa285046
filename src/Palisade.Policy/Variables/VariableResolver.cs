using System.Globalization;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Palisade.Policy.Variables;

/// <summary>How a document is substituted.</summary>
public sealed record SubstitutionOptions
{
    /// <summary>Kyverno's default: an unresolvable variable is an error.</summary>
    public static SubstitutionOptions Default { get; } = new();

    /// <summary>For preconditions: a variable that fails to resolve becomes null (Kyverno assigns nil there).</summary>
    public static SubstitutionOptions Preconditions { get; } = new() { UnresolvedAsNull = true };

    /// <summary>Whether a variable that cannot be resolved becomes null instead of an error.</summary>
    public bool UnresolvedAsNull { get; init; }

    /// <summary>
    /// The JMESPath that <c>{{@}}</c> is relative to (the template's root maps to it); null means <c>target</c> when
    /// the context has one (mutate existing) and <c>request.object</c> otherwise.
    /// </summary>
    public string? CurrentValueRoot { get; init; }

    /// <summary>Whether <c>$(./relative/path)</c> references to other fields of the template are resolved first.</summary>
    public bool ResolveReferences { get; init; } = true;
}

/// <summary>
/// Kyverno's variable substitution (https://kyverno.io/docs/writing-policies/variables/) over a JSON document:
/// <list type="bullet">
/// <item>a string that is exactly one <c>{{ expr }}</c> becomes the expression's JSON value (object, array, number,
/// boolean, null); variables inside a longer string are replaced by their text (strings as is, other values as JSON);</item>
/// <item>innermost variables are resolved first and the result is scanned again, so variables nest
/// (<c>{{ a.{{ b }} }}</c>) and a value that contains <c>{{ }}</c> is itself substituted; <c>{{- expr }}</c> is
/// shallow: its value is inserted as is;</item>
/// <item><c>\{{ }}</c> and <c>\$( )</c> are escapes: left as text without the backslash;</item>
/// <item><c>{{@}}</c> is the resource's value at the same path as the field; for DELETE requests
/// <c>request.object</c> reads <c>request.oldObject</c>;</item>
/// <item><c>$(./../sibling/path)</c> references other fields of the template, optionally with an operator
/// (<c>$(&lt;./../x)</c>);</item>
/// <item>a key missing on a path read from the context is an error (<c>Unknown key "labels" in path</c>, use
/// <c>|| ''</c> for optional fields), except with <see cref="SubstitutionOptions.Preconditions"/>.</item>
/// </list>
/// Object keys are substituted too. Expressions are parsed once and cached. Thread-safe.
/// </summary>
public static class VariableResolver
{
    private const int MaxIterations = 256;
    private const int MaxLength = 4 * 1024 * 1024;
    private const char PlaceholderStart = '\uE000';
    private const char PlaceholderEnd = '\uE001';

    /// <summary>Substitutes every variable in <paramref name="template"/>; returns the template itself when it has none.</summary>
    /// <exception cref="VariableException">A variable cannot be resolved (the message names it and the field's path).</exception>
    public static JToken Substitute(JToken template, PolicyContext context, SubstitutionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(context);
        options ??= SubstitutionOptions.Default;
        var markers = Markers(template);
        if (markers == Marker.None) return template;
        var original = template;
        var result = template.DeepClone();
        if (options.ResolveReferences && (markers & Marker.Reference) != 0) result = Walk(result, "", (text, path) => ResolveReferences(text, path, original));
        return (markers & Marker.Variable) == 0 ? result : Walk(result, "", (text, path) => SubstituteString(text, context, options, path));
    }

    /// <summary>Substitutes the variables of one string (see <see cref="Substitute"/>); the result keeps the value's type when the string is one variable.</summary>
    /// <exception cref="VariableException">A variable cannot be resolved.</exception>
    public static JToken Substitute(string text, PolicyContext context, SubstitutionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(context);
        return Detach(SubstituteString(text, context, options ?? SubstitutionOptions.Default, ""));
    }

    /// <summary>
    /// Evaluates a JMESPath expression (no braces) over the context, with Kyverno's functions. A missing key on a
    /// path read from the context is an error. The result may share nodes with the context: treat it as read-only.
    /// </summary>
    /// <exception cref="VariableException">The expression does not parse, a key is missing, or a function fails.</exception>
    public static JToken? Evaluate(string jmesPath, PolicyContext context) => Evaluate(jmesPath, context, strict: true);

    /// <summary>
    /// Evaluates a JMESPath expression over the context; with <paramref name="strict"/> false a missing key gives
    /// null instead of an error (foreach lists: a list that is not there has no elements), without the cost of an
    /// exception.
    /// </summary>
    public static JToken? Evaluate(string jmesPath, PolicyContext context, bool strict)
    {
        ArgumentNullException.ThrowIfNull(jmesPath);
        ArgumentNullException.ThrowIfNull(context);
        var expression = JmesPathEngine.Compile(jmesPath.Trim());
        if (expression.UsesImages) context.EnsureImages();
        return JmesPathEngine.Evaluate(expression, context.Root, strict);
    }

    /// <summary>Evaluates a JMESPath expression over any JSON value (missing keys give null).</summary>
    /// <exception cref="VariableException">The expression does not parse or a function fails.</exception>
    public static JToken? Evaluate(string jmesPath, JToken? data)
    {
        ArgumentNullException.ThrowIfNull(jmesPath);
        return JmesPathEngine.Evaluate(JmesPathEngine.Compile(jmesPath.Trim()), data ?? JValue.CreateNull(), strict: false);
    }

    [Flags]
    private enum Marker { None = 0, Variable = 1, Reference = 2 }

    /// <summary>Whether any string (value or key) in the tree may hold a variable (<c>{{</c>) or a reference (<c>$(</c>).</summary>
    private static Marker Markers(JToken token)
    {
        switch (token)
        {
            case JObject obj:
                var found = Marker.None;
                foreach (var property in obj.Properties()) found |= Markers(property.Name) | Markers(property.Value);
                return found;
            case JArray array:
                var inArray = Marker.None;
                foreach (var item in array) inArray |= Markers(item);
                return inArray;
            case JValue { Type: JTokenType.String } value:
                return Markers((string)value!);
            default:
                return Marker.None;
        }
    }

    private static Marker Markers(string s) =>
        (s.Contains("{{", StringComparison.Ordinal) ? Marker.Variable : Marker.None) | (s.Contains("$(", StringComparison.Ordinal) ? Marker.Reference : Marker.None);

    private static bool HasMarkers(string s) => Markers(s) != Marker.None;

    /// <summary>Replaces every string (values and keys) of a tree through <paramref name="substitute"/>, in place; <paramref name="path"/> is a JSON pointer.</summary>
    private static JToken Walk(JToken token, string path, Func<string, string, JToken> substitute)
    {
        switch (token)
        {
            case JObject obj:
                foreach (var property in obj.Properties().ToList())
                {
                    if (property.Parent is null) continue;
                    var childPath = path + "/" + EscapePointer(property.Name);
                    var value = Walk(property.Value, childPath, substitute);
                    if (!ReferenceEquals(value, property.Value)) property.Value = value;
                    if (!HasMarkers(property.Name)) continue;
                    var name = GoJson.ToText(substitute(property.Name, childPath));
                    if (name == property.Name) continue;
                    obj.Property(name)?.Remove();
                    property.Replace(new JProperty(name, Detach(property.Value)));
                }
                return obj;
            case JArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var item = Walk(array[i], path + "/" + i.ToString(CultureInfo.InvariantCulture), substitute);
                    if (!ReferenceEquals(item, array[i])) array[i] = item;
                }
                return array;
            case JValue { Type: JTokenType.String } value:
                var text = (string)value!;
                if (!HasMarkers(text)) return value;
                var replaced = substitute(text, path);
                return replaced is JValue { Type: JTokenType.String } s && (string)s! == text ? value : Detach(replaced);
            default:
                return token;
        }
    }

    private static JToken Detach(JToken token) => token.Parent is null ? token : token.DeepClone();

    private static string EscapePointer(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string UnescapePointer(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    /// <summary>
    /// Substitutes the variables of one string, innermost first, until none is left; the whole string being one
    /// variable returns the value itself.
    /// </summary>
    private static JToken SubstituteString(string text, PolicyContext context, SubstitutionOptions options, string path)
    {
        var shallowValues = new List<string>();
        var current = text;
        for (var iteration = 0; ; iteration++)
        {
            var matches = FindVariables(current);
            if (matches.Count == 0) break;
            if (iteration >= MaxIterations || current.Length > MaxLength)
                throw new VariableException($"variable substitution did not terminate at path {path}: {Shorten(text)}", text, path);
            var sb = new StringBuilder(current.Length);
            var position = 0;
            foreach (var (start, end) in matches)
            {
                var (value, shallow) = ResolveVariable(current[start..end], context, options, path, shallowValues);
                if (start == 0 && end == current.Length) return value is JValue scalar ? GoJson.NormalizeScalar(scalar) : value ?? JValue.CreateNull();
                sb.Append(current, position, start - position);
                var valueText = GoJson.ToText(value);
                if (shallow)
                {
                    sb.Append(PlaceholderStart).Append(shallowValues.Count.ToString(CultureInfo.InvariantCulture)).Append(PlaceholderEnd);
                    shallowValues.Add(valueText);
                }
                else
                {
                    sb.Append(valueText);
                }
                position = end;
                if (sb.Length > MaxLength)
                    throw new VariableException($"variable substitution at path {path} exceeds {MaxLength} characters: {Shorten(text)}", text, path);
            }
            sb.Append(current, position, current.Length - position);
            current = sb.ToString();
        }
        return new JValue(ExpandPlaceholders(Unescape(current), shallowValues));
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;

    /// <summary>Resolves one <c>{{ … }}</c>; returns its value and whether it is shallow (<c>{{- … }}</c>).</summary>
    private static (JToken? Value, bool Shallow) ResolveVariable(string variable, PolicyContext context, SubstitutionOptions options, string path, List<string> shallowValues)
    {
        var expression = variable.Replace("{{", "", StringComparison.Ordinal).Replace("}}", "", StringComparison.Ordinal).Trim();
        var shallow = expression.StartsWith('-');
        if (shallow) expression = expression[1..].Trim();
        expression = ExpandPlaceholders(expression, shallowValues);
        if (expression == "@") expression = CurrentValuePath(context, options, path);
        if (context.Operation == "DELETE") expression = expression.Replace("request.object", "request.oldObject", StringComparison.Ordinal);
        try
        {
            return (Evaluate(expression, context), shallow);
        }
        catch (VariableException e)
        {
            if (options.UnresolvedAsNull) return (null, shallow);
            throw new VariableException($"failed to resolve {expression} at path {(path.Length == 0 ? "/" : path)}: {e.Message}", expression, path, e.NotFound, e);
        }
    }

    /// <summary>The JMESPath of the resource value at the same path as the template field (for <c>{{@}}</c>).</summary>
    private static string CurrentValuePath(PolicyContext context, SubstitutionOptions options, string path)
    {
        var sb = new StringBuilder(options.CurrentValueRoot ?? (context.Root.ContainsKey("target") ? "target" : "request.object"));
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(UnescapePointer))
        {
            if (segment.All(char.IsAsciiDigit)) sb.Append('[').Append(segment).Append(']');
            else if (IsIdentifier(segment)) sb.Append('.').Append(segment);
            else sb.Append(".\"").Append(segment.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        }
        return sb.ToString();
    }

    private static bool IsIdentifier(string s) =>
        s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] == '_') && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>
    /// The innermost variables of a string, left to right: <c>{{</c> not preceded by a backslash, then characters
    /// other than braces or single-brace groups <c>{…}</c>, then <c>}}</c> (Kyverno's variable grammar).
    /// </summary>
    internal static List<(int Start, int End)> FindVariables(string s)
    {
        var result = new List<(int, int)>();
        for (var i = 0; i + 1 < s.Length; i++)
        {
            if (s[i] != '{' || s[i + 1] != '{' || (i > 0 && s[i - 1] == '\\')) continue;
            if (TryMatchVariable(s, i, out var end))
            {
                result.Add((i, end));
                i = end - 1;
            }
        }
        return result;
    }

    private static bool TryMatchVariable(string s, int start, out int end)
    {
        end = 0;
        var j = start + 2;
        while (j < s.Length)
        {
            var c = s[j];
            if (c == '{')
            {
                var k = j + 1;
                while (k < s.Length && s[k] != '{' && s[k] != '}') k++;
                if (k >= s.Length || s[k] != '}') return false;
                j = k + 1;
            }
            else if (c == '}')
            {
                if (j + 1 < s.Length && s[j + 1] == '}')
                {
                    end = j + 2;
                    return true;
                }
                return false;
            }
            else
            {
                j++;
            }
        }
        return false;
    }

    /// <summary>Drops the backslash of escaped variables: <c>\{{ x }}</c> becomes <c>{{ x }}</c>.</summary>
    private static string Unescape(string s)
    {
        if (!s.Contains("\\{{", StringComparison.Ordinal)) return s;
        var sb = new StringBuilder(s.Length);
        var position = 0;
        for (var i = s.IndexOf("\\{{", StringComparison.Ordinal); i >= 0; i = s.IndexOf("\\{{", i + 1, StringComparison.Ordinal))
        {
            if (i < position || !TryMatchVariable(s, i + 1, out var end)) continue;
            sb.Append(s, position, i - position).Append(s, i + 1, end - i - 1);
            position = end;
            i = end - 1;
        }
        sb.Append(s, position, s.Length - position);
        return sb.ToString();
    }

    private static string ExpandPlaceholders(string s, List<string> values)
    {
        if (values.Count == 0 || s.IndexOf(PlaceholderStart, StringComparison.Ordinal) < 0) return s;
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var close = s[i] == PlaceholderStart ? s.IndexOf(PlaceholderEnd, i + 1) : -1;
            if (close > i && int.TryParse(s.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < values.Count)
            {
                sb.Append(values[index]);
                i = close;
            }
            else
            {
                sb.Append(s[i]);
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// Resolves <c>$(path)</c> references in one string against the original template: the path is relative to the
    /// field (<c>./../x</c>) or absolute, anchors in the template's keys are ignored, an operator prefix
    /// (<c>&lt;</c>, <c>&gt;=</c>, <c>!</c>…) is kept in front of the value; <c>\$( )</c> is left as text.
    /// </summary>
    private static JToken ResolveReferences(string text, string path, JToken template)
    {
        if (!text.Contains("$(", StringComparison.Ordinal)) return new JValue(text);
        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var start = text.IndexOf("$(", i, StringComparison.Ordinal);
            if (start < 0) break;
            var escaped = start > 0 && text[start - 1] == '\\';
            var end = ReferenceEnd(text, start);
            if (end < 0)
            {
                sb.Append(text, i, start + 2 - i);
                i = start + 2;
                continue;
            }
            if (escaped)
            {
                sb.Append(text, i, start - 1 - i).Append(text, start, end - start);
            }
            else
            {
                sb.Append(text, i, start - i).Append(ResolveReference(text[start..end], path, template));
            }
            i = end;
        }
        sb.Append(text, i, text.Length - i);
        return new JValue(sb.ToString());
    }

    /// <summary>Where a reference starting at <paramref name="start"/> ends: the last <c>)</c> before a space (Kyverno's <c>\$\(.[^ ]*\)</c>).</summary>
    private static int ReferenceEnd(string text, int start)
    {
        var spaceOrEnd = text.IndexOf(' ', start + 3);
        if (spaceOrEnd < 0) spaceOrEnd = text.Length;
        var close = text.LastIndexOf(')', spaceOrEnd - 1, spaceOrEnd - start - 2);
        return close < start + 3 ? -1 : close + 1;
    }

    private static string ResolveReference(string reference, string path, JToken template)
    {
        var body = reference.Trim('$', '(', ')');
        var op = OperatorPrefix(body);
        body = body[op.Length..];
        if (body.Length == 0) throw new VariableException($"failed to resolve {reference} at path {path}: expected path, found empty reference", reference, path);
        var target = body.StartsWith('/') ? CleanPointer(body) : CleanPointer(path + "/" + body);
        var value = FindByPath(template, "", RemoveAnchors(target));
        if (value is null || value.Type == JTokenType.Null)
            throw new VariableException($"failed to resolve {reference} at path {path}: reference not found", reference, path, notFound: true);
        if (op.Length == 0)
        {
            return value.Type == JTokenType.String
                ? (string)value!
                : throw new VariableException($"NotResolvedReferenceErr, reference {reference} not resolved at path {path}", reference, path);
        }
        return op + value.Type switch
        {
            JTokenType.String => (string)value!,
            // The template is JSON to Kyverno, so every number is a float64 printed with %f.
            JTokenType.Integer or JTokenType.Float => GoJson.ToDouble(value).ToString("F6", CultureInfo.InvariantCulture),
            _ => throw new VariableException($"failed to resolve {reference} at path {path}: operator {op} does not match with value {GoJson.Serialize(value)}", reference, path),
        };
    }

    private static readonly string[] Operators = [">=", "<=", ">", "<", "!"];

    private static string OperatorPrefix(string body) =>
        body.Length < 2 ? "" : Operators.FirstOrDefault(op => body.StartsWith(op, StringComparison.Ordinal)) ?? "";

    /// <summary>Cleans a JSON pointer path like Go's <c>path.Join</c> (<c>.</c> and <c>..</c> resolved).</summary>
    private static string CleanPointer(string pointer)
    {
        var parts = new List<string>();
        foreach (var part in pointer.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }

    private static string RemoveAnchors(string pointer) =>
        string.Join('/', pointer.Split('/').Select(StripAnchor));

    /// <summary>A key without its anchor: <c>(name)</c>, <c>^(name)</c>, <c>=(name)</c>, <c>+(name)</c>, <c>X(name)</c>, <c>&lt;(name)</c> give <c>name</c>.</summary>
    private static string StripAnchor(string key)
    {
        if (key.Length >= 2 && key[^1] == ')')
        {
            var open = key[0] == '(' ? 0 : key.Length >= 3 && key[1] == '(' && key[0] is '^' or '=' or '+' or 'X' or '<' ? 1 : -1;
            if (open >= 0) return key[(open + 1)..^1];
        }
        return key;
    }

    private static JToken? FindByPath(JToken token, string path, string target)
    {
        if (RemoveAnchors(path.Length == 0 ? "/" : path) == target && path.Length > 0) return token;
        switch (token)
        {
            case JObject obj:
                foreach (var property in obj.Properties())
                    if (FindByPath(property.Value, path + "/" + EscapePointer(property.Name), target) is { } found) return found;
                return null;
            case JArray array:
                for (var i = 0; i < array.Count; i++)
                    if (FindByPath(array[i], path + "/" + i.ToString(CultureInfo.InvariantCulture), target) is { } found) return found;
                return null;
            default:
                return null;
        }
    }

    /// <summary>Loads a rule context entry (see <see cref="PolicyContext.AddVariable"/> and <see cref="PolicyContext.AddData"/>).</summary>
    internal static void LoadVariable(PolicyContext context, string name, JToken? value, string? jmesPath, JToken? defaultValue, bool external)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!external && value is null && string.IsNullOrWhiteSpace(jmesPath) && defaultValue is null)
            throw new ArgumentException($"context variable \"{name}\" needs a value, a jmesPath or a default", nameof(value));
        var path = string.IsNullOrWhiteSpace(jmesPath) ? null : GoJson.ToText(Substitute(jmesPath, context));
        var fallback = defaultValue is null ? null : Substitute(defaultValue, context);
        JToken? output;
        try
        {
            if (external) output = path is null ? value : Evaluate(path, value);
            else if (value is not null) output = path is null ? Substitute(value, context) : Evaluate(path, Substitute(value, context));
            else output = Evaluate(path!, context);
        }
        catch (VariableException) when (fallback is not null)
        {
            output = fallback;
        }
        catch (VariableException e)
        {
            throw new VariableException($"failed to load context variable \"{name}\": {e.Message}", e.Variable, e.Path, e.NotFound, e);
        }
        if ((output is null || output.Type == JTokenType.Null) && fallback is not null) output = fallback;
        context.SetVariable(name, output);
    }
}
