using System.Collections;
using System.Globalization;

namespace Palisade.Secrets.Toml;

/// <summary>The kind of a <see cref="TomlValue"/>.</summary>
public enum TomlValueKind
{
    /// <summary><see cref="TomlString"/>.</summary>
    String,
    /// <summary><see cref="TomlInteger"/>.</summary>
    Integer,
    /// <summary><see cref="TomlFloat"/>.</summary>
    Float,
    /// <summary><see cref="TomlBoolean"/>.</summary>
    Boolean,
    /// <summary><see cref="TomlDateTime"/>.</summary>
    DateTime,
    /// <summary><see cref="TomlArray"/> (a static array written with <c>[ ... ]</c>).</summary>
    Array,
    /// <summary><see cref="TomlTable"/>.</summary>
    Table,
    /// <summary><see cref="TomlTableArray"/> (an array of tables written with <c>[[ ... ]]</c> headers).</summary>
    TableArray,
}

/// <summary>A TOML value. The concrete types form a closed hierarchy: switch on the type or on <see cref="Kind"/>.</summary>
public abstract class TomlValue
{
    private protected TomlValue()
    {
    }

    /// <summary>What kind of value this is.</summary>
    public abstract TomlValueKind Kind { get; }

    /// <summary>A lower-case name for messages: "string", "integer", "float", "boolean", "date-time", "array", "table", "array of tables".</summary>
    public string TypeName => Kind switch
    {
        TomlValueKind.String => "string",
        TomlValueKind.Integer => "integer",
        TomlValueKind.Float => "float",
        TomlValueKind.Boolean => "boolean",
        TomlValueKind.DateTime => "date-time",
        TomlValueKind.Array => "array",
        TomlValueKind.Table => "table",
        _ => "array of tables",
    };

    /// <summary>"a string", "an integer", "an array of tables"...</summary>
    internal string TypeNameWithArticle => WithArticle(TypeName);

    internal static string WithArticle(string noun) => (noun.Length > 0 && "aeiou".Contains(noun[0], StringComparison.Ordinal) ? "an " : "a ") + noun;
}

/// <summary>A string (basic, literal, multi-line basic or multi-line literal: escapes already processed).</summary>
public sealed class TomlString(string value) : TomlValue
{
    /// <summary>The string's content.</summary>
    public string Value { get; } = value ?? throw new ArgumentNullException(nameof(value));

    /// <inheritdoc/>
    public override TomlValueKind Kind => TomlValueKind.String;

    /// <inheritdoc/>
    public override string ToString() => Value;
}

/// <summary>A 64-bit signed integer.</summary>
public sealed class TomlInteger(long value) : TomlValue
{
    /// <summary>The integer's value.</summary>
    public long Value { get; } = value;

    /// <inheritdoc/>
    public override TomlValueKind Kind => TomlValueKind.Integer;

    /// <inheritdoc/>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A 64-bit IEEE 754 float, including infinities and NaN.</summary>
public sealed class TomlFloat(double value) : TomlValue
{
    /// <summary>The float's value.</summary>
    public double Value { get; } = value;

    /// <inheritdoc/>
    public override TomlValueKind Kind => TomlValueKind.Float;

    /// <inheritdoc/>
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A boolean.</summary>
public sealed class TomlBoolean(bool value) : TomlValue
{
    /// <summary>The boolean's value.</summary>
    public bool Value { get; } = value;

    /// <inheritdoc/>
    public override TomlValueKind Kind => TomlValueKind.Boolean;

    /// <inheritdoc/>
    public override string ToString() => Value ? "true" : "false";
}

/// <summary>Which of TOML's four date/time forms a <see cref="TomlDateTime"/> is.</summary>
public enum TomlDateTimeKind
{
    /// <summary><c>1979-05-27T07:32:00Z</c>, <c>1979-05-27 00:32:00.999-07:00</c>.</summary>
    OffsetDateTime,
    /// <summary><c>1979-05-27T07:32:00</c>.</summary>
    LocalDateTime,
    /// <summary><c>1979-05-27</c>.</summary>
    LocalDate,
    /// <summary><c>07:32:00.5</c>.</summary>
    LocalTime,
}

/// <summary>
/// A date/time value. <see cref="Raw"/> is the text exactly as written; the parsed parts are set according to
/// <see cref="DateTimeKind"/>. Fractional seconds beyond 100 ns are truncated in the parsed parts (not in <see cref="Raw"/>);
/// a leap second (<c>:60</c>) is valid TOML but cannot be represented by .NET, so its time parts are null.
/// </summary>
public sealed class TomlDateTime : TomlValue
{
    internal TomlDateTime(string raw, TomlDateTimeKind kind, DateOnly? date, TimeOnly? time, TimeSpan? offset)
    {
        Raw = raw;
        DateTimeKind = kind;
        Date = date;
        Time = time;
        Offset = offset;
    }

    /// <summary>The value as written in the document.</summary>
    public string Raw { get; }

    /// <summary>Which of the four forms this is.</summary>
    public TomlDateTimeKind DateTimeKind { get; }

    /// <summary>The date part (offset date-time, local date-time, local date).</summary>
    public DateOnly? Date { get; }

    /// <summary>The time part (offset date-time, local date-time, local time); null for a leap second.</summary>
    public TimeOnly? Time { get; }

    /// <summary>The UTC offset (offset date-time only; <c>Z</c> is zero).</summary>
    public TimeSpan? Offset { get; }

    /// <summary>
    /// The full instant, for an offset date-time that .NET can represent (not for a leap second, nor for an instant
    /// outside years 1 to 9999 in UTC, such as <c>0001-01-01T00:00:00+01:00</c>).
    /// </summary>
    public DateTimeOffset? OffsetDateTime
    {
        get
        {
            if (Date is not { } d || Time is not { } t || Offset is not { } o)
                return null;
            var local = d.ToDateTime(t);
            var utcTicks = local.Ticks - o.Ticks;
            return utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks ? null : new DateTimeOffset(local, o);
        }
    }

    /// <summary>The date and time without an offset, for an offset or local date-time whose time could be represented.</summary>
    public DateTime? LocalDateTime => Date is { } d && Time is { } t ? d.ToDateTime(t) : null;

    /// <inheritdoc/>
    public override TomlValueKind Kind => TomlValueKind.DateTime;

    /// <inheritdoc/>
    public override string ToString() => Raw;
}

/// <summary>A static array (<c>[1, "two", [3]]</c>). TOML 1.0 allows mixed element types.</summary>
public sealed class TomlArray : TomlValue, IReadOnlyList<TomlValue>
{
    private readonly List<TomlValue> _items;

    /// <summary>An array of the given values.</summary>
    public TomlArray(IEnumerable<TomlValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [.. items];
    }

    internal TomlArray(List<TomlValue> items) => _items = items;

    /// <inheritdoc/>
    public override TomlValueKind Kind => TomlValueKind.Array;

    /// <inheritdoc/>
    public int Count => _items.Count;

    /// <inheritdoc/>
    public TomlValue this[int index] => _items[index];

    /// <inheritdoc/>
    public IEnumerator<TomlValue> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>An array of tables, built by <c>[[name]]</c> headers; each header appends a new table.</summary>
public sealed class TomlTableArray : TomlValue, IReadOnlyList<TomlTable>
{
    private readonly List<TomlTable> _items = [];

    internal TomlTableArray()
    {
    }

    /// <inheritdoc/>
    public override TomlValueKind Kind => TomlValueKind.TableArray;

    /// <inheritdoc/>
    public int Count => _items.Count;

    /// <inheritdoc/>
    public TomlTable this[int index] => _items[index];

    internal TomlTable Last => _items[^1];

    internal void Add(TomlTable table) => _items.Add(table);

    /// <inheritdoc/>
    public IEnumerator<TomlTable> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
