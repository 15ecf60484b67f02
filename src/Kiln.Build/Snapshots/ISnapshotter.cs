namespace Kiln.Build.Snapshots;

/// <summary>
/// Stacks snapshot directories (overlay format, see <c>Kiln.Storage.Snapshots.SnapshotStore</c>) into a writable
/// filesystem for a step and into read-only views for sources. Layers are given bottom first. Implemented with overlayfs
/// (<see cref="OverlaySnapshotter"/>) and, where overlay cannot be mounted, by copying (<see cref="CopySnapshotter"/>).
/// </summary>
public interface ISnapshotter
{
    /// <summary>The name <c>--snapshotter</c> selects it by.</summary>
    string Name { get; }

    /// <summary>A writable snapshot over <paramref name="layers"/> (bottom first).</summary>
    ActiveSnapshot Prepare(IReadOnlyList<string> layers);

    /// <summary>A read-only view of <paramref name="layers"/> (bottom first).</summary>
    SnapshotView View(IReadOnlyList<string> layers);
}
