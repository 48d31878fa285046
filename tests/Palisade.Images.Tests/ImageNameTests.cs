using Palisade.Images.References;

namespace Palisade.Images.Tests;

/// <summary>
/// Image references parsed by the grammar of distribution/reference and normalised like docker/normalize.go: a table of
/// valid references with everything they normalise to, and a table of invalid ones with the part the message must name.
/// </summary>
public sealed class ImageNameTests
{
    private const string Hex64 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string Sha256 = "sha256:" + Hex64;
    private static readonly string Hex96 = Hex64 + Hex64[..32];
    private static readonly string Hex128 = Hex64 + Hex64;
    private static readonly string Tag128 = "v" + new string('x', 126) + "9";

    public static TheoryData<string, string, string, string?, string?, string> Valid => new()
    {
        // Docker Hub short names and user/repo
        { "ubuntu", "docker.io", "library/ubuntu", "latest", null, "docker.io/library/ubuntu:latest" },
        { "a", "docker.io", "library/a", "latest", null, "docker.io/library/a:latest" },
        { "ubuntu:22.04", "docker.io", "library/ubuntu", "22.04", null, "docker.io/library/ubuntu:22.04" },
        { "library/ubuntu", "docker.io", "library/ubuntu", "latest", null, "docker.io/library/ubuntu:latest" },
        { "docker.io/ubuntu", "docker.io", "library/ubuntu", "latest", null, "docker.io/library/ubuntu:latest" },
        { "docker.io/library/alpine:3.20", "docker.io", "library/alpine", "3.20", null, "docker.io/library/alpine:3.20" },
        { "index.docker.io/library/nginx", "docker.io", "library/nginx", "latest", null, "docker.io/library/nginx:latest" },
        { "index.docker.io/nginx:1.27", "docker.io", "library/nginx", "1.27", null, "docker.io/library/nginx:1.27" },
        { "DOCKER.IO/ubuntu", "docker.io", "library/ubuntu", "latest", null, "docker.io/library/ubuntu:latest" },
        { "user/app", "docker.io", "user/app", "latest", null, "docker.io/user/app:latest" },
        { "user/app:v1.2.3", "docker.io", "user/app", "v1.2.3", null, "docker.io/user/app:v1.2.3" },
        { "docker.io/a/b", "docker.io", "a/b", "latest", null, "docker.io/a/b:latest" },
        { "0/1", "docker.io", "0/1", "latest", null, "docker.io/0/1:latest" },
        // a first component without '.' or ':' that is not localhost is a Docker Hub path, not a host
        { "a/b/c/d", "docker.io", "a/b/c/d", "latest", null, "docker.io/a/b/c/d:latest" },
        { "localhost", "docker.io", "library/localhost", "latest", null, "docker.io/library/localhost:latest" },
        { "localhost:5000", "docker.io", "library/localhost", "5000", null, "docker.io/library/localhost:5000" },
        { "docker.io", "docker.io", "library/docker.io", "latest", null, "docker.io/library/docker.io:latest" },
        // other registries, nested paths
        { "ghcr.io/owner/repo:sha-abc", "ghcr.io", "owner/repo", "sha-abc", null, "ghcr.io/owner/repo:sha-abc" },
        { "quay.io/prometheus/node-exporter:v1.8.0", "quay.io", "prometheus/node-exporter", "v1.8.0", null, "quay.io/prometheus/node-exporter:v1.8.0" },
        { "gcr.io/distroless/static-debian12:nonroot", "gcr.io", "distroless/static-debian12", "nonroot", null, "gcr.io/distroless/static-debian12:nonroot" },
        { "registry.example.com/a/b/c/d:tag", "registry.example.com", "a/b/c/d", "tag", null, "registry.example.com/a/b/c/d:tag" },
        { "sub.domain.example.co.uk/team/app", "sub.domain.example.co.uk", "team/app", "latest", null, "sub.domain.example.co.uk/team/app:latest" },
        { "xn--bcher-kva.example/app", "xn--bcher-kva.example", "app", "latest", null, "xn--bcher-kva.example/app:latest" },
        { "a-b.c/app", "a-b.c", "app", "latest", null, "a-b.c/app:latest" },
        { "Registry.Example.COM/app", "Registry.Example.COM", "app", "latest", null, "Registry.Example.COM/app:latest" },
        // hosts with ports, localhost
        { "localhost/app", "localhost", "app", "latest", null, "localhost/app:latest" },
        { "localhost:5000/app", "localhost:5000", "app", "latest", null, "localhost:5000/app:latest" },
        { "localhost:5000/team/app:dev", "localhost:5000", "team/app", "dev", null, "localhost:5000/team/app:dev" },
        { "registry:5000/app", "registry:5000", "app", "latest", null, "registry:5000/app:latest" },
        { "my-registry.example.com:8443/x/y", "my-registry.example.com:8443", "x/y", "latest", null, "my-registry.example.com:8443/x/y:latest" },
        // IPv4 and IPv6
        { "127.0.0.1:5000/app", "127.0.0.1:5000", "app", "latest", null, "127.0.0.1:5000/app:latest" },
        { "192.168.1.10/app:1", "192.168.1.10", "app", "1", null, "192.168.1.10/app:1" },
        { "[::1]:5000/app", "[::1]:5000", "app", "latest", null, "[::1]:5000/app:latest" },
        { "[::1]/app", "[::1]", "app", "latest", null, "[::1]/app:latest" },
        { "[2001:db8::1]:443/team/app:v2", "[2001:db8::1]:443", "team/app", "v2", null, "[2001:db8::1]:443/team/app:v2" },
        { "[FE80::1]:5000/app@" + Sha256, "[FE80::1]:5000", "app", null, Sha256, "[FE80::1]:5000/app@" + Sha256 },
        // digests, alone and with a tag
        { "ubuntu@" + Sha256, "docker.io", "library/ubuntu", null, Sha256, "docker.io/library/ubuntu@" + Sha256 },
        { "ubuntu:22.04@" + Sha256, "docker.io", "library/ubuntu", "22.04", Sha256, "docker.io/library/ubuntu:22.04@" + Sha256 },
        { "ghcr.io/o/r:v1@" + Sha256, "ghcr.io", "o/r", "v1", Sha256, "ghcr.io/o/r:v1@" + Sha256 },
        { "localhost:5000/app:1.0@" + Sha256, "localhost:5000", "app", "1.0", Sha256, "localhost:5000/app:1.0@" + Sha256 },
        { "example.com/app@sha384:" + Hex96, "example.com", "app", null, "sha384:" + Hex96, "example.com/app@sha384:" + Hex96 },
        { "myregistry.local:5000/app@sha512:" + Hex128, "myregistry.local:5000", "app", null, "sha512:" + Hex128, "myregistry.local:5000/app@sha512:" + Hex128 },
        { "app@multihash+base58:" + Hex64[..32], "docker.io", "library/app", null, "multihash+base58:" + Hex64[..32], "docker.io/library/app@multihash+base58:" + Hex64[..32] },
        // tags with dots, dashes, underscores, capitals; the longest tag
        { "app:v1.0-rc_1", "docker.io", "library/app", "v1.0-rc_1", null, "docker.io/library/app:v1.0-rc_1" },
        { "app:_private", "docker.io", "library/app", "_private", null, "docker.io/library/app:_private" },
        { "app:UPPER_case", "docker.io", "library/app", "UPPER_case", null, "docker.io/library/app:UPPER_case" },
        { "app:1.2.3--x..y__z", "docker.io", "library/app", "1.2.3--x..y__z", null, "docker.io/library/app:1.2.3--x..y__z" },
        { "app:" + Tag128, "docker.io", "library/app", Tag128, null, "docker.io/library/app:" + Tag128 },
        // path-component separators
        { "a__b/c", "docker.io", "a__b/c", "latest", null, "docker.io/a__b/c:latest" },
        { "a---b", "docker.io", "library/a---b", "latest", null, "docker.io/library/a---b:latest" },
        { "user/a.b_c-d.e", "docker.io", "user/a.b_c-d.e", "latest", null, "docker.io/user/a.b_c-d.e:latest" },
        { "example.com/x.y/z__w/a-b--c", "example.com", "x.y/z__w/a-b--c", "latest", null, "example.com/x.y/z__w/a-b--c:latest" },
        // the longest name: 12 + 243 = 255 characters
        { "example.com/" + new string('a', 243), "example.com", new string('a', 243), "latest", null, "example.com/" + new string('a', 243) + ":latest" },
    };

    public static TheoryData<string, string> Invalid => new()
    {
        // uppercase in the repository
        { "Ubuntu", "repository \"Ubuntu\" must be lowercase" },
        { "user/MyApp", "repository \"user/MyApp\" must be lowercase" },
        { "ghcr.io/Owner/repo", "repository \"Owner/repo\" must be lowercase" },
        { "Foo/bar", "repository \"Foo/bar\" must be lowercase" },
        // empty input and empty components
        { "", "reference is empty" },
        { "a//b", "repository \"a//b\" contains an empty path component" },
        { "/ubuntu", "repository \"/ubuntu\" starts with '/'" },
        { "ubuntu/", "repository \"ubuntu/\" ends with '/'" },
        // leading, trailing and invalid separators
        { "-ubuntu", "path component \"-ubuntu\" may not start with separator '-'" },
        { ".ubuntu", "path component \".ubuntu\" may not start with separator '.'" },
        { "ubuntu-", "path component \"ubuntu-\" may not end with separator '-'" },
        { "user/ubuntu_", "path component \"ubuntu_\" may not end with separator '_'" },
        { "a___b", "invalid separator \"___\"" },
        { "a..b", "invalid separator \"..\"" },
        { "a._b", "invalid separator \"._\"" },
        { "a-_b", "invalid separator \"-_\"" },
        { "app:tag:more", "path component \"app:tag\" contains invalid character ':'" },
        { "ub\u00fcntu", "path component \"ub\u00fcntu\" contains invalid character '\u00fc'" },
        // tags
        { "app:" + Tag128 + "x", "is 129 characters long; the maximum is 128" },
        { "app:.tag", "tag \".tag\" must start with a letter, digit or '_'" },
        { "app:-tag", "tag \"-tag\" must start with a letter, digit or '_'" },
        { "app:tag!", "tag \"tag!\" contains invalid character '!'" },
        { "ubuntu:", "':' is not followed by a tag" },
        { "ubuntu:22.04 ", "tag \"22.04 \" contains invalid character U+0020" },
        // digests
        { "ubuntu@", "'@' is not followed by a digest" },
        { "app@sha256:abc", "digest \"sha256:abc\": sha256 needs exactly 64 hexadecimal digits, got 3" },
        { "app@sha256:" + Hex64 + "0", "sha256 needs exactly 64 hexadecimal digits, got 65" },
        { "app@sha256:" + Hex64[..63], "sha256 needs exactly 64 hexadecimal digits, got 63" },
        { "app@sha256:" + Hex64.ToUpperInvariant(), "value contains invalid character 'E'" },
        { "app@sha256:" + Hex64[..63] + "g", "value contains invalid character 'g'" },
        { "app@sha512:" + Hex64, "sha512 needs exactly 128 hexadecimal digits, got 64" },
        { "app@foo:" + Hex64[..31], "value needs at least 32 hexadecimal digits, got 31" },
        { "app@sha256", "digest \"sha256\" has no ':' between algorithm and hexadecimal value" },
        { "app@:" + Hex64, "has an empty algorithm" },
        { "app@sha256:", "has an empty hexadecimal value" },
        { "app@SHA256:" + Hex64, "algorithm \"SHA256\" contains invalid character 'S'" },
        { "app@sha__256:" + Hex64, "algorithm \"sha__256\" has a misplaced separator '_'" },
        { "app@sha256+:" + Hex64, "algorithm \"sha256+\" may not end with separator '+'" },
        { "app@" + Sha256 + "@x", "value contains invalid character '@'" },
        // registries
        { "localhost:5000/", "repository is missing after registry \"localhost:5000\"" },
        { "docker.io/", "repository is missing after registry \"docker.io\"" },
        { "[::1]:5000", "registry \"[::1]\" is not followed by '/' and a repository" },
        { "localhost:/app", "registry \"localhost:\": ':' is not followed by a port number" },
        { "localhost:50a0/app", "port \"50a0\" must be decimal digits only" },
        { "app:ta/g", "port \"ta\" must be decimal digits only" },
        { "-bad.com/app", "host name component \"-bad\" may not start or end with '-'" },
        { "bad..com/app", "host name \"bad..com\" has an empty component" },
        { "bad_host.com/app", "registry \"bad_host.com\": host name contains invalid character '_'" },
        { "[::1/app", "registry \"[::1\": IPv6 address has no closing ']'" },
        { "[]:5000/app", "IPv6 address between '[' and ']' is empty" },
        { "[::g]/app", "IPv6 address contains invalid character 'g'" },
        { "[::1]x/app", "only ':' and a port may follow the IPv6 address" },
        // whitespace and control characters
        { "ubuntu latest", "path component \"ubuntu latest\" contains invalid character U+0020" },
        { " ubuntu", "contains invalid character U+0020" },
        { "ubuntu\t", "contains invalid character U+0009" },
        // lengths
        { "example.com/" + new string('a', 244), "is 256 characters long; the maximum is 255" },
        { new string('a', 250), "name \"docker.io/library/aaaa" },
        { new string('a', 5000), "reference is 5000 characters long; at most 4096 are accepted" },
        // an image ID is not a name
        { Hex64, "is an image ID, not a repository name" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_references_are_parsed_and_normalised(
        string reference, string registry, string repository, string? tag, string? digest, string canonical)
    {
        var name = ImageName.Parse(reference);

        Assert.Equal(registry, name.Registry);
        Assert.Equal(repository, name.Repository);
        Assert.Equal(tag, name.Tag);
        Assert.Equal(digest, name.Digest);
        Assert.Equal(canonical, name.ToString());
        Assert.Equal(registry + "/" + repository, name.FullName);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Canonical_forms_parse_back_to_the_same_name(
        string reference, string registry, string repository, string? tag, string? digest, string canonical)
    {
        _ = (registry, repository, tag, digest, canonical);
        var name = ImageName.Parse(reference);

        var again = ImageName.Parse(name.ToString());

        Assert.Equal(name, again);
        Assert.Equal(name.ToString(), again.ToString());
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void TryParse_accepts_every_valid_reference(
        string reference, string registry, string repository, string? tag, string? digest, string canonical)
    {
        _ = (registry, repository, tag, digest);

        Assert.True(ImageName.TryParse(reference, out var name, out var error));
        Assert.Null(error);
        Assert.Equal(canonical, name!.ToString());
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_references_are_refused_with_a_message_naming_the_failing_part(string reference, string expected)
    {
        var ex = Assert.Throws<ImageNameException>(() => ImageName.Parse(reference));

        Assert.StartsWith("invalid image reference", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void TryParse_refuses_invalid_references_with_the_same_message(string reference, string expected)
    {
        Assert.False(ImageName.TryParse(reference, out var name, out var error));
        Assert.Null(name);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_exception_is_a_format_exception()
    {
        Assert.IsAssignableFrom<FormatException>(Assert.Throws<ImageNameException>(() => ImageName.Parse("A")));
    }

    [Fact]
    public void A_null_reference_throws_for_Parse_and_fails_for_TryParse()
    {
        Assert.Throws<ArgumentNullException>(() => ImageName.Parse(null!));
        Assert.False(ImageName.TryParse(null, out var name, out var error));
        Assert.Null(name);
        Assert.Contains("null", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_tag_is_applied_only_when_neither_tag_nor_digest_is_given()
    {
        Assert.Equal("latest", ImageName.Parse("ubuntu").Tag);
        Assert.Equal("20.04", ImageName.Parse("ubuntu:20.04").Tag);
        Assert.Null(ImageName.Parse("ubuntu@" + Sha256).Tag);
        Assert.Equal(Sha256, ImageName.Parse("ubuntu@" + Sha256).Digest);
        Assert.Null(ImageName.Parse("ubuntu").Digest);
    }

    [Theory]
    [InlineData("ubuntu", true, "registry-1.docker.io")]
    [InlineData("index.docker.io/user/app", true, "registry-1.docker.io")]
    [InlineData("docker.io/user/app", true, "registry-1.docker.io")]
    [InlineData("ghcr.io/o/r", false, "ghcr.io")]
    [InlineData("localhost:5000/app", false, "localhost:5000")]
    [InlineData("[::1]:5000/app", false, "[::1]:5000")]
    [InlineData("registry-1.docker.io/library/ubuntu", false, "registry-1.docker.io")]
    public void Docker_Hub_is_recognised_and_served_by_its_api_host(string reference, bool isDockerHub, string apiHost)
    {
        var name = ImageName.Parse(reference);

        Assert.Equal(isDockerHub, name.IsDockerHub);
        Assert.Equal(apiHost, name.ApiHost);
    }

    [Fact]
    public void Equivalent_spellings_give_equal_names()
    {
        Assert.Equal(ImageName.Parse("ubuntu"), ImageName.Parse("index.docker.io/library/ubuntu:latest"));
        Assert.Equal(ImageName.Parse("user/app"), ImageName.Parse("docker.io/user/app"));
        Assert.NotEqual(ImageName.Parse("ubuntu"), ImageName.Parse("ubuntu:22.04"));
    }

    [Fact]
    public void Messages_for_huge_inputs_stay_short()
    {
        var ex = Assert.Throws<ImageNameException>(() => ImageName.Parse(new string('a', 5000)));
        Assert.True(ex.Message.Length < 300, ex.Message);

        var tag = Assert.Throws<ImageNameException>(() => ImageName.Parse("app:" + new string('x', 4000)));
        Assert.True(tag.Message.Length < 400, tag.Message);
    }

    [Fact]
    public void Oversized_and_pathological_inputs_are_refused_quickly()
    {
        string[] inputs =
        [
            new string('a', 5000),
            new string('a', 1_000_000),
            "a" + new string('-', 4000) + "!",
            new string('a', 2000) + "/" + new string('_', 2000),
            "[" + new string(':', 4000) + "x",
            "app@" + new string('a', 4000),
            "app:" + new string('.', 4000),
            string.Concat(Enumerable.Repeat("a.", 2040)) + "A",
        ];
        // No time is asserted (timings belong in bench/): the parser is a single pass, so these return at once.
        foreach (var input in inputs) Assert.False(ImageName.TryParse(input, out _, out _));
    }
}
