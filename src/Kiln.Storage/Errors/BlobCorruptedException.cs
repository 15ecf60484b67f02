using Kiln.Oci;

namespace Kiln.Storage.Errors;

/// <summary>
/// A stored blob does not match its name: its content hashes to another digest or its length differs from the
/// descriptor. Raised at the end of a verified read; the blob must be removed and fetched again.
/// </summary>
public sealed class BlobCorruptedException : StoreException
{
    public BlobCorruptedException(string path, Digest expectedDigest, long? expectedSize, Digest? actualDigest, long actualSize)
        : base(Describe(path, expectedDigest, expectedSize, actualDigest, actualSize))
    {
        FilePath = path;
        ExpectedDigest = expectedDigest;
        ExpectedSize = expectedSize;
        ActualDigest = actualDigest;
        ActualSize = actualSize;
    }

    public string FilePath { get; }

    public Digest ExpectedDigest { get; }

    public long? ExpectedSize { get; }

    /// <summary>The digest of what was read, when the whole blob was read.</summary>
    public Digest? ActualDigest { get; }

    public long ActualSize { get; }

    private static string Describe(string path, Digest expectedDigest, long? expectedSize, Digest? actualDigest, long actualSize)
    {
        var problem = expectedSize is { } size && size != actualSize
            ? $"size {actualSize} bytes, expected {size}"
            : $"content hashes to {actualDigest}";
        return $"corrupted blob {path}: {problem} for {expectedDigest}; run `kiln system check`, then remove the affected images (`kiln rmi`, `kiln prune`) and pull or build them again";
    }
}
