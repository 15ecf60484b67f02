using Kiln.Archives.Compression;
using Kiln.Archives.Tests.Support;
using Kiln.Testing;

namespace Kiln.Archives.Tests.Compression;

/// <summary>Magic-byte detection, including formats recognised but refused for layers.</summary>
public sealed class DetectionTests : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-detect");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("1f8b0800000000000003", CompressionFormat.Gzip)]
    [InlineData("28b52ffd2400", CompressionFormat.Zstd)]
    [InlineData("425a6839314159", CompressionFormat.Bzip2)]
    [InlineData("fd377a585a000004", CompressionFormat.Xz)]
    [InlineData("1f8b", CompressionFormat.None)] // too short to be sure: no method byte
    [InlineData("1f8b0900", CompressionFormat.None)] // not deflate
    [InlineData("425a6830", CompressionFormat.None)] // "BZh0" is not a block size
    [InlineData("fd377a585a01", CompressionFormat.None)]
    [InlineData("6574632f686f73746e616d65", CompressionFormat.None)] // "etc/hostname", a tar's first name
    [InlineData("", CompressionFormat.None)]
    public void Magic_bytes_are_recognised(string hex, CompressionFormat expected) =>
        Assert.Equal(expected, CompressionDetector.Detect(Convert.FromHexString(hex)));

    [Theory]
    [InlineData("bzip2", CompressionFormat.Bzip2)]
    [InlineData("xz", CompressionFormat.Xz)]
    [InlineData("gzip", CompressionFormat.Gzip)]
    [InlineData("zstd -q", CompressionFormat.Zstd)]
    public void Real_tool_output_is_detected_on_a_non_seekable_stream(string command, CompressionFormat expected)
    {
        var input = Path.Combine(_temp.Path, "in");
        var output = Path.Combine(_temp.Path, "out");
        File.WriteAllText(input, "some content to compress\n");
        Tools.Run("sh", "-c", $"{command} -c < '{input}' > '{output}'");
        var bytes = File.ReadAllBytes(output);

        var format = CompressionDetector.Detect(new OneByteAtATimeStream(bytes), out var rewound);

        Assert.Equal(expected, format);
        var all = new MemoryStream();
        rewound.CopyTo(all);
        Assert.Equal(bytes, all.ToArray());
        Assert.Equal(format is CompressionFormat.Gzip or CompressionFormat.Zstd, CompressionDetector.IsLayerFormat(format));
    }

    [Theory]
    [InlineData("425a683931415926", CompressionFormat.Bzip2)]
    [InlineData("fd377a585a000004", CompressionFormat.Xz)]
    public void Bzip2_and_xz_are_refused_for_layers(string hex, CompressionFormat format)
    {
        var e = Assert.Throws<UnsupportedCompressionException>(() => Codecs.OpenDecompress(new MemoryStream(Convert.FromHexString(hex))));
        Assert.Equal(format, e.Format);
        Assert.Contains("not supported for layers", e.Message, StringComparison.Ordinal);
        Assert.Throws<UnsupportedCompressionException>(() => CompressionDetector.ToLayerCompression(format));
    }

    [Fact]
    public void Short_uncompressed_input_passes_through()
    {
        using var stream = Codecs.OpenDecompress(new OneByteAtATimeStream([1, 2, 3]));
        var all = new MemoryStream();
        stream.CopyTo(all);
        Assert.Equal(new byte[] { 1, 2, 3 }, all.ToArray());
    }
}
