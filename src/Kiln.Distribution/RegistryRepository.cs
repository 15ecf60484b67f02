using Kiln.Distribution.Blobs;
using Kiln.Distribution.Http;
using Kiln.Distribution.Manifests;

namespace Kiln.Distribution;

/// <summary>One repository on one registry (<c>host/name</c>): its manifests (and tags, referrers) and its blobs.</summary>
public sealed class RegistryRepository
{
    internal RegistryRepository(RegistryConnection connection, string name, RegistryClientOptions options)
    {
        Registry = connection.Registry;
        Name = name;
        Manifests = new RegistryManifestStore(connection, name, options);
        Blobs = new RegistryBlobStore(connection, name, options);
    }

    /// <summary>The registry host (<c>host[:port]</c>) as in image references.</summary>
    public string Registry { get; }

    /// <summary>The repository name (<c>library/busybox</c>).</summary>
    public string Name { get; }

    public RegistryManifestStore Manifests { get; }

    public RegistryBlobStore Blobs { get; }

    public override string ToString() => Registry + "/" + Name;
}
