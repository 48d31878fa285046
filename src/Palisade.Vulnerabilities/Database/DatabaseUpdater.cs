using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Palisade.Core.Findings;
using Polly;
using Polly.Retry;

namespace Palisade.Vulnerabilities.Database;

/// <summary>How <see cref="DatabaseUpdater"/> downloads: from where, which ecosystems, retries, progress.</summary>
public sealed record UpdateOptions
{
    /// <summary>OSV's public bucket, which serves <c>{ecosystem}/all.zip</c> for every ecosystem.</summary>
    public const string DefaultMirror = "https://osv-vulnerabilities.storage.googleapis.com";

    /// <summary>
    /// The ecosystems updated when none are named: the Linux distributions of common container base images and the
    /// main language package ecosystems.
    /// </summary>
    public static IReadOnlyList<string> DefaultEcosystems { get; } =
        ["Alpine", "Debian", "Ubuntu", "Go", "npm", "PyPI", "Maven", "NuGet", "crates.io", "RubyGems", "Packagist"];

    /// <summary>Where <c>{ecosystem}/all.zip</c> are: an http(s) URL, a <c>file://</c> URL or a local directory.</summary>
    public string Mirror { get; init; } = DefaultMirror;

    /// <summary>The ecosystems to download (OSV's names: <c>Debian</c>, <c>PyPI</c>, <c>crates.io</c>...).</summary>
    public IReadOnlyList<string> Ecosystems { get; init; } = DefaultEcosystems;

    /// <summary>Retries of a download after a 429, a 5xx or a connection failure (exponential backoff).</summary>
    public int MaxRetries { get; init; } = 4;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest one download may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The largest archive accepted (4 GiB by default).</summary>
    public long MaxDownloadBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Download progress: (ecosystem, bytes so far, total when known); called often.</summary>
    public Action<string, long, long?>? Progress { get; init; }

    /// <summary>How the downloaded archives are imported.</summary>
    public ImportOptions Import { get; init; } = new();

    /// <summary>For tests: the HTTP handler to use.</summary>
    public HttpMessageHandler? Handler { get; init; }
}

/// <summary>What an update downloaded and imported.</summary>
public sealed record UpdateResult(ImportResult Import, IReadOnlyList<string> Sources, long DownloadedBytes, TimeSpan DownloadTime);

/// <summary>
/// Refreshes the database from an OSV mirror: downloads <c>{mirror}/{ecosystem}/all.zip</c> for each ecosystem (with
/// retries), then imports them all as ONE atomic import. A failed download or a corrupt archive fails the update and
/// leaves the database as it was. The database's lock is held throughout, so downloads beside the database are not
/// mistaken for a killed import's leftovers.
/// </summary>
public static class DatabaseUpdater
{
    /// <summary>Downloads and imports.</summary>
    /// <exception cref="DatabaseImportException">A download failed, an archive is corrupt, or nothing valid was found.</exception>
    /// <exception cref="ArgumentException">No ecosystem, or a mirror that is not a URL or directory.</exception>
    public static UpdateResult Update(string databasePath, UpdateOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(databasePath);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Ecosystems.Count == 0) throw new ArgumentException("no ecosystem to update", nameof(options));
        var path = Path.GetFullPath(databasePath);
        var mirror = options.Mirror.TrimEnd('/');
        var local = LocalMirror(mirror);
        using var held = DatabaseLock.Acquire(path);
        var sources = new List<ImportSource>();
        var downloads = new List<string>();
        var clock = Stopwatch.StartNew();
        long bytes = 0;
        try
        {
            if (local is not null)
            {
                foreach (var ecosystem in options.Ecosystems)
                {
                    var file = Path.Combine(local, ecosystem, "all.zip");
                    if (!File.Exists(file)) throw new DatabaseImportException($"{file}: no such file in the mirror");
                    sources.Add(new ImportSource(file));
                    bytes += new FileInfo(file).Length;
                }
            }
            else
            {
                using var client = new Downloader(options);
                foreach (var ecosystem in options.Ecosystems)
                {
                    var url = new Uri(mirror + "/" + Uri.EscapeDataString(ecosystem) + "/all.zip");
                    var file = DatabaseLock.AsidePath(path, "." + SafeName(ecosystem) + ".zip");
                    downloads.Add(file);
                    bytes += client.Download(url, file, ecosystem, cancellationToken);
                    sources.Add(new ImportSource(file, url.ToString()));
                }
            }
            var downloadTime = clock.Elapsed;
            var result = DatabaseImporter.ImportLocked(path, sources, options.Import, cancellationToken);
            return new UpdateResult(result, sources.Select(s => s.Label ?? s.Path).ToList(), bytes, downloadTime);
        }
        finally
        {
            foreach (var d in downloads)
            {
                try
                {
                    File.Delete(d);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The next import or update removes it.
                }
            }
        }
    }

    /// <summary>The directory of a file:// URL or plain path mirror; null for http(s).</summary>
    private static string? LocalMirror(string mirror)
    {
        if (Uri.TryCreate(mirror, UriKind.Absolute, out var uri))
        {
            if (uri.IsFile) return uri.LocalPath;
            if (uri.Scheme is "http" or "https") return null;
            if (mirror.Length > 2 && mirror[1] == ':') return mirror; // a Windows drive path
            throw new ArgumentException($"mirror '{mirror}': use an http(s) or file:// URL, or a directory", nameof(mirror));
        }
        return Path.GetFullPath(mirror);
    }

    private static string SafeName(string ecosystem) =>
        new(ecosystem.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());

    /// <summary>Thrown inside the retry pipeline for answers worth retrying (429, 5xx).</summary>
    private sealed class TransientHttpException(string message) : Exception(message);

    private sealed class Downloader : IDisposable
    {
        private readonly UpdateOptions _options;
        private readonly HttpClient _http;
        private readonly ResiliencePipeline _retry;

        public Downloader(UpdateOptions options)
        {
            _options = options;
            var handler = options.Handler ?? new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, AllowAutoRedirect = true };
            _http = new HttpClient(handler, disposeHandler: options.Handler is null) { Timeout = options.Timeout };
            _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("palisade", PalisadeVersion.Current));
            var builder = new ResiliencePipelineBuilder();
            if (options.MaxRetries > 0)
                builder.AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    Delay = options.RetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldHandle = new PredicateBuilder()
                        .Handle<TransientHttpException>()
                        .Handle<HttpRequestException>()
                        .Handle<IOException>()
                        .Handle<TaskCanceledException>(e => !e.CancellationToken.IsCancellationRequested),
                });
            _retry = builder.Build();
        }

        public void Dispose() => _http.Dispose();

        /// <summary>Downloads <paramref name="url"/> to <paramref name="file"/>; returns its size.</summary>
        public long Download(Uri url, string file, string ecosystem, CancellationToken cancellationToken)
        {
            try
            {
                return _retry.Execute(ct => Once(url, file, ecosystem, ct), cancellationToken);
            }
            catch (Exception e) when (e is TransientHttpException or HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new DatabaseImportException($"download {url}: {e.Message}", e);
            }
        }

        private long Once(Uri url, string file, string ecosystem, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (status == 429 || status >= 500) throw new TransientHttpException($"{status} {response.ReasonPhrase}");
            if (!response.IsSuccessStatusCode)
                throw new DatabaseImportException(response.StatusCode == HttpStatusCode.NotFound
                    ? $"download {url}: 404 Not Found (is '{ecosystem}' an OSV ecosystem name? they are case-sensitive)"
                    : $"download {url}: {status} {response.ReasonPhrase}");
            var total = response.Content.Headers.ContentLength;
            if (total > _options.MaxDownloadBytes)
                throw new DatabaseImportException($"download {url}: {total} bytes, over the limit of {_options.MaxDownloadBytes}");
            using var body = response.Content.ReadAsStream(cancellationToken);
            using var output = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            var buffer = new byte[1 << 16];
            long done = 0;
            int n;
            while ((n = body.Read(buffer)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                done += n;
                if (done > _options.MaxDownloadBytes) throw new DatabaseImportException($"download {url}: over the limit of {_options.MaxDownloadBytes} bytes");
                output.Write(buffer, 0, n);
                _options.Progress?.Invoke(ecosystem, done, total);
            }
            if (total is { } expected && done != expected) throw new IOException($"the download ended after {done} of {expected} bytes");
            _options.Progress?.Invoke(ecosystem, done, total ?? done);
            return done;
        }
    }
}
