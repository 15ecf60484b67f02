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

    /// <summary>Per-blob progress.</summary>
    public IProgress<BlobProgress>? Progress { get; init; }
}
