using Kiln.Oci;

namespace Kiln.Storage.Errors;

/// <summary>A blob that was asked for, or that a manifest or reference needs, is not in the store.</summary>
public sealed class BlobNotFoundException : StoreException
{
    public BlobNotFoundException(Digest digest, string path, string? neededBy = null)
        : base(neededBy is null
            ? $"blob {digest} not found in the store ({path})"
            : $"blob {digest} needed by {neededBy} not found in the store ({path}); write the blob before referencing it, or pull the image again")
    {
        Digest = digest;
        FilePath = path;
    }

    public Digest Digest { get; }

    public string FilePath { get; }
}
