using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Palisade.Images.Tests;

/// <summary>
/// The token service a real docker-registry is configured to trust (`auth: token:`): it answers the Bearer realm
/// with JWTs (RS256, the signing certificate in x5c, the certificate in the registry's rootcertbundle), granting
/// pull on public/* to anyone and everything to the user with the right password, as Docker Hub's auth service does.
/// </summary>
internal sealed class TokenServer : IDisposable
{
    private const string Service = "palisade-test-registry";
    private const string Issuer = "palisade-test-issuer";
    private readonly HttpListener _listener = new();
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _cert;
    private readonly string _user;
    private readonly string _password;
    private readonly Task _loop;

    public TokenServer(string dir, string user, string password)
    {
        _user = user;
        _password = password;
        var request = new CertificateRequest("CN=palisade-test-token-issuer", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        _cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var bundle = Path.Combine(dir, "token-ca.pem");
        File.WriteAllText(bundle, _cert.ExportCertificatePem());
        var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        Realm = $"http://127.0.0.1:{port}/token";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        RegistryConfig = $"auth:\n  token:\n    realm: {Realm}\n    service: {Service}\n    issuer: {Issuer}\n    rootcertbundle: {bundle}\n";
        _loop = Task.Run(Serve);
    }

    public string Realm { get; }

    /// <summary>The `auth:` section of the registry's configuration.</summary>
    public string RegistryConfig { get; }

    /// <summary>Token requests seen (for tests that want to know the flow happened).</summary>
    public int Requests => _requests;

    private int _requests;

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            Interlocked.Increment(ref _requests);
            var authenticated = false;
            var header = ctx.Request.Headers["Authorization"];
            if (header is not null && header.StartsWith("Basic ", StringComparison.Ordinal))
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
                if (text != $"{_user}:{_password}")
                {
                    ctx.Response.StatusCode = 401;
                    ctx.Response.Close();
                    continue;
                }
                authenticated = true;
            }
            var access = new List<object>();
            foreach (var scope in (ctx.Request.QueryString.GetValues("scope") ?? []).SelectMany(s => s.Split(' ')))
            {
                var parts = scope.Split(':');
                if (parts.Length != 3 || parts[0] != "repository") continue;
                var actions = parts[2].Split(',');
                var granted = authenticated ? actions : parts[1].StartsWith("public/", StringComparison.Ordinal) ? actions.Where(a => a == "pull").ToArray() : [];
                access.Add(new { type = "repository", name = parts[1], actions = granted });
            }
            var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { token = Jwt(authenticated ? _user : "", access) }));
            ctx.Response.ContentType = "application/json";
            await ctx.Response.OutputStream.WriteAsync(body);
            ctx.Response.Close();
        }
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private string Jwt(string subject, List<object> access)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var head = B64(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT", x5c = new[] { Convert.ToBase64String(_cert.RawData) } }));
        var claims = B64(JsonSerializer.SerializeToUtf8Bytes(new
        {
            iss = Issuer, sub = subject, aud = Service, exp = now + 300, nbf = now - 10, iat = now, jti = Guid.NewGuid().ToString("N"), access,
        }));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(head + "." + claims), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return head + "." + claims + "." + B64(signature);
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        _cert.Dispose();
        _key.Dispose();
    }
}
