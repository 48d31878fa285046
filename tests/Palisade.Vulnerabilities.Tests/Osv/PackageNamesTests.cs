using Palisade.Vulnerabilities.Osv;

namespace Palisade.Vulnerabilities.Tests.Osv;

public sealed class PackageNamesTests
{
    [Theory]
    [InlineData("Debian:12", "Debian")]
    [InlineData("Ubuntu:22.04:LTS", "Ubuntu")]
    [InlineData("Maven:https://maven.google.com", "Maven")]
    [InlineData("Red Hat:rhel_aus:8.6::appstream", "Red Hat")]
    [InlineData("PyPI", "PyPI")]
    [InlineData("", "")]
    public void Ecosystem_base_is_the_part_before_the_first_colon(string ecosystem, string expected) =>
        Assert.Equal(expected, PackageNames.EcosystemBase(ecosystem));

    [Theory]
    [InlineData("PyPI", "Django", "django")]
    [InlineData("PyPI", "zope.interface", "zope-interface")]
    [InlineData("PyPI", "Foo__Bar-._baz", "foo-bar-baz")]
    [InlineData("PyPI", "requests", "requests")]
    [InlineData("NuGet", "Newtonsoft.Json", "newtonsoft.json")]
    [InlineData("crates.io", "Serde_JSON", "serde-json")]
    [InlineData("Packagist", "Symfony/HTTP-Kernel", "symfony/http-kernel")]
    [InlineData("npm", "@Babel/Core", "@Babel/Core")]
    [InlineData("npm", "JSONStream", "JSONStream")]
    [InlineData("Maven", "org.apache.logging.log4j:log4j-core", "org.apache.logging.log4j:log4j-core")]
    [InlineData("Maven:https://maven.google.com", "androidx.core:core", "androidx.core:core")]
    [InlineData("Go", "github.com/BurntSushi/toml", "github.com/BurntSushi/toml")]
    [InlineData("Debian:12", "libxml2", "libxml2")]
    [InlineData("Alpine:v3.20", "py3-Pip_x", "py3-Pip_x")]
    [InlineData("Unknown", "Any_Name", "Any_Name")]
    public void Names_are_normalised_per_ecosystem(string ecosystem, string name, string expected) =>
        Assert.Equal(expected, PackageNames.Normalize(ecosystem, name));

    [Fact]
    public void Normalising_twice_changes_nothing()
    {
        foreach (var eco in (string[])["PyPI", "NuGet", "crates.io", "npm", "Go", "Debian:12"])
            foreach (var name in (string[])["A--b..C__d", "simple", "X.Y", "a-_-b"])
                Assert.Equal(PackageNames.Normalize(eco, name), PackageNames.Normalize(eco, PackageNames.Normalize(eco, name)));
    }
}
