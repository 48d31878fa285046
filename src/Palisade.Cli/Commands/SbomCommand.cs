using System.CommandLine;
using System.Text.Json;
using Palisade.Cli.Terminal;
using Palisade.Core.Findings;
using Palisade.Images.Catalogers;
using Palisade.Images.Layers;
using Palisade.Images.Sbom;
using Palisade.Images.Sources;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade sbom SOURCE -o FORMAT[=FILE]</c>: the packages in an image or a root filesystem, as CycloneDX 1.6,
/// SPDX 2.3, a table or Palisade's JSON (syft-style <c>-o</c>: repeat it to write several formats in one run).
/// </summary>
public static class SbomCommand
{
    private static readonly string[] Formats = ["table", "json", "cyclonedx-json", "spdx-json"];

    public static Command Create()
    {
        var source = new Argument<string>("SOURCE")
        {
            Description = "oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE, dir:PATH or a directory (a root filesystem)",
        };
        var output = new Option<string[]>("--output", "-o")
        {
            Description = "FORMAT or FORMAT=FILE, repeatable; FORMAT is table, json, cyclonedx-json or spdx-json (default table to stdout)",
            AllowMultipleArgumentsPerToken = false,
        };
        var platform = new Option<string?>("--platform") { Description = "os/arch[/variant] to pick from a multi-platform image (default this machine's)" };
        var deterministic = new Option<bool>("--deterministic") { Description = "Byte-identical output across runs (fixed timestamp, serial number from the content)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress or warnings on stderr" };
        var insecure = new Option<string[]>("--insecure-registry") { Description = "HOST[:PORT] to reach over plain HTTP or with an unverified certificate (repeatable)" };
        var username = new Option<string?>("--username") { Description = "Registry user name (with --password-stdin); default: ~/.docker/config.json" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the registry password or token from stdin" };
        var command = new Command("sbom", "List the packages in an image or root filesystem (CycloneDX, SPDX, table, JSON)")
        {
            source, output, platform, deterministic, quiet, insecure, username, passwordStdin,
        };
        command.SetAction(parse =>
        {
            var outputs = ParseOutputs(parse.GetValue(output) ?? []);
            var spec = parse.GetValue(source)!;
            var wanted = new CaptureRule((path, _) => CatalogRunner.Wants(path)) { InspectExecutables = true };
            ICatalogSource catalogSource;
            SbomSubject subject;
            string kind;
            string? digest = null, version = null;
            var name = spec;
            try
            {
                if (spec.StartsWith("oci:", StringComparison.Ordinal) || spec.StartsWith("oci-archive:", StringComparison.Ordinal) || spec.StartsWith("docker-archive:", StringComparison.Ordinal))
                {
                    var p = parse.GetValue(platform) is { } text ? Platform.Parse(text) : null;
                    var image = ImageSources.Open(spec, p);
                    catalogSource = new TreeCatalogSource(image.ReadFileSystem(wanted));
                    kind = "container";
                    digest = image.ManifestDigest ?? image.ConfigDigest;
                    if (image.Tags.Count > 0) version = image.Tags[0];
                }
                else if (spec.StartsWith("dir:", StringComparison.Ordinal) || Directory.Exists(spec))
                {
                    var dir = spec.StartsWith("dir:", StringComparison.Ordinal) ? spec["dir:".Length..] : spec;
                    if (!Directory.Exists(dir)) throw new UsageException($"{dir}: no such directory");
                    catalogSource = new DirectoryCatalogSource(dir);
                    kind = "file";
                    name = dir;
                }
                else
                {
                    var reference = spec.StartsWith("registry:", StringComparison.Ordinal) ? spec["registry:".Length..] : spec;
                    if (!Images.References.ImageName.TryParse(reference, out var imageName, out var error) || imageName is null)
                        throw new UsageException($"{spec}: no such directory, and not an image reference ({error}); sources: REF, registry:REF, oci:DIR, oci-archive:FILE, docker-archive:FILE, dir:PATH");
                    Images.Registry.RegistryCredentials? credentials = null;
                    if (parse.GetValue(username) is { } user)
                    {
                        if (!parse.GetValue(passwordStdin)) throw new UsageException("--username needs --password-stdin");
                        credentials = new Images.Registry.RegistryCredentials(user, Console.In.ReadToEnd().TrimEnd('\r', '\n'));
                    }
                    else if (parse.GetValue(passwordStdin))
                    {
                        throw new UsageException("--password-stdin needs --username");
                    }
                    using var client = new Images.Registry.RegistryClient(new Images.Registry.RegistryOptions
                    {
                        Credentials = credentials,
                        InsecureHosts = new HashSet<string>(parse.GetValue(insecure) ?? [], StringComparer.OrdinalIgnoreCase),
                        Progress = !parse.GetValue(quiet) && TerminalInfo.StderrIsTerminal ? DownloadProgress.Report : null,
                    });
                    var p = parse.GetValue(platform) is { } text ? Platform.Parse(text) : null;
                    var image = client.Open(imageName, p);
                    catalogSource = new TreeCatalogSource(image.ReadFileSystem(wanted));
                    kind = "container";
                    name = imageName.FullName;
                    version = imageName.Tag;
                    digest = image.ManifestDigest;
                }
            }
            catch (ImageFormatException e)
            {
                throw new UsageException(e.Message);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }
            var result = CatalogRunner.Run(catalogSource);
            if (!parse.GetValue(quiet))
                foreach (var error in result.Errors) TerminalInfo.Warn($"{error.Cataloger}: {error.Path}: {error.Message}");
            subject = new SbomSubject(name, version, kind, digest, result.Packages);
            var options = new SbomOptions { ToolVersion = PalisadeVersion.Current, Deterministic = parse.GetValue(deterministic) };
            foreach (var (format, file) in outputs) Write(format, file, subject, options);
            return result.Errors.Count > 0 ? ExitCodes.UsageOrInputError : ExitCodes.Success;
        });
        return command;
    }

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

    private static List<(string Format, string? File)> ParseOutputs(string[] values)
    {
        var result = new List<(string, string?)>();
        foreach (var v in values.Length == 0 ? ["table"] : values)
        {
            var eq = v.IndexOf('=', StringComparison.Ordinal);
            var format = eq < 0 ? v : v[..eq];
            var file = eq < 0 ? null : v[(eq + 1)..];
            if (!Formats.Contains(format)) throw new UsageException($"unknown SBOM format '{format}': use {string.Join(", ", Formats)}");
            if (file is { Length: 0 }) throw new UsageException($"-o {v}: the file name is empty");
            result.Add((format, file));
        }
        if (result.Count(o => o.Item2 is null) > 1) throw new UsageException("only one -o format can go to stdout; give the others a file (-o FORMAT=FILE)");
        return result;
    }

    private static void Write(string format, string? file, SbomSubject subject, SbomOptions options)
    {
        var target = file is null ? null : Path.GetFullPath(file);
        var temp = target is null ? null : target + ".tmp-" + Environment.ProcessId;
        // stdout goes through Console.Out (the one the rest of the CLI writes to, and that tests capture).
        using (var stream = temp is null ? new MemoryStream() : (Stream)File.Create(temp))
        {
            switch (format)
            {
                case "cyclonedx-json":
                    SbomWriters.WriteCycloneDx(stream, subject, options);
                    break;
                case "spdx-json":
                    SbomWriters.WriteSpdx(stream, subject, options);
                    break;
                case "json":
                    WriteJson(stream, subject);
                    break;
                default:
                    WriteTable(stream, subject);
                    break;
            }
            stream.Flush();
            if (stream is MemoryStream buffer)
            {
                Console.Out.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
                Console.Out.Flush();
            }
        }
        if (temp is not null) File.Move(temp, target!, overwrite: true);
    }

    private static void WriteJson(Stream stream, SbomSubject subject)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("source", subject.Name);
        json.WriteStartArray("packages");
        var packages = subject.Packages.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Version, StringComparer.Ordinal)
            .ThenBy(p => p.FoundIn, StringComparer.Ordinal).ToList();
        var edges = SbomWriters.ResolveDependencies(packages);
        for (var i = 0; i < packages.Count; i++)
        {
            var p = packages[i];
            json.WriteStartObject();
            json.WriteString("name", p.Name);
            json.WriteString("version", p.Version);
            json.WriteString("type", p.Type);
            json.WriteString("purl", p.Purl);
            json.WriteStartArray("licenses");
            foreach (var l in p.Licenses) json.WriteStringValue(l);
            json.WriteEndArray();
            json.WriteString("source", p.SourceName);
            json.WriteString("architecture", p.Architecture);
            json.WriteString("path", p.FoundIn);
            json.WriteString("layer", p.LayerDigest);
            json.WriteStartArray("dependsOn");
            foreach (var j in edges[i]) json.WriteStringValue(packages[j].Purl.Length > 0 ? packages[j].Purl : packages[j].Name + "@" + packages[j].Version);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    private static void WriteTable(Stream stream, SbomSubject subject)
    {
        var rows = subject.Packages.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Version, StringComparer.Ordinal)
            .Select(p => (p.Name, p.Version, p.Type)).ToList();
        var w1 = Math.Max(4, rows.Count == 0 ? 0 : rows.Max(r => r.Name.Length));
        var w2 = Math.Max(7, rows.Count == 0 ? 0 : rows.Max(r => r.Version.Length));
        using var writer = new StreamWriter(stream, leaveOpen: true);
        writer.WriteLine($"{"NAME".PadRight(w1)}  {"VERSION".PadRight(w2)}  TYPE");
        foreach (var (n, v, t) in rows) writer.WriteLine($"{n.PadRight(w1)}  {v.PadRight(w2)}  {t}");
        writer.WriteLine($"{rows.Count} packages");
    }
}
