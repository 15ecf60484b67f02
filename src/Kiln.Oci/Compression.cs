namespace Kiln.Oci;

/// <summary>
/// The compression of a layer blob as declared by its media type
/// (OCI image-spec v1.1 layer.md; Docker image manifest v2 schema 2).
/// </summary>
public enum Compression
{
    /// <summary>Plain tar.</summary>
    None = 0,

    /// <summary>tar compressed with gzip (RFC 1952).</summary>
    Gzip = 1,

    /// <summary>tar compressed with zstd (RFC 8878).</summary>
    Zstd = 2,
}
