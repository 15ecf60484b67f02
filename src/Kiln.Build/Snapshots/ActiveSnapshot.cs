namespace Kiln.Build.Snapshots;

/// <summary>
/// A writable filesystem for one build step: the parent layers with a fresh upper dir on top, seen at
/// <see cref="MountPath"/>. Once <see cref="Seal"/> has run, <see cref="UpperPath"/> holds exactly the step's changes in
/// overlay format (whiteouts as char 0/0, opaque directories), whichever snapshotter made it. With no parent layers the
/// upper dir is the filesystem. Dispose releases the filesystem (unmounts); the upper dir stays until the workspace is
/// removed or it is committed (moved away).
/// </summary>
public sealed class ActiveSnapshot : IDisposable
{
    private Action? _seal;
    private Action? _release;

    /// <param name="mountPath">Where the step sees its whole filesystem.</param>
    /// <param name="upperPath">Where the step's changes are (or will be, once sealed).</param>
    /// <param name="seal">Stops changes and leaves the diff in the upper dir (unmount, or a tree walk); runs once.</param>
    /// <param name="release">Frees the filesystem when the step is abandoned before it is sealed; runs once.</param>
    internal ActiveSnapshot(string mountPath, string upperPath, Action? seal, Action? release)
    {
        MountPath = mountPath;
        UpperPath = upperPath;
        _seal = seal;
        _release = release;
    }

    /// <summary>Where the step sees its whole filesystem.</summary>
    public string MountPath { get; }

    /// <summary>The step's changes (overlay upper dir format).</summary>
    public string UpperPath { get; }

    /// <summary>Ends the step's writes and leaves its diff in <see cref="UpperPath"/>.</summary>
    public void Seal()
    {
        var seal = _seal;
        _seal = null;
        _release = null;
        seal?.Invoke();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        var release = _release;
        _release = null;
        _seal = null;
        release?.Invoke();
    }
}
