using Kiln.Linux.Errors;
using Kiln.Linux.Interop;

namespace Kiln.Linux;

/// <summary>
/// Mounting and unmounting (mount(2), umount2(2)): overlayfs snapshots for build steps and bind mounts. Needs
/// CAP_SYS_ADMIN in the mount namespace; errors name the target and the kernel's reason.
/// </summary>
public sealed class LinuxMounts
{
    /// <summary>MS_RDONLY.</summary>
    public const ulong ReadOnly = 0x1;

    /// <summary>MS_NOSUID.</summary>
    public const ulong NoSuid = 0x2;

    /// <summary>MS_NODEV.</summary>
    public const ulong NoDev = 0x4;

    /// <summary>MS_BIND.</summary>
    public const ulong Bind = 0x1000;

    /// <summary>MS_REC.</summary>
    public const ulong Recursive = 0x4000;

    /// <summary>MS_PRIVATE.</summary>
    public const ulong Private = 0x40000;

    private const int MntDetach = 2;

    /// <summary>The longest option string the kernel accepts for mount(2) data (one page).</summary>
    public const int MaxOptionsLength = 4095;

    /// <summary>Mounts <paramref name="source"/> on <paramref name="target"/>.</summary>
    public void Mount(string? source, string target, string? fileSystemType, ulong flags, string? options)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (LibCMount.Mount(source, target, fileSystemType, flags, options) != 0)
        {
            throw LinuxErrors.FromLastError($"mount {fileSystemType ?? "bind"} ({options})", target);
        }
    }

    /// <summary>Mounts an overlay: <paramref name="lowerDirs"/> top first, with an upper and work dir or read-only without.</summary>
    public void MountOverlay(string target, IReadOnlyList<string> lowerDirs, string? upperDir, string? workDir, bool readOnly = false)
    {
        ArgumentNullException.ThrowIfNull(lowerDirs);
        // index=off, no metacopy and no redirect_dir keep the upper dir a plain diff (machine-notes section 2).
        var options = "lowerdir=" + string.Join(':', lowerDirs.Select(EscapeOverlayPath));
        if (upperDir is not null && workDir is not null)
        {
            options += ",upperdir=" + EscapeOverlayPath(upperDir) + ",workdir=" + EscapeOverlayPath(workDir);
        }

        options += ",index=off,metacopy=off,redirect_dir=off";
        if (options.Length > MaxOptionsLength)
        {
            // Deep chains (about 45 layers under /var/lib/kiln) overflow mount(2)'s one-page option string.
            MountOverlayPerLayer(target, lowerDirs, upperDir, workDir, readOnly);
            return;
        }

        Mount("overlay", target, "overlay", readOnly ? ReadOnly : 0, options);
    }

    /// <summary>
    /// Mounts an overlay through the new mount API, one <c>lowerdir+</c> per layer (Linux 6.8+), which lifts the option
    /// string's page limit: up to the kernel's 500 lower layers (machine-notes section 2).
    /// </summary>
    public void MountOverlayPerLayer(string target, IReadOnlyList<string> lowerDirs, string? upperDir, string? workDir, bool readOnly = false)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(lowerDirs);
        var context = LibCMount.FsOpen("overlay", LibCMount.FsOpenCloexec);
        if (context < 0)
        {
            throw LinuxErrors.FromLastError("fsopen overlay", target);
        }

        try
        {
            void Set(string key, string value)
            {
                if (LibCMount.FsConfig(context, LibCMount.FsConfigSetString, key, value, 0) != 0)
                {
                    throw LinuxErrors.FromLastError($"fsconfig overlay {key}={value}", target);
                }
            }

            foreach (var lower in lowerDirs)
            {
                Set("lowerdir+", lower);
            }

            if (upperDir is not null && workDir is not null)
            {
                Set("upperdir", upperDir);
                Set("workdir", workDir);
            }

            Set("index", "off");
            Set("metacopy", "off");
            Set("redirect_dir", "off");
            if (LibCMount.FsConfig(context, LibCMount.FsConfigCmdCreate, null, null, 0) != 0)
            {
                throw LinuxErrors.FromLastError($"fsconfig overlay create ({lowerDirs.Count} layers)", target);
            }

            var mount = LibCMount.FsMount(context, LibCMount.FsMountCloexec, readOnly ? LibCMount.MountAttrReadOnly : 0);
            if (mount < 0)
            {
                throw LinuxErrors.FromLastError("fsmount overlay", target);
            }

            try
            {
                if (LibCMount.MoveMount(mount, string.Empty, LibCMount.AtFdCwd, target, LibCMount.MoveMountFromEmptyPath) != 0)
                {
                    throw LinuxErrors.FromLastError("move_mount overlay", target);
                }
            }
            finally
            {
                _ = LibCMount.Close(mount);
            }
        }
        finally
        {
            _ = LibCMount.Close(context);
        }
    }

    /// <summary>Unmounts <paramref name="target"/>; a busy mount is detached lazily instead.</summary>
    public void Unmount(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (LibCMount.Unmount(target, 0) == 0)
        {
            return;
        }

        var errno = LinuxErrors.LastErrno();
        if (errno == Errno.EINVAL)
        {
            return; // not a mount point (already unmounted)
        }

        if (LibCMount.Unmount(target, MntDetach) != 0)
        {
            throw LinuxErrors.FromLastError("umount", target);
        }
    }

    // Overlay splits lowerdir on ':' and options on ','; both are escaped with a backslash.
    private static string EscapeOverlayPath(string path) =>
        path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(":", "\\:", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal);
}
