using Newtonsoft.Json.Linq;

namespace Palisade.Policy.Mutation;

/// <summary>Input bounds checked before any recursive work (cloning, merging), so hostile nesting is an error, not a crash.</summary>
internal static class Limits
{
    /// <exception cref="PatchException"><paramref name="token"/> nests deeper than <see cref="StrategicMerge.MaxDepth"/>.</exception>
    public static void CheckDepth(JToken token, string what)
    {
        var pending = new Stack<(JToken Token, int Depth)>();
        pending.Push((token, 0));
        while (pending.Count > 0)
        {
            var (t, depth) = pending.Pop();
            if (t is not JContainer container) continue;
            if (depth >= StrategicMerge.MaxDepth) throw new PatchException($"{what} is nested deeper than {StrategicMerge.MaxDepth} levels");
            foreach (var child in container.Children())
                pending.Push((child is JProperty p ? p.Value : child, depth + 1));
        }
    }
}
