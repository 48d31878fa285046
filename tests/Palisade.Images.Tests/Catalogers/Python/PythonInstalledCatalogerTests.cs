using System.Text;
using Palisade.Images.Catalogers;
using Palisade.Images.Catalogers.Python;

namespace Palisade.Images.Tests.Catalogers.Python;

public sealed class PythonInstalledCatalogerTests
{
    private static readonly PythonInstalledCataloger Cataloger = new();

    private static IReadOnlyList<PackageRecord> Parse(string text, string path = "usr/lib/python3/site-packages/x.dist-info/METADATA", string? layer = null) =>
        Cataloger.CatalogFile(path, Encoding.UTF8.GetBytes(text), layer, null);

    [Theory]
    [InlineData("usr/lib/python3.11/site-packages/Pygments-2.6.1.dist-info/METADATA", true)]
    [InlineData("site-packages/v.DIST-INFO/METADATA", true)]
    [InlineData("dist-name/dist-info/METADATA", true)]
    [InlineData("x.dist-info/METADATA", true)]
    [InlineData("site-packages/requests.egg-info/PKG-INFO", true)]
    [InlineData("egg-name/EGG-INFO/PKG-INFO", true)]
    [InlineData("site-packages/no-version-py3.8.egg-info", true)]
    [InlineData("site-packages/Z.EGG-INFO", true)]
    [InlineData("site-packages/x.dist-info/RECORD", false)]
    [InlineData("site-packages/x.egg-info/PKG-INFO-INVALID", false)]
    [InlineData("site-packages/x.egg-info/requires.txt", false)]
    [InlineData("site-packages/x/METADATA", false)]
    [InlineData("src/PKG-INFO", false)]
    public void Wants_dist_info_metadata_egg_info_pkg_info_and_egg_info_files(string path, bool wanted) =>
        Assert.Equal(wanted, Cataloger.Wants(path));

    [Fact]
    public void Dist_info_metadata_gives_a_normalised_name_version_purl_and_license()
    {
        var p = Assert.Single(Parse("""
            Metadata-Version: 2.1
            Name: Pygments
            Version: 2.6.1
            License: BSD License
            Classifier: License :: OSI Approved :: BSD License
            Requires-Dist: soupsieve (>1.2)

            Name: not-this
            Version: 9.9
            """, layer: "sha256:abc"));
        Assert.Equal(("pygments", "2.6.1", "pypi", "pkg:pypi/pygments@2.6.1"), (p.Name, p.Version, p.Type, p.Purl));
        Assert.Equal(["BSD License"], p.Licenses);
        Assert.Equal("usr/lib/python3/site-packages/x.dist-info/METADATA", p.FoundIn);
        Assert.Equal("sha256:abc", p.LayerDigest);
        Assert.Null(p.SourceName);
        Assert.Null(p.Architecture);
    }

    [Fact]
    public void License_expression_wins_over_license_and_classifiers()
    {
        var p = Assert.Single(Parse("Name: a\nVersion: 1\nLicense-Expression: MIT OR Apache-2.0\nLicense: MIT\nClassifier: License :: OSI Approved :: MIT License\n"));
        Assert.Equal(["MIT OR Apache-2.0"], p.Licenses);
    }

    [Fact]
    public void Classifiers_name_the_licence_when_the_license_header_is_missing_unknown_or_full_text()
    {
        Assert.Equal(["BSD License", "MIT License"], Assert.Single(Parse(
            "Name: a\nVersion: 1\nClassifier: License :: OSI Approved :: BSD License\nClassifier: License :: OSI Approved :: MIT License\nClassifier: License :: OSI Approved\nClassifier: Topic :: Utilities\n")).Licenses);
        Assert.Equal(["Apache Software License"], Assert.Single(Parse(
            "Name: a\nVersion: 1\nLicense: UNKNOWN\nClassifier: License :: OSI Approved :: Apache Software License\n")).Licenses);
        Assert.Equal(["MIT License"], Assert.Single(Parse(
            "Name: a\nVersion: 1\nLicense: Permission is hereby granted, free of charge,\n        to any person obtaining a copy\nClassifier: License :: OSI Approved :: MIT License\n")).Licenses);
        Assert.Empty(Assert.Single(Parse("Name: a\nVersion: 1\n")).Licenses);
    }

    [Fact]
    public void Pkg_info_description_with_blank_lines_does_not_hide_later_headers()
    {
        var p = Assert.Single(Parse(
            "Metadata-Version: 1.1\r\nName: Python\r\nVersion: 2.7.13\r\nDescription: Python is an interpreted language.\r\n        It is often compared to Tcl.\r\n\r\n\r\n        Python combines power.\r\nPlatform: Many\r\nClassifier: License :: OSI Approved :: Python Software Foundation License\r\n",
            "usr/lib/python2.7/lib-dynload/Python-2.7.egg-info"));
        Assert.Equal(("python", "2.7.13", "pkg:pypi/python@2.7.13"), (p.Name, p.Version, p.Purl));
        Assert.Equal(["Python Software Foundation License"], p.Licenses);
    }

    [Fact]
    public void A_body_after_the_blank_line_is_ignored_even_if_it_looks_like_headers()
    {
        var p = Assert.Single(Parse("Name: real\nVersion: 1.0\n\nLicense: GPL\n    indented text\n"));
        Assert.Equal(("real", "1.0"), (p.Name, p.Version));
        Assert.Empty(p.Licenses);
    }

    [Fact]
    public void A_missing_version_gives_an_empty_version_and_a_purl_without_one()
    {
        var p = Assert.Single(Parse("Name: no-version", "site-packages/no-version-py3.8.egg-info"));
        Assert.Equal(("no-version", "", "pkg:pypi/no-version"), (p.Name, p.Version, p.Purl));
    }

    [Fact]
    public void Local_versions_are_percent_encoded_in_the_purl()
    {
        var p = Assert.Single(Parse("Name: torch\nVersion: 2.1.0+cu121\n"));
        Assert.Equal("pkg:pypi/torch@2.1.0%2Bcu121", p.Purl);
    }

    [Fact]
    public void An_empty_file_has_no_packages() => Assert.Empty(Cataloger.CatalogFile("a.egg-info", [], null, null));

    [Theory]
    [InlineData("bogus")]
    [InlineData("Version: 1.0\nSummary: no name\n")]
    [InlineData("\n\nName: after-blank\n")]
    [InlineData("Name: has space\nVersion: 1\n")]
    public void Metadata_without_a_usable_name_is_corrupt(string text)
    {
        var e = Assert.Throws<CatalogerException>(() => Parse(text));
        Assert.Equal("usr/lib/python3/site-packages/x.dist-info/METADATA", e.Path);
        Assert.NotNull(e.Line);
    }

    [Fact]
    public void Binary_content_is_corrupt() =>
        Assert.Throws<CatalogerException>(() => Cataloger.CatalogFile("x.dist-info/METADATA", [0x4E, 0x00, 0x01, 0xFF], null, null));

    [Fact]
    public void Huge_metadata_is_read_in_bounded_time()
    {
        var sb = new StringBuilder("Name: big\nVersion: 1.0\nDescription: start\n");
        for (var i = 0; i < 200_000; i++) sb.Append("\n\n        more text ").Append(i).Append('\n');
        sb.Append(new string('x', 5_000_000));
        var started = DateTime.UtcNow;
        var p = Assert.Single(Parse(sb.ToString()));
        Assert.Equal("big", p.Name);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Catalog_reads_every_wanted_file_of_a_source()
    {
        var source = new DictionarySource(new Dictionary<string, string>
        {
            ["usr/lib/python3/dist-packages/requests-2.22.0.dist-info/METADATA"] = "Name: requests\nVersion: 2.22.0\n",
            ["usr/lib/python3/dist-packages/requests-2.22.0.dist-info/RECORD"] = "requests/__init__.py,,\n",
            ["usr/lib/python3/dist-packages/six-1.16.0.egg-info"] = "Name: six\nVersion: 1.16.0\n",
        }, "sha256:layer");
        var packages = Cataloger.Catalog(source, null).ToList();
        Assert.Equal(["requests@2.22.0", "six@1.16.0"], packages.Select(p => $"{p.Name}@{p.Version}").Order(StringComparer.Ordinal));
        Assert.All(packages, p => Assert.Equal("sha256:layer", p.LayerDigest));
    }

    [Fact]
    public void Python_catalogers_lists_every_cataloger_once()
    {
        Assert.Equal(6, PythonCatalogers.All.Count);
        Assert.Equal(PythonCatalogers.All.Count, PythonCatalogers.All.Select(c => c.Name).Distinct().Count());
    }
}
