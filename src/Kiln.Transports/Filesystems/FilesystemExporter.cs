using Kiln.Archives.Building;
using Kiln.Archives.Extraction;
using Kiln.Archives.Layers;
using Kiln.Archives.Tar;
using Kiln.Archives.Whiteouts;
using Kiln.Linux;
using Kiln.Storage;
using Kiln.Storage.Images;

namespace Kiln.Transports.Filesystems;

/// <summary>
/// <c>kiln export</c>: an image's flattened filesystem as one tar. The layers are applied bottom to top into a private
/// temporary directory with <see cref="SafeExtractor"/> (whiteouts applied, nothing may escape the directory: leading
/// <c>/</c> is stripped, <c>..</c> above the root and links out of it are refused), each layer's digest and DiffID are
/// verified, then the tree is packed deterministically (<see cref="DirectoryTarBuilder"/>) and the directory removed.
/// </summary>
public sealed class FilesystemExporter(LocalStore store)
{
    /// <summary>
    /// Writes the flattened filesystem of <paramref name="image"/> to <paramref name="output"/> (left open). The work
    /// directory is created under <paramref name="temporaryDirectory"/> (null: the system temp directory).
    /// </summary>
    /// <exception cref="UnsafeArchiveEntryException">A layer entry would land outside the filesystem root.</exception>
    public async Task ExportAsync(StoredImage image, Stream output, string? temporaryDirectory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(output);
        var fs = new LinuxFileSystem();
        var work = Path.Combine(temporaryDirectory ?? Path.GetTempPath(), "kiln-export-" + Guid.NewGuid().ToString("N")[..16]);
        var root = Path.Combine(work, "rootfs");
        Directory.CreateDirectory(work);
        try
        {
            var extractor = new SafeExtractor(fs, new SafeExtractorOptions
            {
                Whiteouts = WhiteoutHandling.Apply,
                PreserveOwnership = Environment.IsPrivilegedProcess,
            });
            for (var i = 0; i < image.Layers.Count; i++)
            {
                var layer = image.Layers[i];
                await using var blob = await store.Blobs.OpenReadAsync(layer, cancellationToken).ConfigureAwait(false);
                await using var tar = LayerReader.Open(blob, new LayerReadOptions { ExpectedBlob = layer, ExpectedDiffId = image.DiffIds[i], LeaveOpen = true });
                extractor.Extract(tar, root, cancellationToken);
                tar.Complete();
            }

            Directory.CreateDirectory(root);
            using var writer = new PaxTarWriter(output, leaveOpen: true);
            new DirectoryTarBuilder(fs).Write(root, writer, cancellationToken);
            writer.Finish();
        }
        finally
        {
            fs.RemoveTree(work);
        }
    }
}
