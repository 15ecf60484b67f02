namespace Kiln.Archives.Compression;

/// <summary>
/// A compression format recognised by its magic bytes (issue 3 "Layer format": detection by magic bytes).
/// Gzip, zstd and none are layer formats (OCI image-spec v1.1 media-types); bzip2 and xz are recognised for
/// <c>ADD</c> of local archives but are not valid layer compressions.
/// </summary>
public enum CompressionFormat
{
    /// <summary>No known magic: treated as uncompressed.</summary>
    None = 0,

    /// <summary>gzip (RFC 1952), magic <c>1f 8b</c>.</summary>
    Gzip = 1,

    /// <summary>zstd (RFC 8878), magic <c>28 b5 2f fd</c>.</summary>
    Zstd = 2,

    /// <summary>bzip2, magic <c>BZh</c>.</summary>
    Bzip2 = 3,

    /// <summary>xz, magic <c>fd 37 7a 58 5a 00</c>.</summary>
    Xz = 4,
}
