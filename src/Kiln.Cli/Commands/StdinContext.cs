using Kiln.Archives.Compression;
using Kiln.Archives.Extraction;
using Kiln.Linux;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln build -</c> (CTX-STDIN-TAR, CTX-STDIN-DOCKERFILE): standard input is either a context tarball (plain or
/// compressed, detected by content) with the Dockerfile at its root, or a Dockerfile with no context. A tarball is
/// unpacked safely into a temporary directory that is removed when the build ends.
/// </summary>
internal sealed class StdinContext : IDisposable
{
    private StdinContext(string? directory, string? dockerfileText)
    {
        Directory = directory;
        DockerfileText = dockerfileText;
    }

    /// <summary>The unpacked context, or null when stdin held a Dockerfile.</summary>
    public string? Directory { get; }

    /// <summary>The Dockerfile read from stdin, or null when stdin held a context.</summary>
    public string? DockerfileText { get; }

    public static async Task<StdinContext> ReadAsync(Stream stdin, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await stdin.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        var format = CompressionDetector.Detect(buffer.GetBuffer().AsSpan(0, (int)Math.Min(buffer.Length, 512)));
        using var decompressed = Codecs.OpenDecompress(buffer, format, leaveOpen: true);
        var head = new byte[512];
        var read = await decompressed.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var isTar = read == 512 && head.AsSpan(257, 5).SequenceEqual("ustar"u8);
        if (!isTar)
        {
            return new StdinContext(null, System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }

        buffer.Position = 0;
        var directory = Path.Combine(Path.GetTempPath(), "kiln-context-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        using var tar = Codecs.OpenDecompress(buffer, format, leaveOpen: true);
        new SafeExtractor(new LinuxFileSystem(), new SafeExtractorOptions { PreserveOwnership = false }).Extract(tar, directory, cancellationToken);
        return new StdinContext(directory, null);
    }

    public void Dispose()
    {
        if (Directory is not null && System.IO.Directory.Exists(Directory))
        {
            new LinuxFileSystem().RemoveTree(Directory);
        }
    }
}
