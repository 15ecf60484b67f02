using Kiln.Archives.Building;
using Kiln.Archives.Compression;

namespace Kiln.Archives.Layers;

/// <summary>Options for <see cref="LayerWriter"/>: compression, media-type vocabulary, SOURCE_DATE_EPOCH and the directory walk.</summary>
public sealed record LayerWriterOptions
{
    /// <summary>Compression of the blob (gzip level 6 with automatic parallelism by default, as Docker's default gzip).</summary>
    public CompressionOptions Compression { get; init; } = new();

    /// <summary>OCI media types (<c>application/vnd.oci.image.layer.v1.tar+gzip</c>) when true, Docker's otherwise.</summary>
    public bool OciMediaTypes { get; init; } = true;

    /// <summary>SOURCE_DATE_EPOCH: later mtimes are clamped to it in the tar.</summary>
    public long? SourceDateEpoch { get; init; }

    /// <summary>How <see cref="LayerWriter.WriteDirectory"/> walks the tree (overlay upper dir, xattr filter, prefix).</summary>
    public DirectoryTarBuilderOptions Directory { get; init; } = new();
}
