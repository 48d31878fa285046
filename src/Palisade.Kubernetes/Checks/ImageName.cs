namespace Palisade.Kubernetes.Checks;

/// <summary>The tag and digest parts of an image reference, as far as configuration checks need them.</summary>
public readonly record struct ImageName(string Repository, string? Tag, string? Digest)
{
    public static ImageName Parse(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        string? digest = null;
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = image[(at + 1)..];
            image = image[..at];
        }
        string? tag = null;
        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        if (colon >= 0)
        {
            tag = image[(colon + 1)..];
            image = image[..colon];
        }
        return new ImageName(image, string.IsNullOrEmpty(tag) ? null : tag, string.IsNullOrEmpty(digest) ? null : digest);
    }
}
