using Kiln.Linux;

namespace Kiln.Build.Outputs;

/// <summary>
/// Writes output files so that a reader (or a later build) sees the old file or the complete new one, never a truncated
/// archive: the content goes to a temp file in the destination's directory (<c>.kiln-&lt;random&gt;.tmp</c>), which is
/// fsynced and renamed over the destination; on failure or cancellation the temp file is removed.
/// </summary>
internal static class AtomicFile
{
    /// <summary>The prefix of the temp files, so tests and cleanups can recognise them.</summary>
    public const string TempPrefix = ".kiln-";

    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>; parent directories are created.</summary>
    /// <exception cref="OutputException"><paramref name="path"/> is a directory or cannot be created.</exception>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new OutputException(
                OutputException.DestinationId,
                $"destination file {path} is a directory; give a file path such as {Path.Combine(path, "image.tar")}");
        }

        var directory = Path.GetDirectoryName(full) ?? throw new OutputException(OutputException.DestinationId, $"destination {path} has no parent directory");
        var temp = Path.Combine(directory, TempPrefix + Guid.NewGuid().ToString("N")[..16] + ".tmp");
        FileStream stream;
        try
        {
            Directory.CreateDirectory(directory);
            stream = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 1 << 16,
            });
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new OutputException(OutputException.DestinationId, $"cannot write {path}: {e.Message}", e);
        }

        try
        {
            await using (stream.ConfigureAwait(false))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        _ = new LinuxFileSystem().SyncDirectory(directory);
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically.</summary>
    public static Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        WriteAsync(path, (stream, token) => stream.WriteAsync(content, token).AsTask(), cancellationToken);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the write already failed and that error is what the user needs to see.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
