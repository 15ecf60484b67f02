using System.Runtime.InteropServices;

namespace Kiln.Storage.Layout;

/// <summary>
/// fsync for directories (so a rename survives a power loss) and atomic file replacement. .NET cannot open a
/// directory as a file handle, so this goes to libc directly with blittable/UTF-8 arguments.
/// </summary>
internal static partial class Durability
{
    private const int ORdOnly = 0;
    private const int ODirectory = 0x10000;
    private const int OCloExec = 0x80000;

    /// <summary>Flushes a directory's entries (after a rename or unlink in it) to disk; best effort on filesystems that refuse.</summary>
    public static void SyncDirectory(string path)
    {
        var fd = Open(path, ORdOnly | ODirectory | OCloExec);
        if (fd < 0)
        {
            return;
        }

        try
        {
            _ = FSync(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

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

    [DllImport("libc.so.6", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc.so.6", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FSync(int fd);

    [DllImport("libc.so.6", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
