using Kiln.Linux;

namespace Kiln.Storage.Layout;

/// <summary>
/// fsync for directories (so a rename survives a power loss, through <see cref="LinuxFileSystem.SyncDirectory"/>)
/// and atomic file replacement.
/// </summary>
internal static class Durability
{
    private static readonly LinuxFileSystem FileSystem = new();

    /// <summary>Flushes a directory's entries (after a rename or unlink in it) to disk; best effort on filesystems that refuse.</summary>
    public static void SyncDirectory(string path) => _ = FileSystem.SyncDirectory(path);

    /// <summary>
    /// Writes <paramref name="content"/> to a temp file in <paramref name="ingestDirectory"/>, fsyncs it, renames it over
    /// <paramref name="destination"/> and fsyncs the destination directory: readers see the old or the new file, never a mix.
    /// </summary>
    public static void ReplaceFile(string destination, ReadOnlySpan<byte> content, string ingestDirectory)
    {
        var temp = Path.Combine(ingestDirectory, $"replace-{Guid.NewGuid():N}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, destination, overwrite: true);
            SyncDirectory(Path.GetDirectoryName(destination)!);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
