namespace Kiln.Build.Snapshots;

/// <summary>
/// A read-only view of a stack of layers at <see cref="Path"/> (the source of <c>COPY --from</c>, the target's
/// <c>/etc/passwd</c>): an overlay mount of two or more layers (or a merged copy of them), the single layer's own
/// directory, or an empty directory for scratch. Dispose releases it (unmounts, or deletes the copy).
/// </summary>
public sealed class SnapshotView : IDisposable
{
    private Action? _release;

    internal SnapshotView(string path, Action? release)
    {
        Path = path;
        _release = release;
    }

    /// <summary>
    /// The views that need no merging, whichever snapshotter: an empty directory for no layers (scratch), the layer's own
    /// directory for one; null for two or more.
    /// </summary>
    internal static SnapshotView? WithoutMerge(IReadOnlyList<string> layers, BuildWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(layers);
        return layers.Count switch
        {
            0 => new SnapshotView(workspace.NewDirectory("empty"), null),
            1 => new SnapshotView(layers[0], null),
            _ => null,
        };
    }

    /// <summary>The root of the view.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        var release = _release;
        _release = null;
        release?.Invoke();
    }
}
