using System.Globalization;

namespace Palisade.Kubernetes.PodSecurity;

/// <summary>A Pod Security Standards level. Restricted includes every Baseline check.</summary>
public enum PssLevel
{
    Privileged,
    Baseline,
    Restricted,
}

/// <summary>
/// A version of the Pod Security Standards, as pod-security-admission names them (<c>v1.N</c> or
/// <c>latest</c>). A version newer than the newest we know is evaluated as the newest, as Kubernetes does.
/// </summary>
public readonly record struct PssVersion(int Minor) : IComparable<PssVersion>
{
    /// <summary>The newest policy version this engine implements.</summary>
    public const int LatestMinor = 37;

    public static PssVersion Latest { get; } = new(LatestMinor);

    public bool IsAtLeast(int minor) => Minor >= minor;

    public int CompareTo(PssVersion other) => Minor.CompareTo(other.Minor);

    public override string ToString() => $"v1.{Minor.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string? text, out PssVersion version)
    {
        version = Latest;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim();
        if (t.Equals("latest", StringComparison.OrdinalIgnoreCase)) return true;
        if (t.StartsWith('v') || t.StartsWith('V')) t = t[1..];
        var parts = t.Split('.');
        if (parts.Length != 2 || parts[0] != "1" ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor) || minor > 1000)
            return false;
        version = new PssVersion(Math.Min(minor, LatestMinor));
        return true;
    }

    public static bool TryParseLevel(string? text, out PssLevel level)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "baseline": level = PssLevel.Baseline; return true;
            case "restricted": level = PssLevel.Restricted; return true;
            case "privileged": level = PssLevel.Privileged; return true;
            default: level = PssLevel.Restricted; return false;
        }
    }
}
