namespace Palisade.Secrets.Engine;

public static class Entropy
{
    /// <summary>Shannon entropy in bits per character.</summary>
    public static double Shannon(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return 0;
        Span<int> ascii = stackalloc int[128];
        Dictionary<char, int>? other = null;
        foreach (var c in text)
        {
            if (c < 128) ascii[c]++;
            else
            {
                other ??= [];
                other[c] = other.GetValueOrDefault(c) + 1;
            }
        }
        double n = text.Length, h = 0;
        foreach (var count in ascii)
            if (count > 0) h -= count / n * Math.Log2(count / n);
        if (other is not null)
            foreach (var count in other.Values) h -= count / n * Math.Log2(count / n);
        return h;
    }
}
