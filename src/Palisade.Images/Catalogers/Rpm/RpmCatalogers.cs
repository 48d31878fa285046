namespace Palisade.Images.Catalogers.Rpm;

/// <summary>The rpm catalogers, for the catalog runner to include.</summary>
public static class RpmCatalogers
{
    public static IReadOnlyList<IPackageCataloger> All { get; } = [new RpmSqliteCataloger()];
}
