namespace Kiln.Build.Cache.Sharing;

/// <summary>
/// One parsed <c>--cache-from</c> or <c>--cache-to</c> value (CLI-CACHE-FROM, CLI-CACHE-TO): the transport, where it
/// points (a directory for <see cref="CacheSpecType.Local"/>, an image reference for registry and image), the tag inside
/// a local layout, and for exports the mode, whether RUN cache mounts go along and whether a failed export only warns.
/// </summary>
public sealed partial record CacheSpec
{
    /// <summary>The tag a local cache is stored under when <c>tag=</c> is not given (BuildKit's default).</summary>
    public const string DefaultTag = "latest";

    public required CacheSpecType Type { get; init; }

    /// <summary>The directory (<c>src=</c> / <c>dest=</c>) of a local cache; null otherwise.</summary>
    public string? Directory { get; init; }

    /// <summary>The image reference (<c>ref=</c>) of a registry or image cache; null otherwise.</summary>
    public string? Reference { get; init; }

    /// <summary>The name of the cache manifest inside a local layout (<c>tag=</c>).</summary>
    public string Tag { get; init; } = DefaultTag;

    /// <summary><c>mode=</c> of an export (min by default, as in BuildKit).</summary>
    public CacheExportMode Mode { get; init; } = CacheExportMode.Min;

    /// <summary><c>mounts=true</c>: export the RUN <c>--mount=type=cache</c> directories too (Kiln's own attribute).</summary>
    public bool Mounts { get; init; }

    /// <summary><c>ignore-error=true</c>: a failed export is a warning, not a failed build.</summary>
    public bool IgnoreError { get; init; }

    /// <summary>What the spec names, for progress and errors (<c>local cache /ci/cache</c>).</summary>
    public string Display => Type switch
    {
        CacheSpecType.Local => $"local cache {Directory}" + (Tag == DefaultTag ? string.Empty : $" (tag {Tag})"),
        CacheSpecType.Inline => "inline cache",
        CacheSpecType.Registry => $"registry cache {Reference}",
        _ => $"inline cache of image {Reference}",
    };
}
