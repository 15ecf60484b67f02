using Kiln.Oci;

namespace Kiln.Build.Cache.Sharing;

/// <summary>
/// Where an exported build cache lives (CLI-CACHE-FROM, CLI-CACHE-TO): a content-addressed blob store plus manifests
/// under references, the shape an OCI image layout and an OCI registry repository share. Implemented by
/// <see cref="OciLayoutCacheStorage"/> (<c>type=local</c>) and <see cref="LocalImageCacheStorage"/> (<c>type=image</c>,
/// read-only); the registry client implements it for <c>type=registry</c> (see <see cref="IRegistryCacheStorageFactory"/>).
/// Nothing read through it is trusted: the importer verifies every manifest, config and blob it gets against the digest
/// that names it, so implementations need not (a registry client that verifies anyway costs only a second hash).
/// </summary>
public interface ICacheStorage
{
    /// <summary>What the storage is, for progress and errors (<c>/ci/cache</c>, <c>registry.example/app:cache</c>).</summary>
    string Location { get; }

    /// <summary>
    /// The manifest stored under <paramref name="reference"/> (a tag in a layout, a tag or digest in a registry), or null
    /// when there is none (a first build exports to an empty destination). A cache manifest or an image manifest with an
    /// inline cache annotation; an index is returned as is (the importer rejects it).
    /// </summary>
    Task<CacheManifestContent?> ReadManifestAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Opens blob <paramref name="descriptor"/> for reading; the caller verifies size and digest.</summary>
    /// <exception cref="FileNotFoundException">The blob is not there.</exception>
    Task<Stream> OpenBlobAsync(Descriptor descriptor, CancellationToken cancellationToken);

    /// <summary>True when blob <paramref name="descriptor"/> is already stored (an export skips writing it).</summary>
    Task<bool> HasBlobAsync(Descriptor descriptor, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="content"/> (read to its end) as blob <paramref name="descriptor"/>, checking size and digest before it becomes visible.</summary>
    Task WriteBlobAsync(Descriptor descriptor, Stream content, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="manifest"/> (described by <paramref name="descriptor"/>) and points <paramref name="reference"/>
    /// at it, replacing what the reference named. Every blob the manifest references is written first.
    /// </summary>
    Task WriteManifestAsync(string reference, Descriptor descriptor, ReadOnlyMemory<byte> manifest, CancellationToken cancellationToken);
}
