using Kiln.Build.Operations.Files;
using Kiln.Runtime.Users;

namespace Kiln.Build.Operations.Run;

/// <summary>
/// Who a container's process runs as and where, read from the container's own root (DF-RUN-USER-WD): USER resolved in
/// its <c>/etc/passwd</c> and <c>/etc/group</c> (an unreadable file counts as missing), and the working directory
/// created, owned by that user, when the image lacks it. Shared by RUN and <c>kiln run</c>.
/// </summary>
internal static class ContainerUser
{
    /// <exception cref="UserNotFoundException">A user or group name the image does not have.</exception>
    public static ExecUser Resolve(string? spec, string root) =>
        UserResolver.Resolve(spec, ReadLines(root, "/etc/passwd"), ReadLines(root, "/etc/group"));

    /// <summary>Creates <paramref name="path"/> (absolute, inside <paramref name="root"/>) for <paramref name="user"/> if it does not exist.</summary>
    public static void EnsureWorkingDirectory(string root, string path, ExecUser user)
    {
        if (!Directory.Exists(RootedPath.Resolve(root, path, followFinalSymlink: true)))
        {
            DirectoryMaker.MakeDirectories(root, path, new Ownership(user.Uid, user.Gid));
        }
    }

    private static IReadOnlyList<string> ReadLines(string root, string path)
    {
        try
        {
            var file = RootedPath.Resolve(root, path, followFinalSymlink: true);
            return File.Exists(file) ? File.ReadAllLines(file) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FileOperationException)
        {
            return [];
        }
    }
}
