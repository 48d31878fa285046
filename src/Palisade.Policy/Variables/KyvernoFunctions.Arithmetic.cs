using Newtonsoft.Json.Linq;

namespace Palisade.Policy.Variables;

public static partial class KyvernoFunctions
{
    private enum Operation { Add, Subtract, Multiply, Divide, Modulo }

    /// <summary>An arithmetic operand: a number (backticks), or a string read as a quantity first, else a duration.</summary>
    private abstract record Operand;

    private sealed record Scalar(double Value) : Operand;

    private sealed record Amount(Quantity Value) : Operand;

    private sealed record Interval(long Nanoseconds) : Operand;

    private static Operand ParseOperand(Args a, JToken value)
    {
        if (GoJson.IsNumber(value)) return new Scalar(GoJson.ToDouble(value));
        if (value is { Type: JTokenType.String })
        {
            var text = (string)value!;
            if (Quantity.TryParse(text, out var quantity)) return new Amount(quantity);
            if (GoDuration.TryParse(text, out var nanoseconds, out _)) return new Interval(nanoseconds);
        }
        throw a.Error("invalid operands");
    }

    /// <summary>
    /// Kyverno's arithmetic on numbers, quantities and durations (see the type tables in the docs): numbers give
    /// numbers; quantity ± quantity, quantity × number and quantity ÷ number give quantities; quantity ÷ quantity a
    /// number; durations likewise. As documented for <c>add</c>, a number added to (or subtracted from) a quantity is a
    /// plain quantity and one added to a duration counts seconds.
    /// </summary>
    private static JToken Arithmetic(Args a, Operation operation)
    {
        var left = ParseOperand(a, a[0]);
        var right = ParseOperand(a, a[1]);
        return operation switch
        {
            Operation.Add => Add(a, left, right),
            Operation.Subtract => Subtract(a, left, right),
            Operation.Multiply => Multiply(a, left, right),
            Operation.Divide => Divide(a, left, right),
            _ => Modulo(a, left, right),
        };
    }

    private static JmesPathFunctionException Mismatch(Args a) => a.Error("types mismatch");

    private static JToken Add(Args a, Operand left, Operand right) => (left, right) switch
    {
        (Scalar x, Scalar y) => GoJson.Number(x.Value + y.Value),
        (Amount x, Amount y) => Result(x.Value.Add(y.Value)),
        (Amount x, Scalar y) => Result(x.Value.Add(Quantity.FromDouble(y.Value))),
        (Scalar x, Amount y) => Result(Quantity.FromDouble(x.Value).Add(y.Value)),
        (Interval x, Interval y) => Result(Checked(a, () => checked(x.Nanoseconds + y.Nanoseconds))),
        (Interval x, Scalar y) => Result(Checked(a, () => checked(x.Nanoseconds + SecondsToNanoseconds(y.Value)))),
        (Scalar x, Interval y) => Result(Checked(a, () => checked(SecondsToNanoseconds(x.Value) + y.Nanoseconds))),
        _ => throw Mismatch(a),
    };

    /// <summary>Subtraction mixes numbers with quantities and durations as addition does (the documented <c>subtract('{{ replicas }}', `2`)</c> relies on it).</summary>
    private static JToken Subtract(Args a, Operand left, Operand right) => (left, right) switch
    {
        (Scalar x, Scalar y) => GoJson.Number(x.Value - y.Value),
        (Amount x, Amount y) => Result(x.Value.Subtract(y.Value)),
        (Amount x, Scalar y) => Result(x.Value.Subtract(Quantity.FromDouble(y.Value))),
        (Scalar x, Amount y) => Result(Quantity.FromDouble(x.Value).Subtract(y.Value)),
        (Interval x, Interval y) => Result(Checked(a, () => checked(x.Nanoseconds - y.Nanoseconds))),
        (Interval x, Scalar y) => Result(Checked(a, () => checked(x.Nanoseconds - SecondsToNanoseconds(y.Value)))),
        (Scalar x, Interval y) => Result(Checked(a, () => checked(SecondsToNanoseconds(x.Value) - y.Nanoseconds))),
        _ => throw Mismatch(a),
    };

    private static JToken Multiply(Args a, Operand left, Operand right) => (left, right) switch
    {
        (Scalar x, Scalar y) => GoJson.Number(x.Value * y.Value),
        (Amount x, Scalar y) => Result(x.Value.Multiply(Quantity.FromDouble(y.Value))),
        (Scalar x, Amount y) => Result(y.Value.Multiply(Quantity.FromDouble(x.Value))),
        (Interval x, Scalar y) => Result(ScaleDuration(x.Nanoseconds, y.Value)),
        (Scalar x, Interval y) => Result(ScaleDuration(y.Nanoseconds, x.Value)),
        _ => throw Mismatch(a),
    };

    private static JToken Divide(Args a, Operand left, Operand right)
    {
        switch (left, right)
        {
            case (Scalar x, Scalar y):
                return GoJson.Number(x.Value / NonZero(a, y.Value));
            case (Amount x, Amount y):
                return GoJson.Number(x.Value.ToDouble() / NonZero(a, y.Value.ToDouble()));
            case (Amount x, Scalar y):
                NonZero(a, y.Value);
                return Result(x.Value.DivideRoundDown(Quantity.FromDouble(y.Value)));
            case (Interval x, Interval y):
                return GoJson.Number(Seconds(x.Nanoseconds) / NonZero(a, Seconds(y.Nanoseconds)));
            case (Interval x, Scalar y):
                return Result(ScaleDuration(x.Nanoseconds, 1 / NonZero(a, y.Value)));
            default:
                throw Mismatch(a);
        }
    }

    private static JToken Modulo(Args a, Operand left, Operand right)
    {
        switch (left, right)
        {
            case (Scalar x, Scalar y):
                var (i1, i2) = (Integral(a, x.Value), Integral(a, y.Value));
                return GoJson.Number(i1 % NonZero(a, i2));
            case (Amount x, Amount y):
                var (q1, q2) = (Integral(a, x.Value.ToDouble()), Integral(a, y.Value.ToDouble()));
                return Result(Quantity.FromInt64(q1 % NonZero(a, q2), x.Value.Format));
            case (Interval x, Interval y):
                return Result(x.Nanoseconds % NonZero(a, y.Nanoseconds));
            default:
                throw Mismatch(a);
        }
    }

    private static JValue Result(Quantity quantity) => new(quantity.ToString());

    private static JValue Result(long nanoseconds) => new(GoDuration.Format(nanoseconds));

    private static long Checked(Args a, Func<long> compute)
    {
        try
        {
            return compute();
        }
        catch (OverflowException e)
        {
            throw a.Error("duration out of range", e);
        }
    }

    private static double NonZero(Args a, double value) => value == 0 ? throw a.Error("Zero divisor passed") : value;

    private static long NonZero(Args a, long value) => value == 0 ? throw a.Error("Zero divisor passed") : value;

    /// <summary>A float64 as an int64 when it holds an integer (Kyverno's check before a modulo).</summary>
    private static long Integral(Args a, double value)
    {
        if (double.IsNaN(value) || Math.Floor(value) != value || Math.Abs(value) >= 9.2e18)
            throw a.Error("Non-integer argument(s) passed for modulo");
        return (long)value;
    }

    /// <summary>Go's <c>Duration.Seconds()</c>.</summary>
    private static double Seconds(long nanoseconds) =>
        nanoseconds / GoDuration.Second + (nanoseconds % GoDuration.Second) / 1e9;

    private static long SecondsToNanoseconds(double seconds) => FloatToDuration(seconds * GoDuration.Second);

    /// <summary>A duration times a factor, as Kyverno computes it (through float seconds).</summary>
    private static long ScaleDuration(long nanoseconds, double factor) => FloatToDuration(Seconds(nanoseconds) * factor * GoDuration.Second);

    private static long FloatToDuration(double nanoseconds) =>
        double.IsNaN(nanoseconds) ? 0 : nanoseconds >= 9.223372036854775807e18 ? long.MaxValue : nanoseconds <= -9.223372036854775808e18 ? long.MinValue : (long)nanoseconds;

    /// <summary>
    /// <c>sum()</c>: the total of a non-empty array of numbers, quantities or durations of one kind (a single
    /// element is returned as it is).
    /// </summary>
    private static JToken Sum(Args a)
    {
        var items = a.Array(0);
        if (items.Count == 0) throw a.Error("at least one element in the array is required");
        if (items.Count == 1) return items[0];
        var total = ParseOperand(a, items[0]);
        for (var i = 1; i < items.Count; i++)
        {
            var next = ParseOperand(a, items[i]);
            if (next.GetType() != total.GetType()) throw Mismatch(a);
            total = total switch
            {
                Scalar x => new Scalar(x.Value + ((Scalar)next).Value),
                Amount x => new Amount(x.Value.Add(((Amount)next).Value)),
                Interval x => new Interval(Checked(a, () => checked(x.Nanoseconds + ((Interval)next).Nanoseconds))),
                _ => throw Mismatch(a),
            };
        }
        return total switch
        {
            Scalar x => GoJson.Number(x.Value),
            Amount x => Result(x.Value),
            Interval x => Result(x.Nanoseconds),
            _ => throw Mismatch(a),
        };
    }

    /// <summary><c>round(value, places)</c>: half away from zero at a whole, non-negative number of decimal places.</summary>
    private static JToken Round(Args a)
    {
        var value = a.Number(0);
        var places = a.Number(1);
        if (Math.Floor(places) != places) throw a.Error("expected an integer number of decimal places");
        if (places < 0) throw a.Error("decimal places must not be negative");
        var shift = Math.Pow(10, places);
        return GoJson.Number(Math.Round(value * shift, MidpointRounding.AwayFromZero) / shift);
    }
}
