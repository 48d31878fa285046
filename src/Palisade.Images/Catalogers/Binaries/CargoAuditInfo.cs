using System.IO.Compression;
using System.Text.Json;

namespace Palisade.Images.Catalogers.Binaries;

/// <summary>One crate of a cargo-auditable dependency list.</summary>
/// <param name="Source">"crates.io", "local", "git", "registry" or another kind of source.</param>
/// <param name="Kind">"runtime" (linked in) or "build" (build scripts and proc-macros).</param>
/// <param name="Dependencies">Indexes into the same list.</param>
public sealed record CargoAuditPackage(string Name, string Version, string Source, string Kind, IReadOnlyList<int> Dependencies, bool Root);

/// <summary>
/// The dependency list <c>cargo auditable build</c> embeds in a Rust binary: zlib-compressed JSON
/// (<c>{"packages":[{"name","version","source","kind","dependencies":[indexes],"root"}]}</c>) in a section named
/// <c>.dep-v0</c> (ELF, PE) or <c>__dep_v0</c> (Mach-O).
/// </summary>
public static class CargoAuditInfo
{
    /// <summary>The JSON is small (a few KB per hundred crates); more than this is refused as a decompression bomb.</summary>
    public const int MaxJsonBytes = 8 << 20;

    private const int MaxPackages = 100_000;

    /// <summary>The packages, or null when the binary has no dependency section.</summary>
    /// <exception cref="FormatException">The section is there but is not valid compressed JSON of that shape.</exception>
    public static IReadOnlyList<CargoAuditPackage>? Read(ReadOnlySpan<byte> file, ExecutableImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var section = image.Section(".dep-v0") ?? image.Section("__DATA,__dep_v0");
        if (section is null) return null;
        if (section.Size == 0) throw new FormatException("cargo-auditable: empty .dep-v0 section");
        return Parse(Decompress(file.Slice((int)section.FileOffset, (int)section.Size)));
    }

    private static byte[] Decompress(ReadOnlySpan<byte> compressed)
    {
        try
        {
            using var input = new MemoryStream(compressed.ToArray(), writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = zlib.Read(buffer)) > 0)
            {
                if (output.Length + read > MaxJsonBytes)
                    throw new FormatException(FormattableString.Invariant($"cargo-auditable: dependency list inflates past {MaxJsonBytes} bytes"));
                output.Write(buffer, 0, read);
            }
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new FormatException("cargo-auditable: .dep-v0 is not zlib data: " + e.Message, e);
        }
    }

    /// <summary>Parses the (decompressed) JSON.</summary>
    public static IReadOnlyList<CargoAuditPackage> Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object ||
                !doc.RootElement.TryGetProperty("packages", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new FormatException("cargo-auditable: no \"packages\" array");
            var count = list.GetArrayLength();
            if (count > MaxPackages) throw new FormatException("cargo-auditable: too many packages");
            var packages = new List<CargoAuditPackage>(count);
            foreach (var p in list.EnumerateArray())
            {
                if (p.ValueKind != JsonValueKind.Object) throw new FormatException("cargo-auditable: a package is not an object");
                var name = Text(p, "name") ?? throw new FormatException("cargo-auditable: a package without a name");
                var version = Text(p, "version") ?? throw new FormatException($"cargo-auditable: \"{name}\" without a version");
                var deps = new List<int>();
                if (p.TryGetProperty("dependencies", out var d) && d.ValueKind == JsonValueKind.Array)
                {
                    foreach (var i in d.EnumerateArray())
                    {
                        if (i.ValueKind != JsonValueKind.Number || !i.TryGetInt32(out var index) || index < 0 || index >= count)
                            throw new FormatException($"cargo-auditable: \"{name}\" names a dependency that is not in the list");
                        deps.Add(index);
                    }
                }
                var root = p.TryGetProperty("root", out var r) && r.ValueKind == JsonValueKind.True;
                packages.Add(new CargoAuditPackage(name, version, Text(p, "source") ?? "crates.io", Text(p, "kind") ?? "runtime", deps, root));
            }
            return packages;
        }
        catch (JsonException e)
        {
            throw new FormatException("cargo-auditable: invalid JSON: " + e.Message, e);
        }
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
