using System.CommandLine;
using System.Text.Json;
using Palisade.Cli.Terminal;
using Palisade.Core.Findings;
using Palisade.Images.Catalogers;
using Palisade.Images.Sbom;

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
        var deterministic = new Option<bool>("--deterministic") { Description = "Byte-identical output across runs (fixed timestamp, serial number from the content)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress or warnings on stderr" };
        var sources = new ImageSourceOptions();
        var command = new Command("sbom", "List the packages in an image or root filesystem (CycloneDX, SPDX, table, JSON)") { source, output, deterministic, quiet };
        sources.AddTo(command);
        command.SetAction(parse =>
        {
            var outputs = ParseOutputs(parse.GetValue(output) ?? []);
            var spec = parse.GetValue(source)!;
            var opened = sources.Open(parse, spec, parse.GetValue(quiet));
            var catalogSource = opened.Files;
            var result = CatalogRunner.Run(catalogSource);
            if (!parse.GetValue(quiet))
                foreach (var error in result.Errors) TerminalInfo.Warn($"{error.Cataloger}: {error.Path}: {error.Message}");
            var subject = new SbomSubject(opened.Name, opened.Version, opened.Kind, opened.Digest, result.Packages);
            var options = new SbomOptions { ToolVersion = PalisadeVersion.Current, Deterministic = parse.GetValue(deterministic) };
            foreach (var (format, file) in outputs) Write(format, file, subject, options);
            return result.Errors.Count > 0 ? ExitCodes.UsageOrInputError : ExitCodes.Success;
        });
        return command;
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

    /// <summary>Writes one SBOM format to stdout, or to FILE (written aside, then moved into place).</summary>
    internal static void Write(string format, string? file, SbomSubject subject, SbomOptions options)
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
