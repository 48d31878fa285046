using Palisade.Kubernetes.Yaml;

namespace Palisade.Kubernetes.Selectors;

/// <summary>Kubernetes label selectors (matchLabels and matchExpressions) over a set of labels.</summary>
public static class LabelSelector
{
    /// <summary>An empty or missing selector (<c>{}</c>) selects everything.</summary>
    public static bool IsEmpty(YNode? selector) =>
        selector is null || selector.IsNull ||
        (selector is YMapping m && !m["matchLabels"].Entries().Any() && !m["matchExpressions"].Items().Any());

    public static bool Matches(YNode? selector, YNode? labels)
    {
        if (selector is null || selector.IsNull) return true;
        if (selector is not YMapping sel) return false;
        foreach (var (key, value) in sel["matchLabels"].Entries())
            if (labels.Get(key).Text() != value.Text()) return false;
        foreach (var expr in sel["matchExpressions"].Mappings())
        {
            var key = expr["key"].Text() ?? "";
            var label = labels.Get(key);
            var present = label is not null && !label.IsNull;
            var values = expr["values"].Items().Select(v => v.Text()).ToList();
            var ok = expr["operator"].Text() switch
            {
                "In" => present && values.Contains(label.Text()),
                "NotIn" => !present || !values.Contains(label.Text()),
                "Exists" => present,
                "DoesNotExist" => !present,
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }
}
