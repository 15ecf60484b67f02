using Kiln.Linux;

namespace Kiln.Build.Snapshots;

/// <summary>
/// Stacks snapshot directories (overlay format, see <c>Kiln.Storage.Snapshots.SnapshotStore</c>) with overlayfs
/// (ARCHITECTURE.md decision 4: <c>index=off</c>, no metacopy, no redirect_dir): writable snapshots for steps and
/// read-only views for sources. Layers are given bottom first. The diff is overlay's upper dir itself.
/// </summary>
public sealed class OverlaySnapshotter(BuildWorkspace workspace, LinuxMounts mounts) : ISnapshotter
{
    /// <inheritdoc/>
    public string Name => "overlay";

    /// <inheritdoc/>
    public ActiveSnapshot Prepare(IReadOnlyList<string> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var directory = workspace.NewDirectory("step");
        var upper = System.IO.Path.Combine(directory, "upper");
        Directory.CreateDirectory(upper);
        if (layers.Count == 0)
        {
            return new ActiveSnapshot(upper, upper, null, null);
        }

        var work = System.IO.Path.Combine(directory, "work");
        var merged = System.IO.Path.Combine(directory, "merged");
        Directory.CreateDirectory(work);
        Directory.CreateDirectory(merged);
        mounts.MountOverlay(merged, layers.Reverse().ToArray(), upper, work);
        return new ActiveSnapshot(merged, upper, () => mounts.Unmount(merged), () => mounts.Unmount(merged));
    }

    /// <inheritdoc/>
    public SnapshotView View(IReadOnlyList<string> layers)
    {
        if (SnapshotView.WithoutMerge(layers, workspace) is { } plain)
        {
            return plain;
        }

        var merged = workspace.NewDirectory("view");
        mounts.MountOverlay(merged, layers.Reverse().ToArray(), null, null, readOnly: true);
        return new SnapshotView(merged, () => mounts.Unmount(merged));
    }
}
