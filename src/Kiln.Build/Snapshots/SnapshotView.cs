using Kiln.Linux;

namespace Kiln.Build.Snapshots;

/// <summary>
/// A read-only view of a stack of layers at <see cref="Path"/> (the source of <c>COPY --from</c>, the target's
/// <c>/etc/passwd</c>): an overlay mount of two or more layers, the single layer's own directory, or an empty
/// directory for scratch. Dispose unmounts.
/// </summary>
public sealed class SnapshotView : IDisposable
{
    private readonly LinuxMounts? _mounts;

    internal SnapshotView(string path, LinuxMounts? mounts)
    {
        Path = path;
        _mounts = mounts;
    }

    /// <summary>The root of the view.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public void Dispose() => _mounts?.Unmount(Path);
}
