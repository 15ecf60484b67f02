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
