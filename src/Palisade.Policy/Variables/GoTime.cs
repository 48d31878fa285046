using System.Globalization;

namespace Palisade.Policy.Variables;

/// <summary>
/// Go's time parsing and formatting as Kyverno's time functions use them: <c>time.Parse</c> with a Go reference
/// layout (<c>Mon Jan 2 15:04:05 MST 2006</c>), RFC 3339 (<c>2006-01-02T15:04:05Z07:00</c>) in and out, and
/// <c>Time.Sub</c>/<c>Add</c>/<c>Truncate</c> on nanosecond durations. Times keep the offset they were written with.
/// Precision is .NET's 100 ns tick; a zone abbreviation other than UTC/GMT is taken as offset zero, as Go does for an
/// abbreviation unknown to the local zone.
/// </summary>
public static class GoTime
{
    /// <summary>Go's <c>time.RFC3339</c> layout.</summary>
    public const string Rfc3339Layout = "2006-01-02T15:04:05Z07:00";

    private static readonly string[] LongMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    private static readonly string[] LongDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] ShortMonths = LongMonths.Select(m => m[..3]).ToArray();
    private static readonly string[] ShortDays = LongDays.Select(d => d[..3]).ToArray();

    private enum Std
    {
        None, LongMonth, Month, NumMonth, ZeroMonth, LongWeekDay, WeekDay, Day, UnderDay, ZeroDay, UnderYearDay, ZeroYearDay,
        Hour, Hour12, ZeroHour12, Minute, ZeroMinute, Second, ZeroSecond, LongYear, Year, PM, pm, TZ,
        ISO8601TZ, ISO8601SecondsTZ, ISO8601ShortTZ, ISO8601ColonTZ, ISO8601ColonSecondsTZ,
        NumTZ, NumSecondsTz, NumShortTZ, NumColonTZ, NumColonSecondsTZ, FracSecond0, FracSecond9,
    }

    /// <summary>Formats a time as RFC 3339 without fractional seconds (<c>Z</c> for a zero offset), as Go's <c>Format(time.RFC3339)</c>.</summary>
    public static string FormatRfc3339(DateTimeOffset time)
    {
        var text = time.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture);
        if (time.Offset == TimeSpan.Zero) return text + "Z";
        var offset = time.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture, $"{text}{sign}{offset.Hours:00}:{offset.Minutes:00}");
    }

    /// <summary>Parses an RFC 3339 time (<c>2023-01-12T12:37:56-05:00</c>, fractional seconds allowed).</summary>
    /// <exception cref="FormatException">The text is not RFC 3339.</exception>
    public static DateTimeOffset ParseRfc3339(string value) => Parse(Rfc3339Layout, value);

    /// <summary>Parses <paramref name="value"/> with a Go reference layout, as <c>time.Parse</c>.</summary>
    /// <exception cref="FormatException">The value does not fit the layout (the message is Go's).</exception>
    public static DateTimeOffset Parse(string layout, string value)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(value);
        var state = new ParseState();
        var originalValue = value;
        var rest = layout;
        while (true)
        {
            var (prefix, std, suffix, stdText) = NextChunk(rest);
            if (!Skip(ref value, prefix))
                throw Error(layout, originalValue, prefix, value);
            if (std == Std.None)
            {
                if (value.Length != 0) throw new FormatException($"parsing time \"{originalValue}\": extra text: \"{value}\"");
                break;
            }
            rest = suffix;
            var before = value;
            if (!ParseStd(std, ref value, rest, ref state))
                throw Error(layout, originalValue, stdText, before);
        }
        return state.Build(originalValue);
    }

    private static FormatException Error(string layout, string value, string element, string rest) =>
        new($"parsing time \"{value}\" as \"{layout}\": cannot parse \"{rest}\" as \"{element}\"");

    /// <summary>What parsing has found so far.</summary>
    private struct ParseState
    {
        public int Year;
        public int Month;
        public int Day;
        public int YearDay;
        public int Hour;
        public int Minute;
        public int Second;
        public long FractionTicks;
        public bool Pm;
        public bool PmSet;
        public TimeSpan? Offset;
        public string? ZoneName;
        public bool YearSet;

        public readonly DateTimeOffset Build(string original)
        {
            // Go takes a missing year as year 0, which DateTimeOffset cannot hold: the leap year 2000 stands in.
            var year = YearSet ? Year : 2000;
            var month = Month == 0 ? 1 : Month;
            var day = Day;
            var hour = Hour;
            if (PmSet && Pm && hour < 12) hour += 12;
            else if (PmSet && !Pm && hour == 12) hour = 0;
            if (YearDay > 0)
            {
                if (year < 1) throw new FormatException($"parsing time \"{original}\": year out of range");
                var isLeap = DateTime.IsLeapYear(year);
                if (YearDay > (isLeap ? 366 : 365)) throw new FormatException($"parsing time \"{original}\": day-of-year out of range");
                var date = new DateTime(year, 1, 1).AddDays(YearDay - 1);
                if (Month != 0 && date.Month != Month || Day != 0 && date.Day != Day)
                    throw new FormatException($"parsing time \"{original}\": day-of-year does not match month or day");
                month = date.Month;
                day = date.Day;
            }
            if (day == 0) day = 1;
            if (year < 1 || year > 9999) throw new FormatException($"parsing time \"{original}\": year out of range");
            if (day > DateTime.DaysInMonth(year, month)) throw new FormatException($"parsing time \"{original}\": day out of range");
            var offset = Offset ?? ZoneOffset(ZoneName);
            if (offset.Duration() > TimeSpan.FromHours(14)) throw new FormatException($"parsing time \"{original}\": time zone offset out of range");
            return new DateTimeOffset(year, month, day, hour, Minute, Second, offset).AddTicks(FractionTicks);
        }
    }

    private static TimeSpan ZoneOffset(string? zone)
    {
        if (zone is null || zone == "UTC") return TimeSpan.Zero;
        if (zone.StartsWith("GMT", StringComparison.Ordinal) && zone.Length > 3 &&
            int.TryParse(zone.AsSpan(3), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var hours))
            return TimeSpan.FromHours(hours);
        return TimeSpan.Zero;
    }

    private static bool Skip(ref string value, string prefix)
    {
        while (prefix.Length > 0)
        {
            if (prefix[0] == ' ')
            {
                if (value.Length > 0 && value[0] != ' ') return false;
                prefix = prefix.TrimStart(' ');
                value = value.TrimStart(' ');
                continue;
            }
            if (value.Length == 0 || value[0] != prefix[0]) return false;
            prefix = prefix[1..];
            value = value[1..];
        }
        return true;
    }

    /// <summary>Splits a layout at its first standard element: the literal text before it, the element, and the rest.</summary>
    private static (string Prefix, Std Std, string Suffix, string StdText) NextChunk(string layout)
    {
        for (var i = 0; i < layout.Length; i++)
        {
            var (std, length) = StdAt(layout, i);
            if (std != Std.None) return (layout[..i], std, layout[(i + length)..], layout.Substring(i, length));
        }
        return (layout, Std.None, "", "");
    }

    private static (Std Std, int Length) StdAt(string layout, int i)
    {
        bool At(string s) => string.CompareOrdinal(layout, i, s, 0, s.Length) == 0;
        var c = layout[i];
        switch (c)
        {
            case 'J':
                if (At("January")) return (Std.LongMonth, 7);
                if (At("Jan")) return (Std.Month, 3);
                break;
            case 'M':
                if (At("Monday")) return (Std.LongWeekDay, 6);
                if (At("Mon")) return (Std.WeekDay, 3);
                if (At("MST")) return (Std.TZ, 3);
                break;
            case '0':
                if (i + 1 < layout.Length && layout[i + 1] >= '1' && layout[i + 1] <= '6')
                    return (layout[i + 1] switch { '1' => Std.ZeroMonth, '2' => Std.ZeroDay, '3' => Std.ZeroHour12, '4' => Std.ZeroMinute, '5' => Std.ZeroSecond, _ => Std.Year }, 2);
                if (At("002")) return (Std.ZeroYearDay, 3);
                break;
            case '1':
                if (At("15")) return (Std.Hour, 2);
                return (Std.NumMonth, 1);
            case '2':
                if (At("2006")) return (Std.LongYear, 4);
                return (Std.Day, 1);
            case '_':
                if (At("_2006")) return (Std.None, 0);
                if (At("__2")) return (Std.UnderYearDay, 3);
                if (At("_2")) return (Std.UnderDay, 2);
                break;
            case '3': return (Std.Hour12, 1);
            case '4': return (Std.Minute, 1);
            case '5': return (Std.Second, 1);
            case 'P':
                if (At("PM")) return (Std.PM, 2);
                break;
            case 'p':
                if (At("pm")) return (Std.pm, 2);
                break;
            case '-':
                if (At("-070000")) return (Std.NumSecondsTz, 7);
                if (At("-07:00:00")) return (Std.NumColonSecondsTZ, 9);
                if (At("-0700")) return (Std.NumTZ, 5);
                if (At("-07:00")) return (Std.NumColonTZ, 6);
                if (At("-07")) return (Std.NumShortTZ, 3);
                break;
            case 'Z':
                if (At("Z070000")) return (Std.ISO8601SecondsTZ, 7);
                if (At("Z07:00:00")) return (Std.ISO8601ColonSecondsTZ, 9);
                if (At("Z0700")) return (Std.ISO8601TZ, 5);
                if (At("Z07:00")) return (Std.ISO8601ColonTZ, 6);
                if (At("Z07")) return (Std.ISO8601ShortTZ, 3);
                break;
            case '.' or ',':
                if (i + 1 < layout.Length && (layout[i + 1] == '0' || layout[i + 1] == '9'))
                {
                    var ch = layout[i + 1];
                    var j = i + 1;
                    while (j < layout.Length && layout[j] == ch) j++;
                    if (!(j < layout.Length && char.IsAsciiDigit(layout[j])))
                        return (ch == '0' ? Std.FracSecond0 : Std.FracSecond9, j - i);
                }
                break;
        }
        return (Std.None, 0);
    }

    private static bool ParseStd(Std std, ref string value, string layoutRest, ref ParseState st)
    {
        switch (std)
        {
            case Std.LongYear:
                if (value.Length < 4 || !AllDigits(value, 4)) return false;
                st.Year = int.Parse(value.AsSpan(0, 4), CultureInfo.InvariantCulture);
                st.YearSet = true;
                value = value[4..];
                return true;
            case Std.Year:
                if (value.Length < 2 || !AllDigits(value, 2)) return false;
                var yy = int.Parse(value.AsSpan(0, 2), CultureInfo.InvariantCulture);
                st.Year = yy >= 69 ? yy + 1900 : yy + 2000;
                st.YearSet = true;
                value = value[2..];
                return true;
            case Std.LongMonth or Std.Month:
                if (!Lookup(ref value, std == Std.LongMonth ? LongMonths : ShortMonths, out var month)) return false;
                st.Month = month + 1;
                return true;
            case Std.NumMonth or Std.ZeroMonth:
                return GetNumber(ref value, std == Std.ZeroMonth, out st.Month) && st.Month is >= 1 and <= 12;
            case Std.LongWeekDay or Std.WeekDay:
                return Lookup(ref value, std == Std.LongWeekDay ? LongDays : ShortDays, out _);
            case Std.Day or Std.UnderDay or Std.ZeroDay:
                if (std == Std.UnderDay && value.Length > 0 && value[0] == ' ') value = value[1..];
                return GetNumber(ref value, std == Std.ZeroDay, out st.Day) && st.Day is >= 1 and <= 31;
            case Std.UnderYearDay or Std.ZeroYearDay:
                for (var k = 0; k < 2 && std == Std.UnderYearDay && value.Length > 0 && value[0] == ' '; k++) value = value[1..];
                return GetNumber3(ref value, std == Std.ZeroYearDay, out st.YearDay) && st.YearDay is >= 1 and <= 366;
            case Std.Hour:
                return GetNumber(ref value, false, out st.Hour) && st.Hour is >= 0 and < 24;
            case Std.Hour12 or Std.ZeroHour12:
                return GetNumber(ref value, std == Std.ZeroHour12, out st.Hour) && st.Hour is >= 0 and <= 12;
            case Std.Minute or Std.ZeroMinute:
                return GetNumber(ref value, std == Std.ZeroMinute, out st.Minute) && st.Minute is >= 0 and < 60;
            case Std.Second or Std.ZeroSecond:
                if (!GetNumber(ref value, std == Std.ZeroSecond, out st.Second) || st.Second is < 0 or >= 60) return false;
                // A fractional second may follow even when the layout has none, unless the layout's next element is one.
                if (value.Length >= 2 && (value[0] == '.' || value[0] == ',') && char.IsAsciiDigit(value[1]) &&
                    NextChunk(layoutRest).Std is not (Std.FracSecond0 or Std.FracSecond9))
                {
                    var n = 1;
                    while (n < value.Length && char.IsAsciiDigit(value[n])) n++;
                    st.FractionTicks = FractionTicks(value.AsSpan(1, n - 1));
                    value = value[n..];
                }
                return true;
            case Std.PM or Std.pm:
                if (value.Length < 2) return false;
                var ampm = value[..2];
                var (am, pm) = std == Std.PM ? ("AM", "PM") : ("am", "pm");
                if (ampm == pm) st.Pm = true;
                else if (ampm != am) return false;
                st.PmSet = true;
                value = value[2..];
                return true;
            case Std.TZ:
                return ParseZoneName(ref value, ref st);
            case Std.FracSecond0 or Std.FracSecond9:
                return ParseFraction(ref value, std, ref st);
            default:
                return ParseNumericZone(std, ref value, ref st);
        }
    }

    private static bool ParseFraction(ref string value, Std std, ref ParseState st)
    {
        if (value.Length < 1 || (value[0] != '.' && value[0] != ','))
            return std == Std.FracSecond9;
        var n = 1;
        while (n < value.Length && char.IsAsciiDigit(value[n])) n++;
        if (n == 1) return std == Std.FracSecond9;
        st.FractionTicks = FractionTicks(value.AsSpan(1, n - 1));
        value = value[n..];
        return true;
    }

    private static long FractionTicks(ReadOnlySpan<char> digits)
    {
        long ticks = 0;
        for (var k = 0; k < 7; k++) ticks = ticks * 10 + (k < digits.Length ? digits[k] - '0' : 0);
        return ticks;
    }

    private static bool ParseZoneName(ref string value, ref ParseState st)
    {
        if (value.Length >= 3 && value.StartsWith("UTC", StringComparison.Ordinal))
        {
            st.ZoneName = "UTC";
            value = value[3..];
            return true;
        }
        var length = ZoneNameLength(value);
        if (length <= 0) return false;
        st.ZoneName = value[..length];
        value = value[length..];
        return true;
    }

    /// <summary>How long a zone abbreviation at the start of the value is (Go's <c>parseTimeZone</c>), 0 when there is none.</summary>
    private static int ZoneNameLength(string value)
    {
        if (value.Length < 3) return 0;
        if (value.StartsWith("ChST", StringComparison.Ordinal) || value.StartsWith("MeST", StringComparison.Ordinal)) return 4;
        if (value.StartsWith("GMT", StringComparison.Ordinal))
        {
            var n = 3;
            if (n < value.Length && (value[n] == '+' || value[n] == '-'))
            {
                var j = n + 1;
                while (j < value.Length && char.IsAsciiDigit(value[j])) j++;
                if (j > n + 1) n = j;
            }
            return n;
        }
        if (value[0] == '+' || value[0] == '-')
        {
            var j = 1;
            while (j < value.Length && char.IsAsciiDigit(value[j])) j++;
            return j is 3 or 5 ? j : 0;
        }
        var upper = 0;
        while (upper < value.Length && char.IsAsciiLetterUpper(value[upper])) upper++;
        return upper switch
        {
            < 3 => 0,
            3 => 3,
            4 => value[3] == 'T' ? 4 : 0,
            5 => value[4] == 'T' ? 5 : 0,
            _ => 0,
        };
    }

    private static bool ParseNumericZone(Std std, ref string value, ref ParseState st)
    {
        var iso = std is Std.ISO8601TZ or Std.ISO8601SecondsTZ or Std.ISO8601ShortTZ or Std.ISO8601ColonTZ or Std.ISO8601ColonSecondsTZ;
        if (iso && value.Length >= 1 && value[0] == 'Z')
        {
            value = value[1..];
            st.Offset = TimeSpan.Zero;
            return true;
        }
        var (colon, seconds, shortForm) = std switch
        {
            Std.ISO8601ColonTZ or Std.NumColonTZ => (true, false, false),
            Std.ISO8601ColonSecondsTZ or Std.NumColonSecondsTZ => (true, true, false),
            Std.ISO8601ShortTZ or Std.NumShortTZ => (false, false, true),
            Std.ISO8601SecondsTZ or Std.NumSecondsTz => (false, true, false),
            _ => (false, false, false),
        };
        var need = shortForm ? 3 : colon ? (seconds ? 9 : 6) : (seconds ? 7 : 5);
        if (value.Length < need || (value[0] != '+' && value[0] != '-')) return false;
        var text = value[..need];
        if (colon && (text[3] != ':' || seconds && text[6] != ':')) return false;
        var digits = text.Replace(":", "", StringComparison.Ordinal)[1..];
        if (!AllDigits(digits, digits.Length)) return false;
        var hh = int.Parse(digits.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var mm = digits.Length >= 4 ? int.Parse(digits.AsSpan(2, 2), CultureInfo.InvariantCulture) : 0;
        var ss = digits.Length >= 6 ? int.Parse(digits.AsSpan(4, 2), CultureInfo.InvariantCulture) : 0;
        if (hh > 24 || mm > 60 || ss > 60) return false;
        var offset = new TimeSpan(hh, mm, ss);
        st.Offset = text[0] == '-' ? -offset : offset;
        value = value[need..];
        return true;
    }

    private static bool AllDigits(string s, int count)
    {
        for (var i = 0; i < count; i++)
            if (i >= s.Length || !char.IsAsciiDigit(s[i])) return false;
        return true;
    }

    /// <summary>One or two digits (exactly two when <paramref name="fixedWidth"/>).</summary>
    private static bool GetNumber(ref string value, bool fixedWidth, out int number)
    {
        number = 0;
        if (value.Length == 0 || !char.IsAsciiDigit(value[0])) return false;
        if (value.Length == 1 || !char.IsAsciiDigit(value[1]))
        {
            if (fixedWidth) return false;
            number = value[0] - '0';
            value = value[1..];
            return true;
        }
        number = (value[0] - '0') * 10 + (value[1] - '0');
        value = value[2..];
        return true;
    }

    private static bool GetNumber3(ref string value, bool fixedWidth, out int number)
    {
        number = 0;
        var n = 0;
        while (n < 3 && n < value.Length && char.IsAsciiDigit(value[n]))
        {
            number = number * 10 + (value[n] - '0');
            n++;
        }
        if (n == 0 || fixedWidth && n != 3) return false;
        value = value[n..];
        return true;
    }

    private static bool Lookup(ref string value, string[] names, out int index)
    {
        for (index = 0; index < names.Length; index++)
        {
            var name = names[index];
            if (value.Length >= name.Length && string.Compare(value, 0, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                value = value[name.Length..];
                return true;
            }
        }
        index = -1;
        return false;
    }

    /// <summary>Nanoseconds from <paramref name="start"/> to <paramref name="end"/>, saturated like Go's <c>Time.Sub</c>.</summary>
    public static long Sub(DateTimeOffset end, DateTimeOffset start)
    {
        var nanos = ((Int128)end.UtcTicks - start.UtcTicks) * 100;
        if (nanos > long.MaxValue) return long.MaxValue;
        if (nanos < long.MinValue) return long.MinValue;
        return (long)nanos;
    }

    /// <summary>The time plus a duration in nanoseconds (to the 100 ns tick).</summary>
    public static DateTimeOffset Add(DateTimeOffset time, long nanoseconds) => time.AddTicks(nanoseconds / 100);

    /// <summary>
    /// The time rounded down to a multiple of the duration since the zero time (0001-01-01 UTC), as Go's
    /// <c>Time.Truncate</c>; a duration of zero or less leaves the time unchanged.
    /// </summary>
    public static DateTimeOffset Truncate(DateTimeOffset time, long nanoseconds)
    {
        if (nanoseconds <= 0) return time;
        var sinceZero = (Int128)time.UtcTicks * 100;
        var remainder = sinceZero % nanoseconds;
        return time.AddTicks(-(long)(remainder / 100));
    }
}
