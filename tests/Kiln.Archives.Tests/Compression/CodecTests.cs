using System.IO.Compression;
using Kiln.Archives.Compression;
using Kiln.Archives.Tests.Support;
using Kiln.Testing;

namespace Kiln.Archives.Tests.Compression;

/// <summary>Round trips of every codec, and their output against .NET's GZipStream and the gzip, pigz and zstd CLIs.</summary>
public sealed class CodecTests : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-codec");

    public void Dispose() => _temp.Dispose();

    public static IEnumerable<object[]> CodecsAndKinds() =>
        from codec in new[] { "none", "gzip", "pgzip", "auto", "zstd" }
        from kind in CodecData.Kinds()
        select new object[] { codec, kind[0] };

    [Theory]
    [MemberData(nameof(CodecsAndKinds))]
    public void Compress_then_decompress_gives_the_input(string codec, string kind)
    {
        var data = CodecData.Make(kind);
        var compressed = CodecData.Compress(data, CodecData.Options(codec));

        Assert.Equal(data, CodecData.Decompress(compressed));
        var expectedFormat = codec switch { "none" => CompressionFormat.None, "zstd" => CompressionFormat.Zstd, _ => CompressionFormat.Gzip };
        if (!(codec == "none" && data.Length == 0))
        {
            Assert.Equal(expectedFormat, CompressionDetector.Detect(compressed));
        }
    }

    [Theory]
    [MemberData(nameof(CodecData.Kinds), MemberType = typeof(CodecData))]
    public void Parallel_gzip_decodes_with_dotnet_gzip_and_pigz_and_is_reproducible(string kind)
    {
        var data = CodecData.Make(kind);
        var first = CodecData.Compress(data, CodecData.Options("pgzip", workers: 2), writeSize: 4096);
        var second = CodecData.Compress(data, CodecData.Options("pgzip", workers: 5), writeSize: 100_003, flushEachWrite: true);

        Assert.Equal(first, second);
        using (var gzip = new GZipStream(new MemoryStream(first), CompressionMode.Decompress))
        {
            var decoded = new MemoryStream();
            gzip.CopyTo(decoded);
            Assert.Equal(data, decoded.ToArray());
        }

        var path = Path.Combine(_temp.Path, kind + ".gz");
        File.WriteAllBytes(path, first);
        var expected = Kiln.Oci.Digest.Compute(data).Encoded;
        Assert.StartsWith(expected, Tools.Run("sh", "-c", $"gzip -dc '{path}' | sha256sum"), StringComparison.Ordinal);
        Assert.StartsWith(expected, Tools.Run("sh", "-c", $"pigz -dc '{path}' | sha256sum"), StringComparison.Ordinal);
        Tools.Run("gzip", "-t", path);
    }

    [Fact]
    public void Parallel_gzip_is_one_member_with_sync_flushed_chunks()
    {
        var data = CodecData.Text(CodecData.TestChunkSize * 3 + 5, 9);
        var compressed = CodecData.Compress(data, CodecData.Options("pgzip"));

        // gzip -l reads the trailer of the (single) member: the uncompressed size is the whole input.
        var path = Path.Combine(_temp.Path, "one.gz");
        File.WriteAllBytes(path, compressed);
        Assert.Contains(data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Tools.Run("gzip", "-l", path), StringComparison.Ordinal);

        // Each of the three full chunks ends with a sync flush's empty stored block.
        var syncMarkers = 0;
        for (var i = 0; i + 4 <= compressed.Length; i++)
        {
            if (compressed.AsSpan(i, 4).SequenceEqual(new byte[] { 0x00, 0x00, 0xff, 0xff }))
            {
                syncMarkers++;
            }
        }

        Assert.True(syncMarkers >= 3, $"expected at least 3 sync-flush markers, found {syncMarkers}");
    }

    [Fact]
    public void Parallel_gzip_compresses_close_to_single_threaded_gzip()
    {
        var data = CodecData.Text(1 << 20, 10);
        var single = CodecData.Compress(data, CodecData.Options("gzip"));
        var parallel = CodecData.Compress(data, CodecData.Options("pgzip") with { ChunkSize = 256 * 1024 });

        Assert.NotEqual(single, parallel);
        Assert.InRange(parallel.Length, single.Length, single.Length * 1.05);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("pgzip")]
    [InlineData("auto")]
    public void Gzip_header_has_no_mtime_and_a_fixed_os_byte(string codec)
    {
        var compressed = CodecData.Compress(CodecData.Text(300_000, 5), CodecData.Options(codec));

        Assert.Equal(new byte[] { 0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff }, compressed[..10]);
        Assert.Equal(CodecData.Compress(CodecData.Text(300_000, 5), CodecData.Options(codec), writeSize: 1 << 20, flushEachWrite: true), compressed);
    }

    [Fact]
    public void Single_gzip_decodes_with_the_gzip_command()
    {
        var data = CodecData.Text(500_000, 6);
        var path = Path.Combine(_temp.Path, "single.gz");
        File.WriteAllBytes(path, CodecData.Compress(data, CodecData.Options("gzip")));

        Assert.StartsWith(Kiln.Oci.Digest.Compute(data).Encoded, Tools.Run("sh", "-c", $"gzip -dc '{path}' | sha256sum"), StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_gzip_is_classic_below_the_threshold_and_parallel_above()
    {
        var options = CodecData.Options("auto");
        var small = CodecData.Text(options.ParallelThreshold, 7);
        var large = CodecData.Text(options.ParallelThreshold + 1, 7);

        Assert.Equal(CodecData.Compress(small, CodecData.Options("gzip")), CodecData.Compress(small, options));
        Assert.Equal(CodecData.Compress(large, CodecData.Options("pgzip")), CodecData.Compress(large, options));
    }

    [Fact]
    public void Concatenated_gzip_members_decode_as_one_stream()
    {
        var a = CodecData.Text(70_000, 11);
        var b = CodecData.Random(1000, 12);
        var both = CodecData.Compress(a, CodecData.Options("gzip")).Concat(CodecData.Compress(b, CodecData.Options("pgzip"))).ToArray();

        Assert.Equal(a.Concat(b).ToArray(), CodecData.Decompress(both));
    }

    [Fact]
    public void Zstd_decodes_with_the_zstd_command_and_ignores_worker_count_and_flushes()
    {
        var data = CodecData.Text(3 << 20, 13);
        var two = CodecData.Compress(data, CodecData.Options("zstd", workers: 2));
        var one = CodecData.Compress(data, CodecData.Options("zstd", workers: 1), writeSize: 65_536, flushEachWrite: true);

        Assert.Equal(one, two);
        var path = Path.Combine(_temp.Path, "data.zst");
        File.WriteAllBytes(path, two);
        Assert.StartsWith(Kiln.Oci.Digest.Compute(data).Encoded, Tools.Run("sh", "-c", $"zstd -dc '{path}' | sha256sum"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gzip -6 -n", CompressionFormat.Gzip)]
    [InlineData("pigz -p 2", CompressionFormat.Gzip)]
    [InlineData("zstd -3 -T0 -q", CompressionFormat.Zstd)]
    public void Command_line_compressed_data_decodes(string command, CompressionFormat format)
    {
        var data = CodecData.Text(400_000, 14);
        var input = Path.Combine(_temp.Path, "in");
        var output = Path.Combine(_temp.Path, "out");
        File.WriteAllBytes(input, data);
        Tools.Run("sh", "-c", $"{command} -c < '{input}' > '{output}'");
        var compressed = File.ReadAllBytes(output);

        Assert.Equal(format, CompressionDetector.Detect(compressed));
        Assert.Equal(data, CodecData.Decompress(compressed));
    }
}
