using Kiln.Oci;
using Kiln.Storage;

namespace Kiln.Build.Cache.Sharing;

/// <summary>
/// Maps a <see cref="CacheSpec"/> to the <see cref="ICacheStorage"/> that holds it and the reference of its manifest
/// there: <c>type=local</c> → <see cref="OciLayoutCacheStorage"/> and the tag; <c>type=image</c> →
/// <see cref="LocalImageCacheStorage"/> and the image name; <c>type=registry</c> → the registry client's storage (through
/// <see cref="IRegistryCacheStorageFactory"/>) and the reference's tag, or digest, or <c>latest</c>.
/// </summary>
public sealed class CacheStorageResolver(LocalStore store, IRegistryCacheStorageFactory? registry)
{
    /// <summary>The storage and manifest reference of <paramref name="spec"/> (not <c>type=inline</c>, which has none).</summary>
    /// <exception cref="CacheSharingException">A registry cache without the registry client.</exception>
    public (ICacheStorage Storage, string Reference) Resolve(CacheSpec spec, bool forWrite)
    {
        ArgumentNullException.ThrowIfNull(spec);
        switch (spec.Type)
        {
            case CacheSpecType.Local:
                return (new OciLayoutCacheStorage(spec.Directory!), spec.Tag);
            case CacheSpecType.Image:
                return (new LocalImageCacheStorage(store), spec.Reference!);
            case CacheSpecType.Registry:
                if (registry is null)
                {
                    var flag = forWrite ? "--cache-to" : "--cache-from";
                    throw new CacheSharingException(
                        CacheSharingException.UnsupportedId,
                        $"{flag} type=registry,ref={spec.Reference}: registry cache needs the registry client, which this Kiln does not have yet; "
                            + (forWrite ? "use --cache-to type=local,dest=DIR or type=inline" : "use --cache-from type=local,src=DIR, or type=image,ref=NAME for an image in the local store built with --cache-to type=inline"));
                }

                var reference = ImageReference.Parse(spec.Reference!);
                return (registry.Open(reference, forWrite), reference.Digest?.ToString() ?? reference.Tag ?? CacheSpec.DefaultTag);
            default:
                throw new ArgumentException("type=inline has no storage of its own", nameof(spec));
        }
    }
}
