using Palisade.Core.Findings;
using Palisade.Core.Rules;
using Palisade.Kubernetes.Scanning;

namespace Palisade.Cli.Scanning;

public sealed class KubernetesConfigScanner : IScanner
{
    public string Name => "kubernetes";
    public ScannerCategory Category => ScannerCategory.Config;
    public IReadOnlyList<RuleMetadata> Rules => KubernetesScanner.Rules;

    public IReadOnlyList<TargetResult> Scan(ScanInput input, ScanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        return KubernetesScanner.Scan(input.Root, input.Files, new KubernetesScanOptions
        {
            PssLevel = settings.PssLevel,
            PssVersion = settings.PssVersion,
            RuleFilter = settings.RuleFilter,
        });
    }
}
