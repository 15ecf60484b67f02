using Kiln.Oci;

namespace Kiln.Transports.Registry;

/// <summary>Options of <see cref="RegistryPuller.PullAsync"/>.</summary>
public sealed record PullOptions
{
    /// <summary>The platform chosen from an index (default: the host's, <see cref="Platform.Host"/>).</summary>
    public Platform? Platform { get; init; }

    /// <summary>How many blobs download at once.</summary>
    public int MaxConcurrency { get; init; } = 3;

    /// <summary>Points the pulled reference at the image in the local store (off for callers that only need the blobs, e.g. FROM).</summary>
    public bool Tag { get; init; } = true;

    /// <summary>Per-blob progress.</summary>
    public IProgress<BlobProgress>? Progress { get; init; }
}
