using Kiln.Build.Layers;
using Kiln.Linux;

namespace Kiln.Build.Snapshots;

/// <summary>
/// Snapshots without overlayfs (a store on a filesystem overlay cannot use as upper, a kernel without overlay, a
/// container without the mount privilege): a step's filesystem is a full copy of its layers, and its diff is found by
/// walking that copy against what was copied (<see cref="TreeWalkDiffer"/>), then written as an overlay upper dir.
/// Slower than <see cref="OverlaySnapshotter"/> (every step copies its parent tree), the same layers out.
/// </summary>
public sealed class CopySnapshotter(BuildWorkspace workspace) : ISnapshotter
{
    private readonly LinuxFileSystem _fs = new();

    /// <inheritdoc/>
    public string Name => "copy";

    /// <inheritdoc/>
    public ActiveSnapshot Prepare(IReadOnlyList<string> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var directory = workspace.NewDirectory("step");
        var upper = Path.Combine(directory, "upper");
        Directory.CreateDirectory(upper);
        if (layers.Count == 0)
        {
            return new ActiveSnapshot(upper, upper, null, null);
        }

        var tree = Path.Combine(directory, "tree");
        Directory.CreateDirectory(tree);
        var baseTree = new LayerTreeMerger(_fs).Merge(layers, tree, CancellationToken.None);
        return new ActiveSnapshot(
            tree,
            upper,
            () =>
            {
                new TreeWalkDiffer(_fs).Diff(tree, baseTree, upper, CancellationToken.None);
                _fs.RemoveTree(tree);
            },
            () => _fs.RemoveTree(tree));
    }

    /// <inheritdoc/>
    public SnapshotView View(IReadOnlyList<string> layers)
    {
        if (SnapshotView.WithoutMerge(layers, workspace) is { } plain)
        {
            return plain;
        }

        var merged = workspace.NewDirectory("view");
        _ = new LayerTreeMerger(_fs).Merge(layers, merged, CancellationToken.None);
        return new SnapshotView(merged, () => _fs.RemoveTree(merged));
    }
}
