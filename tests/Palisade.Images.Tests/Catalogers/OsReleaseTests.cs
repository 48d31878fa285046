using Palisade.Images.Catalogers;

namespace Palisade.Images.Tests.Catalogers;

public sealed class OsReleaseTests
{
    [Fact]
    public void Debian_os_release_with_quotes_and_codename()
    {
        var os = OsRelease.Parse("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL=\"https://www.debian.org/\"")!;
        Assert.Equal("debian", os.Id);
        Assert.Equal("12", os.VersionId);
        Assert.Equal("bookworm", os.VersionCodename);
        Assert.Equal("Debian GNU/Linux 12 (bookworm)", os.PrettyName);
        Assert.Equal("debian-12", os.Distro);
    }

    [Fact]
    public void Alpine_single_quotes_comments_crlf_and_escapes()
    {
        var os = OsRelease.Parse("# comment\r\nNAME='Alpine Linux'\r\nID=alpine\r\nVERSION_ID=3.18.0\r\nPRETTY_NAME=\"Alpine \\\"edge\\\" \\$x\"\r\nID_LIKE=\"a b\"\r\n")!;
        Assert.Equal("alpine-3.18.0", os.Distro);
        Assert.Equal("Alpine \"edge\" $x", os.PrettyName);
        Assert.Equal(["a", "b"], os.IdLike);
    }

    [Fact]
    public void Without_version_id_the_distro_is_the_id_and_without_id_there_is_none()
    {
        Assert.Equal("debian", OsRelease.Parse("ID=debian\nPRETTY_NAME=\"Distroless\"\n")!.Distro);
        Assert.Null(OsRelease.Parse("NAME=nothing\n"));
        Assert.Null(OsRelease.Parse(""));
    }

    [Fact]
    public void Read_prefers_etc_then_falls_back_to_usr_lib()
    {
        var both = new DictionarySource(new() { ["etc/os-release"] = "ID=ubuntu\nVERSION_ID=\"24.04\"\n", ["usr/lib/os-release"] = "ID=debian\n" });
        Assert.Equal("ubuntu-24.04", OsRelease.Read(both)!.Distro);
        var usrOnly = new DictionarySource(new() { ["usr/lib/os-release"] = "ID=debian\nVERSION_ID=11\n" });
        Assert.Equal("debian-11", OsRelease.Read(usrOnly)!.Distro);
        Assert.Null(OsRelease.Read(new DictionarySource([])));
    }
}
