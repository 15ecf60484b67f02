using Kiln.Oci;

namespace Kiln.Build.Cache.Sharing;

/// <summary>
/// The seam for <c>--cache-from/--cache-to type=registry,ref=R</c>: the registry client (Kiln.Distribution) implements it
/// and the CLI passes it to the <see cref="Engine.BuildEngine"/>. <see cref="Open"/> returns the storage of the repository
/// of the reference given (blobs and manifests of that repository); the engine then reads and writes the cache
/// manifest under the reference's tag (or digest). Without a factory, registry caches fail with a clear error.
/// </summary>
public interface IRegistryCacheStorageFactory
{
    /// <summary>The storage of <paramref name="reference"/>'s repository; <paramref name="forWrite"/> asks for push credentials.</summary>
    ICacheStorage Open(ImageReference reference, bool forWrite);
}
