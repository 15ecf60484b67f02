using BenchmarkDotNet.Attributes;
using Kiln.Archives.Compression;

namespace Kiln.Benchmarks;

/// <summary>
/// In-memory compression throughput of a 64 MB buffer (half text-like, half random) with gzip, parallel gzip
/// and zstd as Kiln's layer writer configures them (issue 3 "Benchmarks").
/// </summary>
[MemoryDiagnoser]
public class LayerCompressionBenchmarks
{
    private const int Size = 64 << 20;
    private byte[] _input = [];
    private MemoryStream _output = new();

    [Params("gzip", "pgzip", "zstd")]
    public string Codec { get; set; } = "gzip";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _input = new byte[Size];
        string[] words = ["layer", "digest", "sha256", "overlay", "kiln", "FROM", "RUN", "COPY", "usr/lib", "\n"];
        var position = 0;
        while (position < Size / 2)
        {
            var word = words[random.Next(words.Length)];
            for (var i = 0; i < word.Length && position < Size / 2; i++)
            {
                _input[position++] = (byte)word[i];
            }

            if (position < Size / 2)
            {
                _input[position++] = (byte)' ';
            }
        }

        random.NextBytes(_input.AsSpan(Size / 2));
        _output = new MemoryStream(Size + (Size / 8));
    }

    [Benchmark]
    public long Compress()
    {
        var options = Codec switch
        {
            "gzip" => new CompressionOptions { GzipParallelism = GzipParallelism.Off },
            "pgzip" => new CompressionOptions { GzipParallelism = GzipParallelism.On },
            _ => new CompressionOptions { Format = Kiln.Oci.Compression.Zstd },
        };
        _output.SetLength(0);
        using (var compressor = Codecs.OpenCompress(_output, options, leaveOpen: true))
        {
            compressor.Write(_input);
        }

        return _output.Length;
    }
}
