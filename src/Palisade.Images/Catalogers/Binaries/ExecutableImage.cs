using System.Buffers.Binary;
using System.Text;

namespace Palisade.Images.Catalogers.Binaries;

/// <summary>The executable container formats read here.</summary>
public enum ExecutableFormat
{
    Elf,
    Pe,
    MachO,
}

/// <summary>A named section of an executable: where its bytes are in the file and where they load in memory.</summary>
public sealed record ExecutableSection(string Name, long FileOffset, long Size, ulong Address);

/// <summary>A loaded range of an executable (ELF PT_LOAD, a PE section, a Mach-O segment): memory address to file offset.</summary>
public sealed record ExecutableSegment(ulong Address, long FileOffset, long FileSize);

/// <summary>
/// The headers of an ELF, PE or Mach-O file that locate its sections: enough to find the Go build information and the
/// cargo-auditable dependency list, and to turn the addresses stored in older Go binaries into file offsets. Every
/// offset and count is checked against the file's length, so a truncated or hostile header yields null or
/// <see cref="FormatException"/>, never an out-of-range read.
/// </summary>
public sealed class ExecutableImage
{
    private const int MaxSections = 65_536;

    private ExecutableImage(ExecutableFormat format, bool bigEndian, int pointerSize, IReadOnlyList<ExecutableSection> sections, IReadOnlyList<ExecutableSegment> segments)
    {
        Format = format;
        BigEndian = bigEndian;
        PointerSize = pointerSize;
        Sections = sections;
        Segments = segments;
    }

    public ExecutableFormat Format { get; }
    public bool BigEndian { get; }
    public int PointerSize { get; }
    public IReadOnlyList<ExecutableSection> Sections { get; }
    public IReadOnlyList<ExecutableSegment> Segments { get; }

    /// <summary>Whether the first bytes are an ELF, PE ("MZ") or Mach-O (thin, 32/64-bit, either byte order) magic.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> start)
    {
        if (start.Length < 4) return false;
        if (start[0] == 0x7F && start[1] == (byte)'E' && start[2] == (byte)'L' && start[3] == (byte)'F') return true;
        if (start[0] == (byte)'M' && start[1] == (byte)'Z') return true;
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(start);
        return magic is 0xFEEDFACE or 0xFEEDFACF or 0xCEFAEDFE or 0xCFFAEDFE;
    }

    /// <summary>The section with this name, if the headers list it.</summary>
    public ExecutableSection? Section(string name) => Sections.FirstOrDefault(s => s.Name == name);

    /// <summary>The file offset of a memory address, or -1 when no loaded range holds it.</summary>
    public long FileOffsetOf(ulong address)
    {
        foreach (var segment in Segments)
        {
            if (address >= segment.Address && address - segment.Address < (ulong)segment.FileSize)
                return segment.FileOffset + (long)(address - segment.Address);
        }
        return -1;
    }

    /// <summary>Reads the headers, or null when the bytes are not an executable this reads.</summary>
    /// <exception cref="FormatException">The magic matched but the headers are truncated or inconsistent.</exception>
    public static ExecutableImage? Read(ReadOnlySpan<byte> file)
    {
        if (!HasMagic(file)) return null;
        if (file[0] == 0x7F) return ReadElf(file);
        if (file[0] == (byte)'M') return ReadPe(file);
        return ReadMachO(file);
    }

    private static ExecutableImage ReadElf(ReadOnlySpan<byte> f)
    {
        Need(f, 0, 52);
        var is64 = f[4] switch { 1 => false, 2 => true, _ => throw new FormatException("ELF: unknown class " + f[4]) };
        var big = f[5] switch { 1 => false, 2 => true, _ => throw new FormatException("ELF: unknown byte order " + f[5]) };
        var r = new Reader(f, big);
        long phoff, shoff;
        int phentsize, phnum, shentsize, shnum, shstrndx;
        if (is64)
        {
            Need(f, 0, 64);
            phoff = r.I64(32);
            shoff = r.I64(40);
            phentsize = r.U16(54);
            phnum = r.U16(56);
            shentsize = r.U16(58);
            shnum = r.U16(60);
            shstrndx = r.U16(62);
        }
        else
        {
            phoff = r.U32(28);
            shoff = r.U32(32);
            phentsize = r.U16(42);
            phnum = r.U16(44);
            shentsize = r.U16(46);
            shnum = r.U16(48);
            shstrndx = r.U16(50);
        }
        var segments = new List<ExecutableSegment>();
        if (phoff > 0 && phnum > 0)
        {
            if (phentsize < (is64 ? 56 : 32)) throw new FormatException("ELF: program header entries too small");
            Need(f, phoff, (long)phentsize * phnum);
            for (var i = 0; i < phnum; i++)
            {
                var at = phoff + (long)i * phentsize;
                if (r.U32(at) != 1) continue;  // PT_LOAD
                var (offset, vaddr, filesz) = is64
                    ? (r.I64(at + 8), (ulong)r.I64(at + 16), r.I64(at + 32))
                    : (r.U32(at + 4), (ulong)r.U32(at + 8), r.U32(at + 16));
                segments.Add(new ExecutableSegment(vaddr, offset, Clamp(f, offset, filesz)));
            }
        }
        var sections = new List<ExecutableSection>();
        if (shoff > 0 && shnum > 0 && shnum <= MaxSections)
        {
            if (shentsize < (is64 ? 64 : 40)) throw new FormatException("ELF: section header entries too small");
            Need(f, shoff, (long)shentsize * shnum);
            var raw = new List<(int NameOffset, uint Type, ulong Addr, long Offset, long Size)>(shnum);
            for (var i = 0; i < shnum; i++)
            {
                var at = shoff + (long)i * shentsize;
                raw.Add(is64
                    ? ((int)r.U32(at), r.U32(at + 4), (ulong)r.I64(at + 16), r.I64(at + 24), r.I64(at + 32))
                    : ((int)r.U32(at), r.U32(at + 4), r.U32(at + 12), r.U32(at + 16), r.U32(at + 20)));
            }
            if (shstrndx < raw.Count)
            {
                var names = raw[shstrndx];
                Need(f, names.Offset, names.Size);
                var table = f.Slice((int)names.Offset, (int)names.Size);
                foreach (var s in raw)
                {
                    if (s.NameOffset < 0 || s.NameOffset >= table.Length) continue;
                    var name = CString(table[s.NameOffset..]);
                    var size = s.Type == 8 ? 0 : Clamp(f, s.Offset, s.Size);  // SHT_NOBITS has no bytes in the file
                    sections.Add(new ExecutableSection(name, s.Offset, size, s.Addr));
                }
            }
        }
        return new ExecutableImage(ExecutableFormat.Elf, big, is64 ? 8 : 4, sections, segments);
    }

    private static ExecutableImage ReadPe(ReadOnlySpan<byte> f)
    {
        Need(f, 0, 64);
        var r = new Reader(f, false);
        long pe = r.U32(0x3C);
        Need(f, pe, 24);
        if (r.U32(pe) != 0x00004550) throw new FormatException("PE: no PE signature (an MZ file that is not a PE executable)");
        int count = r.U16(pe + 6);
        int optionalSize = r.U16(pe + 20);
        var optional = pe + 24;
        Need(f, optional, Math.Max(optionalSize, 2));
        var magic = r.U16(optional);
        var is64 = magic switch { 0x10B => false, 0x20B => true, _ => throw new FormatException("PE: unknown optional header magic") };
        Need(f, optional, is64 ? 32 : 32);
        var imageBase = is64 ? (ulong)r.I64(optional + 24) : r.U32(optional + 28);
        var table = optional + optionalSize;
        Need(f, table, 40L * count);
        var sections = new List<ExecutableSection>();
        var segments = new List<ExecutableSegment>();
        for (var i = 0; i < count; i++)
        {
            var at = table + 40L * i;
            var name = CString(f.Slice((int)at, 8));
            var virtualSize = r.U32(at + 8);
            var virtualAddress = r.U32(at + 12);
            var rawSize = r.U32(at + 16);
            var rawPointer = r.U32(at + 20);
            var size = Clamp(f, rawPointer, Math.Min(rawSize, virtualSize == 0 ? rawSize : virtualSize));
            sections.Add(new ExecutableSection(name, rawPointer, size, imageBase + virtualAddress));
            segments.Add(new ExecutableSegment(imageBase + virtualAddress, rawPointer, size));
        }
        return new ExecutableImage(ExecutableFormat.Pe, false, is64 ? 8 : 4, sections, segments);
    }

    private static ExecutableImage ReadMachO(ReadOnlySpan<byte> f)
    {
        Need(f, 0, 28);
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(f);
        var big = magic is 0xCEFAEDFE or 0xCFFAEDFE;
        var is64 = magic is 0xFEEDFACF or 0xCFFAEDFE;
        var r = new Reader(f, big);
        var ncmds = r.U32(16);
        long at = is64 ? 32 : 28;
        var sections = new List<ExecutableSection>();
        var segments = new List<ExecutableSegment>();
        if (ncmds > MaxSections) throw new FormatException("Mach-O: too many load commands");
        for (var i = 0; i < ncmds; i++)
        {
            Need(f, at, 8);
            var cmd = r.U32(at);
            var size = r.U32(at + 4);
            if (size < 8) throw new FormatException("Mach-O: load command smaller than its header");
            Need(f, at, size);
            if (cmd is 0x19 or 0x1)  // LC_SEGMENT_64, LC_SEGMENT
            {
                var seg64 = cmd == 0x19;
                var segName = CString(f.Slice((int)at + 8, 16));
                var (vmaddr, fileoff, filesize, nsects) = seg64
                    ? ((ulong)r.I64(at + 24), r.I64(at + 40), r.I64(at + 48), r.U32(at + 64))
                    : (r.U32(at + 24), r.U32(at + 32), (long)r.U32(at + 36), r.U32(at + 48));
                segments.Add(new ExecutableSegment(vmaddr, fileoff, Clamp(f, fileoff, filesize)));
                var first = at + (seg64 ? 72 : 56);
                var sectSize = seg64 ? 80 : 68;
                if ((long)nsects * sectSize > size) throw new FormatException("Mach-O: segment lists more sections than it holds");
                for (var s = 0; s < nsects; s++)
                {
                    var sect = first + (long)s * sectSize;
                    var sectName = CString(f.Slice((int)sect, 16));
                    var (addr, sectSizeValue, offset) = seg64
                        ? ((ulong)r.I64(sect + 32), r.I64(sect + 40), (long)r.U32(sect + 48))
                        : (r.U32(sect + 32), (long)r.U32(sect + 36), (long)r.U32(sect + 40));
                    sections.Add(new ExecutableSection(segName + "," + sectName, offset, offset == 0 ? 0 : Clamp(f, offset, sectSizeValue), addr));
                }
            }
            at += size;
        }
        return new ExecutableImage(ExecutableFormat.MachO, big, is64 ? 8 : 4, sections, segments);
    }

    private static void Need(ReadOnlySpan<byte> f, long offset, long length)
    {
        if (offset < 0 || length < 0 || offset > f.Length || length > f.Length - offset)
            throw new FormatException(FormattableString.Invariant($"header points outside the file ({length} bytes at {offset}, file is {f.Length})"));
    }

    /// <summary>A range's length cut to what the file holds (0 when it starts outside).</summary>
    private static long Clamp(ReadOnlySpan<byte> f, long offset, long length) =>
        offset < 0 || length <= 0 || offset >= f.Length ? 0 : Math.Min(length, f.Length - offset);

    private static string CString(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)0);
        return Encoding.Latin1.GetString(end < 0 ? bytes : bytes[..end]);
    }

    private readonly ref struct Reader(ReadOnlySpan<byte> file, bool bigEndian)
    {
        private readonly ReadOnlySpan<byte> _file = file;

        public int U16(long at)
        {
            Need(_file, at, 2);
            var s = _file.Slice((int)at, 2);
            return bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);
        }

        public uint U32(long at)
        {
            Need(_file, at, 4);
            var s = _file.Slice((int)at, 4);
            return bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
        }

        /// <summary>A 64-bit field as a signed offset/size; values past long.MaxValue become -1 (caught as out of range).</summary>
        public long I64(long at)
        {
            Need(_file, at, 8);
            var s = _file.Slice((int)at, 8);
            var v = bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s);
            return v > long.MaxValue ? -1 : (long)v;
        }
    }
}
