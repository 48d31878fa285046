using Palisade.Images.Catalogers.DotNet;
using Palisade.Images.Catalogers.Go;
using Palisade.Images.Catalogers.Rust;

namespace Palisade.Images.Catalogers;

/// <summary>Catalogers of language ecosystems' lock and dependency files (.NET, Rust, Go).</summary>
public static class LanguageCatalogers
{
    public static IReadOnlyList<IPackageCataloger> All { get; } =
        [new DotNetDepsCataloger(), new DotNetPackagesLockCataloger(), new CargoLockCataloger(), new GoModCataloger()];
}
