using System.Text;
using Palisade.Images.Layers;
using Palisade.Images.References;
using Palisade.Images.Registry;
using Palisade.Images.Sources;

namespace Palisade.Images.Tests;

/// <summary>The registry client against real registries (Debian's docker-registry on 127.0.0.1), images pushed by skopeo.</summary>
public sealed class RegistryTests(RegistryFixture registry) : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "palisade-cache-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_cache)) Directory.Delete(_cache, recursive: true);
    }

    private RegistryClient Client(RegistryCredentials? credentials = null, string? dockerConfig = null, bool cache = true) => new(new RegistryOptions
    {
        InsecureHosts = new HashSet<string>([registry.Anonymous, registry.Authenticated, registry.TokenAuthenticated], StringComparer.OrdinalIgnoreCase),
        Credentials = credentials,
        DockerConfigPath = dockerConfig ?? Path.Combine(_cache, "no-config.json"),
        CacheDirectory = cache ? _cache : null,
        MaxRetries = 1,
        RetryDelay = TimeSpan.FromMilliseconds(10),
    });

    private static readonly CaptureRule All = new((_, _) => true);

    private static void AssertTheImage(VirtualFileTree tree)
    {
        Assert.Equal("ID=debian\nVERSION_ID=\"12\"\n", Encoding.UTF8.GetString(tree.Resolve("etc/os-release")!.Content!));
        Assert.NotNull(tree.Resolve("app/server.js"));
        Assert.Null(tree.Get("tmp/junk"));
    }

    [Fact]
    public void An_anonymous_registry_gives_the_same_image_as_the_layout_it_was_pushed_from()
    {
        using var client = Client();
        var image = client.Open(ImageName.Parse($"{registry.Anonymous}/shop/api:12"));
        Assert.Equal(2, image.Layers.Count);
        AssertTheImage(image.ReadFileSystem(All));
        var local = ImageSources.Open($"oci:{Path.Combine(registry.Images, "layout")}:12");
        Assert.Equal(local.Layers.Select(l => l.Digest), image.Layers.Select(l => l.Digest));
    }

    [Fact]
    public void An_image_by_digest_is_checked_against_that_digest()
    {
        using var client = Client();
        var byTag = client.Open(ImageName.Parse($"{registry.Anonymous}/shop/api:12"));
        var byDigest = client.Open(ImageName.Parse($"{registry.Anonymous}/shop/api@{byTag.ManifestDigest}"));
        Assert.Equal(byTag.ConfigDigest, byDigest.ConfigDigest);
        var wrong = "sha256:" + new string('0', 64);
        var e = Assert.Throws<ImageFormatException>(() => client.Open(ImageName.Parse($"{registry.Anonymous}/shop/api@{wrong}")));
        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Basic_auth_works_with_credentials_and_fails_clearly_without_or_with_wrong_ones()
    {
        var name = ImageName.Parse($"{registry.Authenticated}/private/api:12");
        using (var client = Client(new RegistryCredentials(RegistryFixture.User, RegistryFixture.Password)))
            AssertTheImage(client.Open(name).ReadFileSystem(All));
        using (var anonymous = Client())
            Assert.Contains("authentication required", Assert.Throws<ImageFormatException>(() => anonymous.Open(name)).Message, StringComparison.Ordinal);
        using (var wrong = Client(new RegistryCredentials(RegistryFixture.User, "nope")))
            Assert.Contains("authentication failed", Assert.Throws<ImageFormatException>(() => wrong.Open(name)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bearer_tokens_are_fetched_from_the_realm_the_registry_names()
    {
        // public/* is open to anyone (an anonymous token), private/* needs the user's credentials at the token service.
        using (var anonymous = Client())
        {
            AssertTheImage(anonymous.Open(ImageName.Parse($"{registry.TokenAuthenticated}/public/api:12")).ReadFileSystem(All));
            var e = Assert.Throws<ImageFormatException>(() => anonymous.Open(ImageName.Parse($"{registry.TokenAuthenticated}/private/api:12")));
            Assert.Contains("authentication failed", e.Message, StringComparison.Ordinal);
        }
        using (var user = Client(new RegistryCredentials(RegistryFixture.User, RegistryFixture.Password)))
            AssertTheImage(user.Open(ImageName.Parse($"{registry.TokenAuthenticated}/private/api:12")).ReadFileSystem(All));
        using (var wrong = Client(new RegistryCredentials(RegistryFixture.User, "nope")))
            Assert.Contains("token service refused", Assert.Throws<ImageFormatException>(() => wrong.Open(ImageName.Parse($"{registry.TokenAuthenticated}/private/api:12"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_come_from_a_docker_config_json()
    {
        var config = Path.Combine(Path.GetTempPath(), $"docker-config-{Guid.NewGuid():N}.json");
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryFixture.User}:{RegistryFixture.Password}"));
        File.WriteAllText(config, "{\"auths\": {\"" + registry.Authenticated + "\": {\"auth\": \"" + auth + "\"}}}");
        try
        {
            using var client = Client(dockerConfig: config);
            AssertTheImage(client.Open(ImageName.Parse($"{registry.Authenticated}/private/api:12")).ReadFileSystem(All));
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public void A_multi_platform_image_gives_the_platform_asked_for()
    {
        using var client = Client();
        var name = ImageName.Parse($"{registry.Anonymous}/shop/multi:1");
        Assert.Single(client.Open(name, Platform.Parse("linux/amd64")).Layers);
        Assert.Equal(2, client.Open(name, Platform.Parse("linux/arm64")).Layers.Count);
        Assert.Contains("linux/s390x", Assert.Throws<ImageFormatException>(() => client.Open(name, Platform.Parse("linux/s390x"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_repository_or_tag_is_a_not_found_error()
    {
        using var client = Client();
        Assert.Contains("not found", Assert.Throws<ImageFormatException>(() => client.Open(ImageName.Parse($"{registry.Anonymous}/shop/api:nope"))).Message, StringComparison.Ordinal);
        Assert.Contains("not found", Assert.Throws<ImageFormatException>(() => client.Open(ImageName.Parse($"{registry.Anonymous}/no/such:1"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Blobs_are_cached_by_digest_and_a_registry_serving_wrong_bytes_is_caught()
    {
        // A private copy of the image, so that tampering with it leaves the other tests' image alone.
        var name = ImageName.Parse($"{registry.Anonymous}/shop/api:12");
        using (var warm = Client())
        {
            var image = warm.Open(name);
            image.ReadFileSystem(All);
            foreach (var layer in image.Layers)
                Assert.True(File.Exists(Path.Combine(_cache, "sha256", layer.Digest["sha256:".Length..])), "layer not cached");
        }
        using var noCache = Client(cache: false);
        var fresh = noCache.Open(ImageName.Parse($"{registry.Anonymous}/shop/api:12"));
        AssertTheImage(fresh.ReadFileSystem(All));

        // The registry's stored layer is swapped for other bytes: without a cache the client must notice.
        var layerDigest = fresh.Layers[1].Digest;
        var stored = registry.StoredBlob("anon", layerDigest);
        var original = File.ReadAllBytes(stored);
        try
        {
            var tampered = (byte[])original.Clone();
            tampered[^10] ^= 0xFF;
            File.WriteAllBytes(stored, tampered);
            var e = Assert.Throws<ImageFormatException>(() => noCache.Open(name).ReadFileSystem(All));
            Assert.True(e.Message.Contains(layerDigest, StringComparison.Ordinal) || e.Message.Contains("corrupt", StringComparison.Ordinal), e.Message);
            // The cached, verified copy is still good.
            using var cached = Client();
            AssertTheImage(cached.Open(name).ReadFileSystem(All));
        }
        finally
        {
            File.WriteAllBytes(stored, original);
        }
    }

    [Fact]
    public void Transient_server_errors_are_retried_and_persistent_ones_reported()
    {
        // A proxy in front of the real registry that answers 503 to every other request.
        using var listener = new System.Net.HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var alwaysFail = false;
        var count = 0;
        using var upstream = new HttpClient();
        var loop = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                System.Net.HttpListenerContext ctx;
                try
                {
                    ctx = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is System.Net.HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                if (Interlocked.Increment(ref count) % 2 == 1 || Volatile.Read(ref alwaysFail))
                {
                    ctx.Response.StatusCode = 503;
                    ctx.Response.Close();
                    continue;
                }
                var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{registry.Anonymous}{ctx.Request.RawUrl}"));
                foreach (var accept in ctx.Request.AcceptTypes ?? []) request.Headers.TryAddWithoutValidation("Accept", accept);
                using var response = await upstream.SendAsync(request);
                ctx.Response.StatusCode = (int)response.StatusCode;
                if (response.Content.Headers.ContentType is { } type) ctx.Response.ContentType = type.ToString();
                var body = await response.Content.ReadAsByteArrayAsync();
                await ctx.Response.OutputStream.WriteAsync(body);
                ctx.Response.Close();
            }
        });
        var proxy = $"127.0.0.1:{port}";
        using (var client = new RegistryClient(new RegistryOptions
        {
            InsecureHosts = new HashSet<string>([proxy]), CacheDirectory = null, MaxRetries = 3, RetryDelay = TimeSpan.FromMilliseconds(5),
        }))
            AssertTheImage(client.Open(ImageName.Parse($"{proxy}/shop/api:12")).ReadFileSystem(All));
        Volatile.Write(ref alwaysFail, true);  // now always 503
        using (var client = new RegistryClient(new RegistryOptions
        {
            InsecureHosts = new HashSet<string>([proxy]), CacheDirectory = null, MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(5),
        }))
            Assert.Contains("HTTP 503", Assert.Throws<ImageFormatException>(() => client.Open(ImageName.Parse($"{proxy}/shop/api:12"))).Message, StringComparison.Ordinal);
        listener.Stop();
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    [Fact]
    public void Downloads_report_their_progress_up_to_each_blobs_size()
    {
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, List<(long Done, long? Total)>>();
        using var client = new RegistryClient(new RegistryOptions
        {
            InsecureHosts = new HashSet<string>([registry.Anonymous]),
            CacheDirectory = Path.Combine(_cache, "progress"),
            Progress = (digest, done, total) => seen.GetOrAdd(digest, _ => []).Add((done, total)),
        });
        var image = client.Open(ImageName.Parse($"{registry.Anonymous}/shop/api:12"));
        image.ReadFileSystem(All);
        foreach (var layer in image.Layers)
        {
            var reports = seen[layer.Digest];
            Assert.Equal(layer.Size, reports[^1].Done);
            Assert.Equal(layer.Size, reports[^1].Total);
            Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.Done < p.Second.Done));
        }
    }

    [Fact]
    public void Plain_http_is_used_only_for_hosts_named_insecure()
    {
        using var client = new RegistryClient(new RegistryOptions { CacheDirectory = null, MaxRetries = 0 });
        var e = Assert.Throws<ImageFormatException>(() => client.Open(ImageName.Parse($"{registry.Anonymous}/shop/api:12")));
        Assert.Contains(registry.Anonymous, e.Message, StringComparison.Ordinal);  // TLS to a plain-HTTP port fails
    }

    [Theory]
    [InlineData("realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/ubuntu:pull\"", "https://auth.docker.io/token", "registry.docker.io", "repository:library/ubuntu:pull")]
    [InlineData("realm=\"https://ghcr.io/token\", service=\"ghcr.io\"", "https://ghcr.io/token", "ghcr.io", null)]
    [InlineData("realm=https://x.io/t,service=x.io", "https://x.io/t", "x.io", null)]
    public void Bearer_challenges_are_parsed(string parameter, string realm, string service, string? scope)
    {
        var p = RegistryClient.ChallengeParameters(parameter);
        Assert.Equal(realm, p["realm"]);
        Assert.Equal(service, p["service"]);
        Assert.Equal(scope, p.GetValueOrDefault("scope"));
    }
}
