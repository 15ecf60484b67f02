namespace Kiln.Transports.Registry;

/// <summary>Options of <see cref="RegistryPusher.PushAsync"/>.</summary>
public sealed record PushOptions
{
    /// <summary>How many blobs upload at once.</summary>
    public int MaxConcurrency { get; init; } = 3;

    /// <summary>
    /// Repositories on the destination registry that may hold the blobs, tried as cross-repository mount sources. Null:
    /// the other names of the image in the local store that are on the same registry.
    /// </summary>
    public IReadOnlyList<string>? MountFrom { get; init; }

    /// <summary>
    /// The layer compression pushed: layers Kiln built (kept uncompressed in the store) are compressed with it once
    /// (<see cref="Conversion.ImageCompressor"/>), compressed layers go as they are. Gzip by default, as docker pushes;
    /// null pushes the stored layers unchanged.
    /// </summary>
    public Kiln.Archives.Compression.CompressionOptions? Compression { get; init; } = new();

    /// <summary>Per-blob progress.</summary>
    public IProgress<BlobProgress>? Progress { get; init; }
}
