using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Newtonsoft.Json.Linq;
using Palisade.Policy.Documents;

namespace Palisade.Policy.Variables;

public static partial class KyvernoFunctions
{
    /// <summary>
    /// Resolves host names for <c>is_external_url</c> (the system resolver by default; tests replace it).
    /// </summary>
    internal static Func<string, IPAddress[]> HostResolver { get; set; } = Dns.GetHostAddresses;

    private static JToken LabelMatch(Args a)
    {
        var labels = a.Object(0);
        var candidate = a.Object(1);
        foreach (var property in labels.Properties())
            if (!candidate.TryGetValue(property.Name, out var value) || !GoJson.ValueEquals(value, property.Value))
                return new JValue(false);
        return new JValue(true);
    }

    /// <summary>Go's <c>json.Unmarshal</c> into a value: strict JSON, every number a float64.</summary>
    private static JToken ParseJson(Args a)
    {
        return Guard(a, () =>
        {
            using var document = JsonDocument.Parse(a.String(0), new JsonDocumentOptions { MaxDepth = 1000 });
            return FromJsonElement(document.RootElement, a);
        });
    }

    private static JToken FromJsonElement(JsonElement element, Args a)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JObject();
                foreach (var property in element.EnumerateObject()) obj[property.Name] = FromJsonElement(property.Value, a);
                return obj;
            case JsonValueKind.Array:
                var array = new JArray();
                foreach (var item in element.EnumerateArray()) array.Add(FromJsonElement(item, a));
                return array;
            case JsonValueKind.String:
                return new JValue(element.GetString());
            case JsonValueKind.Number:
                var number = element.GetDouble();
                if (double.IsInfinity(number)) throw a.Error($"json: cannot unmarshal number {element.GetRawText()} into Go value of type float64");
                return GoJson.Number(number);
            case JsonValueKind.True:
                return new JValue(true);
            case JsonValueKind.False:
                return new JValue(false);
            default:
                return JValue.CreateNull();
        }
    }

    /// <summary>The first YAML document as JSON (null for an empty document), through Palisade's bounded YAML reader.</summary>
    private static JToken ParseYaml(Args a)
    {
        return Guard(a, () =>
        {
            var documents = PolicyDocuments.ReadAll(a.String(0), "parse_yaml");
            return documents.Count == 0 ? JValue.CreateNull() : GoJson.Normalize(documents[0]);
        });
    }

    private static JToken Lookup(Args a)
    {
        switch (a[0])
        {
            case JObject obj:
                if (a[1] is not { Type: JTokenType.String } key) throw a.Error("argument #2 must be a string to look up in an object");
                return obj.TryGetValue((string)key!, out var value) ? value : JValue.CreateNull();
            case JArray array:
                if (!GoJson.IsNumber(a[1])) throw a.Error("argument #2 must be a number to look up in an array");
                var index = GoJson.ToDouble(a[1]);
                if (Math.Floor(index) != index) throw a.Error($"argument #2: expected an integer number but got: {GoJson.Serialize(a[1])}");
                return index < 0 || index >= array.Count ? JValue.CreateNull() : array[(int)index];
            default:
                throw a.Error($"argument #1 must be an object or an array, got {GoJson.TypeName(a[0])}");
        }
    }

    /// <summary>An object's entries sorted by key, or an array's items with their indexes, as <c>{keyName: k, valueName: v}</c> objects.</summary>
    private static JToken Items(Args a)
    {
        var keyName = a.String(1);
        var valueName = a.String(2);
        var result = new JArray();
        switch (a[0])
        {
            case JObject obj:
                foreach (var property in GoJson.SortedProperties(obj))
                    result.Add(Entry(keyName, property.Name, valueName, property.Value));
                return result;
            case JArray array:
                for (var i = 0; i < array.Count; i++) result.Add(Entry(keyName, new JValue((long)i), valueName, array[i]));
                return result;
            default:
                throw a.Error($"argument #1 must be an object or an array, got {GoJson.TypeName(a[0])}");
        }
    }

    private static JObject Entry(string keyName, JToken key, string valueName, JToken value)
    {
        var entry = new JObject { [keyName] = key };
        entry[valueName] = value;
        return entry;
    }

    private static JToken ObjectFromLists(Args a)
    {
        var keys = a.Array(0);
        var values = a.Array(1);
        var result = new JObject();
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i] switch
            {
                { Type: JTokenType.String } s => (string)s!,
                { Type: JTokenType.Boolean } b => (bool)b! ? "true" : "false",
                var n when GoJson.IsNumber(n) => GoJson.FormatFloat32(GoJson.ToDouble(n)),
                _ => throw a.Error("argument #1 must be an array of strings, numbers or booleans"),
            };
            result[key] = i < values.Count ? values[i] : JValue.CreateNull();
        }
        return result;
    }

    /// <summary>
    /// Whether a URL's host is external: an IP literal that is neither loopback nor private, or a name whose
    /// every resolved address is neither (Go's <c>IsLoopback</c>/<c>IsPrivate</c>). A name that does not resolve is an error.
    /// </summary>
    private static JToken IsExternalUrl(Args a)
    {
        var text = a.String(0);
        var host = UrlHost(text);
        if (IPAddress.TryParse(host, out var literal) && !host.Contains('%', StringComparison.Ordinal))
            return new JValue(!IsInternal(literal));
        IPAddress[] addresses;
        try
        {
            addresses = host.Length == 0 ? throw new SocketException((int)SocketError.HostNotFound) : HostResolver(host);
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            throw a.Error($"lookup {host}: no such host", e);
        }
        return new JValue(addresses.Length > 0 && !addresses.Any(IsInternal));
    }

    /// <summary>Go's <c>url.URL.Hostname()</c>: the host without port or IPv6 brackets; empty when there is no authority.</summary>
    private static string UrlHost(string url)
    {
        var schemeEnd = url.IndexOf("//", StringComparison.Ordinal);
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        if (schemeEnd < 0 || colon < 0 || colon > schemeEnd) return url.StartsWith("//", StringComparison.Ordinal) ? AuthorityHost(url[2..]) : "";
        return AuthorityHost(url[(schemeEnd + 2)..]);
    }

    private static string AuthorityHost(string rest)
    {
        var end = rest.IndexOfAny(['/', '?', '#']);
        var authority = end < 0 ? rest : rest[..end];
        var at = authority.LastIndexOf('@');
        if (at >= 0) authority = authority[(at + 1)..];
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? authority[1..] : authority[1..close];
        }
        var port = authority.LastIndexOf(':');
        return port >= 0 ? authority[..port] : authority;
    }

    private static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return true;
        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
            return b[0] == 10 || b[0] == 172 && (b[1] & 0xF0) == 16 || b[0] == 192 && b[1] == 168;
        return (b[0] & 0xFE) == 0xFC;
    }
}
