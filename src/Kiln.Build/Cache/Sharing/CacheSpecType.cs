namespace Kiln.Build.Cache.Sharing;

/// <summary>Where a <c>--cache-from</c> / <c>--cache-to</c> value points (CLI-CACHE-FROM, CLI-CACHE-TO).</summary>
public enum CacheSpecType
{
    /// <summary><c>type=local</c>: an OCI image layout directory (<c>src=</c> / <c>dest=</c>).</summary>
    Local,

    /// <summary><c>type=inline</c> (<c>--cache-to</c> only): the cache metadata travels in the built image's manifest.</summary>
    Inline,

    /// <summary><c>type=registry,ref=R</c> (and a bare <c>NAME</c>): a cache manifest in a registry; needs the registry client.</summary>
    Registry,

    /// <summary><c>type=image,ref=NAME</c> (<c>--cache-from</c> only, Kiln's own): the inline cache of an image in the local store.</summary>
    Image,
}
