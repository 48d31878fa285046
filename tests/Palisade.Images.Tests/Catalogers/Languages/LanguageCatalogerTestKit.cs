using System.Text;
using Palisade.Images.Catalogers;

namespace Palisade.Images.Tests.Catalogers.Languages;

internal static class LanguageCatalogerTestKit
{
    public static IReadOnlyList<PackageRecord> Parse(DatabaseFileCataloger cataloger, string path, string text) =>
        cataloger.CatalogFile(path, Encoding.UTF8.GetBytes(text), null, null);

    /// <summary>Asserts a bounded, clear failure: a CatalogerException naming the file, within a few seconds.</summary>
    public static CatalogerException Refuses(DatabaseFileCataloger cataloger, string path, byte[] content)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<CatalogerException>(() => cataloger.CatalogFile(path, content, null, null));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal(path, e.Path);
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
        return e;
    }

    public static CatalogerException Refuses(DatabaseFileCataloger cataloger, string path, string text) =>
        Refuses(cataloger, path, Encoding.UTF8.GetBytes(text));

    /// <summary>100 MB of one repeated byte.</summary>
    public static byte[] Huge(byte fill)
    {
        var bytes = new byte[100 << 20];
        Array.Fill(bytes, fill);
        return bytes;
    }
}
