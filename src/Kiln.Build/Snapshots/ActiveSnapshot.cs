using Kiln.Linux;

namespace Kiln.Build.Snapshots;

/// <summary>
/// A writable filesystem for one build step: the parent layers (read-only lowers) with a fresh upper dir on top,
/// mounted at <see cref="MountPath"/>. Everything the step writes lands in <see cref="UpperPath"/>, which is then the
/// step's diff in overlay format. With no parent layers there is no mount: the upper dir is the filesystem.
/// Dispose unmounts; the upper dir stays until the workspace is removed or it is committed (moved away).
/// </summary>
public sealed class ActiveSnapshot : IDisposable
{
    private readonly LinuxMounts _mounts;
    private bool _mounted;

    internal ActiveSnapshot(string mountPath, string upperPath, bool mounted, LinuxMounts mounts)
    {
        MountPath = mountPath;
        UpperPath = upperPath;
        _mounted = mounted;
        _mounts = mounts;
    }

    /// <summary>Where the step sees its whole filesystem.</summary>
    public string MountPath { get; }

    /// <summary>The step's changes (overlay upper dir).</summary>
    public string UpperPath { get; }

    /// <summary>Unmounts the filesystem (before the upper dir is read as the diff).</summary>
    public void Unmount()
    {
        if (_mounted)
        {
            _mounts.Unmount(MountPath);
            _mounted = false;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Unmount();
}
