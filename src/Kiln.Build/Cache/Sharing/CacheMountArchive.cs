using Kiln.Archives.Extraction;
using Kiln.Archives.Layers;
using Kiln.Archives.Whiteouts;
using Kiln.Linux;
using Kiln.Oci;

namespace Kiln.Build.Cache.Sharing;

/// <summary>
/// The blob of an exported RUN cache mount (docs/cache-format.md): the mount directory's contents as a deterministic
/// gzip tar (the directory itself is not an entry; its mode and owner come from the RUN's mount options), read back with
/// <see cref="SafeExtractor"/>, so entries with <c>..</c>, absolute paths or symlinked parents cannot write outside the
/// mount, whatever the tar holds.
/// </summary>
public static class CacheMountArchive
{
    /// <summary>Packs <paramref name="directory"/> into <paramref name="destination"/> (left open); returns the blob's descriptor.</summary>
    public static Descriptor Pack(string directory, Stream destination, CancellationToken cancellationToken)
    {
        var writer = new LayerWriter(new LinuxFileSystem(), new LayerWriterOptions());
        return writer.WriteDirectory(directory, destination, cancellationToken).Descriptor;
    }

    /// <summary>Unpacks the (compressed) tar <paramref name="blob"/> into <paramref name="directory"/>, reading the blob to its end so a verifying stream checks it.</summary>
    public static void Extract(Stream blob, string directory, CancellationToken cancellationToken)
    {
        using var tar = LayerReader.Open(blob, new LayerReadOptions { LeaveOpen = true });
        new SafeExtractor(new LinuxFileSystem(), new SafeExtractorOptions { Whiteouts = WhiteoutHandling.Keep }).Extract(tar, directory, cancellationToken);
        tar.CopyTo(Stream.Null);
        blob.CopyTo(Stream.Null);
    }
}
