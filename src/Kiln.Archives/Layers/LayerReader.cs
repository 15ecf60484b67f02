using Kiln.Archives.Compression;
using Kiln.Oci;

namespace Kiln.Archives.Layers;

/// <summary>
/// Opens a layer blob for reading (issue 3 "Layer format"): detects its compression by magic bytes, and
/// returns the uncompressed tar as a <see cref="LayerStream"/> that computes the diffID (and optionally the
/// blob digest) as it is read and verifies them at end of stream.
/// </summary>
public static class LayerReader
{
    /// <summary>Opens <paramref name="blob"/>; see <see cref="LayerReadOptions"/> for verification.</summary>
    /// <exception cref="UnsupportedCompressionException">The blob is bzip2 or xz.</exception>
    public static LayerStream Open(Stream blob, LayerReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(blob);
        options ??= new LayerReadOptions();
        var algorithm = options.ExpectedBlob?.Digest is { IsEmpty: false } d ? d.Algorithm : Digest.Sha256;
        var compressed = new DigestingStream(blob, algorithm, options.LeaveOpen);
        var format = CompressionDetector.Detect(compressed, out var rewound, leaveOpen: true);
        if (!CompressionDetector.IsLayerFormat(format))
        {
            compressed.Dispose();
            throw new UnsupportedCompressionException(format);
        }

        var decompressed = Codecs.OpenDecompress(rewound, format);
        return new LayerStream(compressed, decompressed, CompressionDetector.ToLayerCompression(format), options);
    }

    /// <summary>Opens <paramref name="blob"/> and verifies its diffID against <paramref name="expectedDiffId"/> at end of stream.</summary>
    public static LayerStream Open(Stream blob, Digest expectedDiffId, bool leaveOpen = false) =>
        Open(blob, new LayerReadOptions { ExpectedDiffId = expectedDiffId, LeaveOpen = leaveOpen });
}
