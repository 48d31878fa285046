using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Palisade.Images.Layers;
using Palisade.Images.References;
using Palisade.Images.Sources;
using Polly;
using Polly.Retry;

namespace Palisade.Images.Registry;

/// <summary>A user name and password (or token) for a registry.</summary>
public sealed record RegistryCredentials(string Username, string Password);

/// <summary>How to reach registries: credentials, hosts allowed over plain HTTP, the blob cache, retries.</summary>
public sealed record RegistryOptions
{
    /// <summary>Explicit credentials (--username/--password-stdin), for every registry; otherwise ~/.docker/config.json.</summary>
    public RegistryCredentials? Credentials { get; init; }

    /// <summary>A Docker config.json to read credentials from (default ~/.docker/config.json, or $DOCKER_CONFIG/config.json).</summary>
    public string? DockerConfigPath { get; init; }

    /// <summary>Hosts (host or host:port) reached over plain HTTP or with an unverified certificate (--insecure-registry).</summary>
    public IReadOnlySet<string> InsecureHosts { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where verified blobs are kept by digest (default ~/.cache/palisade/blobs); null turns caching off.</summary>
    public string? CacheDirectory { get; init; } = DefaultCache();

    public int MaxRetries { get; init; } = 4;
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Download progress of each blob not yet cached: (digest, bytes so far, total when known); called often.</summary>
    public Action<string, long, long?>? Progress { get; init; }

    /// <summary>For tests: the HTTP handler to use.</summary>
    public HttpMessageHandler? Handler { get; init; }

    private static string? DefaultCache()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var root = !string.IsNullOrEmpty(xdg) ? xdg : string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache");
        return root is null ? null : Path.Combine(root, "palisade", "blobs");
    }
}

/// <summary>
/// A client of the OCI distribution API (registries such as Docker Hub, GHCR, Harbor, `docker-registry`): resolves a
/// reference to a manifest (following indexes to a platform), and streams blobs, each verified against its digest.
/// Authentication follows the registry's <c>WWW-Authenticate</c> challenge: anonymous, Basic, or Bearer tokens fetched
/// from the realm it names (with credentials when there are any). Transient failures (429, 5xx, dropped connections)
/// are retried with exponential backoff.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    public static readonly string[] ManifestMediaTypes =
        [ImageSources.OciIndex, ImageSources.DockerList, ImageSources.OciManifest, ImageSources.DockerManifest];

    private readonly RegistryOptions _options;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;
    private readonly Dictionary<string, AuthenticationHeaderValue> _auth = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    public RegistryClient(RegistryOptions? options = null)
    {
        _options = options ?? new RegistryOptions();
        var handler = _options.Handler ?? new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = true,
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                // Certificates are verified, except for hosts the user named as insecure.
                RemoteCertificateValidationCallback = (sender, cert, chain, errors) =>
                    errors == System.Net.Security.SslPolicyErrors.None ||
                    (sender is System.Net.Security.SslStream ssl && IsInsecure(ssl.TargetHostName)),
            },
        };
        _http = new HttpClient(handler, disposeHandler: _options.Handler is null) { Timeout = _options.Timeout };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("palisade", "0.1.0"));
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (_options.MaxRetries > 0)
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _options.MaxRetries,
                Delay = _options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<IOException>()
                    .HandleResult(r => r.StatusCode == HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
            });
        _retry = builder.Build();
    }

    public void Dispose() => _http.Dispose();

    private string Scheme(string registry) => _options.InsecureHosts.Contains(registry) ? "http" : "https";

    /// <summary>Whether a host (without port) was named insecure, alone or with a port.</summary>
    private bool IsInsecure(string host) =>
        _options.InsecureHosts.Contains(host) || _options.InsecureHosts.Any(h => h.StartsWith(host + ":", StringComparison.OrdinalIgnoreCase));

    private Uri Url(ImageName image, string path) =>
        new($"{Scheme(image.Registry)}://{image.ApiHost}/v2/{image.Repository}/{path}");

    /// <summary>Opens an image: its manifest (an index picks <paramref name="platform"/>), config and verified layers.</summary>
    /// <exception cref="ImageFormatException">Not found, not authorised, malformed, or a digest that does not match.</exception>
    public ResolvedImage Open(ImageName image, Platform? platform = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        var store = new RegistryBlobStore(this, image);
        var root = store.Resolve(image.Digest ?? image.Tag ?? "latest");
        return ImageSources.FromDescriptor(image.ToString(), root, store, platform ?? Platform.Current);
    }

    /// <summary>Sends a GET with the registry's authentication and retries; the caller disposes the response.</summary>
    internal HttpResponseMessage Get(ImageName image, Uri url, string[]? accept = null)
    {
        var scope = $"repository:{image.Repository}:pull";
        HttpResponseMessage Send()
        {
            return _retry.Execute(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (accept is not null) foreach (var a in accept) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(a));
                lock (_lock)
                    if (_auth.TryGetValue(image.Registry + "|" + scope, out var header)) request.Headers.Authorization = header;
                return _http.Send(request, HttpCompletionOption.ResponseHeadersRead);
            });
        }
        HttpResponseMessage response;
        try
        {
            response = Send();
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                var challenge = response.Headers.WwwAuthenticate.FirstOrDefault();
                response.Dispose();
                if (challenge is null) throw new ImageFormatException($"{image.Registry}: 401 Unauthorized without a WWW-Authenticate challenge");
                Authenticate(image, scope, challenge);
                response = Send();
            }
        }
        catch (HttpRequestException e)
        {
            throw new ImageFormatException($"{image.Registry}: {e.Message}");
        }
        catch (TaskCanceledException)
        {
            throw new ImageFormatException($"{image.Registry}: no answer within {_options.Timeout}");
        }
        if (response.IsSuccessStatusCode) return response;
        var status = (int)response.StatusCode;
        var body = ReadError(response);
        response.Dispose();
        throw new ImageFormatException(status switch
        {
            401 => $"{image.Registry}: authentication failed for {image.Repository} ({body}); check --username/--password-stdin or ~/.docker/config.json",
            403 => $"{image.Registry}: access to {image.Repository} denied ({body})",
            404 => $"{image}: not found ({url.AbsolutePath}: {body})",
            _ => $"{image.Registry}: HTTP {status} for {url.AbsolutePath} ({body})",
        });
    }

    private static string ReadError(HttpResponseMessage response)
    {
        try
        {
            using var s = response.Content.ReadAsStream();
            var buffer = new byte[2048];
            var n = s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            var text = Encoding.UTF8.GetString(buffer, 0, n).Trim();
            return text.Length == 0 ? response.ReasonPhrase ?? "" : text;
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return response.ReasonPhrase ?? "";
        }
    }

    /// <summary>Answers a challenge: Basic with the credentials, or a Bearer token from the realm.</summary>
    private void Authenticate(ImageName image, string scope, AuthenticationHeaderValue challenge)
    {
        var credentials = _options.Credentials ?? DockerConfig.Find(image.Registry, _options.DockerConfigPath);
        AuthenticationHeaderValue header;
        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (credentials is null)
                throw new ImageFormatException($"{image.Registry}: authentication required; give --username/--password-stdin or log in (~/.docker/config.json)");
            header = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}")));
        }
        else if (challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            header = new AuthenticationHeaderValue("Bearer", FetchToken(image, scope, ChallengeParameters(challenge.Parameter ?? ""), credentials));
        }
        else
        {
            throw new ImageFormatException($"{image.Registry}: unsupported authentication scheme {challenge.Scheme}");
        }
        lock (_lock) _auth[image.Registry + "|" + scope] = header;
    }

    /// <summary>Parses <c>realm="...",service="...",scope="..."</c>.</summary>
    public static Dictionary<string, string> ChallengeParameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && text[i] is ' ' or ',') i++;
            var eq = text.IndexOf('=', i);
            if (eq < 0) break;
            var key = text[i..eq].Trim();
            i = eq + 1;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                var sb = new StringBuilder();
                for (i++; i < text.Length && text[i] != '"'; i++)
                {
                    if (text[i] == '\\' && i + 1 < text.Length) i++;
                    sb.Append(text[i]);
                }
                i++;
                value = sb.ToString();
            }
            else
            {
                var comma = text.IndexOf(',', i);
                value = (comma < 0 ? text[i..] : text[i..comma]).Trim();
                i = comma < 0 ? text.Length : comma;
            }
            result[key] = value;
        }
        return result;
    }

    private string FetchToken(ImageName image, string scope, Dictionary<string, string> challenge, RegistryCredentials? credentials)
    {
        if (!challenge.TryGetValue("realm", out var realm) || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri) || realmUri.Scheme is not ("https" or "http"))
            throw new ImageFormatException($"{image.Registry}: the Bearer challenge names no usable token realm");
        if (realmUri.Scheme == "http" && !_options.InsecureHosts.Contains(realmUri.Authority) && !_options.InsecureHosts.Contains(image.Registry))
            throw new ImageFormatException($"{image.Registry}: refusing to send credentials to a plain-HTTP token realm {realm}");
        var query = new List<string>();
        if (challenge.TryGetValue("service", out var service)) query.Add("service=" + Uri.EscapeDataString(service));
        query.Add("scope=" + Uri.EscapeDataString(challenge.TryGetValue("scope", out var s) ? s : scope));
        var url = new UriBuilder(realmUri) { Query = string.Join('&', query) }.Uri;
        using var response = _retry.Execute(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (credentials is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}")));
            return _http.Send(request);
        });
        if (!response.IsSuccessStatusCode)
            throw new ImageFormatException($"{image.Registry}: the token service refused ({(int)response.StatusCode} {ReadError(response)})");
        using var doc = JsonDocument.Parse(response.Content.ReadAsStream());
        foreach (var name in new[] { "token", "access_token" })
            if (doc.RootElement.TryGetProperty(name, out var t) && t.ValueKind == JsonValueKind.String && t.GetString() is { Length: > 0 } token)
                return token;
        throw new ImageFormatException($"{image.Registry}: the token service answered without a token");
    }

    internal RegistryOptions Options => _options;

    internal Uri ManifestUrl(ImageName image, string reference) => Url(image, "manifests/" + reference);

    internal Uri BlobUrl(ImageName image, string digest) => Url(image, "blobs/" + digest);
}
