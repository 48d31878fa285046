using System.CommandLine;
using Palisade.Cli.Terminal;
using Palisade.Images.Catalogers;
using Palisade.Images.Layers;
using Palisade.Images.References;
using Palisade.Images.Registry;
using Palisade.Images.Sources;

namespace Palisade.Cli.Commands;

/// <summary>A source opened for cataloging: the files, and what to call it in reports and SBOMs.</summary>
/// <param name="Name">The SBOM subject's name (for registry images the repository, its tag in <paramref name="Version"/>).</param>
/// <param name="Kind">"container" for images, "file" for directories.</param>
/// <param name="DisplayName">How reports name it: the full reference with its tag or digest, the source as given, the directory.</param>
public sealed record OpenedSource(ICatalogSource Files, string Name, string? Version, string Kind, string? Digest, string DisplayName)
{
    /// <summary>The image config (JSON) for images; null for directories.</summary>
    public byte[]? Config { get; init; }
}

/// <summary>
/// The options every command that reads images shares (<c>palisade sbom</c>, <c>palisade image</c>) and the one way
/// they open a SOURCE: <c>oci:DIR[:TAG]</c>, <c>oci-archive:FILE[:TAG]</c>, <c>docker-archive:FILE</c>, <c>dir:PATH</c> or a
/// directory, and otherwise an image reference (<c>registry:REF</c> or bare) read over the OCI distribution API.
/// </summary>
public sealed class ImageSourceOptions
{
    public Option<string?> Platform { get; } = new("--platform") { Description = "os/arch[/variant] to pick from a multi-platform image (default this machine's)" };
    public Option<string[]> Insecure { get; } = new("--insecure-registry") { Description = "HOST[:PORT] to reach over plain HTTP or with an unverified certificate (repeatable)" };
    public Option<string?> Username { get; } = new("--username") { Description = "Registry user name (with --password-stdin); default: ~/.docker/config.json" };
    public Option<bool> PasswordStdin { get; } = new("--password-stdin") { Description = "Read the registry password or token from stdin" };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var o in (Option[])[Platform, Insecure, Username, PasswordStdin]) command.Add(o);
    }

    /// <summary>Opens a source and streams its layers into a file tree (executables inspected on the way).</summary>
    /// <exception cref="UsageException">The source does not exist, cannot be read, or is not an image.</exception>
    /// <param name="visit">Optional: given every file of every layer as it streams past (image sources only).</param>
    public OpenedSource Open(ParseResult parse, string spec, bool quiet, LayerFileVisitor? visit = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(spec);
        var wanted = new CaptureRule((path, _) => CatalogRunner.Wants(path)) { InspectExecutables = true, Visit = visit };
        try
        {
            if (spec.StartsWith("oci:", StringComparison.Ordinal) || spec.StartsWith("oci-archive:", StringComparison.Ordinal) || spec.StartsWith("docker-archive:", StringComparison.Ordinal))
            {
                var image = ImageSources.Open(spec, PlatformOf(parse));
                return new OpenedSource(new TreeCatalogSource(image.ReadFileSystem(wanted)), spec, image.Tags.Count > 0 ? image.Tags[0] : null, "container",
                    image.ManifestDigest ?? image.ConfigDigest, spec) { Config = image.Config };
            }
            if (spec.StartsWith("dir:", StringComparison.Ordinal) || Directory.Exists(spec))
            {
                var dir = spec.StartsWith("dir:", StringComparison.Ordinal) ? spec["dir:".Length..] : spec;
                if (!Directory.Exists(dir)) throw new UsageException($"{dir}: no such directory");
                return new OpenedSource(new DirectoryCatalogSource(dir), dir, null, "file", null, dir);
            }
            var reference = spec.StartsWith("registry:", StringComparison.Ordinal) ? spec["registry:".Length..] : spec;
            if (!ImageName.TryParse(reference, out var imageName, out var error) || imageName is null)
                throw new UsageException($"{spec}: no such directory, and not an image reference ({error}); sources: REF, registry:REF, oci:DIR, oci-archive:FILE, docker-archive:FILE, dir:PATH");
            RegistryCredentials? credentials = null;
            if (parse.GetValue(Username) is { } user)
            {
                if (!parse.GetValue(PasswordStdin)) throw new UsageException("--username needs --password-stdin");
                credentials = new RegistryCredentials(user, Console.In.ReadToEnd().TrimEnd('\r', '\n'));
            }
            else if (parse.GetValue(PasswordStdin))
            {
                throw new UsageException("--password-stdin needs --username");
            }
            using var client = new RegistryClient(new RegistryOptions
            {
                Credentials = credentials,
                InsecureHosts = new HashSet<string>(parse.GetValue(Insecure) ?? [], StringComparer.OrdinalIgnoreCase),
                Progress = !quiet && TerminalInfo.StderrIsTerminal ? DownloadProgress.Report : null,
            });
            var resolved = client.Open(imageName, PlatformOf(parse));
            return new OpenedSource(new TreeCatalogSource(resolved.ReadFileSystem(wanted)), imageName.FullName, imageName.Tag, "container", resolved.ManifestDigest,
                imageName.ToString()) { Config = resolved.Config };
        }
        catch (ImageFormatException e)
        {
            throw new UsageException(e.Message);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private Images.Sources.Platform? PlatformOf(ParseResult parse) => parse.GetValue(Platform) is { } text ? Images.Sources.Platform.Parse(text) : null;

    /// <summary>One line on the terminal per blob being downloaded, rewritten in place (only when stderr is a terminal).</summary>
    private static class DownloadProgress
    {
        private static long _lastTick;

        public static void Report(string digest, long done, long? total)
        {
            var now = Environment.TickCount64;
            var finished = total is { } t && done >= t;
            if (!finished && now - Interlocked.Read(ref _lastTick) < 100) return;
            Interlocked.Exchange(ref _lastTick, now);
            var name = digest.Length > 19 ? digest[..19] : digest;
            var text = total is { } size && size > 0
                ? $"pulling {name}  {100 * done / size,3}%  {done / 1048576.0,7:F1} / {size / 1048576.0:F1} MB"
                : $"pulling {name}  {done / 1048576.0,7:F1} MB";
            Console.Error.Write("\r" + text.PadRight(70) + (finished ? "\n" : ""));
        }
    }
}
