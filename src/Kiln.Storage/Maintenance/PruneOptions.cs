namespace Kiln.Storage.Maintenance;

/// <summary>Settings for <see cref="LocalStore.PruneAsync"/>.</summary>
public sealed record PruneOptions
{
    /// <summary>Unreferenced blobs and snapshots younger than this are kept: they may belong to a build in another process
    /// that has written its blobs but not yet tagged the image. Zero removes everything unreferenced.</summary>
    public TimeSpan MinimumAge { get; init; } = TimeSpan.Zero;
}
