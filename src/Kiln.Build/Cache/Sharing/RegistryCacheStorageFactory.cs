using Kiln.Distribution;
using Kiln.Oci;

namespace Kiln.Build.Cache.Sharing;

/// <summary>Opens <see cref="RegistryCacheStorage"/> for a reference through one <see cref="RegistryClient"/> (credentials from docker's config).</summary>
public sealed class RegistryCacheStorageFactory(RegistryClient client) : IRegistryCacheStorageFactory
{
    /// <inheritdoc/>
    public ICacheStorage Open(ImageReference reference, bool forWrite) => new RegistryCacheStorage(client.Repository(reference), reference);
}
