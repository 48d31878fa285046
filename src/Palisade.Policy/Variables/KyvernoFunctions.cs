using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DevLab.JmesPath.Functions;
using DevLab.JmesPath.Interop;
using Newtonsoft.Json.Linq;

namespace Palisade.Policy.Variables;

/// <summary>
/// Kyverno's custom JMESPath functions (https://kyverno.io/docs/writing-policies/jmespath/), registered on top of
/// JmesPath.Net's built-ins; where names collide (<c>items</c>, <c>replace</c>, <c>split</c>, <c>sum</c>,
/// <c>trim</c>, <c>to_string</c>) Kyverno's definition wins. Each function checks its argument types as Kyverno's
/// signatures declare them and fails with <see cref="JmesPathFunctionException"/>.
/// </summary>
public static partial class KyvernoFunctions
{
    /// <summary>A function body: arguments in, a JSON value out.</summary>
    private delegate JToken Body(Args args);

    private sealed class Function(string name, int arity, Body body) : JmesPathFunction(name, arity)
    {
        public override JToken Execute(params JmesPathFunctionArgument[] args) => body(new Args(Name, args));
    }

    /// <summary>The evaluated arguments of one call, with Kyverno's type checks.</summary>
    private readonly struct Args(string function, JmesPathFunctionArgument[] items)
    {
        public JToken this[int index] => items[index].Token ?? JValue.CreateNull();

        public JmesPathFunctionException Error(string message, Exception? inner = null) => new(function, message, inner);

        private JmesPathFunctionException TypeError(int index, string expected) =>
            Error($"argument #{index + 1} must be {expected}, got {GoJson.TypeName(this[index])}");

        public string String(int index) =>
            this[index] is { Type: JTokenType.String } token ? (string)token! : throw TypeError(index, "a string");

        public double Number(int index) =>
            GoJson.IsNumber(this[index]) ? GoJson.ToDouble(this[index]) : throw TypeError(index, "a number");

        public JObject Object(int index) => this[index] as JObject ?? throw TypeError(index, "an object");

        public JArray Array(int index) => this[index] as JArray ?? throw TypeError(index, "an array");

        /// <summary>A string or number argument as text (numbers at float32 precision, as Kyverno converts them).</summary>
        public string Text(int index) => this[index] switch
        {
            { Type: JTokenType.String } s => (string)s!,
            var n when GoJson.IsNumber(n) => GoJson.FormatFloat32(GoJson.ToDouble(n)),
            _ => throw TypeError(index, "a string or a number"),
        };
    }

    private static readonly (string Name, int Arity, Body Body)[] Definitions =
    [
        ("compare", 2, a => GoJson.Number(Math.Sign(GoJson.CompareOrdinalCodePoints(a.String(0), a.String(1))))),
        ("equal_fold", 2, a => new JValue(string.Equals(a.String(0), a.String(1), StringComparison.OrdinalIgnoreCase))),
        ("replace", 4, a => new JValue(GoReplace(a.String(0), a.String(1), a.String(2), ToInt(a.Number(3))))),
        ("replace_all", 3, a => new JValue(GoReplace(a.String(0), a.String(1), a.String(2), -1))),
        ("to_upper", 1, a => new JValue(a.String(0).ToUpperInvariant())),
        ("to_lower", 1, a => new JValue(a.String(0).ToLowerInvariant())),
        ("trim", 2, a => new JValue(GoTrim(a.String(0), a.String(1)))),
        ("trim_prefix", 2, a => new JValue(a.String(0).StartsWith(a.String(1), StringComparison.Ordinal) ? a.String(0)[a.String(1).Length..] : a.String(0))),
        ("split", 2, a => new JArray(GoSplit(a.String(0), a.String(1)))),
        ("truncate", 2, a => new JValue(Truncate(a.String(0), a.Number(1)))),
        ("base64_decode", 1, Base64Decode),
        ("base64_encode", 1, a => new JValue(Convert.ToBase64String(Encoding.UTF8.GetBytes(a.String(0))))),
        ("sha256", 1, a => new JValue(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(a.String(0)))))),
        ("md5", 1, a => new JValue(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(a.String(0)))))),
        ("path_canonicalize", 1, a => new JValue(CleanPath(a.String(0)))),
        ("to_boolean", 1, ToBoolean),
        ("to_string", 1, a => new JValue(GoJson.ToText(a[0]))),
        ("regex_match", 2, a => Guarded(a, () => GoRegex.IsMatch(a.String(0), a.Text(1)))),
        ("regex_replace_all", 3, a => Guarded(a, () => GoRegex.ReplaceAll(a.String(0), a.Text(1), a.Text(2), literal: false))),
        ("regex_replace_all_literal", 3, a => Guarded(a, () => GoRegex.ReplaceAll(a.String(0), a.Text(1), a.Text(2), literal: true))),
        ("pattern_match", 2, a => new JValue(Patterns.Wildcard.Match(a.String(0), a.Text(1)))),
        ("label_match", 2, LabelMatch),
        ("semver_compare", 2, SemverCompare),
        ("parse_json", 1, ParseJson),
        ("parse_yaml", 1, ParseYaml),
        ("lookup", 2, Lookup),
        ("items", 3, Items),
        ("object_from_lists", 2, ObjectFromLists),
        ("random", 1, RandomString),
        ("x509_decode", 1, X509Decode),
        ("image_normalize", 1, ImageNormalize),
        ("is_external_url", 1, IsExternalUrl),
        ("add", 2, a => Arithmetic(a, Operation.Add)),
        ("subtract", 2, a => Arithmetic(a, Operation.Subtract)),
        ("multiply", 2, a => Arithmetic(a, Operation.Multiply)),
        ("divide", 2, a => Arithmetic(a, Operation.Divide)),
        ("modulo", 2, a => Arithmetic(a, Operation.Modulo)),
        ("sum", 1, Sum),
        ("round", 2, Round),
        ("time_since", 3, TimeSince),
        ("time_now", 0, _ => new JValue(GoTime.FormatRfc3339(DateTimeOffset.Now))),
        ("time_now_utc", 0, _ => new JValue(GoTime.FormatRfc3339(DateTimeOffset.UtcNow))),
        ("time_add", 2, a => Guarded(a, () => GoTime.FormatRfc3339(GoTime.Add(GoTime.ParseRfc3339(a.String(0)), GoDuration.Parse(a.String(1)))))),
        ("time_parse", 2, TimeParse),
        ("time_to_cron", 1, a => Guarded(a, () => ToCron(GoTime.ParseRfc3339(a.String(0))))),
        ("time_utc", 1, a => Guarded(a, () => GoTime.FormatRfc3339(GoTime.ParseRfc3339(a.String(0)).ToUniversalTime()))),
        ("time_diff", 2, a => Guarded(a, () => GoDuration.Format(GoTime.Sub(GoTime.ParseRfc3339(a.String(1)), GoTime.ParseRfc3339(a.String(0)))))),
        ("time_before", 2, a => Guarded(a, () => GoTime.ParseRfc3339(a.String(0)) < GoTime.ParseRfc3339(a.String(1)))),
        ("time_after", 2, a => Guarded(a, () => GoTime.ParseRfc3339(a.String(0)) > GoTime.ParseRfc3339(a.String(1)))),
        ("time_between", 3, a => Guarded(a, () =>
        {
            var t = GoTime.ParseRfc3339(a.String(0));
            return t > GoTime.ParseRfc3339(a.String(1)) && t < GoTime.ParseRfc3339(a.String(2));
        })),
        ("time_truncate", 2, a => Guarded(a, () => GoTime.FormatRfc3339(GoTime.Truncate(GoTime.ParseRfc3339(a.String(0)), GoDuration.Parse(a.String(1)))))),
    ];

    /// <summary>The names of the functions Kyverno adds (and of built-ins it redefines).</summary>
    public static IReadOnlyList<string> Names { get; } = Definitions.Select(d => d.Name).ToArray();

    /// <summary>Registers every function on a JmesPath.Net function repository (replacing built-ins of the same name).</summary>
    public static void RegisterAll(IRegisterFunctions repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        foreach (var (name, arity, body) in Definitions) repository.Register(name, new Function(name, arity, body));
    }

    private static int ToInt(double value) =>
        double.IsNaN(value) ? 0 : value >= int.MaxValue ? int.MaxValue : value <= int.MinValue ? int.MinValue : (int)value;

    /// <summary>Go's <c>strings.Replace</c>: at most <paramref name="n"/> replacements (all when negative); an empty <paramref name="old"/> matches before every code point and at the end.</summary>
    private static string GoReplace(string s, string old, string replacement, int n)
    {
        if (old == replacement || n == 0) return s;
        var count = old.Length == 0 ? CodePointCount(s) + 1 : CountOccurrences(s, old);
        if (count == 0) return s;
        if (n < 0 || count < n) n = count;
        var sb = new StringBuilder(s.Length);
        var start = 0;
        for (var i = 0; i < n; i++)
        {
            var j = start;
            if (old.Length == 0)
            {
                if (i > 0) GoJson.NextCodePoint(s, ref j);
            }
            else
            {
                j = s.IndexOf(old, start, StringComparison.Ordinal);
            }
            sb.Append(s, start, j - start).Append(replacement);
            start = j + old.Length;
        }
        sb.Append(s, start, s.Length - start);
        return sb.ToString();
    }

    private static int CountOccurrences(string s, string value)
    {
        var count = 0;
        for (var i = s.IndexOf(value, StringComparison.Ordinal); i >= 0; i = s.IndexOf(value, i + value.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    private static int CodePointCount(string s)
    {
        var count = 0;
        for (var i = 0; i < s.Length; count++) GoJson.NextCodePoint(s, ref i);
        return count;
    }

    private static List<int> CodePoints(string s)
    {
        var list = new List<int>(s.Length);
        for (var i = 0; i < s.Length;) list.Add(GoJson.NextCodePoint(s, ref i));
        return list;
    }

    private static string FromCodePoints(IEnumerable<int> codePoints)
    {
        var sb = new StringBuilder();
        foreach (var cp in codePoints) sb.Append(char.ConvertFromUtf32(cp));
        return sb.ToString();
    }

    /// <summary>Go's <c>strings.Trim</c>: drops leading and trailing code points that occur in <paramref name="cutset"/>.</summary>
    private static string GoTrim(string s, string cutset)
    {
        if (s.Length == 0 || cutset.Length == 0) return s;
        var cut = CodePoints(cutset).ToHashSet();
        var points = CodePoints(s);
        var start = 0;
        var end = points.Count;
        while (start < end && cut.Contains(points[start])) start++;
        while (end > start && cut.Contains(points[end - 1])) end--;
        return FromCodePoints(points.Skip(start).Take(end - start));
    }

    /// <summary>Go's <c>strings.Split</c>: an empty separator splits into code points.</summary>
    private static IEnumerable<string> GoSplit(string s, string separator) =>
        separator.Length == 0 ? CodePoints(s).Select(char.ConvertFromUtf32) : s.Split(separator);

    /// <summary>The first <paramref name="length"/> code points (none for a negative length).</summary>
    private static string Truncate(string s, double length)
    {
        var n = length < 0 ? 0 : ToInt(length);
        var points = CodePoints(s);
        return points.Count <= n ? s : FromCodePoints(points.Take(n));
    }

    private static JToken Base64Decode(Args a)
    {
        // Go's StdEncoding skips CR and LF but no other white space and requires padding.
        var text = a.String(0).Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
        var bad = text.AsSpan().IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");
        try
        {
            if (bad >= 0) throw new FormatException();
            return new JValue(Encoding.UTF8.GetString(Convert.FromBase64String(text)));
        }
        catch (FormatException e)
        {
            throw a.Error($"illegal base64 data at input byte {(bad >= 0 ? bad : text.Length)}", e);
        }
    }

    /// <summary>Go's <c>path.Clean</c> as <c>filepath.Join</c> applies it (an empty path stays empty).</summary>
    private static string CleanPath(string path)
    {
        if (path.Length == 0) return "";
        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
                else if (!rooted) parts.Add("..");
                continue;
            }
            parts.Add(part);
        }
        var joined = string.Join('/', parts);
        if (rooted) return "/" + joined;
        return joined.Length == 0 ? "." : joined;
    }

    private static JToken ToBoolean(Args a)
    {
        var input = a.String(0);
        return input.ToLowerInvariant() switch
        {
            "true" => new JValue(true),
            "false" => new JValue(false),
            _ => throw a.Error($"lowercase argument must be 'true' or 'false' (provided: '{input}')"),
        };
    }

    /// <summary>Runs a computation whose parse or format failures (Go's messages) become the function's error.</summary>
    private static T Guard<T>(Args a, Func<T> compute)
    {
        try
        {
            return compute();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or System.Text.Json.JsonException or Documents.PolicyDocumentException)
        {
            throw a.Error(e.Message, e);
        }
    }

    /// <summary><see cref="Guard"/> with the result as a JSON value.</summary>
    private static JValue Guarded(Args a, Func<object> compute) => new(Guard(a, compute));

    private static JToken SemverCompare(Args a)
    {
        // Kyverno ignores a version that does not parse and compares the zero version instead.
        var version = Semver.TryParse(a.String(0), out var v, out _) ? v : Semver.Version.Zero;
        return Guarded(a, () => Semver.ParseRange(a.String(1))(version));
    }

    private static JToken RandomString(Args a)
    {
        var pattern = a.String(0);
        if (pattern.Length == 0) throw a.Error("no pattern provided");
        return Guarded(a, () => RegexGenerator.Generate(pattern));
    }

    private static JToken X509Decode(Args a) => Guard(a, () => X509Decoder.Decode(a.String(0)));

    private static JToken ImageNormalize(Args a) =>
        ImageInfo.TryParse(a.String(0), out var info, out var error) ? new JValue(info.Reference) : throw a.Error(error);

    private static string ToCron(DateTimeOffset t) =>
        string.Create(CultureInfo.InvariantCulture, $"{t.Minute} {t.Hour} {t.Day} {t.Month} {(int)t.DayOfWeek}");
}
