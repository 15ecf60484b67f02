using Kiln.Oci;

namespace Kiln.Cli.Tests.Store;

/// <summary>An image written into a test store: image ID (config digest), manifest digest, document sizes and layers.</summary>
internal sealed record TestImage(Digest Id, Digest ManifestDigest, long ConfigSize, long ManifestSize, IReadOnlyList<TestLayer> Layers)
{
    /// <summary>The sum of the uncompressed layer sizes (what images, inspect and history report).</summary>
    public long Size => Layers.Sum(l => l.TarLength);
}
