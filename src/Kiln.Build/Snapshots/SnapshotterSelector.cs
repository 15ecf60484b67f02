using Kiln.Linux;

namespace Kiln.Build.Snapshots;

/// <summary>
/// Chooses the snapshotter for a build or <c>kiln run</c> (<c>--snapshotter</c>, else <c>KILN_SNAPSHOTTER</c>):
/// <c>overlay</c>, <c>copy</c>, or by default overlay when an overlay mount works in the workspace (probed once: the
/// store's filesystem must take overlay's upper dir and the process must be allowed to mount), else copy.
/// </summary>
public static class SnapshotterSelector
{
    /// <summary>The snapshotter names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["overlay", "copy"];

    /// <exception cref="ArgumentException">An unknown name.</exception>
    /// <exception cref="IOException">overlay was asked for and cannot be mounted here.</exception>
    public static ISnapshotter Select(string? requested, BuildWorkspace workspace, LinuxMounts mounts)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        switch (string.IsNullOrEmpty(requested) ? "auto" : requested)
        {
            case "overlay":
                return new OverlaySnapshotter(workspace, mounts);
            case "copy":
                return new CopySnapshotter(workspace);
            case "auto":
                return OverlayWorks(workspace, mounts) ? new OverlaySnapshotter(workspace, mounts) : new CopySnapshotter(workspace);
            default:
                throw new ArgumentException($"unknown snapshotter \"{requested}\": use overlay or copy", nameof(requested));
        }
    }

    private static bool OverlayWorks(BuildWorkspace workspace, LinuxMounts mounts)
    {
        var probe = workspace.NewDirectory("probe");
        string[] parts = ["lower", "upper", "work", "merged"];
        foreach (var part in parts)
        {
            Directory.CreateDirectory(Path.Combine(probe, part));
        }

        var merged = Path.Combine(probe, "merged");
        try
        {
            mounts.MountOverlay(merged, [Path.Combine(probe, "lower")], Path.Combine(probe, "upper"), Path.Combine(probe, "work"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return false;
        }

        mounts.Unmount(merged);
        new LinuxFileSystem().RemoveTree(probe);
        return true;
    }
}
