using Kiln.Archives.Compression;
using Kiln.Archives.Extraction;
using Kiln.Archives.Layers;
using Kiln.Archives.Tests.Support;
using Kiln.Linux;
using Kiln.Oci;
using Kiln.Testing;

namespace Kiln.Archives.Tests.Layers;

/// <summary>LayerReader: detection, diffID computation and the mismatch errors at end of stream.</summary>
public sealed class LayerReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-layer-read");
    private readonly LinuxFileSystem _fs = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("gzip", Kiln.Oci.Compression.Gzip)]
    [InlineData("pgzip", Kiln.Oci.Compression.Gzip)]
    [InlineData("zstd", Kiln.Oci.Compression.Zstd)]
    [InlineData("none", Kiln.Oci.Compression.None)]
    public void Extracting_through_the_reader_verifies_the_diff_id(string codec, Kiln.Oci.Compression expected)
    {
        var (blob, result) = WriteSample(codec);

        using var layer = LayerReader.Open(new MemoryStream(blob), new LayerReadOptions { ExpectedDiffId = result.DiffId, ExpectedBlob = result.Descriptor });
        new SafeExtractor(_fs).Extract(layer, Path.Combine(_temp.Path, "out"));

        Assert.Equal(result.DiffId, layer.Complete());
        Assert.Equal(expected, layer.Compression);
        Assert.Equal(result.Descriptor.Digest, layer.BlobDigest);
        Assert.Equal(TreeSnapshot.Capture(Path.Combine(_temp.Path, "src")), TreeSnapshot.Capture(Path.Combine(_temp.Path, "out")));
    }

    [Fact]
    public void Wrong_diff_id_is_reported_at_end_of_stream()
    {
        var (blob, result) = WriteSample("gzip");
        var wrong = Digest.Compute("something else"u8);

        using var layer = LayerReader.Open(new MemoryStream(blob), wrong);
        var buffer = new byte[4096];
        Assert.True(layer.Read(buffer) > 0); // nothing is known before the end

        var e = Assert.Throws<LayerDigestMismatchException>(() => layer.Complete());
        Assert.Equal("diffID", e.What);
        Assert.Equal(wrong.ToString(), e.Expected);
        Assert.Equal(result.DiffId.ToString(), e.Actual);
        Assert.Contains("layer diffID mismatch", e.Message, StringComparison.Ordinal);
        Assert.Throws<LayerDigestMismatchException>(() => layer.Read(buffer)); // stays failed
    }

    [Fact]
    public void Wrong_blob_digest_and_size_are_reported()
    {
        var (blob, result) = WriteSample("zstd");

        using (var layer = LayerReader.Open(new MemoryStream(blob), new LayerReadOptions { ExpectedBlob = result.Descriptor with { Digest = Digest.Compute("x"u8) } }))
        {
            Assert.Equal("digest", Assert.Throws<LayerDigestMismatchException>(() => layer.Complete()).What);
        }

        using (var layer = LayerReader.Open(new MemoryStream(blob), new LayerReadOptions { ExpectedBlob = result.Descriptor with { Size = result.Descriptor.Size + 1 } }))
        {
            Assert.Equal("size", Assert.Throws<LayerDigestMismatchException>(() => layer.Complete()).What);
        }
    }

    [Fact]
    public void Corrupted_content_never_verifies()
    {
        var (blob, result) = WriteSample("none");
        blob[blob.Length / 2] ^= 0x40; // flips a byte inside file content or a header, the diffID must change

        using var layer = LayerReader.Open(new MemoryStream(blob), result.DiffId);
        Assert.Throws<LayerDigestMismatchException>(() => layer.Complete());
    }

    [Fact]
    public void Bzip2_blob_is_refused_with_a_clear_error()
    {
        var e = Assert.Throws<UnsupportedCompressionException>(() => LayerReader.Open(new MemoryStream("BZh91AY&SY"u8.ToArray())));
        Assert.Equal(CompressionFormat.Bzip2, e.Format);
    }

    private (byte[] Blob, LayerWriteResult Result) WriteSample(string codec)
    {
        var source = Path.Combine(_temp.Path, "src");
        if (!Directory.Exists(source))
        {
            SampleTree.Create(source);
        }

        var output = new MemoryStream();
        var result = new LayerWriter(_fs, new LayerWriterOptions { Compression = Compression.CodecData.Options(codec) }).WriteDirectory(source, output);
        return (output.ToArray(), result);
    }
}
