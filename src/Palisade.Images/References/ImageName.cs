using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Palisade.Images.References;

/// <summary>An image reference that could not be parsed; the message names the part that is invalid and why.</summary>
public sealed class ImageNameException(string message) : FormatException(message);

/// <summary>
/// A parsed and normalised container image reference, following the grammar of
/// <c>github.com/distribution/reference</c> (<c>reference.go</c>) and the Docker Hub normalisation of
/// <c>docker/normalize.go</c>:
/// <code>
/// reference      := name [ ":" tag ] [ "@" digest ]
/// name           := [ domain "/" ] remote-name
/// domain         := host [ ":" port-number ]
/// host           := domain-name | IPv4address | "[" IPv6address "]"
/// domain-name    := component ( "." component )*      component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
/// remote-name    := path-component ( "/" path-component )*
/// path-component := [a-z0-9]+ ( separator [a-z0-9]+ )*   separator := "." | "_" | "__" | "-"+
/// tag            := [\w][\w.-]{0,127}
/// digest         := algorithm ":" hex                    algorithm := [a-z0-9]+ ( [+._-] [a-z0-9]+ )*
/// </code>
/// The first component of the name is a registry only if it contains '.' or ':' or is <c>localhost</c>; otherwise the
/// whole name is a Docker Hub path. Single-component Docker Hub names get the <c>library/</c> prefix,
/// <c>index.docker.io</c> becomes <c>docker.io</c>, and the tag <c>latest</c> is applied only when neither a tag nor a
/// digest is given. The whole name (registry/repository, after normalisation) may be at most 255 characters.
/// </summary>
public sealed record ImageName
{
    /// <summary>The canonical Docker Hub registry name.</summary>
    public const string DockerHubRegistry = "docker.io";

    /// <summary>The host that serves the registry API for Docker Hub.</summary>
    public const string DockerHubApiHost = "registry-1.docker.io";

    /// <summary>The tag applied when a reference has neither a tag nor a digest.</summary>
    public const string DefaultTag = "latest";

    /// <summary>Longest input accepted at all; anything longer is refused before any parsing.</summary>
    public const int MaxReferenceLength = 4096;

    /// <summary>Longest name (registry/repository) accepted, as in <c>reference.NameTotalLengthMax</c>.</summary>
    public const int MaxNameLength = 255;

    /// <summary>Longest tag accepted.</summary>
    public const int MaxTagLength = 128;

    private const string LegacyDockerHubRegistry = "index.docker.io";
    private const string OfficialRepositoryPrefix = "library/";
    private const string Localhost = "localhost";
    private const int MaxQuotedLength = 80;

    private ImageName(string registry, string repository, string? tag, string? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry, for example <c>docker.io</c>, <c>localhost:5000</c> or <c>[::1]:5000</c>.</summary>
    public string Registry { get; }

    /// <summary>The repository path within the registry, for example <c>library/ubuntu</c>.</summary>
    public string Repository { get; }

    /// <summary>The tag, or null when the reference pins only a digest.</summary>
    public string? Tag { get; }

    /// <summary>The digest (<c>algorithm:hex</c>), or null when none was given.</summary>
    public string? Digest { get; }

    /// <summary>The registry and repository: <c>registry/repository</c>.</summary>
    public string FullName => Registry + "/" + Repository;

    /// <summary>True when the image lives on Docker Hub.</summary>
    public bool IsDockerHub => string.Equals(Registry, DockerHubRegistry, StringComparison.Ordinal);

    /// <summary>The host serving the registry API: <c>registry-1.docker.io</c> for Docker Hub, otherwise the registry.</summary>
    public string ApiHost => IsDockerHub ? DockerHubApiHost : Registry;

    /// <summary>The normalised canonical form: <c>registry/repository[:tag][@digest]</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(FullName);
        if (Tag is not null) sb.Append(':').Append(Tag);
        if (Digest is not null) sb.Append('@').Append(Digest);
        return sb.ToString();
    }

    /// <summary>Parses and normalises an image reference.</summary>
    /// <exception cref="ImageNameException">The reference is invalid; the message says which part and why.</exception>
    public static ImageName Parse(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var name = ParseCore(reference, out var error);
        return name ?? throw new ImageNameException(error!);
    }

    /// <summary>Parses and normalises an image reference without throwing.</summary>
    /// <returns>True with <paramref name="name"/> set, or false with <paramref name="error"/> saying what is wrong.</returns>
    public static bool TryParse(
        [NotNullWhen(true)] string? reference,
        [NotNullWhen(true)] out ImageName? name,
        [NotNullWhen(false)] out string? error)
    {
        if (reference is null)
        {
            name = null;
            error = "invalid image reference: reference is null";
            return false;
        }

        name = ParseCore(reference, out error);
        return name is not null;
    }

    private static ImageName? ParseCore(string reference, out string? error)
    {
        error = null;
        if (reference.Length > MaxReferenceLength)
        {
            error = Fail(reference, $"reference is {reference.Length} characters long; at most {MaxReferenceLength} are accepted");
            return null;
        }

        if (reference.Length == 0)
        {
            error = Fail(reference, "reference is empty");
            return null;
        }

        if (reference.Length == 64 && IsLowerHex(reference))
        {
            error = Fail(reference, "a 64-character hexadecimal string is an image ID, not a repository name");
            return null;
        }

        // The digest is everything after the first '@': neither the name nor the tag may contain one.
        var rest = reference;
        string? digest = null;
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = reference[(at + 1)..];
            rest = reference[..at];
            if (digest.Length == 0)
            {
                error = Fail(reference, "'@' is not followed by a digest");
                return null;
            }
        }

        // The tag follows the last ':' that comes after the last '/'; a ':' before a '/' separates a registry port.
        string? tag = null;
        var lastColon = rest.LastIndexOf(':');
        if (lastColon >= 0 && lastColon > rest.LastIndexOf('/'))
        {
            tag = rest[(lastColon + 1)..];
            rest = rest[..lastColon];
            if (tag.Length == 0)
            {
                error = Fail(reference, "':' is not followed by a tag");
                return null;
            }
        }

        if (rest.Length == 0)
        {
            error = Fail(reference, "repository name is missing");
            return null;
        }

        // Docker Hub normalisation (normalize.go, splitDockerDomain).
        string registry;
        string repository;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? rest : rest[..slash];
        if (slash < 0 && first.StartsWith('['))
        {
            error = Fail(reference, $"registry {Quote(first)} is not followed by '/' and a repository");
            return null;
        }

        if (slash >= 0 && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal)
            || string.Equals(first, Localhost, StringComparison.Ordinal)))
        {
            registry = first;
            repository = rest[(slash + 1)..];
            if ((error = ValidateDomain(registry)) is not null)
            {
                error = Fail(reference, error);
                return null;
            }

            if (repository.Length == 0)
            {
                error = Fail(reference, $"repository is missing after registry {Quote(registry)}");
                return null;
            }
        }
        else
        {
            registry = DockerHubRegistry;
            repository = rest;
        }

        if (string.Equals(registry, LegacyDockerHubRegistry, StringComparison.OrdinalIgnoreCase)
            || string.Equals(registry, DockerHubRegistry, StringComparison.OrdinalIgnoreCase))
        {
            registry = DockerHubRegistry;
        }

        if ((error = ValidateRepository(repository)) is not null)
        {
            error = Fail(reference, error);
            return null;
        }

        if (registry == DockerHubRegistry && !repository.Contains('/', StringComparison.Ordinal))
        {
            repository = OfficialRepositoryPrefix + repository;
        }

        var nameLength = registry.Length + 1 + repository.Length;
        if (nameLength > MaxNameLength)
        {
            error = Fail(reference, $"name {Quote(registry + "/" + repository)} is {nameLength} characters long; the maximum is {MaxNameLength}");
            return null;
        }

        if (tag is not null && (error = ValidateTag(tag)) is not null)
        {
            error = Fail(reference, error);
            return null;
        }

        if (digest is not null && (error = ValidateDigest(digest)) is not null)
        {
            error = Fail(reference, error);
            return null;
        }

        if (tag is null && digest is null) tag = DefaultTag;
        return new ImageName(registry, repository, tag, digest);
    }

    private static string? ValidateDomain(string domain)
    {
        string? port = null;
        if (domain.StartsWith('['))
        {
            var close = domain.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) return $"registry {Quote(domain)}: IPv6 address has no closing ']'";
            var address = domain[1..close];
            if (address.Length == 0) return $"registry {Quote(domain)}: IPv6 address between '[' and ']' is empty";
            foreach (var c in address)
            {
                if (!IsHex(c) && c != ':')
                {
                    return $"registry {Quote(domain)}: IPv6 address contains invalid character {QuoteChar(c)} (only hexadecimal digits and ':' are allowed)";
                }
            }

            var after = domain[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':') return $"registry {Quote(domain)}: only ':' and a port may follow the IPv6 address, not {Quote(after)}";
                port = after[1..];
            }
        }
        else
        {
            var colon = domain.IndexOf(':', StringComparison.Ordinal);
            var host = colon < 0 ? domain : domain[..colon];
            if (colon >= 0) port = domain[(colon + 1)..];
            if (host.Length == 0) return $"registry {Quote(domain)}: host name is empty";
            foreach (var component in host.Split('.'))
            {
                if (component.Length == 0)
                {
                    return $"registry {Quote(domain)}: host name {Quote(host)} has an empty component (leading, trailing or doubled '.')";
                }

                foreach (var c in component)
                {
                    if (!IsAsciiLetterOrDigit(c) && c != '-')
                    {
                        return $"registry {Quote(domain)}: host name contains invalid character {QuoteChar(c)} (only letters, digits, '-' and '.' are allowed)";
                    }
                }

                if (component[0] == '-' || component[^1] == '-')
                {
                    return $"registry {Quote(domain)}: host name component {Quote(component)} may not start or end with '-'";
                }
            }
        }

        if (port is not null)
        {
            if (port.Length == 0) return $"registry {Quote(domain)}: ':' is not followed by a port number";
            foreach (var c in port)
            {
                if (!char.IsAsciiDigit(c)) return $"registry {Quote(domain)}: port {Quote(port)} must be decimal digits only";
            }
        }

        return null;
    }

    private static string? ValidateRepository(string repository)
    {
        foreach (var c in repository)
        {
            if (char.IsAsciiLetterUpper(c)) return $"repository {Quote(repository)} must be lowercase";
        }

        var components = repository.Split('/');
        for (var i = 0; i < components.Length; i++)
        {
            var component = components[i];
            if (component.Length == 0)
            {
                var where = components.Length == 1 ? "is empty"
                    : i == 0 ? "starts with '/'"
                    : i == components.Length - 1 ? "ends with '/'"
                    : "contains an empty path component ('//')";
                return $"repository {Quote(repository)} {where}";
            }

            if (ValidatePathComponent(component) is { } why)
            {
                return $"repository {Quote(repository)}: path component {Quote(component)} {why}";
            }
        }

        return null;
    }

    /// <summary>path-component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*</summary>
    private static string? ValidatePathComponent(string component)
    {
        foreach (var c in component)
        {
            if (!IsLowerAlphanumeric(c) && c is not ('.' or '_' or '-'))
            {
                return $"contains invalid character {QuoteChar(c)} (only a-z, 0-9, '.', '_' and '-' are allowed)";
            }
        }

        if (!IsLowerAlphanumeric(component[0])) return $"may not start with separator {QuoteChar(component[0])}";
        if (!IsLowerAlphanumeric(component[^1])) return $"may not end with separator {QuoteChar(component[^1])}";

        var i = 0;
        while (i < component.Length)
        {
            if (IsLowerAlphanumeric(component[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < component.Length && !IsLowerAlphanumeric(component[i])) i++;
            var separator = component[start..i];
            var valid = separator is "." or "_" or "__" || separator.All(c => c == '-');
            if (!valid)
            {
                return $"has invalid separator {Quote(separator)} (allowed: '.', '_', '__' or one or more '-')";
            }
        }

        return null;
    }

    /// <summary>tag := [\w][\w.-]{0,127}, with \w ASCII word characters.</summary>
    private static string? ValidateTag(string tag)
    {
        if (tag.Length > MaxTagLength) return $"tag {Quote(tag)} is {tag.Length} characters long; the maximum is {MaxTagLength}";
        if (!IsWordChar(tag[0])) return $"tag {Quote(tag)} must start with a letter, digit or '_', not {QuoteChar(tag[0])}";
        foreach (var c in tag)
        {
            if (!IsWordChar(c) && c is not ('.' or '-'))
            {
                return $"tag {Quote(tag)} contains invalid character {QuoteChar(c)} (only letters, digits, '_', '.' and '-' are allowed)";
            }
        }

        return null;
    }

    /// <summary>
    /// digest := algorithm ":" hex. sha256, sha384 and sha512 need exactly 64, 96 and 128 lowercase hexadecimal digits;
    /// other algorithms need at least 32.
    /// </summary>
    private static string? ValidateDigest(string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return $"digest {Quote(digest)} has no ':' between algorithm and hexadecimal value";
        var algorithm = digest[..colon];
        var hex = digest[(colon + 1)..];
        if (algorithm.Length == 0) return $"digest {Quote(digest)} has an empty algorithm";
        if (ValidateAlgorithm(algorithm) is { } why) return $"digest {Quote(digest)}: algorithm {Quote(algorithm)} {why}";
        if (hex.Length == 0) return $"digest {Quote(digest)} has an empty hexadecimal value after ':'";
        foreach (var c in hex)
        {
            if (!IsLowerHex(c))
            {
                return $"digest {Quote(digest)}: value contains invalid character {QuoteChar(c)} (only lowercase hexadecimal digits 0-9 and a-f are allowed)";
            }
        }

        int? expected = algorithm switch
        {
            "sha256" => 64,
            "sha384" => 96,
            "sha512" => 128,
            _ => null,
        };
        if (expected is { } length && hex.Length != length)
        {
            return $"digest {Quote(digest)}: {algorithm} needs exactly {length} hexadecimal digits, got {hex.Length}";
        }

        if (expected is null && hex.Length < 32)
        {
            return $"digest {Quote(digest)}: value needs at least 32 hexadecimal digits, got {hex.Length}";
        }

        return null;
    }

    /// <summary>algorithm := [a-z0-9]+ ( [+._-] [a-z0-9]+ )*</summary>
    private static string? ValidateAlgorithm(string algorithm)
    {
        var previousWasSeparator = true;
        foreach (var c in algorithm)
        {
            if (IsLowerAlphanumeric(c))
            {
                previousWasSeparator = false;
            }
            else if (c is '+' or '.' or '_' or '-')
            {
                if (previousWasSeparator) return $"has a misplaced separator {QuoteChar(c)}";
                previousWasSeparator = true;
            }
            else
            {
                return $"contains invalid character {QuoteChar(c)} (only a-z, 0-9 and the separators '+', '.', '_', '-' are allowed)";
            }
        }

        return previousWasSeparator ? $"may not end with separator {QuoteChar(algorithm[^1])}" : null;
    }

    private static bool IsLowerAlphanumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);

    private static bool IsAsciiLetterOrDigit(char c) => char.IsAsciiLetterOrDigit(c);

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static bool IsLowerHex(char c) => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f';

    private static bool IsLowerHex(string s)
    {
        foreach (var c in s)
        {
            if (!IsLowerHex(c)) return false;
        }

        return true;
    }

    private static string Fail(string reference, string detail) =>
        $"invalid image reference {Quote(reference)}: {detail}";

    /// <summary>Quotes a piece of input for a message, shortening very long pieces and escaping control characters.</summary>
    private static string Quote(string value)
    {
        var shown = value.Length > MaxQuotedLength
            ? string.Concat(value.AsSpan(0, MaxQuotedLength), "…")
            : value;
        var sb = new StringBuilder(shown.Length + 2).Append('"');
        foreach (var c in shown)
        {
            if (char.IsControl(c)) sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else sb.Append(c);
        }

        return sb.Append('"').ToString();
    }

    private static string QuoteChar(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c)
            ? string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}")
            : "'" + c + "'";
}
