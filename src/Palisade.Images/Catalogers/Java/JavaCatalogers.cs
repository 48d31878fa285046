namespace Palisade.Images.Catalogers.Java;

/// <summary>The Java catalogers.</summary>
public static class JavaCatalogers
{
    public static IReadOnlyList<IPackageCataloger> All { get; } = [new JavaArchiveCataloger()];
}
