using System.Reflection;

namespace Palisade.Core.Findings;

public static class PalisadeVersion
{
    /// <summary>The informational version of the Palisade assemblies (without build metadata).</summary>
    public static string Current { get; } = Read();

    private static string Read()
    {
        var v = typeof(PalisadeVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? typeof(PalisadeVersion).Assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = v.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 ? v[..plus] : v;
    }
}
