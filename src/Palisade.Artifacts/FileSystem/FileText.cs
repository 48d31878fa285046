using System.Text;
using Palisade.Core.Findings;

namespace Palisade.Artifacts.FileSystem;

/// <summary>Reads a walked file as UTF-8 text for a scanner, refusing files over a size limit.</summary>
public static class FileText
{
    /// <summary>The file's text, or the error to report for it (too large, unreadable).</summary>
    public static (string? Text, ScanError? Error) Read(WalkedFile file, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length > maxBytes)
            return (null, new ScanError($"file is larger than {maxBytes / (1024 * 1024)} MiB; not scanned", new SourceLocation(file.RelativePath, 0, 0)));
        try
        {
            return (File.ReadAllText(file.FullPath, Encoding.UTF8), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, new ScanError($"cannot read file: {e.Message}", new SourceLocation(file.RelativePath, 0, 0)));
        }
    }
}
