using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Palisade.Images.Tests;

/// <summary>
/// Two real registries (Debian's docker-registry) on 127.0.0.1: one anonymous, one behind htpasswd Basic auth, with
/// test images pushed by skopeo. Started once for the test class, stopped by PID afterwards. ./test.sh installs the
/// Debian packages (docker-registry, skopeo, apache2-utils).
/// </summary>
public sealed class RegistryFixture : IDisposable
{
    public const string User = "alice";
    public const string Password = "s3cret-pw";
    private readonly List<Process> _registries = [];

    public RegistryFixture()
    {
        foreach (var tool in new[] { "docker-registry", "skopeo", "htpasswd" })
            if (Which(tool) is null) throw new InvalidOperationException($"{tool} is not installed: run ./test.sh, which installs docker-registry, skopeo and apache2-utils");
        Root = Path.Combine(Path.GetTempPath(), "palisade-registry-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        var htpasswd = Run("htpasswd", ["-Bbn", User, Password]).Trim();
        File.WriteAllText(Path.Combine(Root, "htpasswd"), htpasswd + "\n");
        Anonymous = Start("anon", auth: false);
        Authenticated = Start("auth", auth: true);
        _tokens = new TokenServer(Root, User, Password);
        TokenAuthenticated = Start("token", auth: false, extraConfig: _tokens.RegistryConfig);
        Images = Path.Combine(Root, "images");
        Directory.CreateDirectory(Images);
        var layout = TestImages.Layout(Images, "layout", "12");
        Push($"oci:{layout}:12", $"{Anonymous}/shop/api:12", auth: false);
        Push($"oci:{layout}:12", $"{Authenticated}/private/api:12", auth: true);
        Push($"oci:{layout}:12", $"{TokenAuthenticated}/private/api:12", auth: true);
        Push($"oci:{layout}:12", $"{TokenAuthenticated}/public/api:12", auth: true);
        var multi = TestImages.MultiPlatformLayout(Images);
        Push($"oci:{multi}:multi", $"{Anonymous}/shop/multi:1", auth: false, all: true);
    }

    /// <summary>host:port of the anonymous registry.</summary>
    public string Anonymous { get; }

    /// <summary>host:port of the registry that wants Basic auth.</summary>
    public string Authenticated { get; }

    /// <summary>host:port of the registry that wants Bearer tokens from <see cref="TokenServer"/> (public/* anonymous, the rest for the user).</summary>
    public string TokenAuthenticated { get; }

    private readonly TokenServer _tokens;

    public string Root { get; }
    public string Images { get; }

    /// <summary>The registry's own storage of a blob (to tamper with it).</summary>
    public string StoredBlob(string registryName, string digest)
    {
        var hex = digest["sha256:".Length..];
        return Path.Combine(Root, registryName, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
    }

    private static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private string Start(string name, bool auth, string extraConfig = "")
    {
        var port = FreePort();
        var config = Path.Combine(Root, name + ".yml");
        File.WriteAllText(config, $"""
            version: 0.1
            log:
              level: error
            storage:
              filesystem:
                rootdirectory: {Path.Combine(Root, name)}
            http:
              addr: 127.0.0.1:{port}
            {(auth ? $"auth:\n  htpasswd:\n    realm: palisade-test\n    path: {Path.Combine(Root, "htpasswd")}\n" : extraConfig)}
            """);
        var start = new ProcessStartInfo(Which("docker-registry")!) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        var process = Process.Start(start) ?? throw new InvalidOperationException("docker-registry did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _registries.Add(process);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var r = http.GetAsync(new Uri($"http://127.0.0.1:{port}/v2/")).GetAwaiter().GetResult();
                if (r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized) return $"127.0.0.1:{port}";
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (process.HasExited) throw new InvalidOperationException($"docker-registry exited with {process.ExitCode}");
            Thread.Sleep(100);
        }
        throw new InvalidOperationException($"docker-registry on port {port} did not answer within 10 s");
    }

    private void Push(string from, string to, bool auth, bool all = false)
    {
        List<string> args = ["--insecure-policy", "copy", "--dest-tls-verify=false"];
        if (auth) args.AddRange(["--dest-creds", $"{User}:{Password}"]);
        if (all) args.Add("--all");
        args.AddRange([from, "docker://" + to]);
        Run("skopeo", args);
    }

    private static string Run(string tool, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Which(tool)!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2))) p.Kill(entireProcessTree: true);
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Result}");
        return stdout.Result;
    }

    public void Dispose()
    {
        _tokens.Dispose();
        foreach (var p in _registries)
        {
            try
            {
                if (!p.HasExited) p.Kill(entireProcessTree: true);
                p.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
            }
            p.Dispose();
        }
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
