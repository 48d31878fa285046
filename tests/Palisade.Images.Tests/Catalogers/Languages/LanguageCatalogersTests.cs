using Palisade.Images.Catalogers;

namespace Palisade.Images.Tests.Catalogers.Languages;

public sealed class LanguageCatalogersTests
{
    [Fact]
    public void All_lists_the_dotnet_rust_and_go_catalogers_with_distinct_names()
    {
        var names = LanguageCatalogers.All.Select(c => c.Name).ToList();
        Assert.Equal(["dotnet-deps", "dotnet-packages-lock", "cargo-lock", "go-mod"], names);
    }

    [Fact]
    public void No_language_cataloger_wants_an_os_database()
    {
        Assert.DoesNotContain(LanguageCatalogers.All, c => c.Wants("var/lib/dpkg/status") || c.Wants("lib/apk/db/installed"));
    }
}
