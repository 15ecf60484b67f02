using Kiln.Build.Operations.Files;
using Kiln.Linux;

namespace Kiln.Build.Operations;

/// <summary>
/// <c>mkdir -p</c> inside an image root for WORKDIR (DF-WORKDIR-CREATE): each missing directory is created with mode
/// 0755 and owned by the current USER; symlinks on the way are resolved inside the root, never on the host.
/// </summary>
internal static class DirectoryMaker
{
    public static void MakeDirectories(string root, string path, Ownership owner)
    {
        var fs = new LinuxFileSystem();
        var current = "/";
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current == "/" ? "/" + segment : current + "/" + segment;
            var host = RootedPath.Resolve(root, current, followFinalSymlink: true);
            var status = fs.TryLStat(host);
            if (status is null)
            {
                fs.MakeDirectory(host, 0b111_101_101);
                fs.Chmod(host, 0b111_101_101);
                fs.LChown(host, owner.Uid, owner.Gid);
            }
            else if (status.Kind != FileKind.Directory)
            {
                throw new IOException($"WORKDIR {path}: {current} exists and is not a directory");
            }
        }
    }
}
