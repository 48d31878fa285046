using System.Globalization;
using Newtonsoft.Json.Linq;

namespace Palisade.Policy.Variables;

public static partial class KyvernoFunctions
{
    /// <summary><c>time_since(layout, start, end)</c>: end − start as a Go duration; an empty layout is RFC 3339, an empty end is now.</summary>
    private static JToken TimeSince(Args a) => Guarded(a, () =>
    {
        var layout = a.String(0);
        DateTimeOffset Parse(string value) => layout.Length == 0 ? GoTime.ParseRfc3339(value) : GoTime.Parse(layout, value);
        var start = Parse(a.String(1));
        var end = a.String(2).Length == 0 ? DateTimeOffset.Now : Parse(a.String(2));
        return GoDuration.Format(GoTime.Sub(end, start));
    });

    /// <summary><c>time_parse(layout, value)</c>: the value in RFC 3339; a numeric layout means the value is Unix epoch seconds (UTC).</summary>
    private static JToken TimeParse(Args a) => Guarded(a, () =>
    {
        var layout = a.String(0);
        var value = a.String(1);
        if (long.TryParse(layout, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
                throw new FormatException($"strconv.ParseInt: parsing \"{value}\": invalid syntax");
            return GoTime.FormatRfc3339(DateTimeOffset.FromUnixTimeSeconds(seconds));
        }
        return GoTime.FormatRfc3339(GoTime.Parse(layout, value));
    });
}
