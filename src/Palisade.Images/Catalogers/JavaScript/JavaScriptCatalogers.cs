namespace Palisade.Images.Catalogers.JavaScript;

/// <summary>The JavaScript (npm ecosystem) catalogers: lock files of npm, yarn and pnpm, and installed node_modules packages.</summary>
public static class JavaScriptCatalogers
{
    public static IReadOnlyList<IPackageCataloger> All { get; } =
        [new NpmLockCataloger(), new YarnLockCataloger(), new PnpmLockCataloger(), new NpmPackageJsonCataloger()];
}
