using Kiln.Build.Operations.Files;
using Kiln.Linux;

namespace Kiln.Build.Operations;

/// <summary>
/// <c>mkdir -p</c> inside an image root for WORKDIR (DF-WORKDIR-CREATE) and for the destination of an ADD archive
/// (BuildKit's <c>MkdirAll(dest, 0755, chown)</c> before unpacking): each missing directory is created with mode 0755
/// and owned by the given owner (the current USER, or the <c>--chown</c> owner); symlinks on the way are
/// resolved inside the root, never on the host.
/// </summary>
internal static class DirectoryMaker
{
    public static void MakeDirectories(string root, string path, Ownership owner, string instruction = "WORKDIR")
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
                throw new IOException($"{instruction} {path}: {current} exists and is not a directory");
            }
        }
    }
}
