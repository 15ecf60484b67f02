using Kiln.Archives.Compression;
using Kiln.Archives.Layers;
using Kiln.Archives.Tar;
using Kiln.Archives.Tests.Support;
using Kiln.Linux;
using Kiln.Oci;
using Kiln.Testing;

namespace Kiln.Archives.Tests.Layers;

/// <summary>LayerWriter's descriptor, diffID and size against independent computations (sha256sum, gzip -dc, zstd -dc).</summary>
public sealed class LayerWriterTests : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-layer");
    private readonly LinuxFileSystem _fs = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, string, bool, string> Codecs() => new()
    {
        { "gzip", "gzip -dc", true, MediaTypes.OciLayerGzip },
        { "pgzip", "pigz -dc", true, MediaTypes.OciLayerGzip },
        { "auto", "gzip -dc", false, MediaTypes.DockerLayerGzip },
        { "zstd", "zstd -dc", true, MediaTypes.OciLayerZstd },
        { "zstd", "zstd -dc", false, MediaTypes.DockerLayerZstd },
        { "none", "cat", true, MediaTypes.OciLayer },
    };

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Digest_diff_id_and_sizes_match_the_command_line_tools(string codec, string decompress, bool oci, string mediaType)
    {
        var source = Path.Combine(_temp.Path, "src");
        SampleTree.Create(source);
        var blob = Path.Combine(_temp.Path, "layer.blob");
        var writer = new LayerWriter(_fs, new LayerWriterOptions { Compression = CodecData(codec), OciMediaTypes = oci });

        LayerWriteResult result;
        using (var file = File.Create(blob))
        {
            result = writer.WriteDirectory(source, file);
        }

        Assert.Equal(mediaType, result.Descriptor.MediaType);
        Assert.Equal(new FileInfo(blob).Length, result.Descriptor.Size);
        Assert.Equal("sha256:" + Sha256Sum($"cat '{blob}'"), result.Descriptor.Digest.ToString());
        Assert.Equal("sha256:" + Sha256Sum($"{decompress} '{blob}'"), result.DiffId.ToString());
        Assert.Equal(long.Parse(Tools.Run("sh", "-c", $"{decompress} '{blob}' | wc -c").Trim(), System.Globalization.CultureInfo.InvariantCulture), result.UncompressedSize);
        Assert.Contains("hard-b link to hard-a", Tools.Run("sh", "-c", $"{decompress} '{blob}' | tar -tvf -"), StringComparison.Ordinal);
        if (codec == "none")
        {
            Assert.Equal(result.DiffId, result.Descriptor.Digest);
        }
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void A_fresh_digesting_destination_gives_the_same_results_without_a_second_hash(string codec, string decompress, bool oci, string mediaType)
    {
        // The blob store's ingest stream: the writer takes the blob digest from it (and, uncompressed, the diff ID too).
        var source = Path.Combine(_temp.Path, "src");
        SampleTree.Create(source);
        var blob = Path.Combine(_temp.Path, "layer.blob");
        var writer = new LayerWriter(_fs, new LayerWriterOptions { Compression = CodecData(codec), OciMediaTypes = oci });

        LayerWriteResult result;
        Digest streamDigest;
        using (var file = File.Create(blob))
        using (var hashing = new DigestingStream(file, leaveOpen: true))
        {
            result = writer.WriteDirectory(source, hashing);
            streamDigest = hashing.Digest;
        }

        Assert.Equal(mediaType, result.Descriptor.MediaType);
        Assert.Equal(streamDigest, result.Descriptor.Digest);
        Assert.Equal(new FileInfo(blob).Length, result.Descriptor.Size);
        Assert.Equal("sha256:" + Sha256Sum($"cat '{blob}'"), result.Descriptor.Digest.ToString());
        Assert.Equal("sha256:" + Sha256Sum($"{decompress} '{blob}'"), result.DiffId.ToString());
        Assert.Equal(long.Parse(Tools.Run("sh", "-c", $"{decompress} '{blob}' | wc -c").Trim(), System.Globalization.CultureInfo.InvariantCulture), result.UncompressedSize);
    }

    [Fact]
    public void A_digesting_destination_already_written_to_is_not_trusted_for_the_digest()
    {
        var source = Path.Combine(_temp.Path, "src");
        SampleTree.Create(source);
        var writer = new LayerWriter(_fs, new LayerWriterOptions { Compression = CodecData("none") });
        using var memory = new MemoryStream();
        using var hashing = new DigestingStream(memory, leaveOpen: true);
        hashing.Write("prefix"u8);

        var result = writer.WriteDirectory(source, hashing);

        var layer = memory.ToArray().AsSpan(6).ToArray();
        Assert.Equal(Digest.Compute(layer), result.Descriptor.Digest);
        Assert.Equal(layer.Length, result.Descriptor.Size);
        Assert.Equal(result.Descriptor.Digest, result.DiffId);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("pgzip")]
    [InlineData("zstd")]
    public void Same_tree_gives_identical_layer_bytes_twice(string codec)
    {
        var source = Path.Combine(_temp.Path, "src");
        SampleTree.Create(source);
        var writer = new LayerWriter(_fs, new LayerWriterOptions { Compression = CodecData(codec) });

        var first = new MemoryStream();
        var second = new MemoryStream();
        var a = writer.WriteDirectory(source, first);
        var b = writer.WriteDirectory(source, second);

        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Equal(a, b);
    }

    [Fact]
    public void Entry_callback_and_source_date_epoch_reach_the_tar()
    {
        var writer = new LayerWriter(_fs, new LayerWriterOptions { SourceDateEpoch = 1_000_000 });
        var blob = new MemoryStream();
        var content = "hello\n"u8.ToArray();

        var result = writer.Write(tar =>
        {
            tar.WriteEntry(new TarEntry { Path = "app", Type = TarEntryType.Directory, Mode = 0b111_101_101, ModificationTime = UnixTimestamp.FromSeconds(2_000_000_000) });
            tar.WriteEntry(new TarEntry { Path = "app/hello", Type = TarEntryType.RegularFile, Mode = 0b110_100_100, Size = content.Length }, new MemoryStream(content));
        }, blob);

        Assert.Equal(Digest.Compute(blob.ToArray()), result.Descriptor.Digest);
        using var layer = LayerReader.Open(new MemoryStream(blob.ToArray()), result.DiffId);
        using (var reader = new TarReader(layer, leaveOpen: true))
        {
            var dir = reader.GetNextEntry()!;
            var file = reader.GetNextEntry()!;
            Assert.Equal(("app", "app/hello"), (dir.Path, file.Path));
            Assert.Equal(UnixTimestamp.FromSeconds(1_000_000), dir.ModificationTime);
            var read = new MemoryStream();
            reader.Content.CopyTo(read);
            Assert.Equal(content, read.ToArray());
            Assert.Null(reader.GetNextEntry());
        }

        Assert.Equal(result.DiffId, layer.Complete());
        Assert.Equal(result.UncompressedSize, layer.UncompressedBytes);
    }

    [Fact]
    public void Empty_layer_is_a_valid_tar_in_gzip()
    {
        var blob = new MemoryStream();
        var result = new LayerWriter(_fs).Write(_ => { }, blob);

        Assert.Equal(1024, result.UncompressedSize);
        var path = Path.Combine(_temp.Path, "empty.tgz");
        File.WriteAllBytes(path, blob.ToArray());
        Assert.Equal(string.Empty, Tools.Run("tar", "-tzf", path));
    }

    private string Sha256Sum(string producer) => Tools.Run("sh", "-c", producer + " | sha256sum")[..64];

    private static CompressionOptions CodecData(string codec) => Compression.CodecData.Options(codec);
}
