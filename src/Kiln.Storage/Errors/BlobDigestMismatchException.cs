using Kiln.Oci;

namespace Kiln.Storage.Errors;

/// <summary>Content written to the store did not match the descriptor it was announced with; nothing was stored.</summary>
public sealed class BlobDigestMismatchException : StoreException
{
    public BlobDigestMismatchException(Descriptor expected, Digest actualDigest, long actualSize)
        : base(expected.Size != actualSize
            ? $"refusing to store blob {expected.Digest}: received {actualSize} bytes, the descriptor says {expected.Size}; the source is truncated or the descriptor is wrong"
            : $"refusing to store blob {expected.Digest}: the content hashes to {actualDigest}; the source sent different content than its descriptor announced")
    {
        Expected = expected;
        ActualDigest = actualDigest;
        ActualSize = actualSize;
    }

    public Descriptor Expected { get; }

    public Digest ActualDigest { get; }

    public long ActualSize { get; }
}
