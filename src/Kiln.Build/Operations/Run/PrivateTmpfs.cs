using Kiln.Linux;

namespace Kiln.Build.Operations.Run;

/// <summary>
/// A small tmpfs (mode 0700) for what must never touch the disk during a RUN with secrets: the secret files, the
/// runtime bundle (its environment may hold a secret) and the runtime's state. Unmounted when the step's resources
/// are disposed, which discards every byte.
/// </summary>
internal static class PrivateTmpfs
{
    public static string Mount(string directory, List<IDisposable> resources)
    {
        Directory.CreateDirectory(directory);
        var mounts = new LinuxMounts();
        mounts.Mount("tmpfs", directory, "tmpfs", LinuxMounts.NoSuid | LinuxMounts.NoDev, "mode=0700,size=64m");
        resources.Add(new Unmounter(mounts, directory));
        return directory;
    }

    private sealed class Unmounter(LinuxMounts mounts, string directory) : IDisposable
    {
        public void Dispose() => mounts.Unmount(directory);
    }
}
