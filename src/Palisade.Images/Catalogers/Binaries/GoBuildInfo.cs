using System.Buffers.Binary;
using System.Text;

namespace Palisade.Images.Catalogers.Binaries;

/// <summary>A module line of Go build information ("mod" or "dep"), with its "=>" replacement if any.</summary>
public sealed record GoModule(string Path, string Version, string? Sum, GoModule? Replace);

/// <summary>
/// The build information the Go linker embeds in every binary since Go 1.13 (what <c>go version -m</c> prints):
/// the toolchain version, the main package path, the main module, every dependency module with its replacement,
/// and (Go 1.18+) the build settings (<c>-ldflags</c>, <c>GOOS</c>, <c>vcs.revision</c> ...).
/// </summary>
public sealed record GoBuildInfo(
    string GoVersion,
    string? Path,
    GoModule? Main,
    IReadOnlyList<GoModule> Deps,
    IReadOnlyList<KeyValuePair<string, string>> Settings)
{
    /// <summary>The 14-byte magic that starts the build-information blob (in <c>.go.buildinfo</c> on ELF).</summary>
    public static ReadOnlySpan<byte> Magic => MagicBytes;

    private static readonly byte[] MagicBytes = [0xFF, .. " Go buildinf:"u8];
    private const int HeaderSize = 32;
    private const int Align = 16;
    private const int MaxStringBytes = 4 << 20;

    /// <summary>
    /// Finds and reads the build information: the ELF <c>.go.buildinfo</c> or Mach-O <c>__go_buildinfo</c> section
    /// when present, else the first 16-byte-aligned magic that decodes to a Go version (PE files, files without section headers).
    /// Null when the file is not a Go binary.
    /// </summary>
    /// <exception cref="FormatException">The magic is there but what follows is truncated or malformed.</exception>
    public static GoBuildInfo? Read(ReadOnlySpan<byte> file, ExecutableImage? image)
    {
        var section = image?.Section(".go.buildinfo") ?? image?.Section("__DATA,__go_buildinfo") ?? image?.Section("__DATA_CONST,__go_buildinfo");
        if (section is { Size: >= HeaderSize } && section.FileOffset + HeaderSize <= file.Length &&
            file.Slice((int)section.FileOffset, MagicBytes.Length).SequenceEqual(MagicBytes))
            return Decode(file, (int)section.FileOffset, image);
        // ELF and Mach-O Go binaries always name the section (strip keeps section headers): without it, not Go.
        if (image is { Format: not ExecutableFormat.Pe, Sections.Count: > 0 }) return null;
        FormatException? first = null;
        for (var at = 0; at + HeaderSize <= file.Length;)
        {
            var hit = file[at..].IndexOf(MagicBytes);
            if (hit < 0) break;
            var offset = at + hit;
            if (offset % Align == 0 && offset + HeaderSize <= file.Length)
            {
                try
                {
                    if (Decode(file, offset, image) is { } info) return info;
                }
                catch (FormatException e)
                {
                    first ??= e;  // a stray copy of the magic (the Go toolchain's own constant): keep looking
                }
            }
            at = offset + 1;
        }
        if (first is not null) throw first;
        return null;
    }

    /// <summary>Reads the blob at a known offset (also used by the streaming scan, with the blob's bytes only).</summary>
    internal static GoBuildInfo? Decode(ReadOnlySpan<byte> file, int offset, ExecutableImage? image)
    {
        var header = file.Slice(offset, HeaderSize);
        int pointerSize = header[14];
        var flags = header[15];
        string version, modinfo;
        if ((flags & 2) != 0)
        {
            // Go 1.18+: two varint-prefixed strings right after the header.
            var rest = file[(offset + HeaderSize)..];
            version = ReadVarString(ref rest);
            modinfo = ReadVarString(ref rest);
        }
        else
        {
            // Go 1.13-1.17: pointers to the runtime.buildVersion and runtime.modinfo string headers.
            if (pointerSize is not (4 or 8)) throw new FormatException("Go build info: pointer size " + pointerSize);
            if (image is null) throw new FormatException("Go build info: pre-1.18 layout needs the executable's segments");
            var big = flags != 0;
            var versionAddress = ReadPointer(header[16..], pointerSize, big);
            var modAddress = ReadPointer(header[(16 + pointerSize)..], pointerSize, big);
            version = ReadGoString(file, image, versionAddress, pointerSize, big);
            modinfo = ReadGoString(file, image, modAddress, pointerSize, big);
        }
        if (version.Length == 0) return null;
        if (!version.StartsWith("go", StringComparison.Ordinal) && !version.StartsWith("devel", StringComparison.Ordinal))
            throw new FormatException("Go build info: not a Go version: " + Printable(version));
        // The module text is framed by two 16-byte sentinels, the second preceded by a newline.
        modinfo = modinfo.Length >= 33 && modinfo[^17] == '\n' ? modinfo[16..^16] : "";
        return Parse(version, modinfo);
    }

    /// <summary>Parses the module text (lines of "path", "mod", "dep", "=>" and "build", tab-separated).</summary>
    public static GoBuildInfo Parse(string goVersion, string modinfo)
    {
        ArgumentNullException.ThrowIfNull(goVersion);
        ArgumentNullException.ThrowIfNull(modinfo);
        string? path = null;
        GoModule? main = null;
        var deps = new List<GoModule>();
        var settings = new List<KeyValuePair<string, string>>();
        var lineNo = 0;
        foreach (var raw in modinfo.Split('\n'))
        {
            lineNo++;
            if (raw.Length == 0) continue;
            var fields = raw.Split('\t');
            switch (fields[0])
            {
                case "go":
                    break;  // repeated toolchain version (newer linkers); the header's is authoritative
                case "path" when fields.Length >= 2:
                    path = fields[1];
                    break;
                case "mod" when fields.Length >= 3:
                    main = Module(fields);
                    break;
                case "dep" when fields.Length >= 3:
                    deps.Add(Module(fields));
                    break;
                case "=>" when fields.Length >= 3:
                    var replacement = Module(fields);
                    if (deps.Count > 0 && deps[^1].Replace is null) deps[^1] = deps[^1] with { Replace = replacement };
                    else if (main is not null && main.Replace is null && deps.Count == 0) main = main with { Replace = replacement };
                    else throw new FormatException(FormattableString.Invariant($"Go build info line {lineNo}: replacement without a module"));
                    break;
                case "build" when fields.Length >= 2:
                    var setting = string.Join('\t', fields[1..]);
                    var eq = setting.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0) throw new FormatException(FormattableString.Invariant($"Go build info line {lineNo}: build setting without '='"));
                    settings.Add(new(Unquote(setting[..eq]), Unquote(setting[(eq + 1)..])));
                    break;
                default:
                    throw new FormatException(FormattableString.Invariant($"Go build info line {lineNo}: unexpected {Printable(fields[0])}"));
            }
        }
        return new GoBuildInfo(goVersion, path, main, deps, settings);
    }

    /// <summary>The value of a build setting ("vcs.revision", "-ldflags"), or null.</summary>
    public string? Setting(string key) => Settings.FirstOrDefault(s => s.Key == key).Value;

    private static GoModule Module(string[] fields) =>
        new(fields[1], fields[2], fields.Length > 3 && fields[3].Length > 0 ? fields[3] : null, null);

    /// <summary>Go quotes keys and values holding spaces, tabs, quotes or '=' with strconv.Quote.</summary>
    private static string Unquote(string s)
    {
        if (s.Length < 2 || s[0] != '"' || s[^1] != '"') return s;
        var sb = new StringBuilder(s.Length);
        for (var i = 1; i < s.Length - 1; i++)
        {
            if (s[i] != '\\' || i + 1 >= s.Length - 1)
            {
                sb.Append(s[i]);
                continue;
            }
            var c = s[++i];
            switch (c)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'x' when i + 2 < s.Length - 1 && byte.TryParse(s.AsSpan(i + 1, 2), System.Globalization.NumberStyles.HexNumber, null, out var b):
                    sb.Append((char)b);
                    i += 2;
                    break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    private static string ReadVarString(ref ReadOnlySpan<byte> data)
    {
        ulong length = 0;
        var shift = 0;
        var i = 0;
        while (true)
        {
            if (i >= data.Length || shift > 63) throw new FormatException("Go build info: truncated length");
            var b = data[i++];
            length |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) break;
            shift += 7;
        }
        if (length > MaxStringBytes || (ulong)(data.Length - i) < length)
            throw new FormatException(FormattableString.Invariant($"Go build info: string of {length} bytes runs past the end"));
        var text = Encoding.UTF8.GetString(data.Slice(i, (int)length));
        data = data[(i + (int)length)..];
        return text;
    }

    private static ulong ReadPointer(ReadOnlySpan<byte> at, int size, bool big) => size == 8
        ? big ? BinaryPrimitives.ReadUInt64BigEndian(at) : BinaryPrimitives.ReadUInt64LittleEndian(at)
        : big ? BinaryPrimitives.ReadUInt32BigEndian(at) : BinaryPrimitives.ReadUInt32LittleEndian(at);

    /// <summary>Follows a pointer to a Go string header {data pointer, length} and reads the string it describes.</summary>
    private static string ReadGoString(ReadOnlySpan<byte> file, ExecutableImage image, ulong address, int size, bool big)
    {
        var header = image.FileOffsetOf(address);
        if (header < 0 || header + 2L * size > file.Length) throw new FormatException("Go build info: string header outside the file");
        var data = ReadPointer(file[(int)header..], size, big);
        var length = ReadPointer(file[((int)header + size)..], size, big);
        if (length == 0) return "";
        var at = image.FileOffsetOf(data);
        if (length > MaxStringBytes || at < 0 || (ulong)(file.Length - at) < length) throw new FormatException("Go build info: string outside the file");
        return Encoding.UTF8.GetString(file.Slice((int)at, (int)length));
    }

    private static string Printable(string s)
    {
        var cut = s.Length > 40 ? s[..40] + "..." : s;
        return "\"" + new string(cut.Select(c => char.IsControl(c) ? '?' : c).ToArray()) + "\"";
    }
}
