using System.Text;
using Kiln.Archives.Compression;

namespace Kiln.Archives.Tests.Compression;

/// <summary>Seeded inputs and compressor settings shared by the codec tests.</summary>
internal static class CodecData
{
    /// <summary>Small chunks so that a few hundred KiB already span many parallel-gzip chunks.</summary>
    public const int TestChunkSize = 64 * 1024;

    public static byte[] Make(string kind) => kind switch
    {
        "empty" => [],
        "tiny" => "hello, layer\n"u8.ToArray(),
        "random" => Random(200_000, 1),
        "text-multi-chunk" => Text(TestChunkSize * 5 + 12_345, 2),
        "exact-chunks" => Text(TestChunkSize * 3, 3),
        "incompressible-multi-chunk" => Random(TestChunkSize * 4 + 1, 4),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static IEnumerable<object[]> Kinds() =>
        new[] { "empty", "tiny", "random", "text-multi-chunk", "exact-chunks", "incompressible-multi-chunk" }.Select(k => new object[] { k });

    public static byte[] Random(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    public static byte[] Text(int length, int seed)
    {
        var random = new Random(seed);
        string[] words = ["layer", "digest", "sha256", "tar", "overlay", "kiln", "build", "FROM", "RUN", "COPY", "\n"];
        var sb = new StringBuilder(length + 16);
        while (sb.Length < length)
        {
            sb.Append(words[random.Next(words.Length)]).Append(' ').Append(random.Next(1000));
        }

        return Encoding.ASCII.GetBytes(sb.ToString(0, length));
    }

    public static CompressionOptions Options(string codec, int workers = 2) => codec switch
    {
        "none" => new CompressionOptions { Format = Kiln.Oci.Compression.None },
        "gzip" => new CompressionOptions { Format = Kiln.Oci.Compression.Gzip, GzipParallelism = GzipParallelism.Off },
        "pgzip" => new CompressionOptions { Format = Kiln.Oci.Compression.Gzip, GzipParallelism = GzipParallelism.On, ChunkSize = TestChunkSize, Workers = workers },
        "auto" => new CompressionOptions { Format = Kiln.Oci.Compression.Gzip, ParallelThreshold = 100_000, ChunkSize = TestChunkSize, Workers = workers },
        "zstd" => new CompressionOptions { Format = Kiln.Oci.Compression.Zstd, Workers = workers },
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, null),
    };

    /// <summary>Compresses with writes of <paramref name="writeSize"/> bytes, flushing after each write.</summary>
    public static byte[] Compress(byte[] data, CompressionOptions options, int writeSize = 7_777, bool flushEachWrite = false)
    {
        var output = new MemoryStream();
        using (var compressor = Codecs.OpenCompress(output, options, leaveOpen: true))
        {
            for (var offset = 0; offset < data.Length; offset += writeSize)
            {
                compressor.Write(data, offset, Math.Min(writeSize, data.Length - offset));
                if (flushEachWrite)
                {
                    compressor.Flush();
                }
            }
        }

        return output.ToArray();
    }

    public static byte[] Decompress(byte[] compressed)
    {
        using var stream = Codecs.OpenDecompress(new MemoryStream(compressed));
        var output = new MemoryStream();
        stream.CopyTo(output);
        return output.ToArray();
    }
}
