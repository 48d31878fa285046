using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Palisade.Vulnerabilities.Database;
using Palisade.Vulnerabilities.Osv;

namespace Palisade.Vulnerabilities.Tests.Database;

/// <summary>A real HTTP server on 127.0.0.1 serving OSV-style <c>/{ecosystem}/all.zip</c>, with scripted failures.</summary>
public sealed class MirrorServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Thread _thread;

    /// <summary>What each path answers: the body to serve when no failure is queued.</summary>
    public ConcurrentDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>Status codes to answer, in order, before serving a path's file.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<int>> Failures { get; } = new(StringComparer.Ordinal);

    /// <summary>Every request path, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public string BaseUrl { get; }

    public MirrorServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _thread = new Thread(Serve) { IsBackground = true };
        _thread.Start();
    }

    public void Fail(string path, params int[] statuses) => Failures[path] = new ConcurrentQueue<int>(statuses);

    private void Serve()
    {
        while (true)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = _listener.GetContext();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var path = Uri.UnescapeDataString(ctx.Request.Url!.AbsolutePath);
            Requests.Enqueue(path);
            try
            {
                if (Failures.TryGetValue(path, out var queue) && queue.TryDequeue(out var status))
                {
                    ctx.Response.StatusCode = status;
                }
                else if (Files.TryGetValue(path, out var body))
                {
                    ctx.Response.ContentLength64 = body.Length;
                    ctx.Response.OutputStream.Write(body);
                }
                else
                {
                    ctx.Response.StatusCode = 404;
                }
                ctx.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                // The client went away.
            }
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _thread.Join(TimeSpan.FromSeconds(5));
    }
}

public sealed class UpdateTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly MirrorServer _server = new();

    public void Dispose()
    {
        _server.Dispose();
        _dir.Dispose();
    }

    private string Db => _dir.PathOf("db/palisade.db");

    private byte[] GoZip() => File.ReadAllBytes(TestData.MultipliedGoZip(_dir.PathOf("src/go.zip"), 120));

    /// <summary>The PyPA YAML records as OSV serves them: JSON, one ID.json per record.</summary>
    private byte[] PypiZip() => File.ReadAllBytes(TestData.Zip(_dir.PathOf("src/pypi.zip"),
        TestData.PypaRecords().Select(f => (Path.GetFileNameWithoutExtension(f) + ".json", Encoding.UTF8.GetString(OsvYamlReader.ToJson(File.ReadAllBytes(f), f))))));

    private UpdateOptions Options(params string[] ecosystems) => new()
    {
        Mirror = _server.BaseUrl,
        Ecosystems = ecosystems,
        RetryDelay = TimeSpan.FromMilliseconds(1),
    };

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private string[] Leftovers() => Directory.GetFiles(Path.GetDirectoryName(Db)!).Select(Path.GetFileName).Where(n => n!.Contains(".import-", StringComparison.Ordinal)).ToArray()!;

    [Fact]
    public void Downloads_every_ecosystem_and_imports_them_as_one()
    {
        _server.Files["/Go/all.zip"] = GoZip();
        _server.Files["/PyPI/all.zip"] = PypiZip();
        var progress = new ConcurrentBag<string>();
        var result = DatabaseUpdater.Update(Db, Options("Go", "PyPI") with { Progress = (eco, done, total) => progress.Add(eco) });
        Assert.Equal(120 + 58, result.Import.Statistics.Inserted);
        Assert.Equal([$"{_server.BaseUrl}/Go/all.zip", $"{_server.BaseUrl}/PyPI/all.zip"], result.Sources);
        Assert.Contains("Go", progress);
        Assert.Contains("PyPI", progress);
        Assert.Equal(_server.Files.Values.Sum(v => (long)v.Length), result.DownloadedBytes);
        Assert.Empty(Leftovers());

        using var db = VulnerabilityDatabase.Open(Db);
        Assert.Contains(db.Lookup("PyPI", "Django"), r => r.Id == "PYSEC-2024-58");
        Assert.Contains(db.Lookup("Go", "github.com/gin-gonic/gin"), r => r.Id == "GO-2020-0001-X0");
        var status = db.Status();
        Assert.Equal([$"{_server.BaseUrl}/Go/all.zip", $"{_server.BaseUrl}/PyPI/all.zip"], status.Sources.Select(s => s.Source));
        Assert.Equal(178, status.Advisories);
    }

    [Fact]
    public void A_503_then_ok_is_retried()
    {
        _server.Files["/Go/all.zip"] = GoZip();
        _server.Fail("/Go/all.zip", 503, 429, 500);
        var result = DatabaseUpdater.Update(Db, Options("Go"));
        Assert.Equal(120, result.Import.Statistics.Inserted);
        Assert.Equal(4, _server.Requests.Count(p => p == "/Go/all.zip"));
    }

    [Fact]
    public void Persistent_failures_fail_the_update_and_change_nothing()
    {
        _server.Files["/Go/all.zip"] = GoZip();
        DatabaseUpdater.Update(Db, Options("Go"));
        var before = Hash(Db);

        _server.Fail("/Go/all.zip", 503, 503, 503, 503, 503, 503);
        var e = Assert.Throws<DatabaseImportException>(() => DatabaseUpdater.Update(Db, Options("Go") with { MaxRetries = 2 }));
        Assert.Contains("503", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, _server.Requests.Count(p => p == "/Go/all.zip") - 1);

        var missing = Assert.Throws<DatabaseImportException>(() => DatabaseUpdater.Update(Db, Options("Go", "NoSuchEcosystem")));
        Assert.Contains("404", missing.Message, StringComparison.Ordinal);

        Assert.Equal(before, Hash(Db));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void A_corrupt_zip_from_the_mirror_leaves_the_old_database_intact()
    {
        _server.Files["/PyPI/all.zip"] = PypiZip();
        DatabaseUpdater.Update(Db, Options("PyPI"));
        var before = Hash(Db);

        _server.Files["/Go/all.zip"] = Encoding.ASCII.GetBytes("<html>captive portal</html>");
        var e = Assert.Throws<DatabaseImportException>(() => DatabaseUpdater.Update(Db, Options("PyPI", "Go")));
        Assert.Contains("not a readable zip archive", e.Message, StringComparison.Ordinal);

        var truncated = GoZip();
        _server.Files["/Go/all.zip"] = truncated.AsSpan(0, truncated.Length / 2).ToArray();
        Assert.Throws<DatabaseImportException>(() => DatabaseUpdater.Update(Db, Options("PyPI", "Go")));

        Assert.Equal(before, Hash(Db));
        Assert.Empty(Leftovers());
        using var db = VulnerabilityDatabase.Open(Db);
        Assert.Equal(58, db.Status().Advisories);
        Assert.Empty(db.Lookup("Go", "github.com/gin-gonic/gin"));
        Assert.Contains(db.Lookup("PyPI", "django"), r => r.Id == "PYSEC-2024-58");
    }

    [Fact]
    public void File_url_and_directory_mirrors_read_the_archives_in_place()
    {
        var mirror = _dir.PathOf("mirror");
        TestData.MultipliedGoZip(Path.Combine(mirror, "Go", "all.zip"), 30);
        var viaUrl = DatabaseUpdater.Update(Db, new UpdateOptions { Mirror = new Uri(mirror).AbsoluteUri, Ecosystems = ["Go"] });
        Assert.Equal(30, viaUrl.Import.Statistics.Inserted);
        var viaDirectory = DatabaseUpdater.Update(Db, new UpdateOptions { Mirror = mirror, Ecosystems = ["Go"] });
        Assert.Equal(30, viaDirectory.Import.Statistics.NotNewer);
        Assert.Throws<DatabaseImportException>(() => DatabaseUpdater.Update(Db, new UpdateOptions { Mirror = mirror, Ecosystems = ["npm"] }));
        Assert.Throws<ArgumentException>(() => DatabaseUpdater.Update(Db, new UpdateOptions { Mirror = "ftp://example.com/osv", Ecosystems = ["Go"] }));
    }

    [Fact]
    public void Ecosystem_names_are_escaped_in_urls()
    {
        _server.Files["/Red Hat/all.zip"] = File.ReadAllBytes(TestData.Zip(_dir.PathOf("src/rh.zip"), [("RHSA-1.json", TestData.Record("RHSA-1", ecosystem: "Red Hat:rhel_aus:8.6::appstream", name: "kernel"))]));
        var result = DatabaseUpdater.Update(Db, Options("Red Hat"));
        Assert.Equal(1, result.Import.Statistics.Inserted);
        Assert.Contains("/Red Hat/all.zip", _server.Requests);
        using var db = VulnerabilityDatabase.Open(Db);
        Assert.Single(db.Lookup("Red Hat:rhel_aus:8.6::appstream", "kernel"));
    }
}
