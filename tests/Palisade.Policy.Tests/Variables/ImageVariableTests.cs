using Newtonsoft.Json.Linq;
using Palisade.Policy.Variables;

namespace Palisade.Policy.Tests.Variables;

/// <summary>The images variable and image reference parsing (docker.io default registry, latest default tag).</summary>
public sealed class ImageVariableTests
{
    [Theory]
    [InlineData("nginx", "docker.io", "nginx", "nginx", "latest", "", "docker.io/nginx:latest", "docker.io/nginx:latest")]
    [InlineData("nginx:1.2", "docker.io", "nginx", "nginx", "1.2", "", "docker.io/nginx:1.2", "docker.io/nginx:1.2")]
    [InlineData("bitnami/redis:7.0", "docker.io", "bitnami/redis", "redis", "7.0", "", "docker.io/bitnami/redis:7.0", "docker.io/bitnami/redis:7.0")]
    [InlineData("ghcr.io/org/app@sha256:5f44022eab9198d75939d9eaa5341bc077eca16fa51d4ef32d33f1bd4c8cbe7d", "ghcr.io", "org/app", "app", "",
        "sha256:5f44022eab9198d75939d9eaa5341bc077eca16fa51d4ef32d33f1bd4c8cbe7d",
        "ghcr.io/org/app@sha256:5f44022eab9198d75939d9eaa5341bc077eca16fa51d4ef32d33f1bd4c8cbe7d", "ghcr.io/org/app:")]
    [InlineData("localhost:5000/a/b:tag", "localhost:5000", "a/b", "b", "tag", "", "localhost:5000/a/b:tag", "localhost:5000/a/b:tag")]
    [InlineData("localhost/app", "localhost", "app", "app", "latest", "", "localhost/app:latest", "localhost/app:latest")]
    [InlineData("ghcr.io/vault:v3", "ghcr.io", "vault", "vault", "v3", "", "ghcr.io/vault:v3", "ghcr.io/vault:v3")]
    [InlineData("registry.k8s.io/pause:3.9@sha256:7031c1b283388d2c2e09b57badb803c05ebed362dc88d84b480cc47f72a21097", "registry.k8s.io", "pause", "pause", "3.9",
        "sha256:7031c1b283388d2c2e09b57badb803c05ebed362dc88d84b480cc47f72a21097",
        "registry.k8s.io/pause@sha256:7031c1b283388d2c2e09b57badb803c05ebed362dc88d84b480cc47f72a21097", "registry.k8s.io/pause:3.9")]
    [InlineData("[::1]:5000/app:1", "[::1]:5000", "app", "app", "1", "", "[::1]:5000/app:1", "[::1]:5000/app:1")]
    public void Parses_references(string image, string registry, string path, string name, string tag, string digest, string reference, string withTag)
    {
        Assert.True(ImageInfo.TryParse(image, out var info, out var error), error);
        Assert.Equal(new ImageInfo(registry, path, name, tag, digest), info);
        Assert.Equal(reference, info.Reference);
        Assert.Equal(withTag, info.ReferenceWithTag);
    }

    [Theory]
    [InlineData("", "invalid reference format")]
    [InlineData("nginx:", "invalid reference format")]
    [InlineData("Nginx", "repository name must be lowercase")]
    [InlineData("nginx@sha256:abc", "invalid reference format")]
    [InlineData("nginx@md5:5f44022eab9198d75939d9eaa5341bc0", "unsupported digest algorithm")]
    [InlineData("nginx@sha256:5F44022EAB9198D75939D9EAA5341BC077ECA16FA51D4EF32D33F1BD4C8CBE7D", "invalid checksum digest format")]
    [InlineData("nginx:-tag", "invalid reference format")]
    [InlineData("a//b", "invalid reference format")]
    public void Rejects_bad_references(string image, string reason)
    {
        Assert.False(ImageInfo.TryParse(image, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.StartsWith("bad image: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_names_over_255_characters() =>
        Assert.Contains("255", ImageInfo.TryParse("r.io/" + new string('a', 260), out _, out var error) ? "" : error, StringComparison.Ordinal);

    [Fact]
    public void Images_of_a_pod_as_kyverno_fills_them()
    {
        var context = new PolicyContext(Jp.Parse("""
            {"kind": "Pod", "metadata": {"name": "p"}, "spec": {
              "initContainers": [{"name": "vault", "image": "ghcr.io/vault:v3"}],
              "containers": [{"name": "nginx", "image": "nginx@sha256:5f44022eab9198d75939d9eaa5341bc077eca16fa51d4ef32d33f1bd4c8cbe7d"},
                             {"name": "my-container", "image": "busybox:1.28"}],
              "ephemeralContainers": [{"name": "debug", "image": "localhost:5000/tools/debug"}]}}
            """));
        Assert.Equal("""{"digest":"sha256:5f44022eab9198d75939d9eaa5341bc077eca16fa51d4ef32d33f1bd4c8cbe7d","name":"nginx","path":"nginx","reference":"docker.io/nginx@sha256:5f44022eab9198d75939d9eaa5341bc077eca16fa51d4ef32d33f1bd4c8cbe7d","referenceWithTag":"docker.io/nginx:","registry":"docker.io"}""",
            GoJson.Serialize(context.Query("images.containers.nginx")));
        Assert.Equal("""{"name":"vault","path":"vault","reference":"ghcr.io/vault:v3","referenceWithTag":"ghcr.io/vault:v3","registry":"ghcr.io","tag":"v3"}""",
            GoJson.Serialize(context.Query("images.initContainers.vault")));
        Assert.Equal("1.28", (string?)context.Query("images.containers.\"my-container\".tag"));
        Assert.Equal("localhost:5000", (string?)context.Query("images.ephemeralContainers.debug.registry"));
        Assert.Equal("""["nginx","busybox"]""", GoJson.Serialize(context.Query("images.containers.*.name")));
        Assert.Equal("1.28", (string?)VariableResolver.Substitute("{{images.containers.\"my-container\".tag}}", context));
    }

    [Theory]
    [InlineData("Deployment", """{"spec": {"template": {"spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}""")]
    [InlineData("StatefulSet", """{"spec": {"template": {"spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}""")]
    [InlineData("Job", """{"spec": {"template": {"spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}""")]
    [InlineData("CronJob", """{"spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}}}""")]
    public void Images_of_pod_controllers(string kind, string body)
    {
        var resource = (JObject)Jp.Parse(body);
        resource["kind"] = kind;
        Assert.Equal("docker.io/nginx:latest", (string?)new PolicyContext(resource).Query("images.containers.c.reference"));
    }

    [Fact]
    public void Resources_without_images_have_no_images_variable()
    {
        var context = new PolicyContext(Jp.Parse("""{"kind": "ConfigMap", "data": {"a": "b"}}"""));
        Assert.Equal("[]", GoJson.Serialize(context.Query("images.initContainers.*.registry || `[]`")));
        Assert.Throws<VariableException>(() => context.Query("images.containers"));
        Assert.Null(context.ImagesError);
    }

    [Fact]
    public void A_bad_image_leaves_images_out_and_says_why()
    {
        var context = new PolicyContext(Jp.Parse("""{"kind": "Pod", "spec": {"containers": [{"name": "c", "image": "NGINX"}]}}"""));
        Assert.Throws<VariableException>(() => context.Query("images.containers"));
        Assert.Contains("repository name must be lowercase", context.ImagesError, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_are_built_only_when_used()
    {
        var context = new PolicyContext(Jp.Parse("""{"kind": "Pod", "spec": {"containers": [{"name": "c", "image": "nginx"}]}}"""));
        Assert.Equal("Pod", (string?)context.Query("request.object.kind"));
        Assert.False(context.Data.ContainsKey("images"));
        Assert.Equal("nginx", (string?)context.Query("images.containers.c.name"));
        Assert.True(context.Data.ContainsKey("images"));
    }
}
