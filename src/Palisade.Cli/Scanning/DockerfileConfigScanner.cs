using Palisade.Core.Findings;
using Palisade.Core.Rules;
using Palisade.Dockerfile.Scanning;

namespace Palisade.Cli.Scanning;

public sealed class DockerfileConfigScanner : IScanner
{
    public string Name => "dockerfile";
    public ScannerCategory Category => ScannerCategory.Config;
    public IReadOnlyList<RuleMetadata> Rules => DockerfileScanner.Rules;

    public IReadOnlyList<TargetResult> Scan(ScanInput input, ScanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        return DockerfileScanner.Scan(input.Files, new DockerfileScanOptions { RuleFilter = settings.RuleFilter });
    }
}
