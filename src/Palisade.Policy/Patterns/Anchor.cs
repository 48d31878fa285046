namespace Palisade.Policy.Patterns;

/// <summary>The kinds of Kyverno anchors a pattern key can carry.</summary>
public enum AnchorKind
{
    /// <summary>A plain key.</summary>
    None,

    /// <summary><c>(key)</c>: if the key's value matches, its siblings are checked; otherwise the element is skipped.</summary>
    Condition,

    /// <summary><c>&lt;(key)</c>: if the key is present and does not match, the whole rule is skipped.</summary>
    Global,

    /// <summary><c>=(key)</c>: if the key is present, its value must match.</summary>
    Equality,

    /// <summary><c>X(key)</c>: the key must not be present (its pattern value is not looked at).</summary>
    Negation,

    /// <summary><c>^(key)</c>: the key's list must have, for each pattern element, at least one element matching it.</summary>
    Existence,

    /// <summary><c>+(key)</c>: add-if-not-present, a mutation anchor; validation ignores it.</summary>
    AddIfNotPresent,
}

/// <summary>A pattern key split into its anchor and the resource key it names.</summary>
/// <param name="Kind">The anchor, or <see cref="AnchorKind.None"/>.</param>
/// <param name="Key">The resource key (the whole text for a plain key).</param>
public readonly record struct Anchor(AnchorKind Kind, string Key)
{
    /// <summary>
    /// Reads a pattern key as Kyverno does: an optional modifier (<c>+ &lt; = X ^</c>) then a non-empty key in
    /// parentheses, e.g. <c>=(securityContext)</c>; anything else is a plain key.
    /// </summary>
    public static Anchor Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 3 || key[^1] != ')') return new Anchor(AnchorKind.None, key);
        if (key[0] == '(') return new Anchor(AnchorKind.Condition, key[1..^1]);
        if (key.Length < 4 || key[1] != '(') return new Anchor(AnchorKind.None, key);
        var kind = key[0] switch
        {
            '<' => AnchorKind.Global,
            '=' => AnchorKind.Equality,
            'X' => AnchorKind.Negation,
            '^' => AnchorKind.Existence,
            '+' => AnchorKind.AddIfNotPresent,
            _ => AnchorKind.None,
        };
        return kind == AnchorKind.None ? new Anchor(AnchorKind.None, key) : new Anchor(kind, key[2..^1]);
    }

    /// <summary>The key with this anchor written back, e.g. <c>=(key)</c>.</summary>
    public string Format(string key) => Kind switch
    {
        AnchorKind.None => key,
        AnchorKind.Condition => "(" + key + ")",
        AnchorKind.Global => "<(" + key + ")",
        AnchorKind.Equality => "=(" + key + ")",
        AnchorKind.Negation => "X(" + key + ")",
        AnchorKind.Existence => "^(" + key + ")",
        _ => "+(" + key + ")",
    };
}
