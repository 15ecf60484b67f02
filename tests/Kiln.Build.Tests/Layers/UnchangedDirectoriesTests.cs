using Kiln.Build.Layers;
using Kiln.Linux;
using Kiln.Testing;

namespace Kiln.Build.Tests.Layers;

/// <summary>
/// <see cref="UnchangedDirectories"/>: empty directories that only overlayfs' copy-up put in the upper dir go (deepest
/// first); directories with content, new directories, opaque ones and those whose metadata differs from the lower stay.
/// </summary>
public sealed class UnchangedDirectoriesTests : IDisposable
{
    private readonly TempDirectory _dir = new("kiln-unchanged-dirs");
    private readonly LinuxFileSystem _fs = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Only_empty_copied_up_directories_with_the_lowers_metadata_are_removed()
    {
        var lower = _dir.Path + "/lower";
        var upper = _dir.Path + "/upper";
        foreach (var path in new[] { "proc", "run/secrets", "etc", "srv/data", "opt/tool", "var/cache" })
        {
            Directory.CreateDirectory(lower + "/" + path);
        }

        // Copied up only because a mount point was made and removed inside: empty, same metadata (a chain of them too).
        Directory.CreateDirectory(upper + "/proc");
        Directory.CreateDirectory(upper + "/run/secrets");
        // Holds a new file: stays, and so does its parent.
        _dir.WriteFile("upper/etc/hosts", "127.0.0.1 localhost\n");
        // Its mode differs from the lower copy: a chmod, a real change.
        Directory.CreateDirectory(upper + "/srv");
        _fs.Chmod(upper + "/srv", 0b111_000_000);
        // Opaque (rm -rf then mkdir): stays, and so does a directory below it that matches a lower one.
        Directory.CreateDirectory(upper + "/opt/tool");
        _fs.SetXattr(upper + "/opt", "trusted.overlay.opaque", "y"u8);
        // New: no lower copy.
        Directory.CreateDirectory(upper + "/new/empty");
        // A symlink is never a directory to prune.
        _fs.CreateSymlink("var/cache", upper + "/cachelink");

        UnchangedDirectories.Prune(upper, [lower]);

        var left = Directory.EnumerateFileSystemEntries(upper, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(upper, p)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["cachelink", "etc", "etc/hosts", "new", "new/empty", "opt", "opt/tool", "srv"], left);
    }
}
