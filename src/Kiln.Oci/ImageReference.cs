using System.Diagnostics.CodeAnalysis;

namespace Kiln.Oci;

/// <summary>
/// A normalised image reference <c>registry/repository[:tag][@digest]</c>, parsed with Docker's
/// reference grammar and normalisation (distribution/reference <c>ParseNormalizedNamed</c>):
/// <c>busybox</c> → <c>docker.io/library/busybox:latest</c>, <c>index.docker.io</c> → <c>docker.io</c>.
/// Feature DF-FROM; used for <c>-t</c> names and <c>FROM</c> images. Construct through <see cref="Parse"/>.
/// </summary>
public sealed record ImageReference
{
    /// <summary>The registry Docker Hub names normalise to.</summary>
    public const string DockerHubRegistry = "docker.io";

    /// <summary>The legacy Docker Hub name (the "Docker Index"), normalised to <see cref="DockerHubRegistry"/>.</summary>
    public const string LegacyDockerHubRegistry = "index.docker.io";

    /// <summary>The namespace of official images on Docker Hub.</summary>
    public const string OfficialRepositoryPrefix = "library/";

    /// <summary>The tag assumed when a reference has neither tag nor digest.</summary>
    public const string DefaultTag = "latest";

    /// <summary>Longest allowed name (registry + "/" + repository).</summary>
    public const int MaxNameLength = 255;

    /// <summary>Longest allowed tag.</summary>
    public const int MaxTagLength = 128;

    private ImageReference(string registry, string repository, string? tag, Digest? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry host with optional port (<c>docker.io</c>, <c>localhost:5000</c>).</summary>
    public string Registry { get; private init; }

    /// <summary>The repository path without the registry (<c>library/busybox</c>).</summary>
    public string Repository { get; private init; }

    /// <summary>The tag; <c>latest</c> when the input had neither tag nor digest; null when only a digest was given.</summary>
    public string? Tag { get; private init; }

    /// <summary>The digest, when the reference is pinned.</summary>
    public Digest? Digest { get; private init; }

    /// <summary>The full repository name, <c>registry/repository</c>.</summary>
    public string Name => Registry + "/" + Repository;

    /// <summary>True for Docker Hub references.</summary>
    public bool IsDockerHub => Registry == DockerHubRegistry;

    /// <summary>The repository name as Docker prints it: Docker Hub's registry and <c>library/</c> removed (<c>busybox</c>, <c>user/app</c>).</summary>
    public string FamiliarName
    {
        get
        {
            if (!IsDockerHub)
            {
                return Name;
            }

            if (Repository.StartsWith(OfficialRepositoryPrefix, StringComparison.Ordinal)
                && !Repository.AsSpan(OfficialRepositoryPrefix.Length).Contains('/'))
            {
                return Repository[OfficialRepositoryPrefix.Length..];
            }

            return Repository;
        }
    }

    /// <summary>The whole reference as Docker prints it (<c>busybox:latest</c>, <c>localhost:5000/a@sha256:...</c>).</summary>
    public string FamiliarString => Format(FamiliarName);

    /// <summary>Parses and normalises a reference.</summary>
    /// <exception cref="InvalidReferenceException">The text does not follow the reference grammar.</exception>
    public static ImageReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var reference, out var error)
            ? reference
            : throw new InvalidReferenceException(error, text);
    }

    /// <summary>Parses a reference, returning false instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ImageReference? reference) =>
        TryParse(text, out reference, out _);

    /// <summary>The same repository with <paramref name="tag"/> (any digest is kept, as distribution's <c>WithTag</c> does).</summary>
    /// <exception cref="InvalidReferenceException">The tag is not <c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>.</exception>
    public ImageReference WithTag(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (!IsValidTag(tag))
        {
            throw new InvalidReferenceException(InvalidTagMessage(tag), tag);
        }

        return this with { Tag = tag };
    }

    /// <summary>The same repository and tag pinned to <paramref name="digest"/>.</summary>
    public ImageReference WithDigest(Digest digest)
    {
        if (digest.IsEmpty)
        {
            throw new ArgumentException("the digest is empty", nameof(digest));
        }

        return this with { Digest = digest };
    }

    /// <summary>The same repository with neither tag nor digest replaced by the default tag: <c>name:latest</c>.</summary>
    public ImageReference WithoutDigest() => this with { Digest = null, Tag = Tag ?? DefaultTag };

    /// <summary>True when <paramref name="tag"/> matches Docker's tag grammar <c>[\w][\w.-]{0,127}</c> (ASCII <c>\w</c>).</summary>
    public static bool IsValidTag(string? tag)
    {
        if (string.IsNullOrEmpty(tag) || tag.Length > MaxTagLength || !IsWordChar(tag[0]))
        {
            return false;
        }

        foreach (var c in tag)
        {
            if (!IsWordChar(c) && c is not '.' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The canonical form, <c>registry/repository[:tag][@digest]</c>.</summary>
    public override string ToString() => Format(Name);

    private string Format(string name)
    {
        var text = name;
        if (Tag is not null)
        {
            text += ":" + Tag;
        }

        if (Digest is { } digest)
        {
            text += "@" + digest;
        }

        return text;
    }

    private static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference, out string error)
    {
        reference = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "invalid reference format: repository name must have at least one component (got an empty reference)";
            return false;
        }

        if (text.Length == 64 && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            error = $"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings";
            return false;
        }

        var (registry, remainder) = SplitRegistry(text);

        // The remote name is everything before a tag or digest separator.
        var remoteEnd = remainder.IndexOfAny([':', '@']);
        var remote = remoteEnd < 0 ? remainder : remainder[..remoteEnd];
        if (remote.Any(char.IsAsciiLetterUpper))
        {
            error = $"invalid reference format: repository name ({remote}) must be lowercase";
            return false;
        }

        string? tag = null;
        Digest? digest = null;
        var at = remainder.IndexOf('@', StringComparison.Ordinal);
        var nameAndTag = at < 0 ? remainder : remainder[..at];
        if (at >= 0)
        {
            var digestText = remainder[(at + 1)..];
            if (!Kiln.Oci.Digest.TryParse(digestText, out var parsed))
            {
                error = $"invalid reference format: \"{text}\" has an invalid digest \"{digestText}\": expected sha256:<64 lower-case hex> or sha512:<128 lower-case hex>";
                return false;
            }

            digest = parsed;
        }

        var colon = nameAndTag.LastIndexOf(':');
        var repository = nameAndTag;
        if (colon >= 0)
        {
            tag = nameAndTag[(colon + 1)..];
            repository = nameAndTag[..colon];
            if (!IsValidTag(tag))
            {
                error = $"invalid reference format: \"{text}\": {InvalidTagMessage(tag)}";
                return false;
            }
        }

        if (!IsValidRegistry(registry))
        {
            error = $"invalid reference format: \"{text}\": registry \"{registry}\" must be a host name, IPv4 address or [IPv6] address with an optional :port";
            return false;
        }

        if (!IsValidRepository(repository, out var problem))
        {
            error = $"invalid reference format: \"{text}\": {problem}";
            return false;
        }

        if (registry.Length + 1 + repository.Length > MaxNameLength)
        {
            error = $"invalid reference format: \"{text}\": repository name must not be more than {MaxNameLength} characters";
            return false;
        }

        reference = new ImageReference(registry, repository, tag ?? (digest is null ? DefaultTag : null), digest);
        error = string.Empty;
        return true;
    }

    private static (string Registry, string Remainder) SplitRegistry(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            // A single component is always a Docker Hub official image, even "localhost" or "example.com".
            return (DockerHubRegistry, OfficialRepositoryPrefix + text);
        }

        var first = text[..slash];
        var rest = text[(slash + 1)..];
        string registry;
        string remainder;
        if (first == "localhost")
        {
            (registry, remainder) = (first, rest);
        }
        else if (first == LegacyDockerHubRegistry)
        {
            (registry, remainder) = (DockerHubRegistry, rest);
        }
        else if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal)
            || first.Any(char.IsAsciiLetterUpper))
        {
            // Likely a host name, IP address or host:port; upper case is never valid in a path, so it is a host too.
            (registry, remainder) = (first, rest);
        }
        else
        {
            (registry, remainder) = (DockerHubRegistry, text);
        }

        if (registry == DockerHubRegistry && !remainder.Contains('/', StringComparison.Ordinal))
        {
            remainder = OfficialRepositoryPrefix + remainder;
        }

        return (registry, remainder);
    }

    private static bool IsValidRegistry(string registry)
    {
        var host = registry;
        if (registry.StartsWith('['))
        {
            var close = registry.IndexOf(']', StringComparison.Ordinal);
            if (close < 2 || !registry[1..close].All(c => char.IsAsciiHexDigit(c) || c == ':'))
            {
                return false;
            }

            return close == registry.Length - 1 || IsValidPort(registry[(close + 1)..]);
        }

        var colon = registry.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            host = registry[..colon];
            if (!IsValidPort(registry[colon..]))
            {
                return false;
            }
        }

        if (host.Length == 0)
        {
            return false;
        }

        foreach (var label in host.Split('.'))
        {
            if (label.Length == 0 || label[0] == '-' || label[^1] == '-'
                || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidPort(string colonAndPort) =>
        colonAndPort.Length > 1 && colonAndPort[0] == ':' && colonAndPort.AsSpan(1).ContainsAnyExceptInRange('0', '9') == false;

    private static bool IsValidRepository(string repository, out string problem)
    {
        foreach (var component in repository.Split('/'))
        {
            if (component.Length == 0)
            {
                problem = $"repository \"{repository}\" has an empty path component";
                return false;
            }

            if (!IsValidPathComponent(component))
            {
                problem = $"repository path component \"{component}\" must be lower-case letters and digits, separated by '.', '_', '__' or dashes";
                return false;
            }
        }

        problem = string.Empty;
        return true;
    }

    // path-component := [a-z0-9]+ ((\.|_|__|-+) [a-z0-9]+)*
    private static bool IsValidPathComponent(string component)
    {
        var i = 0;
        while (true)
        {
            var start = i;
            while (i < component.Length && IsLowerAlphanumeric(component[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }

            if (i == component.Length)
            {
                return true;
            }

            var separator = i;
            if (component[i] == '.')
            {
                i++;
            }
            else if (component[i] == '_')
            {
                i++;
                if (i < component.Length && component[i] == '_')
                {
                    i++;
                }
            }
            else if (component[i] == '-')
            {
                while (i < component.Length && component[i] == '-')
                {
                    i++;
                }
            }

            if (i == separator)
            {
                return false;
            }
        }
    }

    private static bool IsLowerAlphanumeric(char c) => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c);

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static string InvalidTagMessage(string tag) =>
        $"invalid tag \"{tag}\": a tag is 1 to {MaxTagLength} characters of letters, digits, '_', '.' and '-', not starting with '.' or '-'";
}
