namespace Palisade.Core.Images;

/// <summary>The repository, tag and digest of an image reference, as configuration checks need them (FROM lines, container images).</summary>
public readonly record struct ImageReference(string Repository, string? Tag, string? Digest)
{
    public static ImageReference Parse(string image)
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
        var colon = image.IndexOf(':', image.LastIndexOf('/') + 1);
        if (colon >= 0)
        {
            tag = image[(colon + 1)..];
            image = image[..colon];
        }
        return new ImageReference(image, string.IsNullOrEmpty(tag) ? null : tag, string.IsNullOrEmpty(digest) ? null : digest);
    }

    /// <summary>The last path component, lower case (<c>docker.io/library/node</c> gives <c>node</c>).</summary>
    public string Name => Repository[(Repository.LastIndexOf('/') + 1)..].ToLowerInvariant();
}
